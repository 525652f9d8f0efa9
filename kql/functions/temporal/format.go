package temporal

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "format_datetime", Kind: functions.Scalar,
			Sig: "format_datetime(date: datetime, format: string): string",
			Doc: "Formats a datetime with d, dd, f..fffffff, F..FFFFFFF, h, hh, H, HH, m, mm, M, MM, s, ss, y, yy, yyyy and tt; other non-letter characters are copied.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindFormat("format_datetime", types.DateTime, datetimeSpecs, args)
			},
		},
		&functions.Func{
			Name: "format_timespan", Kind: functions.Scalar,
			Sig: "format_timespan(span: timespan, format: string): string",
			Doc: "Formats a timespan with d..dddddddd, f..fffffff, F..FFFFFFF, h, hh, H, HH, m, mm, s and ss; other non-letter characters are copied.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindFormat("format_timespan", types.TimeSpan, timespanSpecs, args)
			},
		},
	)
}

// field is what a format specifier prints.
type field uint8

const (
	literal field = iota
	fDay
	fFrac     // f: fixed number of fraction digits
	fFracTrim // F: fraction digits without trailing zeros
	fHour12
	fHour24
	fMinute
	fMonth
	fSecond
	fYear
	fAMPM
)

// token is one element of a parsed format: a literal run or a specifier
// with its width (the number of repeated letters).
type token struct {
	f     field
	width int
	lit   string
}

// specRule says which widths of a specifier letter are supported.
type specRule struct {
	f          field
	minW, maxW int
	widths     []int // when set, only these widths
}

var datetimeSpecs = map[byte]specRule{
	'd': {f: fDay, minW: 1, maxW: 2},
	'f': {f: fFrac, minW: 1, maxW: 7},
	'F': {f: fFracTrim, minW: 1, maxW: 7},
	'h': {f: fHour12, minW: 1, maxW: 2},
	'H': {f: fHour24, minW: 1, maxW: 2},
	'm': {f: fMinute, minW: 1, maxW: 2},
	'M': {f: fMonth, minW: 1, maxW: 2},
	's': {f: fSecond, minW: 1, maxW: 2},
	'y': {f: fYear, widths: []int{1, 2, 4}},
	't': {f: fAMPM, minW: 2, maxW: 2},
}

var timespanSpecs = map[byte]specRule{
	'd': {f: fDay, minW: 1, maxW: 8},
	'f': {f: fFrac, minW: 1, maxW: 7},
	'F': {f: fFracTrim, minW: 1, maxW: 7},
	'h': {f: fHour24, minW: 1, maxW: 2},
	'H': {f: fHour24, minW: 1, maxW: 2},
	'm': {f: fMinute, minW: 1, maxW: 2},
	's': {f: fSecond, minW: 1, maxW: 2},
}

func (r specRule) allows(w int) bool {
	if r.widths != nil {
		for _, a := range r.widths {
			if a == w {
				return true
			}
		}
		return false
	}
	return w >= r.minW && w <= r.maxW
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parseFormat splits a format into tokens; letters that are not a
// supported specifier are an error rather than a guess.
func parseFormat(name, format string, specs map[byte]specRule) ([]token, error) {
	var toks []token
	for i := 0; i < len(format); {
		c := format[i]
		j := i + 1
		if !isLetter(c) {
			for j < len(format) && !isLetter(format[j]) {
				j++
			}
			toks = append(toks, token{f: literal, lit: format[i:j]})
			i = j
			continue
		}
		for j < len(format) && format[j] == c {
			j++
		}
		rule, ok := specs[c]
		if !ok || !rule.allows(j-i) {
			return nil, fmt.Errorf("function '%s': format specifier '%s' is not supported", name, format[i:j])
		}
		toks = append(toks, token{f: rule.f, width: j - i})
		i = j
	}
	return toks, nil
}

func bindFormat(name string, t types.Type, specs map[byte]specRule, args []functions.Arg) (*functions.Bound, error) {
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("value", t), functions.Req("format", types.String)}, args)
	if err != nil {
		return nil, err
	}
	format, err := literalString(name, args, 1)
	if err != nil {
		return nil, err
	}
	toks, err := parseFormat(name, format, specs)
	if err != nil {
		return nil, err
	}
	appendFn := appendDatetime
	if t == types.TimeSpan {
		appendFn = appendTimespan
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		v := args[0]
		return functions.StrictStrs(args[:1], n, func(dst []byte, i int) []byte { return appendFn(dst, toks, v.Int(i)) }), nil
	}
	return &functions.Bound{Type: types.String, ArgTypes: argTypes, Eval: eval}, nil
}

