package value

import "strconv"

// ToString is Kusto's tostring of a boxed value: "" for null, "true" and
// "false" for bools, Kusto's text forms for reals, datetimes and
// timespans, and compact JSON for arrays and property bags. A dynamic
// string prints without quotes.
func ToString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return FormatReal(x)
	case float32:
		return FormatReal(float64(x))
	case Decimal:
		return string(x)
	case DateTime:
		return DateTimeText(x)
	case TimeSpan:
		return FormatTimeSpan(x)
	case GUID:
		return string(x)
	case []any, *Bag, map[string]any:
		return string(AppendJSON(nil, x))
	}
	return ""
}
