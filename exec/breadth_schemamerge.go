package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// schemaMergeOp is evaluate schema_merge([PreferLatest]) over rows in
// getschema's form: each column name once, in order of first appearance,
// numbered from 0, with its first type (its last with PreferLatest).
// DataType comes from the same input row as ColumnType, or from the type
// itself when the input has no DataType column.
type schemaMergeOp struct {
	rt  *engine
	n   *plan.SchemaMerge
	in  operator
	res operator
}

func (rt *engine) compileSchemaMerge(n *plan.SchemaMerge) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &schemaMergeOp{rt: rt, n: n, in: in}, nil
}

func (o *schemaMergeOp) schema() types.Schema { return o.n.Out }

func (o *schemaMergeOp) next() (*column.Batch, error) {
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

func (o *schemaMergeOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "merging schemas")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	ins := o.in.schema()
	nameCol, typeCol, dataCol := ins.Index("ColumnName"), ins.Index("ColumnType"), ins.Index("DataType")
	if nameCol < 0 || typeCol < 0 || ins[nameCol].Type != types.String || ins[typeCol].Type != types.String {
		return nil, fmt.Errorf("schema_merge needs its input in getschema's form (string columns ColumnName and ColumnType)")
	}
	if dataCol >= 0 && ins[dataCol].Type != types.String {
		dataCol = -1
	}
	names, typs := all.Cols[nameCol], all.Cols[typeCol]
	var order []string
	pick := map[string]int{} // name -> the input row giving its type
	for i := 0; i < all.N; i++ {
		name := names.Str(i)
		if _, seen := pick[name]; !seen {
			order = append(order, string([]byte(name)))
			pick[order[len(order)-1]] = i
		} else if o.n.PreferLatest {
			pick[name] = i
		}
	}
	nb := column.NewBuilder(types.String, len(order))
	ob := column.NewBuilder(types.Long, len(order))
	db := column.NewBuilder(types.String, len(order))
	tb := column.NewBuilder(types.String, len(order))
	for k, name := range order {
		i := pick[name]
		nb.AppendStr(name)
		ob.AppendInt(int64(k))
		tn := typs.Str(i)
		tb.AppendStr(tn)
		if dataCol >= 0 {
			db.AppendStr(all.Cols[dataCol].Str(i))
		} else {
			db.AppendStr(clrTypeName(tn))
		}
	}
	cols := []*column.Vector{nb.Build(), ob.Build(), db.Build(), tb.Build()}
	if len(o.n.Out) != len(cols) {
		return nil, fmt.Errorf("internal error: schema_merge's output has %d columns, expected %d", len(o.n.Out), len(cols))
	}
	for i, c := range cols {
		if cols[i], err = asType(c, o.n.Out[i].Type); err != nil {
			return nil, err
		}
	}
	return &column.Batch{Cols: cols, N: len(order)}, nil
}

// clrTypeName is the DataType getschema shows for a Kusto type name.
func clrTypeName(name string) string {
	t, ok := types.Parse(name)
	if !ok {
		return types.Dynamic.CLRName()
	}
	return t.CLRName()
}
