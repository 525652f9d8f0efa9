package syntax

// Node is implemented by every syntax tree node.
type Node interface {
	Pos() Pos // offset of the first byte of the node
	End() Pos // offset of the first byte after the node
}

// Expr is a scalar or tabular expression. Whether an expression is tabular
// is generally decided by the binder (a bare Ident may be a column or a
// table); PipeExpr, DataTableOp sources etc. are always tabular.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a top-level (or function-body) statement.
type Stmt interface {
	Node
	stmtNode()
}

// TabularOp is one tabular operator, the right-hand side of a pipe.
type TabularOp interface {
	Node
	// OpName is the canonical operator name ("where", "mv-expand", ...),
	// independent of aliases such as filter or mvexpand.
	OpName() string
	opNode()
}

// ---------------------------------------------------------------------------
// Query and statements

// Query is a parsed query: statements separated by ';'.
type Query struct {
	Stmts  []Stmt
	EndPos Pos // length of the source text
}

func (q *Query) Pos() Pos {
	if len(q.Stmts) > 0 {
		return q.Stmts[0].Pos()
	}
	return 0
}
func (q *Query) End() Pos { return q.EndPos }

// Body returns the last ExprStmt of the query (the part that produces a
// result), or nil if there is none.
func (q *Query) Body() *ExprStmt {
	for i := len(q.Stmts) - 1; i >= 0; i-- {
		if s, ok := q.Stmts[i].(*ExprStmt); ok {
			return s
		}
	}
	return nil
}

type (
	// LetStmt is `let Name = Value`. Value is a scalar expression, a
	// tabular expression, or a *FuncLit (`(a:long) { ... }` or
	// `view () { ... }`).
	LetStmt struct {
		Let   Pos
		Name  *Ident
		Value Expr
	}

	// SetStmt is `set name [= value]` (client request property).
	SetStmt struct {
		Set    Pos
		Name   *Ident // may contain dots, e.g. query_results_cache_max_age
		Value  Expr   // nil for `set notruncation`
		EndPos Pos
	}

	// DeclareQueryParamsStmt is `declare query_parameters(a:string, b:long = 5)`.
	DeclareQueryParamsStmt struct {
		Declare Pos
		Params  []*Param
		Rparen  Pos
	}

	// DeclarePatternStmt is `declare pattern Name [= (params)[pathParams] { defs }]`.
	DeclarePatternStmt struct {
		Declare    Pos
		Name       *Ident
		Params     []*Param // nil when only the name is declared
		PathParams []*Param
		Defs       []*PatternDef
		EndPos     Pos
	}

	// AliasStmt is `alias database Name = cluster('c').database('d')`.
	AliasStmt struct {
		Alias  Pos
		Kind   string // "database"
		Name   *Ident
		Value  Expr
		EndPos Pos
	}

	// RestrictStmt is `restrict access to (T1, T2, View*)`.
	RestrictStmt struct {
		Restrict Pos
		Entities []Expr
		Rparen   Pos
	}

	// ExprStmt is an expression used as a statement: the query body, or the
	// final expression of a function body.
	ExprStmt struct {
		X Expr
	}

	// BadStmt is a placeholder for a statement that failed to parse.
	BadStmt struct {
		From, To Pos
	}
)

// PatternDef is one `(args).[pathArgs] = { body }` line of a declare pattern.
type PatternDef struct {
	Lparen   Pos
	Args     []Expr
	PathArgs []Expr // nil if no `.[...]` part
	Body     *Block
}

func (d *PatternDef) Pos() Pos { return d.Lparen }
func (d *PatternDef) End() Pos { return d.Body.End() }

func (s *LetStmt) Pos() Pos                { return s.Let }
func (s *LetStmt) End() Pos                { return s.Value.End() }
func (s *SetStmt) Pos() Pos                { return s.Set }
func (s *SetStmt) End() Pos                { return s.EndPos }
func (s *DeclareQueryParamsStmt) Pos() Pos { return s.Declare }
func (s *DeclareQueryParamsStmt) End() Pos { return s.Rparen + 1 }
func (s *DeclarePatternStmt) Pos() Pos     { return s.Declare }
func (s *DeclarePatternStmt) End() Pos     { return s.EndPos }
func (s *AliasStmt) Pos() Pos              { return s.Alias }
func (s *AliasStmt) End() Pos              { return s.EndPos }
func (s *RestrictStmt) Pos() Pos           { return s.Restrict }
func (s *RestrictStmt) End() Pos           { return s.Rparen + 1 }
func (s *ExprStmt) Pos() Pos               { return s.X.Pos() }
func (s *ExprStmt) End() Pos               { return s.X.End() }
func (s *BadStmt) Pos() Pos                { return s.From }
func (s *BadStmt) End() Pos                { return s.To }

