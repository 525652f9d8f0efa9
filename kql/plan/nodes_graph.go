package plan

import "github.com/quarryhunt/quarry/kql/types"

// Graph semantics: make-graph builds a graph value that only the graph
// operators (graph-match, graph-shortest-paths, graph-to-table,
// graph-mark-components) read. A graph is not a table: the nodes that
// give one (MakeGraph, GraphMarkComponents, GraphLeaf) have an empty
// Schema and describe their nodes' and edges' properties instead.

// GraphPlan marks every node of graph semantics, so that an executor can
// route them all to one place.
type GraphPlan interface {
	Node
	graphPlan()
}

// GraphSource is a node whose value is a graph.
type GraphSource interface {
	GraphPlan
	// NodeProps are the properties every node has (null, or "" for
	// strings, where a node has no value); EdgeProps those of the edges
	// (the edges table's columns).
	NodeProps() types.Schema
	EdgeProps() types.Schema
}

// GraphNodeTable is `with Nodes on ID` of make-graph.
type GraphNodeTable struct {
	Input Node
	ID    int
}

// GraphPropFrom says where one node property comes from: column Col of
// node table Table, or the node's id when Table is -1. Properties found
// in several tables list every source, first table first: a node takes
// the value of the first table that has a row for it.
type GraphPropFrom struct {
	Table, Col int
}

// MakeGraph is make-graph Src --> Dst [with Nodes on ID, ...]
// [with_node_id=Name]: every row of Edges is an edge from the node whose
// id is column Src to the node whose id is column Dst; every row of a
// node table gives the properties of the node with its ID. Nodes that
// only edges name have no properties (nulls).
type MakeGraph struct {
	Edges     Node
	Src, Dst  int
	Nodes     []GraphNodeTable
	Props     types.Schema
	PropsFrom [][]GraphPropFrom // one list per Props column
}

// GraphMarkComponents is graph-mark-components: the input graph with one
// more node property, Name (long), numbering the node's connected
// component from 0 (weakly connected, or strongly with Strong).
type GraphMarkComponents struct {
	Graph  Node // a GraphSource
	Strong bool
	Name   string
}

// GraphLeaf is the graph of one partition inside make-graph's
// partitioned-by sub-query.
type GraphLeaf struct {
	Nodes, Edges types.Schema
}

// GraphPartition is make-graph ... partitioned-by Col (Sub): the edges
// and node rows are split by their value of the partition column (EdgeCol
// of the edges, NodeCols[i] of node table i), one graph is made per
// value, and Sub runs on each (its Leaf standing for that graph); the
// results are concatenated.
type GraphPartition struct {
	Graph    *MakeGraph
	EdgeCol  int
	NodeCols []int
	Leaf     *GraphLeaf
	Sub      Node
}

// GraphToTable is graph-to-table nodes|edges: one row per node (its
// properties) or per edge (the edge's columns). IDCol (nodes) or
// SrcCol/DstCol (edges), when set, name long columns put first that hold
// the hash of the node id (as hash() computes it).
type GraphToTable struct {
	Graph                 Node // a GraphSource
	Edges                 bool
	IDCol, SrcCol, DstCol string
	Out                   types.Schema
}

// GraphDir is the direction an edge of a pattern is walked in.
type GraphDir uint8

const (
	GraphForward  GraphDir = iota // (a)-->(b): an edge from a to b
	GraphBackward                 // (a)<--(b): an edge from b to a
	GraphAnyDir                   // (a)--(b): either
)

// GraphVar is one variable of a pattern: a node, or an edge. Anonymous
// elements get a variable with an empty name.
type GraphVar struct {
	Name string
	Edge bool
}

// GraphStep is one edge of a pattern, joining node variables From and To;
// Var is its edge variable. A variable length edge (Variable) matches a
// path of Min to Max edges.
type GraphStep struct {
	Var, From, To int
	Dir           GraphDir
	Variable      bool
	Min, Max      int
}

// GraphColKind says what a column of a match row holds.
type GraphColKind uint8

const (
	GraphNodeProp  GraphColKind = iota // property Prop of node variable Var
	GraphEdgeProp                      // property Prop of edge variable Var
	GraphDegreeIn                      // the in-degree of node variable Var
	GraphDegreeOut                     // the out-degree of node variable Var
	GraphPathAll                       // all(Var, Elem)
	GraphPathAny                       // any(Var, Elem)
	GraphPathMap                       // map(Var, Elem): dynamic array
)

