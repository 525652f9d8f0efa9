package exec

import (
	"context"
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
	return o.pivot(all)
}

// DiscoverPivotColumns runs n, bound without an output schema, and
// returns its output columns (the keys, then one per distinct pivot
// value) and the input rows it read, so that the caller can bind n with
// these columns and run it again without computing its input twice.
func DiscoverPivotColumns(ctx context.Context, n *plan.Pivot, src Source, opts Options) (types.Schema, *column.Batch, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rt := newEngine(ctx, src, opts)
	op, err := rt.compilePivot(n)
	if err != nil {
		return nil, nil, err
	}
	o := op.(*pivotOp)
	all, held, err := rt.drainConcat(o.in, "pivoting")
	if err != nil {
		return nil, nil, err
	}
	defer rt.mem.shrink(held)
	if _, err := o.pivot(all); err != nil {
		return nil, nil, err
	}
	return o.sch, all, nil
}

// pivot computes the output from all the input rows.
func (o *pivotOp) pivot(all *column.Batch) (*column.Batch, error) {
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
	sch := make(types.Schema, 0, len(o.n.Keys))
	for _, k := range o.n.Keys {
		sch = append(sch, ins[k])
	}
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
	if !pivotOpen(o.n, ins) {
		return pivotFixed(o.n.Out, sch, cols, nk)
	}
	o.sch = sch
	return &column.Batch{Cols: cols, N: nk}, nil
}

// pivotOpen reports whether n's pivoted columns are left to the data:
// its output schema then names only the key columns (the binder rejects
// a declared schema of exactly those, which would read the same).
// Otherwise n.Out is the declared or discovered output.
func pivotOpen(n *plan.Pivot, ins types.Schema) bool {
	if len(n.Out) != len(n.Keys) {
		return false
	}
	for i, k := range n.Keys {
		if n.Out[i] != ins[k] {
			return false
		}
	}
	return true
}

// pivotFixed gives exactly the columns out from the computed columns
// (sch, cols): found by name and converted to the declared type; a
// column that the data did not produce is null.
func pivotFixed(out, sch types.Schema, cols []*column.Vector, n int) (*column.Batch, error) {
	res := make([]*column.Vector, len(out))
	for i, c := range out {
		j := sch.Index(c.Name)
		if j < 0 {
			res[i] = column.Null(c.Type, n)
			continue
		}
		v, err := asType(cols[j], c.Type)
		if err != nil {
			return nil, fmt.Errorf("pivot: column '%s' cannot be given as %s: %v", c.Name, c.Type, err)
		}
		res[i] = v
	}
	return &column.Batch{Cols: res, N: n}, nil
}
