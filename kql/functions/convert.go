package functions

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Convert changes v to type to with Kusto's conversion rules, the ones
// tostring, tolong, todouble, todatetime... apply. A value that does not
// convert becomes null (the empty string for strings). Numbers convert to
// each other (reals truncate toward zero, out-of-range values become
// null); anything converts to string as tostring prints it and to dynamic
// as the same value (a string stays a string: parse_json is what parses
// JSON); strings are parsed into the target type; a dynamic value converts
// by what it holds, arrays and property bags only to string.
func Convert(v *column.Vector, to types.Type) (*column.Vector, error) {
	from := v.Type
	if from == to || to == types.Unknown {
		return v, nil
	}
	n := v.Len()
	if v.IsConst() {
		return ConstOf(to, ConvertValue(v.Value(0), to), n), nil
	}
	if to == types.Decimal && from != types.Unknown {
		return convertToDec(v, n), nil
	}
	switch from {
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return convertInts(v, n, to), nil
	case types.Real:
		return convertReals(v, n, to), nil
	case types.Decimal:
		return convertDecs(v, n, to), nil
	case types.Bool:
		return convertBools(v, n, to), nil
	case types.String:
		return convertStrings(v, n, to), nil
	case types.Guid:
		return convertGuids(v, n, to), nil
	case types.Dynamic:
		return convertBoxed(v, n, to), nil
	case types.Unknown:
		return ConstOf(to, nil, n), nil
	}
	return nil, fmt.Errorf("cannot convert %s to %s", from, to)
}

// ConvertValue converts one boxed value (see package value) to type to,
// with the rules of Convert. The result is boxed as package value
// describes (nil for null; "" for a null string).
func ConvertValue(x any, to types.Type) any {
	if x == nil {
		if to == types.String {
			return ""
		}
		return nil
	}
	if d, ok := x.(value.Decimal); ok {
		if y, ok := decValueTo(d, to); ok {
			return y
		}
	}
	switch to {
	case types.String:
		return value.ToString(x)
	case types.Dynamic:
		switch y := x.(type) {
		case value.Decimal:
			if f, ok := decimalFloat(y); ok {
				return f
			}
			return nil
		case int32:
			return int64(y)
		}
		return x
	case types.Bool:
		return boxOK(toBool(x))
	case types.Long:
		if i, ok := toLong(x); ok {
			return i
		}
	case types.Int:
		if i, ok := toLong(x); ok && i >= math.MinInt32 && i <= math.MaxInt32 {
			return int32(i)
		}
	case types.Real:
		if f, ok := toReal(x); ok {
			return f
		}
	case types.Decimal:
		if d, ok := toDec(x); ok {
			return d.Box()
		}
	case types.DateTime:
		if t, ok := toTicks(x, types.DateTime); ok {
			return value.DateTime(t)
		}
	case types.TimeSpan:
		if t, ok := toTicks(x, types.TimeSpan); ok {
			return value.TimeSpan(t)
		}
	case types.Guid:
		switch y := x.(type) {
		case value.GUID:
			return y
		case string:
			if g, ok := ParseGUID(y); ok {
				return value.GUID(g)
			}
		}
	}
	return nil
}

func boxOK(b, ok bool) any {
	if !ok {
		return nil
	}
	return b
}

func decimalFloat(d value.Decimal) (float64, bool) {
	f, err := strconv.ParseFloat(string(d), 64)
	return f, err == nil
}

// toLong converts a boxed scalar or dynamic value to a long.
func toLong(x any) (int64, bool) {
	switch y := x.(type) {
	case int64:
		return y, true
	case int32:
		return int64(y), true
	case int:
		return int64(y), true
	case bool:
		if y {
			return 1, true
		}
		return 0, true
	case float64:
		return realToLong(y)
	case value.Decimal:
		if d, ok := value.ParseDec(string(y)); ok {
			return d.Int()
		}
	case value.DateTime:
		return int64(y), true
	case value.TimeSpan:
		return int64(y), true
	case string:
		return ParseLong(y)
	}
	return 0, false
}

