package exec

import (
	"fmt"
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// scanOp reads a table through the Source.
type scanOp struct {
	rt  *engine
	n   *plan.Scan
	sch types.Schema
	r   BatchReader
}

func (rt *engine) compileScan(n *plan.Scan) (operator, error) {
	if rt.src == nil {
		return nil, fmt.Errorf("table '%s' cannot be read: no data source is configured", n.Table)
	}
	return &scanOp{rt: rt, n: n, sch: n.Schema()}, nil
}

func (o *scanOp) schema() types.Schema { return o.sch }

func (o *scanOp) next() (*column.Batch, error) {
	if err := o.rt.checkCtx(); err != nil {
		return nil, err
	}
	if o.r == nil {
		r, err := o.rt.src.Scan(o.rt.ctx, o.n)
		if err != nil {
			return nil, err
		}
		o.r = r
	}
	for {
		b, err := o.r.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			return nil, fmt.Errorf("internal error: reading table '%s' returned no batch", o.n.Table)
		}
		if b.N == 0 {
			continue
		}
		if len(b.Cols) != len(o.sch) {
			return nil, fmt.Errorf("reading table '%s': got %d columns, expected %d", o.n.Table, len(b.Cols), len(o.sch))
		}
		for i, c := range b.Cols {
			if c.Type != o.sch[i].Type {
				v, err := asType(c, o.sch[i].Type)
				if err != nil {
					return nil, fmt.Errorf("reading table '%s', column '%s': %v", o.n.Table, o.sch[i].Name, err)
				}
				b.Cols[i] = v
			}
		}
		return b, nil
	}
}

// newValuesOp builds a literal table's vectors once.
func newValuesOp(n *plan.Values) (operator, error) {
	var batches []*column.Batch
	for lo := 0; lo < len(n.Rows); lo += column.BatchSize {
		hi := lo + column.BatchSize
		if hi > len(n.Rows) {
			hi = len(n.Rows)
		}
		cols := make([]*column.Vector, len(n.Out))
		for c, col := range n.Out {
			b := column.NewBuilder(col.Type, hi-lo)
			for _, row := range n.Rows[lo:hi] {
				if c >= len(row) {
					return nil, fmt.Errorf("datatable: a row has %d values, expected %d", len(row), len(n.Out))
				}
				x, err := literalFor(row[c], col.Type)
				if err != nil {
					return nil, fmt.Errorf("datatable column '%s': %v", col.Name, err)
				}
				b.AppendValue(x)
			}
			cols[c] = b.Build()
		}
		batches = append(batches, &column.Batch{Cols: cols, N: hi - lo})
	}
	return &sliceOp{sch: n.Out, batches: batches}, nil
}

// literalFor adapts a boxed literal to the column type where the box
// differs (a long literal in a real column, decimal text).
func literalFor(x any, t types.Type) (any, error) {
	if x == nil {
		return nil, nil
	}
	switch t {
	case types.Real:
		switch y := x.(type) {
		case value.Decimal:
			v, ok := convertValue(y, types.Real)
			if !ok {
				return nil, fmt.Errorf("invalid decimal %q", string(y))
			}
			return v, nil
		}
	case types.Int, types.Long:
		if y, ok := x.(float64); ok {
			return int64(y), nil
		}
	case types.Dynamic:
		return x, nil
	}
	return x, nil
}

// rangeOp generates the range operator's single column.
type rangeOp struct {
	rt              *engine
	n               *plan.Range
	started, done   bool
	t               types.Type
	cur, end, step  int64
	fcur, fend, fst float64
}

func (rt *engine) compileRange(n *plan.Range) (operator, error) {
	if len(n.Out) != 1 {
		return nil, fmt.Errorf("internal error: range must produce one column")
	}
	return &rangeOp{rt: rt, n: n, t: n.Out[0].Type}, nil
}

func (o *rangeOp) schema() types.Schema { return o.n.Out }

func (o *rangeOp) scalar(e plan.Expr, what string) (*column.Vector, error) {
	f, err := o.rt.compileExpr(e)
	if err != nil {
		return nil, err
	}
	v, err := f(&column.Batch{N: 1})
	if err != nil {
		return nil, err
	}
	if v.IsNull(0) {
		return nil, fmt.Errorf("range: the %s value is null", what)
	}
	return v, nil
}

func (o *rangeOp) start() error {
	o.started = true
	from, err := o.scalar(o.n.From, "start")
	if err != nil {
		return err
	}
	to, err := o.scalar(o.n.To, "stop")
	if err != nil {
		return err
	}
	step, err := o.scalar(o.n.Step, "step")
	if err != nil {
		return err
	}
	if o.t == types.Decimal {
		return fmt.Errorf("range over decimal values is not supported yet: use long or real bounds")
	}
	if o.t == types.Real {
		vs := make([]float64, 3)
		for i, v := range []*column.Vector{from, to, step} {
			r, err := convertVector(v, types.Real)
			if err != nil {
				return fmt.Errorf("range: %v", err)
			}
			vs[i] = r.Real(0)
		}
		o.fcur, o.fend, o.fst = vs[0], vs[1], vs[2]
		if o.fst == 0 {
			return fmt.Errorf("range: the step must not be zero")
		}
		o.done = (o.fst > 0 && o.fcur > o.fend) || (o.fst < 0 && o.fcur < o.fend)
		return nil
	}
	get := func(v *column.Vector) (int64, error) {
		if v.Ints != nil {
			return v.Int(0), nil
		}
		r, err := convertVector(v, types.Long)
		if err != nil {
			return 0, fmt.Errorf("range: %v", err)
		}
		return r.Int(0), nil
	}
	if o.cur, err = get(from); err != nil {
		return err
	}
	if o.end, err = get(to); err != nil {
		return err
	}
	if o.step, err = get(step); err != nil {
		return err
	}
	if o.step == 0 {
		return fmt.Errorf("range: the step must not be zero")
	}
	o.done = (o.step > 0 && o.cur > o.end) || (o.step < 0 && o.cur < o.end)
	return nil
}

func (o *rangeOp) next() (*column.Batch, error) {
	if !o.started {
		if err := o.start(); err != nil {
			return nil, err
		}
	}
	if o.done {
		return nil, io.EOF
	}
	if err := o.rt.checkCtx(); err != nil {
		return nil, err
	}
	if o.t == types.Real || o.t == types.Decimal {
		out := make([]float64, 0, column.BatchSize)
		for len(out) < column.BatchSize {
			out = append(out, o.fcur)
			o.fcur += o.fst
			if (o.fst > 0 && o.fcur > o.fend) || (o.fst < 0 && o.fcur < o.fend) {
				o.done = true
				break
			}
		}
		return column.NewBatch(len(out), column.FromReals(o.t, out, nil)), nil
	}
	out := make([]int64, 0, column.BatchSize)
	for len(out) < column.BatchSize {
		out = append(out, o.cur)
		nx := o.cur + o.step
		// Stop at the bound, and on overflow.
		if (o.step > 0 && (nx > o.end || nx < o.cur)) || (o.step < 0 && (nx < o.end || nx > o.cur)) {
			o.done = true
			break
		}
		o.cur = nx
	}
	return column.NewBatch(len(out), column.FromInts(o.t, out, nil)), nil
}
