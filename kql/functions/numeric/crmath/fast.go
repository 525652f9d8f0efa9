package crmath

import "math"

// Fast paths (Ziv's strategy): exp and log are first computed to about
// 2^-86 with a table and short polynomials, and the result is used when
// that error bound cannot change its rounding; otherwise (about once in
// 10^8 calls) the full double-double computation decides.

const (
	// epsExp bounds the relative error of expFast.
	epsExp = 0x1p-82
	// epsLog bounds the absolute error of logFast.
	epsLog = 0x1p-82
)

// expTable[j] = 2^(j/64) to double-double accuracy.
var expTable = makeExpTable()

// ln2Over64 is ln(2)/64 in three parts (exact divisions of ln2's).
var ln2Over64 = [3]float64{ln2[0] / 64, ln2[1] / 64, ln2[2] / 64}

var sixth = ddOf(1).div(ddOf(6))

func makeExpTable() (t [64]dd) {
	for j := range t {
		x := ddOf(ln2[0]).add(ddOf(ln2[1])).mulF(float64(j) / 64)
		m, k := expSlow(x)
		t[j] = dd{math.Ldexp(m.hi, k), math.Ldexp(m.lo, k)}
	}
	return t
}

// expFast returns m and k with e^x = m * 2^k within a relative error of
// epsExp, for |x| <= about 745.
func expFast(x dd) (dd, int) {
	kf := math.Round(x.hi * (64 * invLn2.hi))
	r := x.sub(twoProd(kf, ln2Over64[0])).sub(twoProd(kf, ln2Over64[1])).addF(-kf * ln2Over64[2])
	ki := int64(kf)
	j := ki & 63
	k := int((ki - j) / 64)
	// e^r - 1 for |r| <= ln2/128: r + r^2/2 + r^3/6 in double-double,
	// the rest (below 4e-11) in double.
	rh := r.hi
	r2 := twoProd(rh, rh)
	r2.lo += 2 * rh * r.lo
	r3 := r2.mulF(rh)
	tail := r3.hi * rh * (1.0/24 + rh*(1.0/120+rh*(1.0/720+rh*(1.0/5040))))
	em1 := r.add(r2.mulF(0.5)).add(r3.mul(sixth)).addF(tail)
	t := expTable[j]
	return t.add(t.mul(em1)), k
}

// logFast returns ln x within an absolute error of epsLog; ok=false
// near 1, where the absolute bound would not be relative enough.
func logFast(x float64) (dd, bool) {
	if x > 15.0/16 && x < 17.0/16 {
		return dd{}, false
	}
	y0 := math.Log(x)
	m, k := expFast(ddOf(-y0))
	xs := math.Ldexp(x, k)
	t := m.mulF(xs).addF(-1)
	t = t.sub(t.mul(t).mulF(0.5))
	return ddOf(y0).add(t), true
}

// roundSafe rounds a double-double whose relative error is below eps;
// ok=false when the error could move it across a rounding boundary.
func roundSafe(a dd, eps float64) (float64, bool) {
	h := a.hi + a.lo
	l := a.lo - (h - a.hi)
	if h == 0 || math.IsInf(h, 0) || math.IsNaN(h) {
		return h, false
	}
	// The smaller of the two ulps around h (they differ at powers of
	// two) bounds the distance to the nearest midpoint.
	u := math.Abs(h - math.Nextafter(h, 0))
	return h, math.Abs(l)+eps*math.Abs(h) < u/2
}
