package column

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Concat appends vectors of one storage kind into a single vector of type
// t. Strings that all share one dictionary stay dictionary-encoded;
// otherwise they are copied into one arena.
func Concat(t types.Type, vs []*Vector) *Vector {
	if len(vs) == 1 && !vs[0].konst && vs[0].Type == t {
		return vs[0]
	}
	n := 0
	hasNulls := false
	for _, v := range vs {
		n += v.n
		if v.nulls != nil {
			hasNulls = true
		}
	}
	out := &Vector{Type: t, n: n}
	if hasNulls {
		out.nulls = NewBitmap(n)
		off := 0
		any := false
		for _, v := range vs {
			if v.nulls != nil {
				if v.konst {
					if v.nulls.Get(0) {
						for i := 0; i < v.n; i++ {
							out.nulls.Set(off + i)
						}
						any = any || v.n > 0
					}
				} else {
					for i := 0; i < v.n; i++ {
						if v.nulls.Get(i) {
							out.nulls.Set(off + i)
							any = true
						}
					}
				}
			}
			off += v.n
		}
		if !any {
			out.nulls = nil
		}
	}
	switch storageOf(t) {
	case storeBool:
		out.Bools = make([]bool, 0, n)
		for _, v := range vs {
			if v.konst {
				x := v.Bools[0]
				for i := 0; i < v.n; i++ {
					out.Bools = append(out.Bools, x)
				}
			} else {
				out.Bools = append(out.Bools, v.Bools[:v.n]...)
			}
		}
	case storeInt:
		out.Ints = make([]int64, 0, n)
		for _, v := range vs {
			if v.konst {
				x := v.Ints[0]
				for i := 0; i < v.n; i++ {
					out.Ints = append(out.Ints, x)
				}
			} else {
				out.Ints = append(out.Ints, v.Ints[:v.n]...)
			}
		}
	case storeReal:
		out.Reals = make([]float64, 0, n)
		for _, v := range vs {
			if v.konst {
				x := v.Reals[0]
				for i := 0; i < v.n; i++ {
					out.Reals = append(out.Reals, x)
				}
			} else {
				out.Reals = append(out.Reals, v.Reals[:v.n]...)
			}
		}
	case storeDec:
		out.Decs = make([]value.Dec, 0, n)
		for _, v := range vs {
			if v.konst {
				x := v.Decs[0]
				for i := 0; i < v.n; i++ {
					out.Decs = append(out.Decs, x)
				}
			} else {
				out.Decs = append(out.Decs, v.Decs[:v.n]...)
			}
		}
	case storeStr:
		out.Strs = concatStrings(vs, n)
	case storeDyn:
		out.Dyns = make([]any, 0, n)
		for _, v := range vs {
			if v.konst {
				x := v.Dyns[0]
				for i := 0; i < v.n; i++ {
					out.Dyns = append(out.Dyns, x)
				}
			} else {
				out.Dyns = append(out.Dyns, v.Dyns[:v.n]...)
			}
		}
	}
	return out
}

func concatStrings(vs []*Vector, n int) *Strings {
	var dict *Strings
	shared := true
	for _, v := range vs {
		if v.konst || v.Strs.Dict == nil || (dict != nil && v.Strs.Dict != dict) {
			shared = false
			break
		}
		dict = v.Strs.Dict
	}
	if shared && dict != nil {
		codes := make([]uint32, 0, n)
		for _, v := range vs {
			codes = append(codes, v.Strs.Codes[:v.n]...)
		}
		return &Strings{Dict: dict, Codes: codes}
	}
	total := 0
	for _, v := range vs {
		if v.konst {
			total += v.n * len(v.Str(0))
			continue
		}
		if v.Strs.Dict == nil && v.n > 0 {
			total += int(v.Strs.Offs[v.n] - v.Strs.Offs[0])
			continue
		}
		for i := 0; i < v.n; i++ {
			total += len(v.Strs.At(i))
		}
	}
	out := NewStrings(n, total)
	for _, v := range vs {
		if v.konst {
			x := v.Str(0)
			for i := 0; i < v.n; i++ {
				out.Append(x)
			}
			continue
		}
		if v.Strs.Dict == nil && v.n > 0 {
			base := v.Strs.Offs[0]
			shift := uint32(len(out.Data)) - base
			out.Data = append(out.Data, v.Strs.Data[base:v.Strs.Offs[v.n]]...)
			for _, o := range v.Strs.Offs[1 : v.n+1] {
				out.Offs = append(out.Offs, o+shift)
			}
			continue
		}
		for i := 0; i < v.n; i++ {
			out.Append(v.Strs.At(i))
		}
	}
	return out
}

// ConcatBatches concatenates batches column by column; types gives each
// column's type (needed when there are no batches).
func ConcatBatches(ts []types.Type, bs []*Batch) *Batch {
	n := 0
	for _, b := range bs {
		n += b.N
	}
	cols := make([]*Vector, len(ts))
	parts := make([]*Vector, len(bs))
	for c, t := range ts {
		for k, b := range bs {
			parts[k] = b.Cols[c]
		}
		if len(bs) == 0 {
			cols[c] = Flatten(Null(t, 0))
			continue
		}
		cols[c] = Concat(t, parts)
	}
	return &Batch{Cols: cols, N: n}
}
