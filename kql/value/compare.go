package value

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// kind ranks values of different types for Compare: null first, then
// bool, numbers, datetime, timespan, string, guid, array, bag.
func kind(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case int32, int64, int, float64, float32, Decimal:
		return 2
	case DateTime:
		return 3
	case TimeSpan:
		return 4
	case string:
		return 5
	case GUID:
		return 6
	case []any:
		return 7
	case *Bag:
		return 8
	}
	return 9
}

// Compare is a total order over boxed values, used by sort, min and max.
// Null sorts first. Numbers of any width compare by value (int64 exactly,
// NaN below every other number); strings compare by bytes (ordinal);
// arrays element by element; bags by their sorted keys and then values.
// Values of different kinds order by kind.
func Compare(a, b any) int {
	ka, kb := kind(a), kind(b)
	if ka != kb {
		return cmp(ka, kb)
	}
	switch x := a.(type) {
	case nil:
		return 0
	case bool:
		y := b.(bool)
		if x == y {
			return 0
		}
		if !x {
			return -1
		}
		return 1
	case DateTime:
		return cmp(x, b.(DateTime))
	case TimeSpan:
		return cmp(x, b.(TimeSpan))
	case string:
		return strings.Compare(x, b.(string))
	case GUID:
		return strings.Compare(string(x), string(b.(GUID)))
	case []any:
		y := b.([]any)
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := Compare(x[i], y[i]); c != 0 {
				return c
			}
		}
		return cmp(len(x), len(y))
	case *Bag:
		return compareBags(x, b.(*Bag))
	}
	if ka == 2 {
		return compareNumbers(a, b)
	}
	return 0
}

func cmp[T int | int64 | DateTime | TimeSpan | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int:
		return int64(x), true
	}
	return 0, false
}

func asFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int:
		return float64(x)
	case float64:
		return x
	case float32:
		return float64(x)
	case Decimal:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return math.NaN()
		}
		return f
	}
	return math.NaN()
}

func compareNumbers(a, b any) int {
	if _, ok := a.(Decimal); ok {
		if c, ok := compareDecimals(a, b); ok {
			return c
		}
	} else if _, ok := b.(Decimal); ok {
		if c, ok := compareDecimals(a, b); ok {
			return c
		}
	}
	if x, ok := asInt(a); ok {
		if y, ok := asInt(b); ok {
			return cmp(x, y)
		}
	}
	x, y := asFloat(a), asFloat(b)
	xn, yn := x != x, y != y
	switch {
	case xn && yn:
		return 0
	case xn:
		return -1
	case yn:
		return 1
	}
	return cmp(x, y)
}

func sortedKeys(b *Bag) []int {
	idx := make([]int, len(b.Keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return b.Keys[idx[i]] < b.Keys[idx[j]] })
	return idx
}

func compareBags(x, y *Bag) int {
	if x == nil || y == nil {
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return -1
		}
		return 1
	}
	xi, yi := sortedKeys(x), sortedKeys(y)
	for i := 0; i < len(xi) && i < len(yi); i++ {
		if c := strings.Compare(x.Keys[xi[i]], y.Keys[yi[i]]); c != 0 {
			return c
		}
	}
	if c := cmp(len(xi), len(yi)); c != 0 {
		return c
	}
	for i := range xi {
		if c := Compare(x.Values[xi[i]], y.Values[yi[i]]); c != 0 {
			return c
		}
	}
	return 0
}

// Equal reports whether two boxed values are the same dynamic value:
// numbers equal by value whatever their width, strings case-sensitively,
// arrays element by element, bags by key set and values (key order does
// not matter). It is structural: Equal(nil, nil) is true and NaN equals
// NaN, which is what set membership and de-duplication need; the
// null-never-equal rule of the == operator is the caller's.
func Equal(a, b any) bool {
	ka, kb := kind(a), kind(b)
	if ka != kb {
		return false
	}
	switch x := a.(type) {
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *Bag:
		y := b.(*Bag)
		if x == nil || y == nil {
			return x == y
		}
		if x.Len() != y.Len() {
			return false
		}
		for i, k := range x.Keys {
			w, ok := y.Get(k)
			if !ok || !Equal(x.Values[i], w) {
				return false
			}
		}
		return true
	}
	return Compare(a, b) == 0
}
