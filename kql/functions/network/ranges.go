package network

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// matcher tests an address against one compiled range: (in range,
// address parsed).
type matcher func(addr string) (bool, bool)

// rangeList is the list form shared by the *_is_in_any_range functions:
// either string arguments or one dynamic array of strings.
func rangeList(name string, args []functions.Arg) ([]types.Type, error) {
	if len(args) < 2 {
		return nil, functions.ArgCountError(name, 2, -1, len(args))
	}
	if t := args[0].Type; !functions.Assignable(t, types.String) {
		return nil, functions.ArgTypeError(name, 0, "a string", t)
	}
	argTypes := []types.Type{types.String}
	if len(args) == 2 && args[1].Type == types.Dynamic {
		return append(argTypes, types.Dynamic), nil
	}
	for i, a := range args[1:] {
		if a.Type != types.String && a.Type != types.Unknown {
			return nil, fmt.Errorf("function '%s': argument %d must be a string range, or the only range argument a dynamic array, got %s", name, i+2, a.Type)
		}
		argTypes = append(argTypes, types.String)
	}
	return argTypes, nil
}

// compileRanges compiles the ranges of row i; ok is false when one of
// them does not parse.
func compileRanges(ranges []*column.Vector, i int, compile func(string) (matcher, bool)) ([]matcher, bool) {
	var ms []matcher
	add := func(x any) bool {
		s, isStr := x.(string)
		if !isStr {
			return false
		}
		m, ok := compile(s)
		ms = append(ms, m)
		return ok
	}
	for _, r := range ranges {
		if r.Type == types.Dynamic {
			arr, isArr := r.Dyn(i).([]any)
			if !isArr {
				return nil, false
			}
			for _, x := range arr {
				if !add(x) {
					return nil, false
				}
			}
			continue
		}
		if !add(r.Str(i)) {
			return nil, false
		}
	}
	return ms, true
}

func matchAny(ms []matcher, valid func(string) bool, addr string) (bool, bool) {
	if len(ms) == 0 {
		return false, valid(addr)
	}
	for _, m := range ms {
		in, ok := m(addr)
		if !ok {
			return false, false
		}
		if in {
			return true, true
		}
	}
	return false, true
}

func bindAnyRange(name string, args []functions.Arg, valid func(string) bool, compile func(string) (matcher, bool)) (*functions.Bound, error) {
	argTypes, err := rangeList(name, args)
	if err != nil {
		return nil, err
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		addr, ranges := args[0], args[1:]
		if functions.AllConst(ranges) {
			ms, ok := compileRanges(ranges, 0, compile)
			if !ok {
				return column.Const(types.Bool, nil, n), nil
			}
			return functions.MapStr(types.Bool, addr, n, func(a string) (bool, bool) { return matchAny(ms, valid, a) }), nil
		}
		return functions.StrictRows(types.Bool, args, n, func(i int) (bool, bool) {
			ms, ok := compileRanges(ranges, i, compile)
			if !ok {
				return false, false
			}
			return matchAny(ms, valid, addr.Str(i))
		}), nil
	}
	return &functions.Bound{Type: types.Bool, ArgTypes: argTypes, Eval: eval}, nil
}
