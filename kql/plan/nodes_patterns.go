package plan

import "github.com/quarryhunt/quarry/kql/types"

// Nodes of the pattern-mining plugins: basket, and autocluster /
// diffpatterns, which bind (so a query's result schema is known) but
// cannot run exactly.

// Basket is evaluate basket([Threshold, WeightColumn, MaxDimensions,
// CustomWildcard, ...]): the frequent patterns of the input. An item is
// one column holding one value (null and "" are values like any other);
// a pattern is a set of items of distinct columns, its Count the summed
// weight of the rows holding all of them. Kept are the patterns whose
// Count is at least Threshold times the total weight and that are
// closed: no other item has the same Count together with them (a
// pattern that always comes with a further value is shown only with
// it). Out is SegmentId:long, Count:long, Percent:real, then the input's
// columns, holding the pattern's values or the wildcard of their type.
//
// Weight is an input column (-1: every row weighs 1); it is not mined.
// MaxDims bounds the columns of a pattern. Wildcards are the custom
// wildcards, at most one per type ("" for strings and null otherwise
// when absent).
type Basket struct {
	Input     Node
	Threshold float64
	Weight    int
	MaxDims   int
	Wildcards []*Const
	Out       types.Schema
}

// PatternPlugin is an evaluate plugin whose output Quarry can describe
// but not compute exactly (autocluster, diffpatterns): executing it
// fails with Reason.
type PatternPlugin struct {
	Input  Node
	Name   string
	Reason string
	Out    types.Schema
}

func (n *Basket) Schema() types.Schema        { return n.Out }
func (n *PatternPlugin) Schema() types.Schema { return n.Out }

func (n *Basket) Inputs() []Node        { return []Node{n.Input} }
func (n *PatternPlugin) Inputs() []Node { return []Node{n.Input} }

// Rebuild implements Rebuilder.
func (n *Basket) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	return &c
}

// Rebuild implements Rebuilder.
func (n *PatternPlugin) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	return &c
}
