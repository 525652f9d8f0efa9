package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// op binds one tabular operator over in (nil for operators that start a
// pipeline, or when the input failed to bind).
func (b *binder) op(op syntax.TabularOp, in plan.Node, sc *scope) plan.Node {
	if n, ok := b.graphOp(op, in, sc); ok { // graph.go
		return n
	}
	// Operators that produce rows of their own.
	switch o := op.(type) {
	case *syntax.PrintOp:
		return b.print(o, sc)
	case *syntax.RangeOp:
		return b.rangeOp(o, sc)
	case *syntax.DataTableOp:
		return b.datatable(o, sc)
	case *syntax.ExternalDataOp:
		return b.externalData(o, sc)
	case *syntax.UnionOp:
		return b.union(o, in, sc)
	case *syntax.SearchOp:
		return b.search(o, in, sc)
	case *syntax.FindOp:
		return b.find(o, sc)
	case *syntax.MacroExpandOp:
		return b.macroExpand(o, in, sc) // macro_expand.go
	}
	if in == nil {
		// The input failed to bind (reported) or the operator needs one.
		if e, ok := op.(*syntax.EvaluateOp); ok && b.outsideEvaluate(e) {
			return nil
		}
		if isSourceOp(op) {
			b.unsupported(op.Pos(), "operator '"+op.OpName()+"'")
		}
		return nil
	}
	switch o := op.(type) {
	case *syntax.WhereOp:
		return b.where(o, in, sc)
	case *syntax.ExtendOp:
		return b.extend(o.Cols, in, sc, false)
	case *syntax.ProjectOp:
		return b.project(o, in, sc)
	case *syntax.ProjectAwayOp:
		return b.projectAway(o.Cols, in, false)
	case *syntax.ProjectKeepOp:
		return b.projectAway(o.Cols, in, true)
	case *syntax.ProjectRenameOp:
		return b.projectRename(o, in)
	case *syntax.ProjectReorderOp:
		return b.projectReorder(o, in)
	case *syntax.SummarizeOp:
		return b.summarize(o, in, sc)
	case *syntax.DistinctOp:
		return b.distinct(o, in, sc)
	case *syntax.CountOp:
		return b.count(o, in)
	case *syntax.TakeOp:
		n, _ := b.constInt(o.Count, sc, "The row count of take")
		return &plan.Limit{Input: in, N: n}
	case *syntax.TopOp:
		n, _ := b.constInt(o.Count, sc, "The row count of top")
		return &plan.Top{Input: in, N: n, Keys: b.sortKeys(o.Keys, in, sc)}
	case *syntax.SortOp:
		keys := b.sortKeys(o.Keys, in, sc)
		row := b.rowFor(in)
		for i, k := range keys {
			b.checkGroupable(k.X, o.Keys[i].X.Pos(), row)
		}
		return &plan.Sort{Input: in, Keys: keys}
	case *syntax.MvExpandOp:
		return b.mvExpand(o, in, sc)
	case *syntax.ParseOp:
		return b.parse(o.Kind, o.Flags, o.Source, o.Pattern, false, in, sc, o.Pos())
	case *syntax.ParseWhereOp:
		return b.parse(o.Kind, o.Flags, o.Source, o.Pattern, true, in, sc, o.Pos())
	case *syntax.ParseKvOp:
		return b.parseKv(o, in, sc)
	case *syntax.JoinOp:
		return b.join(o, in, sc)
	case *syntax.LookupOp:
		return b.lookup(o, in, sc)
	case *syntax.RenderOp:
		return b.render(o, in)
	case *syntax.AsOp:
		sc.define(o.Name.Name, &symbol{kind: symTabular, node: in})
		b.asNames[in] = o.Name.Name
		return in
	case *syntax.SerializeOp:
		var n plan.Node = &plan.Serialize{Input: in}
		if len(o.Cols) > 0 {
			n = b.extend(o.Cols, n, sc, true)
		}
		return n
	case *syntax.GetSchemaOp:
		n := getSchema(in.Schema())
		b.ordered[n] = true
		return n
	case *syntax.InvokeOp:
		return b.invokeOp(o, in, sc)
	case *syntax.EvaluateOp:
		return b.evaluate(o, in, sc)
	case *syntax.SampleOp:
		n, _ := b.constInt(o.Count, sc, "The row count of sample")
		return &plan.Sample{Input: in, N: n}
	case *syntax.MakeSeriesOp:
		return b.makeSeries(o, in, sc)
	case *syntax.MvApplyOp:
		return b.mvApply(o, in, sc)
	case *syntax.TopNestedOp:
		return b.topNested(o, in, sc)
	case *syntax.TopHittersOp:
		return b.topHitters(o, in, sc)
	case *syntax.SampleDistinctOp:
		return b.sampleDistinct(o, in, sc)
	case *syntax.ForkOp:
		return b.fork(o, in, sc)
	case *syntax.FacetOp:
		return b.facet(o, in, sc)
	case *syntax.PartitionOp:
		return b.partition(o, in, sc)
	case *syntax.ScanOp:
		return b.scanOp(o, in, sc)
	case *syntax.ReduceOp:
		return b.reduce(o, in, sc)
	case *syntax.ProjectByNamesOp:
		return b.projectByNames(o, in, sc)
	case *syntax.ConsumeOp:
		// The rows are read and dropped: an empty result.
		return &plan.Project{Input: &plan.Limit{Input: in, N: 0}}
	case *syntax.AssertSchemaOp:
		return b.assertSchema(o, in)
	}
	b.unsupported(op.Pos(), "operator '"+op.OpName()+"'")
	return b.opaque(op, []plan.Node{in}, nil)
}

