package exec

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// mvExpandOp turns each element of dynamic arrays (or property bags) into
// a row. Per the docs: a null value gives one row holding null, an empty
// array or bag gives no row, several columns expand in parallel (the
// shorter padded with nulls), and `to typeof(T)` is a cast: elements that
// are not of type T become null.
type mvExpandOp struct {
	in     operator
	n      *plan.MvExpand
	isExp  []int // per input column: index into n.Cols, or -1
	bagArr bool
	queue  sliceOp
	elems  [][]any
	rep    []int32
}

func (rt *engine) compileMvExpand(n *plan.MvExpand) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return rt.newMvExpand(in, n)
}

func (rt *engine) newMvExpand(in operator, n *plan.MvExpand) (operator, error) {
	ins := in.schema()
	o := &mvExpandOp{in: in, n: n, isExp: make([]int, len(ins))}
	for i := range o.isExp {
		o.isExp[i] = -1
	}
	for k, c := range n.Cols {
		if c.Index < 0 || c.Index >= len(ins) {
			return nil, fmt.Errorf("internal error: mv-expand column %d out of range", c.Index)
		}
		o.isExp[c.Index] = k
	}
	want := len(ins)
	if n.ItemIndex != "" {
		want++
	}
	if len(n.Out) != want {
		return nil, fmt.Errorf("internal error: mv-expand output has %d columns, expected %d", len(n.Out), want)
	}
	switch n.BagExpansion {
	case "", "bag":
	case "array":
		o.bagArr = true
	default:
		return nil, fmt.Errorf("mv-expand: unknown bag expansion kind '%s' (expected bag or array)", n.BagExpansion)
	}
	return o, nil
}

func (o *mvExpandOp) schema() types.Schema { return o.n.Out }

func (o *mvExpandOp) next() (*column.Batch, error) {
	for {
		if b, err := o.queue.next(); err == nil {
			return b, nil
		}
		b, err := o.in.next()
		if err != nil {
			return nil, err
		}
		out, _, err := o.expand(b)
		if err != nil {
			return nil, err
		}
		if out.N == 0 {
			continue
		}
		o.queue = sliceOp{batches: []*column.Batch{out}}
	}
}

// elements lists what one value expands to.
func (o *mvExpandOp) elements(x any, dst []any) ([]any, int) {
	switch y := x.(type) {
	case nil:
		return append(dst, nil), 1
	case []any:
		return append(dst, y...), len(y)
	case *value.Bag:
		for i, k := range y.Keys {
			if o.bagArr {
				dst = append(dst, []any{k, y.Values[i]})
			} else {
				nb := value.NewBag(1)
				nb.Set(k, y.Values[i])
				dst = append(dst, nb)
			}
		}
		return dst, len(y.Keys)
	}
	return append(dst, x), 1
}

// expand expands one batch; rows[i] is the number of output rows input
// row i produced (they are consecutive, in input order).
func (o *mvExpandOp) expand(b *column.Batch) (*column.Batch, []int32, error) {
	nc := len(o.n.Cols)
	srcs := make([]*column.Vector, nc)
	for k, c := range o.n.Cols {
		srcs[k] = b.Cols[c.Index]
	}
	// Gather each expanded column's elements row by row; starts[k][i] is
	// where row i's elements begin in elems[k].
	if len(o.elems) < nc {
		o.elems = make([][]any, nc)
	}
	starts := make([][]int32, nc)
	lens := make([][]int32, nc)
	rows := make([]int32, b.N)
	for k, v := range srcs {
		el := o.elems[k][:0]
		st := make([]int32, b.N)
		ln := make([]int32, b.N)
		for i := 0; i < b.N; i++ {
			st[i] = int32(len(el))
			var c int
			el, c = o.elements(v.Value(i), el)
			ln[i] = int32(c)
			if int32(c) > rows[i] {
				rows[i] = int32(c)
			}
		}
		o.elems[k] = el
		starts[k], lens[k] = st, ln
	}
	total := 0
	for i := range rows {
		if o.n.Limit > 0 && int64(rows[i]) > o.n.Limit {
			rows[i] = int32(o.n.Limit)
		}
		total += int(rows[i])
	}
	rep := o.rep[:0]
	for i, r := range rows {
		for j := int32(0); j < r; j++ {
			rep = append(rep, int32(i))
		}
	}
	o.rep = rep
	cols := make([]*column.Vector, len(o.n.Out))
	for c := range b.Cols {
		if o.isExp[c] >= 0 {
			continue
		}
		cols[c] = column.Take(b.Cols[c], rep)
	}
	for k, mc := range o.n.Cols {
		t := o.n.Out[mc.Index].Type
		bl := column.NewBuilder(t, total)
		el, st, ln := o.elems[k], starts[k], lens[k]
		for i, r := range rows {
			for j := int32(0); j < r; j++ {
				if j >= ln[i] {
					bl.AppendNull()
					continue
				}
				x, ok := castElement(el[st[i]+j], t)
				if !ok {
					bl.AppendNull()
					continue
				}
				bl.AppendValue(x)
			}
		}
		cols[mc.Index] = bl.Build()
	}
	if o.n.ItemIndex != "" {
		idx := make([]int64, 0, total)
		for _, r := range rows {
			for j := int32(0); j < r; j++ {
				idx = append(idx, int64(j))
			}
		}
		cols[len(cols)-1] = column.FromInts(types.Long, idx, nil)
	}
	return &column.Batch{Cols: cols, N: total}, rows, nil
}

// castElement applies `to typeof(T)`: a cast, not a parse, except that
// text in a dynamic value stands for datetimes, timespans and guids
// (JSON has no literal for them).
func castElement(x any, t types.Type) (any, bool) {
	if x == nil {
		return nil, false
	}
	switch t {
	case types.Dynamic:
		return x, true
	case types.Bool:
		b, ok := x.(bool)
		return b, ok
	case types.Int:
		switch y := x.(type) {
		case int32:
			return y, true
		case int64:
			if y >= math.MinInt32 && y <= math.MaxInt32 {
				return int32(y), true
			}
		}
	case types.Long:
		switch y := x.(type) {
		case int32:
			return int64(y), true
		case int64:
			return y, true
		}
	case types.Decimal:
		d, ok := value.DecOf(x)
		return d, ok
	case types.Real:
		switch y := x.(type) {
		case int32:
			return float64(y), true
		case int64:
			return float64(y), true
		case float64:
			return y, true
		case value.Decimal:
			v, ok := convertValue(y, types.Real)
			return v, ok
		}
	case types.String:
		s, ok := x.(string)
		return s, ok
	case types.DateTime:
		switch y := x.(type) {
		case value.DateTime:
			return y, true
		case string:
			v, ok := convertValue(y, types.DateTime)
			return v, ok
		}
	case types.TimeSpan:
		switch y := x.(type) {
		case value.TimeSpan:
			return y, true
		case string:
			v, ok := convertValue(y, types.TimeSpan)
			return v, ok
		}
	case types.Guid:
		switch y := x.(type) {
		case value.GUID:
			return y, true
		case string:
			v, ok := convertValue(y, types.Guid)
			return v, ok
		}
	}
	return nil, false
}
