package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// topNested binds top-nested: per clause, the value column (named as an
// extend would name it) and the aggregate column (aggregated_<value name>
// unless named). The aggregate may be any expression over aggregates.
func (b *binder) topNested(o *syntax.TopNestedOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	nm := b.newOut(nil)
	n := &plan.TopNested{Input: in}
	ok := true
	for _, c := range o.Clauses {
		lvl := plan.TopNestedLevel{N: -1, Desc: lowerName(c.Order) != "asc"}
		if c.Count != nil {
			var good bool
			if lvl.N, good = b.constInt(c.Count, sc, "The count of top-nested"); !good {
				ok = false
			}
		}
		names, x := splitNamed(c.Of)
		lvl.Of = b.expr(x, sc, row)
		if isBad(lvl.Of) {
			ok = false
		}
		b.checkGroupable(lvl.Of, x.Pos(), row)
		name, _ := nm.take(names, x, row, sc, c.Of.Pos())
		if c.Others != nil {
			e := convertTo(b.expr(c.Others, sc, nil), lvl.Of.Type())
			k, isConst := e.(*plan.Const)
			switch {
			case isBad(e):
				ok = false
			case !isConst || (e.Type() != lvl.Of.Type() && !isBad(lvl.Of)):
				b.errorf(c.Others.Pos(), "KS107", "The value of 'with others' must be a constant of the type of the top-nested expression (%s).", lvl.Of.Type())
				ok = false
			default:
				lvl.Others = k
			}
		}
		aggNames, ax := splitNamed(c.By)
		coll := &aggCollector{input: inS}
		lvl.Value = b.expr(ax, sc, &rowCtx{agg: coll})
		lvl.Aggs = coll.aggs
		if isBad(lvl.Value) {
			ok = false
		} else if len(lvl.Aggs) == 0 {
			b.errorf(ax.Pos(), "KS107", "The top-nested 'by' clause must be an aggregation, such as count() or sum(X).")
			ok = false
		}
		aggName, gen := "aggregated_"+name, true
		if len(aggNames) > 0 {
			aggName, gen = aggNames[0].Name, false
		}
		aggName, _ = nm.add(aggName, gen, c.By.Pos())
		n.Out = append(n.Out, types.Column{Name: name, Type: lvl.Of.Type()}, types.Column{Name: aggName, Type: lvl.Value.Type()})
		n.Levels = append(n.Levels, lvl)
	}
	if !ok {
		return b.opaque(o, []plan.Node{in}, n.Out)
	}
	return n
}

// topHitters binds `top-hitters N of Col [by Sum]`: Col and its
// approximate_count_Col (long), or approximate_sum_<Sum> of Sum's type.
func (b *binder) topHitters(o *syntax.TopHittersOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	count, ok := b.constInt(o.Count, sc, "The count of top-hitters")
	col, good := b.columnArg(o.Of, inS)
	if !good {
		return nil
	}
	n := &plan.TopHitters{Input: in, N: count, Col: col}
	b.checkGroupable(&plan.ColRef{Index: col, Name: inS[col].Name, T: inS[col].Type}, o.Of.Pos(), row)
	second := types.Column{Name: "approximate_count_" + inS[col].Name, Type: types.Long}
	if o.By != nil {
		n.Sum = b.expr(o.By, sc, row)
		switch t := n.Sum.Type(); {
		case isBad(n.Sum):
			ok = false
		case !t.IsNumeric():
			b.errorf(o.By.Pos(), "KS107", "The 'by' expression of top-hitters must be a number, not %s.", t)
			ok = false
		}
		second = types.Column{Name: "approximate_sum_" + exprName(o.By, row, sc), Type: n.Sum.Type()}
	}
	n.Out = types.Schema{inS[col], second}
	if !ok {
		return b.opaque(o, []plan.Node{in}, n.Out)
	}
	return n
}

// sampleDistinct binds `sample-distinct N of Col`: up to N distinct
// values of Col, any of them (Kusto makes no fairness promise), which is
// a distinct with a limit.
func (b *binder) sampleDistinct(o *syntax.SampleDistinctOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	count, ok := b.constInt(o.Count, sc, "The count of sample-distinct")
	col, good := b.columnArg(o.Of, inS)
	if !good || !ok {
		return nil
	}
	key := &plan.ColRef{Index: col, Name: inS[col].Name, T: inS[col].Type}
	b.checkGroupable(key, o.Of.Pos(), b.rowFor(in))
	return &plan.Limit{N: count, Input: &plan.Aggregate{Input: in, Keys: []plan.Expr{key}, Out: types.Schema{inS[col]}}}
}

// columnArg reads an operator argument that must name an input column.
func (b *binder) columnArg(x syntax.Expr, s types.Schema) (int, bool) {
	id, ok := x.(*syntax.Ident)
	if !ok {
		b.errorf(x.Pos(), "KS109", "Column name expected.")
		return -1, false
	}
	i := s.Index(id.Name)
	if i < 0 {
		b.errorf(id.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
		return -1, false
	}
	return i, true
}
