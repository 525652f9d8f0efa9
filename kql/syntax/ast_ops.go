package syntax

// This file declares one struct per tabular operator. Every operator embeds
// OpHeader, so all of them have OpPos (the operator keyword), Keyword (the
// spelling used: "order" vs "sort", "mvexpand" vs "mv-expand", "filter" vs
// "where", "limit" vs "take"), Params (all `name=value` operator parameters
// in source order, including hint.*) and EndPos. Semantically important
// parameters are additionally decoded into dedicated fields (JoinOp.Kind,
// UnionOp.WithSource, ...).

// OpHeader is embedded in every tabular operator.
type OpHeader struct {
	OpPos   Pos
	Keyword string
	Params  []*NamedParam
	EndPos  Pos
}

func (h *OpHeader) Pos() Pos { return h.OpPos }
func (h *OpHeader) End() Pos { return h.EndPos }

// Param returns the operator parameter with the given lowercase name, or nil.
func (h *OpHeader) Param(name string) *NamedParam { return findParam(h.Params, name) }

type (
	// WhereOp is `where Pred` (alias filter).
	WhereOp struct {
		OpHeader
		Pred Expr
	}

	// ProjectOp is `project a, b = x, f(c)`. Items are *Ident, *NamedExpr
	// or arbitrary expressions (auto-named by the binder).
	ProjectOp struct {
		OpHeader
		Cols []Expr
	}

	// ProjectAwayOp is `project-away a, b*` (*Ident or *NamePattern).
	ProjectAwayOp struct {
		OpHeader
		Cols []Expr
	}

	// ProjectKeepOp is `project-keep a, b*`.
	ProjectKeepOp struct {
		OpHeader
		Cols []Expr
	}

	// ProjectRenameOp is `project-rename New = Old, ...`.
	ProjectRenameOp struct {
		OpHeader
		Cols []*NamedExpr
		// Invalid holds items that are not `New = Old` (Kusto's parser
		// accepts them syntactically; the binder reports them).
		Invalid []Expr
	}

	// ProjectReorderOp is `project-reorder a, b* asc, c granny-desc`.
	ProjectReorderOp struct {
		OpHeader
		Cols []*SortKey
	}

	// ProjectByNamesOp is `project-by-names 'a', 'b'` (names as expressions).
	ProjectByNamesOp struct {
		OpHeader
		Cols []Expr
	}

	// ExtendOp is `extend a = x, f(y)`.
	ExtendOp struct {
		OpHeader
		Cols []Expr
	}

	// SummarizeOp is `summarize [hint.*=...] Aggs [by ByExprs]`.
	SummarizeOp struct {
		OpHeader
		Aggs    []Expr
		By      Pos // NoPos without `by`
		ByExprs []Expr
	}

	// DistinctOp is `distinct a, b` or `distinct *`.
	DistinctOp struct {
		OpHeader
		Cols []Expr
	}

	// CountOp is `count`.
	CountOp struct {
		OpHeader
	}

	// TakeOp is `take N` (alias limit).
	TakeOp struct {
		OpHeader
		Count Expr
	}

	// SampleOp is `sample N`.
	SampleOp struct {
		OpHeader
		Count Expr
	}

	// SampleDistinctOp is `sample-distinct N of Col`.
	SampleDistinctOp struct {
		OpHeader
		Count Expr
		Of    Expr
	}

	// TopOp is `top N by Key [asc|desc] [nulls first|last]`.
	TopOp struct {
		OpHeader
		Count Expr
		By    Pos
		Keys  []*SortKey
	}

	// SortOp is `sort by k1 desc, k2 asc` (alias order).
	SortOp struct {
		OpHeader
		By   Pos
		Keys []*SortKey
	}

	// TopNestedOp is a chain of `top-nested [N] of Expr [with others = V] by Agg [asc|desc]`
	// clauses separated by commas.
	TopNestedOp struct {
		OpHeader
		Clauses []*TopNestedClause
	}

	// TopHittersOp is `top-hitters N of Expr [by Sum]`.
	TopHittersOp struct {
		OpHeader
		Count Expr
		Of    Expr
		By    Expr // nil if absent
	}

	// MvExpandOp is `mv-expand [bagexpansion=bag|array] [with_itemindex=I] items [limit N]`.
	MvExpandOp struct {
		OpHeader
		BagExpansion string // "" (default), "bag", "array"
		ItemIndex    *Ident // with_itemindex column, nil if absent
		Items        []*MvExpandItem
		Limit        Expr
	}

	// MvApplyOp is `mv-apply [with_itemindex=I] items [limit N] [id=...] on (Subquery)`.
	// Subquery is a pipeline whose innermost Source is nil (the expanded rows).
	MvApplyOp struct {
		OpHeader
		ItemIndex *Ident
		Items     []*MvExpandItem
		Limit     Expr
		On        Pos
		Subquery  Expr
	}

	// ParseOp is `parse [kind=simple|regex|relaxed] [flags=...] Source with Pattern`.
	// Pattern items are *Literal (string), *Star, or *ColumnDecl (Type nil =
	// string).
	ParseOp struct {
		OpHeader
		Kind    string // "", "simple", "regex", "relaxed"
		Flags   string // regex flags for kind=regex
		Source  Expr
		With    Pos
		Pattern []Expr
	}

	// ParseWhereOp is `parse-where` (same shape as ParseOp; rows that do not
	// match are dropped).
	ParseWhereOp struct {
		OpHeader
		Kind    string
		Flags   string
		Source  Expr
		With    Pos
		Pattern []Expr
	}

	// ParseKvOp is `parse-kv Source as (a:string, b:long) with (pair_delimiter=',', ...)`.
	ParseKvOp struct {
		OpHeader
		Source  Expr
		Columns []*ColumnDecl
		With    Pos
		Props   []*NamedParam
	}

	// MakeSeriesOp is
	// `make-series [kind=nonempty] Aggs on Axis [from A] [to B] step S [by ...]`
	// or the legacy `... on Axis in range(A, B, S) by ...` (InRange set).
	MakeSeriesOp struct {
		OpHeader
		Aggs    []*MakeSeriesAgg
		On      Pos
		Axis    Expr
		From    Expr
		To      Expr
		Step    Expr
		InRange *Call
		By      Pos
		ByExprs []Expr
	}

	// RenderOp is `render timechart [with (title='x', ...)]`.
	RenderOp struct {
		OpHeader
		Chart *Ident
		Props []*NamedParam // `with (...)` properties (and legacy bare ones)
	}

	// AsOp is `as [hint.materialized=true] Name`.
	AsOp struct {
		OpHeader
		Name *Ident
	}

	// SerializeOp is `serialize [a = row_number(), ...]`.
	SerializeOp struct {
		OpHeader
		Cols []Expr
	}

	// GetSchemaOp is `getschema`.
	GetSchemaOp struct {
		OpHeader
	}

	// InvokeOp is `invoke F(args)`; the input is the function's first argument.
	InvokeOp struct {
		OpHeader
		Call *Call
	}

	// EvaluateOp is `evaluate [hint.*=...] plugin(args) [: (schema)]`.
	EvaluateOp struct {
		OpHeader
		Call   *Call
		Schema *TypeRef // optional output schema
	}

	// FacetOp is `facet by a, b [with (subquery)]`.
	FacetOp struct {
		OpHeader
		Cols []Expr
		With Expr // nil if absent; a pipeline with nil innermost Source
	}

	// ForkOp is `fork (q1) name=(q2) ...`.
	ForkOp struct {
		OpHeader
		Branches []*ForkBranch
	}

	// PartitionOp is `partition [hint.strategy=...] by Col (Subquery)` or
	// `... by Col { Subquery }` (Braced).
	PartitionOp struct {
		OpHeader
		Strategy string
		By       Expr
		Braced   bool
		Subquery Expr
	}

	// ScanOp is `scan [with_match_id=Id] [declare (params)] [order by ...]
	// [partition by ...] with (steps)`.
	ScanOp struct {
		OpHeader
		MatchID     *Ident
		OrderBy     []*SortKey
		PartitionBy []Expr
		Declare     []*Param
		Steps       []*ScanStep
	}

	// ConsumeOp is `consume`.
	ConsumeOp struct {
		OpHeader
	}

	// ReduceOp is `reduce [kind=source] by Expr [with threshold=..., characters=...]`.
	ReduceOp struct {
		OpHeader
		By   Expr
		With []*NamedParam
	}

	// AssertSchemaOp is `assert-schema (a:string, b:long, *)`.
	AssertSchemaOp struct {
		OpHeader
		Schema *TypeRef
	}

	// MacroExpandOp is `macro-expand [isfuzzy=...] EntityGroup as Alias (Subquery)`.
	MacroExpandOp struct {
		OpHeader
		EntityGroup Expr
		As          *Ident
		Subquery    Expr
	}

	// JoinOp is `join [kind=K] [hint.*=...] Right on Conds [where Pred]`.
	// OnExprs holds the `on` list as written: *Ident for same-named keys,
	// Binary OpEq of `$left.A == $right.B`, possibly combined with `and`.
	JoinOp struct {
		OpHeader
		Kind    string // lowercased kind= value, "" if absent (innerunique)
		Right   Expr
		On      Pos
		OnExprs []Expr
		Where   Expr // condition of where-style joins, nil if absent
	}

	// LookupOp is `lookup [kind=leftouter|inner] Right on Conds`.
	LookupOp struct {
		OpHeader
		Kind    string
		Right   Expr
		On      Pos
		OnExprs []Expr
	}

	// UnionOp is `union [kind=inner|outer] [withsource=Col] [isfuzzy=true] Tables`.
	// Tables may be *Ident, *NamePattern, *Paren (subquery), *Call, ...
	UnionOp struct {
		OpHeader
		Kind       string
		WithSource *Ident
		IsFuzzy    bool
		Tables     []Expr
	}

	// FindOp is `find [withsource=C] [in (Tables)] where Pred [project ...|project-smart]`.
	FindOp struct {
		OpHeader
		WithSource  *Ident
		Tables      []Expr // nil without `in (...)`
		Pred        Expr
		ProjectKind string // "", "project", "project-smart"
		Cols        []Expr
	}

	// SearchOp is `search [kind=case_sensitive] [withsource=C] [in (Tables)] Pred`.
	SearchOp struct {
		OpHeader
		Kind       string
		WithSource *Ident
		Tables     []Expr
		Pred       Expr
	}

	// PrintOp is `print a = 1, 2`.
	PrintOp struct {
		OpHeader
		Exprs []Expr
	}

	// RangeOp is `range Name from A to B step S`.
	RangeOp struct {
		OpHeader
		Name           *Ident
		From, To, Step Expr
	}

	// DataTableOp is `datatable(a:string, b:long) [ 'x', 1, 'y', 2 ]`.
	DataTableOp struct {
		OpHeader
		Columns []*ColumnDecl
		Values  []Expr
	}

	// ExternalDataOp is `externaldata(a:string) [ 'uri', ... ] [with (format='csv', ...)]`.
	ExternalDataOp struct {
		OpHeader
		Columns []*ColumnDecl
		URIs    []Expr
		Props   []*NamedParam
	}

	// ExecuteAndCacheOp is `execute-and-cache`.
	ExecuteAndCacheOp struct {
		OpHeader
	}

	// MakeGraphOp is
	// `make-graph Src --> Dst [with Nodes on Id, ...] [with_node_id=Name] [partitioned-by Col (q)]`.
	MakeGraphOp struct {
		OpHeader
		Source   Expr
		Directed bool // `-->` (true) or `--` (false)
		Target   Expr
		Nodes    []*GraphNodesSpec
	}

	// GraphMatchOp is `graph-match [cycles=...] Patterns [where Pred] [project Cols]`.
	GraphMatchOp struct {
		OpHeader
		Patterns []*GraphPattern
		Where    Expr
		Project  []Expr
	}

	// GenericOp holds a rare operator (graph-to-table, graph-merge,
	// graph-shortest-paths, graph-mark-components, project-smart, ...) whose
	// arguments are kept as raw text. The parser still balances brackets so
	// the pipeline continues correctly after it.
	GenericOp struct {
		OpHeader
		Name string // canonical operator name
		Raw  string // source text after the operator name
	}
)

