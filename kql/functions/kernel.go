package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Helpers shared by the kernels of this package and of the family
// sub-packages. They take care of the three vector shapes a kernel meets
// (constant, dictionary-encoded strings, plain) so that each kernel writes
// its per-value logic once.

// NullMask returns v's null bitmap expanded to n rows: nil when no row is
// null. A null constant yields a full bitmap.
func NullMask(v *column.Vector, n int) column.Bitmap {
	if v.IsConst() {
		if v.IsNull(0) {
			return FullMask(n)
		}
		return nil
	}
	if !v.HasNulls() {
		return nil
	}
	return v.Nulls()
}

// FullMask returns a bitmap with the first n bits set.
func FullMask(n int) column.Bitmap {
	b := column.NewBitmap(n)
	for i := range b {
		b[i] = ^uint64(0)
	}
	if r := n & 63; r != 0 {
		b[len(b)-1] = (1 << uint(r)) - 1
	}
	return b
}

// OrMasks is the union of null masks (sticky nulls of a binary operator).
func OrMasks(n int, masks ...column.Bitmap) column.Bitmap {
	var out column.Bitmap
	for _, m := range masks {
		if m == nil {
			continue
		}
		if out == nil {
			out = column.NewBitmap(n)
		}
		for i := range out {
			if i < len(m) {
				out[i] |= m[i]
			}
		}
	}
	return out
}

// AllConst reports whether every argument is a constant vector, so that a
// kernel can compute one value and return a constant.
func AllConst(args []*column.Vector) bool {
	for _, a := range args {
		if !a.IsConst() {
			return false
		}
	}
	return true
}

// ConstOf returns a constant vector of n rows holding boxed x of type t.
// A value.Decimal converts to the vector's storage (exact for decimal).
func ConstOf(t types.Type, x any, n int) *column.Vector {
	v := column.Const(t, x, n)
	if x == nil && t == types.Guid {
		v.SetNulls(FullMask(1))
	}
	return v
}

// NullConst returns a constant null of type t (the empty string for
// strings).
func NullConst(t types.Type, n int) *column.Vector {
	if t == types.String {
		return column.Const(t, "", n)
	}
	return ConstOf(t, nil, n)
}

// dictWorthIt reports whether evaluating once per dictionary entry is
// cheaper than once per row.
func dictWorthIt(v *column.Vector, n int) bool {
	return v.Strs != nil && v.Strs.Dict != nil && v.Strs.Dict.Len() <= n
}

// MapStrBool computes f once per distinct string where the shape allows
// (constants, dictionaries) and once per row otherwise. Null rows of a
// nullable string-stored type (guid) give null.
func MapStrBool(v *column.Vector, n int, f func(string) bool) *column.Vector {
	if v.IsConst() {
		if v.IsNull(0) {
			return NullConst(types.Bool, n)
		}
		return column.Const(types.Bool, f(v.Str(0)), n)
	}
	out := make([]bool, n)
	if dictWorthIt(v, n) {
		d := v.Strs.Dict
		m := make([]bool, d.Len())
		for j := range m {
			m[j] = f(d.At(j))
		}
		for i, c := range v.Strs.Codes[:n] {
			out[i] = m[c]
		}
	} else {
		for i := 0; i < n; i++ {
			out[i] = f(v.Str(i))
		}
	}
	return column.FromBools(out, NullMask(v, n))
}

// MapStrStr computes a string-to-string function, keeping dictionary
// encoding (the result shares the input's codes) and constants.
func MapStrStr(v *column.Vector, n int, f func(dst []byte, s string) []byte) *column.Vector {
	var buf []byte
	if v.IsConst() {
		buf = f(buf[:0], v.Str(0))
		return column.Const(types.String, string(buf), n)
	}
	if dictWorthIt(v, n) {
		d := v.Strs.Dict
		out := column.NewStrings(d.Len(), len(d.Data))
		for j := 0; j < d.Len(); j++ {
			buf = f(buf[:0], d.At(j))
			out.Append(string(buf))
		}
		s := &column.Strings{Dict: out, Codes: v.Strs.Codes[:n]}
		return column.FromStrings(types.String, s)
	}
	out := column.NewStrings(n, n*8)
	for i := 0; i < n; i++ {
		buf = f(buf[:0], v.Str(i))
		out.Data = append(out.Data, buf...)
		out.Offs = append(out.Offs, uint32(len(out.Data)))
	}
	return column.FromStrings(types.String, out)
}

