package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// segBatch is the data of an mv-apply sub-query for a whole input batch:
// each row belongs to a segment (the input row whose expansion it comes
// from), rows are ordered by segment, and nseg counts the segments,
// empty ones included.
type segBatch struct {
	b    *column.Batch
	seg  []int32
	nseg int
}

// take keeps rows sel (in order) with their segments.
func (s *segBatch) take(sel []int32) *segBatch {
	seg := make([]int32, len(sel))
	for k, i := range sel {
		seg[k] = s.seg[i]
	}
	return &segBatch{b: column.TakeBatch(s.b, sel), seg: seg, nseg: s.nseg}
}

// segmented can be turned off to run every mv-apply row by row (tests
// compare both).
var segmented = true

// segFn evaluates a sub-query node given its ApplyRows leaf's data.
type segFn func(leaf *segBatch) (*segBatch, error)

// compileSeg compiles an mv-apply sub-query once into a segmented
// evaluator. Each node gives, for all segments at once, the rows that
// running it per segment would give, in the same order: row-wise
// operators need nothing more; sort, top and take order and cut within
// each segment; summarize groups by segment as well (and without keys
// yields a row for every segment, an empty one included). ok is false
// when some node has no segmented form.
func (rt *engine) compileSeg(n plan.Node) (segFn, bool, error) {
	if !segmented || !segExprsOK(n) {
		return nil, false, nil
	}
	switch n := n.(type) {
	case *plan.ApplyRows:
		return func(leaf *segBatch) (*segBatch, error) { return leaf, nil }, true, nil
	case *plan.Serialize:
		return rt.compileSeg(n.Input)
	case *plan.Filter:
		return rt.segFilter(n)
	case *plan.Project:
		if n.Window {
			return nil, false, nil
		}
		return rt.segProject(n)
	case *plan.Parse:
		return rt.segParse(n)
	case *plan.MvExpand:
		return rt.segMvExpand(n)
	case *plan.Sort:
		return rt.segSort(n.Input, n.Keys, -1)
	case *plan.Top:
		return rt.segSort(n.Input, n.Keys, n.N)
	case *plan.Limit:
		return rt.segLimit(n)
	case *plan.Aggregate:
		return rt.segAggregate(n)
	case *plan.MvApply:
		return rt.segMvApply(n)
	}
	return nil, false, nil
}

func (rt *engine) segFilter(n *plan.Filter) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	pred, err := rt.compileExpr(n.Pred)
	if err != nil {
		return nil, false, err
	}
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		m, err := pred(s.b)
		if err != nil {
			return nil, err
		}
		sel, all := selection(m, s.b.N, nil)
		if all {
			return s, nil
		}
		return s.take(sel), nil
	}, true, nil
}

func (rt *engine) segProject(n *plan.Project) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	exprs, err := rt.compileExprs(n.Exprs)
	if err != nil {
		return nil, false, err
	}
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		b, err := projectBatch(exprs, n.Out, s.b)
		if err != nil {
			return nil, err
		}
		return &segBatch{b: b, seg: s.seg, nseg: s.nseg}, nil
	}, true, nil
}

func (rt *engine) segParse(n *plan.Parse) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	op, err := rt.newParse(&feeder{sch: n.Input.Schema()}, n)
	if err != nil {
		return nil, false, err
	}
	p := op.(*parseOp)
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		out, sel, err := p.parseSel(s.b)
		if err != nil {
			return nil, err
		}
		r := &segBatch{b: out, seg: s.seg, nseg: s.nseg}
		if sel != nil {
			r = r.take(sel)
		}
		return r, nil
	}, true, nil
}

