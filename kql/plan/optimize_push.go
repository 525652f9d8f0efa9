package plan

// Filter pushdown: a condition moves below an operator when filtering
// before it gives the same rows. It never moves below take/top/limit,
// window projections, innerunique joins' left side (which pick one row
// per key), or anything it does not know.

func (o *optimizer) push(n Node) Node {
	if m, ok := n.(*Materialize); ok {
		if done, ok := o.pushed[m]; ok {
			return done
		}
		r := &Materialize{Input: o.push(m.Input)}
		o.pushed[m] = r
		return r
	}
	n = rebuild(n, o.push, func(e Expr) Expr { return mapExpr(e, same, o.push) })
	f, ok := n.(*Filter)
	if !ok {
		return n
	}
	out := f.Input
	for _, c := range conjuncts(f.Pred) {
		out = pushOne(c, out)
	}
	return out
}

func same(e Expr) Expr { return e }

// conjuncts splits `a and b and c` into its terms.
func conjuncts(e Expr) []Expr {
	if c, ok := e.(*Call); ok && c.Fn != nil && c.Fn.Name == "and" && len(c.Args) == 2 {
		return append(conjuncts(c.Args[0]), conjuncts(c.Args[1])...)
	}
	return []Expr{e}
}

// refs reports the input columns an expression reads (sub-queries read
// their own inputs, not this one).
func refs(e Expr, into map[int]bool) {
	switch x := e.(type) {
	case *ColRef:
		into[x.Index] = true
	case *Call:
		for _, a := range x.Args {
			refs(a, into)
		}
	case *Convert:
		refs(x.X, into)
	case *InSubquery:
		refs(x.X, into)
	}
}

// remap rewrites the column references of e with f (sub-queries keep
// their own references).
func remap(e Expr, f func(*ColRef) Expr) Expr {
	return mapExpr(e, func(x Expr) Expr {
		if c, ok := x.(*ColRef); ok {
			return f(c)
		}
		return x
	}, func(n Node) Node { return n })
}

// pushOne returns a plan equivalent to Filter{in, pred}, with the filter
// as deep as it can safely go.
func pushOne(pred Expr, in Node) Node {
	used := map[int]bool{}
	refs(pred, used)
	switch n := in.(type) {
	case *Project:
		if n.Window {
			break
		}
		// Only through columns the projection passes on unchanged (or
		// constants), so that nothing is computed twice.
		for i := range used {
			switch n.Exprs[i].(type) {
			case *ColRef, *Const:
			default:
				return &Filter{Input: in, Pred: pred}
			}
		}
		below := remap(pred, func(c *ColRef) Expr { return n.Exprs[c.Index] })
		c := *n
		c.Input = pushOne(below, n.Input)
		return &c
	case *Sort:
		return &Sort{Input: pushOne(pred, n.Input), Keys: n.Keys}
	case *Serialize:
		return &Serialize{Input: pushOne(pred, n.Input)}
	case *Filter:
		return &Filter{Input: pushOne(pred, n.Input), Pred: n.Pred}
	case *Aggregate:
		for i := range used {
			if i >= len(n.Keys) {
				return &Filter{Input: in, Pred: pred}
			}
			if _, ok := n.Keys[i].(*ColRef); !ok {
				return &Filter{Input: in, Pred: pred}
			}
		}
		below := remap(pred, func(c *ColRef) Expr { return n.Keys[c.Index] })
		c := *n
		c.Input = pushOne(below, n.Input)
		return &c
	case *MvExpand:
		nin := len(n.Input.Schema())
		expanded := map[int]bool{}
		for _, c := range n.Cols {
			expanded[c.Index] = true
		}
		for i := range used {
			if i >= nin || expanded[i] {
				return &Filter{Input: in, Pred: pred}
			}
		}
		c := *n
		c.Input = pushOne(pred, n.Input)
		return &c
	case *Join:
		return pushJoin(pred, used, n)
	case *Union:
		return pushUnion(pred, used, n)
	}
	return &Filter{Input: in, Pred: pred}
}

// pushJoin moves a condition on one side's columns into that side when
// the join kind keeps that side's rows as they are.
func pushJoin(pred Expr, used map[int]bool, n *Join) Node {
	left, right := true, true
	for i := range used {
		if n.OutCols[i].Right {
			left = false
		} else {
			right = false
		}
	}
	side := func(e Expr) Expr {
		return remap(e, func(c *ColRef) Expr {
			return &ColRef{Index: n.OutCols[c.Index].Index, Name: c.Name, T: c.T}
		})
	}
	switch {
	case len(used) == 0:
	case left && (n.Kind == Inner || n.Kind == LeftOuter || n.Kind == LeftSemi || n.Kind == LeftAnti):
		c := *n
		c.Left = pushOne(side(pred), n.Left)
		return &c
	case right && (n.Kind == Inner || n.Kind == InnerUnique || n.Kind == RightOuter || n.Kind == RightSemi || n.Kind == RightAnti):
		c := *n
		c.Right = pushOne(side(pred), n.Right)
		return &c
	}
	return &Filter{Input: n, Pred: pred}
}

// pushUnion copies a condition into every part, when every column it
// reads exists in every part.
func pushUnion(pred Expr, used map[int]bool, n *Union) Node {
	if len(used) == 0 {
		return &Filter{Input: n, Pred: pred}
	}
	for i := range used {
		if i == n.SourceCol {
			return &Filter{Input: n, Pred: pred}
		}
		for p := range n.Parts {
			if n.Maps[p][i] < 0 {
				return &Filter{Input: n, Pred: pred}
			}
		}
	}
	c := *n
	c.Parts = make([]Node, len(n.Parts))
	for p, part := range n.Parts {
		m := n.Maps[p]
		below := remap(pred, func(r *ColRef) Expr { return &ColRef{Index: m[r.Index], Name: r.Name, T: r.T} })
		c.Parts[p] = pushOne(below, part)
	}
	return &c
}
