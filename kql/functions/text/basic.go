package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "strcat", Kind: functions.Scalar, Sig: "strcat(a1, a2, ...): string",
			Doc:  "Concatenates 1 to 64 values, each converted with tostring.",
			Bind: bindStrcat},
		&functions.Func{Name: "strcat_delim", Kind: functions.Scalar, Sig: "strcat_delim(delimiter, a1, a2, ...): string",
			Doc:  "Concatenates 2 to 64 values (converted with tostring) separated by delimiter.",
			Bind: bindStrcatDelim},
		fn("strcat_array", types.String, []param{p("array", kDynArray), p("delimiter", kScalar)},
			"strcat_array(array: dynamic, delimiter): string",
			"Joins the elements of a dynamic array (converted with tostring) with delimiter; not an array gives the empty string.",
			strcatArray, "array_strcat"),
		fn("strlen", types.Long, []param{p("source", kStrDyn)}, "strlen(source: string): long",
			"The length of a string in Unicode code points.", strlenKernel),
		fn("string_size", types.Long, []param{p("source", kStrDyn)}, "string_size(source: string): long",
			"The size of a string in bytes (UTF-8).", stringSizeKernel),
		fn("toupper", types.String, []param{p("value", kScalar)}, "toupper(value): string",
			"Converts a string to upper case.", caseKernel(true)),
		fn("tolower", types.String, []param{p("value", kScalar)}, "tolower(value): string",
			"Converts a string to lower case.", caseKernel(false)),
		&functions.Func{Name: "reverse", Kind: functions.Scalar, Sig: "reverse(value): string",
			Doc:  "Reverses the characters of a value's string form (a datetime reverses its full ISO 8601 form with seven fraction digits).",
			Bind: bindReverse},
		fn("strrep", types.String, []param{p("value", kScalar), p("multiplier", kInt), opt("delimiter", kScalar)},
			"strrep(value, multiplier: long, [delimiter]): string",
			"Repeats a value's string form multiplier times (1 to 67108864), separated by delimiter.", strrepKernel),
		fn("strcmp", types.Long, []param{p("s1", kScalar), p("s2", kScalar)}, "strcmp(s1, s2): long",
			"Compares two strings ordinally: -1, 0 or 1.", strcmpKernel),
		fn("isascii", types.Bool, []param{p("value", kScalar)}, "isascii(value): bool",
			"True when every character of the string is ASCII.", boolKernel(func(s string) bool {
				for i := 0; i < len(s); i++ {
					if s[i] >= utf8.RuneSelf {
						return false
					}
				}
				return true
			})),
		fn("isutf8", types.Bool, []param{p("value", kScalar)}, "isutf8(value): bool",
			"True when the string is valid UTF-8.", boolKernel(utf8.ValidString)),
	)
}

func bindStrcat(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("strcat", []param{p("a", kScalar)}, true, 64, args)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return concat(a, nil, n), nil
	}}, nil
}

func bindStrcatDelim(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("strcat_delim", []param{p("delimiter", kScalar), p("a1", kScalar), p("a", kScalar)}, true, 65, args)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return concat(a[1:], a[0], n), nil
	}}, nil
}

// concat joins string vectors row by row, with an optional delimiter
// vector. With a single varying argument it maps that argument once per
// distinct value.
func concat(a []*column.Vector, delim *column.Vector, n int) *column.Vector {
	varying := -1
	for i, v := range a {
		if !v.IsConst() {
			if varying >= 0 {
				varying = -2
				break
			}
			varying = i
		}
	}
	if delim != nil && !delim.IsConst() {
		varying = -2
	}
	d := ""
	if delim != nil && delim.IsConst() {
		d = delim.Str(0)
	}
	if varying != -2 {
		// At most one column: constant text before and after it.
		var pre, post []byte
		for i, v := range a {
			switch {
			case varying < 0:
				if i > 0 {
					pre = append(pre, d...)
				}
				pre = append(pre, v.Str(0)...)
			case i < varying:
				pre = append(pre, v.Str(0)...)
				pre = append(pre, d...)
			case i > varying:
				post = append(post, d...)
				post = append(post, v.Str(0)...)
			}
		}
		if varying < 0 {
			return column.Const(types.String, string(pre), n)
		}
		return functions.MapStrStr(a[varying], n, func(dst []byte, s string) []byte {
			dst = append(dst, pre...)
			dst = append(dst, s...)
			return append(dst, post...)
		})
	}
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		for j, v := range a {
			if j > 0 && delim != nil {
				dst = append(dst, delim.Str(i)...)
			}
			dst = append(dst, v.Str(i)...)
		}
		return dst
	})
}