// toReal converts a boxed scalar or dynamic value to a real.
func toReal(x any) (float64, bool) {
	switch y := x.(type) {
	case float64:
		return y, true
	case int64:
		return float64(y), true
	case int32:
		return float64(y), true
	case int:
		return float64(y), true
	case bool:
		if y {
			return 1, true
		}
		return 0, true
	case value.Decimal:
		return decimalFloat(y)
	case value.DateTime:
		return float64(y), true
	case value.TimeSpan:
		return float64(y), true
	case string:
		return ParseReal(y)
	}
	return 0, false
}

// toBool converts a boxed scalar or dynamic value to a bool.
func toBool(x any) (bool, bool) {
	switch y := x.(type) {
	case bool:
		return y, true
	case int64:
		return y != 0, true
	case int32:
		return y != 0, true
	case int:
		return y != 0, true
	case float64:
		return y != 0, true
	case value.Decimal:
		if f, ok := decimalFloat(y); ok {
			return f != 0, true
		}
	case string:
		return ParseBool(y)
	}
	return false, false
}

// toTicks converts a boxed value to datetime or timespan ticks. Numbers
// are taken as ticks, as tolong gives them back.
func toTicks(x any, to types.Type) (int64, bool) {
	switch y := x.(type) {
	case value.DateTime:
		return int64(y), to == types.DateTime
	case value.TimeSpan:
		return int64(y), to == types.TimeSpan
	case int64:
		return checkTicks(y, to)
	case int32:
		return checkTicks(int64(y), to)
	case int:
		return checkTicks(int64(y), to)
	case float64:
		if i, ok := realToLong(y); ok {
			return checkTicks(i, to)
		}
	case value.Decimal:
		if f, ok := decimalFloat(y); ok {
			if i, ok := realToLong(f); ok {
				return checkTicks(i, to)
			}
		}
	case string:
		if to == types.DateTime {
			t, ok := value.ParseDateTime(y)
			return int64(t), ok
		}
		t, ok := value.ParseTimeSpan(y)
		return int64(t), ok
	}
	return 0, false
}

func checkTicks(t int64, to types.Type) (int64, bool) {
	if to == types.DateTime && (t < 0 || t > value.MaxDateTime) {
		return 0, false
	}
	return t, true
}

// realToLong truncates toward zero; NaN, infinities and values outside
// the long range have no long value.
func realToLong(f float64) (int64, bool) {
	if math.IsNaN(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0 {
		return 0, false
	}
	return int64(f), true
}

// ParseLong reads a long as tolong does: an optional sign and decimal
// digits, surrounded by optional white space; a number with a fraction or
// exponent is truncated.
func ParseLong(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	f, ok := ParseReal(s)
	if !ok {
		return 0, false
	}
	return realToLong(f)
}

// ParseReal reads a real as todouble does: decimal notation with optional
// exponent, "NaN", "Infinity" and "-Infinity". Values beyond the real
// range become infinities, as .NET parses them.
func ParseReal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	// Go also reads hex floats and underscores; Kusto does not.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c == 'x' || c == 'X' || c == 'p' || c == 'P' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// ParseBool reads "true"/"false" in any case, and "1"/"0".
func ParseBool(s string) (bool, bool) {
	s = strings.TrimSpace(s)
	switch {
	case EqualFold(s, "true"), s == "1":
		return true, true
	case EqualFold(s, "false"), s == "0":
		return false, true
	}
	return false, false
}

// ParseGUID reads a guid: 32 hex digits, optionally grouped by dashes
// (Kusto documents "0123456789ab-cdef-0123-456789abcdef" as valid) and
// optionally in braces or parentheses. It returns the canonical
// lower-case 8-4-4-4-12 form.
func ParseGUID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && ((s[0] == '{' && s[len(s)-1] == '}') || (s[0] == '(' && s[len(s)-1] == ')')) {
		s = s[1 : len(s)-1]
	}
	var hex [32]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			continue
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 'a'
		default:
			return "", false
		}
		if n == 32 {
			return "", false
		}
		hex[n] = c
		n++
	}
	if n != 32 {
		return "", false
	}
	var out [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[j] = '-'
			j++
		}
		out[j] = hex[i]
		j++
	}
	return string(out[:]), true
}

