package crmath

import (
	"math"
	"math/big"
	"sync"
)

// invFact[n] is 1/n! and invOdd[k] is 1/(2k+1), as double-doubles.
// (Package-level initializers, so that Go orders them before the tables
// that use them.)
var invFact, invOdd = makeInverses()

func makeInverses() (f, o [32]dd) {
	f[0] = ddOf(1)
	for n := 1; n < len(f); n++ {
		f[n] = f[n-1].div(ddOf(float64(n)))
	}
	for k := range o {
		o[k] = ddOf(1).div(ddOf(float64(2*k + 1)))
	}
	return f, o
}

// expSlow returns m and k with e^x = m * 2^k, for |x| <= about 745,
// to full double-double accuracy.
func expSlow(x dd) (dd, int) {
	kf := math.Round(x.hi * invLn2.hi)
	r := x.sub(twoProd(kf, ln2[0])).sub(twoProd(kf, ln2[1])).addF(-kf * ln2[2])
	// expm1 of r/1024 by its series, then (1+e)^2 - 1 = 2e + e^2 ten
	// times: the series converges fast and no digits cancel.
	s := dd{math.Ldexp(r.hi, -10), math.Ldexp(r.lo, -10)}
	acc := invFact[9]
	for n := 8; n >= 1; n-- {
		acc = acc.mul(s).add(invFact[n])
	}
	e := acc.mul(s)
	for i := 0; i < 10; i++ {
		e = e.mulF(2).add(e.mul(e))
	}
	return e.addF(1), int(kf)
}

// Exp returns e^x.
func Exp(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.782712893384:
		return math.Inf(1)
	case x < -708:
		// Subnormal results would be rounded twice; math.Exp is as
		// good there.
		return math.Exp(x)
	case x == 0:
		return 1
	}
	m, k := expFast(ddOf(x))
	if v, ok := roundSafe(m, epsExp); ok {
		return math.Ldexp(v, k)
	}
	m, k = expSlow(ddOf(x))
	return math.Ldexp(m.round(), k)
}

// logSlow returns ln x for a finite x > 0 to full double-double
// accuracy.
func logSlow(x float64) dd {
	if x > 15.0/16 && x < 17.0/16 {
		// ln x = 2 atanh(u), u = (x-1)/(x+1): no cancellation near 1.
		f := x - 1
		u := ddOf(f).div(twoSum(2, f))
		v := u.mul(u)
		acc := invOdd[12]
		for k := 11; k >= 0; k-- {
			acc = acc.mul(v).add(invOdd[k])
		}
		return acc.mul(u).mulF(2)
	}
	// One Newton step from math.Log: y = y0 + t - t^2/2 with
	// t = x e^-y0 - 1, e^-y0 taken in double-double.
	y0 := math.Log(x)
	m, k := expSlow(ddOf(-y0))
	xs := math.Ldexp(x, k)
	t := m.mulF(xs).addF(-1)
	t = t.sub(t.mul(t).mulF(0.5))
	return ddOf(y0).add(t)
}

// Log returns the natural logarithm of x.
func Log(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	case x == 1:
		return 0
	}
	return roundLog(x, dd{1, 0})
}

// roundLog returns ln(x) * scale rounded, by the fast path when its
// error bound allows.
func roundLog(x float64, scale dd) float64 {
	if y, ok := logFast(x); ok {
		if v, ok := roundSafe(y.mul(scale), epsLog/math.Abs(y.hi)); ok {
			return v
		}
	}
	return logSlow(x).mul(scale).round()
}

// Log2 returns the base-2 logarithm of x.
func Log2(x float64) float64 {
	if math.IsNaN(x) || x <= 0 || math.IsInf(x, 1) || x == 1 {
		return math.Log2(x)
	}
	if f, e := math.Frexp(x); f == 0.5 {
		return float64(e - 1)
	}
	return roundLog(x, invLn2)
}

// Log10 returns the base-10 logarithm of x.
func Log10(x float64) float64 {
	if math.IsNaN(x) || x <= 0 || math.IsInf(x, 1) || x == 1 {
		return math.Log10(x)
	}
	return roundLog(x, invLn10)
}

