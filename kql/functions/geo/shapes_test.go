package geo

import (
	"strings"
	"testing"
)

const (
	// octant is the eighth of the sphere between the prime meridian, the
	// 90th meridian and the equator: area pi/2 R², sides of 90 degrees.
	octant      = `{"type":"Polygon","coordinates":[[[0,0],[90,0],[0,90],[0,0]]]}`
	octantCW    = `{"type":"Polygon","coordinates":[[[0,0],[0,90],[90,0],[0,0]]]}`
	southOctant = `[[[0,0],[0,-90],[90,0],[0,0]]]`
	withHole    = `{"type":"Polygon","coordinates":[[[0,0],[40,0],[40,40],[0,40],[0,0]],[[10,10],[10,20],[20,20],[20,10],[10,10]]]}`
	twoSquares  = `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}`
	equator90   = `{"type":"LineString","coordinates":[[0,0],[90,0]]}`
)

var invalidPolygons = []struct{ name, json string }{
	{"bowtie", `{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`},
	{"repeated vertex", `{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,10],[0,0]]]}`},
	{"vertex visited twice", `{"type":"Polygon","coordinates":[[[0,0],[2,0],[1,1],[2,2],[0,2],[1,1],[0,0]]]}`},
	{"ring not closed", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`},
	{"too few positions", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`},
	{"no coordinates", `{"type":"Polygon"}`},
	{"empty coordinates", `{"type":"Polygon","coordinates":[]}`},
	{"type in lower case", `{"type":"polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`},
	{"a line", equator90},
	{"longitude out of range", `{"type":"Polygon","coordinates":[[[0,0],[190,0],[1,1],[0,0]]]}`},
	{"position of three numbers", `{"type":"Polygon","coordinates":[[[0,0,1],[1,0,1],[1,1,1],[0,0,1]]]}`},
	{"string coordinate", `{"type":"Polygon","coordinates":[[["0",0],[1,0],[1,1],["0",0]]]}`},
	{"hole crossing the shell", `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[5,5],[15,5],[15,6],[5,6],[5,5]]]}`},
	{"rings sharing an edge", `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[0,0],[10,0],[5,5],[0,0]]]}`},
	{"not an object", `[1,2]`},
	{"null", `null`},
}

func TestPointInPolygon(t *testing.T) {
	cases := []tcase{
		{"inside the octant", "geo_point_in_polygon", []arg{r(10), r(10), j(octant)}, "true"},
		{"west of it", "geo_point_in_polygon", []arg{r(-10), r(10), j(octant)}, "false"},
		{"south of it", "geo_point_in_polygon", []arg{r(10), r(-10), j(octant)}, "false"},
		{"clockwise ring is the same region", "geo_point_in_polygon", []arg{r(10), r(10), j(octantCW)}, "true"},
		{"in the hole", "geo_point_in_polygon", []arg{r(15), r(15), j(withHole)}, "false"},
		{"around the hole", "geo_point_in_polygon", []arg{reals(5.0, 30.0, 50.0), r(30), j(withHole)}, "true|true|false"},
		{"second member of a multipolygon", "geo_point_in_polygon", []arg{r(5.5), r(5.5), j(twoSquares)}, "true"},
		{"between members", "geo_point_in_polygon", []arg{r(3), r(3), j(twoSquares)}, "false"},
		{"invalid point", "geo_point_in_polygon", []arg{r(10), r(100), j(octant)}, "null"},
		{"null point", "geo_point_in_polygon", []arg{nullReal(), r(10), j(octant)}, "null"},
		{"polygon per row", "geo_point_in_polygon", []arg{r(0.5), r(0.5), dyns(twoSquares, `{"type":"Polygon"}`, withHole)}, "true|null|true"},
	}
	// As a column: a constant that is not a bag is refused at bind time.
	for _, p := range invalidPolygons {
		cases = append(cases, tcase{p.name, "geo_point_in_polygon", []arg{r(0.5), r(0.5), dyns(p.json)}, "null"})
	}
	runCases(t, cases)
}

