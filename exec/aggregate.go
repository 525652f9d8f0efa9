package exec

import (
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// aggOp is hash aggregation (summarize). Workers each aggregate a share
// of the input batches into their own hash table and aggregators; the
// partial states are then merged with Aggregator.Merge. Groups come out
// in order of first appearance in the input, whatever the worker count.
type aggOp struct {
	rt  *engine
	n   *plan.Aggregate
	res operator
}

func (rt *engine) compileAggregate(n *plan.Aggregate) (operator, error) {
	for i, a := range n.Aggs {
		if a.Bound == nil || a.Bound.NewAgg == nil {
			name := "?"
			if a.Fn != nil {
				name = a.Fn.Name
			}
			return nil, fmt.Errorf("summarize: aggregate %d ('%s') has no implementation", i+1, name)
		}
	}
	return &aggOp{rt: rt, n: n}, nil
}

func (o *aggOp) schema() types.Schema { return o.n.Out }

func (o *aggOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		o.res = &sliceOp{sch: o.n.Out, batches: []*column.Batch{b}}
	}
	return o.res.next()
}

// aggWorker is one worker's partial aggregation state.
type aggWorker struct {
	in     operator
	tap    *sourceTap
	keys   []evalFn
	args   [][]evalFn
	table  *hashTable
	aggs   []functions.Aggregator
	sizes  []*aggMem
	first  []uint64 // per group: input position of its first row
	groups []uint32
	seq    uint64
	off    uint64
	mem    int64
	rows   int
}

func (o *aggOp) newWorker(in operator, tap *sourceTap) (*aggWorker, error) {
	rt := o.rt
	w := &aggWorker{in: in, tap: tap}
	var err error
	if w.keys, err = rt.compileExprs(o.n.Keys); err != nil {
		return nil, err
	}
	kt := make([]types.Type, len(o.n.Keys))
	for i, k := range o.n.Keys {
		kt[i] = k.Type()
	}
	w.table = newHashTable(kt)
	for _, a := range o.n.Aggs {
		args, err := rt.compileExprs(a.Args)
		if err != nil {
			return nil, err
		}
		w.args = append(w.args, args)
		w.aggs = append(w.aggs, a.Bound.NewAgg())
		w.sizes = append(w.sizes, newAggMem(a))
	}
	return w, nil
}

func (o *aggOp) run() (*column.Batch, error) {
	workers := o.rt.workers
	var ws []*aggWorker
	if workers > 1 {
		ps, err := o.rt.compileParallel(o.n.Input, workers)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			w, err := o.newWorker(p.op, p.tap)
			if err != nil {
				return nil, err
			}
			ws = append(ws, w)
		}
	} else {
		in, err := o.rt.compile(o.n.Input)
		if err != nil {
			return nil, err
		}
		w, err := o.newWorker(in, nil)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	errs := make([]error, len(ws))
	// Small inputs are aggregated by one worker: the result is then the
	// same as a serial run even for aggregates whose result depends on
	// row order (make_list, take_any), and no goroutine is spent.
	done, err := o.consumeSome(ws[0], serialBatches)
	if err != nil {
		return nil, err
	}
	// Partial aggregates only pay off when groups are few next to rows:
	// with nearly one group per row every worker would rebuild (and the
	// merge re-insert) almost the whole table.
	if done || ws[0].table.groups()*highCardinality > ws[0].rows {
		ws = ws[:1]
	}
	switch {
	case done:
	case len(ws) == 1:
		errs[0] = o.consume(ws[0])
	default:
		var wg sync.WaitGroup
		for i, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					// A bug must fail the query, not the process: the
					// engine recovers only its own goroutine.
					if r := recover(); r != nil {
						errs[i] = fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack())
						if w.tap != nil {
							w.tap.s.fail(errs[i])
						}
					}
				}()
				errs[i] = o.consume(w)
			}()
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	defer func() {
		for _, w := range ws {
			o.rt.mem.shrink(w.mem)
		}
	}()
	main := ws[0]
	for _, w := range ws[1:] {
		if err := o.merge(main, w); err != nil {
			return nil, err
		}
	}
	return o.output(main, len(ws) > 1)
}

// serialBatches is how many input batches one worker aggregates before
// the others join in.
var serialBatches = 16

// highCardinality: with more than one group per this many rows after
// the serial start, the aggregation stays on one worker.
const highCardinality = 4

// consume aggregates a worker's input to its end.
func (o *aggOp) consume(w *aggWorker) error {
	_, err := o.consumeSome(w, -1)
	if err != nil && w.tap != nil {
		w.tap.s.fail(err)
	}
	return err
}