// Pow returns x^y.
func Pow(x, y float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0),
		x == 0, y == 0, x == 1, y == 1:
		return math.Pow(x, y)
	}
	sign := 1.0
	if x < 0 {
		if y != math.Trunc(y) {
			return math.NaN()
		}
		if math.Mod(y, 2) != 0 {
			sign = -1
		}
		x = -x
	}
	if l, ok := logFast(x); ok {
		z := l.mulF(y)
		if z.hi <= 709.78 && z.hi >= -708 {
			m, k := expFast(z)
			// ln x is known to epsLog absolutely, so z to |y|*epsLog.
			if v, ok := roundSafe(m, epsExp+math.Abs(y)*epsLog); ok {
				return sign * math.Ldexp(v, k)
			}
		}
	}
	z := logSlow(x).mulF(y)
	switch {
	case z.hi > 709.782712893384:
		return sign * math.Inf(1)
	case z.hi < -708:
		return sign * math.Pow(x, y)
	}
	m, k := expSlow(z)
	return sign * math.Ldexp(m.round(), k)
}

// Exp2 returns 2^x.
func Exp2(x float64) float64 { return Pow(2, x) }

// Exp10 returns 10^x.
func Exp10(x float64) float64 { return Pow(10, x) }

// sinCosSmall returns sin r and cos r for |r| <= pi/4 by their Taylor
// series (the last terms are below 2^-110 of the result).
func sinCosSmall(r dd) (dd, dd) {
	v := r.mul(r)
	s := sinCoef[len(sinCoef)-1]
	for n := len(sinCoef) - 2; n >= 0; n-- {
		s = s.mul(v).add(sinCoef[n])
	}
	c := cosCoef[len(cosCoef)-1]
	for n := len(cosCoef) - 2; n >= 0; n-- {
		c = c.mul(v).add(cosCoef[n])
	}
	return s.mul(r), c
}

// sinCoef[n] = (-1)^n/(2n+1)!, cosCoef[n] = (-1)^n/(2n)!.
var sinCoef, cosCoef = makeTrigCoefs()

func makeTrigCoefs() (s, c [15]dd) {
	for n := range s {
		s[n], c[n] = invFact[2*n+1], invFact[2*n]
		if n%2 == 1 {
			s[n], c[n] = s[n].neg(), c[n].neg()
		}
	}
	return s, c
}

// reduce returns r and q with x = q*pi/2 + r, |r| <= about pi/4.
func reduce(x float64) (dd, int) {
	if math.Abs(x) <= math.Pi/4 {
		return ddOf(x), 0
	}
	if math.Abs(x) < 1<<29 {
		kf := math.Round(x / pio2[0])
		r := ddOf(x).sub(twoProd(kf, pio2[0])).sub(twoProd(kf, pio2[1])).sub(twoProd(kf, pio2[2])).addF(-kf * pio2[3])
		if math.Abs(r.hi) > 1.0/(1<<20) {
			return r, int(int64(kf) & 3)
		}
	}
	return reduceBig(x)
}

var (
	bigOnce sync.Once
	bigPio2 *big.Float
)

const bigPrec = 1600

// reduceBig reduces x exactly with pi/2 to 1600 bits (enough for any
// double: the largest needs about 1100 bits plus the 160 kept).
func reduceBig(x float64) (dd, int) {
	bigOnce.Do(func() { bigPio2 = new(big.Float).SetPrec(bigPrec).Quo(bigPi(bigPrec), big.NewFloat(2)) })
	bx := new(big.Float).SetPrec(bigPrec).SetFloat64(x)
	q := new(big.Float).SetPrec(bigPrec).Quo(bx, bigPio2)
	// Round to the nearest integer.
	half := big.NewFloat(0.5)
	if q.Sign() < 0 {
		q.Sub(q, half)
	} else {
		q.Add(q, half)
	}
	k, _ := q.Int(nil)
	kf := new(big.Float).SetPrec(bigPrec).SetInt(k)
	r := new(big.Float).SetPrec(bigPrec).Sub(bx, kf.Mul(kf, bigPio2))
	hi, _ := r.Float64()
	lo, _ := new(big.Float).SetPrec(bigPrec).Sub(r, big.NewFloat(hi)).Float64()
	quad := new(big.Int).And(k, big.NewInt(3))
	return dd{hi, lo}, int(quad.Int64())
}

