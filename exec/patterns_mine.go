package exec

import (
	"fmt"
	"math/bits"
	"sort"
)

// Closed frequent pattern mining for basket. The input is a list of
// distinct transactions: one code per dimension (column), -1 where the
// row's value is not frequent, and the summed weight of the rows that
// share them. Patterns are sets of (dimension, code) items of distinct
// dimensions, enumerated depth first with items added in dimension
// order; a pattern is kept when it is frequent and closed (no further
// item has the same support). A pattern whose items of some earlier,
// skipped dimension all agree is not closed, and neither is anything
// grown from it (that dimension can no longer be added), so its branch
// is cut: every closed pattern is reached once, along its own items.

// minedPattern is one closed frequent pattern.
type minedPattern struct {
	items []patternItem // in dimension order
	count int64
}

type patternItem struct {
	dim  int
	code int32
}

// patternMiner holds the transactions and the search limits.
type patternMiner struct {
	tx       [][]int32 // per transaction, one code per dimension
	w        []int64
	ncodes   []int // per dimension: codes are 0..ncodes-1
	frequent func(int64) bool
	maxDims  int
	budget   int // nodes left to visit
	out      []minedPattern
}

// errTooManyPatterns is returned when the search visits more nodes than
// its budget allows.
var errTooManyPatterns = fmt.Errorf("basket found too many frequent patterns to list; raise the threshold or project fewer columns")

// mine returns the closed frequent patterns (the empty one excluded).
func (m *patternMiner) mine() ([]minedPattern, error) {
	tids := make([]int32, len(m.tx))
	for i := range tids {
		tids[i] = int32(i)
	}
	if err := m.visit(nil, tids, 0, -1); err != nil {
		return nil, err
	}
	return m.out, nil
}

// visit handles the pattern items (supported by tids, weighing count),
// whose last item is of dimension last.
func (m *patternMiner) visit(items []patternItem, tids []int32, count int64, last int) error {
	m.budget--
	if m.budget < 0 {
		return errTooManyPatterns
	}
	if len(items) > 0 {
		in := make([]bool, len(m.ncodes))
		for _, it := range items {
			in[it.dim] = true
		}
		closed := true
		for d := range m.ncodes {
			if in[d] || !m.agree(tids, d) {
				continue
			}
			if d < last {
				return nil // found along its own items elsewhere
			}
			closed = false
		}
		if closed {
			m.out = append(m.out, minedPattern{items: append([]patternItem(nil), items...), count: count})
		}
	}
	for d := last + 1; d < len(m.ncodes); d++ {
		sums := make([]int64, m.ncodes[d])
		for _, t := range tids {
			if c := m.tx[t][d]; c >= 0 {
				sums[c] += m.w[t]
			}
		}
		for c, s := range sums {
			if !m.frequent(s) {
				continue
			}
			if len(items)+1 > m.maxDims {
				return fmt.Errorf("basket: a frequent pattern has more than MaxDimensions (%d) columns, and the documentation does not say how Kusto limits patterns to 'uncorrelated dimensions'; raise MaxDimensions (the third argument) or project fewer columns", m.maxDims)
			}
			var sub []int32
			for _, t := range tids {
				if m.tx[t][d] == int32(c) {
					sub = append(sub, t)
				}
			}
			next := append(items[:len(items):len(items)], patternItem{dim: d, code: int32(c)})
			if err := m.visit(next, sub, s, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// agree reports whether every transaction of tids has the same frequent
// code in dimension d.
func (m *patternMiner) agree(tids []int32, d int) bool {
	c := m.tx[tids[0]][d]
	if c < 0 {
		return false
	}
	for _, t := range tids[1:] {
		if m.tx[t][d] != c {
			return false
		}
	}
	return true
}

// sortPatterns orders patterns for their SegmentId: by Count times the
// number of columns the pattern sets, largest first, which is the order
// of the documented example (the documentation states no rule); ties,
// which it does not show, go by Count, then by the items in dimension
// and code (first appearance) order.
func sortPatterns(ps []minedPattern) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		ah, al := bits.Mul64(uint64(a.count), uint64(len(a.items)))
		bh, bl := bits.Mul64(uint64(b.count), uint64(len(b.items)))
		if ah != bh {
			return ah > bh
		}
		if al != bl {
			return al > bl
		}
		if a.count != b.count {
			return a.count > b.count
		}
		for k := 0; k < len(a.items) && k < len(b.items); k++ {
			x, y := a.items[k], b.items[k]
			if x.dim != y.dim {
				return x.dim < y.dim
			}
			if x.code != y.code {
				return x.code < y.code
			}
		}
		return len(a.items) < len(b.items)
	})
}
