package column

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Take returns the rows idx of v, in that order. An index below zero
// yields a null (the empty string for string vectors), which is what outer
// joins need for their unmatched side. Dictionary-encoded strings keep
// their dictionary and only the codes are gathered; plain strings are
// copied into one new arena, so no allocation happens per row.
func Take(v *Vector, idx []int32) *Vector {
	n := len(idx)
	neg := hasNegative(idx)
	if v.konst {
		if !neg || v.IsNull(0) {
			return v.WithLen(n)
		}
		return takeConstWithNulls(v, idx)
	}
	var nulls Bitmap
	if v.nulls != nil || (neg && v.Type != types.String) {
		nulls = takeNulls(v.nulls, idx)
	}
	out := &Vector{Type: v.Type, n: n, nulls: nulls}
	switch storageOf(v.Type) {
	case storeBool:
		out.Bools = make([]bool, n)
		for k, i := range idx {
			if i >= 0 {
				out.Bools[k] = v.Bools[i]
			}
		}
	case storeInt:
		out.Ints = make([]int64, n)
		src := v.Ints
		if !neg {
			for k, i := range idx {
				out.Ints[k] = src[i]
			}
		} else {
			for k, i := range idx {
				if i >= 0 {
					out.Ints[k] = src[i]
				}
			}
		}
	case storeReal:
		out.Reals = make([]float64, n)
		for k, i := range idx {
			if i >= 0 {
				out.Reals[k] = v.Reals[i]
			}
		}
	case storeDec:
		out.Decs = make([]value.Dec, n)
		for k, i := range idx {
			if i >= 0 {
				out.Decs[k] = v.Decs[i]
			}
		}
	case storeStr:
		out.Strs = takeStrings(v.Strs, idx, neg)
	case storeDyn:
		out.Dyns = make([]any, n)
		for k, i := range idx {
			if i >= 0 {
				out.Dyns[k] = v.Dyns[i]
			}
		}
	}
	return out
}

func hasNegative(idx []int32) bool {
	for _, i := range idx {
		if i < 0 {
			return true
		}
	}
	return false
}

// takeNulls gathers a null bitmap; negative indexes become null. It
// returns nil when no gathered row is null.
func takeNulls(src Bitmap, idx []int32) Bitmap {
	out := NewBitmap(len(idx))
	any := false
	for k, i := range idx {
		if i < 0 || (src != nil && src.Get(int(i))) {
			out.Set(k)
			any = true
		}
	}
	if !any {
		return nil
	}
	return out
}

func takeConstWithNulls(v *Vector, idx []int32) *Vector {
	b := NewBuilder(v.Type, len(idx))
	for _, i := range idx {
		if i < 0 {
			b.AppendNull()
		} else {
			b.AppendFrom(v, 0)
		}
	}
	return b.Build()
}

func takeStrings(s *Strings, idx []int32, neg bool) *Strings {
	if s.Dict != nil && !neg {
		codes := make([]uint32, len(idx))
		for k, i := range idx {
			codes[k] = s.Codes[i]
		}
		return &Strings{Dict: s.Dict, Codes: codes}
	}
	if s.Dict != nil {
		if dict, code, ok := emptyCode(s.Dict, len(idx)); ok {
			codes := make([]uint32, len(idx))
			for k, i := range idx {
				if i >= 0 {
					codes[k] = s.Codes[i]
				} else {
					codes[k] = code
				}
			}
			return &Strings{Dict: dict, Codes: codes}
		}
		total := 0
		for _, i := range idx {
			if i >= 0 {
				total += len(s.At(int(i)))
			}
		}
		out := NewStrings(len(idx), total)
		for _, i := range idx {
			if i >= 0 {
				out.Append(s.At(int(i)))
			} else {
				out.Offs = append(out.Offs, uint32(len(out.Data)))
			}
		}
		return out
	}
	total := 0
	for _, i := range idx {
		if i >= 0 {
			total += int(s.Offs[i+1] - s.Offs[i])
		}
	}
	data := make([]byte, 0, total)
	offs := make([]uint32, 1, len(idx)+1)
	for _, i := range idx {
		if i >= 0 {
			data = append(data, s.Data[s.Offs[i]:s.Offs[i+1]]...)
		}
		offs = append(offs, uint32(len(data)))
	}
	return &Strings{Data: data, Offs: offs}
}

// RefStrings returns storage that rows of the string (or guid) vector v
// can be referred to in by code, for TakeRef: v's own plain storage, or
// for a dictionary-encoded v its codes over a plain dictionary (nested
// dictionaries are resolved to one level here, so references stay at
// most two deep). With missing, one empty string is added past v's
// rows, for rows that do not exist (-1). It returns nil for constants
// and other types.
func RefStrings(v *Vector, missing bool) *Strings {
	if v.konst || v.Strs == nil || v.n == 0 {
		return nil
	}
	s := v.Strs
	if s.Dict == nil {
		if missing {
			// The empty string goes right after row n-1: code n.
			return WithEmpty(&Strings{Data: s.Data, Offs: s.Offs[:v.n+1]})
		}
		return s
	}
	d, codes := s.Dict, s.Codes[:v.n]
	for d.Dict != nil {
		c := make([]uint32, len(codes), len(codes)+1)
		for k, x := range codes {
			c[k] = d.Codes[x]
		}
		d, codes = d.Dict, c
	}
	if !missing {
		return &Strings{Dict: d, Codes: codes}
	}
	e := -1
	for i := 0; i < d.Len(); i++ {
		if d.Offs[i] == d.Offs[i+1] {
			e = i
			break
		}
	}
	if e < 0 {
		d = WithEmpty(d)
		e = d.Len() - 1
	}
	c := make([]uint32, len(codes)+1)
	copy(c, codes)
	c[len(codes)] = uint32(e)
	return &Strings{Dict: d, Codes: c}
}

