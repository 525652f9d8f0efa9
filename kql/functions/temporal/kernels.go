package temporal

import (
	"unsafe"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// nullsOf returns a private copy of v's null bitmap sized for n rows, or
// nil when v has no nulls. For a constant vector the caller handles the
// single value itself.
func nullsOf(v *column.Vector, n int) column.Bitmap {
	if !v.HasNulls() {
		return nil
	}
	out := column.NewBitmap(n)
	copy(out, v.Nulls())
	return out
}

// setNull marks row i null, allocating the bitmap on first use.
func setNull(b *column.Bitmap, n, i int) {
	if *b == nil {
		*b = column.NewBitmap(n)
	}
	b.Set(i)
}

// constOrNull returns a constant vector of t holding x, or null when !ok.
func constOrNull(t types.Type, x int64, ok bool, n int) *column.Vector {
	if !ok {
		return column.Const(t, nil, n)
	}
	return column.Const(t, x, n)
}

// mapInt applies f to every non-null row of an int-stored vector (long,
// datetime, timespan) producing a vector of type t; f's false result
// makes the row null. A constant input is computed once.
func mapInt(t types.Type, a *column.Vector, n int, f func(int64) (int64, bool)) *column.Vector {
	if a.IsConst() {
		if a.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(a.Int(0))
		return constOrNull(t, r, ok, n)
	}
	out := make([]int64, n)
	nulls := nullsOf(a, n)
	src := a.Ints[:n]
	for i, x := range src {
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

// allConst reports whether every argument is a constant vector.
func allConst(args []*column.Vector) bool {
	for _, a := range args {
		if !a.IsConst() {
			return false
		}
	}
	return true
}

// anyNull reports whether row i is null in any argument.
func anyNull(args []*column.Vector, i int) bool {
	for _, a := range args {
		if a.IsNull(i) {
			return true
		}
	}
	return false
}

// rowsInt is the general path for functions of several arguments: rows
// where any argument is null are null, f computes the others. When all
// arguments are constant the result is computed once.
func rowsInt(t types.Type, args []*column.Vector, n int, f func(i int) (int64, bool)) *column.Vector {
	if allConst(args) {
		if anyNull(args, 0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(0)
		return constOrNull(t, r, ok, n)
	}
	out := make([]int64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		if anyNull(args, i) {
			setNull(&nulls, n, i)
			continue
		}
		r, ok := f(i)
		if !ok {
			setNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromInts(t, out, nulls)
}

// rowsString is rowsInt for string results; null inputs give "".
func rowsString(args []*column.Vector, n int, f func(dst []byte, i int) []byte) *column.Vector {
	if allConst(args) {
		var s string
		if !anyNull(args, 0) {
			s = string(f(nil, 0))
		}
		return column.Const(types.String, s, n)
	}
	b := column.NewBuilder(types.String, n)
	var buf []byte
	for i := 0; i < n; i++ {
		if anyNull(args, i) {
			b.AppendStr("")
			continue
		}
		buf = f(buf[:0], i)
		b.AppendStr(view(buf))
	}
	return b.Build()
}

// view returns b as a string without copying; only for callees that copy
// (Builder.AppendStr) before b is reused.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
