package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// scanStepsOp is the scan operator, run as the documented state machine. Each
// step k has a state: empty, or an active sequence holding one row per
// step 0..k (W values each) and the sequence's match id. Every input row
// is checked against the steps from last to first:
//
//   - check 1 (k > 0): when the state of step k-1 is active and the row
//     meets step k's condition over it, that sequence moves to step k
//     (replacing what was there) with the row, extended by the step's
//     assignments, as its step-k row; step k-1 becomes empty.
//   - otherwise check 2: when step k's state is active, or k is the first
//     step, and the row meets the condition over step k's state, the
//     extended row replaces step k's row of that state; on the first
//     step it starts a new sequence with the next match id when the
//     state was empty, and keeps the sequence's id otherwise.
//
// A matching row is output (with output=all) at each step it matches.
// Steps of an empty state read as nulls, declared columns as their
// defaults. Conditions and assignments run on one-row batches: scan is
// sequential by nature, and this keeps every function's semantics.
//
// Not supported (an error rather than a guess): output=last, optional
// steps, and reading a declared column of the current row without a
// step name, whose value the documentation leaves open.
type scanStepsOp struct {
	rt  *engine
	n   *plan.ScanSteps
	in  operator
	res operator

	w, nin  int
	conds   []evalFn
	assigns [][]evalFn
	empty   []*column.Vector // one step's row of an empty state
	defs    []*column.Vector // the declared defaults, one row each
	nextID  int64
	out     [][]*column.Vector // output rows: W values each
	outIDs  []int64
}

type scanStepsSeq struct {
	rows [][]*column.Vector // per step 0..k: W one-row vectors
	id   int64
}

func (rt *engine) compileScanSteps(n *plan.ScanSteps) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	o := &scanStepsOp{rt: rt, n: n, in: in, nin: len(in.schema())}
	o.w = o.nin + len(n.Declared)
	if len(n.Defaults) != len(n.Declared) {
		return nil, fmt.Errorf("internal error: scan has %d defaults for %d declared columns", len(n.Defaults), len(n.Declared))
	}
	for _, s := range n.Steps {
		switch {
		case s.Optional:
			return nil, fmt.Errorf("scan: optional steps (step '%s') are not supported yet", s.Name)
		case s.Output == "last":
			return nil, fmt.Errorf("scan: output=last (step '%s') is not supported yet; use output=all or output=none", s.Name)
		case s.Output != "all" && s.Output != "none":
			return nil, fmt.Errorf("internal error: scan step output '%s'", s.Output)
		}
		exprs := []plan.Expr{s.Cond}
		for _, a := range s.Assigns {
			if a.Col < 0 || a.Col >= len(n.Declared) {
				return nil, fmt.Errorf("internal error: scan assignment out of range")
			}
			exprs = append(exprs, a.X)
		}
		for _, x := range exprs {
			if readsCols(x, o.nin, o.w) {
				return nil, fmt.Errorf("scan: step '%s' reads a declared column without a step name; write StepName.Column (reading the current row's declared columns is not supported yet)", s.Name)
			}
		}
		c, err := rt.compileExpr(s.Cond)
		if err != nil {
			return nil, err
		}
		o.conds = append(o.conds, c)
		var as []evalFn
		for _, a := range s.Assigns {
			f, err := rt.compileExpr(a.X)
			if err != nil {
				return nil, err
			}
			as = append(as, f)
		}
		o.assigns = append(o.assigns, as)
	}
	ins := in.schema()
	for _, c := range ins {
		o.empty = append(o.empty, column.Null(c.Type, 1))
	}
	for i, d := range n.Defaults {
		v, err := constVector(n.Declared[i].Type, d.Value)
		if err != nil {
			return nil, err
		}
		if v, err = asType(v, n.Declared[i].Type); err != nil {
			return nil, err
		}
		o.defs = append(o.defs, v)
		o.empty = append(o.empty, v)
	}
	return o, nil
}

// readsCols reports whether x reads a column in [lo, hi).
func readsCols(x plan.Expr, lo, hi int) bool {
	switch e := x.(type) {
	case *plan.ColRef:
		return e.Index >= lo && e.Index < hi
	case *plan.Call:
		for _, a := range e.Args {
			if readsCols(a, lo, hi) {
				return true
			}
		}
	case *plan.Convert:
		return readsCols(e.X, lo, hi)
	}
	return false
}

func (o *scanStepsOp) schema() types.Schema { return o.n.Out }

func (o *scanStepsOp) next() (*column.Batch, error) {
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

func (o *scanStepsOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "running scan")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	order, err := o.order(all)
	if err != nil {
		return nil, err
	}
	for _, part := range order {
		states := make([]*scanStepsSeq, len(o.n.Steps))
		for k, i := range part {
			if k%1024 == 0 {
				if err := o.rt.checkCtx(); err != nil {
					return nil, err
				}
			}
			if err := o.row(all, int(i), states); err != nil {
				return nil, err
			}
		}
	}
	return o.output()
}

