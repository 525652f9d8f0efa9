package numeric

import (
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestUnary(t *testing.T) {
	nullReal := lit(types.Real, nil)
	runCases(t, []tcase{
		{"sqrt", []targ{real(4)}, "2"},
		{"sqrt", []targ{lng(16)}, "4"},
		{"sqrt", []targ{real(-1)}, "null"},
		{"sqrt", []targ{nullReal}, "null"},
		{"sqrt", []targ{strv("4")}, "error"},
		{"sqrt", []targ{dtv("2020-01-01")}, "error"},
		{"log", []targ{real(5)}, "1.6094379124341003"},
		{"log", []targ{real(0)}, "-Infinity"},
		{"log", []targ{real(-1)}, "null"},
		{"log2", []targ{real(5)}, "2.321928094887362"},
		{"log10", []targ{real(1000)}, "3"},
		{"exp", []targ{real(0)}, "1"},
		{"exp2", []targ{real(10)}, "1024"},
		{"exp10", []targ{real(3)}, "1000"},
		{"gamma", []targ{real(5)}, "24"},
		{"loggamma", []targ{real(5)}, "3.1780538303479458"},
		{"acos", []targ{real(1)}, "0"},
		{"acos", []targ{real(2)}, "null"},
		{"asin", []targ{real(-2)}, "null"},
		{"atan2", []targ{real(1), real(1)}, "0.7853981633974483"},
		{"atan2", []targ{real(0), real(-1)}, "3.141592653589793"},
		{"atan2", []targ{real(-1), real(0)}, "-1.5707963267948966"},
		{"cot", []targ{real(0.5)}, "1.830487721712452"},
		{"sin", []targ{real(1)}, "0.8414709848078965"},
		{"degrees", []targ{real(math.Pi / 4)}, "45"},
		{"degrees", []targ{real(math.Pi * 1.5)}, "270"},
		{"radians", []targ{real(180)}, "3.141592653589793"},
		{"pow", []targ{lng(2), lng(3)}, "8"},
		{"pow", []targ{real(2), lit(types.Real, nil)}, "null"},
		{"pi", nil, "3.141592653589793"},
	})
}

func TestRounding(t *testing.T) {
	runCases(t, []tcase{
		{"round", []targ{real(2.98765), lng(3)}, "2.988"},
		{"round", []targ{real(2.15), lng(1)}, "2.2"},
		{"round", []targ{real(2.15)}, "2"},
		{"round", []targ{real(-50.55), lng(-2)}, "-100"},
		{"round", []targ{real(21.5), lng(-1)}, "20"},
		{"round", []targ{real(2.5)}, "3"},
		{"round", []targ{real(-2.5)}, "-3"},
		{"round", []targ{real(1e300), lng(5)}, "1E+300"},
		{"round", []targ{lng(1234), lng(-2)}, "1200"},
		{"round", []targ{lng(1250), lng(-2)}, "1300"},
		{"round", []targ{lng(-1250), lng(-2)}, "-1300"},
		{"round", []targ{lng(77), lng(2)}, "77"},
		{"round", []targ{real(1.5), real(1)}, "error: integer"},
		{"round", []targ{strv("1")}, "error"},
		{"ceiling", []targ{real(-1.1)}, "-1"},
		{"ceiling", []targ{lng(0)}, "0"},
		{"ceiling", []targ{real(0.9)}, "1"},
		{"ceiling", []targ{tsv("1d")}, "error"},
		{"sign", []targ{lng(-42)}, "-1"},
		{"sign", []targ{lng(0)}, "0"},
		{"sign", []targ{real(11.2)}, "1"},
		{"abs", []targ{lng(-5)}, "5"},
		{"abs", []targ{real(-5.5)}, "5.5"},
		{"abs", []targ{tsv("-1h")}, "01:00:00"},
		{"abs", []targ{lng(math.MinInt64)}, "null"},
		{"abs", []targ{dtv("2020-01-01")}, "error: not compatible"},
		{"abs", []targ{strv("a")}, "error: not compatible"},
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
		_, typ, err := call(t, c.fn, lit(c.in, nil))
		if err != nil || typ != c.want {
			t.Errorf("%s(%s) = %s %v, want %s", c.fn, c.in, typ, err, c.want)
		}
	}
}

func TestRoundColumn(t *testing.T) {
	res, _, err := call(t, "round", col(types.Real, 1.25, nil, -1.35), col(types.Long, int64(1), int64(1), nil))
	if err != nil {
		t.Fatal(err)
	}
	if fmtv(res[0]) != "1.3" || res[1] != nil || res[2] != nil {
		t.Errorf("got %v", res)
	}
}

func TestBits(t *testing.T) {
	runCases(t, []tcase{
		{"binary_and", []targ{lng(0xFFFF0F), lng(0xF0F0FF)}, "15790095"},
		{"binary_or", []targ{lng(1), lng(2)}, "3"},
		{"binary_xor", []targ{lng(3), lng(5)}, "6"},
		{"binary_not", []targ{lng(0)}, "-1"},
		{"binary_shift_left", []targ{lng(1), lng(2)}, "4"},
		{"binary_shift_left", []targ{lng(1), lng(66)}, "4"},
		{"binary_shift_left", []targ{lng(1), lng(-1)}, "null"},
		{"binary_shift_right", []targ{lng(-8), lng(1)}, "-4"},
		{"bitset_count_ones", []targ{lng(42)}, "3"},
		{"bitset_count_ones", []targ{lng(-1)}, "64"},
		{"bitset_count_ones", []targ{lit(types.Long, nil)}, "null"},
		{"binary_and", []targ{real(1.5), lng(1)}, "error: integer"},
	})
}

func TestFormatBytes(t *testing.T) {
	runCases(t, []tcase{
		{"format_bytes", []targ{lng(564)}, "564 Bytes"},
		{"format_bytes", []targ{lng(10332), lng(1)}, "10.1 KB"},
		{"format_bytes", []targ{lng(20010332)}, "19 MB"},
		{"format_bytes", []targ{lng(20010332), lng(2)}, "19.08 MB"},
		{"format_bytes", []targ{lng(20010332), lng(0), strv("KB")}, "19541 KB"},
		{"format_bytes", []targ{lng(1024)}, "1 KB"},
		{"format_bytes", []targ{real(0)}, "0 Bytes"},
		{"format_bytes", []targ{real(1 << 62), lng(0)}, "4 EB"},
		{"format_bytes", []targ{lit(types.Real, nil)}, ""},
		{"format_bytes", []targ{lng(1), lng(0), strv("ZB")}, "error: units"},
		{"format_bytes", []targ{lng(1), real(1.5)}, "error: integer"},
	})
}

func TestRand(t *testing.T) {
	res, typ, err := call(t, "rand", col(types.Long, int64(10), int64(10), int64(10), nil))
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
	if f := one(t, "rand").(float64); f < 0 || f >= 1 {
		t.Errorf("rand() = %v", f)
	}
}
