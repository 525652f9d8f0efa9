// Package semantic is Quarry's binder: it resolves the names of a parsed
// KQL query (tables, columns, let variables, user functions, catalog
// functions), infers the type of every expression and the output schema of
// every operator with Kusto's naming rules, and produces the typed logical
// plan (package plan). Errors are reported the way Kusto reports them,
// with Kusto's codes (KS142 ...) where one exists.
package semantic

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// Tables is the database the query runs against. Table names are
// case-sensitive, as in Kusto.
type Tables interface {
	Table(name string) (types.Schema, bool)
	Names() []string
}

// Env is what a query is bound against.
type Env struct {
	Tables Tables
	// Source is the query text's line table. It is optional: without it
	// errors carry only the byte offset (Line 1, Col offset+1).
	Source *syntax.Source
	// Functions are the database's stored functions, by name: every
	// query sees them, as Kusto's `.create function` functions (and
	// Sentinel's workspace functions, ASIM parsers) are seen. A query's
	// own let names hide them.
	Functions map[string]*Function
	// TableFuncs are functions of the environment that give a table,
	// such as Sentinel's _GetWatchlist('name'), by name. Stored
	// functions and let names hide them.
	TableFuncs map[string]TableFunc
	// Data, when set, gives the operators whose output columns come
	// from the data (see DataSchemas) the columns found there. Without
	// it they bind open: a bag_unpack knows only the columns that later
	// operators name, a pivot only its key columns.
	Data *DataSchemas
}

// DataSchemas gives the operators whose output columns only the data
// knows, `evaluate bag_unpack(Col)` and `evaluate pivot(...)` without an
// output schema, their columns. Found[i] are the columns found for the
// i-th such operator, counted in bind order: for a bag_unpack the
// columns it unpacks (prefixed names and types in output order, as
// exec.DiscoverBagColumns gives them), for a pivot its whole output (as
// exec.DiscoverPivotColumns gives it). It is bound with exactly those, so
// that later operators see the real columns. A nil Found[i] leaves it
// open. Binding sets Nodes[i] to the plan node of occurrence i (i <
// len(Found)), and Open to occurrence len(Found) when there is one and
// nothing before it failed to bind: the caller runs Open's input,
// appends its columns to Found and binds again. An operator's input
// binds before it, so occurrence k's input holds only occurrences before
// k, bound the same way in every round. Nodes and Open are
// *plan.BagUnpack or *plan.Pivot.
type DataSchemas struct {
	Found []types.Schema
	Nodes []plan.Node
	Open  plan.Node
}

// Function is a stored function: a name bound to parameters and a body,
// read from a file rather than from the query.
type Function struct {
	Name string
	// Lit holds the parameters and the body. Its positions are offsets
	// into Source.Text, the text the definition was read from; errors in
	// the body are reported there, under Source.Name (the file).
	Lit               *syntax.FuncLit
	Source            *syntax.Source
	Folder, DocString string
}

// TableFunc computes a table-valued function from its arguments, which
// must be constants (nil, bool, int64, float64, string ... as in package
// value). It returns the plan of the table (a Scan of a table that the
// environment's Tables and scan source serve, or Values), or an error
// that is reported at the call.
type TableFunc func(args []any) (plan.Node, error)

// Error is one semantic error. Code is Kusto's diagnostic code where one
// exists (KS142 for an unknown name, ...) or a Quarry code (QRY001 for an
// operator that is not supported yet).
type Error struct {
	Code, Message string
	Line, Col     int
	Pos           syntax.Pos
	// File is set when the error is in a stored function's text rather
	// than the query's: Pos, Line and Col are then positions in that file,
	// and Snippet shows its line with a caret.
	File    string
	Snippet string
}

// Error formats the error as "line:col: message", prefixed with the
// file for an error in a stored function.
func (e *Error) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Message)
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Message)
}

// ErrorList is the list of errors of one Bind, in the order found.
type ErrorList []*Error

// Error summarises the list: the first error plus a count of the rest.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns nil for an empty list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error codes that Quarry uses beyond Kusto's own.
const (
	codeUnsupported = "QRY001"
	// codeBadLiteral: a datetime, timespan or guid literal whose text
	// cannot be read.
	codeBadLiteral = "QRY002"
	// codeNotSerialized: a window function over rows in no defined order.
	codeNotSerialized = "QRY003"
	// codeTableFunc: a table function of the environment (such as
	// _GetWatchlist) refused its arguments.
	codeTableFunc = "QRY004"
)

// maxInvokeDepth bounds user-function expansion so that a recursive
// function gives an error instead of exhausting the stack.
const maxInvokeDepth = 64

type binder struct {
	env   *Env
	errs  ErrorList
	depth int
	// seen suppresses duplicate reports at one position (a let value
	// bound once per reference would otherwise repeat its errors).
	seen map[errKey]bool
	// src is the text being bound: the query's, or while a stored
	// function's body is bound, its file's.
	src *syntax.Source
	// inFile is set while src is a stored function's file.
	inFile bool
	// colN numbers the generated ColumnN names across the query.
	colN int
	// openBags are the bag_unpacks whose columns come from the data.
	openBags map[*plan.BagUnpack]bool
	// dataN counts the operators whose columns come from the data
	// (Env.Data).
	dataN int
	// asNames holds the names given by `as`: union's withsource column
	// and search's $table show them instead of the table's name.
	asNames map[plan.Node]string
	// ordered are the bind-time sources whose rows have an order
	// (getschema, print): window functions may read them.
	ordered map[plan.Node]bool
	// top is the pipeline of the statement being bound: only its last
	// operator may give several results (fork, facet).
	top *syntax.PipeExpr
	// partitionOf maps the leaf of a partition sub-query to the
	// partition's input (whether its rows are serialized).
	partitionOf map[*plan.PartitionRows]plan.Node
}

