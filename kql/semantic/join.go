package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

var joinKinds = map[string]plan.JoinKind{
	"":              plan.InnerUnique,
	"innerunique":   plan.InnerUnique,
	"inner":         plan.Inner,
	"leftouter":     plan.LeftOuter,
	"rightouter":    plan.RightOuter,
	"fullouter":     plan.FullOuter,
	"outer":         plan.FullOuter,
	"leftanti":      plan.LeftAnti,
	"anti":          plan.LeftAnti,
	"leftantisemi":  plan.LeftAnti,
	"rightanti":     plan.RightAnti,
	"rightantisemi": plan.RightAnti,
	"leftsemi":      plan.LeftSemi,
	"semi":          plan.LeftSemi,
	"rightsemi":     plan.RightSemi,
}

// join binds `join kind=K (Right) on Conds`.
func (b *binder) join(o *syntax.JoinOp, left plan.Node, sc *scope) plan.Node {
	right := b.tabular(o.Right, sc, nil)
	kind, ok := joinKinds[lowerName(o.Kind)]
	if !ok {
		b.errorf(o.Pos(), "KS107", "The join kind '%s' is not one of innerunique, inner, leftouter, rightouter, fullouter, leftanti, rightanti, leftsemi, rightsemi.", o.Kind)
		return nil
	}
	if right == nil {
		return nil
	}
	if o.Where != nil {
		b.unsupported(o.Where.Pos(), "a join condition other than equality (join ... where)")
	}
	ls, rs := left.Schema(), right.Schema()
	lk, rk := b.joinKeys(o.OnExprs, ls, rs, sc)
	n := &plan.Join{Left: left, Right: right, Kind: kind, LeftKeys: lk, RightKeys: rk}
	switch kind {
	case plan.LeftSemi, plan.LeftAnti:
		for i, c := range ls {
			n.OutCols = append(n.OutCols, plan.JoinOut{Index: i})
			n.Out = append(n.Out, c)
		}
	case plan.RightSemi, plan.RightAnti:
		for i, c := range rs {
			n.OutCols = append(n.OutCols, plan.JoinOut{Right: true, Index: i})
			n.Out = append(n.Out, c)
		}
	default:
		n.OutCols, n.Out = joinOutput(ls, rs, nil)
	}
	return n
}

// lookup binds `lookup kind=K (Right) on Conds`: a join whose right key
// columns are not repeated in the output.
func (b *binder) lookup(o *syntax.LookupOp, left plan.Node, sc *scope) plan.Node {
	right := b.tabular(o.Right, sc, nil)
	var kind plan.JoinKind
	switch lowerName(o.Kind) {
	case "", "leftouter":
		kind = plan.LeftOuter
	case "inner":
		kind = plan.Inner
	default:
		b.errorf(o.Pos(), "KS107", "The lookup kind '%s' is not one of leftouter, inner.", o.Kind)
		return nil
	}
	if right == nil {
		return nil
	}
	ls, rs := left.Schema(), right.Schema()
	lk, rk := b.joinKeys(o.OnExprs, ls, rs, sc)
	drop := map[int]bool{}
	for _, k := range rk {
		drop[k] = true
	}
	n := &plan.Join{Left: left, Right: right, Kind: kind, LeftKeys: lk, RightKeys: rk}
	n.OutCols, n.Out = joinOutput(ls, rs, drop)
	return n
}

// joinOutput lays out the left columns, then the right ones; a right
// column whose name is taken gets the first free numeric suffix (names of
// both inputs count as taken).
func joinOutput(ls, rs types.Schema, dropRight map[int]bool) ([]plan.JoinOut, types.Schema) {
	var outCols []plan.JoinOut
	var out types.Schema
	used := map[string]bool{}
	leftNames := map[string]bool{}
	for i, c := range ls {
		outCols = append(outCols, plan.JoinOut{Index: i})
		out = append(out, c)
		used[c.Name] = true
		leftNames[c.Name] = true
	}
	for i, c := range rs {
		if !dropRight[i] {
			used[c.Name] = true
		}
	}
	for i, c := range rs {
		if dropRight[i] {
			continue
		}
		if leftNames[c.Name] {
			c.Name = uniqueName(c.Name, used)
			used[c.Name] = true
		}
		outCols = append(outCols, plan.JoinOut{Right: true, Index: i})
		out = append(out, c)
	}
	return outCols, out
}

// joinKeys resolves `on` conditions: `Col` (the same name on both sides),
// `$left.A == $right.B`, and `and` of those.
func (b *binder) joinKeys(conds []syntax.Expr, ls, rs types.Schema, sc *scope) (lk, rk []int) {
	var walk func(x syntax.Expr)
	walk = func(x syntax.Expr) {
		switch x := x.(type) {
		case *syntax.Paren:
			walk(x.X)
		case *syntax.Ident:
			li, ri := ls.Index(x.Name), rs.Index(x.Name)
			if li < 0 || ri < 0 {
				b.errorf(x.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name)
				return
			}
			if ls[li].Type != rs[ri].Type {
				b.errorf(x.Pos(), "KS227", "The common column '%s' must have the same type on both sides of the join.", x.Name)
				return
			}
			lk, rk = append(lk, li), append(rk, ri)
		case *syntax.Binary:
			switch x.Op {
			case syntax.OpAnd:
				walk(x.X)
				walk(x.Y)
				return
			case syntax.OpEq:
				sa, na, oka := sideRef(x.X)
				sb, nb, okb := sideRef(x.Y)
				if !oka || !okb || sa == sb {
					b.unsupported(x.Pos(), "a join condition other than $left.Column == $right.Column")
					return
				}
				if sa == "$right" {
					na, nb = nb, na
				}
				li, ri := ls.Index(na.Name), rs.Index(nb.Name)
				if li < 0 {
					b.errorf(na.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", na.Name)
					return
				}
				if ri < 0 {
					b.errorf(nb.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", nb.Name)
					return
				}
				if !b.checkKeyTypes(x.X.Pos(), ls[li], rs[ri]) {
					return
				}
				lk, rk = append(lk, li), append(rk, ri)
				return
			}
			b.unsupported(x.Pos(), "a join condition other than $left.Column == $right.Column")
		default:
			b.unsupported(x.Pos(), "a join condition other than $left.Column == $right.Column")
		}
	}
	for _, c := range conds {
		walk(c)
	}
	return lk, rk
}

// sideRef reads `$left.Name` or `$right.Name`.
func sideRef(x syntax.Expr) (string, *syntax.Ident, bool) {
	m, ok := x.(*syntax.Member)
	if !ok {
		return "", nil, false
	}
	id, ok := m.X.(*syntax.Ident)
	if !ok || (id.Name != "$left" && id.Name != "$right") {
		return "", nil, false
	}
	return id.Name, m.Name, true
}

// checkKeyTypes rejects `$left.A == $right.B` keys that can never be
// equal; numeric keys of different widths are compared by value.
func (b *binder) checkKeyTypes(pos syntax.Pos, l, r types.Column) bool {
	if l.Type == r.Type || (l.Type.IsNumeric() && r.Type.IsNumeric()) {
		return true
	}
	b.errorf(pos, "KS242", "Inconsistent data types for join keys: (%s, %s)", l.Type, r.Type)
	return false
}
