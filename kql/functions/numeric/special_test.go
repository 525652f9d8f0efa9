package numeric

import (
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestSpecialFunctions(t *testing.T) {
	nullReal := fntest.Lit(types.Real, nil)
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"erf", []fntest.Arg{real(0)}, "0"},
		{"erf", []fntest.Arg{lng(2)}, "0.9953222650189527"},
		{"erf", []fntest.Arg{real(-0.5)}, "-0.5204998778130465"},
		{"erf", []fntest.Arg{real(math.Inf(1))}, "1"},
		{"erf", []fntest.Arg{nullReal}, "null"},
		{"erf", []fntest.Arg{strv("1")}, "error"},
		{"erfc", []fntest.Arg{real(0)}, "1"},
		{"erfc", []fntest.Arg{real(-2)}, "1.9953222650189528"},
		{"erfc", []fntest.Arg{real(30)}, "0"},
		// Beta density: exact for whole parameters (B(3,3) = 1/30).
		{"beta_pdf", []fntest.Arg{real(0.5), lng(3), lng(3)}, "1.875"},
		{"beta_pdf", []fntest.Arg{real(0.25), lng(1), lng(1)}, "1"},
		{"beta_pdf", []fntest.Arg{real(1), lng(2), lng(2)}, "NaN"},
		{"beta_pdf", []fntest.Arg{real(0), lng(2), lng(2)}, "NaN"},
		{"beta_pdf", []fntest.Arg{real(0.5), real(-1), lng(2)}, "NaN"},
		{"beta_pdf", []fntest.Arg{real(0.5), nullReal, lng(2)}, "null"},
		{"beta_pdf", []fntest.Arg{real(0.5), lng(2)}, "error"},
		// Beta distribution: I_x(2, 1) = x^2, I_x(1, 1) = x.
		{"beta_cdf", []fntest.Arg{real(0.3), lng(2), lng(1)}, "0.09"},
		{"beta_cdf", []fntest.Arg{real(0.25), lng(1), lng(1)}, "0.25"},
		{"beta_cdf", []fntest.Arg{real(0.5), lng(4), lng(4)}, "0.5"},
		{"beta_cdf", []fntest.Arg{real(0), lng(4), lng(4)}, "0"},
		{"beta_cdf", []fntest.Arg{real(1), lng(4), lng(4)}, "1"},
		{"beta_cdf", []fntest.Arg{real(1.5), lng(4), lng(4)}, "NaN"},
		{"beta_cdf", []fntest.Arg{real(-3), lng(4), lng(4)}, "NaN"},
		{"beta_cdf", []fntest.Arg{real(0.5), real(-1), lng(4)}, "NaN"},
		{"beta_cdf", []fntest.Arg{real(0.5), lng(20000), lng(4)}, "NaN"},
		{"beta_cdf", []fntest.Arg{real(0.5), lng(4), lng(10001)}, "NaN"},
		// Inverse: out-of-range probability is null, bad shape NaN (as
		// the documented example shows them).
		{"beta_inv", []fntest.Arg{real(0.25), lng(1), lng(1)}, "0.25"},
		{"beta_inv", []fntest.Arg{real(0.5), lng(7), lng(7)}, "0.5"},
		{"beta_inv", []fntest.Arg{real(1.5), lng(10), lng(20)}, "null"},
		{"beta_inv", []fntest.Arg{real(-0.5), lng(10), lng(20)}, "null"},
		{"beta_inv", []fntest.Arg{real(0.1), real(-1), lng(20)}, "NaN"},
		{"beta_inv", []fntest.Arg{real(0), lng(3), lng(2)}, "0"},
		{"beta_inv", []fntest.Arg{real(1), lng(3), lng(2)}, "1"},
		{"welch_test", []fntest.Arg{real(1), real(1), real(1), real(1), real(1)}, "error"},
	})
}

// TestCorrectRounding checks that the math functions return correctly
// rounded results, as Kusto's runtime does (package math is one ulp off
// for these).
func TestCorrectRounding(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []fntest.Arg
		want float64
	}{
		{"log2", []fntest.Arg{real(2.5)}, 1.3219280948873624},
		{"tan", []fntest.Arg{real(1)}, 1.5574077246549023},
		{"log", []fntest.Arg{real(3)}, 1.0986122886681098},
		// cot is 1/tan(x) in double, as Kusto computes it.
		{"cot", []fntest.Arg{real(2)}, 1 / -2.185039863261519},
		{"pow", []fntest.Arg{real(7), real(1.5)}, 18.520259177452136},
		{"exp10", []fntest.Arg{real(-2)}, 0.01},
		{"exp2", []fntest.Arg{lng(-3)}, 0.125},
	} {
		if got := fntest.One(t, c.fn, c.args...); got != c.want {
			t.Errorf("%s = %v, want %v", c.fn, got, c.want)
		}
	}
}

func TestBetaAccuracy(t *testing.T) {
	// Whole parameters have exact rational values.
	if got := fntest.One(t, "beta_pdf", real(0.5), lng(10), lng(20)).(float64); math.Abs(got-0.7461760193109512) > 2e-16 {
		t.Errorf("beta_pdf(0.5, 10, 20) = %v", got)
	}
	if got := fntest.One(t, "beta_cdf", real(0.9), lng(10), lng(20)).(float64); math.Abs(got-0.999999999999959) > 1e-15 {
		t.Errorf("beta_cdf(0.9, 10, 20) = %v", got)
	}
	// Round trips through the inverse, including large parameters.
	for _, c := range [][3]float64{{0.1, 10, 20}, {0.9, 0.5, 0.5}, {0.37, 2000, 3000}, {1e-6, 3, 8}} {
		x := fntest.One(t, "beta_inv", real(c[0]), real(c[1]), real(c[2])).(float64)
		p := fntest.One(t, "beta_cdf", real(x), real(c[1]), real(c[2])).(float64)
		if math.Abs(p-c[0]) > 1e-12*math.Max(c[0], 1e-3) {
			t.Errorf("beta_cdf(beta_inv(%v)) = %v (x = %v)", c, p, x)
		}
	}
	if got := fntest.One(t, "beta_pdf", real(0.4), lng(2000), lng(3000)).(float64); math.IsNaN(got) || got <= 0 {
		t.Errorf("beta_pdf with large parameters = %v", got)
	}
}

func TestWelch(t *testing.T) {
	// Two samples of 2 with equal variances v: 2 degrees of freedom,
	// whose two-tailed p-value is 1 - |t|/sqrt(t^2 + 2).
	got := fntest.One(t, "welch_test", real(3), real(2), lng(2), real(1), real(2), lng(2)).(float64)
	tt := 2 / math.Sqrt(2)
	want := 1 - tt/math.Sqrt(tt*tt+2)
	if math.Abs(got-want) > 1e-14 {
		t.Errorf("welch_test = %v, want %v", got, want)
	}
	// Symmetric in the order of the samples.
	if back := fntest.One(t, "welch_test", real(1), real(2), lng(2), real(3), real(2), lng(2)).(float64); back != got {
		t.Errorf("welch_test reversed = %v, want %v", back, got)
	}
	// Equal means: p = 1.
	if same := fntest.One(t, "welch_test", real(5), real(1), lng(10), real(5), real(4), lng(30)).(float64); math.Abs(same-1) > 1e-15 {
		t.Errorf("equal means p = %v", same)
	}
	if r, _, _ := fntest.Call(t, "welch_test", real(5), fntest.Lit(types.Real, nil), lng(10), real(5), real(4), lng(30)); r[0] != nil {
		t.Errorf("null argument gives %v", r[0])
	}
}
