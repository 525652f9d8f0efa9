package network

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// fixed is functions.Fixed that also insists on whole numbers at the
// listed positions (prefix lengths), as Kusto does.
func fixed(name string, result types.Type, params []functions.Param, ints []int, eval functions.ScalarKernel) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		argTypes, err := functions.CheckArgs(name, params, args)
		if err != nil {
			return nil, err
		}
		for _, i := range ints {
			if i < len(args) {
				if t := args[i].Type; t == types.Real || t == types.Decimal {
					return nil, fmt.Errorf("function '%s': argument %d must be an integer (int or long), got %s", name, i+1, t)
				}
			}
		}
		return &functions.Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
	}
}

// pairFunc is a function of two address strings and an optional prefix
// length (has is false when the call gave none).
type pairFunc[T any] func(a, b string, prefix int64, has bool) (T, bool)

// prefixArg returns the optional third argument as a per-row accessor.
func prefixArg(args []*column.Vector) (get func(i int) int64, has bool) {
	if len(args) < 3 {
		return func(int) int64 { return 0 }, false
	}
	v := args[2]
	return v.Int, true
}

// evalPairBool evaluates a bool pairFunc; when the second address and
// the prefix are constants, the first column is mapped once per
// distinct value.
func evalPairBool(args []*column.Vector, n int, f pairFunc[bool]) *column.Vector {
	pre, has := prefixArg(args)
	if b := args[1]; b.IsConst() && (!has || args[2].IsConst()) {
		if has && args[2].IsNull(0) {
			return column.Const(types.Bool, nil, n)
		}
		bs, pr := b.Str(0), pre(0)
		return functions.MapStr(types.Bool, args[0], n, func(a string) (bool, bool) { return f(a, bs, pr, has) })
	}
	a, b := args[0], args[1]
	return functions.StrictRows(types.Bool, args, n, func(i int) (bool, bool) { return f(a.Str(i), b.Str(i), pre(i), has) })
}

// evalPairLong is evalPairBool for long results.
func evalPairLong(args []*column.Vector, n int, f pairFunc[int64]) *column.Vector {
	pre, has := prefixArg(args)
	if b := args[1]; b.IsConst() && (!has || args[2].IsConst()) {
		if has && args[2].IsNull(0) {
			return column.Const(types.Long, nil, n)
		}
		bs, pr := b.Str(0), pre(0)
		return functions.MapStrInt(types.Long, args[0], n, func(a string) (int64, bool) { return f(a, bs, pr, has) })
	}
	a, b := args[0], args[1]
	return functions.StrictRows(types.Long, args, n, func(i int) (int64, bool) { return f(a.Str(i), b.Str(i), pre(i), has) })
}
