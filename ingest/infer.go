package ingest

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// raw is a value kept unconverted until its column's type is known (a
// column the schema lacks): its JSON kind, and its text (a string's
// decoded contents, or any other value's JSON text).
type raw struct {
	kind byte
	s    string
}

// Kinds of raw values seen while inferring a column's type; the rules are
// the --table loader's, so that an unknown column gets the same type
// either way.
const (
	seenBool = 1 << iota
	seenInt
	seenReal
	seenDate
	seenString
	seenDyn
)

func classify(r raw, text bool) int {
	switch r.kind {
	case kTrue, kFalse:
		return seenBool
	case kNumber:
		if _, ok := parseNumber([]byte(r.s)).(int64); ok {
			return seenInt
		}
		return seenReal
	case kObject, kArray:
		return seenDyn
	case kString:
		return classifyString(r.s, text)
	}
	return 0
}

func classifyString(v string, text bool) int {
	s := strings.TrimSpace(v)
	if s == "" {
		return 0
	}
	if looksISODate(s) {
		if _, ok := value.ParseDateTime(s); ok {
			return seenDate
		}
	}
	if !text {
		return seenString
	}
	switch strings.ToLower(s) {
	case "true", "false":
		return seenBool
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return seenInt
	}
	if _, ok := realOfString(s); ok && s != "NaN" && !strings.HasSuffix(s, "Infinity") {
		return seenReal
	}
	if s[0] == '{' || s[0] == '[' {
		if _, err := value.ParseJSON(s); err == nil {
			return seenDyn
		}
	}
	return seenString
}

func looksISODate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:10])
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// typeOf picks a column type from the kinds seen: one kind gives its own
// type, integers with fractions real, JSON objects or arrays dynamic (from
// JSON whatever else the column holds; from CSV only beside numbers and
// bools), any other mix, and a column without values, string.
func typeOf(seen int, text bool) types.Type {
	switch seen {
	case seenBool:
		return types.Bool
	case seenInt:
		return types.Long
	case seenReal, seenInt | seenReal:
		return types.Real
	case seenDate:
		return types.DateTime
	}
	if seen&seenDyn != 0 && (!text || seen&^(seenDyn|seenInt|seenReal|seenBool) == 0) {
		return types.Dynamic
	}
	return types.String
}

// inferType is the type for a column holding vals.
func inferType(vals []raw, text bool) types.Type {
	seen := 0
	for _, r := range vals {
		seen |= classify(r, text)
		if text && seen&seenString != 0 {
			return types.String
		}
	}
	return typeOf(seen, text)
}

// putRaw converts a kept value into c.
func (c *colBuf) putRaw(r raw, text bool) bool {
	switch r.kind {
	case kNone, kNull:
		c.null()
		return true
	case kString:
		return c.putString(r.s, text)
	case kTrue:
		return c.putBoxed(true, text)
	case kFalse:
		return c.putBoxed(false, text)
	case kNumber:
		if n, ok := simpleInt([]byte(r.s)); ok {
			return c.putInt(n)
		}
		return c.putBoxed(parseNumber([]byte(r.s)), text)
	}
	v, err := value.ParseJSON(r.s)
	if err != nil { // cannot happen: the scanner validated it
		c.null()
		return false
	}
	return c.putBoxed(v, text)
}

// simpleInt reads a JSON integer of at most 18 digits (which cannot
// overflow); ok is false for any other number.
func simpleInt(t []byte) (int64, bool) {
	i := 0
	neg := len(t) > 0 && t[0] == '-'
	if neg {
		i = 1
	}
	if len(t)-i > 18 || len(t) == i {
		return 0, false
	}
	var n int64
	for _, c := range t[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
