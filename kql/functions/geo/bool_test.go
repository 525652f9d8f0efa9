package geo

import (
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/value"
)

const (
	sqA      = `{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}`
	sqB      = `{"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]}`
	sqFar    = `{"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,11],[10,10]]]}`
	sqInner  = `{"type":"Polygon","coordinates":[[[0.5,0.5],[1,0.5],[1,1],[0.5,1],[0.5,0.5]]]}`
	sqCorner = `{"type":"Polygon","coordinates":[[[2,2],[4,2],[4,4],[2,4],[2,2]]]}`
	sqSide   = `{"type":"Polygon","coordinates":[[[2,0],[4,0],[4,2],[2,2],[2,0]]]}`
	sqHoled  = `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]]}`
)

func TestBooleanResults(t *testing.T) {
	runCases(t, []tcase{
		{"disjoint union is a multipolygon", "geo_union_polygons_array", []arg{j(`[` + sqA + `,` + sqFar + `]`)},
			"{type:\"MultiPolygon\",coordinates:[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[10,10],[11,10],[11,11],[10,11],[10,10]]]]}"},
		{"a contained polygon disappears", "geo_union_polygons_array", []arg{j(`[` + sqA + `,` + sqInner + `]`)},
			"{type:\"Polygon\",coordinates:[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}"},
		// S2 rotates a loop so that its highest input edge comes last: the
		// second square's last kept edge ends at (2,2).
		{"squares sharing a side merge", "geo_union_polygons_array", []arg{j(`[` + sqA + `,` + sqSide + `]`)},
			"{type:\"Polygon\",coordinates:[[[2,2],[0,2],[0,0],[2,0],[4,0],[4,2],[2,2]]]}"},
		{"one polygon comes back as given", "geo_union_polygons_array", []arg{j(`[` + sqA + `]`)},
			"{type:\"Polygon\",coordinates:[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}"},
		{"an invalid member gives null", "geo_union_polygons_array", []arg{j(`[` + sqA + `,{"type":"Polygon","coordinates":[[[1,1]]]}]`)}, "null"},
		{"not an array", "geo_union_polygons_array", []arg{dyns(sqA)}, "null"},
		{"empty array", "geo_union_polygons_array", []arg{j(`[]`)}, "null"},
		{"null", "geo_union_polygons_array", []arg{j(`null`)}, "null"},

		{"contained polygon is the intersection", "geo_intersection_2polygons", []arg{j(sqA), j(sqInner)},
			"{type:\"Polygon\",coordinates:[[[0.5,0.5],[1,0.5],[1,1],[0.5,1],[0.5,0.5]]]}"},
		{"touching corners give a point", "geo_intersection_2polygons", []arg{j(sqA), j(sqCorner)},
			"{type:\"Point\",coordinates:[2,2]}"},
		{"a shared side gives a line", "geo_intersection_2polygons", []arg{j(sqA), j(sqSide)},
			"{type:\"LineString\",coordinates:[[2,0],[2,2]]}"},
		{"disjoint gives an empty collection", "geo_intersection_2polygons", []arg{j(sqA), j(sqFar)},
			"{type:\"GeometryCollection\",geometries:[]}"},
		{"inside a hole is empty", "geo_intersection_2polygons", []arg{j(sqHoled), j(`{"type":"Polygon","coordinates":[[[1.5,1.5],[2.5,1.5],[2.5,2.5],[1.5,2.5],[1.5,1.5]]]}`)},
			"{type:\"GeometryCollection\",geometries:[]}"},
		{"invalid polygon gives null", "geo_intersection_2polygons", []arg{j(`{"type":"Polygon"}`), j(sqA)}, "null"},

		{"a line through a square", "geo_intersection_line_with_polygon", []arg{j(`{"type":"LineString","coordinates":[[-1,1],[1,1]]}`), j(sqA)},
			"{type:\"LineString\",coordinates:[[0,1.000152297],[1,1]]}"},
		{"a line through a hole gives two pieces", "geo_intersection_line_with_polygon",
			[]arg{j(`{"type":"LineString","coordinates":[[-1,2],[5,2]]}`), j(sqHoled)},
			"{type:\"MultiLineString\",coordinates:[[[0,2.001523434],[1,2.002437679]],[[3,2.002437679],[4,2.001523434]]]}"},
		{"a line missing the square", "geo_intersection_line_with_polygon", []arg{j(`{"type":"LineString","coordinates":[[5,5],[6,6]]}`), j(sqA)},
			"{type:\"GeometryCollection\",geometries:[]}"},
		{"a line ending on a corner touches it", "geo_intersection_line_with_polygon", []arg{j(`{"type":"LineString","coordinates":[[3,3],[2,2]]}`), j(sqA)},
			"{type:\"Point\",coordinates:[2,2]}"},
		{"invalid line gives null", "geo_intersection_line_with_polygon", []arg{j(`{"type":"LineString","coordinates":[[1,1]]}`), j(sqA)}, "null"},

		{"shared edges of lines merge", "geo_union_lines_array",
			[]arg{j(`[{"type":"LineString","coordinates":[[0,0],[1,0],[2,0]]},{"type":"LineString","coordinates":[[2,0],[1,0]]},{"type":"LineString","coordinates":[[2,0],[3,1]]}]`)},
			"{type:\"LineString\",coordinates:[[0,0],[1,0],[2,0],[3,1]]}"},
		{"separate lines stay separate", "geo_union_lines_array",
			[]arg{j(`[{"type":"LineString","coordinates":[[0,0],[1,0]]},{"type":"MultiLineString","coordinates":[[[5,5],[6,6]]]}]`)},
			"{type:\"MultiLineString\",coordinates:[[[0,0],[1,0]],[[5,5],[6,6]]]}"},
		{"invalid line member gives null", "geo_union_lines_array", []arg{j(`[{"type":"LineString","coordinates":[[0,0]]}]`)}, "null"},

		{"simplify with tolerance 0 is the union", "geo_simplify_polygons_array", []arg{j(`[` + sqA + `,` + sqInner + `]`), r(0)},
			"{type:\"Polygon\",coordinates:[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}"},
		{"negative tolerance gives null", "geo_simplify_polygons_array", []arg{j(`[` + sqA + `]`), r(-1)}, "null"},
		{"invalid polygon gives null before tolerance", "geo_simplify_polygons_array", []arg{j(`[{"type":"Polygon"}]`)}, "null"},
		{"positive tolerance is not supported", "geo_simplify_polygons_array", []arg{j(`[` + sqA + `]`), r(100)}, "error: not supported"},
	})
}

