package exec

import (
	"fmt"
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// unionOp concatenates its parts in order, mapping each part's columns to
// the output (missing columns are null, or empty strings).
type unionOp struct {
	n     *plan.Union
	parts []operator
	cur   int
}

func (rt *engine) compileUnion(n *plan.Union) (operator, error) {
	if len(n.Maps) != len(n.Parts) {
		return nil, fmt.Errorf("internal error: union has %d column maps for %d parts", len(n.Maps), len(n.Parts))
	}
	if n.SourceCol >= 0 && len(n.SourceNames) != len(n.Parts) {
		return nil, fmt.Errorf("internal error: union withsource needs one name per part")
	}
	o := &unionOp{n: n}
	for i, p := range n.Parts {
		op, err := rt.compile(p)
		if err != nil {
			return nil, err
		}
		if len(n.Maps[i]) != len(n.Out) {
			return nil, fmt.Errorf("internal error: union part %d maps %d columns, expected %d", i, len(n.Maps[i]), len(n.Out))
		}
		o.parts = append(o.parts, op)
	}
	return o, nil
}

func (o *unionOp) schema() types.Schema { return o.n.Out }

func (o *unionOp) next() (*column.Batch, error) {
	for o.cur < len(o.parts) {
		b, err := o.parts[o.cur].next()
		if err == io.EOF {
			o.cur++
			continue
		}
		if err != nil {
			return nil, err
		}
		return o.mapBatch(o.cur, b)
	}
	return nil, io.EOF
}

func (o *unionOp) mapBatch(part int, b *column.Batch) (*column.Batch, error) {
	m := o.n.Maps[part]
	cols := make([]*column.Vector, len(o.n.Out))
	for c, col := range o.n.Out {
		switch {
		case c == o.n.SourceCol:
			cols[c] = column.Const(col.Type, o.n.SourceNames[part], b.N)
		case m[c] < 0:
			cols[c] = column.Null(col.Type, b.N)
		default:
			if m[c] >= len(b.Cols) {
				return nil, fmt.Errorf("internal error: union part %d has no column %d", part, m[c])
			}
			v, err := asType(b.Cols[m[c]], col.Type)
			if err != nil {
				return nil, fmt.Errorf("union column '%s': %v", col.Name, err)
			}
			cols[c] = v
		}
	}
	return &column.Batch{Cols: cols, N: b.N}, nil
}
