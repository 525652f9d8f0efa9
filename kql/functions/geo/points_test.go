package geo

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestDistance2Points(t *testing.T) {
	runCases(t, []tcase{
		{"one degree on the equator", "geo_distance_2points", []arg{r(0), r(0), r(1), r(0)}, "111195.1012"},
		{"pole to equator", "geo_distance_2points", []arg{r(0), r(90), r(123), r(0)}, "10007559.11"},
		{"haversine check", "geo_distance_2points", []arg{r(10), r(20), r(30), r(40)}, "2927389.787"},
		{"across the antimeridian", "geo_distance_2points", []arg{r(-179.5), r(0), r(179.5), r(0)}, "111195.1012"},
		{"same point", "geo_distance_2points", []arg{r(5), r(5), r(5), r(5)}, "0"},
		{"integers widen", "geo_distance_2points", []arg{l(0), l(0), l(1), l(0)}, "111195.1012"},
		{"longitude out of range", "geo_distance_2points", []arg{r(180.0001), r(0), r(1), r(0)}, "null"},
		{"latitude out of range", "geo_distance_2points", []arg{r(0), r(-90.5), r(1), r(0)}, "null"},
		{"null argument", "geo_distance_2points", []arg{nullReal(), r(0), r(1), r(0)}, "null"},
		{"NaN", "geo_distance_2points", []arg{r(0), r(0), r(nan()), r(0)}, "null"},
		{"sphere explicitly", "geo_distance_2points", []arg{r(0), r(0), r(1), r(0), b(false)}, "111195.1012"},
		{"spheroid refused", "geo_distance_2points", []arg{r(0), r(0), r(1), r(0), b(true)}, "error: use_spheroid"},
		{"string argument", "geo_distance_2points", []arg{s("1"), r(0), r(1), r(0)}, "error: must be a number"},
		{"too few arguments", "geo_distance_2points", []arg{r(0), r(0), r(1)}, "error: expects"},
		{"column with nulls and bad rows", "geo_distance_2points",
			[]arg{reals(0.0, nil, 200.0, 0.0), r(0), r(1), r(0)}, "111195.1012|null|null|111195.1012"},
	})
}

func TestPointInCircle(t *testing.T) {
	runCases(t, []tcase{
		{"inside", "geo_point_in_circle", []arg{r(0.5), r(0), r(0), r(0), r(111200)}, "true"},
		{"outside", "geo_point_in_circle", []arg{r(2), r(0), r(0), r(0), r(111200)}, "false"},
		{"just beyond one degree", "geo_point_in_circle", []arg{r(1), r(0), r(0), r(0), r(111190)}, "false"},
		{"center itself", "geo_point_in_circle", []arg{r(7), r(8), r(7), r(8), r(1)}, "true"},
		{"huge radius covers the globe", "geo_point_in_circle", []arg{r(180), r(0), r(0), r(0), r(1e9)}, "true"},
		{"zero radius", "geo_point_in_circle", []arg{r(0), r(0), r(0), r(0), r(0)}, "null"},
		{"negative radius", "geo_point_in_circle", []arg{r(0), r(0), r(0), r(0), r(-5)}, "null"},
		{"invalid point", "geo_point_in_circle", []arg{r(0), r(91), r(0), r(0), r(5)}, "null"},
		{"invalid center", "geo_point_in_circle", []arg{r(0), r(0), r(-181), r(0), r(5)}, "null"},
		{"null radius", "geo_point_in_circle", []arg{r(0), r(0), r(0), r(0), nullReal()}, "null"},
		{"column", "geo_point_in_circle", []arg{reals(0.0, 0.9, 1.1, nil), r(0), r(0), r(0), r(111195.1012 * 1.0001)},
			"true|true|false|null"},
	})
}

func TestAzimuthAndAngle(t *testing.T) {
	runCases(t, []tcase{
		{"north", "geo_azimuth", []arg{r(0), r(0), r(0), r(10)}, "0"},
		{"east", "geo_azimuth", []arg{r(0), r(0), r(10), r(0)}, "1.570796327"},
		{"south", "geo_azimuth", []arg{r(0), r(0), r(0), r(-10)}, "3.141592654"},
		{"west", "geo_azimuth", []arg{r(0), r(0), r(-10), r(0)}, "4.71238898"},
		{"great-circle bearing", "geo_azimuth", []arg{r(10), r(20), r(30), r(40)}, "0.6320227487"},
		{"equal points", "geo_azimuth", []arg{r(3), r(4), r(3), r(4)}, "null"},
		{"same pole", "geo_azimuth", []arg{r(3), r(90), r(50), r(90)}, "null"},
		{"antipodal", "geo_azimuth", []arg{r(0), r(0), r(180), r(0)}, "null"},
		{"invalid", "geo_azimuth", []arg{r(0), r(0), r(0), r(100)}, "null"},
		{"right angle", "geo_angle", []arg{r(0), r(10), r(0), r(0), r(10), r(0)}, "1.570796327"},
		{"straight on", "geo_angle", []arg{r(0), r(10), r(0), r(0), r(0), r(-10)}, "3.141592654"},
		{"turn back the other side", "geo_angle", []arg{r(0), r(10), r(0), r(0), r(-10), r(0)}, "4.71238898"},
		{"p1 equals p2", "geo_angle", []arg{r(0), r(0), r(0), r(0), r(1), r(1)}, "null"},
		{"p2 equals p3", "geo_angle", []arg{r(1), r(1), r(0), r(0), r(0), r(0)}, "null"},
		{"p2 antipodal to p3", "geo_angle", []arg{r(1), r(1), r(0), r(0), r(180), r(0)}, "null"},
		{"null", "geo_angle", []arg{r(1), r(1), r(0), r(0), nullReal(), r(0)}, "null"},
	})
}

func nan() float64 {
	z := 0.0
	return z / z
}

func TestBindTypes(t *testing.T) {
	runCases(t, []tcase{
		{"polygon as string", "geo_point_in_polygon", []arg{r(1), r(1), s(`{"type":"Polygon"}`)}, "error: dynamic"},
		{"token as number", "geo_s2cell_to_polygon", []arg{l(5)}, "error: must be a string"},
		{"level as string", "geo_point_to_s2cell", []arg{r(1), r(1), s("5")}, "error: must be a number"},
		{"spheroid flag as number", "geo_line_locate_point", []arg{j(`{"type":"LineString","coordinates":[[0,0],[1,1]]}`), r(0), r(0), l(1)}, "error: must be a bool"},
		{"too many", "geo_azimuth", []arg{r(0), r(0), r(0), r(0), r(0)}, "error: expects"},
	})
	if _, err := call(t, "geo_point_in_polygon", lit(types.Real, 1.0), lit(types.Real, 1.0), lit(types.Unknown, nil)); err != nil {
		t.Errorf("an argument that failed to bind must not cascade: %v", err)
	}
}
