// Package series registers Kusto's series functions: element-wise
// arithmetic on dynamic arrays of numbers (series_add, series_abs, ...),
// reductions (series_sum, series_dot_product, ...), statistics and
// regressions (series_stats, series_fit_line, series_fit_poly), gap
// filling (series_fill_*), filters (series_fir, series_iir), outlier
// scoring and decomposition (series_outliers, series_decompose*), Fourier
// transforms (series_fft, series_ifft) and period detection
// (series_periods_detect, series_periods_validate; periods.go says what
// of it Quarry can answer exactly).
//
// Every kernel walks its rows once; arrays are converted to float64
// scratch buffers that are reused from row to row, and a constant
// argument (a filter's coefficients, say) is converted once per call.
//
// Functions that Kusto shows as several columns (series_stats,
// series_fit_line, series_decompose, ...) follow the binder's convention
// for multi-result calls: the value is a dynamic array with one element
// per result, and Bound.Outputs names and types the results.
package series

import (
	"math"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// number reads a boxed array element as a number. Integral elements
// (long, int, datetime and timespan ticks) also report their exact long
// value; anything else that is not a number (null, bool, string, bag,
// array) gives ok=false.
func number(v any) (f float64, i int64, integral, ok bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), x, true, true
	case int32:
		return float64(x), int64(x), true, true
	case int:
		return float64(x), int64(x), true, true
	case float64:
		return x, 0, false, true
	case value.Decimal:
		d, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return 0, 0, false, false
		}
		return d, 0, false, true
	case value.DateTime:
		return float64(x), int64(x), true, true
	case value.TimeSpan:
		return float64(x), int64(x), true, true
	}
	return 0, 0, false, false
}

// realOf reads an element as a real; ok=false for non-numbers.
func realOf(v any) (float64, bool) {
	f, _, _, ok := number(v)
	return f, ok
}

// reals converts an array into buf (grown as needed): non-numbers become
// NaN, and all reports whether every element was a number.
func reals(buf []float64, a []any) (out []float64, all bool) {
	if cap(buf) < len(a) {
		buf = make([]float64, len(a))
	}
	out = buf[:len(a)]
	all = true
	for i, e := range a {
		f, ok := realOf(e)
		if !ok {
			f = math.NaN()
			all = false
		}
		out[i] = f
	}
	return out, all
}

// boxReals boxes a float64 slice as a dynamic array.
func boxReals(x []float64) []any {
	out := make([]any, len(x))
	for i, f := range x {
		out[i] = f
	}
	return out
}

// asArray returns a dynamic value's array, or ok=false.
func asArray(v any) ([]any, bool) {
	a, ok := v.([]any)
	return a, ok
}

// Argument classes, in the words of this package.
const (
	kArray   = functions.ArrayArg
	kReal    = functions.RealArg
	kLong    = functions.LongArg
	kBool    = functions.BoolArg
	kString  = functions.StringArg
	kScalar  = functions.ScalarArg
	kOperand = functions.OperandArg
	kNumber  = functions.NumberArg
)

// output is one result of a multi-result function.
type output struct {
	suffix string
	t      types.Type
}

// outputsOf names the results of a multi-result function the way Kusto
// names the columns it expands to: <function>_<argument>_<result>, where
// <argument> is the first argument's column name ("" for expressions,
// giving series_stats__min).
func outputsOf(name string, args []functions.Arg, outs []output) types.Schema {
	arg := ""
	if len(args) > 0 {
		arg = args[0].Name
	}
	s := make(types.Schema, len(outs))
	for i, o := range outs {
		s[i] = types.Column{Name: name + "_" + arg + "_" + o.suffix, Type: o.t}
	}
	return s
}

// bindMulti is bindKinds for a multi-result function: the value is a
// dynamic array of the results, described by Bound.Outputs.
func bindMulti(name string, outs []output, eval functions.ScalarKernel, min, max int, kinds ...functions.ArgClass) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := functions.CheckKinds(name, args, min, max, kinds...)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval, Outputs: outputsOf(name, args, outs)}, nil
	}
}

// dynKernel runs f per row and returns a dynamic vector (nil = null).
// f may keep state between rows (scratch buffers); an all-constant call
// computes one row and returns a constant.
func dynKernel(newF func() func(row []any) any) functions.ScalarKernel {
	return dynKernelErr(func() func(row []any) (any, error) {
		f := newF()
		return func(row []any) (any, error) { return f(row), nil }
	})
}

// dynKernelErr is dynKernel for row functions that can fail the query
// (an argument combination Quarry does not support).
func dynKernelErr(newF func() func(row []any) (any, error)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		f := newF()
		r := functions.NewBoxedRows(args)
		if r.Const {
			x, err := f(r.Vals)
			if err != nil {
				return nil, err
			}
			return column.Const(types.Dynamic, x, n), nil
		}
		out := make([]any, n)
		for i := range out {
			x, err := f(r.Load(i))
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return column.FromDyns(out), nil
	}
}

// realKernel is dynKernel for real results; ok=false gives null.
func realKernel(newF func() func(row []any) (float64, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.FillBoxed(types.Real, args, n, newF()), nil
	}
}

// realArg reads an optional real argument of a row; def when absent,
// ok=false when null.
func realArg(row []any, i int, def float64) (float64, bool) {
	if i >= len(row) {
		return def, true
	}
	return realOf(row[i])
}

// longArg is realArg for integer arguments.
func longArg(row []any, i int, def int64) (int64, bool) {
	if i >= len(row) {
		return def, true
	}
	switch x := row[i].(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	}
	return 0, false
}

// boolArg is realArg for bool arguments.
func boolArg(row []any, i int, def bool) (bool, bool) {
	if i >= len(row) {
		return def, true
	}
	b, ok := row[i].(bool)
	return b, ok
}

// stringArg is realArg for string arguments.
func stringArg(row []any, i int, def string) string {
	if i >= len(row) {
		return def
	}
	s, _ := row[i].(string)
	return s
}
