package column

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func decVec(t *testing.T, xs ...any) *Vector {
	t.Helper()
	b := NewBuilder(types.Decimal, len(xs))
	for _, x := range xs {
		b.AppendValue(x)
	}
	return b.Build()
}

// Decimal vectors keep every digit through take, slice, concat, hashing
// and comparison; equal values (1.5 and 1.50) hash and compare alike.
func TestDecimalVector(t *testing.T) {
	v := decVec(t, value.Decimal("1.5"), nil, value.Decimal("99999999999999999999999999999999999999"), value.Decimal("-0.1"), value.Decimal("1.50"))
	if v.Len() != 5 || !v.IsNull(1) || v.Value(2) != value.Decimal("99999999999999999999999999999999999999") {
		t.Fatalf("built %v %v", v.Len(), v.Value(2))
	}
	tk := Take(v, []int32{4, -1, 2})
	if tk.Value(0) != value.Decimal("1.5") || !tk.IsNull(1) || tk.Value(2) != value.Decimal("99999999999999999999999999999999999999") {
		t.Errorf("Take: %v %v %v", tk.Value(0), tk.Value(1), tk.Value(2))
	}
	sl := Slice(v, 2, 4)
	if sl.Len() != 2 || sl.Value(1) != value.Decimal("-0.1") {
		t.Errorf("Slice: %v", sl.Value(1))
	}
	c := Concat(types.Decimal, []*Vector{v, Const(types.Decimal, value.Decimal("7"), 2)})
	if c.Len() != 7 || c.Value(6) != value.Decimal("7") || !c.IsNull(1) {
		t.Errorf("Concat: %v", c.Value(6))
	}
	if !EqualRows(v, 0, v, 4) || EqualRows(v, 0, v, 3) || !EqualRows(v, 1, tk, 1) {
		t.Error("EqualRows")
	}
	if CompareRows(v, 3, v, 0) >= 0 || CompareRows(v, 2, v, 0) <= 0 || CompareRows(v, 1, v, 3) >= 0 {
		t.Error("CompareRows")
	}
	h := make([]uint64, v.Len())
	HashInto(v, h, true)
	if h[0] != h[4] || h[0] == h[3] {
		t.Error("HashInto: 1.5 and 1.50 must hash alike, -0.1 differently")
	}
	if hashRow(v, 4) != h[4] {
		t.Error("hashRow disagrees with HashInto")
	}
}