// bigPi computes pi to prec bits with Machin's formula.
func bigPi(prec uint) *big.Float {
	atanInv := func(n int64) *big.Float {
		x := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1), new(big.Float).SetInt64(n))
		x2 := new(big.Float).SetPrec(prec).Mul(x, x)
		sum := new(big.Float).SetPrec(prec).Set(x)
		term := new(big.Float).SetPrec(prec).Set(x)
		eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec)-8)
		for k := int64(3); ; k += 2 {
			term.Mul(term, x2)
			term.Neg(term)
			t := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetInt64(k))
			if new(big.Float).Abs(t).Cmp(eps) < 0 {
				break
			}
			sum.Add(sum, t)
		}
		return sum
	}
	a := atanInv(5)
	a.Mul(a, big.NewFloat(4))
	a.Sub(a, atanInv(239))
	return a.Mul(a, big.NewFloat(4))
}

// sinCos returns sin x and cos x as double-doubles for a finite x.
func sinCos(x float64) (dd, dd) {
	r, q := reduce(x)
	s, c := sinCosSmall(r)
	switch q {
	case 1:
		return c, s.neg()
	case 2:
		return s.neg(), c.neg()
	case 3:
		return c.neg(), s
	}
	return s, c
}

// Sin returns the sine of x.
func Sin(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Sin(x)
	}
	s, _ := sinCos(x)
	return s.round()
}

// Cos returns the cosine of x.
func Cos(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Cos(x)
	}
	_, c := sinCos(x)
	return c.round()
}

// Tan returns the tangent of x.
func Tan(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Tan(x)
	}
	s, c := sinCos(x)
	return s.div(c).round()
}

// Atan returns the arc tangent of x: one Newton step from math.Atan,
// y = y0 + atan((x cos y0 - sin y0)/(cos y0 + x sin y0)).
func Atan(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Atan(x)
	}
	y0 := math.Atan(x)
	s, c := sinCos(y0)
	d := c.mulF(x).sub(s).div(c.add(s.mulF(x)))
	return ddOf(y0).add(d).round()
}

// Asin returns the arc sine of x (NaN outside [-1, 1]).
func Asin(x float64) float64 {
	if x == 0 || math.IsNaN(x) || x >= 1 || x <= -1 {
		return math.Asin(x)
	}
	y0 := math.Asin(x)
	s, c := sinCos(y0)
	d := ddOf(x).sub(s).div(c)
	return ddOf(y0).add(d).round()
}

// Acos returns the arc cosine of x (NaN outside [-1, 1]).
func Acos(x float64) float64 {
	if math.IsNaN(x) || x >= 1 || x <= -1 {
		return math.Acos(x)
	}
	y0 := math.Acos(x)
	s, c := sinCos(y0)
	d := c.sub(ddOf(x)).div(s)
	return ddOf(y0).add(d).round()
}

// Atan2 returns the angle of the point (x, y).
func Atan2(y, x float64) float64 {
	if x == 0 || y == 0 || math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Atan2(y, x)
	}
	// Scale both by the same power of two so the products below
	// neither overflow nor underflow; give up if that loses bits.
	_, ey := math.Frexp(y)
	_, ex := math.Frexp(x)
	e := max(ey, ex)
	ys, xs := math.Ldexp(y, -e), math.Ldexp(x, -e)
	if math.Ldexp(ys, e) != y || math.Ldexp(xs, e) != x {
		return math.Atan2(y, x)
	}
	t0 := math.Atan2(y, x)
	s, c := sinCos(t0)
	d := c.mulF(ys).sub(s.mulF(xs)).div(c.mulF(xs).add(s.mulF(ys)))
	return ddOf(t0).add(d).round()
}
