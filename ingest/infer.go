package ingest

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// raw is a value kept unconverted until its column's type is known (a
// column the schema lacks): its JSON kind, and its text (a string's
// decoded contents, or any other value's JSON text).
type raw struct {
	kind byte
	s    string
}

func classify(r raw, text bool) int {
	switch r.kind {
	case kTrue, kFalse:
		return table.SeenBool
	case kNumber:
		if _, ok := parseNumber([]byte(r.s)).(int64); ok {
			return table.SeenInt
		}
		return table.SeenReal
	case kObject, kArray:
		return table.SeenDyn
	case kString:
		return table.ClassifyString(r.s, text)
	}
	return 0
}

// inferType is the type for a column holding vals.
func inferType(vals []raw, text bool) types.Type {
	seen := 0
	for _, r := range vals {
		seen |= classify(r, text)
		if text && seen&table.SeenString != 0 {
			return types.String
		}
	}
	return table.TypeOf(seen, text)
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
