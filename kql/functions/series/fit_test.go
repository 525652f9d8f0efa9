package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
)

func TestFitLine(t *testing.T) {
	runCases(t, []tcase{
		// A perfect line y = 2x + 1 over x = 1..4.
		{"series_fit_line", []targ{dyn(`[3, 5, 7, 9]`)}, "[1.0,2.0,6.666666666666667,0.0,1.0,[3.0,5.0,7.0,9.0]]"},
		{"series_fit_line_dynamic", []targ{dyn(`[3, 5, 7, 9]`)}, "{rsquare:1.0,slope:2.0,variance:6.666666666666667,rvariance:0.0,interception:1.0,line_fit:[3.0,5.0,7.0,9.0]}"},
		{"series_fit_line", []targ{dyn(`[1, null, 3]`)}, "[null,null,null,null,null,null]"},
		{"series_fit_line", []targ{dyn(`[]`)}, "[null,null,null,null,null,null]"},
		{"series_fit_line", []targ{dyn(`null`)}, "null"},
		{"series_fit_line_dynamic", []targ{dyn(`["a"]`)}, "null"},
		{"series_fit_line", []targ{dyn(`[1]`), dyn(`[1]`)}, "error: expects 1"},
	})
}

// TestFitLineNoisy checks the documented definitions on noisy data:
// variance is the sample variance, rvariance the squared residuals over
// n-1, rsquare 1 - SSres/SStot (the documentation's example has 0.982,
// 2.730, 98.628, 1.686 and -1.666 for its data under these rules).
func TestFitLineNoisy(t *testing.T) {
	y := []float64{4, 3, 8, 9, 13, 12, 17}
	r := fntest.One(t, "series_fit_line_dynamic", dyn(`[4, 3, 8, 9, 13, 12, 17]`))
	bag := show(r)
	n := float64(len(y))
	var sx, sy, sxx, sxy float64
	for i, v := range y {
		x := float64(i + 1)
		sx += x
		sy += v
		sxx += x * x
		sxy += x * v
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	icpt := (sy - slope*sx) / n
	var ssRes, ssTot float64
	for i, v := range y {
		f := slope*float64(i+1) + icpt
		ssRes += (v - f) * (v - f)
		ssTot += (v - sy/n) * (v - sy/n)
	}
	got := r.(interface{ Get(string) (any, bool) })
	check := func(key string, want float64) {
		v, _ := got.Get(key)
		f, ok := v.(float64)
		if !ok || !near(f, want) {
			t.Errorf("%s = %v, want %v (%s)", key, v, want, bag)
		}
	}
	check("slope", slope)
	check("interception", icpt)
	check("rsquare", 1-ssRes/ssTot)
	check("variance", ssTot/(n-1))
	check("rvariance", ssRes/(n-1))
}

func TestFitPoly(t *testing.T) {
	// y = x^2 - 2x + 3 over x = 1..5: an exact quadratic.
	r := fntest.One(t, "series_fit_poly", dyn(`[2, 3, 6, 11, 18]`), dyn(`null`), lng(2)).([]any)
	coef := floats(t, r[1])
	want := []float64{1, -2, 3}
	for i := range want {
		if !near(coef[i]+10, want[i]+10) {
			t.Errorf("coefficients %v, want %v", coef, want)
			break
		}
	}
	if rs := r[0].(float64); !near(rs, 1) {
		t.Errorf("rsquare %v", rs)
	}
	fit := floats(t, r[4])
	for i, v := range []float64{2, 3, 6, 11, 18} {
		if !near(fit[i]+10, v+10) {
			t.Errorf("poly_fit %v", fit)
			break
		}
	}
	// Degree 1 agrees with series_fit_line.
	p := fntest.One(t, "series_fit_poly", dyn(`[4, 3, 8, 9, 13, 12, 17]`)).([]any)
	l := fntest.One(t, "series_fit_line", dyn(`[4, 3, 8, 9, 13, 12, 17]`)).([]any)
	pc := floats(t, p[1])
	if !near(pc[0], l[1].(float64)) || !near(pc[1], l[4].(float64)) || !near(p[0].(float64), l[0].(float64)) ||
		!near(p[2].(float64), l[2].(float64)) || !near(p[3].(float64), l[3].(float64)) {
		t.Errorf("degree 1 %s differs from fit_line %s", show(p), show(l))
	}
	// An explicit x axis: y = 3x - 1 on uneven points.
	q := fntest.One(t, "series_fit_poly", dyn(`[-1, 5, 29]`), dyn(`[0, 2, 10]`), lng(1)).([]any)
	qc := floats(t, q[1])
	if !near(qc[0], 3) || !near(qc[1], -1) {
		t.Errorf("uneven fit %v", qc)
	}
	runCases(t, []tcase{
		{"series_fit_poly", []targ{dyn(`[1, 2]`), dyn(`[1, 2, 3]`), lng(1)}, "[null,null,null,null,null]"},
		{"series_fit_poly", []targ{dyn(`[1, 2]`), dyn(`null`), lng(2)}, "[null,null,null,null,null]"},
		{"series_fit_poly", []targ{dyn(`[1, "a", 3]`)}, "[null,null,null,null,null]"},
		{"series_fit_poly", []targ{dyn(`[1, 2, 3]`), lng(2)}, "error: dynamic array"},
		{"series_fit_poly", []targ{dyn(`[1, 2, 3]`), dyn(`null`), rl(2)}, "error: integer"},
	})
}
