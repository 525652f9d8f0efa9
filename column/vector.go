// Package column holds typed column vectors and batches: the unit of data
// that flows between operators and that function kernels compute on.
//
// Storage by type:
//
//	bool                    Bools
//	int, long               Ints (int values are kept in int64)
//	datetime, timespan      Ints (100 ns ticks)
//	real                    Reals
//	decimal                 Decs (exact 128-bit, value.Dec)
//	string, guid            Strs (one byte arena with offsets, optionally
//	                        dictionary-encoded)
//	dynamic                 Dyns (boxed value trees, see package value)
//
// Nulls are a validity bitmap (nil when no row is null). Strings are never
// null in Kusto; a string vector has no null bitmap.
//
// A constant vector stores one value and reports a logical length of N; At
// accessors map every row to that value, so kernels need no special case,
// and may test IsConst for a fast path.
package column

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Vector is one column of a batch.
type Vector struct {
	Type  types.Type
	n     int
	konst bool
	nulls Bitmap // bit set = null; nil = no nulls

	Bools []bool
	Ints  []int64
	Reals []float64
	Strs  *Strings
	Dyns  []any
	Decs  []value.Dec
}

// Len is the logical number of rows.
func (v *Vector) Len() int { return v.n }

// IsConst reports whether every row holds the value of row 0.
func (v *Vector) IsConst() bool { return v.konst }

// Nulls returns the null bitmap (nil when there are no nulls). For a
// constant vector it describes the single stored value.
func (v *Vector) Nulls() Bitmap { return v.nulls }

// HasNulls reports whether any row may be null.
func (v *Vector) HasNulls() bool {
	if v.Type == types.Dynamic {
		for _, d := range v.Dyns {
			if d == nil {
				return true
			}
		}
		return false
	}
	return v.nulls != nil && v.nulls.Any()
}

func (v *Vector) row(i int) int {
	if v.konst {
		return 0
	}
	return i
}

// IsNull reports whether row i is null. A dynamic null is a nil value
// (no bitmap is needed for it).
func (v *Vector) IsNull(i int) bool {
	if v.Type == types.Dynamic {
		return v.Dyns[v.row(i)] == nil
	}
	return v.nulls != nil && v.nulls.Get(v.row(i))
}

// Bool returns row i of a bool vector.
func (v *Vector) Bool(i int) bool { return v.Bools[v.row(i)] }

// Int returns row i of an int, long, datetime or timespan vector.
func (v *Vector) Int(i int) int64 { return v.Ints[v.row(i)] }

// Real returns row i of a real vector.
func (v *Vector) Real(i int) float64 { return v.Reals[v.row(i)] }

// Str returns row i of a string or guid vector, without copying: the
// result aliases the vector's arena and must not outlive it unless cloned.
func (v *Vector) Str(i int) string { return v.Strs.At(v.row(i)) }

// Dec returns row i of a decimal vector.
func (v *Vector) Dec(i int) value.Dec { return v.Decs[v.row(i)] }

// Dyn returns row i of a dynamic vector (nil for a null).
func (v *Vector) Dyn(i int) any { return v.Dyns[v.row(i)] }

// SetNulls replaces the null bitmap; used by kernels that build vectors
// directly from slices.
func (v *Vector) SetNulls(b Bitmap) { v.nulls = b }

// FromBools wraps a slice as a bool vector.
func FromBools(b []bool, nulls Bitmap) *Vector {
	return &Vector{Type: types.Bool, n: len(b), Bools: b, nulls: nulls}
}

// FromInts wraps a slice as a vector of t (int, long, datetime, timespan).
func FromInts(t types.Type, x []int64, nulls Bitmap) *Vector {
	return &Vector{Type: t, n: len(x), Ints: x, nulls: nulls}
}

// FromReals wraps a slice as a real vector.
func FromReals(t types.Type, x []float64, nulls Bitmap) *Vector {
	return &Vector{Type: t, n: len(x), Reals: x, nulls: nulls}
}

// FromDecs wraps a slice as a decimal vector.
func FromDecs(x []value.Dec, nulls Bitmap) *Vector {
	return &Vector{Type: types.Decimal, n: len(x), Decs: x, nulls: nulls}
}

// FromStrings wraps string storage as a vector of t (string or guid).
func FromStrings(t types.Type, s *Strings) *Vector {
	return &Vector{Type: t, n: s.Len(), Strs: s}
}

// FromDyns wraps boxed dynamic values (nil = null).
func FromDyns(d []any) *Vector {
	v := &Vector{Type: types.Dynamic, n: len(d), Dyns: d}
	return v
}
