package value

import (
	"errors"
	"testing"
)

func mustDec(t *testing.T, s string) Dec {
	t.Helper()
	d, ok := ParseDec(s)
	if !ok {
		t.Fatalf("ParseDec(%q) failed", s)
	}
	return d
}

func TestParseFormatDec(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"0", "0"}, {"-0", "0"}, {"0.000", "0"}, {"1.50", "1.5"}, {"-1.25", "-1.25"},
		{"+7", "7"}, {".5", "0.5"}, {"5.", "5"}, {" 12 ", "12"}, {"1e5", "100000"},
		{"1.5E-3", "0.0015"}, {"12345678901234567890.12345", "12345678901234567890.12345"},
		{"99999999999999999999999999999999999999", "99999999999999999999999999999999999999"},
		{"0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"},
		{"-170141183460469231731687303715884105727", ""}, // 39 digits
		{"1000000000000000000000000000000000000000", ""},
		{"1e-39", ""}, {"abc", ""}, {"", ""}, {"-", ""}, {".", ""}, {"1e", ""}, {"1.2.3", ""}, {"٣", ""},
		{"1000000020000000300000004", "1000000020000000300000004"},
	} {
		d, ok := ParseDec(c.in)
		if c.out == "" {
			if ok {
				t.Errorf("ParseDec(%q) = %s, want failure", c.in, d)
			}
			continue
		}
		if !ok || d.String() != c.out {
			t.Errorf("ParseDec(%q) = %s, %v; want %s", c.in, d, ok, c.out)
		}
	}
}

func TestDecArith(t *testing.T) {
	big38 := "99999999999999999999999999999999999999"
	for _, c := range []struct{ op, a, b, want string }{
		{"+", "0.1", "0.2", "0.3"},
		{"+", "-0.1", "0.1", "0"},
		{"-", "1", "1.5", "-0.5"},
		{"+", big38, "1", "overflow"},
		{"+", "0.99999999999999999999999999999999999999", "1", "2"}, // rounded to 38 digits
		{"*", "1.5", "-2", "-3"},
		{"*", "12345678901234567890", "12345678901234567890", "overflow"},
		{"*", "1234567890123456789", "1234567890123456789", "1524157875323883675019051998750190521"},
		{"*", "0.0000000000000000001", "0.0000000000000000001", "0.00000000000000000000000000000000000001"},
		{"*", "0.0000000000000000001", "0.00000000000000000001", "0"},
		{"/", "1", "4", "0.25"},
		{"/", "-10", "4", "-2.5"},
		{"/", "1", "3", "inexact"},
		{"/", "1", "0", "null"},
		{"/", "7.5", "0.5", "15"},
		{"/", big38, "0.5", "overflow"},
		{"/", "1", "1024", "0.0009765625"},
		{"/", "1", "12345678901234567890123", "inexact"},
		{"/", "24691357802469135780246", "12345678901234567890123", "2"},
		{"%", "7.5", "2", "1.5"},
		{"%", "-7.5", "2", "0.5"},
		{"%", "7", "-3", "1"},
		{"%", "1", "0", "null"},
	} {
		a, b := mustDec(t, c.a), mustDec(t, c.b)
		var d Dec
		var err error
		ok := true
		switch c.op {
		case "+":
			d, err = DecAdd(a, b)
		case "-":
			d, err = DecSub(a, b)
		case "*":
			d, err = DecMul(a, b)
		case "/":
			d, ok, err = DecDiv(a, b)
		case "%":
			d, ok, err = DecMod(a, b)
		}
		got := d.String()
		switch {
		case errors.Is(err, ErrDecOverflow):
			got = "overflow"
		case errors.Is(err, ErrDecInexact):
			got = "inexact"
		case err != nil:
			got = err.Error()
		case !ok:
			got = "null"
		}
		if got != c.want {
			t.Errorf("%s %s %s = %s, want %s", c.a, c.op, c.b, got, c.want)
		}
	}
}

