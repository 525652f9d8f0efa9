package exec

import (
	"fmt"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// topHittersOp is top-hitters. Kusto estimates the counts (and sums)
// with a sketch; this computes them exactly, which is the answer the
// sketch approximates and the one Kusto gives on small inputs. Values
// are ranked largest first, ties in order of first appearance.
type topHittersOp struct {
	rt  *engine
	n   *plan.TopHitters
	in  operator
	sum *functions.Bound
	res operator
}

func (rt *engine) compileTopHitters(n *plan.TopHitters) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	if n.Col < 0 || n.Col >= len(in.schema()) || len(n.Out) != 2 {
		return nil, fmt.Errorf("internal error: top-hitters column out of range")
	}
	o := &topHittersOp{rt: rt, n: n, in: in}
	if n.Sum != nil {
		f, ok := functions.Lookup("sum")
		if !ok {
			return nil, fmt.Errorf("top-hitters: the sum() aggregate is not available")
		}
		if o.sum, err = f.Bind([]functions.Arg{{Type: n.Sum.Type()}}); err != nil {
			return nil, fmt.Errorf("top-hitters: %v", err)
		}
		if o.sum.NewAgg == nil {
			return nil, fmt.Errorf("top-hitters: the sum() aggregate has no implementation")
		}
	}
	return o, nil
}

func (o *topHittersOp) schema() types.Schema { return o.n.Out }

func (o *topHittersOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if b.N > 0 {
			bs = []*column.Batch{b}
		}
		o.res = &sliceOp{sch: o.n.Out, batches: bs}
	}
	return o.res.next()
}

func (o *topHittersOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "computing top-hitters")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	key, err := asType(all.Cols[o.n.Col], o.n.Out[0].Type)
	if err != nil {
		return nil, err
	}
	table := newHashTable([]types.Type{key.Type})
	groups := table.assign([]*column.Vector{key}, all.N, nil)
	ng := table.groups()
	var weight *column.Vector
	if o.sum == nil {
		counts := make([]int64, ng)
		for _, g := range groups {
			counts[g]++
		}
		weight = column.FromInts(types.Long, counts, nil)
	} else {
		f, err := o.rt.compileExpr(o.n.Sum)
		if err != nil {
			return nil, err
		}
		x, err := f(all)
		if err != nil {
			return nil, err
		}
		agg := o.sum.NewAgg()
		if err := agg.Update(groups, []*column.Vector{x}); err != nil {
			return nil, err
		}
		vs, err := agg.Result(ng)
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 {
			return nil, fmt.Errorf("internal error: sum() gave %d columns", len(vs))
		}
		weight = vs[0]
	}
	if weight, err = asType(weight, o.n.Out[1].Type); err != nil {
		return nil, err
	}
	order := make([]int32, ng)
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := int(order[a]), int(order[b])
		ni, nj := weight.IsNull(i), weight.IsNull(j)
		if ni || nj {
			return !ni && nj
		}
		return column.CompareRows(weight, i, weight, j) > 0
	})
	if o.n.N >= 0 && int64(len(order)) > o.n.N {
		order = order[:o.n.N]
	}
	keys := table.keyVectors()[0]
	return &column.Batch{Cols: []*column.Vector{column.Take(keys, order), column.Take(weight, order)}, N: len(order)}, nil
}