// convertInts converts int, long, datetime and timespan vectors.
func convertInts(v *column.Vector, n int, to types.Type) *column.Vector {
	from := v.Type
	xs := v.Ints[:n]
	nulls := NullMask(v, n)
	switch to {
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		if (from == types.DateTime && to == types.TimeSpan) || (from == types.TimeSpan && to == types.DateTime) {
			return NullConst(to, n)
		}
		if to == types.Int && from != types.Int {
			out := make([]int64, n)
			var nb column.Bitmap
			for i, x := range xs {
				if x < math.MinInt32 || x > math.MaxInt32 {
					if nb == nil {
						nb = column.NewBitmap(n)
					}
					nb.Set(i)
					continue
				}
				out[i] = x
			}
			return column.FromInts(to, out, OrMasks(n, nulls, nb))
		}
		if to == types.DateTime {
			var nb column.Bitmap
			for i, x := range xs {
				if x < 0 || x > value.MaxDateTime {
					if nb == nil {
						nb = column.NewBitmap(n)
					}
					nb.Set(i)
				}
			}
			if nb != nil {
				out := append([]int64(nil), xs...)
				return column.FromInts(to, out, OrMasks(n, nulls, nb))
			}
		}
		// Same storage: share the data.
		return column.FromInts(to, xs, nulls)
	case types.Real, types.Decimal:
		out := make([]float64, n)
		for i, x := range xs {
			out[i] = float64(x)
		}
		return column.FromReals(to, out, nulls)
	case types.Bool:
		if from.IsTemporal() {
			return NullConst(to, n)
		}
		out := make([]bool, n)
		for i, x := range xs {
			out[i] = x != 0
		}
		return column.FromBools(out, nulls)
	case types.String:
		b := NewStrBuilder(n)
		var buf []byte
		for i, x := range xs {
			buf = buf[:0]
			if nulls == nil || !nulls.Get(i) {
				switch from {
				case types.DateTime:
					buf = value.AppendDateTimeText(buf, value.DateTime(x))
				case types.TimeSpan:
					buf = value.AppendTimeSpan(buf, value.TimeSpan(x))
				default:
					buf = strconv.AppendInt(buf, x, 10)
				}
			}
			b.AppendBytes(buf)
		}
		return b.Build()
	case types.Dynamic:
		return convertBoxed(v, n, to)
	}
	return NullConst(to, n)
}

// convertReals converts real and decimal vectors.
func convertReals(v *column.Vector, n int, to types.Type) *column.Vector {
	xs := v.Reals[:n]
	nulls := NullMask(v, n)
	switch to {
	case types.Real, types.Decimal:
		if to == types.Decimal {
			var nb column.Bitmap
			for i, x := range xs {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					if nb == nil {
						nb = column.NewBitmap(n)
					}
					nb.Set(i)
				}
			}
			return column.FromReals(to, xs, OrMasks(n, nulls, nb))
		}
		return column.FromReals(to, xs, nulls)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		out := make([]int64, n)
		var nb column.Bitmap
		for i, x := range xs {
			y, ok := realToLong(x)
			if ok {
				switch to {
				case types.Int:
					ok = y >= math.MinInt32 && y <= math.MaxInt32
				case types.DateTime:
					ok = y >= 0 && y <= value.MaxDateTime
				}
			}
			if !ok {
				if nb == nil {
					nb = column.NewBitmap(n)
				}
				nb.Set(i)
				continue
			}
			out[i] = y
		}
		return column.FromInts(to, out, OrMasks(n, nulls, nb))
	case types.Bool:
		out := make([]bool, n)
		for i, x := range xs {
			out[i] = x != 0
		}
		return column.FromBools(out, nulls)
	case types.String:
		b := NewStrBuilder(n)
		var buf []byte
		for i, x := range xs {
			buf = buf[:0]
			if nulls == nil || !nulls.Get(i) {
				buf = value.AppendReal(buf, x)
			}
			b.AppendBytes(buf)
		}
		return b.Build()
	case types.Dynamic:
		return convertBoxed(v, n, to)
	}
	return NullConst(to, n)
}