// MvExpandItem is `[Name =] Expr [to typeof(T)]` in mv-expand / mv-apply.
type MvExpandItem struct {
	Name *Ident // nil if not renamed; tuple renames are not KQL
	X    Expr
	To   *TypeRef
}

func (it *MvExpandItem) Pos() Pos {
	if it.Name != nil {
		return it.Name.Pos()
	}
	return it.X.Pos()
}
func (it *MvExpandItem) End() Pos {
	if it.To != nil {
		return it.To.End()
	}
	return it.X.End()
}

// MakeSeriesAgg is `[Name =] Agg [default = V]`.
type MakeSeriesAgg struct {
	X       Expr // the aggregate, possibly a *NamedExpr
	Default Expr // nil if absent
}

func (a *MakeSeriesAgg) Pos() Pos { return a.X.Pos() }
func (a *MakeSeriesAgg) End() Pos {
	if a.Default != nil {
		return a.Default.End()
	}
	return a.X.End()
}

// TopNestedClause is `top-nested [N] of Expr [with others = V] by Agg [asc|desc]`.
type TopNestedClause struct {
	TopNested Pos
	Count     Expr // nil means all
	Of        Expr // may be a *NamedExpr
	Others    Expr // nil if no `with others`
	By        Expr // aggregate, may be a *NamedExpr
	Order     string
	EndPos    Pos
}

