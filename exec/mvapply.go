package exec

import (
	"fmt"
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// mvApplyOp is mv-apply: every input row is expanded, the expanded rows
// of that one row go through the sub-query, and the results (preceded by
// the carried input columns) are concatenated. The sub-query is compiled
// per input row on a child engine whose ApplyRows leaves hold that row's
// expansion; operators carry state, so this is the simple correct way.
type mvApplyOp struct {
	rt     *engine
	n      *plan.MvApply
	in     operator
	exp    *mvExpandOp
	leaves []*plan.ApplyRows
	queue  []*column.Batch
}

func (rt *engine) compileMvApply(n *plan.MvApply) (operator, error) {
	if n.Expand == nil || n.Sub == nil {
		return nil, fmt.Errorf("internal error: mv-apply without expansion or sub-query")
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	e, err := rt.newMvExpand(in, n.Expand)
	if err != nil {
		return nil, err
	}
	o := &mvApplyOp{rt: rt, n: n, in: in, exp: e.(*mvExpandOp)}
	collectLeaves(n.Sub, &o.leaves)
	if len(o.leaves) == 0 {
		return nil, fmt.Errorf("internal error: mv-apply sub-query does not read the expanded rows")
	}
	for _, c := range n.Carry {
		if c < 0 || c >= len(in.schema()) {
			return nil, fmt.Errorf("internal error: mv-apply carried column out of range")
		}
	}
	return o, nil
}

// collectLeaves finds the ApplyRows leaves of one mv-apply level (nested
// mv-apply sub-queries have their own, reached only through their Sub).
func collectLeaves(n plan.Node, out *[]*plan.ApplyRows) {
	if l, ok := n.(*plan.ApplyRows); ok {
		*out = append(*out, l)
		return
	}
	for _, c := range n.Inputs() {
		collectLeaves(c, out)
	}
}

func (o *mvApplyOp) schema() types.Schema { return o.n.Out }

func (o *mvApplyOp) next() (*column.Batch, error) {
	for len(o.queue) == 0 {
		b, err := o.in.next()
		if err != nil {
			return nil, err
		}
		if err := o.applyBatch(b); err != nil {
			return nil, err
		}
	}
	b := o.queue[0]
	o.queue = o.queue[1:]
	o.rt.mem.shrink(column.SizeOfBatch(b))
	return b, nil
}

func (o *mvApplyOp) applyBatch(b *column.Batch) error {
	eb, counts, err := o.exp.expand(b)
	if err != nil {
		return err
	}
	start := 0
	for i, c := range counts {
		if err := o.rt.checkCtx(); err != nil {
			return err
		}
		rows := column.SliceBatch(eb, start, start+int(c))
		start += int(c)
		if err := o.applyRow(b, i, rows); err != nil {
			return err
		}
	}
	return nil
}

func (o *mvApplyOp) applyRow(b *column.Batch, i int, rows *column.Batch) error {
	child := &engine{ctx: o.rt.ctx, src: o.rt.src, fctx: o.rt.fctx, workers: 1, mem: o.rt.mem,
		// Materialized results and subqueries may depend on the row: a
		// child engine shares none with its parent.
		shared: &shared{materials: map[*plan.Materialize]*materialized{}, subs: map[plan.Node]*subResult{}},
		apply:  map[*plan.ApplyRows]*column.Batch{},
	}
	for k, v := range o.rt.apply {
		child.apply[k] = v
	}
	for _, l := range o.leaves {
		child.apply[l] = rows
	}
	op, err := child.compile(o.n.Sub)
	if err != nil {
		return err
	}
	for {
		rb, err := op.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if rb.N == 0 {
			continue
		}
		out, err := o.withCarry(b, i, rb)
		if err != nil {
			return err
		}
		if err := o.rt.mem.grow(column.SizeOfBatch(out), "collecting mv-apply results"); err != nil {
			return err
		}
		o.queue = append(o.queue, out)
	}
}

func (o *mvApplyOp) withCarry(b *column.Batch, i int, rb *column.Batch) (*column.Batch, error) {
	if len(o.n.Carry)+len(rb.Cols) != len(o.n.Out) {
		return nil, fmt.Errorf("internal error: mv-apply produced %d columns, expected %d", len(o.n.Carry)+len(rb.Cols), len(o.n.Out))
	}
	cols := make([]*column.Vector, 0, len(o.n.Out))
	if len(o.n.Carry) > 0 {
		rep := make([]int32, rb.N)
		for k := range rep {
			rep[k] = int32(i)
		}
		for _, c := range o.n.Carry {
			cols = append(cols, column.Take(b.Cols[c], rep))
		}
	}
	cols = append(cols, rb.Cols...)
	for k, c := range cols {
		v, err := asType(c, o.n.Out[k].Type)
		if err != nil {
			return nil, fmt.Errorf("mv-apply column '%s': %v", o.n.Out[k].Name, err)
		}
		cols[k] = v
	}
	return &column.Batch{Cols: cols, N: rb.N}, nil
}

func (rt *engine) compileApplyRows(n *plan.ApplyRows) (operator, error) {
	b, ok := rt.apply[n]
	if !ok {
		return nil, fmt.Errorf("internal error: the rows of an mv-apply are read outside of it")
	}
	var bs []*column.Batch
	if b.N > 0 {
		bs = []*column.Batch{b}
	}
	return &sliceOp{sch: n.Out, batches: bs}, nil
}
