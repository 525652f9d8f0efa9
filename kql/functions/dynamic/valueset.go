package dynamic

import "github.com/quarryhunt/quarry/kql/value"

// valueSet is a set of boxed values with value.Equal semantics, keeping
// insertion order (set_union and friends return elements in order of
// first appearance).
type valueSet struct {
	buckets map[uint64][]int32
	items   []any
}

func newValueSet(n int) *valueSet {
	return &valueSet{buckets: make(map[uint64][]int32, n), items: make([]any, 0, n)}
}

func (s *valueSet) find(v any, h uint64) bool {
	for _, j := range s.buckets[h] {
		if value.Equal(s.items[j], v) {
			return true
		}
	}
	return false
}

// add inserts v and reports whether it was new.
func (s *valueSet) add(v any) bool {
	h := Hash(v)
	if s.find(v, h) {
		return false
	}
	s.buckets[h] = append(s.buckets[h], int32(len(s.items)))
	s.items = append(s.items, v)
	return true
}

func (s *valueSet) has(v any) bool { return s.find(v, Hash(v)) }

func (s *valueSet) len() int { return len(s.items) }
