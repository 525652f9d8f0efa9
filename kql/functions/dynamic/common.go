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

// kind classes used by argument checks.
type kind uint8

const (
	kDyn    kind = iota // dynamic
	kAny                // any scalar, passed unchanged
	kLong               // int or long, converted to long
	kBool               // bool
	kString             // string
	kReal               // any number, converted to real
)

func (k kind) accepts(t types.Type) bool {
	if t == types.Unknown {
		return true
	}
	switch k {
	case kDyn:
		return t == types.Dynamic
	case kAny:
		return true
	case kLong:
		return t.IsInteger()
	case kBool:
		return t == types.Bool
	case kString:
		return t == types.String
	case kReal:
		return t.IsNumeric()
	}
	return false
}

func (k kind) target(t types.Type) types.Type {
	switch k {
	case kLong:
		return types.Long
	case kReal:
		return types.Real
	case kBool:
		return types.Bool
	case kString:
		return types.String
	case kDyn:
		return types.Dynamic
	}
	return t
}

var kindWords = [...]string{"a dynamic value", "a scalar value", "an integer (int or long)", "a bool", "a string", "a number"}

// checkKinds validates args against per-position kinds; when there are
// more args than kinds the last kind repeats (variadic functions). min is
// the number of required arguments and max the maximum (-1: unbounded).
func checkKinds(name string, args []functions.Arg, min, max int, kinds ...kind) ([]types.Type, error) {
	if len(args) < min || (max >= 0 && len(args) > max) {
		switch {
		case min == max:
			return nil, fmt.Errorf("function '%s' expects %d argument(s), got %d", name, min, len(args))
		case max < 0:
			return nil, fmt.Errorf("function '%s' expects at least %d arguments, got %d", name, min, len(args))
		}
		return nil, fmt.Errorf("function '%s' expects %d to %d arguments, got %d", name, min, max, len(args))
	}
	out := make([]types.Type, len(args))
	for i, a := range args {
		if a.Star {
			return nil, fmt.Errorf("function '%s' does not accept *", name)
		}
		k := kinds[len(kinds)-1]
		if i < len(kinds) {
			k = kinds[i]
		}
		if !k.accepts(a.Type) {
			return nil, fmt.Errorf("function '%s': argument %d must be %s, got %s", name, i+1, kindWords[k], a.Type)
		}
		out[i] = k.target(a.Type)
	}
	return out, nil
}

// bindKinds is a Bind for functions with a fixed result type and kinds.
func bindKinds(name string, result types.Type, eval functions.ScalarKernel, min, max int, kinds ...kind) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := checkKinds(name, args, min, max, kinds...)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: result, ArgTypes: ts, Eval: eval}, nil
	}
}

// rowArgs reads argument rows boxed, loading each constant once: a
// constant string would otherwise be copied on every row.
type rowArgs struct {
	vs    []*column.Vector
	vals  []any
	konst bool // every argument is constant
}

func newRowArgs(vs []*column.Vector) *rowArgs {
	r := &rowArgs{vs: vs, vals: make([]any, len(vs)), konst: true}
	for j, v := range vs {
		if v.IsConst() {
			r.vals[j] = v.Value(0)
		} else {
			r.konst = false
		}
	}
	return r
}

func (r *rowArgs) load(i int) []any {
	for j, v := range r.vs {
		if !v.IsConst() {
			r.vals[j] = v.Value(i)
		}
	}
	return r.vals
}

// evalRows runs f per row and builds a vector of type t; all-constant
// arguments give a constant.
func evalRows(t types.Type, args []*column.Vector, n int, f func(row []any) any) *column.Vector {
	r := newRowArgs(args)
	if r.konst {
		return functions.ConstOf(t, f(r.vals), n)
	}
	b := column.NewBuilder(t, n)
	for i := 0; i < n; i++ {
		b.AppendValue(f(r.load(i)))
	}
	return b.Build()
}

// rowWise adapts a boxed per-row function to a kernel producing type t.
func rowWise(t types.Type, f func(row []any) any) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return evalRows(t, args, n, f), nil
	}
}

// dynToLong maps rows to a long without boxing results (ok=false: null).
func dynToLong(f func(row []any) (int64, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		r := newRowArgs(args)
		if r.konst {
			x, ok := f(r.vals)
			if !ok {
				return functions.NullConst(types.Long, n), nil
			}
			return column.Const(types.Long, x, n), nil
		}
		out := make([]int64, n)
		var nulls column.Bitmap
		for i := 0; i < n; i++ {
			x, ok := f(r.load(i))
			if !ok {
				if nulls == nil {
					nulls = column.NewBitmap(n)
				}
				nulls.Set(i)
				continue
			}
			out[i] = x
		}
		return column.FromInts(types.Long, out, nulls), nil
	}
}

// dynToBool is dynToLong for bool results.
func dynToBool(f func(row []any) (bool, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		r := newRowArgs(args)
		if r.konst {
			x, ok := f(r.vals)
			if !ok {
				return functions.NullConst(types.Bool, n), nil
			}
			return column.Const(types.Bool, x, n), nil
		}
		out := make([]bool, n)
		var nulls column.Bitmap
		for i := 0; i < n; i++ {
			x, ok := f(r.load(i))
			if !ok {
				if nulls == nil {
					nulls = column.NewBitmap(n)
				}
				nulls.Set(i)
				continue
			}
			out[i] = x
		}
		return column.FromBools(out, nulls), nil
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// equalElem compares an array element with a looked-up scalar: the
// structural equality of value.Equal (numbers by value).
func equalElem(a, b any) bool { return value.Equal(a, b) }