// consumeSome aggregates up to max batches (all when max < 0) and reports
// whether the input is exhausted.
func (o *aggOp) consumeSome(w *aggWorker, max int) (bool, error) {
	for i := 0; max < 0 || i < max; i++ {
		b, err := w.in.next()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if err := o.rt.checkCtx(); err != nil {
			return false, err
		}
		if err := o.update(w, b); err != nil {
			return false, err
		}
	}
	return false, nil
}

func (o *aggOp) update(w *aggWorker, b *column.Batch) error {
	keys, err := evalAll(w.keys, b)
	if err != nil {
		return err
	}
	for i, k := range keys {
		if k, err = asType(k, w.table.types[i]); err != nil {
			return err
		}
		keys[i] = k
	}
	before := w.table.groups()
	w.rows += b.N
	w.groups = w.table.assign(keys, b.N, w.groups)
	o.trackFirst(w, before)
	for i, agg := range w.aggs {
		args, err := evalAll(w.args[i], b)
		if err != nil {
			return err
		}
		if err := agg.Update(w.groups, args); err != nil {
			return err
		}
		w.sizes[i].update(w.groups, args)
	}
	size := w.table.bytes()
	for i, agg := range w.aggs {
		size += w.sizes[i].bytes(agg, w.table.groups())
	}
	if err := o.rt.mem.grow(size-w.mem, "grouping rows for summarize"); err != nil {
		return err
	}
	w.mem = size
	return nil
}

// trackFirst records where each new group first appeared; new groups are
// numbered in row order, so one pass over the batch finds them.
func (o *aggOp) trackFirst(w *aggWorker, before int) {
	if w.tap == nil {
		return
	}
	if w.tap.lastSeq != w.seq || len(w.first) == 0 && w.off == 0 {
		w.seq = w.tap.lastSeq
		w.off = 0
	}
	if w.table.groups() > before {
		for i, g := range w.groups {
			if int(g) == len(w.first) {
				w.first = append(w.first, w.seq<<32|(w.off+uint64(i)))
			}
		}
	}
	w.off += uint64(len(w.groups))
}

// merge folds worker w into main.
func (o *aggOp) merge(main, w *aggWorker) error {
	ng := w.table.groups()
	if ng == 0 {
		return nil
	}
	keys := w.table.keyVectors()
	before := main.table.groups()
	var mapping []uint32
	if len(keys) == 0 {
		main.table.assign(nil, 1, nil)
		mapping = []uint32{0}
	} else {
		mapping = main.table.assign(keys, ng, nil)
	}
	for g, m := range mapping {
		pos := w.first[g]
		if int(m) >= before && int(m) == len(main.first) {
			main.first = append(main.first, pos)
		} else if pos < main.first[m] {
			main.first[m] = pos
		}
	}
	for i, agg := range main.aggs {
		if err := agg.Merge(w.aggs[i], mapping); err != nil {
			return err
		}
	}
	return nil
}

func (o *aggOp) output(w *aggWorker, reorder bool) (*column.Batch, error) {
	ng := w.table.groups()
	if ng == 0 && len(o.n.Keys) == 0 {
		// summarize without keys yields one row even over no input
		// (count() is 0); with keys, no input means no rows.
		ng = 1
	}
	cols := w.table.keyVectors()
	if len(o.n.Keys) == 0 {
		cols = nil
	}
	for i, agg := range w.aggs {
		vs, err := agg.Result(ng)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Len() != ng {
				return nil, fmt.Errorf("internal error: aggregate '%s' returned %d rows for %d groups", o.n.Aggs[i].Fn.Name, v.Len(), ng)
			}
		}
		cols = append(cols, vs...)
	}
	if len(cols) != len(o.n.Out) {
		return nil, fmt.Errorf("internal error: summarize produced %d columns, expected %d", len(cols), len(o.n.Out))
	}
	for i, c := range cols {
		v, err := asType(c, o.n.Out[i].Type)
		if err != nil {
			return nil, fmt.Errorf("summarize column '%s': %v", o.n.Out[i].Name, err)
		}
		cols[i] = v
	}
	if reorder && len(w.first) == w.table.groups() && ng > 1 {
		perm := make([]int32, ng)
		for i := range perm {
			perm[i] = int32(i)
		}
		sort.Slice(perm, func(a, b int) bool { return w.first[perm[a]] < w.first[perm[b]] })
		for i, c := range cols {
			cols[i] = column.Take(c, perm)
		}
	}
	return &column.Batch{Cols: cols, N: ng}, nil
}
