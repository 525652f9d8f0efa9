package exec

import "github.com/quarryhunt/quarry/column"

// intIndex is the open-addressing index of a hash table keyed by one
// integer column (long, int, datetime, timespan: the most common keys).
// Each slot holds the key beside its group, so a probe reads one cache
// line instead of a slot and then the stored key; the null key has a
// group of its own outside the slots.
type intIndex struct {
	slots     []intSlot
	mask      uint64
	used      int
	nullGroup int32
}

type intSlot struct {
	key int64
	g   uint32 // group+1; 0 = empty
}

func newIntIndex() *intIndex {
	return &intIndex{slots: make([]intSlot, 1024), mask: 1023, nullGroup: -1}
}

func (x *intIndex) lookup(k int64) int32 { return x.lookupHashed(k, column.HashInt(k)) }

// lookupHashed is lookup when the caller has hashed k already.
func (x *intIndex) lookupHashed(k int64, h uint64) int32 {
	p := h & x.mask
	for {
		s := &x.slots[p]
		if s.g == 0 {
			return -1
		}
		if s.key == k {
			return int32(s.g - 1)
		}
		p = (p + 1) & x.mask
	}
}

// group returns k's group, adding it (to the table's stores too) when new.
func (x *intIndex) group(t *hashTable, v *column.Vector, i int, k int64) uint32 {
	p := column.HashInt(k) & x.mask
	for {
		s := &x.slots[p]
		if s.g == 0 {
			g := t.addGroup(v, i)
			s.key, s.g = k, g+1
			x.used++
			if uint64(x.used)*2 > x.mask+1 {
				x.grow()
			}
			return g
		}
		if s.key == k {
			return s.g - 1
		}
		p = (p + 1) & x.mask
	}
}

func (x *intIndex) grow() {
	old := x.slots
	x.slots = make([]intSlot, 2*len(old))
	x.mask = uint64(len(x.slots) - 1)
	for _, s := range old {
		if s.g == 0 {
			continue
		}
		p := column.HashInt(s.key) & x.mask
		for x.slots[p].g != 0 {
			p = (p + 1) & x.mask
		}
		x.slots[p] = s
	}
}

func (x *intIndex) nullKey(t *hashTable, v *column.Vector, i int) uint32 {
	if x.nullGroup < 0 {
		x.nullGroup = int32(t.addGroup(v, i))
	}
	return uint32(x.nullGroup)
}

func (x *intIndex) assign(t *hashTable, v *column.Vector, n int, out []uint32) []uint32 {
	if !v.IsConst() && !v.HasNulls() {
		for i, k := range v.Ints[:n] {
			out[i] = x.group(t, v, i, k)
		}
		return out
	}
	for i := 0; i < n; i++ {
		if v.IsNull(i) {
			out[i] = x.nullKey(t, v, i)
		} else {
			out[i] = x.group(t, v, i, v.Int(i))
		}
	}
	return out
}

func (x *intIndex) insertRows(t *hashTable, v *column.Vector, n int, out []int32, skipNulls bool) []int32 {
	for i := 0; i < n; i++ {
		switch {
		case !v.IsNull(i):
			out[i] = int32(x.group(t, v, i, v.Int(i)))
		case skipNulls:
			out[i] = -1
		default:
			out[i] = int32(x.nullKey(t, v, i))
		}
	}
	return out
}
