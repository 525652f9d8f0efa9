package geo

import "testing"

func TestDensify(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,11],[10,10]]]}`
	cases := []tcase{
		// A 1-degree parallel edge at latitude 10 bulges about 17 m from
		// its geodesic: halving twice brings each piece under 10 m.
		{"square", "geo_polygon_densify", []arg{j(square)},
			`{type:"Polygon",coordinates:[[[10,10],[10.25,10],[10.5,10],[10.75,10],[11,10],[11,11],[10.75,11],[10.5,11],[10.25,11],[10,11],[10,10]]]}`},
		{"meridians need no points", "geo_line_densify", []arg{j(`{"type":"LineString","coordinates":[[5,0],[5,40]]}`)},
			`{type:"LineString",coordinates:[[5,0],[5,40]]}`},
		{"tolerance 0 is invalid", "geo_polygon_densify", []arg{j(square), r(0)}, "null"},
		{"tolerance above 10000 is invalid", "geo_line_densify", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), r(10001)}, "null"},
		{"null tolerance", "geo_line_densify", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), nullReal()}, "null"},
		{"invalid line", "geo_line_densify", []arg{j(`{"type":"LineString","coordinates":[[300,1],[1,1]]}`)}, "null"},
		{"large tolerance keeps the vertices", "geo_line_densify", []arg{j(`{"type":"MultiLineString","coordinates":[[[10,10],[11,10]],[[0,0],[0,1]]]}`), r(10000)},
			`{type:"MultiLineString",coordinates:[[[10,10],[11,10]],[[0,0],[0,1]]]}`},
	}
	runCases(t, cases)
}

func TestDensifyAntimeridian(t *testing.T) {
	line := `{"type":"LineString","coordinates":[[179,0],[-179,0]]}`
	// On the equator planar and geodesic edges coincide; the long way
	// round (through 0) is split because it is longer than 90 degrees.
	res, err := call(t, "geo_line_densify", j(line), r(10), b(true))
	if err != nil || render(res[0]) != `{type:"LineString",coordinates:[[179,0],[-179,0]]}` {
		t.Fatalf("preserve_crossing: got %v, %v", render(res[0]), err)
	}
	res, err = call(t, "geo_line_densify", j(line), r(10), b(false))
	if err != nil || render(res[0]) == `{type:"LineString",coordinates:[[179,0],[-179,0]]}` {
		t.Fatalf("the long way must be split: got %v, %v", render(res[0]), err)
	}
}
