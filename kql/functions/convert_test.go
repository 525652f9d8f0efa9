package functions

import (
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestConvertValue(t *testing.T) {
	bag := value.NewBag(1)
	bag.Set("a", int64(1))
	for _, c := range []struct {
		in   any
		to   types.Type
		want any
	}{
		{int64(12), S, "12"},
		{nil, S, ""},
		{nil, L, nil},
		{1.5, S, "1.5"},
		{1.0, S, "1"},
		{true, S, "true"},
		{value.TimeSpan(value.Hour), S, "01:00:00"},
		{dt("2024-01-01T10:00:00Z"), S, "2024-01-01T10:00:00.0000000Z"},
		{[]any{int64(1), "a"}, S, `[1,"a"]`},
		{bag, S, `{"a":1}`},
		{"12", L, int64(12)},
		{" 12 ", L, int64(12)},
		{"x", L, nil},
		{"", L, nil},
		{"1.9", L, int64(1)},
		{"-1.9", L, int64(-1)},
		{"1e3", L, int64(1000)},
		{"99999999999", I, nil},
		{"123", I, int32(123)},
		{2.3, I, int32(2)},
		{-2.7, L, int64(-2)},
		{math.NaN(), L, nil},
		{math.Inf(1), L, nil},
		{1e300, L, nil},
		{"1.5", R, 1.5},
		{"NaN", R, math.NaN()},
		{"-Infinity", R, math.Inf(-1)},
		{"0x10", R, nil},
		{"1_000", R, nil},
		{"1e400", R, math.Inf(1)},
		{true, L, int64(1)},
		{true, R, 1.0},
		{int64(0), B, false},
		{int64(123), B, true},
		{"TRUE", B, true},
		{"false", B, false},
		{"1", B, true},
		{"yes", B, nil},
		{"2024-01-01", DT, dt("2024-01-01")},
		{"not a date", DT, nil},
		{"00:10:00", TS, value.TimeSpan(10 * value.Minute)},
		{"2h", TS, value.TimeSpan(2 * value.Hour)},
		{dt("2024-01-01"), L, int64(dt("2024-01-01"))},
		{value.TimeSpan(5), L, int64(5)},
		{int64(5), TS, value.TimeSpan(5)},
		{int64(-5), DT, nil},
		{dt("2024-01-01"), TS, nil},
		{"0123456789abcdef0123456789abcdef", G, value.GUID("01234567-89ab-cdef-0123-456789abcdef")},
		{"0123456789ab-cdef-0123-456789abcdef", G, value.GUID("01234567-89ab-cdef-0123-456789abcdef")},
		{"{01234567-89AB-CDEF-0123-456789ABCDEF}", G, value.GUID("01234567-89ab-cdef-0123-456789abcdef")},
		{"a string that is not a guid", G, nil},
		{"0123456789abcdef0123456789abcde", G, nil},
		{"[1,2]", DY, "[1,2]"},
		{int32(1), DY, int64(1)},
		{int64(7), DY, int64(7)},
		{[]any{int64(1)}, L, nil},
		{"5", TS, value.TimeSpan(5 * value.Day)},
		{value.Decimal("1.25"), R, 1.25},
		{value.Decimal("1.25"), S, "1.25"},
	} {
		got := ConvertValue(c.in, c.to)
		if f, ok := c.want.(float64); ok && math.IsNaN(f) {
			if g, ok := got.(float64); !ok || !math.IsNaN(g) {
				t.Errorf("ConvertValue(%#v, %s) = %#v, want NaN", c.in, c.to, got)
			}
			continue
		}
		if got != c.want && !(isBag(got) && isBag(c.want)) {
			t.Errorf("ConvertValue(%#v, %s) = %#v, want %#v", c.in, c.to, got, c.want)
		}
	}
}

func isBag(x any) bool { _, ok := x.(*value.Bag); return ok }

// TestConvertVectors checks that the vector paths agree with
// ConvertValue for every pair of types.
func TestConvertVectors(t *testing.T) {
	samples := map[types.Type][]any{
		B:  {true, false, nil},
		I:  {int32(0), int32(-7), nil, int32(math.MaxInt32)},
		L:  {int64(0), int64(12), int64(-3), nil, int64(math.MaxInt64), int64(1) << 40},
		R:  {0.0, 1.5, -2.5, math.NaN(), math.Inf(1), nil, 1e20},
		D:  {0.0, 1.25, nil},
		S:  {"", "12", "1.5", "true", "2024-01-01", "01:00:00", "0123456789abcdef0123456789abcdef", "x", `{"a":1}`},
		DT: {dt("2024-01-01T10:00:00Z"), nil, value.DateTime(0)},
		TS: {value.TimeSpan(value.Hour), value.TimeSpan(-5), nil},
		G:  {value.GUID("01234567-89ab-cdef-0123-456789abcdef"), nil},
		DY: {nil, int64(3), 2.5, "7", "2024-01-01", true, []any{int64(1)}, value.TimeSpan(value.Second)},
	}
	all := []types.Type{B, I, L, R, D, S, DT, TS, G, DY}
	for _, from := range all {
		in := col(from, samples[from]...).vector(len(samples[from]))
		for _, to := range all {
			out, err := Convert(in, to)
			if err != nil {
				t.Fatalf("%s->%s: %v", from, to, err)
			}
			if out.Type != to || out.Len() != in.Len() {
				t.Fatalf("%s->%s: got %s vector of %d rows", from, to, out.Type, out.Len())
			}
			for i := 0; i < in.Len(); i++ {
				want := normalizeBox(ConvertValue(in.Value(i), to))
				if to == I {
					if w, ok := want.(int32); ok {
						want = w
					}
				}
				got := out.Value(i)
				if !sameValue(got, want) {
					t.Errorf("%s->%s row %d (%#v): vector %#v, value %#v", from, to, i, in.Value(i), got, want)
				}
				// A constant converts the same way.
				c, err := Convert(ConstOf(from, in.Value(i), 3), to)
				if err != nil || !c.IsConst() || !sameValue(c.Value(2), want) {
					t.Errorf("%s->%s const %#v: %#v (%v)", from, to, in.Value(i), c.Value(2), err)
				}
			}
		}
	}
}

func sameValue(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok && math.IsNaN(fa) && math.IsNaN(fb) {
			return true
		}
	}
	if isBag(a) || isBag(b) {
		return value.Equal(a, b)
	}
	if _, ok := a.([]any); ok {
		return value.Equal(a, b)
	}
	return a == b
}

