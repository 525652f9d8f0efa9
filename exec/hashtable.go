package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// hashTable maps distinct keys (tuples of values of fixed types) to dense
// group numbers in order of first appearance. Keys are stored columnar;
// rows are hashed a whole vector at a time, then placed by open
// addressing with linear probing. Aggregation, joins and in() share it.
type hashTable struct {
	cols   []keyStore
	types  []types.Type
	hashes []uint64 // per group
	// slots hold the high half of the key's hash above group+1 (0 =
	// empty), so that most mismatches are rejected without touching the
	// group's hash or keys: a cache miss saved per probe.
	slots []uint64
	mask  uint64
	n     int

	buf scratch // for the table's own (single-threaded) inserts

	// filter, once built by seal, rejects most absent keys before the
	// slots are touched.
	filter *bloom

	// ints replaces slots when the key is one integer column.
	ints *intIndex
}

func newHashTable(ts []types.Type) *hashTable {
	t := &hashTable{types: ts, cols: make([]keyStore, len(ts))}
	for i, ty := range ts {
		t.cols[i] = newKeyStore(ty)
	}
	if len(ts) == 1 && column.SameStorage(ts[0], types.Long) {
		t.ints = newIntIndex()
		return t
	}
	t.slots = make([]uint64, 1024)
	t.mask = 1023
	return t
}

// groups is the number of distinct keys.
func (t *hashTable) groups() int { return t.n }

// bytes estimates the table's memory.
func (t *hashTable) bytes() int64 {
	s := int64(len(t.slots)*8 + len(t.hashes)*8)
	if t.ints != nil {
		s += int64(len(t.ints.slots) * 16)
	}
	if t.filter != nil {
		s += t.filter.bytes()
	}
	for _, c := range t.cols {
		s += c.bytes()
	}
	return s
}

// scratch holds per-batch buffers of one user of a table.
type scratch struct {
	h    []uint64
	null []bool
}

func (sc *scratch) hashRows(keys []*column.Vector, n int) []uint64 {
	if cap(sc.h) < n {
		sc.h = make([]uint64, n)
	}
	h := sc.h[:n]
	if len(keys) == 0 {
		for i := range h {
			h[i] = 0
		}
		return h
	}
	for k, v := range keys {
		column.HashInto(v, h, k == 0)
	}
	return h
}

// nullRows marks rows where any key is null (nil when none is).
func (sc *scratch) nullRows(keys []*column.Vector, n int) []bool {
	var out []bool
	for _, v := range keys {
		if !v.HasNulls() {
			continue
		}
		if out == nil {
			if cap(sc.null) < n {
				sc.null = make([]bool, n)
			}
			out = sc.null[:n]
			for i := range out {
				out[i] = false
			}
		}
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				out[i] = true
			}
		}
	}
	return out
}

func (t *hashTable) equal(g uint32, keys []*column.Vector, i int) bool {
	for k, c := range t.cols {
		if !c.equal(g, keys[k], i) {
			return false
		}
	}
	return true
}

// addGroup stores row i's key as a new group; indexing it is the
// caller's business.
func (t *hashTable) addGroup(v *column.Vector, i int) uint32 {
	g := uint32(t.n)
	t.n++
	t.cols[0].append(v, i)
	return g
}

func (t *hashTable) insert(h uint64, keys []*column.Vector, i int) uint32 {
	g := uint32(t.n)
	t.n++
	t.hashes = append(t.hashes, h)
	for k, c := range t.cols {
		c.append(keys[k], i)
	}
	if uint64(t.n)*2 > t.mask+1 {
		t.grow()
	} else {
		t.place(h, g)
	}
	return g
}

func slotOf(h uint64, g uint32) uint64 { return h&^0xffffffff | uint64(g+1) }

func (t *hashTable) place(h uint64, g uint32) {
	p := h & t.mask
	for t.slots[p] != 0 {
		p = (p + 1) & t.mask
	}
	t.slots[p] = slotOf(h, g)
}

func (t *hashTable) grow() {
	size := (t.mask + 1) * 2
	t.slots = make([]uint64, size)
	t.mask = size - 1
	for g, h := range t.hashes {
		t.place(h, uint32(g))
	}
}

