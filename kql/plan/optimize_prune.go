package plan

import "github.com/quarryhunt/quarry/kql/types"

// Projection pushdown: prune(n, need) rewrites n so that its output holds
// at least the columns flagged in need (in their original order), and
// returns where each old output column went (-1: dropped). Every node
// keeps at least one column so that row counts survive.

func allNeeded(n Node) []bool {
	need := make([]bool, len(n.Schema()))
	for i := range need {
		need[i] = true
	}
	return need
}

func (o *optimizer) pruneAll(n Node) Node {
	r, _ := o.prune(n, allNeeded(n))
	return r
}

func identityMap(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = i
	}
	return m
}

// atLeastOne makes sure one column is kept.
func atLeastOne(need []bool) []bool {
	for _, x := range need {
		if x {
			return need
		}
	}
	if len(need) > 0 {
		need = append([]bool(nil), need...)
		need[0] = true
	}
	return need
}

func needOf(n int, used map[int]bool, base []bool) []bool {
	need := make([]bool, n)
	copy(need, base)
	for i := range used {
		if i < n {
			need[i] = true
		}
	}
	return need
}

func remapWith(m []int) func(Expr) Expr {
	return func(e Expr) Expr {
		return remap(e, func(c *ColRef) Expr {
			return &ColRef{Index: m[c.Index], Name: c.Name, T: c.T}
		})
	}
}

// pruneSubqueries prunes the plans of InSubquery/ScalarSubquery, which
// read only their first column.
func (o *optimizer) pruneSubqueries(e Expr) Expr {
	return mapExpr(e, same, func(sub Node) Node {
		need := make([]bool, len(sub.Schema()))
		if len(need) > 0 {
			need[0] = true
		}
		r, _ := o.prune(sub, need)
		return r
	})
}

func (o *optimizer) prune(n Node, need []bool) (Node, []int) {
	switch n := n.(type) {
	case *Scan:
		return pruneScan(n, need)
	case *Materialize:
		if done, ok := o.pruned[n]; ok {
			return done, identityMap(len(n.Schema()))
		}
		r := &Materialize{Input: o.pruneAll(n.Input)}
		o.pruned[n] = r
		return r, identityMap(len(n.Schema()))
	case *Filter:
		used := map[int]bool{}
		refs(n.Pred, used)
		in, m := o.prune(n.Input, needOf(len(n.Input.Schema()), used, need))
		return &Filter{Input: in, Pred: o.pruneSubqueries(remapWith(m)(n.Pred))}, m
	case *Project:
		return o.pruneProject(n, need)
	case *Aggregate:
		used := map[int]bool{}
		for _, k := range n.Keys {
			refs(k, used)
		}
		for _, a := range n.Aggs {
			for _, x := range a.Args {
				refs(x, used)
			}
		}
		in, m := o.prune(n.Input, atLeastOne(needOf(len(n.Input.Schema()), used, nil)))
		c := rebuild(n, func(Node) Node { return in }, func(e Expr) Expr { return o.pruneSubqueries(remapWith(m)(e)) })
		return c, identityMap(len(n.Out))
	case *Sort, *Top:
		var keys []SortKey
		var input Node
		if s, ok := n.(*Sort); ok {
			keys, input = s.Keys, s.Input
		} else {
			keys, input = n.(*Top).Keys, n.(*Top).Input
		}
		used := map[int]bool{}
		for _, k := range keys {
			refs(k.X, used)
		}
		in, m := o.prune(input, needOf(len(input.Schema()), used, need))
		c := rebuild(n, func(Node) Node { return in }, func(e Expr) Expr { return o.pruneSubqueries(remapWith(m)(e)) })
		return c, m
	case *Limit:
		in, m := o.prune(n.Input, need)
		return &Limit{Input: in, N: n.N}, m
	case *Serialize:
		in, m := o.prune(n.Input, need)
		return &Serialize{Input: in}, m
	case *Render:
		in, m := o.prune(n.Input, need)
		c := *n
		c.Input = in
		return &c, m
	case *Join:
		return o.pruneJoin(n, need)
	case *Union:
		return o.pruneUnion(n, need)
	case *MvExpand:
		return o.pruneMvExpand(n, need)
	case *Parse:
		return o.pruneParse(n, need)
	}
	// Anything else keeps its whole input and output.
	c := rebuild(n, o.pruneAll, o.pruneSubqueries)
	return c, identityMap(len(n.Schema()))
}

func pruneScan(n *Scan, need []bool) (Node, []int) {
	need = atLeastOne(need)
	cur := n.Project
	if cur == nil {
		cur = identityMap(len(n.Columns))
	}
	c := *n
	c.Project = nil
	m := make([]int, len(cur))
	for i, p := range cur {
		m[i] = -1
		if i < len(need) && need[i] {
			m[i] = len(c.Project)
			c.Project = append(c.Project, p)
		}
	}
	if len(c.Project) == len(n.Columns) {
		all := true
		for i, p := range c.Project {
			if p != i {
				all = false
			}
		}
		if all {
			c.Project = nil
		}
	}
	return &c, m
}

