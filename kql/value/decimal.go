package value

import (
	"math"
	"math/bits"
	"strconv"
)

// Dec is an exact Kusto decimal: (-1)^Neg × (Hi·2⁶⁴ + Lo) / 10^Scale.
// The magnitude has at most DecDigits digits (as SqlDecimal) and the
// form is canonical: no trailing zeros after the point and no negative
// zero, so two equal decimals are equal structs (hashing and grouping
// rely on it). Column vectors hold decimals in this form; boxed values
// are Decimal text.
type Dec struct {
	Lo, Hi uint64
	Scale  uint8
	Neg    bool
}

// DecDigits is the most significant digits a decimal holds.
const DecDigits = 38

// u128 is an unsigned 128-bit magnitude.
type u128 struct{ lo, hi uint64 }

var pow10 [DecDigits + 1]u128

// decMax is 10^38, one past the largest magnitude.
var decMax u128

func init() {
	p := u128{lo: 1}
	for i := range pow10 {
		pow10[i] = p
		p, _ = mulSmall(p, 10)
	}
	decMax = p
}

func (a u128) isZero() bool { return a.lo == 0 && a.hi == 0 }

func cmpU(a, b u128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

func addU(a, b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	return u128{lo, hi}, c == 0
}

// subU is a-b for a >= b.
func subU(a, b u128) u128 {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, br)
	return u128{lo, hi}
}

func mulSmall(a u128, m uint64) (u128, bool) {
	h1, lo := bits.Mul64(a.lo, m)
	h2, l2 := bits.Mul64(a.hi, m)
	hi, c := bits.Add64(h1, l2, 0)
	return u128{lo, hi}, h2 == 0 && c == 0
}

func mulU(a, b u128) (u128, bool) {
	if a.hi != 0 && b.hi != 0 {
		return u128{}, false
	}
	if b.hi != 0 {
		a, b = b, a
	}
	return mulSmall(a, b.lo)
}

// divSmall is a / d and a % d.
func divSmall(a u128, d uint64) (u128, uint64) {
	qh, r := a.hi/d, a.hi%d
	ql, r := bits.Div64(r, a.lo, d)
	return u128{ql, qh}, r
}

// scaleUp multiplies a by 10^k; ok is false past 128 bits.
func scaleUp(a u128, k int) (u128, bool) {
	if k == 0 {
		return a, true
	}
	if k > DecDigits {
		return u128{}, a.isZero()
	}
	return mulU(a, pow10[k])
}

// dropDigits divides a by 10^k, rounding half away from zero.
func dropDigits(a u128, k int) u128 {
	if k <= 0 {
		return a
	}
	var r uint64
	for ; k > 1; k-- {
		a, _ = divSmall(a, 10)
	}
	a, r = divSmall(a, 10)
	if r >= 5 {
		a, _ = addU(a, u128{lo: 1})
	}
	return a
}

// makeDec builds a canonical Dec; ok is false when the magnitude needs
// more than 38 digits even after rounding away fractional digits
// (rounding keeps the integer part exact, as SqlDecimal reduces scale).
func makeDec(m u128, scale int, neg bool) (Dec, bool) {
	// One rounding step: half away from zero needs only the first dropped
	// digit, and rounding twice could carry wrongly.
	drop := max(scale-DecDigits, numDigits(m)-DecDigits, 0)
	if drop > scale {
		return Dec{}, false
	}
	if drop > 0 {
		m = dropDigits(m, drop)
		scale -= drop
		if cmpU(m, decMax) >= 0 {
			// The rounding carried to 10^38: drop an exact zero.
			if scale == 0 {
				return Dec{}, false
			}
			m, _ = divSmall(m, 10)
			scale--
		}
	}
	for scale > 0 {
		q, r := divSmall(m, 10)
		if r != 0 {
			break
		}
		m = q
		scale--
	}
	if m.isZero() {
		return Dec{}, true
	}
	return Dec{Lo: m.lo, Hi: m.hi, Scale: uint8(scale), Neg: neg}, true
}

