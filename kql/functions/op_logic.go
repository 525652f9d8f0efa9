package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Logical operators with Kusto's null rules: `and` is false when either
// side is false, else null when either is null; `or` is true when either
// side is true, else null when either is null; not(null) is null.

func init() {
	Register(
		&Func{Name: "and", Kind: Operator, Sig: "a and b", Doc: "Logical and (false wins over null).", Bind: bindLogic("and")},
		&Func{Name: "or", Kind: Operator, Sig: "a or b", Doc: "Logical or (true wins over null).", Bind: bindLogic("or")},
		&Func{Name: "not", Kind: Scalar, Sig: "not(expr: bool): bool", Doc: "Logical negation; not(null) is null.", Bind: bindNot},
	)
}

func bindLogic(op string) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) != 2 {
			return nil, ArgCountError(op, 2, 2, len(args))
		}
		for _, a := range args {
			if a.Type != types.Bool && a.Type != types.Dynamic && a.Type != types.Unknown {
				return nil, OperatorError(op, args[0].Type, args[1].Type)
			}
		}
		isAnd := op == "and"
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.Bool, types.Bool}, Eval: WithConstFold(types.Bool, func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			return logic(isAnd, a[0], a[1], n), nil
		})}, nil
	}
}

func logic(isAnd bool, x, y *column.Vector, n int) *column.Vector {
	// The dominant value (false for and, true for or) decides whatever
	// the other side is; a constant one decides the whole column.
	dom := !isAnd
	for _, v := range []*column.Vector{x, y} {
		if v.IsConst() && !v.IsNull(0) && v.Bool(0) == dom {
			return column.Const(types.Bool, dom, n)
		}
	}
	nx, ny := NullMask(x, n), NullMask(y, n)
	out := make([]bool, n)
	if nx == nil && ny == nil {
		if x.IsConst() {
			x, y = y, x
		}
		if y.IsConst() {
			// y is the neutral value: the result is x.
			copy(out, x.Bools[:n])
			return column.FromBools(out, nil)
		}
		xs, ys := x.Bools[:n], y.Bools[:n]
		if isAnd {
			for i := range out {
				out[i] = xs[i] && ys[i]
			}
		} else {
			for i := range out {
				out[i] = xs[i] || ys[i]
			}
		}
		return column.FromBools(out, nil)
	}
	var nulls column.Bitmap
	for i := range out {
		an := nx != nil && nx.Get(i)
		bn := ny != nil && ny.Get(i)
		a := !an && x.Bool(i)
		b := !bn && y.Bool(i)
		switch {
		case (!an && a == dom) || (!bn && b == dom):
			out[i] = dom
		case an || bn:
			nulls = setBit(nulls, i, n)
		default:
			out[i] = !dom
		}
	}
	return column.FromBools(out, nulls)
}

func bindNot(args []Arg) (*Bound, error) {
	if err := CheckCount("not", args, 1, 1); err != nil {
		return nil, err
	}
	if t := args[0].Type; t != types.Bool && t != types.Unknown {
		return nil, ArgTypeError("not", 0, "bool", t)
	}
	return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.Bool}, Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		x := a[0]
		if x.IsConst() {
			if x.IsNull(0) {
				return NullConst(types.Bool, n), nil
			}
			return column.Const(types.Bool, !x.Bool(0), n), nil
		}
		out := make([]bool, n)
		for i, b := range x.Bools[:n] {
			out[i] = !b
		}
		return column.FromBools(out, NullMask(x, n)), nil
	}}, nil
}
