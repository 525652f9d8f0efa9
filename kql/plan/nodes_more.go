package plan

import "github.com/quarryhunt/quarry/kql/types"

// Unsupported stands for an operator that Quarry binds only far enough
// to know its output schema (make-series, top-nested, most evaluate
// plugins, ...). The binder always reports an error with it, so a plan
// holding one is never executed; it exists so that `quarry check` can
// still show the result columns.
type Unsupported struct {
	Op  string // the operator's name, e.g. "top-nested"
	In  []Node
	Out types.Schema
}

// ExternalData is externaldata(...)[uris] with (props): rows read from
// the listed URIs in the declared schema. Executors that cannot fetch
// them must fail with a clear error.
type ExternalData struct {
	Out   types.Schema
	URIs  []string
	Props map[string]string
}

func (n *Unsupported) Schema() types.Schema  { return n.Out }
func (n *ExternalData) Schema() types.Schema { return n.Out }
func (n *Unsupported) Inputs() []Node        { return n.In }
func (n *ExternalData) Inputs() []Node       { return nil }

// MakeSeries is make-series: per group of Keys, each aggregate computed
// per bin of Axis (bins of Step from From to To) as a dynamic array, and
// the bins themselves as a dynamic array. Out is the keys, then one
// column per aggregate, then the axis column. Defaults[i] fills empty
// bins of aggregate i; without a default= (HasDefault[i] false) they get
// 0 of the aggregate's type, as Kusto does, and default=long(null) gives
// nulls.
// From and To may be nil: the range of the data is used. With NonEmpty
// (kind=nonempty) groups without any row in range are still produced.
type MakeSeries struct {
	Input    Node
	Keys     []Expr
	Aggs     []AggCall
	Defaults []any
	// HasDefault tells a null default= from none (nil: none given).
	HasDefault []bool
	Axis       Expr
	From, To   Expr
	Step       Expr
	NonEmpty   bool
	Out        types.Schema
}

// MvApply is mv-apply: each input row is expanded as Expand describes
// (Expand.Input is Input; executors expand one row at a time), the
// expanded rows of that one input row are fed to Sub through its
// ApplyRows leaf, and the results of all rows are concatenated. Carry
// lists input columns (positions in Input) that the sub-query dropped;
// they are prepended to each result row with the input row's values, as
// Kusto adds the unexpanded source columns back. Out is Carry's columns
// then Sub's.
type MvApply struct {
	Input  Node
	Expand *MvExpand
	Sub    Node
	Carry  []int
	Out    types.Schema
}

// ApplyRows is the leaf of an mv-apply sub-query: the expanded rows of
// the current input row.
type ApplyRows struct {
	Out types.Schema
}

func (n *MakeSeries) Schema() types.Schema { return n.Out }
func (n *MvApply) Schema() types.Schema    { return n.Out }
func (n *ApplyRows) Schema() types.Schema  { return n.Out }
func (n *MakeSeries) Inputs() []Node       { return []Node{n.Input} }
func (n *MvApply) Inputs() []Node          { return []Node{n.Input} }
func (n *ApplyRows) Inputs() []Node        { return nil }

// Pivot is evaluate pivot(Col[, Agg][, Keys...]): one row per distinct
// combination of Keys, and one column per distinct value of Col holding
// Agg over the rows with that value. Out is the schema known at bind time
// (the keys); executors append the value columns, named by the values'
// text in order of first appearance, of Agg's type.
type Pivot struct {
	Input Node
	Col   int
	Agg   AggCall
	Keys  []int
	Out   types.Schema
}

// Sample is `sample N`: up to N rows chosen at random.
type Sample struct {
	Input Node
	N     int64
}

func (n *Pivot) Schema() types.Schema  { return n.Out }
func (n *Sample) Schema() types.Schema { return n.Input.Schema() }
func (n *Pivot) Inputs() []Node        { return []Node{n.Input} }
func (n *Sample) Inputs() []Node       { return []Node{n.Input} }

// ParseKv is parse-kv: Source is split into key/value pairs as Props
// describe (pair_delimiter, kv_delimiter, quote, escape, greedy,
// regex) and the value of each declared key feeds its column (converted
// to the column's type; null or empty when the key is missing). Out is
// the input schema plus the declared columns (existing names are
// replaced in place); Keys[i] is the key of output column Cols[i].Index.
type ParseKv struct {
	Input  Node
	Source Expr
	Keys   []string
	Cols   []ParseCol
	Props  map[string]string
	Out    types.Schema
}

func (n *ParseKv) Schema() types.Schema { return n.Out }
func (n *ParseKv) Inputs() []Node       { return []Node{n.Input} }