func TestPointToShape(t *testing.T) {
	cases := []tcase{
		{"distance to the octant", "geo_distance_point_to_polygon", []arg{r(45), r(-1), j(octant)}, "111195.1012"},
		{"inside is 0", "geo_distance_point_to_polygon", []arg{r(45), r(1), j(octant)}, "0"},
		{"in a hole", "geo_distance_point_to_polygon", []arg{r(15), r(15), j(withHole)}, "536985.311"},
		{"invalid polygon", "geo_distance_point_to_polygon", []arg{r(45), r(-1), j(invalidPolygons[0].json)}, "null"},
		{"invalid point", "geo_distance_point_to_polygon", []arg{r(500), r(1), j(octant)}, "null"},
		{"closest on the octant", "geo_closest_point_on_polygon", []arg{r(45), r(-1), j(octant)}, `{type:"Point",coordinates:[45,0]}`},
		{"closest when inside", "geo_closest_point_on_polygon", []arg{r(12), r(34), j(octant)}, `{type:"Point",coordinates:[12,34]}`},
		{"closest, invalid polygon", "geo_closest_point_on_polygon", []arg{r(1), r(1), j(`{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,10],[0,0]]]}`)}, "null"},
		{"distance to a line", "geo_distance_point_to_line", []arg{r(45), r(10), j(equator90)}, "1111951.012"},
		{"distance beyond the end", "geo_distance_point_to_line", []arg{r(91), r(0), j(equator90)}, "111195.1012"},
		{"distance to a multiline", "geo_distance_point_to_line", []arg{r(45), r(10), j(`{"type":"MultiLineString","coordinates":[[[0,0],[90,0]],[[46,0],[46,20]]]}`)}, "109505.6301"},
		{"line without coordinates", "geo_distance_point_to_line", []arg{r(1), r(1), j(`{"type":"LineString"}`)}, "null"},
		{"line of one point", "geo_distance_point_to_line", []arg{r(1), r(1), j(`{"type":"LineString","coordinates":[[1,1]]}`)}, "null"},
		{"line with a repeated vertex", "geo_distance_point_to_line", []arg{r(1), r(1), j(`{"type":"LineString","coordinates":[[1,1],[1,1],[2,2]]}`)}, "null"},
		{"antipodal vertices", "geo_distance_point_to_line", []arg{r(1), r(1), j(`{"type":"LineString","coordinates":[[0,0],[180,0]]}`)}, "null"},
		{"a polygon is not a line", "geo_distance_point_to_line", []arg{r(1), r(1), j(octant)}, "null"},
		{"closest on a line", "geo_closest_point_on_line", []arg{r(45), r(10), j(equator90)}, `{type:"Point",coordinates:[45,0]}`},
		{"closest at the end", "geo_closest_point_on_line", []arg{r(100), r(1), j(equator90)}, `{type:"Point",coordinates:[90,0]}`},
		{"closest, invalid point", "geo_closest_point_on_line", []arg{r(300), r(3), j(equator90)}, "null"},
	}
	runCases(t, cases)
}

