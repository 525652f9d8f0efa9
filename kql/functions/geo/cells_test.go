package geo

import (
	"math"
	"sort"
	"testing"

	"github.com/quarryhunt/quarry/kql/value"
)

func TestS2Cells(t *testing.T) {
	faceSquare := `{type:"Polygon",coordinates:[[[-45,-35.26438968],[45,-35.26438968],[45,35.26438968],[-45,35.26438968],[-45,-35.26438968]]]}`
	runCases(t, []tcase{
		{"face 0 at level 0", "geo_point_to_s2cell", []arg{r(0), r(0), l(0)}, `"1"`},
		{"north pole face", "geo_point_to_s2cell", []arg{r(10), r(90), l(0)}, `"5"`},
		{"face 4", "geo_point_to_s2cell", []arg{r(-90), r(0), l(0)}, `"9"`},
		{"level above range", "geo_point_to_s2cell", []arg{r(0), r(0), l(31)}, `""`},
		{"negative level", "geo_point_to_s2cell", []arg{r(0), r(0), l(-1)}, `""`},
		{"null level", "geo_point_to_s2cell", []arg{r(0), r(0), nullLong()}, `""`},
		{"invalid coordinate", "geo_point_to_s2cell", []arg{r(0), r(95), l(3)}, `""`},
		{"null coordinate", "geo_point_to_s2cell", []arg{nullReal(), r(0)}, `""`},
		{"center of a face", "geo_s2cell_to_central_point", []arg{s("1")}, `{type:"Point",coordinates:[0,0]}`},
		{"face polygon", "geo_s2cell_to_polygon", []arg{s("1")}, faceSquare},
		{"upper-case hex", "geo_s2cell_to_polygon", []arg{s("1")}, faceSquare},
		{"invalid lowest bit", "geo_s2cell_to_central_point", []arg{s("a")}, "null"},
		{"not hex", "geo_s2cell_to_central_point", []arg{s("xyz")}, "null"},
		{"empty", "geo_s2cell_to_polygon", []arg{s("")}, "null"},
		{"too long", "geo_s2cell_to_polygon", []arg{s("12345678901234567")}, "null"},
		{"zero id", "geo_s2cell_neighbors", []arg{s("0")}, "null"},
		{"column with a dictionary of tokens", "geo_s2cell_to_central_point", []arg{strs("1", "xyz", "1")},
			`{type:"Point",coordinates:[0,0]}|null|{type:"Point",coordinates:[0,0]}`},
	})
}

// str1 evaluates a string-valued call.
func str1(t *testing.T, fn string, args ...arg) string {
	t.Helper()
	res, err := call(t, fn, args...)
	if err != nil {
		t.Fatalf("%s: %v", fn, err)
	}
	x, _ := res[0].(string)
	return x
}

func dyn1(t *testing.T, fn string, args ...arg) any {
	t.Helper()
	res, err := call(t, fn, args...)
	if err != nil {
		t.Fatalf("%s: %v", fn, err)
	}
	return res[0]
}

func pointOf(t *testing.T, v any) (float64, float64) {
	t.Helper()
	bg, ok := v.(*value.Bag)
	if !ok {
		t.Fatalf("not a point: %v", render(v))
	}
	c, _ := bg.Get("coordinates")
	xy := c.([]any)
	return xy[0].(float64), xy[1].(float64)
}

func stringsOf(v any) []string {
	a, _ := v.([]any)
	out := make([]string, len(a))
	for i, x := range a {
		out[i], _ = x.(string)
	}
	return out
}