func strcatArray(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		arr, ok := a[0].Dyn(i).([]any)
		if !ok {
			return dst
		}
		d := a[1].Str(i)
		for j, x := range arr {
			if j > 0 {
				dst = append(dst, d...)
			}
			dst = functions.AppendString(dst, x)
		}
		return dst
	}), nil
}

func strlenKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) {
		return int64(utf8.RuneCountInString(s)), true
	}), nil
}

func stringSizeKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) {
		return int64(len(s)), true
	}), nil
}

func caseKernel(upper bool) functions.ScalarKernel {
	return func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
			return appendCase(dst, s, upper)
		}), nil
	}
}

// appendCase appends s in upper or lower case; ASCII text is converted
// byte by byte without allocating.
func appendCase(dst []byte, s string, upper bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if upper && 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			} else if !upper && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
			i++
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
		} else {
			r = unicode.ToLower(r)
		}
		dst = utf8.AppendRune(dst, r)
		i += size
	}
	return dst
}

func boolKernel(f func(string) bool) functions.ScalarKernel {
	return func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrBool(a[0], n, f), nil
	}
}

func bindReverse(args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount("reverse", args, 1, 1); err != nil {
		return nil, err
	}
	t := args[0].Type
	if t != types.DateTime {
		t = types.String
	}
	return &functions.Bound{Type: types.String, ArgTypes: []types.Type{t}, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		v := a[0]
		if v.Type == types.DateTime {
			return functions.FillStrs(n, func(dst []byte, i int) []byte {
				if v.IsNull(i) {
					return dst
				}
				return appendReversed(dst, RoundTripDateTime(value.DateTime(v.Int(i))))
			}), nil
		}
		return functions.MapStrStr(v, n, appendReversed), nil
	}}, nil
}

// RoundTripDateTime formats a datetime as .NET's round-trip "o" format
// does (always seven fraction digits), the string form Kusto uses inside
// reverse() and the hash functions.
func RoundTripDateTime(t value.DateTime) string {
	s := value.FormatDateTime(t)
	// FormatDateTime trims the fraction: rebuild it with 7 digits.
	frac := int64(t) % value.Second
	base := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		base = s[:i]
	} else {
		base = strings.TrimSuffix(s, "Z")
	}
	var f [7]byte
	for i := 6; i >= 0; i-- {
		f[i] = byte('0' + frac%10)
		frac /= 10
	}
	return base + "." + string(f[:]) + "Z"
}

// appendReversed appends s with its code points in reverse order.
func appendReversed(dst []byte, s string) []byte {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[i-1])
		} else {
			dst = append(dst, s[i-size:i]...)
		}
		i -= size
	}
	return dst
}

const maxRepeat = 67108864

// maxStringBytes bounds strings built by repetition.
const maxStringBytes = 64 << 20

func strrepKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		m, ok := functions.IntAt(a[1], i)
		if !ok || m < 1 {
			return dst
		}
		if m > maxRepeat {
			m = maxRepeat
		}
		s := a[0].Str(i)
		d := ""
		if len(a) > 2 {
			d = a[2].Str(i)
		}
		if int64(len(s)+len(d))*m > maxStringBytes {
			return dst
		}
		for j := int64(0); j < m; j++ {
			if j > 0 {
				dst = append(dst, d...)
			}
			dst = append(dst, s...)
		}
		return dst
	}), nil
}

func strcmpKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	if a[1].IsConst() {
		c := strings.Clone(a[1].Str(0))
		return functions.MapStrInt(types.Long, a[0], n, func(s string) (int64, bool) {
			return int64(strings.Compare(s, c)), true
		}), nil
	}
	return functions.FillRows(types.Long, n, func(i int) (int64, bool) {
		return int64(strings.Compare(a[0].Str(i), a[1].Str(i))), true
	}), nil
}
