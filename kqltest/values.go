package kqltest

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Values in tables and results are boxed as package value describes
// (nil = null, int32 = int, int64 = long, float64 = real, value.DateTime,
// value.TimeSpan, value.GUID, value.Decimal, []any and *value.Bag).

var typedLiteral = regexp.MustCompile(`^(?s)([A-Za-z0-9]+)\((.*)\)$`)

// parseCell reads one literal of a table or expected row, for a column of
// type t: null, a quoted string, a typed literal such as datetime(...) or
// long(null), or bare text read according to t.
func parseCell(t types.Type, text string) (any, error) {
	if strings.EqualFold(text, "null") {
		if t == types.String {
			return nil, fmt.Errorf(`string values are never null in Kusto: write "" for the empty string`)
		}
		return nil, nil
	}
	if m := typedLiteral.FindStringSubmatch(text); m != nil {
		if lt, ok := types.Parse(m[1]); ok {
			inner := strings.TrimSpace(m[2])
			if !compatible(lt, t) {
				return nil, fmt.Errorf("%s literal %s in a %s column", lt, text, t)
			}
			if strings.EqualFold(inner, "null") {
				return parseCell(t, "null")
			}
			if lt == types.Dynamic || lt == types.String {
				return parseBare(t, inner)
			}
			v, err := parseBare(lt, inner)
			if err != nil {
				return nil, err
			}
			return convert(v, t), nil
		}
	}
	return parseBare(t, text)
}

// compatible reports whether a literal of type lt may fill a column of
// type t (the numeric widenings datatable accepts).
func compatible(lt, t types.Type) bool {
	if lt == t {
		return true
	}
	switch t {
	case types.Long:
		return lt == types.Int
	case types.Real, types.Decimal:
		return lt.IsNumeric()
	}
	return false
}