// convertBools converts bool vectors.
func convertBools(v *column.Vector, n int, to types.Type) *column.Vector {
	xs := v.Bools[:n]
	nulls := NullMask(v, n)
	switch to {
	case types.Int, types.Long:
		out := make([]int64, n)
		for i, x := range xs {
			if x {
				out[i] = 1
			}
		}
		return column.FromInts(to, out, nulls)
	case types.Real, types.Decimal:
		out := make([]float64, n)
		for i, x := range xs {
			if x {
				out[i] = 1
			}
		}
		return column.FromReals(to, out, nulls)
	case types.String:
		b := NewStrBuilder(n)
		for i, x := range xs {
			switch {
			case nulls != nil && nulls.Get(i):
				b.Append("")
			case x:
				b.Append("true")
			default:
				b.Append("false")
			}
		}
		return b.Build()
	case types.Dynamic:
		return convertBoxed(v, n, to)
	}
	return NullConst(to, n)
}

// convertStrings parses strings, once per distinct value of a dictionary.
func convertStrings(v *column.Vector, n int, to types.Type) *column.Vector {
	switch to {
	case types.Long, types.Int, types.DateTime, types.TimeSpan:
		return MapStrInt(to, v, n, func(s string) (int64, bool) {
			x, ok := toLong(s)
			switch to {
			case types.Int:
				ok = ok && x >= math.MinInt32 && x <= math.MaxInt32
			case types.DateTime, types.TimeSpan:
				x, ok = toTicks(s, to)
			}
			return x, ok
		})
	case types.Real, types.Decimal:
		return MapStr(to, v, n, func(s string) (float64, bool) {
			f, ok := ParseReal(s)
			if to == types.Decimal && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return 0, false
			}
			return f, ok
		})
	case types.Bool:
		out := make([]bool, n)
		var nulls column.Bitmap
		for i := 0; i < n; i++ {
			b, ok := ParseBool(v.Str(i))
			if !ok {
				if nulls == nil {
					nulls = column.NewBitmap(n)
				}
				nulls.Set(i)
			}
			out[i] = b
		}
		return column.FromBools(out, nulls)
	case types.Guid:
		b := NewBuilder(types.Guid, n)
		for i := 0; i < n; i++ {
			if g, ok := ParseGUID(v.Str(i)); ok {
				b.AppendValue(value.GUID(g))
			} else {
				b.AppendNull()
			}
		}
		return b.Build()
	case types.Dynamic:
		out := make([]any, n)
		for i := 0; i < n; i++ {
			out[i] = strings.Clone(v.Str(i))
		}
		return column.FromDyns(out)
	}
	return NullConst(to, n)
}

// convertGuids converts guid vectors: to string (null is ""), to dynamic.
func convertGuids(v *column.Vector, n int, to types.Type) *column.Vector {
	switch to {
	case types.String:
		if NullMask(v, n) == nil {
			return column.FromStrings(types.String, v.Strs)
		}
		b := NewStrBuilder(n)
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				b.Append("")
			} else {
				b.Append(v.Str(i))
			}
		}
		return b.Build()
	case types.Dynamic:
		return convertBoxed(v, n, to)
	}
	return NullConst(to, n)
}

// convertBoxed converts row by row through boxed values: the path for
// dynamic input and for conversions to dynamic.
func convertBoxed(v *column.Vector, n int, to types.Type) *column.Vector {
	if to == types.Dynamic {
		out := make([]any, n)
		for i := 0; i < n; i++ {
			out[i] = ConvertValue(v.Value(i), types.Dynamic)
		}
		return column.FromDyns(out)
	}
	if to == types.String {
		b := NewStrBuilder(n)
		var buf []byte
		for i := 0; i < n; i++ {
			buf = AppendString(buf[:0], v.Dyn(i))
			b.AppendBytes(buf)
		}
		return b.Build()
	}
	b := NewBuilder(to, n)
	for i := 0; i < n; i++ {
		b.AppendValue(ConvertValue(v.Value(i), to))
	}
	return b.Build()
}

// AppendString appends tostring(x) for a boxed value without going
// through an intermediate string for the common kinds.
func AppendString(dst []byte, x any) []byte {
	switch y := x.(type) {
	case nil:
		return dst
	case string:
		return append(dst, y...)
	case int64:
		return strconv.AppendInt(dst, y, 10)
	case float64:
		return value.AppendReal(dst, y)
	case []any, *value.Bag:
		return value.AppendJSON(dst, y)
	}
	return append(dst, value.ToString(x)...)
}
