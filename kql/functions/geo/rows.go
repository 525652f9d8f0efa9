package geo

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// realsTo maps rows of real arguments to a value of type t: f sees the
// row's arguments in a reused slice; a null argument gives null without
// calling f, ok=false gives null.
func realsTo[T functions.Elem](t types.Type, args []*column.Vector, n int, f func(x []float64) (T, bool)) *column.Vector {
	x := make([]float64, len(args))
	return functions.StrictRows(t, args, n, func(i int) (T, bool) {
		for j, a := range args {
			x[j] = a.Real(i)
		}
		return f(x)
	})
}

// rowsToString maps rows to a string; f appends to dst and returns it
// (an empty result is Kusto's "empty" for invalid input). f sees null
// arguments too. The constant case is computed once.
func rowsToString(args []*column.Vector, n int, f func(dst []byte, i int) []byte) *column.Vector {
	if functions.AllConst(args) {
		return column.Const(types.String, string(f(nil, 0)), n)
	}
	return functions.FillStrs(n, f)
}

// rowsToDyn maps rows to a dynamic value (nil: null).
func rowsToDyn(args []*column.Vector, n int, f func(i int) any) *column.Vector {
	if functions.AllConst(args) {
		return column.Const(types.Dynamic, f(0), n)
	}
	return functions.FillDyns(n, f)
}
