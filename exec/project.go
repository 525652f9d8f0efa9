package exec

import (
	"fmt"
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// projectOp computes one output column per expression, batch by batch.
type projectOp struct {
	in    operator
	exprs []evalFn
	out   types.Schema
}

func (rt *engine) compileProject(n *plan.Project) (operator, error) {
	if len(n.Exprs) != len(n.Out) {
		return nil, fmt.Errorf("internal error: project has %d expressions for %d columns", len(n.Exprs), len(n.Out))
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	exprs, err := rt.compileExprs(n.Exprs)
	if err != nil {
		return nil, err
	}
	if n.Window {
		return &windowOp{rt: rt, in: in, exprs: exprs, out: n.Out}, nil
	}
	return &projectOp{in: in, exprs: exprs, out: n.Out}, nil
}

func (o *projectOp) schema() types.Schema { return o.out }

func (o *projectOp) next() (*column.Batch, error) {
	b, err := o.in.next()
	if err != nil {
		return nil, err
	}
	return projectBatch(o.exprs, o.out, b)
}

func projectBatch(exprs []evalFn, out types.Schema, b *column.Batch) (*column.Batch, error) {
	cols := make([]*column.Vector, len(exprs))
	for i, f := range exprs {
		v, err := f(b)
		if err != nil {
			return nil, err
		}
		if v, err = asType(v, out[i].Type); err != nil {
			return nil, fmt.Errorf("column '%s': %v", out[i].Name, err)
		}
		cols[i] = v
	}
	return &column.Batch{Cols: cols, N: b.N}, nil
}

// windowOp evaluates expressions that call window functions (prev, next,
// row_number, row_cumsum) over the whole serialized input at once: such
// functions look across batch boundaries.
type windowOp struct {
	rt    *engine
	in    operator
	exprs []evalFn
	out   types.Schema
	res   operator
}

func (o *windowOp) schema() types.Schema { return o.out }

func (o *windowOp) next() (*column.Batch, error) {
	if o.res == nil {
		all, held, err := o.rt.drainConcat(o.in, "evaluating a window function over the whole input")
		if err != nil {
			return nil, err
		}
		if all.N == 0 {
			o.res = &sliceOp{sch: o.out}
			o.rt.mem.shrink(held)
			return nil, io.EOF
		}
		b, err := projectBatch(o.exprs, o.out, all)
		if err != nil {
			o.rt.mem.shrink(held)
			return nil, err
		}
		o.res = &sliceOp{sch: o.out, batches: []*column.Batch{b}, release: o.rt.releaser(held)}
	}
	return o.res.next()
}
