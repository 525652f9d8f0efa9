package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Row drivers shared by the families: each takes care of constants,
// nulls and the result's null bitmap, so that a kernel only writes the
// computation of one value. ok=false from a callback makes the row null.

// Elem is what a typed vector stores per row: bools, ints (int, long,
// datetime, timespan) or reals (real, decimal).
type Elem interface {
	bool | int64 | float64 | value.Dec
}

// Req is a required parameter of a fixed signature; Opt an optional one.
func Req(name string, t types.Type) Param { return Param{Name: name, Type: t} }
func Opt(name string, t types.Type) Param { return Param{Name: name, Type: t, Optional: true} }

// SetNull marks row i of n null, allocating the bitmap on first use.
func SetNull(b *column.Bitmap, n, i int) {
	if *b == nil {
		*b = column.NewBitmap(n)
	}
	b.Set(i)
}

// CopyNulls returns a private copy of v's null bitmap sized for n rows,
// or nil when v has no nulls. v must not be constant.
func CopyNulls(v *column.Vector, n int) column.Bitmap {
	if !v.HasNulls() {
		return nil
	}
	out := column.NewBitmap(n)
	copy(out, v.Nulls())
	return out
}

// AnyNullAt reports whether row i is null in any argument.
func AnyNullAt(args []*column.Vector, i int) bool {
	for _, a := range args {
		if a.IsNull(i) {
			return true
		}
	}
	return false
}

// ConstOK returns a constant of type t holding x, or null when !ok.
func ConstOK[T Elem](t types.Type, x T, ok bool, n int) *column.Vector {
	if !ok {
		return column.Const(t, nil, n)
	}
	return column.Const(t, x, n)
}

// VectorOf wraps values of type t (bool vectors ignore t).
func VectorOf[T Elem](t types.Type, xs []T, nulls column.Bitmap) *column.Vector {
	switch s := any(xs).(type) {
	case []bool:
		return column.FromBools(s, nulls)
	case []int64:
		return column.FromInts(t, s, nulls)
	case []float64:
		return column.FromReals(t, s, nulls)
	case []value.Dec:
		return column.FromDecs(s, nulls)
	}
	panic("unreachable")
}

// ValuesOf returns the storage of a non-constant vector whose type stores
// T.
func ValuesOf[T Elem](v *column.Vector) []T {
	var s any
	switch any(*new(T)).(type) {
	case bool:
		s = v.Bools
	case int64:
		s = v.Ints
	case float64:
		s = v.Reals
	case value.Dec:
		s = v.Decs
	}
	return s.([]T)
}

