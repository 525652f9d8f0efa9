package syntax

import (
	"strings"
)

// Limits that keep the parser safe on hostile input: recursion is bounded
// by maxDepth and, after maxErrors errors, the parser gives up (jumps to
// EOF) instead of producing a cascade of follow-on messages.
const (
	maxDepth  = 250
	maxErrors = 10
)

// Parse parses a complete KQL query (statements separated by ';'). It always
// returns a non-nil *Query; on errors the tree contains Bad* placeholders and
// the ErrorList is non-empty, sorted by position.
func Parse(src string) (*Query, ErrorList) {
	p := newParser(src)
	q := p.parseQuery()
	p.errs.Sort()
	return q, p.errs
}

// ParseExpr parses a single expression (scalar, or tabular with pipes), for
// example an exclusion predicate. Trailing text is an error.
func ParseExpr(src string) (Expr, ErrorList) {
	p := newParser(src)
	x := p.parseExpr()
	if p.tok.Kind != TokEOF {
		p.errorExpected("end of expression")
	}
	p.errs.Sort()
	return x, p.errs
}

type parser struct {
	src  *Source
	toks []Token
	i    int
	tok  Token // toks[i]

	errs   ErrorList
	depth  int
	bailed bool

	// allowAssignEq makes '=' an equality operator (where predicates).
	allowAssignEq bool
}

func newParser(src string) *parser {
	p := &parser{src: NewSource("", src), toks: Tokenize(src)}
	p.tok = p.toks[0]
	return p
}

// ---------------------------------------------------------------------------
// token helpers

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = p.toks[p.i]
}

// peek returns the token n positions ahead (peek(0) is the current token).
func (p *parser) peek(n int) Token {
	if p.i+n < 0 {
		return p.toks[0]
	}
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) prevEnd() Pos {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].End
}

func (p *parser) is(k Kind) bool { return p.tok.Kind == k }

// isWord reports whether the current token is the identifier w. Keywords
// are case-sensitive in KQL.
func (p *parser) isWord(w string) bool { return p.tok.Kind == TokIdent && p.tok.Text == w }

func (p *parser) gotWord(w string) bool {
	if p.isWord(w) {
		p.next()
		return true
	}
	return false
}

func (p *parser) got(k Kind) bool {
	if p.tok.Kind == k {
		p.next()
		return true
	}
	return false
}

// adjacent reports whether b starts exactly where a ends (no space), which
// distinguishes `project-away` from `a - b` and `!in` from `! in`.
func adjacent(a, b Token) bool { return a.End == b.Pos }

// expect consumes a token of kind k or reports an error mentioning ctx
// ("after arguments"). It returns the token's position. When the token is
// missing it returns the position of the last byte consumed, so that a
// node ending in it (End = pos+1) ends where the parsed text ends.
func (p *parser) expect(k Kind, ctx string) Pos {
	pos := p.tok.Pos
	if p.tok.Kind == k {
		p.next()
		return pos
	}
	pos = max(p.prevEnd()-1, 0)
	msg := "'" + k.String() + "'"
	if ctx != "" {
		msg += " " + ctx
	}
	p.errorExpected(msg)
	return pos
}

func (p *parser) expectWord(w, ctx string) Pos {
	pos := p.tok.Pos
	if p.gotWord(w) {
		return pos
	}
	pos = p.prevEnd()
	msg := "'" + w + "'"
	if ctx != "" {
		msg += " " + ctx
	}
	p.errorExpected(msg)
	return pos
}

// ---------------------------------------------------------------------------
// errors

func (p *parser) error(pos Pos, msg string) {
	if p.bailed {
		return
	}
	// One error per position: a missing token is usually reported by
	// several enclosing productions at once.
	for _, e := range p.errs {
		if e.Pos == pos {
			return
		}
	}
	p.errs = append(p.errs, newError(p.src, pos, msg))
	if len(p.errs) >= maxErrors {
		p.bail()
	}
}

// errorExpected reports "expected WHAT, found TOKEN" at the current token.
// An Illegal token carries the lexer's more precise message instead.
func (p *parser) errorExpected(what string) {
	if p.tok.Kind == TokIllegal {
		p.error(p.tok.Pos, p.tok.Value)
		return
	}
	p.error(p.missingPos(), "expected "+what+", found "+p.tok.describe())
}

// missingPos is where a missing token is reported: at the offending token,
// or, when that token starts a later line, just after the previous token
// (the caret then points at the end of the line that is incomplete, which
// is also where Kusto reports it).
func (p *parser) missingPos() Pos {
	if p.i == 0 {
		return p.tok.Pos
	}
	prev := p.toks[p.i-1].End
	if strings.Contains(p.src.Text[prev:p.tok.Pos], "\n") {
		return prev
	}
	return p.tok.Pos
}