func TestConversionFunctions(t *testing.T) {
	runCases(t, []opCase{
		{"tostring long", "tostring", []targ{col(L, int64(1), nil)}, rows("1", ""), S},
		{"tostring dynamic", "tostring", []targ{col(DY, "a", []any{"a"}, nil)}, rows("a", `["a"]`, ""), S},
		{"tolong", "tolong", []targ{col(S, "12", "x")}, rows(int64(12), nil), L},
		{"toint", "toint", []targ{col(R, 2.3)}, rows(int32(2)), I},
		{"todouble", "todouble", []targ{col(S, "1.5")}, rows(1.5), R},
		{"toreal alias", "toreal", []targ{col(L, int64(2))}, rows(2.0), R},
		{"tobool", "tobool", []targ{col(L, int64(123), int64(0))}, rows(true, false), B},
		{"toboolean", "toboolean", []targ{cst(S, "true")}, rows(true), B},
		{"todatetime", "todatetime", []targ{col(S, "2024-01-01")}, rows(dt("2024-01-01")), DT},
		{"totimespan", "totimespan", []targ{col(S, "0.00:03:00")}, rows(value.TimeSpan(3 * value.Minute)), TS},
		{"toguid", "toguid", []targ{col(S, "0123456789abcdef0123456789abcdef", "no")}, rows(value.GUID("01234567-89ab-cdef-0123-456789abcdef"), nil), G},
		{"todecimal", "todecimal", []targ{col(S, "1.5")}, rows(value.Decimal("1.5")), D},
	})
	got, _ := call(t, "parse_json", 4, col(S, `{"a":1}`, "[1,2]", "not json", ""))
	if b, ok := got[0].(*value.Bag); !ok || b.Len() != 1 {
		t.Errorf("parse_json object: %#v", got[0])
	}
	if a, ok := got[1].([]any); !ok || len(a) != 2 {
		t.Errorf("parse_json array: %#v", got[1])
	}
	if got[2] != "not json" {
		t.Errorf("parse_json of invalid JSON: %#v, want the string", got[2])
	}
	got, _ = call(t, "todynamic", 2, col(DY, int64(1), "x"))
	checkRows(t, "todynamic(dynamic)", got, rows(int64(1), "x"))
	got, _ = call(t, "parse_json", 3, dictArg([]string{`{"b":2}`, "1"}, []uint32{0, 1, 0}))
	if got[0] != got[2] || got[1] != int64(1) {
		t.Errorf("parse_json dictionary: %#v", got)
	}
	runCases(t, []opCase{
		{"tohex", "tohex", []targ{col(L, int64(256), int64(-256), nil)}, rows("100", "ffffffffffffff00", ""), S},
		{"tohex int", "tohex", []targ{col(I, int32(-256)), cst(L, int64(8))}, rows("ffffff00"), S},
		{"tohex padded", "tohex", []targ{col(L, int64(256)), cst(L, int64(8))}, rows("00000100"), S},
		{"tohex minlength ignored", "tohex", []targ{col(L, int64(256)), cst(L, int64(2))}, rows("100"), S},
	})
	if _, err := bindCall("toguid", col(L, int64(1))); err == nil {
		t.Error("toguid(long) bound")
	}
	if _, err := bindCall("parse_json", col(L, int64(1))); err == nil {
		t.Error("parse_json(long) bound")
	}
	if _, err := bindCall("tostring"); err == nil {
		t.Error("tostring() bound")
	}
}