func TestMeasures(t *testing.T) {
	runCases(t, []tcase{
		{"quarter of the equator", "geo_line_length", []arg{j(equator90)}, "10007559.11"},
		{"multiline adds up", "geo_line_length", []arg{j(`{"type":"MultiLineString","coordinates":[[[0,0],[10,0]],[[0,10],[0,20]]]}`)}, "2223902.024"},
		{"crossing lines add up", "geo_line_length", []arg{j(`{"type":"MultiLineString","coordinates":[[[-5,0],[5,0]],[[0,-5],[0,5]]]}`)}, "2223902.024"},
		{"overlapping lines refused", "geo_line_length", []arg{j(`{"type":"MultiLineString","coordinates":[[[0,0],[10,0]],[[5,0],[15,0]]]}`)}, "error: overlap"},
		{"invalid line", "geo_line_length", []arg{j(`{"type":"LineString","coordinates":[[1,1]]}`)}, "null"},
		{"empty multiline", "geo_line_length", []arg{j(`{"type":"MultiLineString","coordinates":[]}`)}, "null"},
		{"line per row", "geo_line_length", []arg{dyns(equator90, `null`, `{"type":"LineString","coordinates":[[0,0],[0,10],[0,20]]}`)}, "10007559.11|null|2223902.024"},
		{"line centroid", "geo_line_centroid", []arg{j(equator90)}, `{type:"Point",coordinates:[45,0]}`},
		{"multiline centroid", "geo_line_centroid", []arg{j(`{"type":"MultiLineString","coordinates":[[[0,0],[10,0]],[[80,0],[90,0]]]}`)}, `{type:"Point",coordinates:[45,0]}`},
		{"octant area", "geo_polygon_area", []arg{j(octant)}, "6.375825914e+13"},
		{"clockwise ring, same area", "geo_polygon_area", []arg{j(octantCW)}, "6.375825914e+13"},
		{"two octants sharing an edge", "geo_polygon_area", []arg{j(`{"type":"MultiPolygon","coordinates":[[[[0,0],[90,0],[0,90],[0,0]]],` + southOctant + `]}`)}, "1.275165183e+14"},
		{"overlapping members measured as their union", "geo_polygon_area", []arg{j(`{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}`)}, "8.652092906e+10"},
		{"invalid polygon area", "geo_polygon_area", []arg{j(invalidPolygons[1].json)}, "null"},
		{"octant perimeter", "geo_polygon_perimeter", []arg{j(octant)}, "30022677.32"},
		{"shared edge is inside the union's boundary", "geo_polygon_perimeter", []arg{j(`{"type":"MultiPolygon","coordinates":[[[[0,0],[90,0],[0,90],[0,0]]],` + southOctant + `]}`)}, "40030236.42"},
		{"octant centroid", "geo_polygon_centroid", []arg{j(octant)}, `{type:"Point",coordinates:[45,35.26438968]}`},
		{"two octants centroid", "geo_polygon_centroid", []arg{j(`{"type":"MultiPolygon","coordinates":[[[[0,0],[90,0],[0,90],[0,0]]],` + southOctant + `]}`)}, `{type:"Point",coordinates:[45,0]}`},
		{"invalid centroid", "geo_polygon_centroid", []arg{j(`{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,10],[0,0]]]}`)}, "null"},
		{"interpolate middle", "geo_line_interpolate_point", []arg{j(equator90), r(0.5)}, `{type:"Point",coordinates:[45,0]}`},
		{"interpolate ends", "geo_line_interpolate_point", []arg{j(equator90), reals(0.0, 1.0, 1.5, -0.1, nil)},
			`{type:"Point",coordinates:[0,0]}|{type:"Point",coordinates:[90,0]}|null|null|null`},
		{"interpolate on two lines", "geo_line_interpolate_point", []arg{j(`{"type":"MultiLineString","coordinates":[[[0,0],[10,0]],[[0,10],[0,20]]]}`), r(0.5)}, "null"},
		{"interpolate invalid line", "geo_line_interpolate_point", []arg{j(`{"type":"LineString","coordinates":[[1,1]]}`), r(0.5)}, "null"},
		{"locate middle", "geo_line_locate_point", []arg{j(equator90), r(45), r(10)}, "0.5"},
		{"locate beyond the end", "geo_line_locate_point", []arg{j(equator90), r(120), r(0)}, "1"},
		{"locate on the sphere explicitly", "geo_line_locate_point", []arg{j(equator90), r(45), r(10), b(false)}, "0.5"},
		{"locate on the spheroid refused", "geo_line_locate_point", []arg{j(equator90), r(45), r(10), b(true)}, "error: use_spheroid"},
		{"locate invalid point", "geo_line_locate_point", []arg{j(equator90), r(45), r(-100)}, "null"},
	})
}

