package column

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestBuilderNulls(t *testing.T) {
	for _, tc := range []struct {
		t        types.Type
		wantNull bool
	}{
		{types.String, false}, // Kusto strings are never null
		{types.Guid, true},
		{types.Long, true},
		{types.Bool, true},
		{types.Real, true},
		{types.Dynamic, true},
	} {
		b := NewBuilder(tc.t, 0)
		for i := 0; i < 200; i++ {
			b.AppendNull()
		}
		v := b.Build()
		if v.Len() != 200 {
			t.Fatalf("%s: len %d", tc.t, v.Len())
		}
		for i := 0; i < 200; i++ {
			if v.IsNull(i) != tc.wantNull {
				t.Fatalf("%s row %d: IsNull = %v", tc.t, i, v.IsNull(i))
			}
		}
	}
}

func TestConstValues(t *testing.T) {
	for _, tc := range []struct {
		t    types.Type
		x    any
		want any
	}{
		{types.Decimal, value.Decimal("1.50"), value.Decimal("1.5")},
		{types.Decimal, value.Decimal("12345678901234567890.12345"), value.Decimal("12345678901234567890.12345")},
		{types.Decimal, int64(-3), value.Decimal("-3")},
		{types.Decimal, "not a decimal", nil},
		{types.Long, int64(7), int64(7)},
		{types.DateTime, value.DateTime(42), value.DateTime(42)},
		{types.Guid, value.GUID("00000000-0000-0000-0000-000000000001"), value.GUID("00000000-0000-0000-0000-000000000001")},
		{types.Long, nil, nil},
		{types.Long, "not a long", nil},
	} {
		v := Const(tc.t, tc.x, 3)
		if !v.IsConst() || v.Len() != 3 {
			t.Fatalf("%v: not a constant of length 3", tc.x)
		}
		if got := v.Value(2); got != tc.want {
			t.Errorf("Const(%s, %v).Value = %#v, want %#v", tc.t, tc.x, got, tc.want)
		}
	}
}

// A null early in a long builder: the rows after it still fit.
func TestBuilderLateRowsAfterNull(t *testing.T) {
	b := NewBuilder(types.Long, 0)
	b.AppendNull()
	for i := 0; i < 1000; i++ {
		b.AppendInt(int64(i))
	}
	v := b.Build()
	if v.Len() != 1001 || !v.IsNull(0) || v.IsNull(1000) || v.Int(1000) != 999 {
		t.Fatal("late rows after a null")
	}
}
