package value

import (
	"math"
	"strconv"
)

// FormatReal renders a real as Kusto's tostring does. Kusto runs on .NET,
// whose shortest round-trip "G" formatting switches to scientific notation
// when the decimal exponent reaches max(15, significant digits) or drops
// below -4: 1e15 prints as "1E+15", 0.00001 as "1E-05", 0.0001 as "0.0001".
func FormatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	var buf [40]byte
	return string(AppendReal(buf[:0], f))
}

// AppendReal appends FormatReal(f) to dst without allocating.
func AppendReal(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	// Shortest round-trip digits in the form d.dddde±XX.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	neg := false
	if e[0] == '-' {
		neg = true
		e = e[1:]
	}
	var digits [20]byte
	nd := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	// scale: value = 0.d1d2... × 10^scale, as .NET's number buffer counts it.
	scale := exp + 1
	maxDigits := nd
	if maxDigits < 15 {
		maxDigits = 15
	}
	if neg {
		dst = append(dst, '-')
	}
	if scale > maxDigits || scale < -3 {
		dst = append(dst, digits[0])
		if nd > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:nd]...)
		}
		dst = append(dst, 'E')
		x := scale - 1
		if x < 0 {
			dst = append(dst, '-')
			x = -x
		} else {
			dst = append(dst, '+')
		}
		if x < 10 {
			dst = append(dst, '0')
		}
		return strconv.AppendInt(dst, int64(x), 10)
	}
	if scale <= 0 {
		dst = append(dst, '0', '.')
		for k := 0; k < -scale; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits[:nd]...)
	}
	if nd <= scale {
		dst = append(dst, digits[:nd]...)
		for k := nd; k < scale; k++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, digits[:scale]...)
	dst = append(dst, '.')
	return append(dst, digits[scale:nd]...)
}