// isSourceOp reports operators that may start a pipeline on their own.
func isSourceOp(op syntax.TabularOp) bool {
	switch op.(type) {
	case *syntax.FindOp, *syntax.EvaluateOp:
		return true
	}
	return false
}

// opaque stands for an operator that cannot run yet, carrying the output
// schema it would have so that `quarry check` can still show it.
func (b *binder) opaque(op syntax.TabularOp, in []plan.Node, out types.Schema) plan.Node {
	return &plan.Unsupported{Op: op.OpName(), In: in, Out: out}
}

func (b *binder) where(o *syntax.WhereOp, in plan.Node, sc *scope) plan.Node {
	row := b.rowFor(in)
	p := b.expr(o.Pred, sc, row)
	if !isBad(p) && p.Type() != types.Bool {
		b.errorf(o.Pred.Pos(), "KS141", "The expression must have the type bool.")
		p = bad()
	}
	b.checkSerialized(row, in)
	if row.window && !isBad(p) {
		return windowFilter(in, p)
	}
	return &plan.Filter{Input: in, Pred: p}
}

// windowFilter is a where whose condition calls window functions (`where
// prev(A) != A`): the condition is computed first over the whole ordered
// input, as a window projection does, then filtered on, so that every
// row sees its true neighbours.
func windowFilter(in plan.Node, pred plan.Expr) plan.Node {
	inS := in.Schema()
	name := uniqueName("__where", columnNames(inS))
	withPred := &plan.Project{Input: in, Window: true,
		Exprs: append(identity(inS), pred),
		Out:   append(append(types.Schema(nil), inS...), types.Column{Name: name, Type: types.Bool})}
	kept := &plan.Filter{Input: withPred, Pred: &plan.ColRef{Index: len(inS), Name: name, T: types.Bool}}
	return &plan.Project{Input: kept, Exprs: identity(inS), Out: inS}
}

// sortKeys binds ordering terms with Kusto's defaults: descending, nulls
// last when descending and first when ascending.
func (b *binder) sortKeys(keys []*syntax.SortKey, in plan.Node, sc *scope) []plan.SortKey {
	row := b.rowFor(in)
	out := make([]plan.SortKey, 0, len(keys))
	for _, k := range keys {
		e := b.expr(k.X, sc, row)
		desc := lowerName(k.Order) != "asc"
		nullsFirst := !desc
		switch lowerName(k.Nulls) {
		case "first":
			nullsFirst = true
		case "last":
			nullsFirst = false
		}
		out = append(out, plan.SortKey{X: e, Desc: desc, NullsFirst: nullsFirst})
	}
	return out
}

func (b *binder) count(o *syntax.CountOp, in plan.Node) plan.Node {
	fn, ok := catalogAgg("count")
	if !ok {
		b.unsupported(o.Pos(), "operator 'count' (no count aggregate in the catalog)")
		return b.opaque(o, []plan.Node{in}, types.Schema{{Name: "Count", Type: types.Long}})
	}
	bound, err := fn.Bind(nil)
	if err != nil {
		b.callError(o.Pos(), "count", err)
		return nil
	}
	return &plan.Aggregate{Input: in, Aggs: []plan.AggCall{{Fn: fn, Bound: bound}},
		Out: types.Schema{{Name: "Count", Type: types.Long}}}
}

func (b *binder) render(o *syntax.RenderOp, in plan.Node) plan.Node {
	r := &plan.Render{Input: in, Props: map[string]string{}}
	if o.Chart != nil {
		r.Chart = o.Chart.Name
	}
	for _, p := range o.Props {
		r.Props[p.Name] = propText(p.Value)
	}
	return r
}

// propText renders an operator property value (an identifier, a literal,
// or a list of them) as text.
func propText(x syntax.Expr) string {
	switch v := x.(type) {
	case *syntax.Ident:
		return v.Name
	case *syntax.Literal:
		if s, ok := v.Value.(string); ok {
			return s
		}
		return v.Raw
	case *syntax.Paren:
		return propText(v.X)
	}
	return ""
}

// getSchema computes getschema's table at bind time.
func getSchema(s types.Schema) plan.Node {
	rows := make([][]any, len(s))
	for i, c := range s {
		rows[i] = []any{c.Name, int64(i), c.Type.CLRName(), c.Type.String()}
	}
	return &plan.Values{Out: types.Schema{
		{Name: "ColumnName", Type: types.String},
		{Name: "ColumnOrdinal", Type: types.Long},
		{Name: "DataType", Type: types.String},
		{Name: "ColumnType", Type: types.String},
	}, Rows: rows}
}

func (b *binder) invokeOp(o *syntax.InvokeOp, in plan.Node, sc *scope) plan.Node {
	id, ok := o.Call.Fun.(*syntax.Ident)
	if !ok {
		b.unsupported(o.Call.Pos(), "invoking this function")
		return nil
	}
	sym := sc.lookup(id.Name)
	if sym == nil || sym.kind != symFunc {
		b.errorf(id.Pos(), "KS211", "The name '%s' does not refer to any known function.", id.Name)
		return nil
	}
	v := b.invoke(sym, o.Call.Args, in, sc, nil, o.Call.Pos())
	if v.node == nil && v.expr != nil {
		b.errorf(o.Call.Pos(), "KS205", "Tabular expression expected.")
	}
	return v.node
}