// appendNum writes v zero-padded to width digits (width 1: no padding).
func appendNum(dst []byte, v int64, width int) []byte {
	var b [20]byte
	i := len(b)
	for v > 0 || i == len(b) {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	for len(b)-i < width {
		i--
		b[i] = '0'
	}
	return append(dst, b[i:]...)
}

// appendFrac writes the first width digits of a 7-digit tick fraction;
// trim drops trailing zeros (and prints nothing for zero), as F does.
func appendFrac(dst []byte, frac int64, width int, trim bool) []byte {
	for k := width; k < 7; k++ {
		frac /= 10
	}
	var b [7]byte
	for k := width - 1; k >= 0; k-- {
		b[k] = byte('0' + frac%10)
		frac /= 10
	}
	n := width
	if trim {
		for n > 0 && b[n-1] == '0' {
			n--
		}
	}
	return append(dst, b[:n]...)
}

func appendDatetime(dst []byte, toks []token, t int64) []byte {
	y, mo, d, tod := dateOf(t)
	h := tod / hour
	for _, tk := range toks {
		switch tk.f {
		case literal:
			dst = append(dst, tk.lit...)
		case fDay:
			dst = appendNum(dst, int64(d), tk.width)
		case fFrac:
			dst = appendFrac(dst, tod%second, tk.width, false)
		case fFracTrim:
			// As .NET does for datetimes, an F that prints nothing also
			// drops the '.' right before it ("ss.FFF" gives "05").
			n := len(dst)
			if dst = appendFrac(dst, tod%second, tk.width, true); len(dst) == n && n > 0 && dst[n-1] == '.' {
				dst = dst[:n-1]
			}
		case fHour12:
			h12 := h % 12
			if h12 == 0 {
				h12 = 12
			}
			dst = appendNum(dst, h12, tk.width)
		case fHour24:
			dst = appendNum(dst, h, tk.width)
		case fMinute:
			dst = appendNum(dst, tod%hour/minute, tk.width)
		case fMonth:
			dst = appendNum(dst, int64(mo), tk.width)
		case fSecond:
			dst = appendNum(dst, tod%minute/second, tk.width)
		case fYear:
			if tk.width == 4 {
				dst = appendNum(dst, int64(y), 4)
			} else {
				dst = appendNum(dst, int64(y%100), tk.width)
			}
		case fAMPM:
			if h < 12 {
				dst = append(dst, "AM"...)
			} else {
				dst = append(dst, "PM"...)
			}
		}
	}
	return dst
}

// appendTimespan formats the magnitude of a timespan; like .NET custom
// timespan formats, the sign is not printed.
func appendTimespan(dst []byte, toks []token, t int64) []byte {
	u := uint64(t)
	if t < 0 {
		u = uint64(-t)
	}
	days := int64(u / uint64(day))
	rem := int64(u % uint64(day))
	for _, tk := range toks {
		switch tk.f {
		case literal:
			dst = append(dst, tk.lit...)
		case fDay:
			dst = appendNum(dst, days, tk.width)
		case fFrac, fFracTrim:
			dst = appendFrac(dst, rem%second, tk.width, tk.f == fFracTrim)
		case fHour24:
			dst = appendNum(dst, rem/hour, tk.width)
		case fMinute:
			dst = appendNum(dst, rem%hour/minute, tk.width)
		case fSecond:
			dst = appendNum(dst, rem%minute/second, tk.width)
		}
	}
	return dst
}