// numDigits counts m's decimal digits (0 for zero).
func numDigits(m u128) int {
	n := 0
	for n < len(pow10) && cmpU(m, pow10[n]) >= 0 {
		n++
	}
	if n == len(pow10) {
		// At least 10^38; m < 2^128 < 10^39.
		return DecDigits + 1
	}
	return n
}

func (d Dec) mag() u128 { return u128{d.Lo, d.Hi} }

// IsZero reports whether d is zero.
func (d Dec) IsZero() bool { return d.Lo == 0 && d.Hi == 0 }

// DecFromInt returns x as a decimal.
func DecFromInt(x int64) Dec {
	if x < 0 {
		return Dec{Lo: uint64(-x), Neg: true} // -MinInt64 wraps to 2^63, right as unsigned
	}
	return Dec{Lo: uint64(x)}
}

// DecFromFloat returns f as a decimal: its shortest round-trip decimal
// digits (so 0.1 is exactly 0.1), fractional digits past the 38th place
// rounded off. ok is false for NaN, infinities and magnitudes of 10^38 or
// more.
func DecFromFloat(f float64) (Dec, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Dec{}, false
	}
	var buf [32]byte
	return parseDec(strconv.AppendFloat(buf[:0], f, 'e', -1, 64), true)
}

// ParseDec parses decimal text: an optional sign, digits with an optional
// point, an optional exponent (1e5), surrounding spaces allowed. ok is
// false for anything else and for values needing more than 38 digits.
func ParseDec(s string) (Dec, bool) { return parseDec(s, false) }

func parseDec[T string | []byte](s T, round bool) (Dec, bool) {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	neg := false
	if i < j && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	// Digits: integer part [i0,i1), fraction [f0,f1).
	i0 := i
	for i < j && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	i1, f0, f1 := i, i, i
	if i < j && s[i] == '.' {
		i++
		f0 = i
		for i < j && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		f1 = i
	}
	if i1 == i0 && f1 == f0 {
		return Dec{}, false
	}
	exp := 0
	if i < j && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < j && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i == j {
			return Dec{}, false
		}
		for ; i < j && s[i] >= '0' && s[i] <= '9'; i++ {
			if exp < 1000 {
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if eneg {
			exp = -exp
		}
	}
	if i != j {
		return Dec{}, false
	}
	for i0 < i1 && s[i0] == '0' {
		i0++
	}
	for f1 > f0 && s[f1-1] == '0' {
		f1--
	}
	scale := (f1 - f0) - exp
	ndig := (i1 - i0) + (f1 - f0)
	if i0 == i1 {
		// No integer digits: leading fraction zeros are not significant.
		for f0 < f1 && s[f0] == '0' {
			f0++
		}
		ndig = f1 - f0
	}
	if ndig == 0 {
		return Dec{}, true
	}
	pad := 0
	if scale < 0 {
		pad, scale = -scale, 0
	}
	// Digits beyond the 38th are rounded off only for the fraction of
	// an inexact source (a real); text must fit exactly.
	drop := 0
	if ndig+pad > DecDigits || scale > DecDigits {
		if !round || ndig+pad-scale > DecDigits {
			return Dec{}, false
		}
		drop = max(ndig+pad-DecDigits, scale-DecDigits)
		if drop > ndig {
			return Dec{}, true // rounds to zero
		}
	}
	var m u128
	k := 0
	var next byte = '0'
	add := func(c byte) {
		if k < ndig-drop {
			m, _ = mulSmall(m, 10)
			m, _ = addU(m, u128{lo: uint64(c - '0')})
		} else if k == ndig-drop {
			next = c
		}
		k++
	}
	for p := i0; p < i1; p++ {
		add(s[p])
	}
	for p := f0; p < f1; p++ {
		add(s[p])
	}
	if next >= '5' {
		m, _ = addU(m, u128{lo: 1})
	}
	if drop == 0 {
		var ok bool
		if m, ok = scaleUp(m, pad); !ok {
			return Dec{}, false
		}
	}
	return makeDec(m, scale-drop, neg)
}

// AppendDec appends d in plain notation (no exponent), as Kusto writes
// decimals.
func AppendDec(dst []byte, d Dec) []byte {
	var buf [40]byte
	p := len(buf)
	m := d.mag()
	for !m.isZero() {
		var r uint64
		m, r = divSmall(m, 1e19)
		for k := 0; k < 19 && (r != 0 || !m.isZero()); k++ {
			p--
			buf[p] = byte('0' + r%10)
			r /= 10
		}
	}
	digits := buf[p:]
	if len(digits) == 0 {
		return append(dst, '0')
	}
	if d.Neg {
		dst = append(dst, '-')
	}
	sc := int(d.Scale)
	if sc == 0 {
		return append(dst, digits...)
	}
	if sc >= len(digits) {
		dst = append(dst, '0', '.')
		for k := len(digits); k < sc; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-sc]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-sc:]...)
}

