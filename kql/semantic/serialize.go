package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
)

// Window functions (prev, next, row_number, row_cumsum, ...) read rows
// in order, so Kusto allows them only over a serialized row set: the
// output of serialize, sort, top, top-hitters, range or getschema, passed
// on by operators that keep the order (where, extend, project, take,
// parse, ...). count, distinct, evaluate, facet, join, make-series,
// mv-expand, reduce, sample, sample-distinct, summarize and top-nested
// lose it, and a table has none.

// checkSerialized reports a window function used in row over an input
// that is not serialized.
func (b *binder) checkSerialized(row *rowCtx, in plan.Node) {
	if row == nil || !row.window || b.serialized(in) {
		return
	}
	b.errorf(row.windowPos, codeNotSerialized,
		"Function '%s' cannot be invoked in current context. Details: the row set must be serialized; sort it (sort by, top) or add '| serialize' before this operator.", row.windowFn)
}

// serialized reports whether n's rows have a defined order.
func (b *binder) serialized(n plan.Node) bool {
	switch x := n.(type) {
	case *plan.Serialize, *plan.Sort, *plan.Top, *plan.Range, *plan.TopHitters:
		return true
	case *plan.Values:
		return b.ordered[x]
	case *plan.Scan, *plan.ExternalData, *plan.Aggregate, *plan.Join, *plan.MvExpand,
		*plan.MakeSeries, *plan.Sample, *plan.BagUnpack, *plan.Pivot, *plan.TopNested,
		*plan.Partition, *plan.Reduce, *plan.Narrow, *plan.IPLookup, *plan.SchemaMerge,
		*plan.Basket, *plan.PatternPlugin:
		return false
	case *plan.PartitionRows:
		if in, ok := b.partitionOf[x]; ok {
			return b.serialized(in)
		}
		return false
	case *plan.Union:
		for _, p := range x.Parts {
			if !b.serialized(p) {
				return false
			}
		}
		return true
	case *plan.Filter, *plan.Project, *plan.Limit, *plan.Render, *plan.Materialize,
		*plan.Parse, *plan.ParseKv, *plan.MvApply, *plan.ScanSteps:
		return b.serialized(n.Inputs()[0])
	}
	// Nodes whose order is decided elsewhere (the rows handed to an
	// mv-apply or partition sub-query, operators that failed to bind)
	// are given the benefit of the doubt.
	return true
}
