package plan

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Node is a logical operator. Schema is its output; Inputs its children.
type Node interface {
	Schema() types.Schema
	Inputs() []Node
}

// Scan reads a table. Columns is the table's full schema; Project lists
// the positions (into Columns) that the query uses, in output order, or is
// nil for all of them. TimeColumn/From/To, when set by the optimizer, let
// storage skip partitions: rows outside [From, To) may be skipped but
// need not be (a Filter above still applies).
type Scan struct {
	Table      string
	Columns    types.Schema
	Project    []int
	TimeColumn string
	From, To   *int64
}

// Values is a literal table (datatable, and results computed at bind
// time such as getschema). Rows hold boxed values matching Out.
type Values struct {
	Out  types.Schema
	Rows [][]any
}

// Range is the range operator: one column from From to To by Step.
type Range struct {
	Out            types.Schema // one column
	From, To, Step Expr         // constants or scalar subqueries
}

// Filter keeps rows where Pred is true (null is false).
type Filter struct {
	Input Node
	Pred  Expr
}

// Project computes one output column per expression. project, extend,
// project-away, -keep, -rename, -reorder and print all bind to it.
// Window is true when an expression calls a window function: the executor
// then evaluates over the whole (serialized) input at once.
type Project struct {
	Input  Node
	Exprs  []Expr
	Out    types.Schema
	Window bool
}

// AggCall is one aggregate of a summarize.
type AggCall struct {
	Fn    *functions.Func
	Bound *functions.Bound
	Args  []Expr
}

// Aggregate is summarize (and distinct, count): output columns are the
// Keys then each AggCall's outputs (one, or Bound.Outputs).
type Aggregate struct {
	Input Node
	Keys  []Expr
	Aggs  []AggCall
	Out   types.Schema
}

// JoinKind is a join flavour.
type JoinKind uint8

const (
	InnerUnique JoinKind = iota
	Inner
	LeftOuter
	RightOuter
	FullOuter
	LeftAnti
	RightAnti
	LeftSemi
	RightSemi
)

var joinKindNames = [...]string{"innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftanti", "rightanti", "leftsemi", "rightsemi"}

func (k JoinKind) String() string { return joinKindNames[k] }

// JoinOut says where one output column of a join comes from.
type JoinOut struct {
	Right bool // false: left input
	Index int
}

// Join matches rows of Left and Right whose key columns are equal
// (LeftKeys[i] == RightKeys[i], positions in each input). OutCols maps
// each output column to its source; for semi and anti joins they come from
// one side only. Lookup binds to a Join too (leftouter or inner, right keys
// not in the output).
type Join struct {
	Left, Right         Node
	Kind                JoinKind
	LeftKeys, RightKeys []int
	OutCols             []JoinOut
	Out                 types.Schema
}

// Union concatenates Parts. Maps[i][c] is the column of part i that
// feeds output column c, or -1 (null/empty). With WithSource set, output
// column SourceCol holds SourceNames[i] for rows of input i.
type Union struct {
	Parts       []Node
	Maps        [][]int
	Out         types.Schema
	SourceCol   int // -1 when there is no withsource column
	SourceNames []string
}

