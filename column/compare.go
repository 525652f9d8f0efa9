package column

import (
	"strings"

	"github.com/quarryhunt/quarry/kql/value"
)

// EqualRows reports whether row i of a and row j of b hold the same
// value; a and b must share storage. Two nulls are equal here (grouping
// semantics); callers wanting join semantics test nulls first.
func EqualRows(a *Vector, i int, b *Vector, j int) bool {
	an, bn := a.IsNull(i), b.IsNull(j)
	if an || bn {
		return an && bn
	}
	switch storageOf(a.Type) {
	case storeBool:
		return a.Bool(i) == b.Bool(j)
	case storeInt:
		return a.Int(i) == b.Int(j)
	case storeReal:
		x, y := a.Real(i), b.Real(j)
		return x == y || (x != x && y != y)
	case storeDec:
		// Canonical form: equal values are equal structs.
		return a.Dec(i) == b.Dec(j)
	case storeStr:
		return a.Str(i) == b.Str(j)
	case storeDyn:
		return EqualValues(a.Dyn(i), b.Dyn(j))
	}
	return false
}

// CompareRows orders row i of a against row j of b (same storage), with
// nulls first; strings compare ordinally (byte-wise), as Kusto sorts
// them.
func CompareRows(a *Vector, i int, b *Vector, j int) int {
	an, bn := a.IsNull(i), b.IsNull(j)
	if an || bn {
		switch {
		case an && bn:
			return 0
		case an:
			return -1
		}
		return 1
	}
	switch storageOf(a.Type) {
	case storeBool:
		x, y := a.Bool(i), b.Bool(j)
		if x == y {
			return 0
		}
		if !x {
			return -1
		}
		return 1
	case storeInt:
		return cmpInt(a.Int(i), b.Int(j))
	case storeReal:
		return CompareReals(a.Real(i), b.Real(j))
	case storeDec:
		return value.CompareDec(a.Dec(i), b.Dec(j))
	case storeStr:
		return strings.Compare(a.Str(i), b.Str(j))
	case storeDyn:
		return CompareValues(a.Dyn(i), b.Dyn(j))
	}
	return 0
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// CompareReals orders reals with NaN below every number.
func CompareReals(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	case x != x && y != y:
		return 0
	case x != x:
		return -1
	}
	return 1
}

// CompareValues is the total order over boxed values that sort uses for
// dynamic columns (value.Compare).
func CompareValues(a, b any) int { return value.Compare(a, b) }

// SizeOf estimates the bytes a vector holds, for memory accounting.
func SizeOf(v *Vector) int64 {
	if v.konst {
		return 64
	}
	n := int64(v.n)
	s := int64(len(v.nulls) * 8)
	switch storageOf(v.Type) {
	case storeBool:
		s += n
	case storeInt, storeReal:
		s += 8 * n
	case storeDec:
		s += 24 * n
	case storeStr:
		if v.Strs.Dict != nil {
			s += 4 * n
		} else {
			s += 4*n + int64(len(v.Strs.Data))
		}
	case storeDyn:
		// Boxed trees are opaque; 64 bytes a value is a fair average
		// for the small JSON values security logs carry.
		s += 64 * n
	}
	return s
}

// SizeOfBatch estimates the bytes of every column of b.
func SizeOfBatch(b *Batch) int64 {
	var s int64
	for _, c := range b.Cols {
		s += SizeOf(c)
	}
	return s
}
