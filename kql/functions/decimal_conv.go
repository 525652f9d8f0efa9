package functions

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Conversions to and from decimal, which column vectors hold exactly
// (value.Dec): reals convert through their shortest round-trip digits,
// text must fit 38 digits, and a decimal converts to an integer by
// truncation toward zero.

// toDec converts a boxed scalar or dynamic value to a decimal.
func toDec(x any) (value.Dec, bool) {
	switch y := x.(type) {
	case string:
		return value.ParseDec(y)
	case bool:
		if y {
			return value.DecFromInt(1), true
		}
		return value.Dec{}, true
	case value.DateTime:
		return value.DecFromInt(int64(y)), true
	case value.TimeSpan:
		return value.DecFromInt(int64(y)), true
	}
	return value.DecOf(x)
}

// convertToDec converts a vector of any type to decimal.
func convertToDec(v *column.Vector, n int) *column.Vector {
	switch v.Type {
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		xs := v.Ints[:n]
		return FillRows(types.Decimal, n, func(i int) (value.Dec, bool) {
			return value.DecFromInt(xs[i]), !v.IsNull(i)
		})
	case types.Real:
		xs := v.Reals[:n]
		return FillRows(types.Decimal, n, func(i int) (value.Dec, bool) {
			if v.IsNull(i) {
				return value.Dec{}, false
			}
			return value.DecFromFloat(xs[i])
		})
	case types.String:
		return MapStr(types.Decimal, v, n, value.ParseDec)
	}
	b := NewBuilder(types.Decimal, n)
	for i := 0; i < n; i++ {
		b.AppendValue(convertDecValue(v.Value(i)))
	}
	return b.Build()
}

func convertDecValue(x any) any {
	if x == nil {
		return nil
	}
	if d, ok := toDec(x); ok {
		return d
	}
	return nil
}

// convertDecs converts a decimal vector to another type.
func convertDecs(v *column.Vector, n int, to types.Type) *column.Vector {
	xs := v.Decs[:n]
	nulls := NullMask(v, n)
	isNull := func(i int) bool { return nulls != nil && nulls.Get(i) }
	switch to {
	case types.Real:
		out := make([]float64, n)
		for i, x := range xs {
			out[i] = x.Float()
		}
		return column.FromReals(to, out, nulls)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return FillRows(to, n, func(i int) (int64, bool) {
			if isNull(i) {
				return 0, false
			}
			y, ok := xs[i].Int()
			switch to {
			case types.Int:
				ok = ok && y >= math.MinInt32 && y <= math.MaxInt32
			case types.DateTime:
				ok = ok && y >= 0 && y <= value.MaxDateTime
			}
			return y, ok
		})
	case types.Bool:
		out := make([]bool, n)
		for i, x := range xs {
			out[i] = !x.IsZero()
		}
		return column.FromBools(out, nulls)
	case types.String:
		return FillStrs(n, func(dst []byte, i int) []byte {
			if isNull(i) {
				return dst
			}
			return value.AppendDec(dst, xs[i])
		})
	case types.Dynamic:
		return convertBoxed(v, n, to)
	}
	return NullConst(to, n)
}

// decValueTo converts a boxed Decimal to a scalar type for ConvertValue.
func decValueTo(x value.Decimal, to types.Type) (any, bool) {
	d, ok := value.ParseDec(string(x))
	if !ok {
		return nil, false
	}
	switch to {
	case types.Decimal:
		return x, true
	case types.Real:
		return d.Float(), true
	case types.Long, types.Int:
		i, ok := d.Int()
		if !ok || (to == types.Int && (i < math.MinInt32 || i > math.MaxInt32)) {
			return nil, true
		}
		if to == types.Int {
			return int32(i), true
		}
		return i, true
	case types.Bool:
		return !d.IsZero(), true
	}
	return nil, false
}