// bail stops parsing: every loop ends at EOF.
func (p *parser) bail() {
	p.bailed = true
	p.i = len(p.toks) - 1
	p.tok = p.toks[p.i]
}

// enter/leave bound the recursion depth.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.error(p.tok.Pos, "query is nested too deeply")
		p.bail()
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// skipTo advances to the next token of one of the given kinds at bracket
// depth 0, without passing an unmatched closing bracket (which belongs to an
// enclosing construct). It is the error-recovery primitive.
func (p *parser) skipTo(kinds ...Kind) {
	depth := 0
	for p.tok.Kind != TokEOF {
		k := p.tok.Kind
		if depth == 0 {
			for _, w := range kinds {
				if k == w {
					return
				}
			}
		}
		switch k {
		case TokLParen, TokLBrack, TokLBrace:
			depth++
		case TokRParen, TokRBrack, TokRBrace:
			if depth == 0 {
				return
			}
			depth--
		}
		p.next()
	}
}

// ---------------------------------------------------------------------------
// statements

func (p *parser) parseQuery() *Query {
	q := &Query{}
	q.Stmts = p.parseStmtList(TokEOF)
	q.EndPos = Pos(len(p.src.Text))
	if !p.is(TokEOF) {
		p.errorExpected("end of query")
	}
	return q
}

// parseStmtList parses `stmt ; stmt ; ...` up to (not including) the
// terminator (EOF or '}'). Empty statements are allowed.
func (p *parser) parseStmtList(term Kind) []Stmt {
	var list []Stmt
	for !p.is(term) && !p.is(TokEOF) {
		if p.got(TokSemi) {
			continue
		}
		start := p.i
		s := p.parseStmt()
		list = append(list, s)
		if p.got(TokSemi) || p.is(term) || p.is(TokEOF) {
			continue
		}
		if term == TokRBrace {
			p.errorExpected("';' or '}' after statement")
		} else {
			p.errorExpected("';' or end of query after statement")
		}
		p.skipTo(TokSemi)
		if p.is(TokRParen) || p.is(TokRBrack) || p.is(TokRBrace) && term != TokRBrace {
			p.next() // unmatched closer at top level: drop it
		}
		if p.i == start {
			p.next()
		}
	}
	return list
}

func (p *parser) parseStmt() Stmt {
	if p.tok.Kind == TokIdent {
		next := p.peek(1)
		switch p.tok.Text {
		case "let":
			if next.Kind == TokIdent || next.Kind == TokLBrack {
				return p.parseLet()
			}
		case "set":
			if next.Kind == TokIdent {
				return p.parseSet()
			}
		case "declare":
			if next.Kind == TokIdent && (next.Text == "query_parameters" || next.Text == "pattern") {
				return p.parseDeclare()
			}
		case "alias":
			if next.Kind == TokIdent && next.Text == "database" {
				return p.parseAlias()
			}
		case "restrict":
			if next.Kind == TokIdent && next.Text == "access" {
				return p.parseRestrict()
			}
		}
	}
	start := p.tok.Pos
	if p.is(TokRParen) || p.is(TokRBrack) || p.is(TokRBrace) {
		p.errorExpected("statement")
		p.next()
		return &BadStmt{From: start, To: p.prevEnd()}
	}
	return &ExprStmt{X: p.parseExpr()}
}

func (p *parser) parseLet() Stmt {
	s := &LetStmt{Let: p.tok.Pos}
	p.next()
	s.Name = p.parseName("after 'let'")
	p.expect(TokAssign, "after let name")
	s.Value = p.parseLetValue()
	return s
}

// parseLetValue parses the right-hand side of let: a function literal, a
// view, or any expression.
func (p *parser) parseLetValue() Expr {
	if p.is(TokLParen) && p.funcLitAhead(p.i) {
		return p.parseFuncLit(NoPos)
	}
	if p.isWord("view") && p.peek(1).Kind == TokLParen && p.funcLitAhead(p.i+1) {
		view := p.tok.Pos
		p.next()
		return p.parseFuncLit(view)
	}
	return p.parseExpr()
}

// funcLitAhead reports whether the '(' at token index at is closed by a ')'
// that is followed by '{', i.e. starts a function literal.
func (p *parser) funcLitAhead(at int) bool {
	depth := 0
	for j := at; j < len(p.toks); j++ {
		switch p.toks[j].Kind {
		case TokLParen, TokLBrack, TokLBrace:
			depth++
		case TokRParen, TokRBrack, TokRBrace:
			depth--
			if depth == 0 {
				return j+1 < len(p.toks) && p.toks[j+1].Kind == TokLBrace
			}
		case TokEOF, TokSemi, TokPipe:
			return false
		}
	}
	return false
}