func convert(v any, t types.Type) any {
	switch t {
	case types.Long:
		if x, ok := v.(int32); ok {
			return int64(x)
		}
	case types.Real:
		switch x := v.(type) {
		case int32:
			return float64(x)
		case int64:
			return float64(x)
		case value.Decimal:
			f, _ := strconv.ParseFloat(string(x), 64)
			return f
		}
	case types.Decimal:
		switch x := v.(type) {
		case int32, int64:
			return value.Decimal(fmt.Sprint(x))
		case float64:
			return value.Decimal(strconv.FormatFloat(x, 'f', -1, 64))
		}
	}
	return v
}

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func parseBare(t types.Type, s string) (any, error) {
	switch t {
	case types.Bool:
		switch strings.ToLower(s) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	case types.Int:
		if i, err := strconv.ParseInt(s, 10, 32); err == nil {
			return int32(i), nil
		}
	case types.Long:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
	case types.Real:
		if f, err := parseReal(s); err == nil {
			return f, nil
		}
	case types.Decimal:
		if _, ok := new(big.Float).SetString(s); ok {
			return value.Decimal(s), nil
		}
	case types.String:
		if u, ok := unquote(s); ok {
			return u, nil
		}
		return nil, fmt.Errorf("string value %s must be quoted (\"...\")", s)
	case types.DateTime:
		d, err := parseDateTime(s)
		if err != nil {
			return nil, err
		}
		return d, nil
	case types.TimeSpan:
		d, err := parseTimeSpan(s)
		if err != nil {
			return nil, err
		}
		return d, nil
	case types.Guid:
		if guidRE.MatchString(s) {
			return value.GUID(strings.ToLower(s)), nil
		}
	case types.Dynamic:
		v, err := parseJSON(s)
		if err != nil {
			return nil, fmt.Errorf("bad dynamic value %s: %v (write JSON)", s, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("bad %s value %s", t, s)
}

func parseReal(s string) (float64, error) {
	switch strings.ToLower(s) {
	case "nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

// fromJSON converts one decoded JSON field of a JSON-lines table row to
// the column's type.
func fromJSON(t types.Type, v any) (any, error) {
	if v == nil {
		if t == types.String {
			return "", nil
		}
		return nil, nil
	}
	if t == types.Dynamic {
		return v, nil
	}
	if s, ok := v.(string); ok {
		switch t {
		case types.String:
			return s, nil
		case types.Bool, types.Int, types.Long, types.Real, types.Decimal, types.DateTime, types.TimeSpan, types.Guid:
			return parseBare(t, s)
		}
	}
	switch t {
	case types.String:
		return string(appendJSON(nil, v, false)), nil
	case types.Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case types.Int, types.Long:
		var i int64
		switch x := v.(type) {
		case int64:
			i = x
		case float64:
			if x != math.Trunc(x) {
				return nil, fmt.Errorf("%v is not a whole number for a %s column", x, t)
			}
			i = int64(x)
		default:
			return nil, fmt.Errorf("%s column needs a number, got %s", t, appendJSON(nil, v, false))
		}
		if t == types.Int {
			if i < math.MinInt32 || i > math.MaxInt32 {
				return nil, fmt.Errorf("%d overflows int", i)
			}
			return int32(i), nil
		}
		return i, nil
	case types.Real:
		switch x := v.(type) {
		case int64:
			return float64(x), nil
		case float64:
			return x, nil
		}
	case types.Decimal:
		switch x := v.(type) {
		case int64, float64:
			return convert(x, types.Decimal), nil
		}
	}
	return nil, fmt.Errorf("cannot read %s as %s", appendJSON(nil, v, false), t)
}

// canon turns a value produced by a backend (or parsed from a file) into a
// comparable form for a column of type t: bool, int64 (int, long, ticks),
// float64 (real), string (decimal text, string, lower-case guid, and
// canonical JSON for dynamic). Null stays nil.
func canon(t types.Type, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, fmt.Errorf("a %s column holds a Go %T (%v)", t, v, v)
	}
	switch t {
	case types.Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case types.Int, types.Long:
		switch x := v.(type) {
		case int32:
			return int64(x), nil
		case int64:
			return x, nil
		case int:
			return int64(x), nil
		}
	case types.Decimal:
		// Exact: decimals compare as their canonical text.
		if d, ok := value.DecOf(v); ok {
			return d.String(), nil
		}
		return bad()
	case types.Real:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case int32:
			return float64(x), nil
		case value.Decimal:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return bad()
			}
			return f, nil
		}
	case types.String:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case types.Guid:
		switch x := v.(type) {
		case value.GUID:
			return strings.ToLower(string(x)), nil
		case string:
			return strings.ToLower(x), nil
		}
	case types.DateTime:
		switch x := v.(type) {
		case value.DateTime:
			return int64(x), nil
		case time.Time:
			return int64(ticksOf(x)), nil
		}
	case types.TimeSpan:
		switch x := v.(type) {
		case value.TimeSpan:
			return int64(x), nil
		case time.Duration:
			return int64(x) / 100, nil
		}
	case types.Dynamic:
		return string(appendJSON(nil, v, true)), nil
	}
	return bad()
}

// formatCell renders a value in the literal syntax parseCell reads, so
// that actual output can be pasted into a test file.
func formatCell(t types.Type, v any) string {
	if v == nil {
		return "null"
	}
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case value.Decimal:
		return string(x)
	case string:
		if t == types.Guid {
			return x
		}
		return quote(x)
	case value.GUID:
		return string(x)
	case value.DateTime:
		return formatDateTime(x)
	case value.TimeSpan:
		return formatTimeSpan(x)
	case time.Time:
		return formatDateTime(ticksOf(x))
	case []any, *value.Bag:
		return string(appendJSON(nil, x, false))
	}
	return fmt.Sprintf("%v", v)
}

// equalCanon compares two canonical values; reals match within a relative
// 1e-9 (backends may sum in different orders), NaN equals NaN.
func equalCanon(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if x, ok := a.(float64); ok {
		y, ok := b.(float64)
		if !ok {
			return false
		}
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.IsNaN(x) && math.IsNaN(y)
		}
		if x == y {
			return true
		}
		if math.IsInf(x, 0) || math.IsInf(y, 0) {
			return false
		}
		return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	}
	return a == b
}

// sortKey is a row's text key for unordered comparison; reals are rounded
// so that values equal within tolerance sort together.
func sortKey(row []any) string {
	var b strings.Builder
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			b.WriteString("\x00")
		case float64:
			b.WriteString(strconv.FormatFloat(x, 'g', 8, 64))
		case string:
			b.WriteString(strconv.Quote(x))
		default:
			fmt.Fprint(&b, x)
		}
		b.WriteByte('\x01')
	}
	return b.String()
}
