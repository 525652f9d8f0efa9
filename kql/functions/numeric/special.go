package numeric

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Special functions and statistical tests: erf, erfc, beta_pdf,
// beta_cdf, beta_inv and welch_test. Out-of-domain arguments give NaN or
// null as each function's documentation (and its example output) says.

func init() {
	functions.Register(
		&functions.Func{
			Name: "erf", Kind: functions.Scalar,
			Sig: "erf(x: real): real",
			Doc: "The error function.",
			Bind: numericFixed("erf", types.Real, []functions.Param{functions.Req("x", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues(types.Real, args[0], n, total(math.Erf)), nil
				}),
		},
		&functions.Func{
			Name: "erfc", Kind: functions.Scalar,
			Sig: "erfc(x: real): real",
			Doc: "The complementary error function, 1 - erf(x).",
			Bind: numericFixed("erfc", types.Real, []functions.Param{functions.Req("x", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues(types.Real, args[0], n, total(math.Erfc)), nil
				}),
		},
		&functions.Func{
			Name: "beta_pdf", Kind: functions.Scalar,
			Sig:  "beta_pdf(x: real, alpha: real, beta: real): real",
			Doc:  "The beta probability density at x; NaN unless 0 < x < 1, alpha > 0 and beta > 0.",
			Bind: numericFixed("beta_pdf", types.Real, realParams("x", "alpha", "beta"), nil, realsN(betaPDF)),
		},
		&functions.Func{
			Name: "beta_cdf", Kind: functions.Scalar,
			Sig:  "beta_cdf(x: real, alpha: real, beta: real): real",
			Doc:  "The cumulative beta distribution at x; NaN unless 0 <= x <= 1 and alpha and beta are in (0, 10000].",
			Bind: numericFixed("beta_cdf", types.Real, realParams("x", "alpha", "beta"), nil, realsN(betaCDF)),
		},
		&functions.Func{
			Name: "beta_inv", Kind: functions.Scalar,
			Sig:  "beta_inv(probability: real, alpha: real, beta: real): real",
			Doc:  "The x whose cumulative beta distribution is probability; NaN when alpha or beta is not positive, null when probability is outside [0, 1].",
			Bind: numericFixed("beta_inv", types.Real, realParams("probability", "alpha", "beta"), nil, realsN(betaInv)),
		},
		&functions.Func{
			Name: "welch_test", Kind: functions.Scalar,
			Sig:  "welch_test(mean1: real, variance1: real, count1: real, mean2: real, variance2: real, count2: real): real",
			Doc:  "The two-tailed p-value of Welch's t-test for two samples given their means, variances and counts.",
			Bind: numericFixed("welch_test", types.Real, realParams("mean1", "variance1", "count1", "mean2", "variance2", "count2"), nil, realsN(welchTest)),
		},
	)
}

func realParams(names ...string) []functions.Param {
	ps := make([]functions.Param, len(names))
	for i, n := range names {
		ps[i] = functions.Req(n, types.Real)
	}
	return ps
}

// realsN evaluates a function of several reals row by row; a null
// argument or ok=false gives null, and all-constant arguments are
// computed once.
func realsN(f func(xs []float64) (float64, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		xs := make([]float64, len(args))
		if functions.AllConst(args) {
			for j, a := range args {
				if a.IsNull(0) {
					return column.Const(types.Real, nil, n), nil
				}
				xs[j] = a.Real(0)
			}
			r, ok := f(xs)
			if !ok {
				return column.Const(types.Real, nil, n), nil
			}
			return column.Const(types.Real, r, n), nil
		}
		out := make([]float64, n)
		var nulls column.Bitmap
	rows:
		for i := range out {
			for j, a := range args {
				if a.IsNull(i) {
					functions.SetNull(&nulls, n, i)
					continue rows
				}
				xs[j] = a.Real(i)
			}
			r, ok := f(xs)
			if !ok {
				functions.SetNull(&nulls, n, i)
				continue
			}
			out[i] = r
		}
		return column.FromReals(types.Real, out, nulls), nil
	}
}

// invBeta is 1/B(a, b). Through the gamma function when it does not
// overflow (more accurate than the logarithms, which lose about the
// size of ln Gamma(a+b) in ulps), else through ln Gamma.
func invBeta(a, b float64) float64 {
	if a+b < 170 {
		return math.Gamma(a+b) / math.Gamma(a) / math.Gamma(b)
	}
	return math.Exp(-logBeta(a, b))
}

// logBeta is ln B(a, b).
func logBeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

func betaPDF(xs []float64) (float64, bool) {
	x, a, b := xs[0], xs[1], xs[2]
	if !(x > 0 && x < 1 && a > 0 && b > 0) {
		return math.NaN(), true
	}
	if a+b < 170 {
		return math.Pow(x, a-1) * math.Pow(1-x, b-1) * invBeta(a, b), true
	}
	return math.Exp((a-1)*math.Log(x) + (b-1)*math.Log1p(-x) - logBeta(a, b)), true
}

func betaCDF(xs []float64) (float64, bool) {
	x, a, b := xs[0], xs[1], xs[2]
	if !(x >= 0 && x <= 1 && a > 0 && a <= 10000 && b > 0 && b <= 10000) {
		return math.NaN(), true
	}
	return regIncBeta(x, a, b), true
}

// regIncBeta is the regularized incomplete beta function I_x(a, b),
// evaluated by its continued fraction on the side where it converges
// quickly.
func regIncBeta(x, a, b float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	front := math.Pow(x, a) * math.Pow(1-x, b) * invBeta(a, b)
	if front == 0 || math.IsInf(front, 0) || math.IsNaN(front) {
		front = math.Exp(a*math.Log(x) + b*math.Log1p(-x) - logBeta(a, b))
	}
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(x, a, b) / a
	}
	return 1 - front*betaFraction(1-x, b, a)/b
}

// betaFraction evaluates the continued fraction of the incomplete beta
// function with the modified Lentz method.
func betaFraction(x, a, b float64) float64 {
	const tiny = 1e-300
	const eps = 1e-16
	c := 1.0
	d := 1 - (a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		// Even step.
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		// Odd step.
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		h *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return h
}

func betaInv(xs []float64) (float64, bool) {
	p, a, b := xs[0], xs[1], xs[2]
	if !(a > 0 && b > 0) {
		return math.NaN(), true
	}
	switch {
	case !(p >= 0 && p <= 1):
		return 0, false
	case p == 0:
		return 0, true
	case p == 1:
		return 1, true
	}
	// Bisection keeps a bracket; Newton steps inside it converge fast.
	lo, hi := 0.0, 1.0
	x := a / (a + b)
	for i := 0; i < 200; i++ {
		f := regIncBeta(x, a, b) - p
		if f == 0 {
			return x, true
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		next := x
		if d, _ := betaPDF([]float64{x, a, b}); d > 0 && !math.IsInf(d, 0) {
			next = x - f/d
		}
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) <= 2e-16*x {
			return next, true
		}
		x = next
	}
	return x, true
}

// welchTest is the two-tailed p-value of Welch's t statistic with the
// Welch-Satterthwaite degrees of freedom.
func welchTest(xs []float64) (float64, bool) {
	m1, v1, c1, m2, v2, c2 := xs[0], xs[1], xs[2], xs[3], xs[4], xs[5]
	s1, s2 := v1/c1, v2/c2
	t := (m1 - m2) / math.Sqrt(s1+s2)
	df := (s1 + s2) * (s1 + s2) / (s1*s1/(c1-1) + s2*s2/(c2-1))
	if math.IsNaN(t) || math.IsNaN(df) || df <= 0 {
		return math.NaN(), true
	}
	if math.IsInf(t, 0) {
		return 0, true
	}
	return regIncBeta(df/(df+t*t), df/2, 0.5), true
}
