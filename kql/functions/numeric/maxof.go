package numeric

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// These names are shared with the core package's owner: they are
// registered here only when the core catalog does not already have them
// (package functions is initialized before this one).
func init() {
	for _, f := range []*functions.Func{
		{
			Name: "max_of", Kind: functions.Scalar,
			Sig:  "max_of(a, b, ...)",
			Doc:  "The largest of 2 to 64 values of one type; nulls are ignored unless all are null.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) { return bindExtremum("max_of", 1, args) },
		},
		{
			Name: "min_of", Kind: functions.Scalar,
			Sig:  "min_of(a, b, ...)",
			Doc:  "The smallest of 2 to 64 values of one type; nulls are ignored unless all are null.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) { return bindExtremum("min_of", -1, args) },
		},
		realPredicate("isnan", "True when x is NaN (not a number).", math.IsNaN),
		realPredicate("isinf", "True when x is positive or negative infinity.", func(x float64) bool { return math.IsInf(x, 0) }),
		realPredicate("isfinite", "True when x is neither infinite nor NaN.", func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }),
	} {
		if _, taken := functions.Lookup(f.Name); !taken {
			functions.Register(f)
		}
	}
}

func realPredicate(name, doc string, f func(float64) bool) *functions.Func {
	return &functions.Func{
		Name: name, Kind: functions.Scalar,
		Sig: name + "(x: real): bool",
		Doc: doc,
		Bind: numericFixed(name, types.Bool, []functions.Param{p("x", types.Real)}, nil,
			func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				a := args[0]
				if a.IsConst() {
					if a.IsNull(0) {
						return column.Const(types.Bool, nil, n), nil
					}
					return column.Const(types.Bool, f(a.Real(0)), n), nil
				}
				out := make([]bool, n)
				for i, x := range a.Reals[:n] {
					out[i] = f(x)
				}
				return column.FromBools(out, nullsOf(a, n)), nil
			}),
	}
}

// numRank orders numeric types for max_of/min_of, which (unlike
// arithmetic) rank decimal above real.
func numRank(t types.Type) int {
	switch t {
	case types.Int:
		return 1
	case types.Long:
		return 2
	case types.Real:
		return 3
	case types.Decimal:
		return 4
	}
	return 0
}

// commonType finds the type all arguments convert to.
func commonType(name string, args []functions.Arg) (types.Type, error) {
	var numeric, other types.Type
	for _, a := range args {
		switch t := a.Type; {
		case t == types.Unknown:
		case t.IsNumeric():
			if numRank(t) > numRank(numeric) {
				numeric = t
			}
		case t == types.String || t == types.Bool || t == types.DateTime || t == types.TimeSpan:
			if other != types.Unknown && other != t {
				return 0, noCommon(name, args)
			}
			other = t
		default:
			return 0, noCommon(name, args)
		}
	}
	switch {
	case numeric != types.Unknown && other != types.Unknown:
		return 0, noCommon(name, args)
	case other != types.Unknown:
		return other, nil
	case numeric != types.Unknown:
		return numeric, nil
	}
	return types.Long, nil
}

func noCommon(name string, args []functions.Arg) error {
	return fmt.Errorf("function '%s': no common type can be determined from the arguments (%s)", name, typeList(args))
}

func bindExtremum(name string, dir int, args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount(name, args, 2, 64); err != nil {
		return nil, err
	}
	t, err := commonType(name, args)
	if err != nil {
		return nil, err
	}
	argTypes := make([]types.Type, len(args))
	for i := range argTypes {
		argTypes[i] = t
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return extremum(t, dir, args, n), nil
	}
	return &functions.Bound{Type: t, ArgTypes: argTypes, Eval: eval}, nil
}

// extremum picks per row the largest (dir 1) or smallest (dir -1)
// non-null argument.
func extremum(t types.Type, dir int, args []*column.Vector, n int) *column.Vector {
	rows := n
	if functions.AllConst(args) {
		rows = 1
	}
	var out *column.Vector
	switch t {
	case types.Real, types.Decimal:
		vals := make([]float64, rows)
		var nulls column.Bitmap
		for i := 0; i < rows; i++ {
			found := false
			for _, a := range args {
				if a.IsNull(i) {
					continue
				}
				x := a.Real(i)
				if !found || (dir > 0 && x > vals[i]) || (dir < 0 && x < vals[i]) {
					vals[i], found = x, true
				}
			}
			if !found {
				setNull(&nulls, rows, i)
			}
		}
		out = column.FromReals(t, vals, nulls)
	case types.Bool:
		vals := make([]bool, rows)
		var nulls column.Bitmap
		for i := 0; i < rows; i++ {
			found := false
			for _, a := range args {
				if a.IsNull(i) {
					continue
				}
				x := a.Bool(i)
				if !found || (dir > 0 && x && !vals[i]) || (dir < 0 && !x && vals[i]) {
					vals[i], found = x, true
				}
			}
			if !found {
				setNull(&nulls, rows, i)
			}
		}
		out = column.FromBools(vals, nulls)
	case types.String:
		b := column.NewBuilder(types.String, rows)
		for i := 0; i < rows; i++ {
			best := args[0].Str(i)
			for _, a := range args[1:] {
				if x := a.Str(i); (dir > 0 && x > best) || (dir < 0 && x < best) {
					best = x
				}
			}
			b.AppendStr(best)
		}
		out = b.Build()
	default:
		vals := make([]int64, rows)
		var nulls column.Bitmap
		for i := 0; i < rows; i++ {
			found := false
			for _, a := range args {
				if a.IsNull(i) {
					continue
				}
				x := a.Int(i)
				if !found || (dir > 0 && x > vals[i]) || (dir < 0 && x < vals[i]) {
					vals[i], found = x, true
				}
			}
			if !found {
				setNull(&nulls, rows, i)
			}
		}
		out = column.FromInts(t, vals, nulls)
	}
	if rows == 1 && n != 1 {
		return column.Const(t, out.Value(0), n)
	}
	return out
}
