package value

import (
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends v as compact JSON, the way Kusto's tostring prints a
// dynamic value: {"a":1,"b":[1,2.5,"x"]}. Datetimes and timespans inside
// dynamic values are strings in Kusto's text form, reals print as
// FormatReal does, and NaN and the infinities are the strings "NaN",
// "Infinity" and "-Infinity".
func AppendJSON(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if x {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case int32:
		return strconv.AppendInt(dst, int64(x), 10)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case float64:
		return appendJSONReal(dst, x)
	case float32:
		return appendJSONReal(dst, float64(x))
	case Decimal:
		if x == "" {
			return append(dst, "null"...)
		}
		return append(dst, x...)
	case string:
		return AppendJSONString(dst, x)
	case DateTime:
		dst = append(dst, '"')
		dst = AppendDateTimeText(dst, x)
		return append(dst, '"')
	case TimeSpan:
		dst = append(dst, '"')
		dst = AppendTimeSpan(dst, x)
		return append(dst, '"')
	case GUID:
		return AppendJSONString(dst, string(x))
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, e)
		}
		return append(dst, ']')
	case *Bag:
		if x == nil {
			return append(dst, "null"...)
		}
		dst = append(dst, '{')
		for i, k := range x.Keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSONString(dst, k)
			dst = append(dst, ':')
			dst = AppendJSON(dst, x.Values[i])
		}
		return append(dst, '}')
	case map[string]any:
		// Not part of the value model; printed with sorted keys so that
		// output is stable.
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSONString(dst, k)
			dst = append(dst, ':')
			dst = AppendJSON(dst, x[k])
		}
		return append(dst, '}')
	}
	return AppendJSONString(dst, ToString(v))
}

func appendJSONReal(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		dst = append(dst, '"')
		dst = AppendReal(dst, f)
		return append(dst, '"')
	}
	return AppendReal(dst, f)
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a quoted JSON string. Only quotes,
// backslashes, control characters and the JavaScript line separators are
// escaped; other characters are written as UTF-8. Invalid UTF-8 becomes
// U+FFFD so that the output is always valid JSON.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		if r == 0x85 || r == 0x2028 || r == 0x2029 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', hexDigits[r>>12], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
