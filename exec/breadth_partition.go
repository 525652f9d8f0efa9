package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// partitionOp is partition by Col (Sub): the input is grouped by Col and
// Sub is compiled and run once per group, on a child engine whose
// PartitionRows leaves read that group's rows. Results come partition
// after partition, partitions in order of first appearance.
//
// The child engine hands the rows to its leaves through its sub-query
// cache under partitionRowsKey: every leaf compiled on it reads the
// current partition. A nested partition runs its own sub-query on its
// own child engine, so its leaves read its own (smaller) partitions.
type partitionOp struct {
	rt  *engine
	n   *plan.Partition
	in  operator
	res *sliceOp
}

// partitionRowsKey is where a child engine's sub-query cache holds the
// rows of the partition it runs.
var partitionRowsKey plan.Node = &plan.PartitionRows{}

func (rt *engine) compilePartition(n *plan.Partition) (operator, error) {
	if n.Sub == nil {
		return nil, fmt.Errorf("internal error: partition without sub-query")
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	if n.Col < 0 || n.Col >= len(in.schema()) {
		return nil, fmt.Errorf("internal error: partition column out of range")
	}
	return &partitionOp{rt: rt, n: n, in: in}, nil
}

func (o *partitionOp) schema() types.Schema { return o.n.Out }

func (o *partitionOp) next() (*column.Batch, error) {
	if o.res == nil {
		bs, held, err := o.run()
		if err != nil {
			return nil, err
		}
		o.res = &sliceOp{sch: o.n.Out, batches: bs, release: o.rt.releaser(held)}
	}
	return o.res.next()
}

func (o *partitionOp) run() ([]*column.Batch, int64, error) {
	all, held, err := o.rt.drainConcat(o.in, "partitioning rows")
	if err != nil {
		return nil, 0, err
	}
	defer o.rt.mem.shrink(held)
	key := all.Cols[o.n.Col]
	table := newHashTable([]types.Type{key.Type})
	groups := table.assign([]*column.Vector{key}, all.N, nil)
	parts := make([][]int32, table.groups())
	for i, g := range groups {
		parts[g] = append(parts[g], int32(i))
	}
	ts := schemaTypes(o.n.Out)
	var out []*column.Batch
	var kept int64
	for _, rows := range parts {
		if err := o.rt.checkCtx(); err != nil {
			o.rt.mem.shrink(kept)
			return nil, 0, err
		}
		bs, h, err := o.runPart(column.TakeBatch(all, rows), ts)
		kept += h
		if err != nil {
			o.rt.mem.shrink(kept)
			return nil, 0, err
		}
		out = append(out, bs...)
	}
	return out, kept, nil
}

// runPart runs the sub-query over one partition's rows.
func (o *partitionOp) runPart(rows *column.Batch, ts []types.Type) ([]*column.Batch, int64, error) {
	child := &engine{ctx: o.rt.ctx, src: o.rt.src, fctx: o.rt.fctx, workers: 1, mem: o.rt.mem,
		// Sub-query results and materialized tables may depend on the
		// partition: a child engine shares none with its parent.
		shared: newShared(),
		apply:  o.rt.apply,
	}
	r := &subResult{batch: rows, sch: o.n.Input.Schema()}
	r.once.Do(func() {})
	child.subs[partitionRowsKey] = r
	op, err := child.compile(o.n.Sub)
	if err != nil {
		return nil, 0, err
	}
	bs, held, err := child.drain(op, "collecting partition results")
	if err != nil {
		return nil, 0, err
	}
	for _, b := range bs {
		if len(b.Cols) != len(ts) {
			o.rt.mem.shrink(held)
			return nil, 0, fmt.Errorf("internal error: partition sub-query produced %d columns, expected %d", len(b.Cols), len(ts))
		}
		for k, v := range b.Cols {
			if b.Cols[k], err = asType(v, ts[k]); err != nil {
				o.rt.mem.shrink(held)
				return nil, 0, err
			}
		}
	}
	return bs, held, nil
}

func (rt *engine) compilePartitionRows(n *plan.PartitionRows) (operator, error) {
	rt.mu.Lock()
	r, ok := rt.subs[partitionRowsKey]
	rt.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("internal error: the rows of a partition are read outside of it")
	}
	var bs []*column.Batch
	if r.batch.N > 0 {
		bs = []*column.Batch{r.batch}
	}
	return &sliceOp{sch: n.Out, batches: bs}, nil
}