func (c *TopNestedClause) Pos() Pos { return c.TopNested }
func (c *TopNestedClause) End() Pos { return c.EndPos }

// ForkBranch is `[name=] ( subquery )` in fork.
type ForkBranch struct {
	Name     *Ident
	Lparen   Pos
	Subquery Expr
	Rparen   Pos
}

func (b *ForkBranch) Pos() Pos {
	if b.Name != nil {
		return b.Name.Pos()
	}
	return b.Lparen
}
func (b *ForkBranch) End() Pos { return b.Rparen + 1 }

// ScanStep is `step Name [optional] [output=...]: Cond [=> Col = Expr, ...];`.
type ScanStep struct {
	Step     Pos
	Name     *Ident
	Optional bool
	Params   []*NamedParam // e.g. output=all|last|none
	Cond     Expr
	Assigns  []*NamedExpr
	EndPos   Pos
}

func (s *ScanStep) Pos() Pos { return s.Step }
func (s *ScanStep) End() Pos { return s.EndPos }

// GraphNodesSpec is `with NodesTable on IdColumn` in make-graph.
type GraphNodesSpec struct {
	With  Pos
	Nodes Expr
	On    Expr
}

func (g *GraphNodesSpec) Pos() Pos { return g.With }
func (g *GraphNodesSpec) End() Pos { return g.On.End() }

