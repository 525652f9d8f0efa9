package aggregates

import "github.com/quarryhunt/quarry/kql/functions/dynamic"

// groupTable is one open-addressing hash table for the distinct-value
// state of all groups at once, keyed by (group, value hash): a per-group
// set without a map per group. Each entry also records an int32 payload
// (e.g. the value's position in its group's list) so that callers can
// confirm equality beyond the hash.
type groupTable struct {
	slots   []int32 // entry index + 1; 0 = empty
	groups  []uint32
	hashes  []uint64
	payload []int32
}

func (t *groupTable) slot(g uint32, h uint64) uint64 {
	return dynamic.Mix(h ^ (uint64(g)+1)*0x9e3779b97f4a7c15)
}

// find returns the entry for (g, h) accepted by same (nil: the hash is
// enough), or -1.
func (t *groupTable) find(g uint32, h uint64, same func(payload int32) bool) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for s := t.slot(g, h) & mask; ; s = (s + 1) & mask {
		e := t.slots[s] - 1
		if e < 0 {
			return -1
		}
		if t.groups[e] == g && t.hashes[e] == h && (same == nil || same(t.payload[e])) {
			return e
		}
	}
}

// add inserts (g, h, payload) without checking for a duplicate.
func (t *groupTable) add(g uint32, h uint64, payload int32) {
	if 2*(len(t.groups)+1) > len(t.slots) {
		t.rehash()
	}
	e := int32(len(t.groups))
	t.groups = append(t.groups, g)
	t.hashes = append(t.hashes, h)
	t.payload = append(t.payload, payload)
	t.place(e)
}

func (t *groupTable) place(e int32) {
	mask := uint64(len(t.slots) - 1)
	s := t.slot(t.groups[e], t.hashes[e]) & mask
	for t.slots[s] != 0 {
		s = (s + 1) & mask
	}
	t.slots[s] = e + 1
}

func (t *groupTable) rehash() {
	n := 2 * len(t.slots)
	if n < 64 {
		n = 64
	}
	t.slots = make([]int32, n)
	for e := range t.groups {
		t.place(int32(e))
	}
}