func TestIntersects(t *testing.T) {
	sq := func(x0, y0, x1, y1 string) string {
		return `{"type":"Polygon","coordinates":[[[` + x0 + `,` + y0 + `],[` + x1 + `,` + y0 + `],[` + x1 + `,` + y1 + `],[` + x0 + `,` + y1 + `],[` + x0 + `,` + y0 + `]]]}`
	}
	line := func(pts string) string { return `{"type":"LineString","coordinates":[` + pts + `]}` }
	runCases(t, []tcase{
		{"overlapping squares", "geo_intersects_2polygons", []arg{j(sq("0", "0", "2", "2")), j(sq("1", "1", "3", "3"))}, "true"},
		{"disjoint squares", "geo_intersects_2polygons", []arg{j(sq("0", "0", "1", "1")), j(sq("2", "2", "3", "3"))}, "false"},
		{"squares sharing an edge", "geo_intersects_2polygons", []arg{j(sq("0", "0", "1", "1")), j(sq("1", "0", "2", "1"))}, "true"},
		{"squares sharing a corner", "geo_intersects_2polygons", []arg{j(sq("0", "0", "1", "1")), j(sq("1", "1", "2", "2"))}, "true"},
		{"corner on the other's edge", "geo_intersects_2polygons", []arg{j(sq("0", "0", "1", "1")), j(`{"type":"Polygon","coordinates":[[[0.5,0],[1,-1],[0,-1],[0.5,0]]]}`)}, "true"},
		{"one inside the other", "geo_intersects_2polygons", []arg{j(sq("0", "0", "4", "4")), j(sq("1", "1", "2", "2"))}, "true"},
		{"inside a hole", "geo_intersects_2polygons", []arg{j(withHole), j(sq("12", "12", "14", "14"))}, "false"},
		{"invalid polygon", "geo_intersects_2polygons", []arg{j(`{"type":"Polygon"}`), j(octant)}, "null"},
		{"crossing lines", "geo_intersects_2lines", []arg{j(line("[0,0],[2,2]")), j(line("[0,2],[2,0]"))}, "true"},
		{"parallel lines", "geo_intersects_2lines", []arg{j(line("[0,0],[0,2]")), j(line("[1,0],[1,2]"))}, "false"},
		{"end on the other line", "geo_intersects_2lines", []arg{j(line("[0,0],[2,0]")), j(line("[1,0],[1,2]"))}, "true"},
		{"overlapping on the equator", "geo_intersects_2lines", []arg{j(line("[0,0],[2,0]")), j(line("[1,0],[3,0]"))}, "true"},
		{"shared end point", "geo_intersects_2lines", []arg{j(line("[0,0],[1,1]")), j(line("[1,1],[2,0]"))}, "true"},
		{"one-point line", "geo_intersects_2lines", []arg{j(line("[0,0],[1,1]")), j(line("[1,1]"))}, "null"},
		{"line inside polygon", "geo_intersects_line_with_polygon", []arg{j(line("[0.2,0.2],[0.8,0.8]")), j(sq("0", "0", "1", "1"))}, "true"},
		{"line crossing polygon", "geo_intersects_line_with_polygon", []arg{j(line("[-1,0.5],[3,0.5]")), j(sq("0", "0", "1", "1"))}, "true"},
		{"line touching a corner", "geo_intersects_line_with_polygon", []arg{j(line("[1,1],[3,3]")), j(sq("0", "0", "1", "1"))}, "true"},
		{"line away from polygon", "geo_intersects_line_with_polygon", []arg{j(line("[2,0.5],[3,0.5]")), j(sq("0", "0", "1", "1"))}, "false"},
		{"line in the hole", "geo_intersects_line_with_polygon", []arg{j(line("[12,12],[14,14]")), j(withHole)}, "false"},
		{"invalid polygon with line", "geo_intersects_line_with_polygon", []arg{j(line("[2,0.5],[3,0.5]")), j(`{"type":"Polygon","coordinates":[]}`)}, "null"},
	})
}

func TestFromWKT(t *testing.T) {
	runCases(t, []tcase{
		{"point", "geo_from_wkt", []arg{s("POINT (3.5 -4)")}, `{type:"Point",coordinates:[3.5,-4]}`},
		{"lower case and spacing", "geo_from_wkt", []arg{s("  point(1 2) ")}, `{type:"Point",coordinates:[1,2]}`},
		{"line", "geo_from_wkt", []arg{s("LINESTRING (0 0, 5 6, 7 8)")}, `{type:"LineString",coordinates:[[0,0],[5,6],[7,8]]}`},
		{"polygon with hole", "geo_from_wkt", []arg{s("POLYGON ((0 0, 9 0, 9 9, 0 0), (1 1, 2 1, 2 2, 1 1))")},
			`{type:"Polygon",coordinates:[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}`},
		{"multipoint, both spellings", "geo_from_wkt", []arg{s("MULTIPOINT ((1 2), 3 4)")}, `{type:"MultiPoint",coordinates:[[1,2],[3,4]]}`},
		{"multiline", "geo_from_wkt", []arg{s("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))")}, `{type:"MultiLineString",coordinates:[[[0,0],[1,1]],[[2,2],[3,3]]]}`},
		{"multipolygon", "geo_from_wkt", []arg{s("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")},
			`{type:"MultiPolygon",coordinates:[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}`},
		{"collection", "geo_from_wkt", []arg{s("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1e1 -2.5))")},
			`{type:"GeometryCollection",geometries:[{type:"Point",coordinates:[1,1]},{type:"LineString",coordinates:[[0,0],[10,-2.5]]}]}`},
		{"keyword only", "geo_from_wkt", []arg{s("LINESTRING")}, "null"},
		{"empty geometry", "geo_from_wkt", []arg{s("POINT EMPTY")}, "null"},
		{"three dimensions", "geo_from_wkt", []arg{s("POINT Z (1 2 3)")}, "null"},
		{"three numbers", "geo_from_wkt", []arg{s("POINT (1 2 3)")}, "null"},
		{"trailing text", "geo_from_wkt", []arg{s("POINT (1 2) x")}, "null"},
		{"unknown type", "geo_from_wkt", []arg{s("CIRCLE (1 2)")}, "null"},
		{"empty string", "geo_from_wkt", []arg{s("")}, "null"},
		{"unbalanced", "geo_from_wkt", []arg{s("LINESTRING (0 0, 1 1")}, "null"},
		{"column", "geo_from_wkt", []arg{strs("POINT (1 2)", "nope")}, `{type:"Point",coordinates:[1,2]}|null`},
	})
}