// The union and the intersection of two polygons partition their areas:
// area(A∪B) + area(A∩B) = area(A) + area(B).
func TestUnionIntersectionAreas(t *testing.T) {
	pairs := [][2]string{{sqA, sqB}, {sqA, sqInner}, {sqA, sqSide}, {sqHoled, sqB}, {sqA, sqFar}}
	for _, p := range pairs {
		a, b := parsed(t, p[0]), parsed(t, p[1])
		ra, rb := polygonsUnion(a), polygonsUnion(b)
		u := regionPolygon(unionPair(ra, rb)).Area()
		in := overlay(ra, rb, opIntersection)
		i := regionPolygon(toRegion(nestLoops(in.loops))).Area()
		want := regionPolygon(ra).Area() + regionPolygon(rb).Area()
		if math.Abs(u+i-want) > 1e-12 {
			t.Errorf("%s ∪ %s: %g + %g != %g", p[0], p[1], u, i, want)
		}
	}
}

func TestOverlappingMultiPolygonMeasures(t *testing.T) {
	mp := `{"type":"MultiPolygon","coordinates":[` + sqA[len(`{"type":"Polygon","coordinates":`):len(sqA)-1] + `,` + sqB[len(`{"type":"Polygon","coordinates":`):len(sqB)-1] + `]}`
	ps := parsed(t, mp)
	ra, rb := polygonsUnion(ps[:1]), polygonsUnion(ps[1:])
	inter := regionPolygon(toRegion(nestLoops(overlay(ra, rb, opIntersection).loops))).Area()
	want := (regionPolygon(ra).Area() + regionPolygon(rb).Area() - inter) * earthRadius * earthRadius
	res, err := call(t, "geo_polygon_area", j(mp))
	if err != nil {
		t.Fatal(err)
	}
	if got := res[0].(float64); math.Abs(got-want) > 1e-6*want {
		t.Errorf("area of overlapping members: got %g, want %g", got, want)
	}
	for _, f := range []string{"geo_polygon_perimeter", "geo_polygon_centroid"} {
		if _, err := call(t, f, j(mp)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Unions of many cells meeting at shared corners give one loop.
func TestUnionOfGridCells(t *testing.T) {
	var cells []any
	for x := 0; x < 3; x++ {
		for y := 0; y < 3; y++ {
			fx, fy := float64(x), float64(y)
			ring := []any{[]any{fx, fy}, []any{fx + 1, fy}, []any{fx + 1, fy + 1}, []any{fx, fy + 1}, []any{fx, fy}}
			b := value.NewBag(2)
			b.Set("type", "Polygon")
			b.Set("coordinates", []any{ring})
			cells = append(cells, b)
		}
	}
	rs, ok := polygonArray(cells)
	if !ok {
		t.Fatal("cells did not parse")
	}
	u := unionRegions(rs)
	if len(u) != 1 || len(u[0]) != 12 {
		t.Fatalf("want one loop of 12 vertices, got %d loops %v", len(u), u)
	}
}

func parsed(t *testing.T, js string) []polygon {
	t.Helper()
	v, err := value.ParseJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	ps, ok := parsePolygons(v)
	if !ok {
		t.Fatalf("invalid polygon %s", js)
	}
	return ps
}

// circle is a polygon of n vertices around (lng, lat).
func circle(lng, lat, radius float64, n int) region {
	r := make(ring, n)
	for i := range r {
		a := 2 * math.Pi * float64(i) / float64(n)
		r[i] = toPoint(lng+radius*math.Cos(a), lat+radius*math.Sin(a))
	}
	return region{r}
}

func TestUnionOfCircles(t *testing.T) {
	a, b := circle(0, 0, 1, 500), circle(0.5, 0, 1, 500)
	u := unionPair(a, b)
	if len(u) != 1 {
		t.Fatalf("want one loop, got %d", len(u))
	}
	in := toRegion(nestLoops(overlay(a, b, opIntersection).loops))
	got := regionPolygon(u).Area() + regionPolygon(in).Area()
	want := regionPolygon(a).Area() + regionPolygon(b).Area()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("areas: %g != %g", got, want)
	}
}

func BenchmarkUnionCircles(bm *testing.B) {
	a, b := circle(0, 0, 1, 5000), circle(0.5, 0, 1, 5000)
	for i := 0; i < bm.N; i++ {
		unionPair(a, b)
	}
}