// assign returns the group of every row, adding new keys. Null keys form
// groups of their own (summarize by groups nulls together).
func (t *hashTable) assign(keys []*column.Vector, n int, out []uint32) []uint32 {
	if cap(out) < n {
		out = make([]uint32, n)
	}
	out = out[:n]
	if len(keys) == 0 {
		if t.n == 0 && n > 0 {
			t.n = 1
			t.hashes = append(t.hashes, 0)
		}
		for i := range out {
			out[i] = 0
		}
		return out
	}
	if len(keys) == 1 && isDictString(keys[0]) {
		return t.assignDict(keys[0], n, out)
	}
	if t.ints != nil {
		return t.ints.assign(t, keys[0], n, out)
	}
	h := t.buf.hashRows(keys, n)
	for i := 0; i < n; i++ {
		out[i] = t.findOrInsert(h[i], keys, i)
	}
	return out
}

func (t *hashTable) findOrInsert(h uint64, keys []*column.Vector, i int) uint32 {
	p := h & t.mask
	for {
		s := t.slots[p]
		if s == 0 {
			return t.insert(h, keys, i)
		}
		if (s^h)>>32 == 0 {
			g := uint32(s) - 1
			if t.equal(g, keys, i) {
				return g
			}
		}
		p = (p + 1) & t.mask
	}
}

// isDictString reports a dictionary-encoded string vector whose
// dictionary is small enough next to the batch to be worth resolving
// per distinct value.
func isDictString(v *column.Vector) bool {
	return !v.IsConst() && v.Strs != nil && v.Strs.Dict != nil && v.Strs.Dict.Len() <= v.Len()
}

// assignDict resolves each distinct dictionary entry once per batch and
// maps row codes through the result; groups still appear in row order.
func (t *hashTable) assignDict(v *column.Vector, n int, out []uint32) []uint32 {
	d := v.Strs.Dict
	cache := make([]uint32, d.Len()) // group+1; 0 = not yet resolved
	dv := column.FromStrings(v.Type, d)
	for i, c := range v.Strs.Codes[:n] {
		g := cache[c]
		if g == 0 {
			if v.IsNull(i) {
				out[i] = t.findOrInsert(column.HashValue(nil), []*column.Vector{v}, i)
				continue
			}
			s := d.At(int(c))
			g = t.findOrInsert(column.HashString(s), []*column.Vector{dv}, int(c)) + 1
			cache[c] = g
		}
		out[i] = g - 1
	}
	return out
}

// insertRows adds every row's key and returns its group, or -1 for rows
// with a null key when skipNulls is set.
func (t *hashTable) insertRows(keys []*column.Vector, n int, out []int32, skipNulls bool) []int32 {
	if cap(out) < n {
		out = make([]int32, n)
	}
	out = out[:n]
	if t.ints != nil {
		return t.ints.insertRows(t, keys[0], n, out, skipNulls)
	}
	h := t.buf.hashRows(keys, n)
	var nulls []bool
	if skipNulls {
		nulls = t.buf.nullRows(keys, n)
	}
	for i := 0; i < n; i++ {
		if nulls != nil && nulls[i] {
			out[i] = -1
			continue
		}
		out[i] = int32(t.findOrInsert(h[i], keys, i))
	}
	return out
}

// insertDistinct adds every row's key.
func (t *hashTable) insertDistinct(keys []*column.Vector, n int, skipNulls bool) {
	t.insertRows(keys, n, nil, skipNulls)
}

// keyVectors returns the stored keys, one vector per key column, in
// group order.
func (t *hashTable) keyVectors() []*column.Vector {
	out := make([]*column.Vector, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.build(t.types[i], t.n)
	}
	return out
}

// keyStore holds one key column of a hash table.
type keyStore interface {
	append(v *column.Vector, i int)
	equal(g uint32, v *column.Vector, i int) bool
	build(t types.Type, n int) *column.Vector
	bytes() int64
}

func newKeyStore(t types.Type) keyStore {
	switch t {
	case types.Bool:
		return &boolKeys{}
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return &intKeys{}
	case types.Real:
		return &realKeys{}
	case types.Decimal:
		return &decKeys{}
	case types.String, types.Guid:
		return &strKeys{offs: []uint32{0}}
	}
	return &dynKeys{}
}

// nullable keeps a null bitmap grown on demand.
type nullable struct{ nulls column.Bitmap }

func (s *nullable) setNull(g int) {
	for len(s.nulls)*64 <= g {
		s.nulls = append(s.nulls, 0)
	}
	s.nulls.Set(g)
}

