package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// multiResult stands for an operator with several result tables (fork,
// facet) while the statement is bound; the statement then gives each
// part as a result of its own. It never reaches a plan: anywhere but at
// the end of a statement it is an error.
type multiResult struct {
	parts []plan.Node
}

func (m *multiResult) Schema() types.Schema {
	if len(m.parts) == 0 {
		return nil
	}
	return m.parts[0].Schema()
}

func (m *multiResult) Inputs() []plan.Node { return m.parts }

// outerPipe is the pipeline a statement's expression consists of, or nil.
func outerPipe(x syntax.Expr) *syntax.PipeExpr {
	for {
		switch e := x.(type) {
		case *syntax.Paren:
			x = e.X
		case *syntax.PipeExpr:
			return e
		default:
			return nil
		}
	}
}

// fork binds `fork (q1) (q2) ...`: each branch is a sub-query over the
// input, read once (Materialize), and gives a result of its own.
func (b *binder) fork(o *syntax.ForkOp, in plan.Node, sc *scope) plan.Node {
	mat := &plan.Materialize{Input: in}
	m := &multiResult{}
	for _, br := range o.Branches {
		if n := b.subquery(br.Subquery, sc, mat); n != nil {
			m.parts = append(m.parts, n)
		}
	}
	if len(m.parts) == 0 {
		return nil
	}
	return m
}

// facet binds `facet by A, B [with (q)]`: the with sub-query's result,
// then per column a table of its values and their counts (A, count_A).
func (b *binder) facet(o *syntax.FacetOp, in plan.Node, sc *scope) plan.Node {
	mat := &plan.Materialize{Input: in}
	inS := in.Schema()
	m := &multiResult{}
	if o.With != nil {
		if n := b.subquery(o.With, sc, mat); n != nil {
			m.parts = append(m.parts, n)
		}
	}
	fn, ok := catalogAgg("count")
	if !ok {
		b.unsupported(o.Pos(), "operator 'facet' (no count aggregate in the catalog)")
		return nil
	}
	for _, c := range o.Cols {
		id, isIdent := c.(*syntax.Ident)
		if !isIdent {
			b.errorf(c.Pos(), "KS109", "Column name expected.")
			continue
		}
		i := inS.Index(id.Name)
		if i < 0 {
			b.errorf(c.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
			continue
		}
		b.checkGroupable(&plan.ColRef{Index: i, Name: id.Name, T: inS[i].Type}, c.Pos(), nil)
		bound, err := fn.Bind(nil)
		if err != nil {
			b.callError(o.Pos(), "count", err)
			return nil
		}
		m.parts = append(m.parts, &plan.Aggregate{
			Input: mat,
			Keys:  []plan.Expr{&plan.ColRef{Index: i, Name: id.Name, T: inS[i].Type}},
			Aggs:  []plan.AggCall{{Fn: fn, Bound: bound}},
			Out:   types.Schema{inS[i], {Name: "count_" + id.Name, Type: types.Long}},
		})
	}
	if len(m.parts) == 0 {
		return nil
	}
	return m
}

// subquery binds the sub-query of fork, facet or partition: a pipeline
// whose innermost source is the operator's input.
func (b *binder) subquery(x syntax.Expr, sc *scope, in plan.Node) plan.Node {
	top := b.top
	b.top = nil // a sub-query's operators never give several results
	defer func() { b.top = top }()
	return b.tabular(x, sc, in)
}

// partition binds `partition by Col (q)`, where q reads each partition's
// rows, and `partition by Col { T | ... }`, where q has its own source
// and sees the partition's key as the scalar Col (toscalar(Col)).
func (b *binder) partition(o *syntax.PartitionOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	id, ok := o.By.(*syntax.Ident)
	if !ok {
		b.errorf(o.By.Pos(), "KS109", "Column name expected.")
		return nil
	}
	col := inS.Index(id.Name)
	if col < 0 {
		b.errorf(id.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
		return nil
	}
	b.checkGroupable(&plan.ColRef{Index: col, Name: id.Name, T: inS[col].Type}, id.Pos(), nil)
	rows := &plan.PartitionRows{Out: append(types.Schema(nil), inS...)}
	b.partitionOf[rows] = in
	var sub plan.Node
	if o.Braced {
		// The key of the current partition: its rows' first value of Col.
		keyRows := &plan.Limit{N: 1, Input: &plan.Project{Input: rows,
			Exprs: []plan.Expr{&plan.ColRef{Index: col, Name: id.Name, T: inS[col].Type}},
			Out:   types.Schema{inS[col]}}}
		inner := newScope(sc)
		inner.define(id.Name, &symbol{kind: symScalar, expr: &plan.ScalarSubquery{Sub: keyRows, T: inS[col].Type}})
		sub = b.subquery(o.Subquery, inner, nil)
	} else {
		sub = b.subquery(o.Subquery, sc, rows)
	}
	if sub == nil {
		return nil
	}
	return &plan.Partition{Input: in, Col: col, Sub: sub, Out: sub.Schema()}
}