func (rt *engine) segMvExpand(n *plan.MvExpand) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	op, err := rt.newMvExpand(&feeder{sch: n.Input.Schema()}, n)
	if err != nil {
		return nil, false, err
	}
	e := op.(*mvExpandOp)
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		out, counts, err := e.expand(s.b)
		if err != nil {
			return nil, err
		}
		seg := make([]int32, 0, out.N)
		for i, c := range counts {
			for j := int32(0); j < c; j++ {
				seg = append(seg, s.seg[i])
			}
		}
		return &segBatch{b: out, seg: seg, nseg: s.nseg}, nil
	}, true, nil
}

// segVector is the segments as a sort or grouping key.
func segVector(seg []int32) *column.Vector {
	xs := make([]int64, len(seg))
	for i, s := range seg {
		xs[i] = int64(s)
	}
	return column.FromInts(types.Long, xs, nil)
}

// segSort orders each segment by keys (stably); with limit >= 0 (top) it
// keeps the first limit rows of each.
func (rt *engine) segSort(input plan.Node, ks []plan.SortKey, limit int64) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(input)
	if !ok || err != nil {
		return nil, ok, err
	}
	keys, err := rt.compileSortKeys(ks)
	if err != nil {
		return nil, false, err
	}
	specs := append([]sortSpec{{}}, sortSpecs(ks)...)
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		if s.b.N == 0 {
			return s, nil
		}
		kv, err := evalAll(keys, s.b)
		if err != nil {
			return nil, err
		}
		perm := sortedPerm(append([]*column.Vector{segVector(s.seg)}, kv...), specs, s.b.N)
		if limit >= 0 {
			perm = firstPerSegment(perm, s.seg, limit)
		}
		return s.take(perm), nil
	}, true, nil
}

// firstPerSegment keeps the first limit rows of each segment from rows,
// which are grouped by segment.
func firstPerSegment(rows []int32, seg []int32, limit int64) []int32 {
	out := rows[:0:0]
	var cur int32 = -1
	var n int64
	for _, r := range rows {
		if seg[r] != cur {
			cur, n = seg[r], 0
		}
		if n < limit {
			out = append(out, r)
		}
		n++
	}
	return out
}

func (rt *engine) segLimit(n *plan.Limit) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		rows := make([]int32, s.b.N)
		for i := range rows {
			rows[i] = int32(i)
		}
		sel := firstPerSegment(rows, s.seg, n.N)
		if len(sel) == s.b.N {
			return s, nil
		}
		return s.take(sel), nil
	}, true, nil
}

// segAggregate is summarize per segment: the segment is an extra,
// leading group key; without keys every segment is a group, so that an
// empty expansion still gives its row (count() is 0).
func (rt *engine) segAggregate(n *plan.Aggregate) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	for i, a := range n.Aggs {
		if a.Bound == nil || a.Bound.NewAgg == nil {
			return nil, false, fmt.Errorf("summarize: aggregate %d has no implementation", i+1)
		}
	}
	keys, err := rt.compileExprs(n.Keys)
	if err != nil {
		return nil, false, err
	}
	kt := []types.Type{types.Long}
	for _, k := range n.Keys {
		kt = append(kt, k.Type())
	}
	args := make([][]evalFn, len(n.Aggs))
	for i, a := range n.Aggs {
		if args[i], err = rt.compileExprs(a.Args); err != nil {
			return nil, false, err
		}
	}
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		var groups []uint32
		var gseg []int32
		var cols []*column.Vector
		if len(keys) == 0 {
			groups = make([]uint32, len(s.seg))
			for i, g := range s.seg {
				groups[i] = uint32(g)
			}
			gseg = make([]int32, s.nseg)
			for i := range gseg {
				gseg[i] = int32(i)
			}
		} else {
			kv, err := evalAll(keys, s.b)
			if err != nil {
				return nil, err
			}
			kv = append([]*column.Vector{segVector(s.seg)}, kv...)
			for i, k := range kv {
				if kv[i], err = asType(k, kt[i]); err != nil {
					return nil, err
				}
			}
			table := newHashTable(kt)
			groups = table.assign(kv, s.b.N, nil)
			out := table.keyVectors()
			gseg = make([]int32, table.groups())
			for i, x := range out[0].Ints[:len(gseg)] {
				gseg[i] = int32(x)
			}
			cols = out[1:]
		}
		ng := len(gseg)
		for i, a := range n.Aggs {
			agg := a.Bound.NewAgg()
			av, err := evalAll(args[i], s.b)
			if err != nil {
				return nil, err
			}
			if err := agg.Update(groups, av); err != nil {
				return nil, err
			}
			vs, err := agg.Result(ng)
			if err != nil {
				return nil, err
			}
			cols = append(cols, vs...)
		}
		if len(cols) != len(n.Out) {
			return nil, fmt.Errorf("internal error: summarize produced %d columns, expected %d", len(cols), len(n.Out))
		}
		for i, c := range cols {
			if c.Len() != ng {
				return nil, fmt.Errorf("internal error: summarize column '%s' has %d rows for %d groups", n.Out[i].Name, c.Len(), ng)
			}
			if cols[i], err = asType(c, n.Out[i].Type); err != nil {
				return nil, fmt.Errorf("summarize column '%s': %v", n.Out[i].Name, err)
			}
		}
		return &segBatch{b: &column.Batch{Cols: cols, N: ng}, seg: gseg, nseg: s.nseg}, nil
	}, true, nil
}

