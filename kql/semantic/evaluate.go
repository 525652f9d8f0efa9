package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// evaluate binds `evaluate plugin(args) [: (schema)]`. Only bag_unpack
// runs today; other plugins report that they are not supported, with the
// declared output schema when the query gives one.
func (b *binder) evaluate(o *syntax.EvaluateOp, in plan.Node, sc *scope) plan.Node {
	id, ok := o.Call.Fun.(*syntax.Ident)
	if !ok {
		b.unsupported(o.Call.Pos(), "this evaluate plugin")
		return nil
	}
	var declared types.Schema
	if o.Schema != nil {
		declared = b.columnDecls(o.Schema.Columns)
	}
	switch lowerName(id.Name) {
	case "bag_unpack":
		if in == nil {
			b.errorf(o.Pos(), "KS205", "bag_unpack needs an input table.")
			return nil
		}
		return b.bagUnpack(o.Call, in, sc, declared)
	}
	b.unsupported(id.Pos(), "the evaluate plugin '"+id.Name+"'")
	var ins []plan.Node
	if in != nil {
		ins = []plan.Node{in}
	}
	return b.opaque(o, ins, declared)
}

// bagUnpack binds bag_unpack(Col [, Prefix]). The properties are found in
// the data, so the bind-time schema is the input without Col plus any
// declared columns.
func (b *binder) bagUnpack(call *syntax.Call, in plan.Node, sc *scope, declared types.Schema) plan.Node {
	inS := in.Schema()
	var pos []syntax.Expr
	for _, a := range call.Args {
		if _, named := a.(*syntax.NamedExpr); !named {
			pos = append(pos, a)
		}
	}
	if len(pos) < 1 || len(pos) > 2 {
		b.errorf(call.Pos(), "KS119", "The function 'bag_unpack' expects 1 or 2 arguments.")
		return nil
	}
	id, ok := pos[0].(*syntax.Ident)
	if !ok || inS.Index(id.Name) < 0 {
		b.errorf(pos[0].Pos(), "KS109", "Column name expected.")
		return nil
	}
	col := inS.Index(id.Name)
	if t := inS[col].Type; t != types.Dynamic {
		b.errorf(pos[0].Pos(), "KS107", "A value of type dynamic expected.")
		return nil
	}
	n := &plan.BagUnpack{Input: in, Col: col}
	if len(pos) == 2 {
		e := b.expr(pos[1], sc, nil)
		v, _ := constValue(e)
		s, ok := v.(string)
		if !ok {
			b.errorf(pos[1].Pos(), "KS107", "A constant value of type string expected.")
			return nil
		}
		n.Prefix = s
	}
	for i, c := range inS {
		if i != col {
			n.Out = append(n.Out, c)
		}
	}
	if declared != nil {
		n.Out = nil
		for _, c := range declared {
			if inS.Index(c.Name) < 0 || c.Name == inS[col].Name {
				n.Declared = append(n.Declared, c)
			}
			n.Out = append(n.Out, c)
		}
	}
	return n
}

// makeSeries computes make-series' output schema (keys, then one dynamic
// array per aggregate, then the axis as an array) and reports that the
// operator does not run yet.
func (b *binder) makeSeries(o *syntax.MakeSeriesOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	nm := newNamer(nil)
	used := map[string]bool{}
	var out types.Schema
	add := func(name string, pos syntax.Pos, t types.Type) {
		if used[name] {
			b.errorf(pos, "KS171", "A column with the name '%s' is already declared.", name)
			return
		}
		used[name] = true
		nm.use(name)
		out = append(out, types.Column{Name: name, Type: t})
	}
	for _, it := range o.ByExprs {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		name := ""
		if len(names) > 0 {
			name = names[0].Name
		} else if name = exprName(x, row, sc); name == "" {
			name = nm.column()
		}
		add(name, it.Pos(), e.Type())
	}
	for _, a := range o.Aggs {
		names, x := splitNamed(a.X)
		if call, fn := b.directAgg(x, sc); fn != nil {
			b.bindAgg(fn, call, sc, inS, nil)
		} else {
			b.errorf(x.Pos(), "KS107", "An aggregate function call expected.")
		}
		name := ""
		if len(names) > 0 {
			name = names[0].Name
		} else if name = exprName(x, row, sc); name == "" {
			name = nm.column()
		}
		add(name, a.Pos(), types.Dynamic)
	}
	axis := b.expr(o.Axis, sc, row)
	_ = axis
	name := exprName(o.Axis, row, sc)
	if name == "" {
		name = nm.column()
	}
	add(name, o.Axis.Pos(), types.Dynamic)
	b.unsupported(o.Pos(), "operator 'make-series'")
	return b.opaque(o, []plan.Node{in}, out)
}

// mvApply computes mv-apply's output schema: the sub-query's, run over
// the input with the items expanded.
func (b *binder) mvApply(o *syntax.MvApplyOp, in plan.Node, sc *scope) plan.Node {
	b.unsupported(o.Pos(), "operator 'mv-apply'")
	src, cols, ok := b.expandItems(o.Items, in, sc)
	if !ok {
		return nil
	}
	s := src.Schema()
	out := append(types.Schema(nil), s...)
	for _, c := range cols {
		out[c.Index].Type = c.T
	}
	exp := &plan.MvExpand{Input: src, Cols: cols, BagExpansion: "bag", Out: out}
	if o.ItemIndex != nil {
		exp.ItemIndex = o.ItemIndex.Name
		exp.Out = append(exp.Out, types.Column{Name: o.ItemIndex.Name, Type: types.Long})
	}
	sub := b.tabular(o.Subquery, sc, exp)
	if sub == nil {
		return nil
	}
	return b.opaque(o, []plan.Node{in}, sub.Schema())
}

// topNested computes top-nested's output schema: per clause, the value
// column and its aggregated_ column.
func (b *binder) topNested(o *syntax.TopNestedOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	nm := newNamer(nil)
	var out types.Schema
	for _, c := range o.Clauses {
		names, x := splitNamed(c.Of)
		e := b.expr(x, sc, row)
		name := ""
		if len(names) > 0 {
			name = names[0].Name
		} else if name = exprName(x, row, sc); name == "" {
			name = nm.column()
		}
		out = append(out, types.Column{Name: name, Type: e.Type()})
		aggNames, ax := splitNamed(c.By)
		t := types.Unknown
		if call, fn := b.directAgg(ax, sc); fn != nil {
			if ac, _, ok := b.bindAgg(fn, call, sc, inS, nil); ok {
				t = ac.Bound.Type
			}
		}
		aggName := "aggregated_" + name
		if len(aggNames) > 0 {
			aggName = aggNames[0].Name
		}
		out = append(out, types.Column{Name: aggName, Type: t})
	}
	b.unsupported(o.Pos(), "operator 'top-nested'")
	return b.opaque(o, []plan.Node{in}, out)
}
