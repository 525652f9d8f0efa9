package value

import (
	"errors"
	"math/big"
	"math/bits"
)

// Decimal arithmetic is exact. A result whose integer part needs more
// than 38 digits is an overflow (ErrDecOverflow); fractional digits past
// 38 significant digits are rounded half away from zero, as SqlDecimal
// reduces the scale. The 128-bit fast paths cover ordinary values;
// math/big is used only when an intermediate passes 128 bits.

// ErrDecOverflow is a decimal result with more than 38 integer digits.
var ErrDecOverflow = errors.New("decimal overflow: the result needs more than 38 digits; convert to real with toreal() for an approximate answer")

// ErrDecInexact is a decimal quotient that has no exact 38-digit value.
var ErrDecInexact = errors.New("decimal division whose quotient does not end within 38 digits is not supported: Kusto's rounding rule for it is not documented; divide reals (toreal()) instead")

// DecAdd returns a+b.
func DecAdd(a, b Dec) (Dec, error) {
	am, bm := a.mag(), b.mag()
	s := int(max(a.Scale, b.Scale))
	var ok1, ok2 bool
	am, ok1 = scaleUp(am, s-int(a.Scale))
	bm, ok2 = scaleUp(bm, s-int(b.Scale))
	if ok1 && ok2 {
		if a.Neg == b.Neg {
			if m, ok := addU(am, bm); ok {
				return fit(m, s, a.Neg)
			}
		} else if cmpU(am, bm) >= 0 {
			return fit(subU(am, bm), s, a.Neg)
		} else {
			return fit(subU(bm, am), s, b.Neg)
		}
	}
	x, y := a.big(s), b.big(s)
	return fitBig(x.Add(x, y), s)
}

// DecSub returns a-b.
func DecSub(a, b Dec) (Dec, error) { return DecAdd(a, b.Negate()) }

// DecMul returns a×b.
func DecMul(a, b Dec) (Dec, error) {
	s := int(a.Scale) + int(b.Scale)
	neg := a.Neg != b.Neg
	if m, ok := mulU(a.mag(), b.mag()); ok {
		return fit(m, s, neg)
	}
	x, y := a.big(int(a.Scale)), b.big(int(b.Scale))
	return fitBig(x.Mul(x, y), s)
}

// DecDiv returns a/b; ok is false for division by zero (a null, as for
// integers). The quotient must be exact within 38 digits (ErrDecInexact
// otherwise).
func DecDiv(a, b Dec) (Dec, bool, error) {
	if b.IsZero() {
		return Dec{}, false, nil
	}
	neg := a.Neg != b.Neg
	// a/b = (am·10^bs / bm) / 10^as: long division, one digit at a time.
	num, ok := scaleUp(a.mag(), int(b.Scale))
	bm := b.mag()
	if ok && bm.hi == 0 && bm.lo <= 1<<63 {
		d := bm.lo
		q, r := divSmall(num, d)
		s := int(a.Scale)
		for r != 0 && s < DecDigits+DecDigits {
			hi, lo := bits.Mul64(r, 10)
			var digit uint64
			digit, r = bits.Div64(hi, lo, d)
			q2, ok1 := mulSmall(q, 10)
			q3, ok2 := addU(q2, u128{lo: digit})
			if !ok1 || !ok2 || cmpU(q3, decMax) >= 0 {
				return Dec{}, false, ErrDecInexact
			}
			q, s = q3, s+1
		}
		if r != 0 || s > DecDigits {
			return Dec{}, false, ErrDecInexact
		}
		res, err := fit(q, s, neg)
		return res, err == nil, err
	}
	// Exact rational: the quotient ends iff the reduced denominator has
	// only factors 2 and 5.
	x, y := a.big(int(b.Scale)), b.big(0)
	x.Abs(x)
	y.Abs(y)
	g := new(big.Int).GCD(nil, nil, x, y)
	x.Quo(x, g)
	y.Quo(y, g)
	s := int(a.Scale)
	two, five := big.NewInt(2), big.NewInt(5)
	rem := new(big.Int)
	for y.Cmp(big.NewInt(1)) != 0 {
		switch {
		case rem.Rem(y, two).Sign() == 0:
			y.Quo(y, two)
			x.Mul(x, five)
		case rem.Rem(y, five).Sign() == 0:
			y.Quo(y, five)
			x.Mul(x, two)
		default:
			return Dec{}, false, ErrDecInexact
		}
		s++
	}
	if neg {
		x.Neg(x)
	}
	if s > DecDigits {
		return Dec{}, false, ErrDecInexact
	}
	res, err := fitBig(x, s)
	return res, err == nil, err
}