// segMvApply is a nested mv-apply: it maps each row of its input to its
// own output rows, which then belong to that row's segment.
func (rt *engine) segMvApply(n *plan.MvApply) (segFn, bool, error) {
	in, ok, err := rt.compileSeg(n.Input)
	if !ok || err != nil {
		return nil, ok, err
	}
	inner, err := rt.newMvApply(&feeder{sch: n.Input.Schema()}, n)
	if err != nil {
		return nil, false, err
	}
	return func(leaf *segBatch) (*segBatch, error) {
		s, err := in(leaf)
		if err != nil {
			return nil, err
		}
		out, rows, err := inner.run(s.b)
		if err != nil {
			return nil, err
		}
		res, err := inner.withCarry(s.b, rows, out)
		if err != nil {
			return nil, err
		}
		seg := make([]int32, len(rows))
		for k, r := range rows {
			seg[k] = s.seg[r]
		}
		return &segBatch{b: res, seg: seg, nseg: s.nseg}, nil
	}, true, nil
}

// segExprsOK rejects nodes whose expressions hold subqueries that read
// the mv-apply's rows: their value would differ per segment.
func segExprsOK(n plan.Node) bool {
	var es []plan.Expr
	switch n := n.(type) {
	case *plan.Filter:
		es = []plan.Expr{n.Pred}
	case *plan.Project:
		es = n.Exprs
	case *plan.Parse:
		es = []plan.Expr{n.Source}
	case *plan.Sort:
		for _, k := range n.Keys {
			es = append(es, k.X)
		}
	case *plan.Top:
		for _, k := range n.Keys {
			es = append(es, k.X)
		}
	case *plan.Aggregate:
		es = append(es, n.Keys...)
		for _, a := range n.Aggs {
			es = append(es, a.Args...)
		}
	}
	for _, e := range es {
		if exprReadsApply(e) {
			return false
		}
	}
	return true
}

func exprReadsApply(e plan.Expr) bool {
	switch e := e.(type) {
	case *plan.Call:
		for _, a := range e.Args {
			if exprReadsApply(a) {
				return true
			}
		}
	case *plan.Convert:
		return exprReadsApply(e.X)
	case *plan.InSubquery:
		return exprReadsApply(e.X) || nodeReadsApply(e.Sub)
	case *plan.ScalarSubquery:
		return nodeReadsApply(e.Sub)
	}
	return false
}

func nodeReadsApply(n plan.Node) bool {
	if _, ok := n.(*plan.ApplyRows); ok || !segExprsOK(n) {
		return true
	}
	for _, c := range n.Inputs() {
		if nodeReadsApply(c) {
			return true
		}
	}
	return false
}
