package exec

import (
	"fmt"
	"unsafe"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// filterOp keeps the rows where the predicate is true (null is false):
// it builds a selection vector and gathers, or passes the batch through
// untouched when every row qualifies.
type filterOp struct {
	in   operator
	pred evalFn
	sel  []int32
}

func (rt *engine) compileFilter(n *plan.Filter) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return rt.newFilter(in, n.Pred)
}

func (rt *engine) newFilter(in operator, pred plan.Expr) (operator, error) {
	if t := pred.Type(); t != types.Bool && t != types.Unknown {
		return nil, fmt.Errorf("where: the predicate is of type %s, expected bool", t)
	}
	p, err := rt.compileExpr(pred)
	if err != nil {
		return nil, err
	}
	return &filterOp{in: in, pred: p}, nil
}

func (o *filterOp) schema() types.Schema { return o.in.schema() }

func (o *filterOp) next() (*column.Batch, error) {
	for {
		b, err := o.in.next()
		if err != nil {
			return nil, err
		}
		m, err := o.pred(b)
		if err != nil {
			return nil, err
		}
		sel, all := selection(m, b.N, o.sel)
		o.sel = sel[:0]
		if all {
			return b, nil
		}
		if len(sel) == 0 {
			continue
		}
		return column.TakeBatch(b, sel), nil
	}
}

// selection lists the rows where m is true and not null; all reports
// that every row is selected (the list is then not built).
func selection(m *column.Vector, n int, buf []int32) ([]int32, bool) {
	if m.IsConst() {
		if !m.IsNull(0) && m.Bool(0) {
			return buf[:0], true
		}
		return buf[:0], false
	}
	sel := buf[:0]
	if cap(sel) < n {
		sel = make([]int32, 0, n)
	}
	bs := m.Bools[:n]
	if m.HasNulls() {
		nulls := m.Nulls()
		for i, x := range bs {
			if x && !nulls.Get(i) {
				sel = append(sel, int32(i))
			}
		}
	} else {
		// Branch-free: write every row number, advance only past the
		// selected ones (selectivity near one half defeats prediction).
		sel = sel[:n]
		k := 0
		for i, x := range bs {
			sel[k] = int32(i)
			k += int(*(*uint8)(unsafe.Pointer(&x)))
		}
		sel = sel[:k]
	}
	return sel, len(sel) == n
}