// SortKey is one ordering term.
type SortKey struct {
	X          Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders rows (sort/order by). Kusto's default is desc, nulls last
// for desc and nulls first for asc; the binder fills the defaults.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Top is sort followed by limit, executed with a bounded heap.
type Top struct {
	Input Node
	N     int64
	Keys  []SortKey
}

// Limit keeps the first N rows (take, limit).
type Limit struct {
	Input Node
	N     int64
}

// MvExpandCol is one column to expand, converted to T (dynamic unless
// `to typeof(T)` was given).
type MvExpandCol struct {
	Index int
	T     types.Type
}

// MvExpand expands dynamic arrays (or bags) into rows. Out is the input
// schema with the expanded columns' types replaced, plus ItemIndex (a long
// column appended when set). Limit bounds the rows per input row (0 = no
// limit). BagExpansion is "bag" (default) or "array".
type MvExpand struct {
	Input        Node
	Cols         []MvExpandCol
	ItemIndex    string
	Limit        int64
	BagExpansion string
	Out          types.Schema
}

// Parse extracts columns from Source with a compiled regular expression
// (parse kind=simple and kind=regex both compile to one): capture group i
// feeds output column Cols[i], converted to its type. Out is the input
// schema plus the new columns (existing names are replaced in place). When
// Where is true (parse-where) rows that do not match are dropped;
// otherwise they get nulls/empty strings.
type Parse struct {
	Input  Node
	Source Expr
	Regex  string
	Cols   []ParseCol
	Where  bool
	Out    types.Schema
	// Relaxed is kind=relaxed: a captured value that does not convert to
	// its column's type becomes null while the row still counts as
	// parsed (kept by parse-where, other columns filled). The regex then
	// captures typed columns as text (the string column pattern), so
	// that the delimiters alone decide whether a row matches.
	Relaxed bool
}

// ParseCol is one extracted column: Group is its capture group number,
// Index its position in Out.
type ParseCol struct {
	Group int
	Index int
	T     types.Type
}

// Serialize marks the input as ordered (serialize, and after sort/top);
// it changes no rows.
type Serialize struct {
	Input Node
}

// Materialize evaluates Input once per query and shares the result
// between all references to the same *Materialize (materialize(), `as`,
// and lets referenced more than once where that is safe).
type Materialize struct {
	Input Node
}

// Render passes rows through and records the chart request as result
// metadata (render is a client-side instruction in Kusto).
type Render struct {
	Input Node
	Chart string
	Props map[string]string
}

// BagUnpack is evaluate bag_unpack(Col[, Prefix]): Col is removed and one
// column per property is added. With Fixed, Out is exactly the output:
// declared by the query, or discovered from the data by the engine, which
// runs the input and binds again. Otherwise (quarry check, which has no
// data) Out is the input without Col plus the names later operators use,
// and executors add the columns they find.
type BagUnpack struct {
	Input    Node
	Col      int
	Prefix   string
	Declared types.Schema
	Out      types.Schema
	// ColumnsConflict is the columnsConflict argument: "error" (also
	// when empty), "replace_source" or "keep_source". An unpacked column
	// whose name an input column has fails the query, replaces that
	// column in place, or is dropped (the input column stays).
	ColumnsConflict string
	// IgnoredProperties are property names not unpacked (the
	// ignoredProperties argument).
	IgnoredProperties []string
	// Fixed is true when the query gave the output schema
	// (`bag_unpack(...) : (...)`): Out is then exactly the result, even
	// when every declared column comes from the input.
	Fixed bool
}

// Schema implementations.

func (n *Scan) Schema() types.Schema {
	if n.Project == nil {
		return n.Columns
	}
	out := make(types.Schema, len(n.Project))
	for i, p := range n.Project {
		out[i] = n.Columns[p]
	}
	return out
}
func (n *Values) Schema() types.Schema      { return n.Out }
func (n *Range) Schema() types.Schema       { return n.Out }
func (n *Filter) Schema() types.Schema      { return n.Input.Schema() }
func (n *Project) Schema() types.Schema     { return n.Out }
func (n *Aggregate) Schema() types.Schema   { return n.Out }
func (n *Join) Schema() types.Schema        { return n.Out }
func (n *Union) Schema() types.Schema       { return n.Out }
func (n *Sort) Schema() types.Schema        { return n.Input.Schema() }
func (n *Top) Schema() types.Schema         { return n.Input.Schema() }
func (n *Limit) Schema() types.Schema       { return n.Input.Schema() }
func (n *MvExpand) Schema() types.Schema    { return n.Out }
func (n *Parse) Schema() types.Schema       { return n.Out }
func (n *Serialize) Schema() types.Schema   { return n.Input.Schema() }
func (n *Materialize) Schema() types.Schema { return n.Input.Schema() }
func (n *Render) Schema() types.Schema      { return n.Input.Schema() }
func (n *BagUnpack) Schema() types.Schema   { return n.Out }

func (n *Scan) Inputs() []Node        { return nil }
func (n *Values) Inputs() []Node      { return nil }
func (n *Range) Inputs() []Node       { return nil }
func (n *Filter) Inputs() []Node      { return []Node{n.Input} }
func (n *Project) Inputs() []Node     { return []Node{n.Input} }
func (n *Aggregate) Inputs() []Node   { return []Node{n.Input} }
func (n *Join) Inputs() []Node        { return []Node{n.Left, n.Right} }
func (n *Union) Inputs() []Node       { return n.Parts }
func (n *Sort) Inputs() []Node        { return []Node{n.Input} }
func (n *Top) Inputs() []Node         { return []Node{n.Input} }
func (n *Limit) Inputs() []Node       { return []Node{n.Input} }
func (n *MvExpand) Inputs() []Node    { return []Node{n.Input} }
func (n *Parse) Inputs() []Node       { return []Node{n.Input} }
func (n *Serialize) Inputs() []Node   { return []Node{n.Input} }
func (n *Materialize) Inputs() []Node { return []Node{n.Input} }
func (n *Render) Inputs() []Node      { return []Node{n.Input} }
func (n *BagUnpack) Inputs() []Node   { return []Node{n.Input} }

// Query is a bound query: one result per tabular statement, in order
// (most queries have one).
type Query struct {
	Results []Node
}