func (*LetStmt) stmtNode()                {}
func (*SetStmt) stmtNode()                {}
func (*DeclareQueryParamsStmt) stmtNode() {}
func (*DeclarePatternStmt) stmtNode()     {}
func (*AliasStmt) stmtNode()              {}
func (*RestrictStmt) stmtNode()           {}
func (*ExprStmt) stmtNode()               {}
func (*BadStmt) stmtNode()                {}

// ---------------------------------------------------------------------------
// Functions, parameters and types

// FuncLit is a user function (lambda) or view:
//
//	(a:long, T:(*), U:(x:string), b:string = "d") { let c = a; T | take c }
//	view () { T | where x }
type FuncLit struct {
	View   Pos // position of `view`, NoPos for a plain function
	Lparen Pos
	Params []*Param
	Rparen Pos
	Body   *Block
}

// Block is `{ stmt; stmt; ...; expr }`. The last statement is normally the
// ExprStmt giving the result.
type Block struct {
	Lbrace Pos
	Stmts  []Stmt
	Rbrace Pos
}

// Param is a function or query parameter `Name:Type [= Default]`.
type Param struct {
	Name    *Ident
	Type    *TypeRef
	Default Expr // nil if absent
}

// TypeRef names a scalar type (`string`, `long`, ...) or describes a tabular
// schema (`(*)`, `(a:string, b:long)`, `(a:string, *)`).
type TypeRef struct {
	NamePos Pos
	Name    string // scalar type name lowercased as written ("long", "int", "double"...); "" if Tabular
	Tabular bool
	Lparen  Pos // tabular only
	Columns []*ColumnDecl
	Star    bool // tabular schema contains `*` (open schema)
	EndPos  Pos
}

// ColumnDecl is `Name:Type` in datatable, externaldata, tabular parameter
// schemas, parse-kv and the pattern of parse. Type is nil when the type was
// omitted (parse patterns, where it defaults to string).
type ColumnDecl struct {
	Name *Ident
	Type *TypeRef
}

func (f *FuncLit) Pos() Pos {
	if f.View.IsValid() {
		return f.View
	}
	return f.Lparen
}
func (f *FuncLit) End() Pos { return f.Body.End() }
func (b *Block) Pos() Pos   { return b.Lbrace }
func (b *Block) End() Pos   { return b.Rbrace + 1 }
func (p *Param) Pos() Pos   { return p.Name.Pos() }
func (p *Param) End() Pos {
	if p.Default != nil {
		return p.Default.End()
	}
	if p.Type != nil {
		return p.Type.End()
	}
	return p.Name.End()
}
func (t *TypeRef) Pos() Pos {
	if t.Tabular {
		return t.Lparen
	}
	return t.NamePos
}
func (t *TypeRef) End() Pos    { return t.EndPos }
func (c *ColumnDecl) Pos() Pos { return c.Name.Pos() }
func (c *ColumnDecl) End() Pos {
	if c.Type != nil {
		return c.Type.End()
	}
	return c.Name.End()
}

// ---------------------------------------------------------------------------
// Expressions

