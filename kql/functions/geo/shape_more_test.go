package geo

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
)

var jsonOf = fntest.JSON

func TestIntersection2Lines(t *testing.T) {
	diag := `{"type":"LineString","coordinates":[[0,0],[2,2]]}`
	anti := `{"type":"LineString","coordinates":[[0,2],[2,0]]}`
	cases := []tcase{
		{"crossing diagonals", "geo_intersection_2lines", []arg{j(diag), j(anti)}, `{type:"Point",coordinates:[1,1.000457054]}`},
		{"a vertex on the other line's edge", "geo_intersection_2lines", []arg{j(`{"type":"LineString","coordinates":[[0,0],[2,0]]}`), j(`{"type":"LineString","coordinates":[[1,0],[1,1]]}`)}, `{type:"Point",coordinates:[1,0]}`},
		{"multiline member crossing", "geo_intersection_2lines", []arg{j(`{"type":"MultiLineString","coordinates":[[[10,10],[11,11]],[[0,0],[2,2]]]}`), j(anti)}, `{type:"Point",coordinates:[1,1.000457054]}`},
		{"no common point", "geo_intersection_2lines", []arg{j(diag), j(`{"type":"LineString","coordinates":[[5,5],[6,6]]}`)}, `{type:"GeometryCollection",geometries:[]}`},
		{"the same line", "geo_intersection_2lines", []arg{j(diag), j(diag)}, `{type:"LineString",coordinates:[[0,0],[2,2]]}`},
		{"invalid first", "geo_intersection_2lines", []arg{j(`{"type":"LineString","coordinates":[[0,0],[0,0]]}`), j(diag)}, "null"},
		{"null second", "geo_intersection_2lines", []arg{j(diag), j(`null`)}, "null"},
		{"per row", "geo_intersection_2lines", []arg{dyns(diag, `{"type":"Point","coordinates":[1,1]}`), j(anti)}, `{type:"Point",coordinates:[1,1.000457054]}|null`},
		{"two crossings", "geo_intersection_2lines", []arg{j(`{"type":"LineString","coordinates":[[0,0],[4,0]]}`), j(`{"type":"LineString","coordinates":[[1,-1],[2,1],[3,-1]]}`)}, "error: not supported"},
		{"partly shared", "geo_intersection_2lines", []arg{j(`{"type":"LineString","coordinates":[[0,0],[4,0]]}`), j(`{"type":"LineString","coordinates":[[1,0],[2,0]]}`)}, "error: not supported"},
	}
	runCases(t, cases)
}

func TestLineToS2Cells(t *testing.T) {
	cases := []tcase{
		// Level 0 is the six cube faces: face 0 (token "1") holds the
		// region around longitude 0, latitude 0.
		{"level 0", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), l(0)}, `["1"]`},
		{"null level", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), nullLong()}, "null"},
		{"negative level", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), l(-1)}, "null"},
		{"zero radius", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), l(0), r(0)}, `["1"]`},
		{"positive radius", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[1,1],[2,2]]}`), l(0), r(5)}, "error: radius"},
		{"too many cells", "geo_line_to_s2cells", []arg{j(`{"type":"LineString","coordinates":[[0,0],[0,80]]}`), l(20)}, "null"},
	}
	runCases(t, cases)
}

func TestLineToS2CellsSortedAndDistinct(t *testing.T) {
	res, err := call(t, "geo_line_to_s2cells", j(`{"type":"MultiLineString","coordinates":[[[0,0],[3,3]],[[0,0],[3,3]],[[-1,-1],[0,0]]]}`), l(8))
	if err != nil {
		t.Fatal(err)
	}
	toks := res[0].([]any)
	if len(toks) < 2 {
		t.Fatalf("expected several cells, got %v", toks)
	}
	for k := 1; k < len(toks); k++ {
		a, b := toks[k-1].(string), toks[k].(string)
		id1, _ := parseS2Token(a)
		id2, _ := parseS2Token(b)
		if id1 >= id2 {
			t.Fatalf("tokens not in increasing cell order or repeated: %s, %s", a, b)
		}
	}
}

func TestPolygonSet(t *testing.T) {
	shapes := []any{
		jsonOf(`{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,1],[0,1],[0,0]]]}`),
		nil,
		jsonOf(`{"type":"MultiPolygon","coordinates":[[[[1,0],[3,0],[3,1],[1,1],[1,0]]],[[[10,10],[11,10],[11,11],[10,10]]]]}`),
		jsonOf(`{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`),
	}
	s := NewPolygonSet(shapes, 0)
	check := func(set *PolygonSet, lng, lat float64, want string) {
		t.Helper()
		got := set.Match(lng, lat, nil)
		parts := make([]string, len(got))
		for i, g := range got {
			parts[i] = string(rune('0' + g))
		}
		if strings.Join(parts, ",") != want {
			t.Errorf("Match(%v, %v) = %v, want %s", lng, lat, got, want)
		}
	}
	check(s, 0.5, 0.5, "0")
	check(s, 1.5, 0.5, "0,2")
	check(s, 10.7, 10.2, "2")
	check(s, 5, 5, "")
	check(s, 500, 0.5, "")
	check(s, 0.5, 91, "")
	// One degree south of the squares: 111195 m away.
	near := NewPolygonSet(shapes, 120000)
	check(near, 1.5, -1, "0,2")
	check(NewPolygonSet(shapes, 100000), 1.5, -1, "")
}
