package plan

import "github.com/quarryhunt/quarry/kql/types"

// Nodes of the less common operators: top-nested, top-hitters,
// partition, scan, reduce and the evaluate plugins narrow, ipv4_lookup,
// ipv6_lookup and schema_merge. Operators that the binder expresses with
// the core nodes are not here: sample-distinct (Aggregate + Limit),
// project-by-names (Project), consume (an empty Project), assert-schema
// (checked at bind time), fork and facet (several results of the query
// over a shared Materialize).

// TopNested is top-nested: hierarchical aggregation. Level 0 groups the
// input rows by Levels[0].Of and keeps the N groups whose Value ranks
// first (largest with Desc, smallest otherwise); each further level groups
// the rows of each group kept above it by its own Of and keeps N of those.
// One output row per kept path; Out has two columns per level: the Of
// value, then Value. With Others set, each level also gives, per group of
// the level above, one row whose Of column holds Others and whose Value
// aggregates the rows of the groups that were not kept; the deeper
// levels' columns of that row are null ("" for strings).
type TopNested struct {
	Input  Node
	Levels []TopNestedLevel
	Out    types.Schema
}

// TopNestedLevel is one top-nested clause. N < 0 keeps every group.
// Aggs are aggregates over the input rows of a group; Value combines their
// results (ColRef i reads the result of Aggs[i]), so `sum(X)` and
// `count() * 2` are both a Value over Aggs. Others is a constant of Of's
// type, or nil without `with others`.
type TopNestedLevel struct {
	N      int64
	Of     Expr
	Aggs   []AggCall
	Value  Expr
	Others *Const
	Desc   bool
}

// TopHitters is top-hitters N of Col [by Sum]: the N values of input
// column Col with the most rows, or with the largest sum of Sum when it is
// set, largest first. Out is Col, then the count (long) or the sum (Sum's
// type). Kusto computes it approximately; the exact answer is a valid one.
// The output is serialized.
type TopHitters struct {
	Input Node
	N     int64
	Col   int
	Sum   Expr
	Out   types.Schema
}

// Partition is partition by Col (Sub): the input rows are split by the
// value of column Col, Sub runs once per distinct value over that
// value's rows (its PartitionRows leaves), and the results are
// concatenated. Out is Sub's schema. In the braced form (`by Col { T |
// ... }`) Sub reads its own source and refers to the key only through
// scalar sub-queries over PartitionRows.
type Partition struct {
	Input Node
	Col   int
	Sub   Node
	Out   types.Schema
}

// PartitionRows is the leaf of a partition sub-query: the input rows of
// the partition being computed. Its schema is the partition's input's.
type PartitionRows struct {
	Out types.Schema
}

// ScanSteps is the scan operator: a state machine run over the rows in
// order (within each PartitionBy group when set, ordered by OrderBy when
// set; otherwise in input order). Each input row is matched against the
// steps from last to first; a row that matches a step's Cond is output
// (unless the step's Output says otherwise) with the step's Assigns
// applied, and updates that step's state. Out is the input's columns,
// then Declared, then MatchID (long) when it is set.
//
// Cond and Assigns read a scope of (len(Steps)+1)*W columns, W being
// len(Input)+len(Declared): columns 0..W-1 are the current row (input
// columns, then the declared ones holding their current values), and
// columns k*W..(k+1)*W-1 are the state of step k-1 (`StepName.Col`).
type ScanSteps struct {
	Input       Node
	Declared    types.Schema
	Defaults    []*Const // one per declared column: its default (typed null when none)
	Steps       []ScanStep
	MatchID     string
	OrderBy     []SortKey
	PartitionBy []Expr
	Out         types.Schema
}

// ScanStep is `step Name [optional] [output=all|last|none]: Cond => Assigns`.
type ScanStep struct {
	Name     string
	Optional bool
	Output   string // "all" (default), "last" or "none"
	Cond     Expr
	Assigns  []ScanAssign
}

// ScanAssign sets declared column Col (an index into Declared) to X.
type ScanAssign struct {
	Col int
	X   Expr
}

// Reduce is reduce by By [with threshold=Threshold, characters=Characters]:
// the string values of By are grouped by similarity into patterns in
// which * stands for any text. Without Source, one row per pattern: Out is
// Pattern:string, Count:long, Representative:string (one of the values
// of the group). With Source (kind=source), the input rows with a Pattern
// column appended. Characters "" means the default term separators.
// The binder gives it Kusto's schema so that `quarry check` works; the
// executor refuses it, because Kusto's grouping is not documented exactly.
type Reduce struct {
	Input      Node
	By         Expr
	Threshold  float64
	Characters string
	Source     bool
	Out        types.Schema
}

// Narrow is evaluate narrow(): one row per cell of the input, Out being
// Row:long (the input row's position, from 0), Column:string (the cell's
// column name) and Value:string (the cell as text).
type Narrow struct {
	Input Node
	Out   types.Schema
}