type errKey struct {
	file string
	pos  syntax.Pos
	msg  string
}

// Bind binds a parsed query. The plan is returned even when there are
// errors, so that callers can still show the result schema Kusto would
// give; it must not be executed unless the error list is empty.
func Bind(q *syntax.Query, env *Env) (*plan.Query, ErrorList) {
	if env == nil {
		env = &Env{}
	}
	b := &binder{env: env, seen: map[errKey]bool{}, openBags: map[*plan.BagUnpack]bool{}, asNames: map[plan.Node]string{}, ordered: map[plan.Node]bool{},
		partitionOf: map[*plan.PartitionRows]plan.Node{}, src: env.Source}
	if env.Data != nil {
		env.Data.Nodes, env.Data.Open = nil, nil
	}
	out := &plan.Query{}
	sc := newScope(b.storedScope())
	for _, st := range q.Stmts {
		b.stmt(st, sc, out)
	}
	return out, b.errs
}

func (b *binder) errorf(pos syntax.Pos, code, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	e := &Error{Code: code, Message: msg, Pos: pos, Line: 1, Col: int(pos) + 1}
	if b.src != nil {
		p := b.src.Position(pos)
		e.Line, e.Col = p.Line, p.Col
		if b.inFile {
			e.File, e.Snippet = b.src.Name, b.src.Snippet(pos)
		}
	}
	k := errKey{e.File, pos, msg}
	if b.seen[k] {
		return
	}
	b.seen[k] = true
	b.errs = append(b.errs, e)
}

// unsupported reports an operator or feature that Quarry cannot bind yet.
func (b *binder) unsupported(pos syntax.Pos, what string) {
	b.errorf(pos, codeUnsupported, "%s is not supported yet", what)
}

func (b *binder) stmt(st syntax.Stmt, sc *scope, out *plan.Query) {
	switch s := st.(type) {
	case *syntax.LetStmt:
		b.let(s, sc)
	case *syntax.SetStmt:
		// Client request properties do not change a query's meaning
		// here, but for the options the binder reads (binauto.go).
		b.setOption(s, sc)
	case *syntax.DeclareQueryParamsStmt:
		b.declareParams(s, sc)
	case *syntax.ExprStmt:
		n := b.resultOf(s.X, sc)
		if m, ok := n.(*multiResult); ok {
			out.Results = append(out.Results, m.parts...)
		} else if n != nil {
			out.Results = append(out.Results, n)
		}
	case *syntax.AliasStmt:
		// `alias database x = cluster(...).database(...)` only renames
		// databases; all tables live in the one database we have.
	case *syntax.RestrictStmt:
		// restrict access narrows what later statements may read; every
		// table is still checked by name, so nothing needs binding.
	case *syntax.DeclarePatternStmt:
		b.unsupported(s.Pos(), "declare pattern")
	case *syntax.BadStmt:
		// The parser has reported it.
	default:
		b.unsupported(st.Pos(), fmt.Sprintf("statement %T", st))
	}
}

// resultOf binds a query-body expression: tabular, or scalar (then shown
// as a one-row table, as Kusto does for `print`-less scalar queries).
func (b *binder) resultOf(x syntax.Expr, sc *scope) plan.Node {
	b.top = outerPipe(x)
	defer func() { b.top = nil }()
	v := b.value(x, sc, nil)
	switch {
	case v.node != nil:
		return v.node
	case v.expr != nil:
		// Named like print's columns: a let name does not name it.
		name := exprName(x, nil, nil)
		if name == "" {
			name = "print_0"
		}
		return &plan.Project{Input: oneRow(), Exprs: []plan.Expr{v.expr}, Out: types.Schema{{Name: name, Type: v.expr.Type()}}}
	}
	return nil
}

// oneRow is the input of print: one row without columns.
func oneRow() *plan.Values { return &plan.Values{Rows: [][]any{{}}} }

// declareParams binds `declare query_parameters(...)`: names with a
// default become that constant; names without one are typed nulls until a
// caller supplies values.
func (b *binder) declareParams(s *syntax.DeclareQueryParamsStmt, sc *scope) {
	for _, p := range s.Params {
		t := b.typeRef(p.Type)
		var e plan.Expr = &plan.Const{T: t}
		if p.Default != nil {
			e = b.expr(p.Default, sc, nil)
			if t != types.Unknown && e.Type() != t {
				e = convertTo(e, t)
			}
		}
		sc.define(p.Name.Name, &symbol{kind: symScalar, expr: e})
	}
}

// typeRef resolves a scalar type name.
func (b *binder) typeRef(t *syntax.TypeRef) types.Type {
	if t == nil {
		return types.String
	}
	if t.Tabular {
		b.errorf(t.Pos(), "KS107", "A scalar type expected.")
		return types.Unknown
	}
	if ty, ok := types.Parse(t.Name); ok {
		return ty
	}
	b.errorf(t.Pos(), "KS168", "The name '%s' does not refer to any known type.", t.Name)
	return types.Unknown
}

// lowerName is the case-insensitive spelling used for keywords and
// operator parameters.
func lowerName(s string) string { return strings.ToLower(s) }
