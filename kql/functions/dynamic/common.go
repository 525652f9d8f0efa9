// Package dynamic holds the scalar functions over dynamic (JSON) values:
// arrays (array_*), sets (set_*), property bags (bag_*, pack*), JSON paths
// (extract_json, treepath) and the member/index operators the binder uses
// for d.a and d[0]. It also exports the value hashing that aggregates such
// as dcount and make_set share.
//
// Values are immutable once built: kernels never modify an argument's
// array or bag, they copy what they change.
package dynamic

import (
	"fmt"
	"math"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// maxArray is Kusto's cap on generated arrays (range, repeat).
const maxArray = 1 << 20

func decimalFloat(d value.Decimal) float64 {
	f, err := strconv.ParseFloat(string(d), 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

func asArray(v any) ([]any, bool) {
	a, ok := v.([]any)
	return a, ok
}

func asBag(v any) (*value.Bag, bool) {
	b, ok := v.(*value.Bag)
	return b, ok && b != nil
}

// asLong reads an integral boxed number (long, int, or a real with an
// integral value, as JSON numbers inside dynamic values may be).
func asLong(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && x >= -9.2e18 && x <= 9.2e18 {
			return int64(x), true
		}
	}
	return 0, false
}

// asReal reads any boxed number as a real.
func asReal(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case value.Decimal:
		return decimalFloat(x), true
	}
	return 0, false
}

// Argument classes, in the words of this package.
const (
	kDyn    = functions.DynamicArg
	kAny    = functions.ScalarArg
	kLong   = functions.LongArg
	kBool   = functions.BoolArg
	kString = functions.StringArg
	kReal   = functions.RealArg
)

// rowWise adapts a boxed per-row function to a kernel producing type t.
func rowWise(t types.Type, f func(row []any) any) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.Eval(t, args, n, f), nil
	}
}

// boxedTo maps boxed rows to a vector of type t without boxing results
// (ok=false: null).
func boxedTo[T functions.Elem](t types.Type, f func(row []any) (T, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.FillBoxed(t, args, n, f), nil
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// equalElem compares an array element with a looked-up scalar: the
// structural equality of value.Equal (numbers by value).
func equalElem(a, b any) bool { return value.Equal(a, b) }
