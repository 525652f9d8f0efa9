package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestUnary(t *testing.T) {
	runCases(t, []tcase{
		// Longs stay longs in abs and sign; reals stay reals.
		{"series_abs", []targ{dyn(`[-4.25, 0, 7, -3]`)}, "[4.25,0,7,3]"},
		{"series_abs", []targ{dyn(`[-9223372036854775808, "x", null, true]`)}, "[null,null,null,null]"},
		{"series_abs", []targ{dyn(`[]`)}, "[]"},
		{"series_abs", []targ{dyn(`null`)}, "null"},
		{"series_abs", []targ{dyn(`{"a": 1}`)}, "null"},
		{"series_abs", []targ{lng(1)}, "error: dynamic array"},
		{"series_sign", []targ{dyn(`[-12, 0, 5, -0.5, 2.5]`)}, "[-1,0,1,-1.0,1.0]"},
		// ceiling and floor always give reals.
		{"series_ceiling", []targ{dyn(`[-2.5, 3, 0.25]`)}, "[-2.0,3.0,1.0]"},
		{"series_floor", []targ{dyn(`[-2.5, 3, 0.75]`)}, "[-3.0,3.0,0.0]"},
		{"series_exp", []targ{dyn(`[0, 1]`)}, "[1.0,2.718281828459045]"},
		{"series_log", []targ{dyn(`[1, 10, 0, -1]`)}, "[0.0,2.302585092994046,-Inf,null]"},
		{"series_acos", []targ{dyn(`[1, 0, -1, 2]`)}, "[0.0,1.5707963267948966,3.141592653589793,null]"},
		{"series_asin", []targ{dyn(`[0, -3]`)}, "[0.0,null]"},
		{"series_atan", []targ{dyn(`[1, -1]`)}, "[0.7853981633974483,-0.7853981633974483]"},
		{"series_cos", []targ{dyn(`[0]`)}, "[1.0]"},
		{"series_sin", []targ{dyn(`[0]`)}, "[0.0]"},
		{"series_tan", []targ{dyn(`[0]`)}, "[0.0]"},
		// Correctly rounded, as Kusto's runtime returns them (package math
		// gives 1.557407724654902 and 1.0986122886681096).
		{"series_tan", []targ{dyn(`[1]`)}, "[1.5574077246549023]"},
		{"series_log", []targ{dyn(`[3, 7]`)}, "[1.0986122886681098,1.9459101490553132]"},
		// Decimal and huge values.
		{"series_abs", []targ{dyn(`[-1e308, 1e308]`)}, "[1e+308,1e+308]"},
	})
}

func TestBinary(t *testing.T) {
	runCases(t, []tcase{
		// Long arrays add as longs; the documented example's shape.
		{"series_add", []targ{dyn(`[2, 3, 9]`), dyn(`[7, 3, 1]`)}, "[9,6,10]"},
		{"series_add", []targ{dyn(`[2, 3.5]`), dyn(`[1, 1]`)}, "[3,4.5]"},
		{"series_subtract", []targ{dyn(`[10, 1]`), dyn(`[4, 3]`)}, "[6,-2]"},
		{"series_multiply", []targ{dyn(`[3, 5, 7]`), dyn(`[5, 3, 1]`)}, "[15,15,7]"},
		// Overflow wraps like Kusto's long arithmetic.
		{"series_add", []targ{dyn(`[9223372036854775807]`), dyn(`[1]`)}, "[-9223372036854775808]"},
		// Different lengths: the missing positions are null.
		{"series_add", []targ{dyn(`[1, 2, 3]`), dyn(`[1]`)}, "[2,null,null]"},
		{"series_add", []targ{dyn(`[]`), dyn(`[1, 2]`)}, "[null,null]"},
		// Non-numeric elements give null.
		{"series_add", []targ{dyn(`[1, "a", null, 4]`), dyn(`[1, 2, 3, {"x":1}]`)}, "[2,null,null,null]"},
		// A number on either side is applied to every element.
		{"series_multiply", []targ{lng(10), dyn(`[1, -1, 0]`)}, "[10,-10,0]"},
		{"series_subtract", []targ{dyn(`[1, 2]`), rl(0.5)}, "[0.5,1.5]"},
		{"series_add", []targ{dyn(`[1, 2]`), null(types.Long)}, "[null,null]"},
		// divide and pow are always real; x/0 follows double division.
		{"series_divide", []targ{dyn(`[2, 4, 8]`), dyn(`[8, 4, 2]`)}, "[0.25,1.0,4.0]"},
		{"series_divide", []targ{dyn(`[1, -1, 0]`), lng(0)}, "[+Inf,-Inf,NaN]"},
		{"series_pow", []targ{dyn(`[2, 9, 3]`), dyn(`[3, 0.5, 0]`)}, "[8.0,3.0,1.0]"},
		// Comparisons.
		{"series_greater", []targ{dyn(`[3, 5, 1]`), dyn(`[1, 5, 3]`)}, "[true,false,false]"},
		{"series_greater_equals", []targ{dyn(`[3, 5, 1]`), dyn(`[1, 5, 3]`)}, "[true,true,false]"},
		{"series_less", []targ{dyn(`[3, 5, 1]`), dyn(`[1, 5, 3]`)}, "[false,false,true]"},
		{"series_less_equals", []targ{dyn(`[3, 5, 1]`), dyn(`[1, 5, 3]`)}, "[false,true,true]"},
		{"series_equals", []targ{dyn(`[2, 2.0, 3]`), dyn(`[2, 2, 4]`)}, "[true,true,false]"},
		{"series_not_equals", []targ{dyn(`[2, 2.5]`), lng(2)}, "[false,true]"},
		// Longs beyond 2^53 compare exactly.
		{"series_equals", []targ{dyn(`[9007199254740993]`), dyn(`[9007199254740992]`)}, "[false]"},
		{"series_greater", []targ{dyn(`[1, null]`), dyn(`[0, 0]`)}, "[true,null]"},
		// Argument checks.
		{"series_add", []targ{lng(1), lng(2)}, "error: at least one argument must be a dynamic array"},
		{"series_add", []targ{dyn(`[1]`), str("a")}, "error: dynamic array or a number"},
		{"series_add", []targ{dyn(`[1]`)}, "error: expects 2"},
		{"series_add", []targ{dyn(`"text"`), dyn(`[1]`)}, "null"},
	})
}

func TestBinaryColumns(t *testing.T) {
	res, _, err := fntest.Call(t, "series_add", dyns(`[1, 2]`, `null`, `[0.5]`), dyn(`[10, 20]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"[11,22]", "null", "[10.5,null]"}
	for i, w := range want {
		if got := show(res[i]); got != w {
			t.Errorf("row %d = %s, want %s", i, got, w)
		}
	}
}
