package numeric

import (
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestUnary(t *testing.T) {
	nullReal := fntest.Lit(types.Real, nil)
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"sqrt", []fntest.Arg{real(4)}, "2"},
		{"sqrt", []fntest.Arg{lng(16)}, "4"},
		{"sqrt", []fntest.Arg{real(-1)}, "null"},
		{"sqrt", []fntest.Arg{nullReal}, "null"},
		{"sqrt", []fntest.Arg{strv("4")}, "error"},
		{"sqrt", []fntest.Arg{dtv("2020-01-01")}, "error"},
		{"log", []fntest.Arg{real(5)}, "1.6094379124341003"},
		{"log", []fntest.Arg{real(0)}, "-Infinity"},
		{"log", []fntest.Arg{real(-1)}, "null"},
		{"log2", []fntest.Arg{real(5)}, "2.321928094887362"},
		{"log10", []fntest.Arg{real(1000)}, "3"},
		{"exp", []fntest.Arg{real(0)}, "1"},
		{"exp2", []fntest.Arg{real(10)}, "1024"},
		{"exp10", []fntest.Arg{real(3)}, "1000"},
		{"gamma", []fntest.Arg{real(5)}, "24"},
		{"loggamma", []fntest.Arg{real(5)}, "3.1780538303479458"},
		{"acos", []fntest.Arg{real(1)}, "0"},
		{"acos", []fntest.Arg{real(2)}, "null"},
		{"asin", []fntest.Arg{real(-2)}, "null"},
		{"atan2", []fntest.Arg{real(1), real(1)}, "0.7853981633974483"},
		{"atan2", []fntest.Arg{real(0), real(-1)}, "3.141592653589793"},
		{"atan2", []fntest.Arg{real(-1), real(0)}, "-1.5707963267948966"},
		{"cot", []fntest.Arg{real(0.5)}, "1.830487721712452"},
		{"sin", []fntest.Arg{real(1)}, "0.8414709848078965"},
		{"degrees", []fntest.Arg{real(math.Pi / 4)}, "45"},
		{"degrees", []fntest.Arg{real(math.Pi * 1.5)}, "270"},
		{"radians", []fntest.Arg{real(180)}, "3.141592653589793"},
		{"pow", []fntest.Arg{lng(2), lng(3)}, "8"},
		{"pow", []fntest.Arg{real(2), fntest.Lit(types.Real, nil)}, "null"},
		{"pi", nil, "3.141592653589793"},
	})
}

func TestRounding(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"round", []fntest.Arg{real(2.98765), lng(3)}, "2.988"},
		{"round", []fntest.Arg{real(2.15), lng(1)}, "2.2"},
		{"round", []fntest.Arg{real(2.15)}, "2"},
		{"round", []fntest.Arg{real(-50.55), lng(-2)}, "-100"},
		{"round", []fntest.Arg{real(21.5), lng(-1)}, "20"},
		{"round", []fntest.Arg{real(2.5)}, "3"},
		{"round", []fntest.Arg{real(-2.5)}, "-3"},
		{"round", []fntest.Arg{real(1e300), lng(5)}, "1E+300"},
		{"round", []fntest.Arg{lng(1234), lng(-2)}, "1200"},
		{"round", []fntest.Arg{lng(1250), lng(-2)}, "1300"},
		{"round", []fntest.Arg{lng(-1250), lng(-2)}, "-1300"},
		{"round", []fntest.Arg{lng(77), lng(2)}, "77"},
		{"round", []fntest.Arg{real(1.5), real(1)}, "error: integer"},
		{"round", []fntest.Arg{strv("1")}, "error"},
		{"ceiling", []fntest.Arg{real(-1.1)}, "-1"},
		{"ceiling", []fntest.Arg{lng(0)}, "0"},
		{"ceiling", []fntest.Arg{real(0.9)}, "1"},
		{"ceiling", []fntest.Arg{tsv("1d")}, "error"},
		{"sign", []fntest.Arg{lng(-42)}, "-1"},
		{"sign", []fntest.Arg{lng(0)}, "0"},
		{"sign", []fntest.Arg{real(11.2)}, "1"},
		{"abs", []fntest.Arg{lng(-5)}, "5"},
		{"abs", []fntest.Arg{real(-5.5)}, "5.5"},
		{"abs", []fntest.Arg{tsv("-1h")}, "01:00:00"},
		{"abs", []fntest.Arg{lng(math.MinInt64)}, "null"},
		{"abs", []fntest.Arg{dtv("2020-01-01")}, "error: not compatible"},
		{"abs", []fntest.Arg{strv("a")}, "error: not compatible"},
	})
	for _, c := range []struct {
		fn   string
		in   types.Type
		want types.Type
	}{
		{"abs", types.Int, types.Long}, {"abs", types.Decimal, types.Decimal}, {"abs", types.TimeSpan, types.TimeSpan},
		{"round", types.Int, types.Int}, {"round", types.Long, types.Long}, {"round", types.Decimal, types.Decimal},
		{"ceiling", types.Int, types.Int}, {"ceiling", types.Real, types.Real},
		{"sign", types.Int, types.Real},
	} {
		_, typ, err := fntest.Call(t, c.fn, fntest.Lit(c.in, nil))
		if err != nil || typ != c.want {
			t.Errorf("%s(%s) = %s %v, want %s", c.fn, c.in, typ, err, c.want)
		}
	}
}