type (
	// Ident is a name: a plain identifier (`Column1`, `$left`), or a
	// bracketed one (`['My Table']`, `["x"]`) with Quoted set. Name is the
	// decoded name.
	Ident struct {
		NamePos Pos
		Name    string
		Quoted  bool
		EndPos  Pos
	}

	// NamePattern is a name with `*` wildcards, allowed where a list of
	// tables or columns is expected (`union Device*`, `project-away Col*`).
	NamePattern struct {
		NamePos Pos
		Pattern string
		EndPos  Pos
	}

	// Literal is a constant: see LitKind for the Go type of Value.
	Literal struct {
		ValuePos Pos
		EndPos   Pos
		Kind     LitKind
		Raw      string // exact source text, e.g. `datetime(2024-01-01)` or `'a' 'b'`
		Value    any    // decoded value; nil when Null (or when decoding failed, see Bad)
		Null     bool   // typed null: `long(null)`, `datetime(null)`, `dynamic(null)`
		Bad      bool   // value could not be decoded
		// Problem says why a datetime/timespan/guid value could not be
		// decoded. Kusto's parser accepts any text there (it is a
		// semantic error), so the parser does not report it; the binder
		// should.
		Problem string
		// JSON is the text between the parentheses of dynamic(...).
		JSON string
	}

	// Paren is `( X )`; X may be tabular.
	Paren struct {
		Lparen Pos
		X      Expr
		Rparen Pos
	}

	// Unary is `-X` or `+X` (Op is OpSub / OpAdd). `not(x)` is a Call.
	Unary struct {
		OpPos Pos
		Op    Operator
		X     Expr
	}

	// Binary is `X Op Y` for arithmetic, comparison, logical and string
	// operators (see Operator). `matches regex` is OpMatchesRegex.
	Binary struct {
		X     Expr
		OpPos Pos
		Op    Operator
		Y     Expr
	}

	// InExpr is `X in (List)`, `!in`, `in~`, `!in~`. If the parenthesised
	// operand is syntactically tabular (a pipeline, datatable...), it is in
	// Subquery and List is nil; an ambiguous single name (column or table)
	// stays in List for the binder to resolve.
	InExpr struct {
		X               Expr
		OpPos           Pos
		Negated         bool
		CaseInsensitive bool
		Lparen          Pos
		List            []Expr
		Subquery        Expr
		Rparen          Pos
	}

	// HasAnyExpr is `X has_any (List)`, `has_all`, `has_any_cs`... with the
	// same List/Subquery convention as InExpr. A single dynamic array
	// argument stays a one-element List.
	HasAnyExpr struct {
		X        Expr
		OpPos    Pos
		Op       Operator // OpHasAny, OpHasAll, OpHasAnyCs, OpHasAllCs
		Lparen   Pos
		List     []Expr
		Subquery Expr
		Rparen   Pos
	}

	// BetweenExpr is `X between (Lo .. Hi)` or `X !between (Lo .. Hi)`.
	BetweenExpr struct {
		X       Expr
		OpPos   Pos
		Negated bool
		Lparen  Pos
		Lo, Hi  Expr
		Rparen  Pos
	}

	// Call is `Fun(Args)`. Fun is an *Ident for ordinary functions and
	// aggregates, or a *Member/*Call for `database('d').F(...)`. Args may
	// contain *NamedExpr (`name = value`), *Star, and tabular expressions.
	Call struct {
		Fun    Expr
		Lparen Pos
		Args   []Expr
		Rparen Pos
	}

	// Star is `*` as an argument (`arg_max(t, *)`), a column list
	// (`distinct *`) or a search term (`where * has 'x'`).
	Star struct {
		Star Pos
	}

	// Member is `X.Name` (`a.b`, `$left.Col`, `d.['a b']`, `database('d').T`).
	Member struct {
		X    Expr
		Dot  Pos
		Name *Ident
	}

	// Index is `X[Index]` (`d["k"]`, `arr[-1]`).
	Index struct {
		X      Expr
		Lbrack Pos
		Index  Expr
		Rbrack Pos
	}

	// TypeOfExpr is `typeof(string)` or `typeof(a:string, b:long)`.
	TypeOfExpr struct {
		Typeof Pos
		Type   *TypeRef
		Rparen Pos
	}

	// NamedExpr is an assignment in an operator list or a named argument:
	// `Name = X`, `(A, B) = X` (tuple: Lparen/Rparen valid), or
	// `name = X` inside a call's argument list.
	NamedExpr struct {
		Lparen Pos // NoPos unless tuple form
		Names  []*Ident
		Rparen Pos // NoPos unless tuple form
		Assign Pos
		X      Expr
	}

	// PipeExpr is `Source | Op`. Source is nil when Op starts the pipeline
	// (see the package comment); Pipe is then NoPos.
	PipeExpr struct {
		Source Expr
		Pipe   Pos
		Op     TabularOp
	}

	// BadExpr is a placeholder for an expression that failed to parse.
	BadExpr struct {
		From, To Pos
	}
)