// IPLookup is evaluate ipv4_lookup / ipv6_lookup(Lookup, Key, LookupKey
// [, ExtraKeys...] [, return_unmatched]): each input row is matched with
// the Lookup rows whose LookupKey (an IP range: address, CIDR prefix, or
// address with a mask) contains the input's Key address (V6: IPv6
// addresses and prefixes) and whose ExtraKeys columns equal the input's.
// Rows without a match are dropped, or kept with nulls when
// ReturnUnmatched. OutCols maps each output column to its source (as in
// Join): the input's columns, then the lookup's except ExtraKeys.
type IPLookup struct {
	Input, Lookup   Node
	V6              bool
	Key, LookupKey  int
	ExtraKeys       []int // input columns
	LookupExtraKeys []int // their lookup columns
	ReturnUnmatched bool
	OutCols         []JoinOut
	Out             types.Schema
}

// SchemaMerge is evaluate schema_merge([PreferLatest]): the input holds
// table schemas in getschema's form (ColumnName, ColumnOrdinal, DataType,
// ColumnType, possibly unioned from several tables) and the output is the
// merged schema in the same form: each column name once, in order of
// first appearance; a name seen with several types keeps its first type,
// or its last one with PreferLatest.
type SchemaMerge struct {
	Input        Node
	PreferLatest bool
	Out          types.Schema
}

func (n *TopNested) Schema() types.Schema     { return n.Out }
func (n *TopHitters) Schema() types.Schema    { return n.Out }
func (n *Partition) Schema() types.Schema     { return n.Out }
func (n *PartitionRows) Schema() types.Schema { return n.Out }
func (n *ScanSteps) Schema() types.Schema     { return n.Out }
func (n *Reduce) Schema() types.Schema        { return n.Out }
func (n *Narrow) Schema() types.Schema        { return n.Out }
func (n *IPLookup) Schema() types.Schema      { return n.Out }
func (n *SchemaMerge) Schema() types.Schema   { return n.Out }

func (n *TopNested) Inputs() []Node     { return []Node{n.Input} }
func (n *TopHitters) Inputs() []Node    { return []Node{n.Input} }
func (n *Partition) Inputs() []Node     { return []Node{n.Input} }
func (n *PartitionRows) Inputs() []Node { return nil }
func (n *ScanSteps) Inputs() []Node     { return []Node{n.Input} }
func (n *Reduce) Inputs() []Node        { return []Node{n.Input} }
func (n *Narrow) Inputs() []Node        { return []Node{n.Input} }
func (n *IPLookup) Inputs() []Node      { return []Node{n.Input, n.Lookup} }
func (n *SchemaMerge) Inputs() []Node   { return []Node{n.Input} }

// Rebuilder is a node that can copy itself with its inputs replaced by
// in(input) and its expressions by ex(expr), keeping its schema. The
// optimizer's rebuild can use it for nodes it does not know.
type Rebuilder interface {
	Rebuild(in func(Node) Node, ex func(Expr) Expr) Node
}

func rebuildAggs(as []AggCall, ex func(Expr) Expr) []AggCall {
	out := make([]AggCall, len(as))
	for i, a := range as {
		args := make([]Expr, len(a.Args))
		for j, x := range a.Args {
			args[j] = ex(x)
		}
		out[i] = AggCall{Fn: a.Fn, Bound: a.Bound, Args: args}
	}
	return out
}

// Rebuild implements Rebuilder. Value reads aggregate results, not the
// input, so it is left as it is.
func (n *TopNested) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	c.Levels = make([]TopNestedLevel, len(n.Levels))
	for i, l := range n.Levels {
		l.Of = ex(l.Of)
		l.Aggs = rebuildAggs(l.Aggs, ex)
		c.Levels[i] = l
	}
	return &c
}

// Rebuild implements Rebuilder.
func (n *TopHitters) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	if n.Sum != nil {
		c.Sum = ex(n.Sum)
	}
	return &c
}

// Rebuild implements Rebuilder. The sub-query is rebuilt too; its
// PartitionRows leaves keep the input's schema.
func (n *Partition) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input, c.Sub = in(n.Input), in(n.Sub)
	return &c
}

// Rebuild implements Rebuilder. Step expressions read the scan's own
// scope, not the input, so only the ordering and partitioning ones,
// which read the input, are rewritten.
func (n *ScanSteps) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	c.OrderBy = make([]SortKey, len(n.OrderBy))
	for i, k := range n.OrderBy {
		c.OrderBy[i] = SortKey{X: ex(k.X), Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	c.PartitionBy = make([]Expr, len(n.PartitionBy))
	for i, x := range n.PartitionBy {
		c.PartitionBy[i] = ex(x)
	}
	return &c
}

// Rebuild implements Rebuilder.
func (n *Reduce) Rebuild(in func(Node) Node, ex func(Expr) Expr) Node {
	c := *n
	c.Input, c.By = in(n.Input), ex(n.By)
	return &c
}

// Rebuild implements Rebuilder.
func (n *Narrow) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	return &c
}

// Rebuild implements Rebuilder.
func (n *IPLookup) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input, c.Lookup = in(n.Input), in(n.Lookup)
	return &c
}

// Rebuild implements Rebuilder.
func (n *SchemaMerge) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input = in(n.Input)
	return &c
}
