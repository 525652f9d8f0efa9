package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// between and !between: `x between (lo .. hi)` is lo <= x <= hi, for
// numbers, datetimes and timespans. With a datetime x and lo, hi may be a
// timespan: the range is then lo .. lo+hi. Nulls are sticky.

func init() {
	Register(
		&Func{Name: "between", Kind: Operator, Sig: "x between (lo .. hi)", Doc: "lo <= x <= hi (inclusive); for datetimes, hi may be a timespan counted from lo.", Bind: bindBetween("between", false)},
		&Func{Name: "!between", Kind: Operator, Sig: "x !between (lo .. hi)", Doc: "x < lo or x > hi.", Bind: bindBetween("!between", true)},
	)
}

func bindBetween(name string, negate bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) != 3 {
			return nil, ArgCountError(name, 3, 3, len(args))
		}
		if anyUnknown(args) {
			return unknownBound(types.Bool, args), nil
		}
		x, lo, hi := args[0].Type, args[1].Type, args[2].Type
		numericish := func(t types.Type) bool { return t.IsNumeric() || t == types.Dynamic }
		var ts []types.Type
		span := false
		switch {
		case numericish(x) && numericish(lo) && numericish(hi) && (x.IsNumeric() || lo.IsNumeric() || hi.IsNumeric()):
			w := types.Long
			for _, t := range []types.Type{x, lo, hi} {
				if t.IsNumeric() {
					w = Widest(w, t)
				}
			}
			ts = []types.Type{w, w, w}
		case x == types.DateTime && lo == types.DateTime && hi == types.TimeSpan:
			ts = []types.Type{x, lo, hi}
			span = true
		case x.IsTemporal() && lo == x && hi == x:
			ts = []types.Type{x, x, x}
		default:
			return nil, OperatorError(name, x, lo, hi)
		}
		real := ts[0] == types.Real
		k := WithConstFold(types.Bool, func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			out := make([]bool, n)
			nulls := OrMasks(n, NullMask(a[0], n), NullMask(a[1], n), NullMask(a[2], n))
			if ts[0] == types.Decimal {
				decBetween(a, out, negate)
			} else if real {
				xs, ls, hs := Reals(a[0], n), Reals(a[1], n), Reals(a[2], n)
				for i := range out {
					out[i] = (xs[i] >= ls[i] && xs[i] <= hs[i]) != negate
				}
			} else {
				xs, ls, hs := Ints(a[0], n), Ints(a[1], n), Ints(a[2], n)
				if span {
					for i := range out {
						out[i] = (xs[i] >= ls[i] && xs[i] <= ls[i]+hs[i]) != negate
					}
				} else {
					for i := range out {
						out[i] = (xs[i] >= ls[i] && xs[i] <= hs[i]) != negate
					}
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
		})
		return &Bound{Type: types.Bool, ArgTypes: ts, Eval: k}, nil
	}
}
