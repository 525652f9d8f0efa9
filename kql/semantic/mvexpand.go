package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// mvExpand binds mv-expand. A column expanded in place keeps its
// position; an expression or a renamed item first becomes a column of its
// own (appended, or replacing the column of that name), as Kusto shows it.
func (b *binder) mvExpand(o *syntax.MvExpandOp, in plan.Node, sc *scope) plan.Node {
	src, cols, ok := b.expandItems(o.Items, in, sc)
	if !ok {
		return nil
	}
	s := src.Schema()
	out := append(types.Schema(nil), s...)
	for _, c := range cols {
		out[c.Index].Type = c.T
	}
	n := &plan.MvExpand{Input: src, Cols: cols, BagExpansion: "bag", Out: out}
	if o.BagExpansion != "" {
		n.BagExpansion = lowerName(o.BagExpansion)
	} else if k := o.Param("kind"); k != nil {
		// kind= is the documented alias of bagexpansion=.
		n.BagExpansion = lowerName(propText(k.Value))
	}
	if o.ItemIndex != nil {
		n.ItemIndex = o.ItemIndex.Name
		n.Out = append(n.Out, types.Column{Name: o.ItemIndex.Name, Type: types.Long})
	}
	if o.Limit != nil {
		n.Limit, _ = b.constInt(o.Limit, sc, "The limit of mv-expand")
	}
	return n
}

// expandItems resolves the items of mv-expand or mv-apply to columns of
// src (in, or a Project over it computing the items that are not plain
// columns) with the type each expands to.
func (b *binder) expandItems(items []*syntax.MvExpandItem, in plan.Node, sc *scope) (plan.Node, []plan.MvExpandCol, bool) {
	inS := in.Schema()
	row := newRow(inS)
	out := append(types.Schema(nil), inS...)
	exprs := identity(inS)
	computed := false
	nm := b.newOut(func(n string) bool { return out.Index(n) >= 0 })
	var cols []plan.MvExpandCol
	for _, it := range items {
		t := types.Dynamic
		if it.To != nil {
			t = b.typeRef(it.To)
		}
		if id, isIdent := it.X.(*syntax.Ident); isIdent && it.Name == nil {
			i := inS.Index(id.Name)
			if i < 0 {
				b.expr(it.X, sc, row) // reports the unknown name
				return nil, nil, false
			}
			if inS[i].Type != types.Dynamic {
				b.notDynamic(it.X)
				return nil, nil, false
			}
			cols = append(cols, plan.MvExpandCol{Index: i, T: t})
			continue
		}
		e := b.expr(it.X, sc, row)
		if isBad(e) {
			return nil, nil, false
		}
		if e.Type() != types.Dynamic {
			b.notDynamic(it.X)
			return nil, nil, false
		}
		var name string
		if it.Name != nil {
			name = it.Name.Name
		} else if name = exprName(it.X, row, sc); name == "" {
			name = nm.generate()
		}
		computed = true
		i := out.Index(name)
		if i >= 0 {
			out[i].Type = e.Type()
			exprs[i] = e
		} else {
			out = append(out, types.Column{Name: name, Type: e.Type()})
			exprs = append(exprs, e)
			i = len(out) - 1
		}
		cols = append(cols, plan.MvExpandCol{Index: i, T: t})
	}
	src := in
	if computed {
		src = &plan.Project{Input: in, Exprs: exprs, Out: out}
	}
	return src, cols, true
}

// notDynamic reports an mv-expand or mv-apply item that is not dynamic:
// Kusto expands only arrays and bags, and refuses other types at bind
// time (KS141) rather than treating a scalar as a one-element array.
func (b *binder) notDynamic(x syntax.Expr) {
	b.errorf(x.Pos(), "KS141", "The expression must have the type dynamic.")
}
