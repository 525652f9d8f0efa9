package table

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Kinds of raw values seen while inferring a column's type.
const (
	seenBool = 1 << iota
	seenInt
	seenReal
	seenDate
	seenString
	seenDyn
)

// classify returns the kind of one raw value; 0 for null or empty.
func classify(x any, text bool) int {
	switch v := x.(type) {
	case nil:
		return 0
	case bool:
		return seenBool
	case int64, int32:
		return seenInt
	case float64:
		return seenReal
	case []any, *value.Bag:
		return seenDyn
	case string:
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
		if _, ok := toReal(s); ok && s != "NaN" && !strings.HasSuffix(s, "Infinity") {
			return seenReal
		}
		if s[0] == '{' || s[0] == '[' {
			if _, err := value.ParseJSON(s); err == nil {
				return seenDyn
			}
		}
		return seenString
	}
	return seenString
}

// looksISODate is a cheap test for yyyy-mm-dd... before a full parse.
func looksISODate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && isDigits(s[:4]) && isDigits(s[5:7]) && isDigits(s[8:10])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// typeOf picks a column type from the kinds seen: one kind gives its own
// type, integers with fractions give real, JSON objects or arrays give
// dynamic (from JSON input whatever else the column holds; from text only
// beside numbers and bools), any other mix (and a column with no values)
// gives string.
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

// inferType gives the type for a column holding these raw values.
func inferType(vals []any, text bool) types.Type {
	seen := 0
	for _, x := range vals {
		seen |= classify(x, text)
		if text && seen&seenString != 0 {
			return types.String
		}
	}
	return typeOf(seen, text)
}
