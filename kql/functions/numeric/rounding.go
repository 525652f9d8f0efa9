package numeric

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "abs", Kind: functions.Scalar,
			Sig:  "abs(x: long|real|decimal|timespan)",
			Doc:  "The absolute value (int becomes long).",
			Bind: bindAbs,
		},
		&functions.Func{
			Name: "round", Kind: functions.Scalar,
			Sig:  "round(x [, precision: long])",
			Doc:  "Rounds to precision decimal digits (default 0; negative rounds to tens, hundreds...), halves away from zero.",
			Bind: bindRound,
		},
		&functions.Func{
			Name: "ceiling", Kind: functions.Scalar,
			Sig:  "ceiling(x)",
			Doc:  "The smallest whole number greater than or equal to x, of x's type.",
			Bind: bindCeiling,
		},
		&functions.Func{
			Name: "sign", Kind: functions.Scalar,
			Sig: "sign(x): real",
			Doc: "-1, 0 or 1 as x is negative, zero or positive.",
			Bind: numericFixed("sign", types.Real, []functions.Param{functions.Req("x", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues(types.Real, args[0], n, func(x float64) (float64, bool) {
						switch {
						case x > 0:
							return 1, true
						case x < 0:
							return -1, true
						}
						return x, true // 0, -0 and NaN
					}), nil
				}),
		},
	)
}

func incompatible(name string, args []functions.Arg) error {
	return fmt.Errorf("function '%s' is not compatible with arguments (%s)", name, typeList(args))
}

func typeList(args []functions.Arg) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += ", "
		}
		s += a.Type.String()
	}
	return s
}

func bindAbs(args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount("abs", args, 1, 1); err != nil {
		return nil, err
	}
	t := args[0].Type
	switch t {
	case types.Int, types.Long, types.Unknown:
		return &functions.Bound{Type: types.Long, ArgTypes: []types.Type{types.Long}, Eval: absInt(types.Long)}, nil
	case types.TimeSpan:
		return &functions.Bound{Type: t, ArgTypes: []types.Type{t}, Eval: absInt(t)}, nil
	case types.Decimal:
		return &functions.Bound{Type: t, ArgTypes: []types.Type{t}, Eval: decAbs}, nil
	case types.Real:
		return &functions.Bound{Type: t, ArgTypes: []types.Type{t}, Eval: func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return functions.MapValues(t, args[0], n, func(x float64) (float64, bool) { return math.Abs(x), true }), nil
		}}, nil
	}
	return nil, incompatible("abs", args)
}

func absInt(t types.Type) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapValues(t, args[0], n, func(x int64) (int64, bool) {
			if x < 0 {
				if x == math.MinInt64 {
					return 0, false
				}
				return -x, true
			}
			return x, true
		}), nil
	}
}

// sameNumeric binds a function whose result has its argument's numeric
// type.
func sameNumeric(name string, args []functions.Arg) (types.Type, error) {
	t := args[0].Type
	switch t {
	case types.Int, types.Long, types.Real, types.Decimal:
		return t, nil
	case types.Unknown:
		return types.Long, nil
	}
	return 0, fmt.Errorf("function '%s': argument 1 must be a number, got %s", name, t)
}

func bindRound(args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount("round", args, 1, 2); err != nil {
		return nil, err
	}
	t, err := sameNumeric("round", args)
	if err != nil {
		return nil, err
	}
	argTypes := []types.Type{t}
	if len(args) == 2 {
		if err := checkIntegers("round", args, 1); err != nil {
			return nil, err
		}
		argTypes = append(argTypes, types.Long)
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		prec := column.Const(types.Long, int64(0), n)
		if len(args) == 2 {
			prec = args[1]
		}
		if t == types.Decimal {
			return decRound(args[0], prec, n)
		}
		if t == types.Real {
			v := functions.MapValues2(types.Real, args[0], realOf(prec, n), n, func(x, d float64) (float64, bool) { return roundReal(x, int64(d)), true })
			v.Type = t
			return v, nil
		}
		v := functions.MapValues2(types.Long, args[0], prec, n, roundInt)
		v.Type = t
		return v, nil
	}
	return &functions.Bound{Type: t, ArgTypes: argTypes, Eval: eval}, nil
}

// realOf views a long vector as reals (small precision values only).
func realOf(v *column.Vector, n int) *column.Vector {
	if v.IsConst() {
		if v.IsNull(0) {
			return column.Const(types.Real, nil, n)
		}
		return column.Const(types.Real, float64(v.Int(0)), n)
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(v.Int(i))
	}
	return column.FromReals(types.Real, out, functions.CopyNulls(v, n))
}

var pow10 = func() (t [19]int64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return
}()

// roundReal rounds x to d decimal digits, halves away from zero. The
// scaled value is rounded rather than x itself, so that round(2.15, 1)
// is 2.2 as Kusto documents even though 2.15 is stored as 2.1499999....
func roundReal(x float64, d int64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	switch {
	case d > 15:
		return x
	case d >= 0:
		p := math.Pow(10, float64(d))
		y := x * p
		if math.Abs(y) >= 1<<52 {
			return x
		}
		return math.Round(y) / p
	case d < -308:
		return 0
	}
	p := math.Pow(10, float64(-d))
	return math.Round(x/p) * p
}

// roundInt rounds a whole number to d digits (only negative d changes
// it), halves away from zero.
func roundInt(x, d int64) (int64, bool) {
	if d >= 0 {
		return x, true
	}
	if d < -18 {
		return 0, true
	}
	p := pow10[-d]
	q, r := x/p, x%p
	if r >= (p+1)/2 {
		q++
	} else if r <= -(p+1)/2 {
		q--
	}
	res := q * p
	if res/p != q {
		return 0, false
	}
	return res, true
}

func bindCeiling(args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount("ceiling", args, 1, 1); err != nil {
		return nil, err
	}
	t, err := sameNumeric("ceiling", args)
	if err != nil {
		return nil, err
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		if t == types.Decimal {
			return decCeiling(args[0], n)
		}
		if t == types.Real {
			return functions.MapValues(t, args[0], n, func(x float64) (float64, bool) { return math.Ceil(x), true }), nil
		}
		// Whole numbers are their own ceiling; hand back a copy of the
		// vector header so the result never aliases the argument.
		c := *args[0]
		return &c, nil
	}
	return &functions.Bound{Type: t, ArgTypes: []types.Type{t}, Eval: eval}, nil
}
