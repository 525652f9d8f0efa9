package temporal

import (
	"fmt"
	"math"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "bin", Aliases: []string{"floor"}, Kind: functions.Scalar,
			Sig:  "bin(value: long|real|decimal|datetime|timespan, roundTo: long|real|decimal|timespan)",
			Doc:  "Rounds value down to a multiple of roundTo; datetimes are counted from 0001-01-01. A null, zero or negative roundTo gives null.",
			Bind: bindBin,
		},
		&functions.Func{
			Name: "bin_at", Kind: functions.Scalar,
			Sig:  "bin_at(value, binSize, fixedPoint)",
			Doc:  "Rounds value down to a multiple of binSize, the bins aligned so that fixedPoint starts one.",
			Bind: bindBinAt,
		},
	)
}

// binTypes resolves the operand and result types of bin and bin_at:
// datetimes and timespans bin by timespans, numbers by numbers (int and
// long give long, any real gives real, else any decimal gives decimal).
func binTypes(name string, args []functions.Arg) (operand, size, result types.Type, err error) {
	v, r := args[0].Type, args[1].Type
	switch {
	case v == types.DateTime && (r == types.TimeSpan || r == types.Unknown):
		return types.DateTime, types.TimeSpan, types.DateTime, nil
	case v == types.TimeSpan && (r == types.TimeSpan || r == types.Unknown),
		v == types.Unknown && r == types.TimeSpan:
		return types.TimeSpan, types.TimeSpan, types.TimeSpan, nil
	case (v.IsNumeric() || v == types.Unknown) && (r.IsNumeric() || r == types.Unknown):
		t := numericResult(v, r)
		return t, t, t, nil
	}
	ts := make([]string, len(args))
	for i, a := range args {
		ts[i] = a.Type.String()
	}
	return 0, 0, 0, fmt.Errorf("function '%s' is not compatible with arguments (%s): datetime and timespan values need a timespan bin size, numbers a numeric one", name, strings.Join(ts, ", "))
}

// numericResult is the result type of binning numbers of types ts.
func numericResult(ts ...types.Type) types.Type {
	t := types.Long
	for _, x := range ts {
		switch x {
		case types.Real:
			return types.Real
		case types.Decimal:
			t = types.Decimal
		}
	}
	return t
}

func bindBin(args []functions.Arg) (*functions.Bound, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("function 'bin' expects 2 arguments (value, roundTo), got %d", len(args))
	}
	operand, size, result, err := binTypes("bin", args)
	if err != nil {
		return nil, err
	}
	var eval functions.ScalarKernel
	switch result {
	case types.DateTime:
		eval = func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return binTicks(types.DateTime, args[0], args[1], n, binDateTime), nil
		}
	case types.TimeSpan, types.Long:
		eval = func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return binTicks(result, args[0], args[1], n, binInt), nil
		}
	case types.Decimal:
		eval = binDecs
	default:
		eval = func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return binReals(result, args[0], args[1], n), nil
		}
	}
	return &functions.Bound{Type: result, ArgTypes: []types.Type{operand, size}, Eval: eval}, nil
}

// binDateTime floors non-negative datetime ticks.
func binDateTime(t, size int64) (int64, bool) {
	if size <= 0 {
		return 0, false
	}
	return t - t%size, true
}

// binInt floors a signed integer (long or timespan ticks) toward
// negative infinity.
func binInt(x, size int64) (int64, bool) {
	if size <= 0 {
		return 0, false
	}
	q := floorDiv(x, size)
	r := q * size
	if r/size != q {
		return 0, false
	}
	return r, true
}

func binReal(x, size float64) (float64, bool) {
	if !(size > 0) {
		return 0, false
	}
	return math.Floor(x/size) * size, true
}

