// Package syntax is Quarry's KQL (Kusto Query Language) lexer, parser and
// syntax tree. It follows the habits of go/scanner, go/ast and go/parser:
// a hand-written scanner, a recursive-descent parser with bounded recursion
// and error recovery, and a tree whose nodes all report exact positions.
//
// # API
//
//	Parse(src) (*Query, ErrorList)     a whole query (statements separated by ';')
//	ParseExpr(src) (Expr, ErrorList)   one expression, e.g. an exclusion predicate
//	ParseFuncAt / ParseStmtAt           a function `(params) { body }` or one statement
//	                                    at an offset of a larger text (stored-function files)
//	Tokenize(src) []Token / NewScanner the lexer
//	Walk / Inspect                     depth-first traversal
//	NewSource(name, src)               line table: Position(pos) -> line:col, Snippet(pos)
//
// Positions (Pos) are byte offsets. Errors carry 1-based Line and Col, format
// as "line:col: msg", and render a Go-style caret snippet with Snippet() or
// Verbose(). Parse always returns a tree; on errors it contains
// BadExpr/BadStmt/BadOp placeholders. It never panics.
//
// # Shape of the tree
//
// A Query is a list of statements: LetStmt, SetStmt, DeclareQueryParamsStmt,
// DeclarePatternStmt, AliasStmt, RestrictStmt and ExprStmt (the query body).
// A let value is any Expr, or a *FuncLit for `(a:long, T:(*)) { ... }` and
// `view () { ... }`.
//
// Tabular pipelines are left-deep PipeExpr chains. `T | where a | take 5` is
//
//	PipeExpr{Source: PipeExpr{Source: Ident(T), Op: *WhereOp}, Op: *TakeOp}
//
// Every tabular operator has its own struct (WhereOp, SummarizeOp, JoinOp,
// MvExpandOp, ...; see ast_ops.go) embedding OpHeader (operator keyword
// position and spelling, `name=value` parameters such as kind= and hint.*,
// end position). Rare graph operators and project-smart are GenericOp with
// their arguments as raw text.
//
// Operators that can start a pipeline (union, print, range, datatable,
// externaldata, find, search, evaluate) appear as a PipeExpr with a nil
// Source. A nil Source means "the implicit input of the enclosing context":
// none at the top level, in a let, or in a join/lookup operand; the
// operator's input inside the sub-pipelines of fork, facet, partition,
// mv-apply and macro-expand (`mv-apply x on (take 1)` holds
// PipeExpr{Source: nil, Op: *TakeOp}).
//
// Scalar expressions are Ident, Literal (with the decoded value: see
// LitKind), Unary, Binary (Operator covers arithmetic, comparison, logic
// and string operators), InExpr, HasAnyExpr, BetweenExpr, Call, Member,
// Index, Paren, Star, TypeOfExpr and NamedExpr (assignments and named
// arguments). Whether a bare name is a column or a table is left to the
// binder.
//
// # Lexical notes
//
// KQL keywords are contextual, so the scanner produces identifiers and the
// parser recognises keywords by their text and position. Dash-joined
// operator names (project-away, mv-expand) are lexed as separate tokens and
// joined by the parser only in keyword positions when written without
// spaces, so `a-b` stays a subtraction. The content of datetime(...),
// time(...), timespan(...), guid(...) and dynamic(...) is scanned as one raw
// token because it is not made of KQL tokens (`datetime(2024-01-01 10:00)`).
//
// # Precedence (lowest first)
//
//	or
//	and
//	== != <> < <= > >= =~ !~ in !in in~ !in~ has ... contains ... between matches regex (folded left)
//	+ -
//	* / %
//	unary - +
//	postfix .name [index] (args)
package syntax
