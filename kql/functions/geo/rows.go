package geo

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Row drivers: they read the arguments of one row into a reused slice,
// give null for a null argument without calling f, and compute a
// constant once when every argument is constant.

// realArgs reads row i of real vectors into x; false if any is null.
func realArgs(args []*column.Vector, i int, x []float64) bool {
	for j, a := range args {
		if a.IsNull(i) {
			return false
		}
		x[j] = a.Real(i)
	}
	return true
}

// realsToReal maps rows of real arguments to a real (ok=false: null).
func realsToReal(args []*column.Vector, n int, f func(x []float64) (float64, bool)) *column.Vector {
	x := make([]float64, len(args))
	if functions.AllConst(args) {
		if !realArgs(args, 0, x) {
			return functions.NullConst(types.Real, n)
		}
		r, ok := f(x)
		if !ok {
			return functions.NullConst(types.Real, n)
		}
		return column.Const(types.Real, r, n)
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if !realArgs(args, i, x) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(x)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromReals(types.Real, out, nulls)
}

// realsToBool maps rows of real arguments to a bool (ok=false: null).
func realsToBool(args []*column.Vector, n int, f func(x []float64) (bool, bool)) *column.Vector {
	x := make([]float64, len(args))
	if functions.AllConst(args) {
		if !realArgs(args, 0, x) {
			return functions.NullConst(types.Bool, n)
		}
		r, ok := f(x)
		if !ok {
			return functions.NullConst(types.Bool, n)
		}
		return column.Const(types.Bool, r, n)
	}
	out := make([]bool, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if !realArgs(args, i, x) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(x)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromBools(out, nulls)
}

// rowsToString maps rows to a string; f appends to dst and returns it
// (an empty result is Kusto's "empty" for invalid input). The constant
// case is computed once.
func rowsToString(args []*column.Vector, n int, f func(dst []byte, i int) []byte) *column.Vector {
	var buf []byte
	if functions.AllConst(args) {
		buf = f(buf[:0], 0)
		return column.Const(types.String, string(buf), n)
	}
	b := functions.NewStrBuilder(n)
	for i := 0; i < n; i++ {
		buf = f(buf[:0], i)
		b.AppendBytes(buf)
	}
	return b.Build()
}

// rowsToDyn maps rows to a dynamic value (nil: null).
func rowsToDyn(args []*column.Vector, n int, f func(i int) any) *column.Vector {
	if functions.AllConst(args) {
		return column.Const(types.Dynamic, f(0), n)
	}
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return column.FromDyns(out)
}

// rowsToAny maps rows to a boxed value of type t (nil: null); the slow
// path for results that are not hot.
func rowsToAny(t types.Type, args []*column.Vector, n int, f func(i int) any) *column.Vector {
	if functions.AllConst(args) {
		return functions.ConstOf(t, f(0), n)
	}
	b := functions.NewBuilder(t, n)
	for i := 0; i < n; i++ {
		b.AppendValue(f(i))
	}
	return b.Build()
}

// mapTokenDyn computes a dynamic result from a string argument, once per
// distinct value of a constant or dictionary-encoded vector.
func mapTokenDyn(v *column.Vector, n int, f func(tok string) any) *column.Vector {
	if v.IsConst() {
		return column.Const(types.Dynamic, f(v.Str(0)), n)
	}
	out := make([]any, n)
	if d := v.Strs.Dict; d != nil && d.Len() <= n {
		m := make([]any, d.Len())
		for j := range m {
			m[j] = f(d.At(j))
		}
		for i, c := range v.Strs.Codes[:n] {
			out[i] = m[c]
		}
		return column.FromDyns(out)
	}
	for i := range out {
		out[i] = f(v.Str(i))
	}
	return column.FromDyns(out)
}