func TestPolygonToS2Cells(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,2],[1,1]]]}`
	res, err := call(t, "geo_polygon_to_s2cells", j(square), l(8))
	if err != nil {
		t.Fatal(err)
	}
	cells := stringsOf(res[0])
	if len(cells) < 4 {
		t.Fatalf("covering: %v", cells)
	}
	for k, c := range cells {
		if k > 0 && c <= cells[k-1] && len(c) == len(cells[k-1]) {
			t.Errorf("cells not in order: %v", cells)
		}
		x, y := pointOf(t, dyn1(t, "geo_s2cell_to_central_point", s(c)))
		if x < 0.5 || x > 2.5 || y < 0.5 || y > 2.5 {
			t.Errorf("cell %s at (%v, %v) is far from the square", c, x, y)
		}
	}
	// Every point of the square falls in a covering cell.
	in := map[string]bool{}
	for _, c := range cells {
		in[c] = true
	}
	for _, p := range [][2]float64{{1.01, 1.01}, {1.5, 1.5}, {1.99, 1.99}, {1.01, 1.99}} {
		if c := str1(t, "geo_point_to_s2cell", r(p[0]), r(p[1]), l(8)); !in[c] {
			t.Errorf("point %v in cell %s, not in the covering", p, c)
		}
	}
	if d, e := render(dyn1(t, "geo_polygon_to_s2cells", j(square))), render(dyn1(t, "geo_polygon_to_s2cells", j(square), l(11))); d != e {
		t.Errorf("default level differs from 11")
	}
	runCases(t, []tcase{
		{"too many cells", "geo_polygon_to_s2cells", []arg{j(octant), l(30)}, "null"},
		{"level out of range", "geo_polygon_to_s2cells", []arg{j(square), l(31)}, "null"},
		{"null level", "geo_polygon_to_s2cells", []arg{j(square), nullLong()}, "null"},
		{"zero radius", "geo_polygon_to_s2cells", []arg{j(square), l(8), r(0)}, render(res[0])},
		{"negative radius", "geo_polygon_to_s2cells", []arg{j(square), l(8), r(-1)}, "null"},
		{"positive radius refused", "geo_polygon_to_s2cells", []arg{j(square), l(8), r(10)}, "error: radius"},
		{"invalid polygon", "geo_polygon_to_s2cells", []arg{j(`{"type":"Polygon"}`), l(8)}, "null"},
		{"a face", "geo_polygon_to_s2cells", []arg{j(square), l(0)}, `["1"]`},
	})
}

// Kusto's binder refuses a constant GeoJSON argument of the wrong shape;
// a null constant and non-constant values pass.
func TestConstShapeRefused(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []arg
		want string
	}{
		{"geo_closest_point_on_line", []arg{r(1), r(1), j(`[1,2]`)}, "dynamic bag"},
		{"geo_polygon_area", []arg{j(`1`)}, "dynamic bag"},
		{"geo_intersects_2lines", []arg{j(`null`), j(`"x"`)}, "argument 2"},
		{"geo_union_polygons_array", []arg{j(sqA)}, "dynamic array"},
		{"geo_simplify_polygons_array", []arg{j(`1`)}, "dynamic array"},
	} {
		if _, err := call(t, c.fn, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.fn, err, c.want)
		}
	}
	for _, c := range []struct {
		fn   string
		args []arg
	}{
		{"geo_polygon_area", []arg{j(`null`)}},
		{"geo_polygon_area", []arg{dyns(`[1]`)}},
		{"geo_union_polygons_array", []arg{j(`[]`)}},
	} {
		if _, err := call(t, c.fn, c.args...); err != nil {
			t.Errorf("%s: %v", c.fn, err)
		}
	}
}