func (p *parser) parseFuncLit(view Pos) *FuncLit {
	f := &FuncLit{View: view, Lparen: p.expect(TokLParen, "")}
	f.Params = p.parseParamList()
	f.Rparen = p.expect(TokRParen, "after function parameters")
	f.Body = p.parseBlock()
	return f
}

func (p *parser) parseBlock() *Block {
	b := &Block{Lbrace: p.expect(TokLBrace, "to start function body")}
	if !p.enter() {
		b.Rbrace = p.tok.Pos
		return b
	}
	defer p.leave()
	b.Stmts = p.parseStmtList(TokRBrace)
	b.Rbrace = p.expect(TokRBrace, "to end function body")
	return b
}

// parseParamList parses `name:type [= default], ...` up to ')'.
func (p *parser) parseParamList() []*Param {
	var list []*Param
	for !p.is(TokRParen) && !p.is(TokEOF) {
		prm := &Param{Name: p.parseName("for parameter")}
		p.expect(TokColon, "after parameter name")
		prm.Type = p.parseTypeRef()
		if p.got(TokAssign) {
			prm.Default = p.parseScalar()
		}
		list = append(list, prm)
		if !p.got(TokComma) {
			break
		}
	}
	return list
}

func (p *parser) parseSet() Stmt {
	s := &SetStmt{Set: p.tok.Pos}
	p.next()
	s.Name = p.parseDottedName()
	if p.got(TokAssign) {
		s.Value = p.parseScalar()
		s.EndPos = s.Value.End()
	} else {
		s.EndPos = s.Name.End()
	}
	return s
}

// parseDottedName parses a.b.c as one Ident (request property and hint
// names are dotted).
func (p *parser) parseDottedName() *Ident {
	id := p.parseName("")
	for p.is(TokDot) && adjacent(p.peek(-1), p.tok) && p.peek(1).Kind == TokIdent && adjacent(p.tok, p.peek(1)) {
		p.next()
		id.Name += "." + p.tok.Text
		id.EndPos = p.tok.End
		p.next()
	}
	return id
}

func (p *parser) parseDeclare() Stmt {
	declare := p.tok.Pos
	p.next()
	if p.gotWord("query_parameters") {
		s := &DeclareQueryParamsStmt{Declare: declare}
		p.expect(TokLParen, "after query_parameters")
		s.Params = p.parseParamList()
		s.Rparen = p.expect(TokRParen, "after query parameters")
		return s
	}
	p.next() // pattern
	s := &DeclarePatternStmt{Declare: declare, Name: p.parseName("after 'declare pattern'")}
	s.EndPos = s.Name.End()
	if !p.got(TokAssign) {
		return s
	}
	p.expect(TokLParen, "before pattern parameters")
	s.Params = p.parseParamList()
	s.EndPos = p.expect(TokRParen, "after pattern parameters") + 1
	if p.got(TokLBrack) {
		s.PathParams = p.parseParamList()
		s.EndPos = p.expect(TokRBrack, "after pattern path parameters") + 1
	}
	p.expect(TokLBrace, "to start pattern definitions")
	for p.is(TokLParen) {
		d := &PatternDef{Lparen: p.tok.Pos}
		p.next()
		d.Args = p.parseExprList(TokRParen)
		p.expect(TokRParen, "after pattern arguments")
		if p.got(TokDot) {
			p.expect(TokLBrack, "after '.'")
			d.PathArgs = p.parseExprList(TokRBrack)
			p.expect(TokRBrack, "after pattern path arguments")
		}
		p.expect(TokAssign, "in pattern definition")
		d.Body = p.parseBlock()
		s.Defs = append(s.Defs, d)
		p.got(TokSemi)
	}
	s.EndPos = p.expect(TokRBrace, "to end pattern definitions") + 1
	return s
}

func (p *parser) parseAlias() Stmt {
	s := &AliasStmt{Alias: p.tok.Pos}
	p.next()
	s.Kind = p.tok.Text
	p.next()
	s.Name = p.parseName("after 'alias database'")
	p.expect(TokAssign, "after alias name")
	s.Value = p.parseScalar()
	s.EndPos = s.Value.End()
	return s
}

func (p *parser) parseRestrict() Stmt {
	s := &RestrictStmt{Restrict: p.tok.Pos}
	p.next()
	p.next() // access
	p.expectWord("to", "after 'restrict access'")
	p.expect(TokLParen, "before restricted entities")
	s.Entities = p.parseNameListWithPatterns(TokRParen)
	s.Rparen = p.expect(TokRParen, "after restricted entities")
	return s
}