func TestRoundColumn(t *testing.T) {
	res, _, err := fntest.Call(t, "round", fntest.Col(types.Real, 1.25, nil, -1.35), fntest.Col(types.Long, int64(1), int64(1), nil))
	if err != nil {
		t.Fatal(err)
	}
	if fntest.Text(res[0]) != "1.3" || res[1] != nil || res[2] != nil {
		t.Errorf("got %v", res)
	}
}

func TestBits(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"binary_and", []fntest.Arg{lng(0xFFFF0F), lng(0xF0F0FF)}, "15790095"},
		{"binary_or", []fntest.Arg{lng(1), lng(2)}, "3"},
		{"binary_xor", []fntest.Arg{lng(3), lng(5)}, "6"},
		{"binary_not", []fntest.Arg{lng(0)}, "-1"},
		{"binary_shift_left", []fntest.Arg{lng(1), lng(2)}, "4"},
		{"binary_shift_left", []fntest.Arg{lng(1), lng(66)}, "4"},
		{"binary_shift_left", []fntest.Arg{lng(1), lng(-1)}, "null"},
		{"binary_shift_right", []fntest.Arg{lng(-8), lng(1)}, "-4"},
		{"bitset_count_ones", []fntest.Arg{lng(42)}, "3"},
		{"bitset_count_ones", []fntest.Arg{lng(-1)}, "64"},
		{"bitset_count_ones", []fntest.Arg{fntest.Lit(types.Long, nil)}, "null"},
		{"binary_and", []fntest.Arg{real(1.5), lng(1)}, "error: integer"},
	})
}

func TestFormatBytes(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"format_bytes", []fntest.Arg{lng(564)}, "564 Bytes"},
		{"format_bytes", []fntest.Arg{lng(10332), lng(1)}, "10.1 KB"},
		{"format_bytes", []fntest.Arg{lng(20010332)}, "19 MB"},
		{"format_bytes", []fntest.Arg{lng(20010332), lng(2)}, "19.08 MB"},
		{"format_bytes", []fntest.Arg{lng(20010332), lng(0), strv("KB")}, "19541 KB"},
		{"format_bytes", []fntest.Arg{lng(1024)}, "1 KB"},
		{"format_bytes", []fntest.Arg{real(0)}, "0 Bytes"},
		{"format_bytes", []fntest.Arg{real(1 << 62), lng(0)}, "4 EB"},
		{"format_bytes", []fntest.Arg{fntest.Lit(types.Real, nil)}, ""},
		{"format_bytes", []fntest.Arg{lng(1), lng(0), strv("ZB")}, "error: units"},
		{"format_bytes", []fntest.Arg{lng(1), real(1.5)}, "error: integer"},
	})
}

func TestRand(t *testing.T) {
	res, typ, err := fntest.Call(t, "rand", fntest.Col(types.Long, int64(10), int64(10), int64(10), nil))
	if err != nil || typ != types.Real {
		t.Fatal(err)
	}
	for _, r := range res[:3] {
		if f := r.(float64); f < 0 || f >= 10 || f != math.Floor(f) {
			t.Errorf("rand(10) = %v", f)
		}
	}
	if res[3] != nil {
		t.Errorf("rand(null) = %v", res[3])
	}
	if f := fntest.One(t, "rand").(float64); f < 0 || f >= 1 {
		t.Errorf("rand() = %v", f)
	}
}