// DecMod returns a modulo b, never negative (as Kusto's modulo of
// numbers); ok is false for modulo by zero.
func DecMod(a, b Dec) (Dec, bool, error) {
	if b.IsZero() {
		return Dec{}, false, nil
	}
	s := int(max(a.Scale, b.Scale))
	am, ok1 := scaleUp(a.mag(), s-int(a.Scale))
	bm, ok2 := scaleUp(b.mag(), s-int(b.Scale))
	var r u128
	if ok1 && ok2 && bm.hi == 0 {
		_, rl := divSmall(am, bm.lo)
		r = u128{lo: rl}
	} else {
		x, y := new(big.Int), new(big.Int)
		x.Rem(a.big(s), b.big(s))
		y.Abs(b.big(s))
		x.Abs(x)
		r = fromBig(x)
		bm = fromBig(y)
	}
	if a.Neg && !r.isZero() {
		r = subU(bm, r)
	}
	res, err := fit(r, s, false)
	return res, err == nil, err
}

// fit makes a canonical Dec of a computed magnitude.
func fit(m u128, scale int, neg bool) (Dec, error) {
	d, ok := makeDec(m, scale, neg)
	if !ok {
		return Dec{}, ErrDecOverflow
	}
	return d, nil
}

// fitBig is fit for a signed big integer scaled by 10^scale.
func fitBig(x *big.Int, scale int) (Dec, error) {
	neg := x.Sign() < 0
	x.Abs(x)
	// Truncate fractional digits until the magnitude has at most 38
	// digits, keeping the last dropped digit for one rounding step.
	lim := decMax.big()
	ten, r := big.NewInt(10), new(big.Int)
	last := int64(-1)
	for (x.Cmp(lim) >= 0 || scale > DecDigits) && scale > 0 {
		x.QuoRem(x, ten, r)
		last = r.Int64()
		scale--
	}
	if last >= 5 {
		x.Add(x, big.NewInt(1))
	}
	if x.BitLen() > 128 {
		return Dec{}, ErrDecOverflow
	}
	return fit(fromBig(x), scale, neg)
}

func fromBig(x *big.Int) u128 {
	var b [16]byte
	x.FillBytes(b[:])
	var m u128
	for i := 0; i < 8; i++ {
		m.hi = m.hi<<8 | uint64(b[i])
		m.lo = m.lo<<8 | uint64(b[8+i])
	}
	return m
}

func (a u128) big() *big.Int {
	x := new(big.Int).SetUint64(a.hi)
	x.Lsh(x, 64)
	return x.Or(x, new(big.Int).SetUint64(a.lo))
}

// big returns d's signed value times 10^scale (scale >= d.Scale).
func (d Dec) big(scale int) *big.Int {
	x := d.mag().big()
	if k := scale - int(d.Scale); k > 0 {
		x.Mul(x, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	}
	if d.Neg {
		x.Neg(x)
	}
	return x
}

// DecBin is bin(x, size): floor(x / size) × size, exact; ok is false for
// a size that is not positive.
func DecBin(x, size Dec) (Dec, bool, error) {
	if size.IsZero() || size.Neg {
		return Dec{}, false, nil
	}
	s := int(max(x.Scale, size.Scale))
	xm, ok1 := scaleUp(x.mag(), s-int(x.Scale))
	sm, ok2 := scaleUp(size.mag(), s-int(size.Scale))
	if ok1 && ok2 && sm.hi == 0 {
		q, r := divSmall(xm, sm.lo)
		if x.Neg && r != 0 {
			q, _ = addU(q, u128{lo: 1}) // floor toward negative infinity
		}
		if m, ok := mulU(q, sm); ok {
			d, err := fit(m, s, x.Neg)
			return d, err == nil, err
		}
	}
	xb, sb := x.big(s), size.big(s)
	q := new(big.Int).Div(xb, sb) // Euclidean, so floor for sb > 0
	d, err := fitBig(q.Mul(q, sb), s)
	return d, err == nil, err
}

// DecFloor rounds d toward negative infinity to a multiple of 10^-digits
// (digits may be negative); DecRound rounds half away from zero.
func DecFloor(d Dec, digits int) (Dec, error) { return decRoundTo(d, digits, false) }

// DecRound rounds d half away from zero to digits fractional digits.
func DecRound(d Dec, digits int) (Dec, error) { return decRoundTo(d, digits, true) }

func decRoundTo(d Dec, digits int, half bool) (Dec, error) {
	if digits >= int(d.Scale) {
		return d, nil
	}
	if digits < -DecDigits {
		digits = -DecDigits - 1
	}
	drop := int(d.Scale) - digits
	x := d.big(int(d.Scale))
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(drop)), nil)
	q, r := new(big.Int).QuoRem(x, unit, new(big.Int)) // truncated toward zero
	if half {
		r2 := new(big.Int).Abs(r)
		r2.Mul(r2, big.NewInt(2))
		if r2.Cmp(unit) >= 0 {
			if x.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	} else if r.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	if digits < 0 {
		q.Mul(q, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-digits)), nil))
		digits = 0
	}
	return fitBig(q, digits)
}
