package series

import (
	"math"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Regressions: series_fit_line, series_fit_line_dynamic and
// series_fit_poly. The independent variable is 1, 2, ..., n unless
// series_fit_poly is given one. variance is the sample variance of the
// input and rvariance the sum of squared residuals over n-1 (the
// documented example of series_fit_line gives 98.628 and 1.686 for
// these); rsquare is 1 - residual sum of squares / total sum of squares.
// An array holding a non-number gives null results.
//
// series_fit_2lines and series_fit_2lines_dynamic are not registered:
// the documentation does not say which split points are tried, what
// split_idx counts, or where the right line's x axis starts, so their
// results cannot be reproduced exactly.

var lineOutputs = []output{
	{"rsquare", types.Real}, {"slope", types.Real}, {"variance", types.Real},
	{"rvariance", types.Real}, {"interception", types.Real}, {"line_fit", types.Dynamic},
}

var polyOutputs = []output{
	{"rsquare", types.Real}, {"coefficients", types.Dynamic}, {"variance", types.Real},
	{"rvariance", types.Real}, {"poly_fit", types.Dynamic},
}

func init() {
	functions.Register(
		&functions.Func{Name: "series_fit_line", Kind: functions.Scalar,
			Sig:  "series_fit_line(series: dynamic): (rsquare: real, slope: real, variance: real, rvariance: real, interception: real, line_fit: dynamic)",
			Doc:  "Linear regression of the series against 1..n, one column each: series_fit_line_<arg>_rsquare, _slope, _variance, _rvariance, _interception, _line_fit.",
			Bind: bindMulti("series_fit_line", lineOutputs, dynKernel(lineRow(false)), 1, 1, kArray)},
		&functions.Func{Name: "series_fit_line_dynamic", Kind: functions.Scalar,
			Sig:  "series_fit_line_dynamic(series: dynamic): dynamic",
			Doc:  "Linear regression of the series against 1..n as a property bag: rsquare, slope, variance, rvariance, interception, line_fit.",
			Bind: functions.BindKinds("series_fit_line_dynamic", types.Dynamic, dynKernel(lineRow(true)), 1, 1, kArray)},
		&functions.Func{Name: "series_fit_poly", Kind: functions.Scalar,
			Sig:  "series_fit_poly(y_series: dynamic[, x_series: dynamic, degree: int]): (rsquare: real, coefficients: dynamic, variance: real, rvariance: real, poly_fit: dynamic)",
			Doc:  "Least-squares polynomial of the given degree (default 1) of y against x (default 1..n), one column each: series_fit_poly_<arg>_rsquare, _coefficients (highest power first), _variance, _rvariance, _poly_fit.",
			Bind: bindMulti("series_fit_poly", polyOutputs, dynKernel(polyRow), 1, 3, kArray, kArray, kLong)},
	)
}

// lineFit is the result of a linear regression.
type lineFit struct {
	rsquare, slope, variance, rvariance, interception float64
	fit                                               []float64
}

// fitLine regresses y on x = 1..len(y).
func fitLine(y []float64) lineFit {
	n := float64(len(y))
	mx := (n + 1) / 2
	var sy, syy float64
	for _, v := range y {
		sy += v
		syy += v * v
	}
	my := sy / n
	var sxx, sxy float64
	for i, v := range y {
		dx := float64(i+1) - mx
		sxx += dx * dx
		sxy += dx * (v - my)
	}
	r := lineFit{slope: sxy / sxx}
	r.interception = my - r.slope*mx
	r.fit = make([]float64, len(y))
	var ssRes, ssTot float64
	for i, v := range y {
		f := r.slope*float64(i+1) + r.interception
		r.fit[i] = f
		ssRes += (v - f) * (v - f)
		ssTot += (v - my) * (v - my)
	}
	r.variance = sampleVariance(len(y), sy, syy)
	r.rvariance = ssRes / (n - 1)
	r.rsquare = 1 - ssRes/ssTot
	return r
}

// sampleVariance uses the same form as series_stats.
func sampleVariance(count int, sum, sumSq float64) float64 {
	if count < 2 {
		return 0
	}
	n := float64(count)
	return (n*sumSq - sum*sum) / (n * (n - 1))
}

func lineRow(asBag bool) func() func([]any) any {
	return func() func([]any) any {
		var buf []float64
		return func(row []any) any {
			a, ok := asArray(row[0])
			if !ok {
				return nil
			}
			var all bool
			buf, all = reals(buf, a)
			if !all || len(buf) == 0 {
				if asBag {
					return nil
				}
				return make([]any, len(lineOutputs))
			}
			r := fitLine(buf)
			vals := []any{r.rsquare, r.slope, r.variance, r.rvariance, r.interception, boxReals(r.fit)}
			if !asBag {
				return vals
			}
			b := value.NewBag(len(vals))
			for i, o := range lineOutputs {
				b.Set(o.suffix, vals[i])
			}
			return b
		}
	}
}

func polyRow() func([]any) any {
	var ys, xs []float64
	return func(row []any) any {
		null := make([]any, len(polyOutputs))
		a, ok := asArray(row[0])
		if !ok {
			return nil
		}
		var all bool
		if ys, all = reals(ys, a); !all || len(ys) == 0 {
			return null
		}
		if len(row) > 1 && row[1] != nil {
			xa, ok := asArray(row[1])
			if !ok || len(xa) != len(a) {
				return null
			}
			if xs, all = reals(xs, xa); !all {
				return null
			}
		} else {
			if cap(xs) < len(ys) {
				xs = make([]float64, len(ys))
			}
			xs = xs[:len(ys)]
			for i := range xs {
				xs[i] = float64(i + 1)
			}
		}
		degree, ok := longArg(row, 2, 1)
		if !ok || degree < 1 || int(degree) >= len(ys) {
			return null
		}
		coef, ok := polyFit(xs, ys, int(degree))
		if !ok {
			return null
		}
		var sy, syy, ssRes, ssTot float64
		for _, v := range ys {
			sy += v
			syy += v * v
		}
		my := sy / float64(len(ys))
		fit := make([]float64, len(ys))
		for i, x := range xs {
			f := 0.0
			for _, c := range coef {
				f = f*x + c
			}
			fit[i] = f
			ssRes += (ys[i] - f) * (ys[i] - f)
			ssTot += (ys[i] - my) * (ys[i] - my)
		}
		return []any{1 - ssRes/ssTot, boxReals(coef), sampleVariance(len(ys), sy, syy), ssRes / float64(len(ys)-1), boxReals(fit)}
	}
}

// polyFit solves the least-squares polynomial of degree d through
// (x, y) by Householder QR of the Vandermonde matrix, returning the
// coefficients from the highest power down; ok=false when the matrix is
// rank-deficient.
func polyFit(x, y []float64, d int) ([]float64, bool) {
	n, m := len(x), d+1
	// a is column-major: column j holds x^(d-j).
	a := make([]float64, n*m)
	for i, xi := range x {
		p := 1.0
		for j := m - 1; j >= 0; j-- {
			a[j*n+i] = p
			p *= xi
		}
	}
	b := append([]float64(nil), y...)
	for k := 0; k < m; k++ {
		col := a[k*n : (k+1)*n]
		norm := 0.0
		for i := k; i < n; i++ {
			norm = math.Hypot(norm, col[i])
		}
		if norm == 0 {
			return nil, false
		}
		if col[k] > 0 {
			norm = -norm
		}
		// v = col[k:] - norm*e_k, stored in place; R[k][k] = norm.
		col[k] -= norm
		vv := 0.0
		for i := k; i < n; i++ {
			vv += col[i] * col[i]
		}
		reflect := func(c []float64) {
			s := 0.0
			for i := k; i < n; i++ {
				s += col[i] * c[i]
			}
			s = 2 * s / vv
			for i := k; i < n; i++ {
				c[i] -= s * col[i]
			}
		}
		for j := k + 1; j < m; j++ {
			reflect(a[j*n : (j+1)*n])
		}
		reflect(b)
		col[k] = norm // the diagonal of R; the rest of col is scratch now
	}
	coef := make([]float64, m)
	for k := m - 1; k >= 0; k-- {
		s := b[k]
		for j := k + 1; j < m; j++ {
			s -= a[j*n+k] * coef[j]
		}
		coef[k] = s / a[k*n+k]
	}
	return coef, true
}