// GraphPattern is one path pattern `(a)-[e*1..3]->(b)<-[f]-(c)`:
// Elems alternate *GraphNode and *GraphEdge, starting and ending with a node.
type GraphPattern struct {
	Elems []Node
}

func (g *GraphPattern) Pos() Pos { return g.Elems[0].Pos() }
func (g *GraphPattern) End() Pos { return g.Elems[len(g.Elems)-1].End() }

// GraphNode is `(name)` in a graph pattern; Name nil for `()`.
type GraphNode struct {
	Lparen Pos
	Name   *Ident
	Rparen Pos
}

func (g *GraphNode) Pos() Pos { return g.Lparen }
func (g *GraphNode) End() Pos { return g.Rparen + 1 }

// GraphEdge is `-->`, `<--`, `--`, `-[e]->`, `<-[e*1..3]-`, `-[e]-`.
type GraphEdge struct {
	From      Pos
	Direction string // "->", "<-", "--"
	Name      *Ident // nil if anonymous
	MinHops   Expr   // variable-length edges `*min..max`; nil otherwise
	MaxHops   Expr
	EndPos    Pos
}

func (g *GraphEdge) Pos() Pos { return g.From }
func (g *GraphEdge) End() Pos { return g.EndPos }

func (*WhereOp) OpName() string           { return "where" }
func (*ProjectOp) OpName() string         { return "project" }
func (*ProjectAwayOp) OpName() string     { return "project-away" }
func (*ProjectKeepOp) OpName() string     { return "project-keep" }
func (*ProjectRenameOp) OpName() string   { return "project-rename" }
func (*ProjectReorderOp) OpName() string  { return "project-reorder" }
func (*ProjectByNamesOp) OpName() string  { return "project-by-names" }
func (*ExtendOp) OpName() string          { return "extend" }
func (*SummarizeOp) OpName() string       { return "summarize" }
func (*DistinctOp) OpName() string        { return "distinct" }
func (*CountOp) OpName() string           { return "count" }
func (*TakeOp) OpName() string            { return "take" }
func (*SampleOp) OpName() string          { return "sample" }
func (*SampleDistinctOp) OpName() string  { return "sample-distinct" }
func (*TopOp) OpName() string             { return "top" }
func (*SortOp) OpName() string            { return "sort" }
func (*TopNestedOp) OpName() string       { return "top-nested" }
func (*TopHittersOp) OpName() string      { return "top-hitters" }
func (*MvExpandOp) OpName() string        { return "mv-expand" }
func (*MvApplyOp) OpName() string         { return "mv-apply" }
func (*ParseOp) OpName() string           { return "parse" }
func (*ParseWhereOp) OpName() string      { return "parse-where" }
func (*ParseKvOp) OpName() string         { return "parse-kv" }
func (*MakeSeriesOp) OpName() string      { return "make-series" }
func (*RenderOp) OpName() string          { return "render" }
func (*AsOp) OpName() string              { return "as" }
func (*SerializeOp) OpName() string       { return "serialize" }
func (*GetSchemaOp) OpName() string       { return "getschema" }
func (*InvokeOp) OpName() string          { return "invoke" }
func (*EvaluateOp) OpName() string        { return "evaluate" }
func (*FacetOp) OpName() string           { return "facet" }
func (*ForkOp) OpName() string            { return "fork" }
func (*PartitionOp) OpName() string       { return "partition" }
func (*ScanOp) OpName() string            { return "scan" }
func (*ConsumeOp) OpName() string         { return "consume" }
func (*ReduceOp) OpName() string          { return "reduce" }
func (*AssertSchemaOp) OpName() string    { return "assert-schema" }
func (*MacroExpandOp) OpName() string     { return "macro-expand" }
func (*JoinOp) OpName() string            { return "join" }
func (*LookupOp) OpName() string          { return "lookup" }
func (*UnionOp) OpName() string           { return "union" }
func (*FindOp) OpName() string            { return "find" }
func (*SearchOp) OpName() string          { return "search" }
func (*PrintOp) OpName() string           { return "print" }
func (*RangeOp) OpName() string           { return "range" }
func (*DataTableOp) OpName() string       { return "datatable" }
func (*ExternalDataOp) OpName() string    { return "externaldata" }
func (*ExecuteAndCacheOp) OpName() string { return "execute-and-cache" }
func (*MakeGraphOp) OpName() string       { return "make-graph" }
func (*GraphMatchOp) OpName() string      { return "graph-match" }
func (o *GenericOp) OpName() string       { return o.Name }

