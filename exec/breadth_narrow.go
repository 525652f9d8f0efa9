package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// narrowOp is evaluate narrow(): each input row becomes one row per
// column (Row, Column, Value). It streams: rows are numbered across batches.
type narrowOp struct {
	n   *plan.Narrow
	in  operator
	row int64
}

func (rt *engine) compileNarrow(n *plan.Narrow) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &narrowOp{n: n, in: in}, nil
}

func (o *narrowOp) schema() types.Schema { return o.n.Out }

func (o *narrowOp) next() (*column.Batch, error) {
	for {
		b, err := o.in.next()
		if err != nil {
			return nil, err
		}
		if b.N == 0 || len(b.Cols) == 0 {
			o.row += int64(b.N)
			continue
		}
		return o.narrow(b)
	}
}

func (o *narrowOp) narrow(b *column.Batch) (*column.Batch, error) {
	sch := o.in.schema()
	nc := len(b.Cols)
	n := b.N * nc
	rows := make([]int64, n)
	dict := make([]string, nc)
	for c := range dict {
		dict[c] = sch[c].Name
	}
	codes := make([]uint32, n)
	// Cells are written as tostring() writes them (nulls as "").
	texts := make([]*column.Vector, nc)
	for c, v := range b.Cols {
		t, err := convertVector(v, types.String)
		if err != nil {
			return nil, err
		}
		texts[c] = t
	}
	vals := column.NewStrings(n, 0)
	for i := 0; i < b.N; i++ {
		for c, v := range texts {
			rows[i*nc+c] = o.row + int64(i)
			codes[i*nc+c] = uint32(c)
			if v.IsNull(i) {
				vals.Append("")
			} else {
				vals.Append(v.Str(i))
			}
		}
	}
	o.row += int64(b.N)
	return &column.Batch{N: n, Cols: []*column.Vector{
		column.FromInts(types.Long, rows, nil),
		column.FromStrings(types.String, &column.Strings{Dict: column.StringsOf(dict...), Codes: codes}),
		column.FromStrings(types.String, vals),
	}}, nil
}
