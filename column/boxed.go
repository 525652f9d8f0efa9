package column

import (
	"strconv"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Value returns row i boxed as described in package value (nil = null).
// It allocates for most types: use it on slow paths only.
func (v *Vector) Value(i int) any {
	if v.IsNull(i) {
		return nil
	}
	switch v.Type {
	case types.Bool:
		return v.Bool(i)
	case types.Int:
		return int32(v.Int(i))
	case types.Long:
		return v.Int(i)
	case types.DateTime:
		return value.DateTime(v.Int(i))
	case types.TimeSpan:
		return value.TimeSpan(v.Int(i))
	case types.Real:
		return v.Real(i)
	case types.Decimal:
		return v.Dec(i).Box()
	case types.String:
		return string([]byte(v.Str(i)))
	case types.Guid:
		return value.GUID(v.Str(i))
	case types.Dynamic:
		return v.Dyn(i)
	}
	return nil
}

// AppendValue appends a boxed value, converting between the integer and
// tick representations where the builder's type asks for it. A value of
// the wrong kind is appended as null.
func (b *Builder) AppendValue(x any) {
	if x == nil {
		b.AppendNull()
		return
	}
	switch storageOf(b.t) {
	case storeBool:
		if y, ok := x.(bool); ok {
			b.AppendBool(y)
			return
		}
	case storeInt:
		switch y := x.(type) {
		case int64:
			b.AppendInt(y)
			return
		case int32:
			b.AppendInt(int64(y))
			return
		case int:
			b.AppendInt(int64(y))
			return
		case value.DateTime:
			b.AppendInt(int64(y))
			return
		case value.TimeSpan:
			b.AppendInt(int64(y))
			return
		}
	case storeReal:
		switch y := x.(type) {
		case float64:
			b.AppendReal(y)
			return
		case int64:
			b.AppendReal(float64(y))
			return
		case int32:
			b.AppendReal(float64(y))
			return
		case value.Decimal:
			if f, err := strconv.ParseFloat(string(y), 64); err == nil {
				b.AppendReal(f)
				return
			}
		}
	case storeDec:
		if d, ok := value.DecOf(x); ok {
			b.AppendDec(d)
			return
		}
	case storeStr:
		switch y := x.(type) {
		case string:
			b.AppendStr(y)
			return
		case value.GUID:
			b.AppendStr(string(y))
			return
		}
	case storeDyn:
		b.AppendDyn(x)
		return
	}
	b.AppendNull()
}

// Const returns a constant vector of logical length n holding x (boxed;
// nil = null).
func Const(t types.Type, x any, n int) *Vector {
	b := NewBuilder(t, 1)
	b.AppendValue(x)
	v := b.Build()
	v.konst = true
	v.n = n
	return v
}

// WithLen returns a constant vector's copy with another logical length.
func (v *Vector) WithLen(n int) *Vector {
	if !v.konst {
		panic("column: WithLen on a non-constant vector")
	}
	c := *v
	c.n = n
	return &c
}