// TakeRef returns rows idx of v, a string (or guid) vector, as a
// dictionary-encoded vector over ref = RefStrings(v, ...); codes are idx
// mapped into ref (-1 to the empty string RefStrings added) and may be
// shared by several vectors. Nothing is copied: the result keeps ref
// alive. Joins use it for their build side, which they hold anyway.
func TakeRef(v *Vector, idx []int32, ref *Strings, codes []uint32) *Vector {
	out := &Vector{Type: v.Type, n: len(idx), Strs: &Strings{Dict: ref, Codes: codes}}
	if v.nulls != nil || (v.Type != types.String && hasNegative(idx)) {
		out.nulls = takeNulls(v.nulls, idx)
	}
	return out
}

// WithEmpty returns plain storage holding s's rows then one empty string,
// sharing s's bytes.
func WithEmpty(s *Strings) *Strings {
	offs := make([]uint32, len(s.Offs), len(s.Offs)+1)
	copy(offs, s.Offs)
	return &Strings{Data: s.Data, Offs: append(offs, s.Offs[len(s.Offs)-1])}
}

// emptyCode finds the code of "" in a small dictionary, extending a copy
// of the dictionary with "" when it has none, so that gathering with
// missing rows stays dictionary-encoded.
func emptyCode(d *Strings, n int) (*Strings, uint32, bool) {
	if d.Dict != nil || len(d.Offs) == 0 || d.Len() > 256 || d.Len() > n {
		return nil, 0, false
	}
	for i := 0; i < d.Len(); i++ {
		if d.Offs[i] == d.Offs[i+1] {
			return d, uint32(i), true
		}
	}
	nd := &Strings{Data: d.Data[:len(d.Data):len(d.Data)], Offs: make([]uint32, 0, len(d.Offs)+1)}
	nd.Offs = append(nd.Offs, d.Offs...)
	nd.Offs = append(nd.Offs, d.Offs[len(d.Offs)-1])
	return nd, uint32(d.Len()), true
}

// Slice returns rows [lo, hi) of v, sharing v's storage where it can.
func Slice(v *Vector, lo, hi int) *Vector {
	if lo == 0 && hi == v.n {
		return v
	}
	if v.konst {
		return v.WithLen(hi - lo)
	}
	out := &Vector{Type: v.Type, n: hi - lo}
	if v.nulls != nil {
		out.nulls = sliceBits(v.nulls, lo, hi)
	}
	switch storageOf(v.Type) {
	case storeBool:
		out.Bools = v.Bools[lo:hi]
	case storeInt:
		out.Ints = v.Ints[lo:hi]
	case storeReal:
		out.Reals = v.Reals[lo:hi]
	case storeDec:
		out.Decs = v.Decs[lo:hi]
	case storeStr:
		if v.Strs.Dict != nil {
			out.Strs = &Strings{Dict: v.Strs.Dict, Codes: v.Strs.Codes[lo:hi]}
		} else {
			out.Strs = &Strings{Data: v.Strs.Data, Offs: v.Strs.Offs[lo : hi+1]}
		}
	case storeDyn:
		out.Dyns = v.Dyns[lo:hi]
	}
	return out
}

func sliceBits(b Bitmap, lo, hi int) Bitmap {
	if lo&63 == 0 {
		out := make(Bitmap, (hi-lo+63)/64)
		copy(out, b[lo>>6:])
		// Clear the bits past hi that came along with the last word.
		if r := (hi - lo) & 63; r != 0 {
			out[len(out)-1] &= (1 << uint(r)) - 1
		}
		if !out.Any() {
			return nil
		}
		return out
	}
	out := NewBitmap(hi - lo)
	any := false
	for i := lo; i < hi; i++ {
		if b.Get(i) {
			out.Set(i - lo)
			any = true
		}
	}
	if !any {
		return nil
	}
	return out
}

// SliceBatch returns rows [lo, hi) of every column of b.
func SliceBatch(b *Batch, lo, hi int) *Batch {
	if lo == 0 && hi == b.N {
		return b
	}
	cols := make([]*Vector, len(b.Cols))
	for i, c := range b.Cols {
		cols[i] = Slice(c, lo, hi)
	}
	return &Batch{Cols: cols, N: hi - lo}
}

// TakeBatch gathers rows idx of every column of b.
func TakeBatch(b *Batch, idx []int32) *Batch {
	cols := make([]*Vector, len(b.Cols))
	for i, c := range b.Cols {
		cols[i] = Take(c, idx)
	}
	return &Batch{Cols: cols, N: len(idx)}
}

// Flatten returns v with one stored value per row (a copy when v is a
// constant, v itself otherwise).
func Flatten(v *Vector) *Vector {
	if !v.konst {
		return v
	}
	idx := make([]int32, v.n)
	c := *v
	c.konst = false
	c.n = 1
	return Take(&c, idx)
}

// Null returns a constant null vector of type t (empty strings for
// string) with n rows.
func Null(t types.Type, n int) *Vector { return Const(t, nil, n) }

// Retype returns v labelled with another type of the same storage (int
// as long, string as guid); ok is false when the storage differs.
func Retype(v *Vector, t types.Type) (*Vector, bool) {
	if v.Type == t {
		return v, true
	}
	if storageOf(v.Type) != storageOf(t) {
		return nil, false
	}
	c := *v
	c.Type = t
	return &c, true
}

// SameStorage reports whether a and b are stored alike (int, long,
// datetime and timespan share int64 storage; string and guid bytes).
func SameStorage(a, b types.Type) bool { return storageOf(a) == storageOf(b) }
