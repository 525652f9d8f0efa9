//go:build cgo

package geo

import (
	"math"
	"testing"
)

func TestH3Invalid(t *testing.T) {
	runCases(t, []tcase{
		{"resolution above range", "geo_point_to_h3cell", []arg{r(1), r(1), l(16)}, `""`},
		{"negative resolution", "geo_point_to_h3cell", []arg{r(1), r(1), l(-1)}, `""`},
		{"null resolution", "geo_point_to_h3cell", []arg{r(1), r(1), nullLong()}, `""`},
		{"invalid coordinate", "geo_point_to_h3cell", []arg{r(1), r(-91)}, `""`},
		{"not hex", "geo_h3cell_level", []arg{s("zz")}, "null"},
		{"hex but not a cell", "geo_h3cell_level", []arg{s("123")}, "null"},
		{"empty", "geo_h3cell_to_central_point", []arg{s("")}, "null"},
		{"bad polygon token", "geo_h3cell_to_polygon", []arg{s("@")}, "null"},
		{"bad parent token", "geo_h3cell_parent", []arg{s("abc")}, `""`},
		{"bad children token", "geo_h3cell_children", []arg{s("abc")}, "null"},
		{"bad neighbors token", "geo_h3cell_neighbors", []arg{s("abc")}, "null"},
		{"bad rings token", "geo_h3cell_rings", []arg{s("abc"), l(1)}, "null"},
		{"res 0 has no parent", "geo_h3cell_parent", []arg{s("8009fffffffffff")}, `""`},
		{"res 0 pentagon", "geo_h3cell_level", []arg{s("8009fffffffffff")}, "0"},
		{"pentagon has five neighbors", "geo_h3cell_rings", []arg{s("8009fffffffffff"), l(0)}, `[["8009fffffffffff"]]`},
	})
}

func TestH3Hierarchy(t *testing.T) {
	lng, lat := -3.7038, 40.4168
	c9 := str1(t, "geo_point_to_h3cell", r(lng), r(lat), l(9))
	if got := render(dyn1(t, "geo_h3cell_level", s(c9))); got != "9" {
		t.Fatalf("level of %s: %s", c9, got)
	}
	if d, e := str1(t, "geo_point_to_h3cell", r(lng), r(lat)), str1(t, "geo_point_to_h3cell", r(lng), r(lat), l(6)); d != e {
		t.Errorf("default resolution: %q, resolution 6: %q", d, e)
	}
	c6 := str1(t, "geo_point_to_h3cell", r(lng), r(lat), l(6))
	if p := str1(t, "geo_h3cell_parent", s(c9), l(6)); p != c6 {
		t.Errorf("parent of %s at 6 = %s, want %s", c9, p, c6)
	}
	if p := str1(t, "geo_h3cell_parent", s(c9)); p != str1(t, "geo_point_to_h3cell", r(lng), r(lat), l(8)) {
		t.Errorf("immediate parent of %s = %s", c9, p)
	}
	if p := str1(t, "geo_h3cell_parent", s(c9), l(9)); p != c9 {
		t.Errorf("parent at the cell's own level = %s", p)
	}
	for _, bad := range []int64{10, 15, -1} {
		if p := str1(t, "geo_h3cell_parent", s(c9), l(bad)); p != "" {
			t.Errorf("parent at %d = %q, want empty", bad, p)
		}
	}
	kids := stringsOf(dyn1(t, "geo_h3cell_children", s(c6)))
	if len(kids) != 7 {
		t.Fatalf("children of a hexagon: %v", kids)
	}
	for _, k := range kids {
		if p := str1(t, "geo_h3cell_parent", s(k)); p != c6 {
			t.Errorf("child %s has parent %s", k, p)
		}
	}
	if n := len(stringsOf(dyn1(t, "geo_h3cell_children", s(c6), l(8)))); n != 49 {
		t.Errorf("grandchildren: %d", n)
	}
	if n := len(stringsOf(dyn1(t, "geo_h3cell_children", s(c6), l(11)))); n != 16807 {
		t.Errorf("five levels down: %d", n)
	}
	runCases(t, []tcase{
		{"six levels down", "geo_h3cell_children", []arg{s(c6), l(12)}, "null"},
		{"coarser than the cell", "geo_h3cell_children", []arg{s(c6), l(5)}, "null"},
		{"above 15", "geo_h3cell_children", []arg{s(c6), l(16)}, "null"},
		{"distance above 142", "geo_h3cell_rings", []arg{s(c6), l(143)}, "null"},
		{"negative distance", "geo_h3cell_rings", []arg{s(c6), l(-1)}, "null"},
	})
	nb := stringsOf(dyn1(t, "geo_h3cell_neighbors", s(c6)))
	if len(nb) != 6 {
		t.Fatalf("neighbors of a hexagon: %v", nb)
	}
	rings := dyn1(t, "geo_h3cell_rings", s(c6), l(2)).([]any)
	if len(rings) != 3 || render(rings[0]) != render([]any{c6}) || render(rings[1]) != render(anyStrings(nb)) || len(rings[2].([]any)) != 12 {
		t.Errorf("rings: %s", render(rings))
	}
	x, y := pointOf(t, dyn1(t, "geo_h3cell_to_central_point", s(c9)))
	if str1(t, "geo_point_to_h3cell", r(x), r(y), l(9)) != c9 || math.Abs(x-lng) > 0.01 || math.Abs(y-lat) > 0.01 {
		t.Errorf("center (%v, %v) of %s", x, y, c9)
	}
	poly := render(dyn1(t, "geo_h3cell_to_polygon", s(c6)))
	if n := countPositions(poly); n != 7 {
		t.Errorf("hexagon polygon has %d positions: %s", n, poly)
	}
	if n := len(stringsOf(dyn1(t, "geo_h3cell_neighbors", s("8009fffffffffff")))); n != 5 {
		t.Errorf("pentagon neighbors: %d", n)
	}
}

func countPositions(rendered string) int {
	n := 0
	for i := 0; i+1 < len(rendered); i++ {
		if rendered[i] == '[' && rendered[i+1] != '[' {
			n++
		}
	}
	return n
}
