// Package crmath computes elementary functions to double-double
// precision (about 106 bits) and rounds once, so the results are the
// correctly rounded doubles except in astronomically rare cases.
//
// Kusto prints reals with 17 significant digits and its runtime's libm
// returns correctly rounded values for the documented examples
// (log2(5) = 2.3219280948873622, tan(1) = 1.5574077246549023), while
// Go's math package is allowed an error of one ulp and differs in the
// last digit for a few percent of arguments. The functions here are
// several times slower than package math but still well under a
// microsecond.
package crmath

import "math"

// dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func (a dd) add(b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) sub(b dd) dd { return a.add(b.neg()) }

func (a dd) addF(b float64) dd {
	s := twoSum(a.hi, b)
	s.lo += a.lo
	return quickTwoSum(s.hi, s.lo)
}

func (a dd) mul(b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p.hi, p.lo)
}

func (a dd) mulF(b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += a.lo * b
	return quickTwoSum(p.hi, p.lo)
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.sub(b.mulF(q1))
	q2 := r.hi / b.hi
	r = r.sub(b.mulF(q2))
	q3 := r.hi / b.hi
	q := quickTwoSum(q1, q2)
	return q.addF(q3)
}

// round returns the double nearest to the double-double.
func (a dd) round() float64 { return a.hi + a.lo }

func ddOf(x float64) dd { return dd{x, 0} }

// Constants to about 160 bits, as sums of doubles.
var (
	ln2     = [3]float64{0.6931471805599453, 2.3190468138462996e-17, 5.707708438416212e-34}
	invLn2  = dd{1.4426950408889634, 2.0355273740931033e-17}
	invLn10 = dd{0.4342944819032518, 1.098319650216765e-17}
	pio2    = [4]float64{1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33, 5.562271104316826e-50}
)