func (s *nullable) nullAt(g uint32) bool {
	return int(g>>6) < len(s.nulls) && s.nulls.Get(int(g))
}

func (s *nullable) bitmap(n int) column.Bitmap {
	if s.nulls == nil {
		return nil
	}
	out := column.NewBitmap(n)
	copy(out, s.nulls)
	return out
}

type intKeys struct {
	nullable
	vals []int64
}

func (s *intKeys) append(v *column.Vector, i int) {
	if v.IsNull(i) {
		s.setNull(len(s.vals))
		s.vals = append(s.vals, 0)
		return
	}
	s.vals = append(s.vals, v.Int(i))
}

func (s *intKeys) equal(g uint32, v *column.Vector, i int) bool {
	vn, sn := v.IsNull(i), s.nullAt(g)
	if vn || sn {
		return vn && sn
	}
	return s.vals[g] == v.Int(i)
}

func (s *intKeys) build(t types.Type, n int) *column.Vector {
	return column.FromInts(t, s.vals[:n:n], s.bitmap(n))
}

func (s *intKeys) bytes() int64 { return int64(cap(s.vals) * 8) }

type realKeys struct {
	nullable
	vals []float64
}

func (s *realKeys) append(v *column.Vector, i int) {
	if v.IsNull(i) {
		s.setNull(len(s.vals))
		s.vals = append(s.vals, 0)
		return
	}
	s.vals = append(s.vals, v.Real(i))
}

func (s *realKeys) equal(g uint32, v *column.Vector, i int) bool {
	vn, sn := v.IsNull(i), s.nullAt(g)
	if vn || sn {
		return vn && sn
	}
	x, y := s.vals[g], v.Real(i)
	return x == y || (x != x && y != y)
}

func (s *realKeys) build(t types.Type, n int) *column.Vector {
	return column.FromReals(t, s.vals[:n:n], s.bitmap(n))
}

func (s *realKeys) bytes() int64 { return int64(cap(s.vals) * 8) }

type boolKeys struct {
	nullable
	vals []bool
}

func (s *boolKeys) append(v *column.Vector, i int) {
	if v.IsNull(i) {
		s.setNull(len(s.vals))
		s.vals = append(s.vals, false)
		return
	}
	s.vals = append(s.vals, v.Bool(i))
}

func (s *boolKeys) equal(g uint32, v *column.Vector, i int) bool {
	vn, sn := v.IsNull(i), s.nullAt(g)
	if vn || sn {
		return vn && sn
	}
	return s.vals[g] == v.Bool(i)
}

func (s *boolKeys) build(t types.Type, n int) *column.Vector {
	return column.FromBools(s.vals[:n:n], s.bitmap(n))
}

func (s *boolKeys) bytes() int64 { return int64(cap(s.vals)) }

// strKeys copies key strings into its own arena: batch arenas are
// transient.
type strKeys struct {
	nullable
	data []byte
	offs []uint32
}

func (s *strKeys) append(v *column.Vector, i int) {
	if v.IsNull(i) {
		s.setNull(len(s.offs) - 1)
	} else {
		s.data = append(s.data, v.Str(i)...)
	}
	s.offs = append(s.offs, uint32(len(s.data)))
}

func (s *strKeys) equal(g uint32, v *column.Vector, i int) bool {
	vn, sn := v.IsNull(i), s.nullAt(g)
	if vn || sn {
		return vn && sn
	}
	return string(s.data[s.offs[g]:s.offs[g+1]]) == v.Str(i)
}

func (s *strKeys) build(t types.Type, n int) *column.Vector {
	v := column.FromStrings(t, &column.Strings{Data: s.data, Offs: s.offs[: n+1 : n+1]})
	v.SetNulls(s.bitmap(n))
	return v
}

func (s *strKeys) bytes() int64 { return int64(cap(s.data) + cap(s.offs)*4) }

type dynKeys struct{ vals []any }

func (s *dynKeys) append(v *column.Vector, i int) { s.vals = append(s.vals, v.Value(i)) }

func (s *dynKeys) equal(g uint32, v *column.Vector, i int) bool {
	return column.EqualValues(s.vals[g], v.Value(i))
}

func (s *dynKeys) build(t types.Type, n int) *column.Vector {
	b := column.NewBuilder(t, n)
	for _, x := range s.vals[:n] {
		b.AppendValue(x)
	}
	return b.Build()
}

func (s *dynKeys) bytes() int64 { return int64(cap(s.vals) * 64) }
