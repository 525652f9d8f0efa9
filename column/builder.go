package column

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Builder appends values of one type and produces a Vector.
type Builder struct {
	t     types.Type
	n     int
	nulls Bitmap
	bools []bool
	ints  []int64
	reals []float64
	strs  *Strings
	dyns  []any
	decs  []value.Dec
}

// NewBuilder returns a builder for type t with room for capacity rows.
func NewBuilder(t types.Type, capacity int) *Builder {
	b := &Builder{t: t}
	switch storageOf(t) {
	case storeBool:
		b.bools = make([]bool, 0, capacity)
	case storeInt:
		b.ints = make([]int64, 0, capacity)
	case storeReal:
		b.reals = make([]float64, 0, capacity)
	case storeStr:
		b.strs = NewStrings(capacity, capacity*8)
	case storeDyn:
		b.dyns = make([]any, 0, capacity)
	case storeDec:
		b.decs = make([]value.Dec, 0, capacity)
	}
	return b
}

// Len is the number of rows appended so far.
func (b *Builder) Len() int { return b.n }

// Type is the type being built.
func (b *Builder) Type() types.Type { return b.t }

// AppendNull appends a null (the empty string for string vectors).
func (b *Builder) AppendNull() {
	switch storageOf(b.t) {
	case storeBool:
		b.bools = append(b.bools, false)
	case storeInt:
		b.ints = append(b.ints, 0)
	case storeReal:
		b.reals = append(b.reals, 0)
	case storeDec:
		b.decs = append(b.decs, value.Dec{})
	case storeStr:
		b.strs.Append("")
		if b.t == types.String {
			// Kusto strings are never null: a missing string is empty.
			b.n++
			return
		}
	case storeDyn:
		b.dyns = append(b.dyns, nil)
		b.n++
		return
	}
	if b.nulls == nil {
		b.nulls = NewBitmap(b.n + 64)
	}
	for len(b.nulls)*64 <= b.n {
		b.nulls = append(b.nulls, 0)
	}
	b.nulls.Set(b.n)
	b.n++
}

// AppendBool appends to a bool builder.
func (b *Builder) AppendBool(x bool) { b.bools = append(b.bools, x); b.n++ }

// AppendInt appends to an int, long, datetime or timespan builder.
func (b *Builder) AppendInt(x int64) { b.ints = append(b.ints, x); b.n++ }

// AppendReal appends to a real builder.

func (b *Builder) AppendReal(x float64) { b.reals = append(b.reals, x); b.n++ }

// AppendDec appends to a decimal builder.
func (b *Builder) AppendDec(x value.Dec) { b.decs = append(b.decs, x); b.n++ }

// AppendStr appends to a string or guid builder (the bytes are copied).
func (b *Builder) AppendStr(x string) { b.strs.Append(x); b.n++ }

// AppendDyn appends a boxed dynamic value (nil = null).
func (b *Builder) AppendDyn(x any) { b.dyns = append(b.dyns, x); b.n++ }

// AppendFrom appends row i of v, which must have the builder's type.
func (b *Builder) AppendFrom(v *Vector, i int) {
	if v.IsNull(i) {
		b.AppendNull()
		return
	}
	switch storageOf(b.t) {
	case storeBool:
		b.AppendBool(v.Bool(i))
	case storeInt:
		b.AppendInt(v.Int(i))
	case storeReal:
		b.AppendReal(v.Real(i))
	case storeDec:
		b.AppendDec(v.Dec(i))
	case storeStr:
		b.AppendStr(v.Str(i))
	case storeDyn:
		b.AppendDyn(v.Dyn(i))
	}
}

// Build returns the vector and resets nothing: do not append afterwards.
func (b *Builder) Build() *Vector {
	v := &Vector{Type: b.t, n: b.n, Bools: b.bools, Ints: b.ints, Reals: b.reals, Strs: b.strs, Dyns: b.dyns, Decs: b.decs}
	if b.nulls != nil {
		// Rows appended after the last null may have outgrown the bitmap.
		for len(b.nulls)*64 < b.n {
			b.nulls = append(b.nulls, 0)
		}
		v.nulls = b.nulls[:(b.n+63)/64]
	}
	return v
}

type storage uint8

const (
	storeNone storage = iota
	storeBool
	storeInt
	storeReal
	storeStr
	storeDyn
	storeDec
)

func storageOf(t types.Type) storage {
	switch t {
	case types.Bool:
		return storeBool
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return storeInt
	case types.Real:
		return storeReal
	case types.Decimal:
		return storeDec
	case types.String, types.Guid:
		return storeStr
	case types.Dynamic:
		return storeDyn
	}
	return storeNone
}
