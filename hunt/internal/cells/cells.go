// Package cells renders one cell of a column vector as JSON or as text,
// the way `quarry query` prints results (datetimes ISO 8601 UTC,
// timespans [d.]hh:mm:ss, dynamic values as JSON).
package cells

import (
	"math"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// AppendJSON appends row i of v as a JSON value.
func AppendJSON(dst []byte, v *column.Vector, i int) []byte {
	if v.IsNull(i) {
		return append(dst, "null"...)
	}
	switch v.Type {
	case types.Bool:
		return strconv.AppendBool(dst, v.Bool(i))
	case types.Int, types.Long:
		return strconv.AppendInt(dst, v.Int(i), 10)
	case types.Real, types.Decimal:
		f := v.Real(i)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			dst = append(dst, '"')
			dst = value.AppendReal(dst, f)
			return append(dst, '"')
		}
		return value.AppendReal(dst, f)
	case types.DateTime:
		dst = append(dst, '"')
		dst = value.AppendDateTime(dst, value.DateTime(v.Int(i)))
		return append(dst, '"')
	case types.TimeSpan:
		dst = append(dst, '"')
		dst = value.AppendTimeSpan(dst, value.TimeSpan(v.Int(i)))
		return append(dst, '"')
	case types.String:
		return value.AppendJSONString(dst, v.Str(i))
	case types.Guid:
		if s := v.Str(i); s != "" {
			return value.AppendJSONString(dst, s)
		}
		return append(dst, "null"...)
	case types.Dynamic:
		return value.AppendJSON(dst, v.Dyn(i))
	}
	return append(dst, "null"...)
}

// AppendText appends row i of v as Kusto's tostring prints it (null is
// empty).
func AppendText(dst []byte, v *column.Vector, i int) []byte {
	if v.IsNull(i) {
		return dst
	}
	switch v.Type {
	case types.Bool:
		return strconv.AppendBool(dst, v.Bool(i))
	case types.Int, types.Long:
		return strconv.AppendInt(dst, v.Int(i), 10)
	case types.Real, types.Decimal:
		return value.AppendReal(dst, v.Real(i))
	case types.DateTime:
		return value.AppendDateTime(dst, value.DateTime(v.Int(i)))
	case types.TimeSpan:
		return value.AppendTimeSpan(dst, value.TimeSpan(v.Int(i)))
	case types.String, types.Guid:
		return append(dst, v.Str(i)...)
	case types.Dynamic:
		switch x := v.Dyn(i).(type) {
		case nil:
			return dst
		case string:
			return append(dst, x...)
		default:
			return value.AppendJSON(dst, x)
		}
	}
	return dst
}

// Text returns row i of v as text (a copy, safe to keep).
func Text(v *column.Vector, i int) string { return string(AppendText(nil, v, i)) }
