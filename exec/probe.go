package exec

import (
	"math/bits"

	"github.com/quarryhunt/quarry/column"
)

// prober looks keys up in a table whose inserts are over (a join's
// build side, an in() set). The table is only read, so several
// goroutines may probe it at once, each with its own prober: the
// per-batch buffers live here.
type prober struct {
	t  *hashTable
	sc scratch
	// noFilter is set once the table's bloom filter has proved not
	// worth its check: most probed keys were present.
	noFilter bool
	// A dictionary shared by many batches (a file's or a build side's)
	// is resolved once per entry for the whole run, not per batch.
	dict  *column.Strings
	cache []int32 // per dictionary entry: group+2; 0 = not yet, 1 = absent
}

func (t *hashTable) prober() *prober { return &prober{t: t} }

// filterMinGroups is the table size from which seal builds a bloom
// filter: smaller tables already sit in the first-level cache.
const filterMinGroups = 2048

// seal ends a table's inserts. Tables that are probed far more often
// than they are filled (join build sides, in() sets) get a bloom filter
// then: a probe of an absent key, the common case when a big table is
// joined with a small one, costs one read of a cache-resident word
// instead of a cache miss in the slots.
func (t *hashTable) seal() {
	if t.n < filterMinGroups {
		return
	}
	f := newBloom(t.n)
	if t.ints != nil {
		for _, s := range t.ints.slots {
			if s.g != 0 {
				f.add(column.HashInt(s.key))
			}
		}
	} else {
		for _, h := range t.hashes {
			f.add(h)
		}
	}
	t.filter = f
}

func (p *prober) bloom() *bloom {
	if p.noFilter {
		return nil
	}
	return p.t.filter
}

// judge turns the filter off for this prober when it rejected under a
// quarter of a batch's keys: then it mostly costs a check.
func (p *prober) judge(f *bloom, rejected, n int) {
	if f != nil && n >= 256 && rejected*4 < n {
		p.noFilter = true
	}
}

// find returns the group of every row, or -1 for keys not in the table.
// With skipNulls, rows with a null key get -1 (join semantics: null
// never equals null).
func (p *prober) find(keys []*column.Vector, n int, out []int32, skipNulls bool) []int32 {
	t := p.t
	if cap(out) < n {
		out = make([]int32, n)
	}
	out = out[:n]
	if len(keys) == 0 {
		for i := range out {
			out[i] = int32(t.n) - 1
		}
		return out
	}
	if len(keys) == 1 && isDictString(keys[0]) {
		return p.findDict(keys[0], n, out, skipNulls)
	}
	if t.ints != nil {
		return p.findInts(keys[0], n, out, skipNulls)
	}
	h := p.sc.hashRows(keys, n)
	var nulls []bool
	if skipNulls {
		nulls = p.sc.nullRows(keys, n)
	}
	f := p.bloom()
	rejected := 0
	for i, hi := range h {
		if nulls != nil && nulls[i] {
			out[i] = -1
			continue
		}
		if f != nil && !f.has(hi) {
			out[i] = -1
			rejected++
			continue
		}
		out[i] = t.lookup(hi, keys, i)
	}
	p.judge(f, rejected, n)
	return out
}

// findDict looks each distinct dictionary entry up once and maps row
// codes through the result.
func (p *prober) findDict(v *column.Vector, n int, out []int32, skipNulls bool) []int32 {
	t := p.t
	d := v.Strs.Dict
	if p.dict != d {
		p.dict = d
		if cap(p.cache) >= d.Len() {
			p.cache = p.cache[:d.Len()]
			clear(p.cache)
		} else {
			p.cache = make([]int32, d.Len())
		}
	}
	cache := p.cache
	var dk []*column.Vector
	for i, c := range v.Strs.Codes[:n] {
		if v.IsNull(i) {
			if skipNulls {
				out[i] = -1
			} else {
				out[i] = t.lookup(column.HashValue(nil), []*column.Vector{v}, i)
			}
			continue
		}
		g := cache[c]
		if g == 0 {
			if dk == nil {
				dk = []*column.Vector{column.FromStrings(v.Type, d)}
			}
			g = t.lookup(column.HashString(d.At(int(c))), dk, int(c)) + 2
			cache[c] = g
		}
		out[i] = g - 2
	}
	return out
}

func (t *hashTable) lookup(h uint64, keys []*column.Vector, i int) int32 {
	p := h & t.mask
	for {
		s := t.slots[p]
		if s == 0 {
			return -1
		}
		if (s^h)>>32 == 0 {
			g := uint32(s) - 1
			if t.equal(g, keys, i) {
				return int32(g)
			}
		}
		p = (p + 1) & t.mask
	}
}

func (p *prober) findInts(v *column.Vector, n int, out []int32, skipNulls bool) []int32 {
	x := p.t.ints
	f := p.bloom()
	if !v.IsConst() && !v.HasNulls() {
		if f == nil {
			for i, k := range v.Ints[:n] {
				out[i] = x.lookup(k)
			}
			return out
		}
		rejected := 0
		for i, k := range v.Ints[:n] {
			h := column.HashInt(k)
			if !f.has(h) {
				out[i] = -1
				rejected++
				continue
			}
			out[i] = x.lookupHashed(k, h)
		}
		p.judge(f, rejected, n)
		return out
	}
	for i := 0; i < n; i++ {
		switch {
		case !v.IsNull(i):
			out[i] = x.lookup(v.Int(i))
		case skipNulls:
			out[i] = -1
		default:
			out[i] = x.nullGroup
		}
	}
	return out
}

// bloom is a blocked Bloom filter over key hashes: each key sets two
// bits of one 64-bit word, so a check reads one word. Sized at 16 bits
// a key, it passes about 2% of absent keys.
type bloom struct {
	words []uint64
	shift uint // the word is the hash's top bits
}

func newBloom(keys int) *bloom {
	w := 64
	for w*4 < keys {
		w *= 2
	}
	return &bloom{words: make([]uint64, w), shift: uint(64 - bits.TrailingZeros(uint(w)))}
}

// bloomBits picks the two bits from hash bits that the word index (the
// top bits) does not use.
func bloomBits(h uint64) uint64 { return 1<<(h>>20&63) | 1<<(h>>26&63) }

func (b *bloom) add(h uint64) { b.words[h>>b.shift] |= bloomBits(h) }

func (b *bloom) has(h uint64) bool {
	m := bloomBits(h)
	return b.words[h>>b.shift]&m == m
}

func (b *bloom) bytes() int64 { return int64(len(b.words) * 8) }
