package column

import (
	"fmt"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func boxAll(v *Vector) []any {
	out := make([]any, v.Len())
	for i := range out {
		out[i] = v.Value(i)
	}
	return out
}

func build(t types.Type, xs ...any) *Vector {
	b := NewBuilder(t, len(xs))
	for _, x := range xs {
		b.AppendValue(x)
	}
	return b.Build()
}

func same(t *testing.T, what string, got *Vector, want ...any) {
	t.Helper()
	want = append([]any(nil), want...)
	t.Helper()
	if g, w := fmt.Sprintf("%v", boxAll(got)), fmt.Sprintf("%v", want); g != w {
		t.Fatalf("%s: got %s, want %s", what, g, w)
	}
	if got.Len() != len(want) {
		t.Fatalf("%s: Len %d, want %d", what, got.Len(), len(want))
	}
}

func TestTake(t *testing.T) {
	ints := build(types.Long, int64(1), nil, int64(3))
	same(t, "ints", Take(ints, []int32{2, 1, -1, 0}), int64(3), nil, nil, int64(1))
	same(t, "ints no nulls", Take(ints, []int32{0, 2}), int64(1), int64(3))
	if Take(ints, []int32{0, 2}).Nulls() != nil {
		t.Fatal("gather of non-null rows must drop the bitmap")
	}
	strs := build(types.String, "a", "", "héllo")
	same(t, "strings", Take(strs, []int32{2, -1, 0}), "héllo", "", "a")
	dict := FromStrings(types.String, &Strings{Dict: StringsOf("x", "y"), Codes: []uint32{1, 0, 1}})
	d := Take(dict, []int32{2, 1})
	if d.Strs.Dict == nil {
		t.Fatal("dictionary gather must stay encoded")
	}
	same(t, "dict", d, "y", "x")
	dn := Take(dict, []int32{-1, 0})
	same(t, "dict with missing", dn, "", "y")
	if dn.Strs.Dict == nil {
		t.Fatal("small dictionary gather with missing rows must stay encoded")
	}
	c := Const(types.Long, int64(7), 3)
	same(t, "const", Take(c, []int32{0, 0}), int64(7), int64(7))
	same(t, "const with missing", Take(c, []int32{-1, 2}), nil, int64(7))
	g := build(types.Guid, value.GUID("00000000-0000-0000-0000-000000000001"))
	if v := Take(g, []int32{-1}); !v.IsNull(0) {
		t.Fatal("missing guid must be null")
	}
	dyn := build(types.Dynamic, []any{int64(1)}, nil)
	same(t, "dynamic", Take(dyn, []int32{1, 0, -1}), nil, []any{int64(1)}, nil)
	bools := build(types.Bool, true, false, nil)
	same(t, "bools", Take(bools, []int32{2, 0}), nil, true)
	reals := build(types.Real, 1.5, nil)
	same(t, "reals", Take(reals, []int32{1, 0, -1}), nil, 1.5, nil)
}

func TestSliceAndConcat(t *testing.T) {
	var xs []any
	for i := 0; i < 200; i++ {
		if i%7 == 0 {
			xs = append(xs, nil)
		} else {
			xs = append(xs, int64(i))
		}
	}
	v := build(types.Long, xs...)
	for _, r := range [][2]int{{0, 200}, {64, 128}, {3, 70}, {130, 131}, {5, 5}} {
		same(t, fmt.Sprintf("slice %v", r), Slice(v, r[0], r[1]), xs[r[0]:r[1]]...)
	}
	parts := []*Vector{Slice(v, 0, 10), Const(types.Long, nil, 2), Slice(v, 150, 160), Const(types.Long, int64(-1), 2)}
	want := append(append(append(append([]any{}, xs[0:10]...), nil, nil), xs[150:160]...), int64(-1), int64(-1))
	same(t, "concat", Concat(types.Long, parts), want...)

	s := build(types.String, "a", "bb", "", "ccc")
	same(t, "string slice", Slice(s, 1, 3), "bb", "")
	same(t, "string concat", Concat(types.String, []*Vector{Slice(s, 1, 4), Const(types.String, "k", 2), s}),
		"bb", "", "ccc", "k", "k", "a", "bb", "", "ccc")
	d := StringsOf("x", "y")
	d1 := FromStrings(types.String, &Strings{Dict: d, Codes: []uint32{0, 1}})
	d2 := FromStrings(types.String, &Strings{Dict: d, Codes: []uint32{1}})
	cd := Concat(types.String, []*Vector{d1, d2})
	if cd.Strs.Dict != d {
		t.Fatal("concat of one dictionary must stay encoded")
	}
	same(t, "dict concat", cd, "x", "y", "y")
	same(t, "mixed concat", Concat(types.String, []*Vector{d1, s}), "x", "y", "a", "bb", "", "ccc")
	same(t, "flatten", Flatten(Const(types.String, "z", 3)), "z", "z", "z")
}

func TestHashConsistency(t *testing.T) {
	// Equal values hash alike across representations: constant vs flat,
	// dictionary vs plain, nulls whatever their slot holds.
	plain := build(types.String, "a", "b", "a")
	dict := FromStrings(types.String, &Strings{Dict: StringsOf("b", "a"), Codes: []uint32{1, 0, 1}})
	h1, h2 := make([]uint64, 3), make([]uint64, 3)
	HashInto(plain, h1, true)
	HashInto(dict, h2, true)
	if fmt.Sprint(h1) != fmt.Sprint(h2) || h1[0] != h1[2] || h1[0] == h1[1] {
		t.Fatalf("string hashes: %v %v", h1, h2)
	}
	HashInto(Const(types.String, "a", 3), h2, true)
	if h2[0] != h1[0] {
		t.Fatal("constant and flat hashes differ")
	}
	a := build(types.Long, nil, int64(0), nil)
	c := Const(types.Long, nil, 3)
	ha, hc := []uint64{1, 1, 1}, []uint64{1, 1, 1}
	HashInto(a, ha, false)
	HashInto(c, hc, false)
	if ha[0] != hc[0] || ha[0] != ha[2] || ha[0] == ha[1] {
		t.Fatalf("null hashes: %v %v", ha, hc)
	}
	if HashReal(0) != HashReal(-1*0.0) {
		t.Fatal("0 and -0 must hash alike")
	}
	b1 := value.NewBag(2)
	b1.Set("x", int64(1))
	b1.Set("y", "s")
	b2 := value.NewBag(2)
	b2.Set("y", "s")
	b2.Set("x", 1.0)
	if HashValue(b1) != HashValue(b2) || !EqualValues(b1, b2) {
		t.Fatal("equal bags must hash alike")
	}
}

func TestCompareRows(t *testing.T) {
	v := build(types.Long, nil, int64(1), int64(2))
	if CompareRows(v, 0, v, 1) >= 0 || CompareRows(v, 2, v, 1) <= 0 || CompareRows(v, 0, v, 0) != 0 {
		t.Fatal("long compare")
	}
	s := build(types.String, "B", "a")
	if CompareRows(s, 0, s, 1) >= 0 {
		t.Fatal("strings compare ordinally")
	}
	if !EqualRows(v, 0, v, 0) || EqualRows(v, 0, v, 1) {
		t.Fatal("equal rows")
	}
}
