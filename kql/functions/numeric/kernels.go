// Package numeric registers Kusto's math functions: rounding, powers and
// logarithms, trigonometry, bitwise operations, random numbers,
// format_bytes, the error and beta functions and welch_test. (max_of,
// min_of, isnan, isinf and isfinite live in the core package.)
//
// Powers, logarithms and trigonometry go through package crmath, whose
// correctly rounded results match the digits Kusto prints where Go's
// math package can be one ulp off.
package numeric

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func p(name string, t types.Type) functions.Param { return functions.Param{Name: name, Type: t} }
func opt(name string, t types.Type) functions.Param {
	return functions.Param{Name: name, Type: t, Optional: true}
}

// nullsOf returns a private copy of v's null bitmap sized for n rows, or
// nil when v has no nulls.
func nullsOf(v *column.Vector, n int) column.Bitmap {
	if !v.HasNulls() {
		return nil
	}
	out := column.NewBitmap(n)
	copy(out, v.Nulls())
	return out
}

func setNull(b *column.Bitmap, n, i int) {
	if *b == nil {
		*b = column.NewBitmap(n)
	}
	b.Set(i)
}

// mapReal applies f to every non-null row of a real vector; false from
// f makes the row null. Constants are computed once.
func mapReal(t types.Type, a *column.Vector, n int, f func(float64) (float64, bool)) *column.Vector {
	if a.IsConst() {
		if a.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(a.Real(0))
		if !ok {
			return column.Const(t, nil, n)
		}
		return column.Const(t, r, n)
	}
	out := make([]float64, n)
	nulls := nullsOf(a, n)
	for i, x := range a.Reals[:n] {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		r, ok := f(x)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromReals(t, out, nulls)
}

// mapInt is mapReal for int-stored vectors (int, long, timespan).
func mapInt(t types.Type, a *column.Vector, n int, f func(int64) (int64, bool)) *column.Vector {
	if a.IsConst() {
		if a.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(a.Int(0))
		if !ok {
			return column.Const(t, nil, n)
		}
		return column.Const(t, r, n)
	}
	out := make([]int64, n)
	nulls := nullsOf(a, n)
	for i, x := range a.Ints[:n] {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		r, ok := f(x)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromInts(t, out, nulls)
}

// rows2Real evaluates a two-argument real function row by row, with a
// constant second argument (the usual case) kept out of the loop.
func rows2Real(a, b *column.Vector, n int, f func(x, y float64) (float64, bool)) *column.Vector {
	if b.IsConst() {
		if b.IsNull(0) {
			return column.Const(types.Real, nil, n)
		}
		y := b.Real(0)
		return mapReal(types.Real, a, n, func(x float64) (float64, bool) { return f(x, y) })
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if a.IsNull(i) || b.IsNull(i) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(a.Real(i), b.Real(i))
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromReals(types.Real, out, nulls)
}

// rows2Int is rows2Real for long arguments and results.
func rows2Int(a, b *column.Vector, n int, f func(x, y int64) (int64, bool)) *column.Vector {
	if b.IsConst() {
		if b.IsNull(0) {
			return column.Const(types.Long, nil, n)
		}
		y := b.Int(0)
		return mapInt(types.Long, a, n, func(x int64) (int64, bool) { return f(x, y) })
	}
	out := make([]int64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if a.IsNull(i) || b.IsNull(i) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(a.Int(i), b.Int(i))
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromInts(types.Long, out, nulls)
}

// checkNumbers rejects arguments that are not numbers (Kusto: "The
// expression value must be a number").
func checkNumbers(name string, args []functions.Arg, idx ...int) error {
	for _, i := range idx {
		if i >= len(args) {
			continue
		}
		if t := args[i].Type; !t.IsNumeric() && t != types.Unknown {
			return fmt.Errorf("function '%s': argument %d must be a number, got %s", name, i+1, t)
		}
	}
	return nil
}

// checkIntegers rejects arguments that are not int or long.
func checkIntegers(name string, args []functions.Arg, idx ...int) error {
	for _, i := range idx {
		if i >= len(args) {
			continue
		}
		if t := args[i].Type; !t.IsInteger() && t != types.Unknown {
			return fmt.Errorf("function '%s': argument %d must be an integer (int or long), got %s", name, i+1, t)
		}
	}
	return nil
}

// numericFixed binds a function of numbers with a fixed result type:
// arguments must be numbers (not datetimes or strings) and are converted
// to the parameter types.
func numericFixed(name string, result types.Type, params []functions.Param, ints []int, eval functions.ScalarKernel) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		argTypes, err := functions.CheckArgs(name, params, args)
		if err != nil {
			return nil, err
		}
		all := make([]int, len(args))
		for i := range all {
			all[i] = i
		}
		if err := checkNumbers(name, args, all...); err != nil {
			return nil, err
		}
		if err := checkIntegers(name, args, ints...); err != nil {
			return nil, err
		}
		return &functions.Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
	}
}