// MapStrInt computes a string-to-long (or other int-stored type) function
// with null results allowed (ok=false).
func MapStrInt(t types.Type, v *column.Vector, n int, f func(string) (int64, bool)) *column.Vector {
	return MapStr(t, v, n, f)
}

// StrBuilder accumulates a plain string vector.
type StrBuilder struct{ s *column.Strings }

// NewStrBuilder returns a builder for n rows.
func NewStrBuilder(n int) *StrBuilder { return &StrBuilder{s: column.NewStrings(n, n*8)} }

// Append adds a row.
func (b *StrBuilder) Append(x string) { b.s.Append(x) }

// AppendBytes adds a row from bytes.
func (b *StrBuilder) AppendBytes(x []byte) {
	b.s.Data = append(b.s.Data, x...)
	b.s.Offs = append(b.s.Offs, uint32(len(b.s.Data)))
}

// Build returns the string vector.
func (b *StrBuilder) Build() *column.Vector { return column.FromStrings(types.String, b.s) }

// Eval runs a kernel over boxed values row by row: the slow, general path
// for functions over dynamic values. f returns the boxed result (nil =
// null); all-constant arguments give a constant.
func Eval(t types.Type, args []*column.Vector, n int, f func(row []any) any) *column.Vector {
	r := NewBoxedRows(args)
	if r.Const {
		return ConstOf(t, f(r.Vals), n)
	}
	b := NewBuilder(t, n)
	for i := 0; i < n; i++ {
		b.AppendValue(f(r.Load(i)))
	}
	return b.Build()
}

// WithConstFold wraps a kernel that handles plain vectors so that an
// all-constant call computes one row and returns a constant of type t.
func WithConstFold(t types.Type, k ScalarKernel) ScalarKernel {
	return func(ctx *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		if len(args) == 0 || !AllConst(args) {
			return k(ctx, args, n)
		}
		plain := make([]*column.Vector, len(args))
		for i, a := range args {
			plain[i] = PlainOf(a)
		}
		r, err := k(ctx, plain, 1)
		if err != nil {
			return nil, err
		}
		return ConstOf(t, r.Value(0), n), nil
	}
}

// PlainOf copies row 0 of a vector into a one-row plain vector.
func PlainOf(v *column.Vector) *column.Vector {
	b := NewBuilder(v.Type, 1)
	b.AppendFrom(v, 0)
	return b.Build()
}

// Builder wraps column.Builder for kernels: it keeps the nulls of guid vectors (column.Builder stores a
// null guid as an empty string with no null bit).
type Builder struct {
	b     *column.Builder
	t     types.Type
	nulls column.Bitmap
	cap   int
}

// NewBuilder returns a builder of type t with room for capacity rows.
func NewBuilder(t types.Type, capacity int) *Builder {
	return &Builder{b: column.NewBuilder(t, capacity), t: t, cap: capacity}
}

// AppendNull appends a null ("" for strings).
func (b *Builder) AppendNull() {
	if b.t == types.Guid {
		i := b.b.Len()
		if b.nulls == nil {
			b.nulls = column.NewBitmap(max(b.cap, i+1))
		}
		for len(b.nulls)*64 <= i {
			b.nulls = append(b.nulls, 0)
		}
		b.nulls.Set(i)
	}
	b.b.AppendNull()
}

// AppendValue appends a boxed value (nil = null).
func (b *Builder) AppendValue(x any) {
	if x == nil {
		b.AppendNull()
		return
	}
	b.b.AppendValue(x)
}

// AppendFrom appends row i of v (of the builder's type).
func (b *Builder) AppendFrom(v *column.Vector, i int) {
	if v.IsNull(i) {
		b.AppendNull()
		return
	}
	b.b.AppendFrom(v, i)
}

// Build returns the vector.
func (b *Builder) Build() *column.Vector {
	v := b.b.Build()
	if b.nulls != nil {
		v.SetNulls(b.nulls[:(v.Len()+63)/64])
	}
	return v
}

// IsNullAt reports whether row i of v is null, including dynamic rows,
// whose nulls are nil values rather than bits.
func IsNullAt(v *column.Vector, i int) bool {
	if v.Type == types.Dynamic {
		return v.Dyn(i) == nil
	}
	return v.IsNull(i)
}
