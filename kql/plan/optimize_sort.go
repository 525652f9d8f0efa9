package plan

import "github.com/quarryhunt/quarry/kql/functions"

// dropSorts removes a sort whose rows only feed a summarize: groups and
// aggregates do not depend on row order, except the make_list family,
// which Kusto documents as following a sorted input ("the order of
// elements in the resulting array tracks that of the input"). Other
// aggregates' orders are undefined (make_set) or arbitrary (take_any,
// arg_max ties), and Kusto's own results show them in the rows' original
// order, so dropping the sort both saves its work and gives that order.
// The sort is looked for through filters and projections without window
// functions, which keep rows as they are.
func (o *optimizer) dropSorts(n Node) Node {
	if m, ok := n.(*Materialize); ok {
		if done, ok := o.unsorted[m]; ok {
			return done
		}
		r := &Materialize{Input: o.dropSorts(m.Input)}
		o.unsorted[m] = r
		return r
	}
	n = rebuild(n, o.dropSorts, func(e Expr) Expr { return mapExpr(e, same, o.dropSorts) })
	a, ok := n.(*Aggregate)
	if !ok {
		return n
	}
	for _, c := range a.Aggs {
		if c.Fn != nil && followsInputOrder[c.Fn.Name] {
			return n
		}
	}
	in := withoutSort(a.Input)
	if in == a.Input {
		return n
	}
	c := *a
	c.Input = in
	return &c
}

// followsInputOrder are the aggregates whose result depends on row order.
var followsInputOrder = map[string]bool{
	"make_list": true, "makelist": true, "make_list_if": true, "make_list_with_nulls": true,
}

// withoutSort returns n without the sort it reads through order-keeping
// operators, or n itself when there is none.
func withoutSort(n Node) Node {
	switch x := n.(type) {
	case *Sort:
		return x.Input
	case *Filter:
		if hasWindowCall(x.Pred) {
			return n
		}
		if in := withoutSort(x.Input); in != x.Input {
			return &Filter{Input: in, Pred: x.Pred}
		}
	case *Project:
		if x.Window {
			return n
		}
		for _, e := range x.Exprs {
			if hasWindowCall(e) {
				return n
			}
		}
		if in := withoutSort(x.Input); in != x.Input {
			c := *x
			c.Input = in
			return &c
		}
	}
	return n
}

func hasWindowCall(e Expr) bool {
	found := false
	mapExpr(e, func(x Expr) Expr {
		if c, ok := x.(*Call); ok && c.Fn != nil && c.Fn.Kind == functions.Window {
			found = true
		}
		return x
	}, func(n Node) Node { return n })
	return found
}
