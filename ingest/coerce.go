package ingest

import (
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Coercion follows the rules of the --table loader (package table) value
// for value, so that a table ingested into the store reads back exactly as
// the same file loaded with --table: a value that does not convert to the
// column's type becomes null (as Kusto ingestion does), and is counted.

// colBuf builds one column of a part: strings and guids in a plain arena
// (never null, as the loader keeps them), every other type in a
// column.Builder.
type colBuf struct {
	t    types.Type
	strs *column.Strings
	b    *column.Builder
}

func newColBuf(t types.Type, rows int) *colBuf {
	c := &colBuf{t: t}
	if t == types.String || t == types.Guid {
		c.strs = column.NewStrings(rows, rows*16)
	} else {
		c.b = column.NewBuilder(t, rows)
	}
	return c
}

func (c *colBuf) build() *column.Vector {
	if c.strs != nil {
		return column.FromStrings(c.t, c.strs)
	}
	return c.b.Build()
}

func (c *colBuf) null() {
	if c.strs != nil {
		c.strs.Append("")
		return
	}
	c.b.AppendNull()
}

// putString appends a string value: a JSON string, or a CSV cell (text).
// It reports false when a non-blank value did not convert and became
// null.
func (c *colBuf) putString(s string, text bool) bool {
	switch c.t {
	case types.String:
		c.strs.Append(s)
		return true
	case types.Guid:
		g, ok := normGUID(s)
		if ok {
			c.strs.Append(g)
		} else {
			c.strs.Append("")
		}
		return ok || isBlank(s)
	case types.Bool:
		if v, ok := boolOfString(s); ok {
			c.b.AppendBool(v)
			return true
		}
	case types.Int, types.Long:
		if v, ok := intOfString(s); ok && fitsType(v, c.t) {
			c.b.AppendInt(v)
			return true
		}
	case types.Decimal:
		if v, ok := value.ParseDec(s); ok {
			c.b.AppendDec(v)
			return true
		}
	case types.Real:
		if v, ok := realOfString(s); ok {
			c.b.AppendReal(v)
			return true
		}
	case types.DateTime:
		if v, ok := dateTimeOf(s); ok {
			c.b.AppendInt(int64(v))
			return true
		}
	case types.TimeSpan:
		if v, ok := value.ParseTimeSpan(s); ok {
			c.b.AppendInt(int64(v))
			return true
		}
	case types.Dynamic:
		c.b.AppendDyn(dynamicOfString(s, text))
		return true
	default:
		c.b.AppendNull()
		return false
	}
	c.b.AppendNull()
	return isBlank(s)
}

// putInt appends a JSON integer that fits int64.
func (c *colBuf) putInt(n int64) bool {
	switch c.t {
	case types.Int, types.Long:
		if fitsType(n, c.t) {
			c.b.AppendInt(n)
			return true
		}
		c.b.AppendNull()
		return false
	case types.Decimal:
		c.b.AppendDec(value.DecFromInt(n))
		return true
	case types.Real:
		c.b.AppendReal(float64(n))
		return true
	case types.Bool:
		c.b.AppendBool(n != 0)
		return true
	}
	return c.putBoxed(n, false)
}

// putBoxed appends a boxed value (as value.ParseJSON or a Parquet reader
// gives it). text says strings are CSV cells.
func (c *colBuf) putBoxed(x any, text bool) bool {
	if x == nil {
		c.null()
		return true
	}
	if s, ok := x.(string); ok {
		return c.putString(s, text)
	}
	switch c.t {
	case types.String:
		c.strs.Append(value.ToString(x))
		return true
	case types.Guid:
		g, ok := normGUID(value.ToString(x))
		c.strs.Append(g)
		return ok
	case types.Bool:
		if v, ok := boolOf(x); ok {
			c.b.AppendBool(v)
			return true
		}
	case types.Int, types.Long:
		if v, ok := intOf(x); ok && fitsType(v, c.t) {
			c.b.AppendInt(v)
			return true
		}
	case types.Decimal:
		if s, ok := x.(string); ok {
			x = value.Decimal(s)
		}
		if v, ok := value.DecOf(x); ok {
			c.b.AppendDec(v)
			return true
		}
	case types.Real:
		if v, ok := realOf(x); ok {
			c.b.AppendReal(v)
			return true
		}
	case types.DateTime:
		if v, ok := x.(value.DateTime); ok {
			c.b.AppendInt(int64(v))
			return true
		}
	case types.TimeSpan:
		if v, ok := x.(value.TimeSpan); ok {
			c.b.AppendInt(int64(v))
			return true
		}
	case types.Dynamic:
		c.b.AppendDyn(x)
		return true
	}
	c.b.AppendNull()
	return false
}

func fitsType(v int64, t types.Type) bool {
	return t == types.Long || v >= math.MinInt32 && v <= math.MaxInt32
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func boolOfString(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

func boolOf(x any) (bool, bool) {
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
		return boolOfString(v)
	}
	return false, false
}

func intOfString(s string) (int64, bool) {
	t := strings.TrimSpace(s)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		return intOfReal(f)
	}
	return 0, false
}

func intOfReal(f float64) (int64, bool) {
	if math.IsNaN(f) || f >= math.MaxInt64 || f < math.MinInt64 {
		return 0, false
	}
	return int64(f), true
}

func intOf(x any) (int64, bool) {
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
		return intOfReal(v)
	case string:
		return intOfString(v)
	}
	return 0, false
}

