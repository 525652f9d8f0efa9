package table

import (
	"math"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// colBuilder builds one batch of one column, coercing raw input values
// (boxed JSON values, or CSV text) to the column's type. A value that does
// not convert becomes null, as Kusto ingestion does.
type colBuilder struct {
	t   types.Type
	b   *column.Builder // all types but string and guid
	s   *strBuilder     // string and guid
	cap int
}

func newColBuilder(t types.Type, capacity int) *colBuilder {
	c := &colBuilder{t: t, cap: capacity}
	c.reset()
	return c
}

func (c *colBuilder) reset() {
	if c.t == types.String || c.t == types.Guid {
		c.s = newStrBuilder()
		return
	}
	c.b = column.NewBuilder(c.t, c.cap)
}

// build returns the vector and starts a new batch.
func (c *colBuilder) build() *column.Vector {
	var v *column.Vector
	if c.s != nil {
		v = column.FromStrings(c.t, c.s.build())
	} else {
		v = c.b.Build()
	}
	c.reset()
	return v
}

func (c *colBuilder) appendNull() {
	if c.s != nil {
		c.s.append("")
		return
	}
	c.b.AppendNull()
}

// appendValue appends a raw value. text says the value came from a text
// format (CSV), where every cell is a string and "" means null.
func (c *colBuilder) appendValue(x any, text bool) {
	if x == nil {
		c.appendNull()
		return
	}
	switch c.t {
	case types.String:
		c.s.append(asText(x))
	case types.Guid:
		c.s.append(normGUID(asText(x)))
	case types.Bool:
		if v, ok := toBool(x); ok {
			c.b.AppendBool(v)
			return
		}
		c.b.AppendNull()
	case types.Int, types.Long:
		if v, ok := toInt(x); ok && (c.t == types.Long || (v >= math.MinInt32 && v <= math.MaxInt32)) {
			c.b.AppendInt(v)
			return
		}
		c.b.AppendNull()
	case types.Decimal:
		if s, ok := x.(string); ok {
			x = value.Decimal(s)
		}
		if v, ok := value.DecOf(x); ok {
			c.b.AppendDec(v)
			return
		}
		c.b.AppendNull()
	case types.Real:
		if v, ok := toReal(x); ok {
			c.b.AppendReal(v)
			return
		}
		c.b.AppendNull()
	case types.DateTime:
		if v, ok := toDateTime(x); ok {
			c.b.AppendInt(int64(v))
			return
		}
		c.b.AppendNull()
	case types.TimeSpan:
		if v, ok := toTimeSpan(x); ok {
			c.b.AppendInt(int64(v))
			return
		}
		c.b.AppendNull()
	case types.Dynamic:
		c.b.AppendDyn(toDynamic(x, text))
	default:
		c.b.AppendNull()
	}
}

// asText renders a raw value as a string column holds it.
func asText(x any) string {
	if s, ok := x.(string); ok {
		return s
	}
	return value.ToString(x)
}

func toBool(x any) (bool, bool) {
	switch v := x.(type) {
	case bool:
		return v, true
	case int64:
		return v != 0, true
	case int32:
		return v != 0, true
	case float64:
		return v != 0, true
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "1":
			return true, true
		case "false", "0":
			return false, true
		}
	}
	return false, false
}

func toInt(x any) (int64, bool) {
	switch v := x.(type) {
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	case float64:
		if math.IsNaN(v) || v >= math.MaxInt64 || v < math.MinInt64 {
			return 0, false
		}
		return int64(v), true
	case string:
		s := strings.TrimSpace(v)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return toInt(f)
		}
	}
	return 0, false
}

func toReal(x any) (float64, bool) {
	switch v := x.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	case value.Decimal:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case string:
		s := strings.TrimSpace(v)
		switch s {
		case "NaN":
			return math.NaN(), true
		case "Infinity", "+Infinity":
			return math.Inf(1), true
		case "-Infinity":
			return math.Inf(-1), true
		}
		if s == "" || strings.ContainsAny(s, "xXnN_") { // no hex, inf, nan or digit separators
			return 0, false
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return 0, false
}

func toDateTime(x any) (value.DateTime, bool) {
	switch v := x.(type) {
	case string:
		return value.ParseDateTime(v)
	case value.DateTime:
		return v, true
	}
	return 0, false
}

func toTimeSpan(x any) (value.TimeSpan, bool) {
	switch v := x.(type) {
	case string:
		return value.ParseTimeSpan(v)
	case value.TimeSpan:
		return v, true
	}
	return 0, false
}

// toDynamic keeps JSON values as they are and parses JSON text held in a
// string (Defender exports carry AdditionalFields and similar columns as
// JSON-encoded strings). From a text format any cell is JSON text when it
// parses; from JSON only strings that look like an object or array are.
func toDynamic(x any, text bool) any {
	s, ok := x.(string)
	if !ok {
		return x
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return nil
	}
	if text || t[0] == '{' || t[0] == '[' {
		if v, err := value.ParseJSON(t); err == nil {
			return v
		}
	}
	return s
}

// normGUID returns the canonical lower-case 8-4-4-4-12 form of a GUID
// written with or without hyphens or braces, or "" when s is not one.
func normGUID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 38 && (s[0] == '{' && s[37] == '}' || s[0] == '(' && s[37] == ')') {
		s = s[1:37]
	}
	var hex [32]byte
	n := 0
	switch len(s) {
	case 36:
		for i := 0; i < 36; i++ {
			c := s[i]
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return ""
				}
				continue
			}
			hex[n] = c
			n++
		}
	case 32:
		copy(hex[:], s)
		n = 32
	default:
		return ""
	}
	var out [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[j] = '-'
			j++
		}
		c := hex[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			c += 'a' - 'A'
		default:
			return ""
		}
		out[j] = c
		j++
	}
	return string(out[:])
}