// order gives the rows of each partition (in order of first appearance)
// in scan order: by OrderBy when set, else input order.
func (o *scanStepsOp) order(all *column.Batch) ([][]int32, error) {
	perm := make([]int32, all.N)
	for i := range perm {
		perm[i] = int32(i)
	}
	if len(o.n.OrderBy) > 0 {
		keys, err := o.rt.compileSortKeys(o.n.OrderBy)
		if err != nil {
			return nil, err
		}
		vs, err := evalAll(keys, all)
		if err != nil {
			return nil, err
		}
		perm = sortedPerm(vs, sortSpecs(o.n.OrderBy), all.N)
	}
	if len(o.n.PartitionBy) == 0 {
		return [][]int32{perm}, nil
	}
	fs, err := o.rt.compileExprs(o.n.PartitionBy)
	if err != nil {
		return nil, err
	}
	keys, err := evalAll(fs, all)
	if err != nil {
		return nil, err
	}
	ts := make([]types.Type, len(keys))
	for i, k := range keys {
		ts[i] = k.Type
	}
	table := newHashTable(ts)
	groups := table.assign(keys, all.N, nil)
	first := make([]int32, table.groups()) // group -> its rank by first row
	for i := range first {
		first[i] = -1
	}
	var parts [][]int32
	for i := 0; i < all.N; i++ {
		if g := groups[i]; first[g] < 0 {
			first[g] = int32(len(parts))
			parts = append(parts, nil)
		}
	}
	for _, i := range perm {
		p := first[groups[i]]
		parts[p] = append(parts[p], i)
	}
	return parts, nil
}

// row runs input row i through the steps, last to first.
func (o *scanStepsOp) row(all *column.Batch, i int, states []*scanStepsSeq) error {
	cur := make([]*column.Vector, 0, o.w)
	for c := 0; c < o.nin; c++ {
		cur = append(cur, column.Slice(all.Cols[c], i, i+1))
	}
	cur = append(cur, o.defs...)
	for k := len(o.n.Steps) - 1; k >= 0; k-- {
		if k > 0 && states[k-1] != nil {
			prev := states[k-1]
			ext, ok, err := o.match(k, cur, prev)
			if err != nil {
				return err
			}
			if ok {
				rows := append(append([][]*column.Vector(nil), prev.rows...), ext)
				states[k] = &scanStepsSeq{rows: rows, id: prev.id}
				states[k-1] = nil
				o.emit(k, ext, prev.id)
				continue
			}
		}
		if states[k] == nil && k > 0 {
			continue
		}
		ext, ok, err := o.match(k, cur, states[k])
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if k == 0 {
			// A row matching the first step's active state stays in its
			// match; only an empty first step starts a new match id.
			id := o.nextID
			if states[0] != nil {
				id = states[0].id
			} else {
				o.nextID++
			}
			states[0] = &scanStepsSeq{rows: [][]*column.Vector{ext}, id: id}
		} else {
			rows := append([][]*column.Vector(nil), states[k].rows...)
			rows[k] = ext
			states[k] = &scanStepsSeq{rows: rows, id: states[k].id}
		}
		o.emit(k, ext, states[k].id)
	}
	return nil
}

// match evaluates step k's condition over the current row and state st
// (nil: empty); on a match it returns the row extended by the step's
// assignments.
func (o *scanStepsOp) match(k int, cur []*column.Vector, st *scanStepsSeq) ([]*column.Vector, bool, error) {
	scope := make([]*column.Vector, 0, o.w*(len(o.n.Steps)+1))
	scope = append(scope, cur...)
	for j := range o.n.Steps {
		if st != nil && j < len(st.rows) {
			scope = append(scope, st.rows[j]...)
		} else {
			scope = append(scope, o.empty...)
		}
	}
	b := &column.Batch{Cols: scope, N: 1}
	c, err := o.conds[k](b)
	if err != nil {
		return nil, false, err
	}
	if c.IsNull(0) || !c.Bool(0) {
		return nil, false, nil
	}
	ext := append([]*column.Vector(nil), cur...)
	for a, f := range o.assigns[k] {
		v, err := f(b)
		if err != nil {
			return nil, false, err
		}
		col := o.n.Steps[k].Assigns[a].Col
		if v, err = asType(v, o.n.Declared[col].Type); err != nil {
			return nil, false, err
		}
		ext[o.nin+col] = v
	}
	return ext, true, nil
}

func (o *scanStepsOp) emit(k int, ext []*column.Vector, id int64) {
	if o.n.Steps[k].Output == "none" {
		return
	}
	o.out = append(o.out, ext)
	o.outIDs = append(o.outIDs, id)
}

func (o *scanStepsOp) output() (*column.Batch, error) {
	cols := make([]*column.Vector, 0, len(o.n.Out))
	for c := 0; c < o.w; c++ {
		b := column.NewBuilder(o.n.Out[c].Type, len(o.out))
		for _, r := range o.out {
			v, err := asType(r[c], o.n.Out[c].Type)
			if err != nil {
				return nil, err
			}
			b.AppendFrom(v, 0)
		}
		cols = append(cols, b.Build())
	}
	if o.n.MatchID != "" {
		cols = append(cols, column.FromInts(types.Long, append([]int64(nil), o.outIDs...), nil))
	}
	if len(cols) != len(o.n.Out) {
		return nil, fmt.Errorf("internal error: scan produced %d columns, expected %d", len(cols), len(o.n.Out))
	}
	return &column.Batch{Cols: cols, N: len(o.out)}, nil
}