func TestS2CellRoundTrips(t *testing.T) {
	lng, lat := 12.3456, -45.6789
	leaf := str1(t, "geo_point_to_s2cell", r(lng), r(lat), l(30))
	if len(leaf) != 16 {
		t.Fatalf("leaf token %q should have 16 hex digits", leaf)
	}
	x, y := pointOf(t, dyn1(t, "geo_s2cell_to_central_point", s(leaf)))
	if math.Abs(x-lng) > 1e-7 || math.Abs(y-lat) > 1e-7 {
		t.Errorf("leaf center (%v, %v) is not at the point", x, y)
	}
	if d, e := str1(t, "geo_point_to_s2cell", r(lng), r(lat)), str1(t, "geo_point_to_s2cell", r(lng), r(lat), l(11)); d != e {
		t.Errorf("default level: %q, level 11: %q", d, e)
	}
	cell := str1(t, "geo_point_to_s2cell", r(lng), r(lat), l(9))
	nb := stringsOf(dyn1(t, "geo_s2cell_neighbors", s(cell)))
	if len(nb) != 8 {
		t.Fatalf("neighbors of %s: %v", cell, nb)
	}
	seen := map[string]bool{cell: true}
	for _, c := range nb {
		if seen[c] {
			t.Errorf("neighbor %s repeated or equal to the cell", c)
		}
		seen[c] = true
		if len(c) != len(cell) {
			t.Errorf("neighbor %s is not at the cell's level", c)
		}
		back := stringsOf(dyn1(t, "geo_s2cell_neighbors", s(c)))
		found := false
		for _, x := range back {
			found = found || x == cell
		}
		if !found {
			t.Errorf("%s is a neighbor of %s but not the other way round", c, cell)
		}
	}
	// A face touches the four faces that are not opposite it.
	faces := stringsOf(dyn1(t, "geo_s2cell_neighbors", s("1")))
	sort.Strings(faces)
	if got := render(anyStrings(faces)); got != `["3","5","9","b"]` {
		t.Errorf("neighbors of face 0: %s", got)
	}
}

func anyStrings(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func TestGeohash(t *testing.T) {
	runCases(t, []tcase{
		{"one character", "geo_point_to_geohash", []arg{r(0), r(0), l(1)}, `"s"`},
		{"south-west corner", "geo_point_to_geohash", []arg{r(-180), r(-90), l(1)}, `"0"`},
		{"north-east corner", "geo_point_to_geohash", []arg{r(180), r(90), l(5)}, `"zzzzz"`},
		{"default accuracy", "geo_point_to_geohash", []arg{r(0.01), r(0.01)}, `"s0000"`},
		{"accuracy 0", "geo_point_to_geohash", []arg{r(0), r(0), l(0)}, `""`},
		{"accuracy 19", "geo_point_to_geohash", []arg{r(0), r(0), l(19)}, `""`},
		{"null accuracy", "geo_point_to_geohash", []arg{r(0), r(0), nullLong()}, `""`},
		{"invalid coordinate", "geo_point_to_geohash", []arg{r(-200), r(0)}, `""`},
		{"center", "geo_geohash_to_central_point", []arg{s("s")}, `{type:"Point",coordinates:[22.5,22.5]}`},
		{"polygon", "geo_geohash_to_polygon", []arg{s("s")}, `{type:"Polygon",coordinates:[[[0,0],[45,0],[45,45],[0,45],[0,0]]]}`},
		{"neighbors", "geo_geohash_neighbors", []arg{s("s")}, `["7","g","m","u","e","v","t","k"]`},
		{"neighbors at the pole and the antimeridian", "geo_geohash_neighbors", []arg{s("b")}, `["x","9","z","c","8"]`},
		{"letter outside the alphabet", "geo_geohash_to_central_point", []arg{s("a")}, "null"},
		{"upper case", "geo_geohash_to_polygon", []arg{s("S")}, "null"},
		{"empty", "geo_geohash_neighbors", []arg{s("")}, "null"},
		{"too long", "geo_geohash_to_central_point", []arg{s("0123456789bcdefghjk")}, "null"},
	})
	h := str1(t, "geo_point_to_geohash", r(10.5), r(-20.25), l(18))
	if len(h) != 18 {
		t.Fatalf("18-character geohash: %q", h)
	}
	x, y := pointOf(t, dyn1(t, "geo_geohash_to_central_point", s(h)))
	if math.Abs(x-10.5) > 1e-9 || math.Abs(y+20.25) > 1e-9 {
		t.Errorf("center of %s is (%v, %v)", h, x, y)
	}
}