// binTicks bins an int-stored vector; a constant bin size (the usual
// summarize ... by bin(Timestamp, 1h)) runs as one tight loop.
func binTicks(t types.Type, v, size *column.Vector, n int, f func(x, size int64) (int64, bool)) *column.Vector {
	if size.IsConst() {
		if size.IsNull(0) || size.Int(0) <= 0 {
			return column.Const(t, nil, n)
		}
		s := size.Int(0)
		if v.IsConst() {
			if v.IsNull(0) {
				return column.Const(t, nil, n)
			}
			r, ok := f(v.Int(0), s)
			return functions.ConstOK(t, r, ok, n)
		}
		out := make([]int64, n)
		nulls := functions.CopyNulls(v, n)
		src := v.Ints[:n]
		if t == types.DateTime {
			for i, x := range src {
				out[i] = x - x%s
			}
			return column.FromInts(t, out, nulls)
		}
		for i, x := range src {
			r, ok := f(x, s)
			if !ok {
				functions.SetNull(&nulls, n, i)
				continue
			}
			out[i] = r
		}
		return column.FromInts(t, out, nulls)
	}
	return functions.StrictRows(t, []*column.Vector{v, size}, n, func(i int) (int64, bool) { return f(v.Int(i), size.Int(i)) })
}

// binReals bins real (and decimal, held as real) values.
func binReals(t types.Type, v, size *column.Vector, n int) *column.Vector {
	if v.IsConst() && size.IsConst() {
		if v.IsNull(0) || size.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := binReal(v.Real(0), size.Real(0))
		if !ok {
			return column.Const(t, nil, n)
		}
		return column.Const(t, r, n)
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if v.IsNull(i) || size.IsNull(i) {
			functions.SetNull(&nulls, n, i)
			continue
		}
		r, ok := binReal(v.Real(i), size.Real(i))
		if !ok {
			functions.SetNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromReals(t, out, nulls)
}

func bindBinAt(args []functions.Arg) (*functions.Bound, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("function 'bin_at' expects 3 arguments (value, binSize, fixedPoint), got %d", len(args))
	}
	operand, size, result, err := binTypes("bin_at", args[:2])
	if err != nil {
		return nil, err
	}
	fixed := args[2].Type
	if result.IsNumeric() {
		if !fixed.IsNumeric() && fixed != types.Unknown {
			return nil, fmt.Errorf("function 'bin_at': the fixed point must be a number like the value, got %s", fixed)
		}
		result = numericResult(args[0].Type, args[1].Type, fixed)
		operand, size = result, result
	} else if fixed != result && fixed != types.Unknown {
		return nil, fmt.Errorf("function 'bin_at': the fixed point must be a %s like the value, got %s", result, fixed)
	}
	argTypes := []types.Type{operand, size, operand}
	var eval functions.ScalarKernel
	if result == types.Decimal {
		eval = binAtDecs
	} else if result == types.Real {
		eval = func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			v, s, f := args[0], args[1], args[2]
			out := make([]float64, n)
			var nulls column.Bitmap
			for i := 0; i < n; i++ {
				if functions.AnyNullAt(args, i) {
					functions.SetNull(&nulls, n, i)
					continue
				}
				r, ok := binReal(v.Real(i)-f.Real(i), s.Real(i))
				if !ok {
					functions.SetNull(&nulls, n, i)
					continue
				}
				out[i] = r + f.Real(i)
			}
			return column.FromReals(result, out, nulls), nil
		}
	} else {
		eval = func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			v, s, f := args[0], args[1], args[2]
			return functions.StrictRows(result, args, n, func(i int) (int64, bool) {
				x, fx := v.Int(i), f.Int(i)
				d := x - fx
				if (fx < 0 && d < x) || (fx > 0 && d > x) {
					return 0, false // overflow
				}
				r, ok := binInt(d, s.Int(i))
				if !ok {
					return 0, false
				}
				r += fx
				if result == types.DateTime && !validDT(r) {
					return 0, false
				}
				return r, true
			}), nil
		}
	}
	return &functions.Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
}
