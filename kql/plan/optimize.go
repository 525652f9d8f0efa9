package plan

import "github.com/quarryhunt/quarry/kql/types"

// Optimize rewrites a bound query into an equivalent one that reads and
// computes less:
//
//   - constant folding: calls whose arguments are all constants are
//     evaluated once (now() and ago() included: the query's now is fixed
//     to the given value, in 100 ns ticks, for the whole query);
//   - filter pushdown: conditions move below projections, sorts and
//     joins where that cannot change the result;
//   - projection pushdown: each Scan reads only the columns used above it;
//   - a sort that only feeds a summarize is dropped (see dropSorts);
//   - time-range extraction: comparisons of a datetime column with
//     constants set Scan.TimeColumn/From/To so storage can skip partitions
//     (the Filter stays, so this is only a hint).
//
// The input plan is not modified: rewritten nodes are copies. Nodes shared
// by several references (Materialize) stay shared.
func Optimize(q *Query, now int64) *Query {
	o := &optimizer{now: now, folded: map[Node]Node{}, pushed: map[Node]Node{}, pruned: map[Node]Node{}, ranged: map[Node]Node{}, unsorted: map[Node]Node{}}
	out := &Query{Results: make([]Node, len(q.Results))}
	for i, n := range q.Results {
		n = o.fold(n)
		n = o.dropSorts(n)
		n = o.push(n)
		n = o.pruneAll(n)
		n = o.timeRanges(n)
		out.Results[i] = n
	}
	return out
}

type optimizer struct {
	now int64
	// Memo tables keep shared sub-plans shared: each pass rewrites a
	// Materialize once.
	folded, pushed, pruned, ranged, unsorted map[Node]Node
}

// rebuild returns a copy of n with its inputs replaced by in(input) and
// its expressions by ex(expr). Nodes it does not know are returned as they
// are (their inputs untouched), which is always correct.
func rebuild(n Node, in func(Node) Node, ex func(Expr) Expr) Node {
	exs := func(xs []Expr) []Expr {
		out := make([]Expr, len(xs))
		for i, x := range xs {
			out[i] = ex(x)
		}
		return out
	}
	aggs := func(as []AggCall) []AggCall {
		out := make([]AggCall, len(as))
		for i, a := range as {
			out[i] = AggCall{Fn: a.Fn, Bound: a.Bound, Args: exs(a.Args)}
		}
		return out
	}
	keys := func(ks []SortKey) []SortKey {
		out := make([]SortKey, len(ks))
		for i, k := range ks {
			out[i] = SortKey{X: ex(k.X), Desc: k.Desc, NullsFirst: k.NullsFirst}
		}
		return out
	}
	switch n := n.(type) {
	case *Scan, *Values, *ExternalData, *ApplyRows:
		return n
	case *Range:
		c := *n
		c.From, c.To, c.Step = ex(n.From), ex(n.To), ex(n.Step)
		return &c
	case *Filter:
		return &Filter{Input: in(n.Input), Pred: ex(n.Pred)}
	case *Project:
		c := *n
		c.Input, c.Exprs = in(n.Input), exs(n.Exprs)
		return &c
	case *Aggregate:
		c := *n
		c.Input, c.Keys, c.Aggs = in(n.Input), exs(n.Keys), aggs(n.Aggs)
		return &c
	case *Join:
		c := *n
		c.Left, c.Right = in(n.Left), in(n.Right)
		return &c
	case *Union:
		c := *n
		c.Parts = make([]Node, len(n.Parts))
		for i, p := range n.Parts {
			c.Parts[i] = in(p)
		}
		return &c
	case *Sort:
		return &Sort{Input: in(n.Input), Keys: keys(n.Keys)}
	case *Top:
		return &Top{Input: in(n.Input), N: n.N, Keys: keys(n.Keys)}
	case *Limit:
		return &Limit{Input: in(n.Input), N: n.N}
	case *MvExpand:
		c := *n
		c.Input = in(n.Input)
		return &c
	case *Parse:
		c := *n
		c.Input, c.Source = in(n.Input), ex(n.Source)
		return &c
	case *Serialize:
		return &Serialize{Input: in(n.Input)}
	case *Materialize:
		return &Materialize{Input: in(n.Input)}
	case *Render:
		c := *n
		c.Input = in(n.Input)
		return &c
	case *BagUnpack:
		c := *n
		c.Input = in(n.Input)
		return &c
	case *MakeSeries:
		c := *n
		c.Input, c.Keys, c.Aggs, c.Axis = in(n.Input), exs(n.Keys), aggs(n.Aggs), ex(n.Axis)
		if n.From != nil {
			c.From = ex(n.From)
		}
		if n.To != nil {
			c.To = ex(n.To)
		}
		if n.Step != nil {
			c.Step = ex(n.Step)
		}
		return &c
	case *MvApply:
		c := *n
		c.Input = in(n.Input)
		e := *n.Expand
		e.Input = c.Input
		c.Expand = &e
		return &c
	case *Sample:
		return &Sample{Input: in(n.Input), N: n.N}
	case *ParseKv:
		c := *n
		c.Input, c.Source = in(n.Input), ex(n.Source)
		return &c
	case *Pivot:
		c := *n
		c.Input = in(n.Input)
		c.Agg = aggs([]AggCall{n.Agg})[0]
		return &c
	case *Unsupported:
		c := *n
		c.In = make([]Node, len(n.In))
		for i, p := range n.In {
			c.In[i] = in(p)
		}
		return &c
	case Rebuilder:
		return n.Rebuild(in, ex)
	}
	return n
}

// mapExpr rebuilds an expression bottom-up with f applied to each node
// after its children; sub-queries are rewritten with sub.
func mapExpr(e Expr, f func(Expr) Expr, sub func(Node) Node) Expr {
	switch x := e.(type) {
	case *Call:
		args := make([]Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = mapExpr(a, f, sub)
		}
		return f(&Call{Fn: x.Fn, Bound: x.Bound, Args: args})
	case *Convert:
		return f(&Convert{X: mapExpr(x.X, f, sub), T: x.T})
	case *InSubquery:
		return f(&InSubquery{X: mapExpr(x.X, f, sub), Sub: sub(x.Sub), Negated: x.Negated, CaseInsensitive: x.CaseInsensitive})
	case *ScalarSubquery:
		return f(&ScalarSubquery{Sub: sub(x.Sub), T: x.T})
	}
	return f(e)
}

// fold evaluates constant sub-expressions everywhere in the plan.
func (o *optimizer) fold(n Node) Node {
	if m, ok := n.(*Materialize); ok {
		if done, ok := o.folded[m]; ok {
			return done
		}
		r := &Materialize{Input: o.fold(m.Input)}
		o.folded[m] = r
		return r
	}
	return rebuild(n, o.fold, o.foldExpr)
}

func (o *optimizer) foldExpr(e Expr) Expr {
	return mapExpr(e, func(x Expr) Expr {
		switch c := x.(type) {
		case *Call:
			return foldWithNow(c, o.now)
		case *Convert:
			if k, ok := c.X.(*Const); ok && k.T != types.Unknown {
				if v, ok := ConvertConst(k.Value, k.T, c.T); ok {
					return &Const{Value: v, T: c.T}
				}
			}
		}
		return x
	}, o.fold)
}