func (*WhereOp) opNode()           {}
func (*ProjectOp) opNode()         {}
func (*ProjectAwayOp) opNode()     {}
func (*ProjectKeepOp) opNode()     {}
func (*ProjectRenameOp) opNode()   {}
func (*ProjectReorderOp) opNode()  {}
func (*ProjectByNamesOp) opNode()  {}
func (*ExtendOp) opNode()          {}
func (*SummarizeOp) opNode()       {}
func (*DistinctOp) opNode()        {}
func (*CountOp) opNode()           {}
func (*TakeOp) opNode()            {}
func (*SampleOp) opNode()          {}
func (*SampleDistinctOp) opNode()  {}
func (*TopOp) opNode()             {}
func (*SortOp) opNode()            {}
func (*TopNestedOp) opNode()       {}
func (*TopHittersOp) opNode()      {}
func (*MvExpandOp) opNode()        {}
func (*MvApplyOp) opNode()         {}
func (*ParseOp) opNode()           {}
func (*ParseWhereOp) opNode()      {}
func (*ParseKvOp) opNode()         {}
func (*MakeSeriesOp) opNode()      {}
func (*RenderOp) opNode()          {}
func (*AsOp) opNode()              {}
func (*SerializeOp) opNode()       {}
func (*GetSchemaOp) opNode()       {}
func (*InvokeOp) opNode()          {}
func (*EvaluateOp) opNode()        {}
func (*FacetOp) opNode()           {}
func (*ForkOp) opNode()            {}
func (*PartitionOp) opNode()       {}
func (*ScanOp) opNode()            {}
func (*ConsumeOp) opNode()         {}
func (*ReduceOp) opNode()          {}
func (*AssertSchemaOp) opNode()    {}
func (*MacroExpandOp) opNode()     {}
func (*JoinOp) opNode()            {}
func (*LookupOp) opNode()          {}
func (*UnionOp) opNode()           {}
func (*FindOp) opNode()            {}
func (*SearchOp) opNode()          {}
func (*PrintOp) opNode()           {}
func (*RangeOp) opNode()           {}
func (*DataTableOp) opNode()       {}
func (*ExternalDataOp) opNode()    {}
func (*ExecuteAndCacheOp) opNode() {}
func (*MakeGraphOp) opNode()       {}
func (*GraphMatchOp) opNode()      {}
func (*GenericOp) opNode()         {}

// BadOp is a placeholder for an operator that failed to parse.
type BadOp struct {
	From, To Pos
}

func (o *BadOp) Pos() Pos     { return o.From }
func (o *BadOp) End() Pos     { return o.To }
func (*BadOp) OpName() string { return "<bad>" }
func (*BadOp) opNode()        {}
