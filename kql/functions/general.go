package functions

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// General scalar functions: assert and around.

func init() {
	Register(
		&Func{Name: "assert", Kind: Scalar, Sig: "assert(condition: bool, message: string): bool",
			Doc:  "True when condition (a constant) holds; otherwise the query fails with message.",
			Bind: bindAssert},
		&Func{Name: "around", Kind: Scalar, Sig: "around(value, center, delta): bool",
			Doc:  "True when value lies in [center-delta, center+delta] (numbers; datetimes or timespans with a timespan delta); null when an argument is null.",
			Bind: bindAround},
	)
}

func bindAssert(args []Arg) (*Bound, error) {
	if err := CheckCount("assert", args, 2, 2); err != nil {
		return nil, err
	}
	if t := args[0].Type; t != types.Bool && t != types.Unknown {
		return nil, ArgTypeError("assert", 0, "bool", t)
	}
	msg, ok := args[1].Value.(string)
	if !args[1].IsConst || !ok {
		return nil, fmt.Errorf("function 'assert': the message must be a string literal")
	}
	failed := fmt.Errorf("assert() has failed with message: '%s'", msg)
	if args[0].IsConst {
		if b, _ := args[0].Value.(bool); !b {
			return nil, failed
		}
	}
	return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.Bool, types.String}, Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		c := a[0]
		for i := 0; i < n; i++ {
			if c.IsNull(i) || !c.Bool(i) {
				return nil, failed
			}
			if c.IsConst() {
				break
			}
		}
		return column.Const(types.Bool, true, n), nil
	}}, nil
}

func bindAround(args []Arg) (*Bound, error) {
	if err := CheckCount("around", args, 3, 3); err != nil {
		return nil, err
	}
	if anyUnknown(args) {
		return unknownBound(types.Bool, args), nil
	}
	v, c, d := args[0].Type, args[1].Type, args[2].Type
	var ts []types.Type
	switch {
	case v.IsNumeric() && c.IsNumeric() && d.IsNumeric():
		w := Widest(Widest(v, c), d)
		ts = []types.Type{w, w, w}
	case v.IsTemporal() && c == v && d == types.TimeSpan:
		ts = []types.Type{v, v, types.TimeSpan}
	default:
		return nil, fmt.Errorf("function 'around' expects numbers, or a datetime or timespan value and center with a timespan delta; got %s, %s and %s", v, c, d)
	}
	real := ts[0] == types.Real
	return &Bound{Type: types.Bool, ArgTypes: ts, Eval: WithConstFold(types.Bool, func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		out := make([]bool, n)
		nulls := OrMasks(n, NullMask(a[0], n), NullMask(a[1], n), NullMask(a[2], n))
		if ts[0] == types.Decimal {
			if err := decAround(a, out, nulls); err != nil {
				return nil, err
			}
		} else if real {
			xs, cs, ds := Reals(a[0], n), Reals(a[1], n), Reals(a[2], n)
			for i := range out {
				out[i] = xs[i] >= cs[i]-ds[i] && xs[i] <= cs[i]+ds[i]
			}
		} else {
			xs, cs, ds := Ints(a[0], n), Ints(a[1], n), Ints(a[2], n)
			for i := range out {
				out[i] = xs[i] >= cs[i]-ds[i] && xs[i] <= cs[i]+ds[i]
			}
		}
		if nulls != nil {
			for i := range out {
				if nulls.Get(i) {
					out[i] = false
				}
			}
		}
		return column.FromBools(out, nulls), nil
	})}, nil
}