func (x *Ident) Pos() Pos       { return x.NamePos }
func (x *Ident) End() Pos       { return x.EndPos }
func (x *NamePattern) Pos() Pos { return x.NamePos }
func (x *NamePattern) End() Pos { return x.EndPos }
func (x *Literal) Pos() Pos     { return x.ValuePos }
func (x *Literal) End() Pos     { return x.EndPos }
func (x *Paren) Pos() Pos       { return x.Lparen }
func (x *Paren) End() Pos       { return x.Rparen + 1 }
func (x *Unary) Pos() Pos       { return x.OpPos }
func (x *Unary) End() Pos       { return x.X.End() }
func (x *Binary) Pos() Pos      { return x.X.Pos() }
func (x *Binary) End() Pos      { return x.Y.End() }
func (x *InExpr) Pos() Pos      { return x.X.Pos() }
func (x *InExpr) End() Pos      { return x.Rparen + 1 }
func (x *HasAnyExpr) Pos() Pos  { return x.X.Pos() }
func (x *HasAnyExpr) End() Pos  { return x.Rparen + 1 }
func (x *BetweenExpr) Pos() Pos { return x.X.Pos() }
func (x *BetweenExpr) End() Pos { return x.Rparen + 1 }
func (x *Call) Pos() Pos        { return x.Fun.Pos() }
func (x *Call) End() Pos        { return x.Rparen + 1 }
func (x *Star) Pos() Pos        { return x.Star }
func (x *Star) End() Pos        { return x.Star + 1 }
func (x *Member) Pos() Pos      { return x.X.Pos() }
func (x *Member) End() Pos      { return x.Name.End() }
func (x *Index) Pos() Pos       { return x.X.Pos() }
func (x *Index) End() Pos       { return x.Rbrack + 1 }
func (x *TypeOfExpr) Pos() Pos  { return x.Typeof }
func (x *TypeOfExpr) End() Pos  { return x.Rparen + 1 }
func (x *NamedExpr) Pos() Pos {
	if x.Lparen.IsValid() {
		return x.Lparen
	}
	return x.Names[0].Pos()
}
func (x *NamedExpr) End() Pos { return x.X.End() }
func (x *PipeExpr) Pos() Pos {
	if x.Source != nil {
		return x.Source.Pos()
	}
	return x.Op.Pos()
}
func (x *PipeExpr) End() Pos { return x.Op.End() }
func (x *BadExpr) Pos() Pos  { return x.From }
func (x *BadExpr) End() Pos  { return x.To }

func (*Ident) exprNode()       {}
func (*NamePattern) exprNode() {}
func (*Literal) exprNode()     {}
func (*Paren) exprNode()       {}
func (*Unary) exprNode()       {}
func (*Binary) exprNode()      {}
func (*InExpr) exprNode()      {}
func (*HasAnyExpr) exprNode()  {}
func (*BetweenExpr) exprNode() {}
func (*Call) exprNode()        {}
func (*Star) exprNode()        {}
func (*Member) exprNode()      {}
func (*Index) exprNode()       {}
func (*TypeOfExpr) exprNode()  {}
func (*NamedExpr) exprNode()   {}
func (*PipeExpr) exprNode()    {}
func (*BadExpr) exprNode()     {}
func (*FuncLit) exprNode()     {}
func (*ColumnDecl) exprNode()  {} // appears in parse patterns

// ---------------------------------------------------------------------------
// Operator parameters and helpers shared by tabular operators

// NamedParam is an operator parameter `Name = Value` such as `kind=inner`,
// `hint.strategy=shuffle`, `withsource=T`, `isfuzzy=true`. Name is
// lowercased; the value is kept as written (usually an *Ident or *Literal).
type NamedParam struct {
	NamePos Pos
	Name    string
	Value   Expr
	// List holds every value of a list-valued property such as render's
	// `ycolumns = a, b` (List[0] == Value); nil for single values.
	List []Expr
}

func (p *NamedParam) Pos() Pos { return p.NamePos }
func (p *NamedParam) End() Pos {
	if len(p.List) > 0 {
		return p.List[len(p.List)-1].End()
	}
	return p.Value.End()
}

// SortKey is `X [asc|desc] [nulls first|nulls last]`.
type SortKey struct {
	X      Expr
	Order  string // "", "asc", "desc" (also "granny-asc"/"granny-desc" in project-reorder)
	Nulls  string // "", "first", "last"
	EndPos Pos
}

func (k *SortKey) Pos() Pos { return k.X.Pos() }
func (k *SortKey) End() Pos { return k.EndPos }

// Param looks up an operator parameter by (lowercase) name.
func findParam(params []*NamedParam, name string) *NamedParam {
	for _, p := range params {
		if p.Name == name {
			return p
		}
	}
	return nil
}