func TestDecConvert(t *testing.T) {
	if d, ok := DecFromFloat(0.1); !ok || d.String() != "0.1" {
		t.Errorf("DecFromFloat(0.1) = %s", d)
	}
	if d, ok := DecFromFloat(-1e20); !ok || d.String() != "-100000000000000000000" {
		t.Errorf("DecFromFloat(-1e20) = %s", d)
	}
	if d, ok := DecFromFloat(1.5e-39); !ok || d.String() != "0" {
		t.Errorf("DecFromFloat(1.5e-39) = %s %v", d, ok)
	}
	if _, ok := DecFromFloat(1e40); ok {
		t.Error("DecFromFloat(1e40) should fail")
	}
	if f := mustDec(t, "0.3").Float(); f != 0.3 {
		t.Errorf("Float(0.3) = %v", f)
	}
	if f := mustDec(t, "-12345678901234567890.12345").Float(); f != -12345678901234567890.12345 {
		t.Errorf("Float = %v", f)
	}
	if i, ok := mustDec(t, "-9.99").Int(); !ok || i != -9 {
		t.Errorf("Int(-9.99) = %v", i)
	}
	if i, ok := mustDec(t, "-9223372036854775808").Int(); !ok || i != -9223372036854775808 {
		t.Errorf("Int(min) = %v %v", i, ok)
	}
	if _, ok := mustDec(t, "9223372036854775808").Int(); ok {
		t.Error("Int(2^63) should fail")
	}
	if DecFromInt(-9223372036854775808).String() != "-9223372036854775808" {
		t.Error("DecFromInt(min)")
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"1", "1.0", 0}, {"-1", "1", -1}, {"0.5", "0.49", 1}, {"-0.5", "-0.49", -1}, {"99999999999999999999999999999999999999", "0.1", 1}} {
		if got := CompareDec(mustDec(t, c.a), mustDec(t, c.b)); got != c.want {
			t.Errorf("CompareDec(%s, %s) = %d", c.a, c.b, got)
		}
	}
}

func TestDecRounding(t *testing.T) {
	for _, c := range []struct {
		fn, x  string
		digits int
		want   string
	}{
		{"round", "2.345", 2, "2.35"}, {"round", "-2.5", 0, "-3"}, {"round", "2.4", 0, "2"},
		{"round", "1234.5", -2, "1200"}, {"round", "1250", -2, "1300"}, {"round", "7", 3, "7"},
		{"round", "99999999999999999999999999999999999999", -38, "overflow"},
		{"floor", "-1.5", 0, "-2"}, {"floor", "1.5", 0, "1"}, {"floor", "-0.001", 2, "-0.01"}, {"floor", "3", 0, "3"},
	} {
		d := mustDec(t, c.x)
		var r Dec
		var err error
		if c.fn == "round" {
			r, err = DecRound(d, c.digits)
		} else {
			r, err = DecFloor(d, c.digits)
		}
		got := r.String()
		if err != nil {
			got = "overflow"
		}
		if got != c.want {
			t.Errorf("%s(%s, %d) = %s, want %s", c.fn, c.x, c.digits, got, c.want)
		}
	}
	for _, c := range []struct{ x, size, want string }{
		{"7.5", "2", "6"}, {"-7.5", "2", "-8"}, {"-8", "2", "-8"}, {"0.37", "0.1", "0.3"},
		{"12345678901234567890.12345", "0.001", "12345678901234567890.123"}, {"1", "0", "null"}, {"1", "-1", "null"},
		{"-99999999999999999999999999999999999999", "99999999999999999999999999999999999998", "overflow"},
	} {
		r, ok, err := DecBin(mustDec(t, c.x), mustDec(t, c.size))
		got := r.String()
		switch {
		case err != nil:
			got = "overflow"
		case !ok:
			got = "null"
		}
		if got != c.want {
			t.Errorf("DecBin(%s, %s) = %s, want %s", c.x, c.size, got, c.want)
		}
	}
}

// The 128-bit paths must not allocate: kernels call them per row.
func TestDecNoAlloc(t *testing.T) {
	a, b := mustDec(t, "12345678901234567890.12345"), mustDec(t, "-0.5")
	var sink Dec
	n := testing.AllocsPerRun(100, func() {
		sink, _ = DecAdd(a, b)
		sink, _ = DecMul(sink, b)
		sink, _, _ = DecDiv(sink, b)
		sink, _, _ = DecMod(sink, b)
		sink, _, _ = DecBin(sink, b.Abs())
		_ = CompareDec(sink, a)
		sink, _ = ParseDec("-123.456")
		_ = AppendDec(make([]byte, 0, 64)[:0], sink)
	})
	if n > 1 { // the AppendDec buffer
		t.Errorf("%v allocations per run", n)
	}
}