func realOfString(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	switch t {
	case "NaN":
		return math.NaN(), true
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	// No hex, inf, nan or digit separators.
	if t == "" || strings.ContainsAny(t, "xXnN_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	return f, err == nil
}

func realOf(x any) (float64, bool) {
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
		return realOfString(v)
	}
	return 0, false
}

// dynamicOfString is a string bound for a dynamic column. Exports carry
// JSON-ish columns (AdditionalFields, AttackTechniques) as JSON text, so
// text that parses is the JSON value: from CSV any cell, from JSON only
// strings that look like an object or array. Blank is null.
func dynamicOfString(s string, text bool) any {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil
	}
	if text || t[0] == '{' || t[0] == '[' {
		if v, err := value.ParseJSON(t); err == nil {
			return v
		}
	}
	return strings.Clone(s)
}

// dateTimeOf parses the common export form 2024-05-01T10:00:00.1234567Z
// directly and everything else as todatetime does.
func dateTimeOf(s string) (value.DateTime, bool) {
	if t, ok := fastISO(s); ok {
		return t, true
	}
	return value.ParseDateTime(s)
}

// daysBefore[m] is the days of a non-leap year before month m (1-based).
var daysBefore = [13]int64{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// fastISO reads exactly YYYY-MM-DDTHH:MM:SS[.f{1,7}]Z; ok is false for any
// other form (which the general parser then reads).
func fastISO(s string) (value.DateTime, bool) {
	n := len(s)
	if n < 20 || n > 28 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n-1] != 'Z' {
		return 0, false
	}
	num := func(lo, hi int) (int64, bool) {
		var v int64
		for i := lo; i < hi; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	leap := y%4 == 0 && (y%100 != 0 || y%400 == 0)
	dim := [13]int64{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mo]
	if mo == 2 && leap {
		dim = 29
	}
	if d > dim {
		return 0, false
	}
	var frac int64
	if n > 20 {
		if s[19] != '.' || n == 21 {
			return 0, false
		}
		f, ok := num(20, n-1)
		if !ok {
			return 0, false
		}
		for k := n - 1 - 20; k < 7; k++ {
			f *= 10
		}
		frac = f
	} else if n != 20 {
		return 0, false
	}
	py := y - 1
	days := py*365 + py/4 - py/100 + py/400 + daysBefore[mo] + d - 1
	if mo > 2 && leap {
		days++
	}
	t := days*value.Day + h*value.Hour + mi*value.Minute + sec*value.Second + frac
	return value.DateTime(t), true
}

// normGUID gives the canonical lower-case 8-4-4-4-12 form of a GUID
// written with or without hyphens or braces; ok is false when s is not
// one.
func normGUID(s string) (string, bool) {
	if len(s) == 36 && canonicalGUID(s) {
		return s, true
	}
	s = strings.TrimSpace(s)
	if len(s) == 38 && (s[0] == '{' && s[37] == '}' || s[0] == '(' && s[37] == ')') {
		s = s[1:37]
	}
	var hex [32]byte
	switch len(s) {
	case 36:
		n := 0
		for i := 0; i < 36; i++ {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if s[i] != '-' {
					return "", false
				}
				continue
			}
			hex[n] = s[i]
			n++
		}
	case 32:
		copy(hex[:], s)
	default:
		return "", false
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
			return "", false
		}
		out[j] = c
		j++
	}
	return string(out[:]), true
}

// canonicalGUID reports whether s is already lower-case 8-4-4-4-12.
func canonicalGUID(s string) bool {
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// bytesString views b as a string without copying; the caller must not
// keep it beyond b's lifetime (column arenas copy what they append).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