// GraphCol is one column of the rows that a pattern's where and project
// read. In the element rows of path functions Var is -1: the element
// (an edge, or an inner node with Inner) itself.
type GraphCol struct {
	Kind GraphColKind
	Var  int
	Prop int
	// Path functions: Elem is evaluated over one row per edge of the
	// path (or per inner node with Inner), whose columns are ElemCols.
	Inner    bool
	Elem     Expr
	ElemCols []GraphCol
	ElemRow  types.Schema
}

// GraphMatch is graph-match, and graph-shortest-paths with Shortest.
// Matches of the pattern (Vars, Steps) become rows with the columns Cols
// (schema Row); Where keeps rows and Project computes the output.
// Cycles is "unique_edges" (no edge twice in a match), "none" (no node
// twice) or "all". graph-shortest-paths keeps, per pair of first and
// last node, a shortest path (all of them with OutputAll).
type GraphMatch struct {
	Graph     Node // a GraphSource
	Vars      []GraphVar
	Steps     []GraphStep
	Cycles    string
	Shortest  bool
	OutputAll bool
	Cols      []GraphCol
	Row       types.Schema
	Where     Expr // nil: every match
	Project   []Expr
	Out       types.Schema
}

func (*MakeGraph) graphPlan()           {}
func (*GraphMarkComponents) graphPlan() {}
func (*GraphLeaf) graphPlan()           {}
func (*GraphPartition) graphPlan()      {}
func (*GraphToTable) graphPlan()        {}
func (*GraphMatch) graphPlan()          {}

func (n *MakeGraph) Schema() types.Schema           { return nil }
func (n *GraphMarkComponents) Schema() types.Schema { return nil }
func (n *GraphLeaf) Schema() types.Schema           { return nil }
func (n *GraphPartition) Schema() types.Schema      { return n.Sub.Schema() }
func (n *GraphToTable) Schema() types.Schema        { return n.Out }
func (n *GraphMatch) Schema() types.Schema          { return n.Out }

func (n *MakeGraph) Inputs() []Node {
	in := []Node{n.Edges}
	for _, t := range n.Nodes {
		in = append(in, t.Input)
	}
	return in
}
func (n *GraphMarkComponents) Inputs() []Node { return []Node{n.Graph} }
func (n *GraphLeaf) Inputs() []Node           { return nil }
func (n *GraphPartition) Inputs() []Node      { return []Node{n.Graph, n.Sub} }
func (n *GraphToTable) Inputs() []Node        { return []Node{n.Graph} }
func (n *GraphMatch) Inputs() []Node          { return []Node{n.Graph} }

func (n *MakeGraph) NodeProps() types.Schema { return n.Props }
func (n *MakeGraph) EdgeProps() types.Schema { return n.Edges.Schema() }
func (n *GraphMarkComponents) NodeProps() types.Schema {
	in := n.Graph.(GraphSource).NodeProps()
	return append(append(types.Schema(nil), in...), types.Column{Name: n.Name, Type: types.Long})
}
func (n *GraphMarkComponents) EdgeProps() types.Schema { return n.Graph.(GraphSource).EdgeProps() }
func (n *GraphLeaf) NodeProps() types.Schema           { return n.Nodes }
func (n *GraphLeaf) EdgeProps() types.Schema           { return n.Edges }

// Rebuild implements Rebuilder. The inputs must keep their columns: the
// optimizer gives unknown nodes' inputs all their columns.
func (n *MakeGraph) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Edges = in(n.Edges)
	c.Nodes = make([]GraphNodeTable, len(n.Nodes))
	for i, t := range n.Nodes {
		c.Nodes[i] = GraphNodeTable{Input: in(t.Input), ID: t.ID}
	}
	return &c
}

// Rebuild implements Rebuilder.
func (n *GraphMarkComponents) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Graph = in(n.Graph)
	return &c
}

// Rebuild implements Rebuilder. The sub-query keeps its leaf.
func (n *GraphPartition) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Graph = in(n.Graph).(*MakeGraph)
	c.Sub = in(n.Sub)
	return &c
}

// Rebuild implements Rebuilder.
func (n *GraphToTable) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Graph = in(n.Graph)
	return &c
}

// Rebuild implements Rebuilder. Where and Project read match rows, not
// the input, so they are left as they are.
func (n *GraphMatch) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Graph = in(n.Graph)
	return &c
}
