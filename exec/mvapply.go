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
// the carried input columns) are concatenated.
//
// The sub-query is compiled once into a segmented evaluator (see
// segment.go) that runs it for all rows of an input batch at once, each
// row's expansion being a segment that sorts, groups and limits apart.
// Sub-queries with operators the evaluator does not segment (joins,
// unions, window functions, ...) are compiled per input row on a child
// engine whose ApplyRows leaves hold that row's expansion instead.
type mvApplyOp struct {
	rt     *engine
	n      *plan.MvApply
	in     operator
	exp    *mvExpandOp
	seg    segFn // nil: per-row fallback
	leaves []*plan.ApplyRows
	queue  []*column.Batch
}

func (rt *engine) compileMvApply(n *plan.MvApply) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return rt.newMvApply(in, n)
}

func (rt *engine) newMvApply(in operator, n *plan.MvApply) (*mvApplyOp, error) {
	if n.Expand == nil || n.Sub == nil {
		return nil, fmt.Errorf("internal error: mv-apply without expansion or sub-query")
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
	if len(o.leaves) == 1 {
		f, ok, err := rt.compileSeg(n.Sub)
		if err != nil {
			return nil, err
		}
		if ok {
			o.seg = f
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
		if err := o.rt.checkCtx(); err != nil {
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
	out, rows, err := o.run(b)
	if err != nil {
		return err
	}
	res, err := o.withCarry(b, rows, out)
	if err != nil {
		return err
	}
	for lo := 0; lo < res.N; lo += column.BatchSize {
		part := column.SliceBatch(res, lo, min(lo+column.BatchSize, res.N))
		if err := o.rt.mem.grow(column.SizeOfBatch(part), "collecting mv-apply results"); err != nil {
			return err
		}
		o.queue = append(o.queue, part)
	}
	return nil
}

// run applies the sub-query to every row of b; rows[k] is the input row
// that output row k belongs to.
func (o *mvApplyOp) run(b *column.Batch) (*column.Batch, []int32, error) {
	eb, counts, err := o.exp.expand(b)
	if err != nil {
		return nil, nil, err
	}
	if o.seg == nil {
		return o.runRows(b, eb, counts)
	}
	rep := make([]int32, 0, eb.N)
	for i, c := range counts {
		for j := int32(0); j < c; j++ {
			rep = append(rep, int32(i))
		}
	}
	s, err := o.seg(&segBatch{b: eb, seg: rep, nseg: b.N})
	if err != nil {
		return nil, nil, err
	}
	return s.b, s.seg, nil
}

// runRows is the fallback: the sub-query is compiled and run once per
// input row, over that row's slice of the expansion eb.
func (o *mvApplyOp) runRows(b, eb *column.Batch, counts []int32) (*column.Batch, []int32, error) {
	ts := schemaTypes(o.n.Sub.Schema())
	var outs []*column.Batch
	var rows []int32
	start := 0
	for i, c := range counts {
		if err := o.rt.checkCtx(); err != nil {
			return nil, nil, err
		}
		part := column.SliceBatch(eb, start, start+int(c))
		start += int(c)
		rbs, err := o.runRow(part)
		if err != nil {
			return nil, nil, err
		}
		for _, rb := range rbs {
			if len(rb.Cols) != len(ts) {
				return nil, nil, fmt.Errorf("internal error: mv-apply sub-query produced %d columns, expected %d", len(rb.Cols), len(ts))
			}
			for k, v := range rb.Cols {
				if rb.Cols[k], err = asType(v, ts[k]); err != nil {
					return nil, nil, err
				}
			}
			outs = append(outs, rb)
			for k := 0; k < rb.N; k++ {
				rows = append(rows, int32(i))
			}
		}
	}
	return column.ConcatBatches(ts, outs), rows, nil
}

// runRow compiles the sub-query on a child engine whose ApplyRows leaves
// hold rows, and runs it.
func (o *mvApplyOp) runRow(rows *column.Batch) ([]*column.Batch, error) {
	child := &engine{ctx: o.rt.ctx, src: o.rt.src, fctx: o.rt.fctx, workers: 1, mem: o.rt.mem,
		// Materialized results and subqueries may depend on the row: a
		// child engine shares none with its parent.
		shared: newShared(),
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
		return nil, err
	}
	var out []*column.Batch
	for {
		rb, err := op.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if rb.N > 0 {
			out = append(out, rb)
		}
	}
}

// withCarry puts the carried input columns (rows of b) in front of the
// sub-query's output rb.
func (o *mvApplyOp) withCarry(b *column.Batch, rows []int32, rb *column.Batch) (*column.Batch, error) {
	if len(o.n.Carry)+len(rb.Cols) != len(o.n.Out) {
		return nil, fmt.Errorf("internal error: mv-apply produced %d columns, expected %d", len(o.n.Carry)+len(rb.Cols), len(o.n.Out))
	}
	cols := make([]*column.Vector, 0, len(o.n.Out))
	for _, c := range o.n.Carry {
		cols = append(cols, column.Take(b.Cols[c], rows))
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
