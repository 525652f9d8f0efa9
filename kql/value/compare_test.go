package value

import (
	"math"
	"testing"
)

func TestCompare(t *testing.T) {
	lt := [][2]any{
		{nil, false},
		{false, true},
		{true, int64(0)},
		{int64(1), 1.5},
		{int32(-3), int64(2)},
		{math.NaN(), math.Inf(-1)},
		{int64(9007199254740992), int64(9007199254740993)},
		{1.5, DateTime(0)},
		{DateTime(1), DateTime(2)},
		{TimeSpan(-1), TimeSpan(0)},
		{"A", "a"},
		{"", "a"},
		{"a", GUID("0")},
		{[]any{int64(1)}, []any{int64(1), int64(2)}},
		{[]any{int64(1), int64(3)}, []any{int64(2)}},
		{[]any{}, NewBag(0)},
		{Decimal("1.5"), int64(2)},
	}
	for _, c := range lt {
		if Compare(c[0], c[1]) >= 0 || Compare(c[1], c[0]) <= 0 {
			t.Errorf("Compare(%#v, %#v): want less", c[0], c[1])
		}
	}
	eq := [][2]any{{nil, nil}, {int64(1), 1.0}, {int32(1), int64(1)}, {"x", "x"}, {math.NaN(), math.NaN()}}
	for _, c := range eq {
		if Compare(c[0], c[1]) != 0 {
			t.Errorf("Compare(%#v, %#v) != 0", c[0], c[1])
		}
	}
}

func TestEqual(t *testing.T) {
	a, _ := ParseJSON(`{"a":1,"b":[1,"x",{"c":null}]}`)
	b, _ := ParseJSON(`{"b":[1.0,"x",{"c":null}],"a":1}`)
	c, _ := ParseJSON(`{"a":1,"b":[1,"X",{"c":null}]}`)
	if !Equal(a, b) {
		t.Error("bags with the same properties in another order should be equal")
	}
	if Equal(a, c) {
		t.Error("string comparison must be case-sensitive")
	}
	if Equal("1", int64(1)) || Equal(nil, false) || Equal([]any{}, NewBag(0)) {
		t.Error("values of different kinds must differ")
	}
	if Compare(a, b) != 0 {
		t.Error("Compare must agree with Equal on bags")
	}
}

func TestToString(t *testing.T) {
	arr, _ := ParseJSON(`[1,"a",{"k":true}]`)
	cases := []struct {
		in   any
		want string
	}{
		{nil, ""},
		{true, "true"},
		{int32(-5), "-5"},
		{int64(1) << 62, "4611686018427387904"},
		{1.0, "1"},
		{0.1, "0.1"},
		{1e20, "1E+20"},
		{"héllo", "héllo"},
		{DateTime(UnixEpoch), "1970-01-01T00:00:00.0000000Z"},
		{TimeSpan(Day), "1.00:00:00"},
		{GUID("0f8fad5b-d9cb-469f-a165-70867728950e"), "0f8fad5b-d9cb-469f-a165-70867728950e"},
		{arr, `[1,"a",{"k":true}]`},
		{Decimal("3.14"), "3.14"},
	}
	for _, c := range cases {
		if got := ToString(c.in); got != c.want {
			t.Errorf("ToString(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBagSetLarge(t *testing.T) {
	b := NewBag(0)
	for i := 0; i < 100; i++ {
		b.Set(FormatReal(float64(i%50)), int64(i))
	}
	if b.Len() != 50 {
		t.Fatalf("len %d", b.Len())
	}
	if v, _ := b.Get("7"); v != int64(57) {
		t.Errorf("Get(7) = %v", v)
	}
	if b.Keys[7] != "7" {
		t.Errorf("key order changed: %v", b.Keys[:10])
	}
}
