package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// aggSizer is implemented by aggregators that report the bytes their
// state holds; summarize accounts that against the memory limit.
type aggSizer interface{ Size() int64 }

// aggMem estimates the bytes one aggregator holds. The aggregator's own
// Size is exact and wins; without it, aggregates whose state grows with
// the values they keep are estimated from the values fed, as far as
// that is safe: percentiles keep every non-null value; make_list keeps
// values up to its per-group maximum. Others count a fixed amount per
// group (their state does not grow with the rows, or, for make_set and
// make_bag, only the aggregator can tell how much).
type aggMem struct {
	kind   aggMemKind
	pred   int   // make_list_if: the predicate's argument, else -1
	nulls  bool  // make_list_with_nulls keeps nulls
	limit  int64 // make_list: values kept per group
	weight bool  // percentilesw: a weight is kept beside each value
	counts []int64
	held   int64
}

type aggMemKind uint8

const (
	memPerGroup aggMemKind = iota
	memValues              // percentiles: 8 bytes a value (16 with a weight)
	memList                // make_list: each kept value, boxed
)

// perGroupBytes is the fixed per-group estimate.
const perGroupBytes = 16

func newAggMem(a plan.AggCall) *aggMem {
	m := &aggMem{pred: -1}
	if a.Fn == nil {
		return m
	}
	switch a.Fn.Name {
	case "percentile", "percentiles", "percentiles_array":
		m.kind = memValues
	case "percentilew", "percentilesw", "percentilesw_array":
		m.kind, m.weight = memValues, true
	case "make_list", "makelist", "make_list_if", "make_list_with_nulls":
		m.kind, m.limit = memList, 1<<20
		if a.Fn.Name == "makelist" {
			m.limit = 1 << 7
		}
		sizeArg := 1
		if a.Fn.Name == "make_list_if" {
			m.pred, sizeArg = 1, 2
		}
		m.nulls = a.Fn.Name == "make_list_with_nulls"
		if !m.nulls && len(a.Args) > sizeArg {
			if c, ok := a.Args[sizeArg].(*plan.Const); ok {
				if n, ok := c.Value.(int64); ok && n > 0 {
					m.limit = n
				}
			}
		}
	}
	return m
}

// update accounts for rows that Update just took.
func (m *aggMem) update(groups []uint32, args []*column.Vector) {
	if len(args) == 0 {
		return
	}
	v := args[0]
	switch m.kind {
	case memValues:
		per := int64(8)
		if m.weight {
			per = 16
		}
		n := len(groups)
		if v.HasNulls() {
			n = 0
			for i := range groups {
				if !v.IsNull(i) {
					n++
				}
			}
		}
		m.held += per * int64(n)
	case memList:
		var p *column.Vector
		if m.pred >= 0 && m.pred < len(args) {
			p = args[m.pred]
		}
		for i, g := range groups {
			for int(g) >= len(m.counts) {
				m.counts = append(m.counts, 0)
			}
			if m.counts[g] >= m.limit || (p != nil && (p.IsNull(i) || !p.Bool(i))) || (!m.nulls && v.IsNull(i)) {
				continue
			}
			m.counts[g]++
			m.held += boxedBytes(v, i)
		}
	}
}

// bytes is the estimate for agg over ngroups groups.
func (m *aggMem) bytes(agg functions.Aggregator, ngroups int) int64 {
	if s, ok := agg.(aggSizer); ok {
		return s.Size()
	}
	return m.held + int64(ngroups)*perGroupBytes + int64(len(m.counts))*8
}

// boxedBytes estimates row i of v once boxed as a value kept in a list.
func boxedBytes(v *column.Vector, i int) int64 {
	switch v.Type {
	case types.String, types.Guid:
		return 32 + int64(len(v.Str(i)))
	case types.Dynamic:
		return 64
	}
	return 24
}
