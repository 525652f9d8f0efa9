package table

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Kinds of raw values seen while inferring a column's type, as a bit
// set; ingest shares them so that a column gets the same type whichever
// way it is loaded.
const (
	SeenBool = 1 << iota
	SeenInt
	SeenReal
	SeenDate
	SeenString
	SeenDyn
)

// classify returns the kind of one raw value; 0 for null or empty.
func classify(x any, text bool) int {
	switch v := x.(type) {
	case nil:
		return 0
	case bool:
		return SeenBool
	case int64, int32:
		return SeenInt
	case float64:
		return SeenReal
	case []any, *value.Bag:
		return SeenDyn
	case string:
		return ClassifyString(v, text)
	}
	return SeenString
}

// ClassifyString returns the kind of a string value; 0 when empty. From
// JSON (text false) only ISO dates are told apart from strings; from text
// such as CSV, numbers, bools and JSON objects or arrays too.
func ClassifyString(v string, text bool) int {
	s := strings.TrimSpace(v)
	if s == "" {
		return 0
	}
	if looksISODate(s) {
		if _, ok := value.ParseDateTime(s); ok {
			return SeenDate
		}
	}
	if !text {
		return SeenString
	}
	switch strings.ToLower(s) {
	case "true", "false":
		return SeenBool
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return SeenInt
	}
	if _, ok := toReal(s); ok && s != "NaN" && !strings.HasSuffix(s, "Infinity") {
		return SeenReal
	}
	if s[0] == '{' || s[0] == '[' {
		if _, err := value.ParseJSON(s); err == nil {
			return SeenDyn
		}
	}
	return SeenString
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

// TypeOf picks a column type from the kinds seen: one kind gives its own
// type, integers with fractions give real, JSON objects or arrays give
// dynamic (from JSON input whatever else the column holds; from text only
// beside numbers and bools), any other mix (and a column with no values)
// gives string.
func TypeOf(seen int, text bool) types.Type {
	switch seen {
	case SeenBool:
		return types.Bool
	case SeenInt:
		return types.Long
	case SeenReal, SeenInt | SeenReal:
		return types.Real
	case SeenDate:
		return types.DateTime
	}
	if seen&SeenDyn != 0 && (!text || seen&^(SeenDyn|SeenInt|SeenReal|SeenBool) == 0) {
		return types.Dynamic
	}
	return types.String
}

// inferType gives the type for a column holding these raw values.
func inferType(vals []any, text bool) types.Type {
	seen := 0
	for _, x := range vals {
		seen |= classify(x, text)
		if text && seen&SeenString != 0 {
			return types.String
		}
	}
	return TypeOf(seen, text)
}