// String is d in plain notation.
func (d Dec) String() string { return string(AppendDec(nil, d)) }

// Box returns d as the boxed Decimal text.
func (d Dec) Box() Decimal { return Decimal(d.String()) }

// DecOf converts a boxed value to a decimal: Decimal text, integers and
// reals; ok is false for anything else.
func DecOf(x any) (Dec, bool) {
	switch y := x.(type) {
	case Dec:
		return y, true
	case Decimal:
		return ParseDec(string(y))
	case int64:
		return DecFromInt(y), true
	case int32:
		return DecFromInt(int64(y)), true
	case int:
		return DecFromInt(int64(y)), true
	case float64:
		return DecFromFloat(y)
	}
	return Dec{}, false
}

var pow10f = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// Float returns the real nearest to d.
func (d Dec) Float() float64 {
	var f float64
	if d.Hi == 0 && d.Lo <= 1<<53 && int(d.Scale) < len(pow10f) {
		// Both operands are exact reals, so the quotient is correctly
		// rounded.
		f = float64(d.Lo) / pow10f[d.Scale]
	} else {
		var buf [48]byte
		f, _ = strconv.ParseFloat(string(AppendDec(buf[:0], Dec{Lo: d.Lo, Hi: d.Hi, Scale: d.Scale})), 64)
	}
	if d.Neg {
		f = -f
	}
	return f
}

// Int truncates d toward zero; ok is false outside the long range.
func (d Dec) Int() (int64, bool) {
	m := d.mag()
	for k := int(d.Scale); k > 0; {
		step := min(k, 19)
		m, _ = divSmall(m, pow10[step].lo)
		k -= step
	}
	if m.hi != 0 || m.lo > 1<<63 || (m.lo == 1<<63 && !d.Neg) {
		return 0, false
	}
	if d.Neg {
		return -int64(m.lo), true
	}
	return int64(m.lo), true
}

// Neg returns -d.
func (d Dec) Negate() Dec {
	if !d.IsZero() {
		d.Neg = !d.Neg
	}
	return d
}

// Abs returns |d|.
func (d Dec) Abs() Dec { d.Neg = false; return d }

// CompareDec orders two decimals by value (-1, 0, 1).
func CompareDec(a, b Dec) int {
	if a.Neg != b.Neg {
		if a.Neg {
			return -1
		}
		return 1
	}
	c := cmpMag(a, b)
	if a.Neg {
		return -c
	}
	return c
}

func cmpMag(a, b Dec) int {
	am, bm := a.mag(), b.mag()
	if a.Scale == b.Scale {
		return cmpU(am, bm)
	}
	if a.Scale < b.Scale {
		x, ok := scaleUp(am, int(b.Scale-a.Scale))
		if !ok {
			return 1 // past 128 bits, so above any magnitude
		}
		return cmpU(x, bm)
	}
	y, ok := scaleUp(bm, int(a.Scale-b.Scale))
	if !ok {
		return -1
	}
	return cmpU(am, y)
}

// compareDecimals orders two boxed numbers exactly when one is a Decimal
// and both convert (a NaN or infinite real does not).
func compareDecimals(a, b any) (int, bool) {
	x, ok1 := DecOf(a)
	y, ok2 := DecOf(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return CompareDec(x, y), true
}