// ---------------------------------------------------------------------------
// names

// parseName parses an identifier or a bracketed name `['a b']`/`["x"]`.
// Keywords are accepted: KQL keywords are contextual.
func (p *parser) parseName(ctx string) *Ident {
	switch p.tok.Kind {
	case TokIdent:
		id := &Ident{NamePos: p.tok.Pos, Name: p.tok.Text, EndPos: p.tok.End}
		p.next()
		return id
	case TokLBrack:
		if p.peek(1).Kind == TokString && p.peek(2).Kind == TokRBrack {
			return p.parseBracketName()
		}
	}
	what := "name"
	if ctx != "" {
		what += " " + ctx
	}
	p.errorExpected(what)
	return &Ident{NamePos: p.prevEnd(), EndPos: p.prevEnd()}
}

// isNameStart reports whether a name (plain or bracketed) starts here.
func (p *parser) isNameStart() bool {
	return p.is(TokIdent) || p.is(TokLBrack) && p.peek(1).Kind == TokString && p.peek(2).Kind == TokRBrack
}

// nameLen is the number of tokens of the name at the current position.
func (p *parser) nameLen() int {
	if p.is(TokLBrack) {
		return 3
	}
	return 1
}

func (p *parser) parseBracketName() *Ident {
	id := &Ident{NamePos: p.tok.Pos, Quoted: true}
	p.next()
	id.Name = p.tok.Value
	p.next()
	id.EndPos = p.tok.End
	p.next()
	return id
}

// parseNamePattern parses a column or table name that may contain `*`
// wildcards written without spaces (`Device*`, `*Events`, `*`).
func (p *parser) parseNamePattern() Expr {
	if p.is(TokLBrack) {
		return p.parseName("")
	}
	if !p.is(TokIdent) && !p.is(TokStar) {
		p.errorExpected("name")
		return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
	}
	start := p.tok
	var b strings.Builder
	last := start
	wild := false
	for {
		b.WriteString(p.tok.Text)
		wild = wild || p.is(TokStar)
		last = p.tok
		p.next()
		if !adjacent(last, p.tok) || !(p.is(TokIdent) || p.is(TokStar) || p.is(TokInt)) {
			break
		}
	}
	if !wild {
		return &Ident{NamePos: start.Pos, Name: b.String(), EndPos: last.End}
	}
	return &NamePattern{NamePos: start.Pos, Pattern: b.String(), EndPos: last.End}
}

// parseNameListWithPatterns parses a comma-separated list of names and
// wildcard patterns up to term.
func (p *parser) parseNameListWithPatterns(term Kind) []Expr {
	var list []Expr
	for !p.is(term) && !p.is(TokEOF) {
		list = append(list, p.parseNamePattern())
		if !p.got(TokComma) {
			break
		}
	}
	return list
}

// ---------------------------------------------------------------------------
// types

// parseTypeRef parses a scalar type name or a tabular schema `(*)`,
// `(a:string, b:long)`.
func (p *parser) parseTypeRef() *TypeRef {
	if p.is(TokLParen) {
		t := &TypeRef{Tabular: true, Lparen: p.tok.Pos, NamePos: p.tok.Pos}
		p.next()
		t.Columns, t.Star = p.parseColumnDecls(TokRParen)
		t.EndPos = p.expect(TokRParen, "after schema") + 1
		return t
	}
	if p.is(TokIdent) {
		t := &TypeRef{NamePos: p.tok.Pos, Name: strings.ToLower(p.tok.Text), EndPos: p.tok.End}
		p.next()
		return t
	}
	p.errorExpected("type name")
	return &TypeRef{NamePos: p.prevEnd(), EndPos: p.prevEnd()}
}

// parseColumnDecls parses `name:type, ...` (and `*`) up to term.
func (p *parser) parseColumnDecls(term Kind) (cols []*ColumnDecl, star bool) {
	for !p.is(term) && !p.is(TokEOF) {
		if p.got(TokStar) {
			star = true
		} else {
			c := &ColumnDecl{Name: p.parseColumnName()}
			p.expect(TokColon, "after column name")
			c.Type = p.parseTypeRef()
			cols = append(cols, c)
		}
		if !p.got(TokComma) {
			break
		}
	}
	return cols, star
}

// parseColumnName accepts a name, bracketed name, or string (datatable and
// externaldata allow quoted column names).
func (p *parser) parseColumnName() *Ident {
	if p.is(TokString) {
		id := &Ident{NamePos: p.tok.Pos, Name: p.tok.Value, Quoted: true, EndPos: p.tok.End}
		p.next()
		return id
	}
	return p.parseName("for column")
}
