package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// pivotOp is evaluate pivot(Col, Agg, Keys...): one row per distinct key
// combination, one column per distinct value of Col (named by its text,
// in order of first appearance) holding Agg over the rows with that key
// and value. Cells without rows hold Agg over no rows (0 for count and
// sum, as the documented examples show).
type pivotOp struct {
	rt  *engine
	n   *plan.Pivot
	in  operator
	sch types.Schema
	res operator
}

func (rt *engine) compilePivot(n *plan.Pivot) (operator, error) {
	if n.Agg.Bound == nil || n.Agg.Bound.NewAgg == nil {
		return nil, fmt.Errorf("pivot: the aggregate has no implementation")
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	ins := in.schema()
	if n.Col < 0 || n.Col >= len(ins) {
		return nil, fmt.Errorf("internal error: pivot column out of range")
	}
	for _, k := range n.Keys {
		if k < 0 || k >= len(ins) {
			return nil, fmt.Errorf("internal error: pivot key out of range")
		}
	}
	return &pivotOp{rt: rt, n: n, in: in, sch: n.Out}, nil
}

func (o *pivotOp) schema() types.Schema { return o.sch }

func (o *pivotOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if b.N > 0 {
			bs = []*column.Batch{b}
		}
		o.res = &sliceOp{sch: o.sch, batches: bs}
	}
	return o.res.next()
}

func (o *pivotOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "pivoting")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	ins := o.in.schema()
	keys := make([]*column.Vector, len(o.n.Keys))
	kt := make([]types.Type, len(o.n.Keys))
	for i, k := range o.n.Keys {
		keys[i], kt[i] = all.Cols[k], ins[k].Type
	}
	kTable := newHashTable(kt)
	kg := kTable.assign(keys, all.N, nil)
	pv := all.Cols[o.n.Col]
	pTable := newHashTable([]types.Type{pv.Type})
	pg := pTable.assign([]*column.Vector{pv}, all.N, nil)
	nk, np := kTable.groups(), pTable.groups()
	cells := nk * np
	if err := o.rt.mem.grow(int64(cells)*16, "pivoting"); err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(int64(cells) * 16)
	cellOf := make([]uint32, all.N)
	for i := range cellOf {
		cellOf[i] = kg[i]*uint32(np) + pg[i]
	}
	argFs, err := o.rt.compileExprs(o.n.Agg.Args)
	if err != nil {
		return nil, err
	}
	args, err := evalAll(argFs, all)
	if err != nil {
		return nil, err
	}
	agg := o.n.Agg.Bound.NewAgg()
	if err := agg.Update(cellOf, args); err != nil {
		return nil, err
	}
	// One more group that no row reaches gives the empty-cell value.
	vs, err := agg.Result(cells + 1)
	if err != nil {
		return nil, err
	}
	if len(vs) != 1 {
		return nil, fmt.Errorf("pivot: the aggregate must give one column")
	}
	res := vs[0]
	sch := append(types.Schema(nil), o.n.Out...)
	var cols []*column.Vector
	for i, k := range kTable.keyVectors() {
		v, err := asType(k, sch[i].Type)
		if err != nil {
			return nil, err
		}
		cols = append(cols, v)
	}
	if len(cols) != len(sch) {
		return nil, fmt.Errorf("internal error: pivot keys do not match its output schema")
	}
	names := pTable.keyVectors()[0]
	taken := map[string]bool{}
	for _, c := range sch {
		taken[c.Name] = true
	}
	present := make([]bool, cells+1)
	for _, c := range cellOf {
		present[c] = true
	}
	for p := 0; p < np; p++ {
		name := value.ToString(names.Value(p))
		if taken[name] {
			return nil, fmt.Errorf("pivot: the value '%s' would create column '%s', which already exists", name, name)
		}
		taken[name] = true
		// Cells without rows read the group that no row reached.
		idx := make([]int32, nk)
		for k := range idx {
			c := k*np + p
			if !present[c] {
				c = cells
			}
			idx[k] = int32(c)
		}
		sch = append(sch, types.Column{Name: name, Type: res.Type})
		cols = append(cols, column.Take(res, idx))
	}
	o.sch = sch
	return &column.Batch{Cols: cols, N: nk}, nil
}
