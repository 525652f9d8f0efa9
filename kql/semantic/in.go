package semantic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// listItems binds the parenthesised list of in/has_any. A list that is
// one tabular expression (a subquery, a tabular let name, a table) is
// returned as a node instead.
func (b *binder) listItems(list []syntax.Expr, sub syntax.Expr, sc *scope, row *rowCtx) ([]plan.Expr, plan.Node, bool) {
	if sub != nil {
		n := b.tabular(sub, sc, nil)
		return nil, n, n != nil
	}
	if len(list) == 1 {
		switch list[0].(type) {
		case *syntax.Ident, *syntax.Call, *syntax.Paren, *syntax.Member:
			v := b.value(list[0], sc, row)
			if v.node != nil {
				return nil, v.node, true
			}
			if v.expr == nil || isBad(v.expr) {
				return nil, nil, false
			}
			return []plan.Expr{v.expr}, nil, true
		}
	}
	items := make([]plan.Expr, 0, len(list))
	ok := true
	for _, it := range list {
		e := b.expr(it, sc, row)
		if isBad(e) {
			ok = false
		}
		items = append(items, e)
	}
	return items, nil, ok
}

// inExpr binds `X in (...)` and its negated and case-insensitive forms.
func (b *binder) inExpr(x *syntax.InExpr, sc *scope, row *rowCtx) plan.Expr {
	lhs := b.expr(x.X, sc, row)
	name := "in"
	if x.CaseInsensitive {
		name += "~"
	}
	if x.Negated {
		name = "!" + name
	}
	items, sub, ok := b.listItems(x.List, x.Subquery, sc, row)
	if !ok || isBad(lhs) {
		return bad()
	}
	if sub != nil {
		if len(sub.Schema()) == 0 {
			b.errorf(x.Lparen, "KS108", "The subquery of '%s' has no columns.", name)
			return bad()
		}
		return &plan.InSubquery{X: lhs, Sub: sub, Negated: x.Negated, CaseInsensitive: x.CaseInsensitive}
	}
	return b.operator(name, name, x.OpPos, append([]plan.Expr{lhs}, items...), row)
}

// hasAny binds has_any/has_all. A tabular operand becomes the dynamic
// array of its first column, computed once (toscalar of make_list).
func (b *binder) hasAny(x *syntax.HasAnyExpr, sc *scope, row *rowCtx) plan.Expr {
	lhs := b.expr(x.X, sc, row)
	name := x.Op.String()
	items, sub, ok := b.listItems(x.List, x.Subquery, sc, row)
	if !ok || isBad(lhs) {
		return bad()
	}
	if sub != nil {
		arr := b.columnAsArray(sub, x.Lparen)
		if arr == nil {
			return bad()
		}
		items = []plan.Expr{arr}
	}
	return b.operator(name, name, x.OpPos, append([]plan.Expr{lhs}, items...), row)
}

// columnAsArray is toscalar(sub | summarize make_list(first column)).
func (b *binder) columnAsArray(sub plan.Node, pos syntax.Pos) plan.Expr {
	s := sub.Schema()
	if len(s) == 0 {
		b.errorf(pos, "KS108", "The subquery has no columns.")
		return nil
	}
	fn, ok := catalogAgg("make_list")
	if !ok {
		b.unsupported(pos, "a tabular operand here (make_list is missing from the catalog)")
		return nil
	}
	col := &plan.ColRef{Index: 0, Name: s[0].Name, T: s[0].Type}
	bound, err := fn.Bind([]functions.Arg{argInfo(col, s[0].Name, s)})
	if err != nil {
		b.callError(pos, "make_list", err)
		return nil
	}
	agg := &plan.Aggregate{Input: sub, Aggs: []plan.AggCall{{Fn: fn, Bound: bound, Args: []plan.Expr{convertTo(col, argType(bound, 0))}}},
		Out: types.Schema{{Name: "list_" + s[0].Name, Type: types.Dynamic}}}
	return &plan.ScalarSubquery{Sub: agg, T: types.Dynamic}
}

func argType(bound *functions.Bound, i int) types.Type {
	if i < len(bound.ArgTypes) {
		return bound.ArgTypes[i]
	}
	return types.Unknown
}