func (o *optimizer) pruneProject(n *Project, need []bool) (Node, []int) {
	need = atLeastOne(need)
	used := map[int]bool{}
	for i, e := range n.Exprs {
		if need[i] {
			refs(e, used)
		}
	}
	in, m := o.prune(n.Input, atLeastOne(needOf(len(n.Input.Schema()), used, nil)))
	c := &Project{Input: in, Window: n.Window}
	out := make([]int, len(n.Exprs))
	for i, e := range n.Exprs {
		out[i] = -1
		if need[i] {
			out[i] = len(c.Exprs)
			c.Exprs = append(c.Exprs, o.pruneSubqueries(remapWith(m)(e)))
			c.Out = append(c.Out, n.Out[i])
		}
	}
	return c, out
}

func (o *optimizer) pruneJoin(n *Join, need []bool) (Node, []int) {
	need = atLeastOne(need)
	ln, rn := len(n.Left.Schema()), len(n.Right.Schema())
	lneed, rneed := make([]bool, ln), make([]bool, rn)
	for _, k := range n.LeftKeys {
		lneed[k] = true
	}
	for _, k := range n.RightKeys {
		rneed[k] = true
	}
	for i, oc := range n.OutCols {
		if need[i] {
			if oc.Right {
				rneed[oc.Index] = true
			} else {
				lneed[oc.Index] = true
			}
		}
	}
	l, lm := o.prune(n.Left, atLeastOne(lneed))
	r, rm := o.prune(n.Right, atLeastOne(rneed))
	c := &Join{Left: l, Right: r, Kind: n.Kind}
	for _, k := range n.LeftKeys {
		c.LeftKeys = append(c.LeftKeys, lm[k])
	}
	for _, k := range n.RightKeys {
		c.RightKeys = append(c.RightKeys, rm[k])
	}
	out := make([]int, len(n.OutCols))
	for i, oc := range n.OutCols {
		out[i] = -1
		if !need[i] {
			continue
		}
		var idx int
		if oc.Right {
			idx = rm[oc.Index]
		} else {
			idx = lm[oc.Index]
		}
		out[i] = len(c.OutCols)
		c.OutCols = append(c.OutCols, JoinOut{Right: oc.Right, Index: idx})
		c.Out = append(c.Out, n.Out[i])
	}
	return c, out
}

func (o *optimizer) pruneUnion(n *Union, need []bool) (Node, []int) {
	need = atLeastOne(need)
	c := &Union{Parts: make([]Node, len(n.Parts)), Maps: make([][]int, len(n.Parts)), SourceCol: -1, SourceNames: n.SourceNames}
	out := make([]int, len(n.Out))
	for i := range n.Out {
		out[i] = -1
		if need[i] {
			if i == n.SourceCol {
				c.SourceCol = len(c.Out)
			}
			out[i] = len(c.Out)
			c.Out = append(c.Out, n.Out[i])
		}
	}
	for p, part := range n.Parts {
		pn := make([]bool, len(part.Schema()))
		for i, src := range n.Maps[p] {
			if need[i] && src >= 0 {
				pn[src] = true
			}
		}
		np, pm := o.prune(part, atLeastOne(pn))
		c.Parts[p] = np
		mp := make([]int, len(c.Out))
		for i, src := range n.Maps[p] {
			if out[i] < 0 {
				continue
			}
			if src >= 0 {
				mp[out[i]] = pm[src]
			} else {
				mp[out[i]] = -1
			}
		}
		c.Maps[p] = mp
	}
	return c, out
}

func (o *optimizer) pruneMvExpand(n *MvExpand, need []bool) (Node, []int) {
	nin := len(n.Input.Schema())
	inNeed := make([]bool, nin)
	copy(inNeed, need)
	for _, c := range n.Cols {
		inNeed[c.Index] = true
	}
	in, m := o.prune(n.Input, inNeed)
	c := *n
	c.Input = in
	c.Cols = make([]MvExpandCol, len(n.Cols))
	for i, x := range n.Cols {
		c.Cols[i] = MvExpandCol{Index: m[x.Index], T: x.T}
	}
	c.Out = append(types.Schema(nil), in.Schema()...)
	for _, x := range c.Cols {
		c.Out[x.Index].Type = x.T
	}
	out := make([]int, len(n.Out))
	copy(out, m)
	if n.ItemIndex != "" {
		c.Out = append(c.Out, n.Out[nin])
		out[nin] = len(c.Out) - 1
	}
	return &c, out
}

// pruneParse keeps the source and every column the parse writes, so that
// positions of the written columns stay simple to follow.
func (o *optimizer) pruneParse(n *Parse, need []bool) (Node, []int) {
	nin := len(n.Input.Schema())
	used := map[int]bool{}
	refs(n.Source, used)
	for _, pc := range n.Cols {
		if pc.Index < nin {
			used[pc.Index] = true
		}
	}
	in, m := o.prune(n.Input, atLeastOne(needOf(nin, used, need)))
	c := *n
	c.Input = in
	c.Source = o.pruneSubqueries(remapWith(m)(n.Source))
	c.Out = append(types.Schema(nil), in.Schema()...)
	out := make([]int, len(n.Out))
	copy(out, m)
	for i := nin; i < len(n.Out); i++ {
		out[i] = len(c.Out)
		c.Out = append(c.Out, n.Out[i])
	}
	c.Cols = make([]ParseCol, len(n.Cols))
	for i, pc := range n.Cols {
		c.Cols[i] = ParseCol{Group: pc.Group, Index: out[pc.Index], T: pc.T}
		c.Out[out[pc.Index]].Type = pc.T
	}
	return &c, out
}