// MapValues applies f to every non-null row of a (whose type stores T)
// giving a vector of type t. A constant is computed once.
func MapValues[T, R Elem](t types.Type, a *column.Vector, n int, f func(T) (R, bool)) *column.Vector {
	if a.IsConst() {
		if a.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(ValuesOf[T](a)[0])
		return ConstOK(t, r, ok, n)
	}
	out := make([]R, n)
	nulls := CopyNulls(a, n)
	for i, x := range ValuesOf[T](a)[:n] {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		r, ok := f(x)
		if !ok {
			SetNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return VectorOf(t, out, nulls)
}

// MapValues2 is MapValues for two arguments; a constant argument (the
// usual case for the second) is kept out of the loop.
func MapValues2[T, R Elem](t types.Type, a, b *column.Vector, n int, f func(x, y T) (R, bool)) *column.Vector {
	switch {
	case b.IsConst():
		if b.IsNull(0) {
			return column.Const(t, nil, n)
		}
		y := ValuesOf[T](b)[0]
		return MapValues(t, a, n, func(x T) (R, bool) { return f(x, y) })
	case a.IsConst():
		if a.IsNull(0) {
			return column.Const(t, nil, n)
		}
		x := ValuesOf[T](a)[0]
		return MapValues(t, b, n, func(y T) (R, bool) { return f(x, y) })
	}
	out := make([]R, n)
	nulls := CopyNulls(a, n)
	if b.HasNulls() {
		if nulls == nil {
			nulls = column.NewBitmap(n)
		}
		for i, w := range b.Nulls()[:len(nulls)] {
			nulls[i] |= w
		}
	}
	ys := ValuesOf[T](b)[:n]
	for i, x := range ValuesOf[T](a)[:n] {
		if nulls != nil && nulls.Get(i) {
			continue
		}
		r, ok := f(x, ys[i])
		if !ok {
			SetNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return VectorOf(t, out, nulls)
}

// FillRows builds n rows of type t from f, which sees every row.
func FillRows[T Elem](t types.Type, n int, f func(i int) (T, bool)) *column.Vector {
	out := make([]T, n)
	var nulls column.Bitmap
	for i := range out {
		r, ok := f(i)
		if !ok {
			SetNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return VectorOf(t, out, nulls)
}

// StrictRows is the general path of a function of several arguments:
// rows where any argument is null are null without calling f, and
// all-constant arguments are computed once.
func StrictRows[T Elem](t types.Type, args []*column.Vector, n int, f func(i int) (T, bool)) *column.Vector {
	if AllConst(args) {
		if AnyNullAt(args, 0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(0)
		return ConstOK(t, r, ok, n)
	}
	return FillRows(t, n, func(i int) (T, bool) {
		if AnyNullAt(args, i) {
			return *new(T), false
		}
		return f(i)
	})
}

// FillStrs builds n string rows: f appends row i's value to dst and
// returns it.
func FillStrs(n int, f func(dst []byte, i int) []byte) *column.Vector {
	b := NewStrBuilder(n)
	var buf []byte
	for i := 0; i < n; i++ {
		buf = f(buf[:0], i)
		b.AppendBytes(buf)
	}
	return b.Build()
}

// StrictStrs is StrictRows for string results: rows with a null
// argument give "".
func StrictStrs(args []*column.Vector, n int, f func(dst []byte, i int) []byte) *column.Vector {
	if AllConst(args) {
		var s string
		if !AnyNullAt(args, 0) {
			s = string(f(nil, 0))
		}
		return column.Const(types.String, s, n)
	}
	return FillStrs(n, func(dst []byte, i int) []byte {
		if AnyNullAt(args, i) {
			return dst
		}
		return f(dst, i)
	})
}

// FillDyns builds n dynamic rows from f (nil = null).
func FillDyns(n int, f func(i int) any) *column.Vector {
	out := make([]any, n)
	for i := range out {
		out[i] = f(i)
	}
	return column.FromDyns(out)
}

// MapStr computes f once per distinct string where the vector allows
// (constant, dictionary) and once per row otherwise, giving a vector of
// type t. Null rows of a nullable string-stored type (guid) give null.
func MapStr[R Elem](t types.Type, v *column.Vector, n int, f func(string) (R, bool)) *column.Vector {
	if v.IsConst() {
		if v.IsNull(0) {
			return column.Const(t, nil, n)
		}
		r, ok := f(v.Str(0))
		return ConstOK(t, r, ok, n)
	}
	in := NullMask(v, n)
	if dictWorthIt(v, n) && in == nil {
		d := v.Strs.Dict
		xs := make([]R, d.Len())
		oks := make([]bool, d.Len())
		for j := range xs {
			xs[j], oks[j] = f(d.At(j))
		}
		codes := v.Strs.Codes[:n]
		return FillRows(t, n, func(i int) (R, bool) { c := codes[i]; return xs[c], oks[c] })
	}
	return FillRows(t, n, func(i int) (R, bool) {
		if in != nil && in.Get(i) {
			return *new(R), false
		}
		return f(v.Str(i))
	})
}

// MapStrDyn is MapStr for dynamic results (nil = null). Rows of a
// dictionary share the value computed for their entry, which must never
// be modified afterwards.
func MapStrDyn(v *column.Vector, n int, f func(string) any) *column.Vector {
	if v.IsConst() {
		return column.Const(types.Dynamic, f(v.Str(0)), n)
	}
	if dictWorthIt(v, n) {
		d := v.Strs.Dict
		m := make([]any, d.Len())
		for j := range m {
			m[j] = f(d.At(j))
		}
		codes := v.Strs.Codes[:n]
		return FillDyns(n, func(i int) any { return m[codes[i]] })
	}
	return FillDyns(n, func(i int) any { return f(v.Str(i)) })
}

// BoxedRows reads argument rows boxed, loading each constant once (a
// constant string would otherwise be copied on every row): the slow path
// of functions over dynamic values.
type BoxedRows struct {
	vs []*column.Vector
	// Vals holds the current row; constants stay loaded.
	Vals []any
	// Const is true when every argument is constant.
	Const bool
}

// NewBoxedRows prepares to read rows of vs.
func NewBoxedRows(vs []*column.Vector) *BoxedRows {
	r := &BoxedRows{vs: vs, Vals: make([]any, len(vs)), Const: true}
	for j, v := range vs {
		if v.IsConst() {
			r.Vals[j] = v.Value(0)
		} else {
			r.Const = false
		}
	}
	return r
}

// Load reads row i and returns it.
func (r *BoxedRows) Load(i int) []any {
	for j, v := range r.vs {
		if !v.IsConst() {
			r.Vals[j] = v.Value(i)
		}
	}
	return r.Vals
}

// FillBoxed runs f over the boxed rows of args into a vector of type t;
// all-constant arguments are computed once.
func FillBoxed[T Elem](t types.Type, args []*column.Vector, n int, f func(row []any) (T, bool)) *column.Vector {
	r := NewBoxedRows(args)
	if r.Const {
		x, ok := f(r.Vals)
		return ConstOK(t, x, ok, n)
	}
	return FillRows(t, n, func(i int) (T, bool) { return f(r.Load(i)) })
}

// IntAt reads row i of an int-stored vector; ok is false for a null.
func IntAt(v *column.Vector, i int) (int64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	return v.Int(i), true
}

// RealAt reads row i of a real vector; ok is false for a null.
func RealAt(v *column.Vector, i int) (float64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	return v.Real(i), true
}
