package syntax

import (
	"math"
	"strings"
)

// parseExpr parses a full expression, including pipes: a tabular
// expression or a scalar one. Used where KQL allows a subquery: statement
// bodies, let values, parentheses and call arguments.
func (p *parser) parseExpr() Expr { return p.parsePipeline(false) }

// parsePipeline parses `source | op | op ...`. With implicit set (the
// sub-pipelines of fork, facet, partition, mv-apply, macro-expand) a
// leading operator name starts the pipeline with the enclosing input.
func (p *parser) parsePipeline(implicit bool) Expr {
	if !p.enter() {
		return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
	}
	defer p.leave()
	var x Expr
	if name, n, ok := p.startOperator(implicit); ok {
		x = &PipeExpr{Pipe: NoPos, Op: p.parseOperatorNamed(name, n)}
		p.checkAfterOp(x.(*PipeExpr).Op)
	} else {
		x = p.parseScalar()
	}
	for p.is(TokPipe) {
		pipe := p.tok.Pos
		p.next()
		op := p.parseOperator()
		x = &PipeExpr{Source: x, Pipe: pipe, Op: op}
		p.checkAfterOp(op)
	}
	return x
}

// checkAfterOp reports junk after an operator and skips to a point where
// the pipeline can continue.
func (p *parser) checkAfterOp(op TabularOp) {
	switch p.tok.Kind {
	case TokPipe, TokSemi, TokRParen, TokRBrace, TokRBrack, TokComma, TokEOF:
		return
	}
	p.errorExpected("'|' or ';' after " + op.OpName() + " operator")
	p.skipTo(TokPipe, TokSemi, TokComma)
}

// startOperator decides whether the current identifier begins a tabular
// operator that has no piped input. Because keywords are contextual the
// decision looks at what follows: `range x from ...` is an operator,
// `range(1, 5, 1)` a function call.
func (p *parser) startOperator(implicit bool) (string, int, bool) {
	if !p.is(TokIdent) {
		return "", 0, false
	}
	name, n := p.peekOpName()
	next := p.peek(n)
	switch name {
	case "union":
		return name, n, next.Kind == TokIdent || next.Kind == TokLParen || next.Kind == TokLBrack || next.Kind == TokStar
	case "print":
		return name, n, startsExpr(next) || next.Kind == TokEOF || next.Kind == TokSemi || next.Kind == TokPipe || next.Kind == TokRParen
	case "range":
		return name, n, next.Kind == TokIdent && p.peek(n+1).Kind == TokIdent && p.peek(n+1).Text == "from"
	case "datatable", "externaldata":
		return name, n, next.Kind == TokLParen || next.Kind == TokIdent && p.peek(n+1).Kind == TokAssign
	case "find":
		return name, n, next.Kind == TokIdent || next.Kind == TokString || next.Kind == TokLParen
	case "search":
		return name, n, startsExpr(next) && next.Kind != TokMinus && next.Kind != TokPlus
	case "evaluate":
		return name, n, next.Kind == TokIdent
	case "macro-expand":
		// A dash-joined keyword: `macro - expand` with spaces is not this.
		return name, n, next.Kind == TokIdent
	}
	if implicit {
		if knownOperators[name] {
			return name, n, true
		}
	}
	return "", 0, false
}

// startsExpr reports whether t can begin an expression.
func startsExpr(t Token) bool {
	switch t.Kind {
	case TokIdent, TokInt, TokReal, TokTimespan, TokString, TokLParen, TokLBrack, TokStar, TokMinus, TokPlus:
		return true
	}
	return false
}

// parseScalar parses an expression without pipes (operator arguments).
func (p *parser) parseScalar() Expr {
	if !p.enter() {
		return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
	}
	defer p.leave()
	return p.parseOr()
}

func (p *parser) parseOr() Expr {
	x := p.parseAnd()
	for p.isWord("or") {
		pos := p.tok.Pos
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: OpOr, Y: p.parseAnd()}
	}
	return x
}

func (p *parser) parseAnd() Expr {
	x := p.parseCmp()
	for p.isWord("and") {
		pos := p.tok.Pos
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: OpAnd, Y: p.parseCmp()}
	}
	return x
}

// cmpOperator recognises a comparison, string, or list operator at the
// current position and returns it with the number of tokens it spans.
func (p *parser) cmpOperator() (Operator, int) {
	switch p.tok.Kind {
	case TokEq:
		return OpEq, 1
	case TokAssign:
		// Kusto accepts `where x = 1` as equality. Assignments are
		// recognised before an expression is parsed, so a '=' seen here
		// after an operand can only be a comparison.
		if p.allowAssignEq {
			return OpEq, 1
		}
	case TokNe, TokLtGt:
		return OpNe, 1
	case TokLt:
		return OpLt, 1
	case TokLe:
		return OpLe, 1
	case TokGt:
		return OpGt, 1
	case TokGe:
		return OpGe, 1
	case TokEqTilde:
		return OpEqTilde, 1
	case TokNeTilde:
		return OpNeTilde, 1
	case TokColon:
		// `X : "term"` is has, in any predicate (the search operator's
		// form); nothing else lets ':' follow a whole operand.
		return OpColon, 1
	case TokBang:
		w := p.peek(1)
		if w.Kind != TokIdent || !adjacent(p.tok, w) {
			return OpInvalid, 0
		}
		switch w.Text {
		case "in":
			if t := p.peek(2); t.Kind == TokTilde && adjacent(w, t) {
				return OpNotInCi, 3
			}
			return OpNotIn, 2
		case "between":
			return OpNotBetween, 2
		}
		if op, ok := stringOps["!"+w.Text]; ok {
			return op, 2
		}
	case TokIdent:
		switch p.tok.Text {
		case "in":
			if t := p.peek(1); t.Kind == TokTilde && adjacent(p.tok, t) {
				return OpInCi, 2
			}
			return OpIn, 1
		case "notin":
			return OpNotIn, 1
		case "between":
			return OpBetween, 1
		case "notbetween":
			return OpNotBetween, 1
		case "has_any":
			return OpHasAny, 1
		case "has_all":
			return OpHasAll, 1
		case "has_any_cs":
			return OpHasAnyCs, 1
		case "has_all_cs":
			return OpHasAllCs, 1
		case "matches":
			if t := p.peek(1); t.Kind == TokIdent && t.Text == "regex" {
				return OpMatchesRegex, 2
			}
		}
		if op, ok := stringOps[p.tok.Text]; ok {
			return op, 1
		}
	}
	return OpInvalid, 0
}

// parseCmp parses the comparison level. KQL comparison operators are
// non-associative in the grammar but Kusto accepts chains, so they are
// folded left.
func (p *parser) parseCmp() Expr {
	x := p.parseAdd()
	for {
		op, n := p.cmpOperator()
		if op == OpInvalid {
			return x
		}
		pos := p.tok.Pos
		for i := 0; i < n; i++ {
			p.next()
		}
		switch op {
		case OpIn, OpNotIn, OpInCi, OpNotInCi:
			x = p.parseIn(x, pos, op)
		case OpHasAny, OpHasAll, OpHasAnyCs, OpHasAllCs:
			x = p.parseHasAny(x, pos, op)
		case OpBetween, OpNotBetween:
			x = p.parseBetween(x, pos, op == OpNotBetween)
		default:
			x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseAdd()}
		}
	}
}

// parseListOperand parses `( a, b, ... )` or `( subquery )` after in /
// has_any. A lone operand that is syntactically tabular is returned as the
// subquery.
func (p *parser) parseListOperand(opName string) (lparen Pos, list []Expr, sub Expr, rparen Pos) {
	if !p.is(TokLParen) {
		lparen = p.expect(TokLParen, "after '"+opName+"'")
		return lparen, nil, nil, lparen
	}
	lparen = p.expect(TokLParen, "")
	list = p.parseExprList(TokRParen)
	rparen = p.expect(TokRParen, "after '"+opName+"' list")
	if len(list) == 1 && isTabular(list[0]) {
		return lparen, nil, list[0], rparen
	}
	return lparen, list, nil, rparen
}

// prevTokPos is the position of the token just consumed.
func (p *parser) prevTokPos() Pos {
	if p.i == 0 {
		return NoPos
	}
	return p.toks[p.i-1].Pos
}

func (p *parser) parseIn(x Expr, pos Pos, op Operator) Expr {
	e := &InExpr{X: x, OpPos: pos, Negated: op == OpNotIn || op == OpNotInCi, CaseInsensitive: op == OpInCi || op == OpNotInCi}
	e.Lparen, e.List, e.Subquery, e.Rparen = p.parseListOperand(op.String())
	return e
}

func (p *parser) parseHasAny(x Expr, pos Pos, op Operator) Expr {
	e := &HasAnyExpr{X: x, OpPos: pos, Op: op}
	e.Lparen, e.List, e.Subquery, e.Rparen = p.parseListOperand(op.String())
	return e
}

func (p *parser) parseBetween(x Expr, pos Pos, neg bool) Expr {
	e := &BetweenExpr{X: x, OpPos: pos, Negated: neg}
	e.Lparen = p.expect(TokLParen, "after 'between'")
	e.Lo = p.parseScalar()
	p.expect(TokDotDot, "between range bounds")
	e.Hi = p.parseScalar()
	e.Rparen = p.expect(TokRParen, "after between range")
	return e
}

// isTabular reports whether x is certainly a tabular expression.
func isTabular(x Expr) bool {
	switch x := x.(type) {
	case *PipeExpr:
		return true
	case *Paren:
		return isTabular(x.X)
	}
	return false
}

func (p *parser) parseAdd() Expr {
	x := p.parseMul()
	for p.is(TokPlus) || p.is(TokMinus) {
		op := OpAdd
		if p.is(TokMinus) {
			// `-->` / `--` belong to graph syntax, never to arithmetic.
			op = OpSub
		}
		pos := p.tok.Pos
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseMul()}
	}
	return x
}

func (p *parser) parseMul() Expr {
	x := p.parseUnary()
	for {
		var op Operator
		switch p.tok.Kind {
		case TokStar:
			op = OpMul
		case TokSlash:
			op = OpDiv
		case TokPercent:
			op = OpMod
		default:
			return x
		}
		pos := p.tok.Pos
		p.next()
		x = &Binary{X: x, OpPos: pos, Op: op, Y: p.parseUnary()}
	}
}

func (p *parser) parseUnary() Expr {
	if p.is(TokMinus) || p.is(TokPlus) {
		if !p.enter() {
			return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
		}
		defer p.leave()
		op := OpAdd
		if p.is(TokMinus) {
			op = OpSub
		}
		pos := p.tok.Pos
		p.next()
		return &Unary{OpPos: pos, Op: op, X: p.parseUnary()}
	}
	return p.parsePostfix(p.parsePrimary())
}

// parsePostfix applies `.name`, `[index]` and `(args)` suffixes.
func (p *parser) parsePostfix(x Expr) Expr {
	for {
		switch p.tok.Kind {
		case TokDot:
			dot := p.tok.Pos
			p.next()
			var name *Ident
			switch {
			case p.is(TokIdent):
				name = &Ident{NamePos: p.tok.Pos, Name: p.tok.Text, EndPos: p.tok.End}
				p.next()
			case p.is(TokLBrack) && p.peek(1).Kind == TokString && p.peek(2).Kind == TokRBrack:
				name = p.parseBracketName()
			case p.is(TokLBrack):
				// `x.[0]` / `x.["k"]`: Kusto accepts a dot before an index.
				ix := &Index{X: x, Lbrack: p.tok.Pos}
				p.next()
				ix.Index = p.parseScalar()
				ix.Rbrack = p.expect(TokRBrack, "after index")
				x = ix
				continue
			case p.is(TokInt):
				// `x.0` (numeric property names in JSON paths)
				name = &Ident{NamePos: p.tok.Pos, Name: p.tok.Text, EndPos: p.tok.End}
				p.next()
			default:
				p.errorExpected("name after '.'")
				return x
			}
			x = &Member{X: x, Dot: dot, Name: name}
		case TokLBrack:
			ix := &Index{X: x, Lbrack: p.tok.Pos}
			p.next()
			ix.Index = p.parseScalar()
			ix.Rbrack = p.expect(TokRBrack, "after index")
			x = ix
		case TokLParen:
			switch x.(type) {
			case *Ident, *Member:
			default:
				return x
			}
			c := &Call{Fun: x, Lparen: p.tok.Pos}
			p.next()
			c.Args = p.parseArgs()
			c.Rparen = p.expect(TokRParen, "after arguments")
			x = c
		default:
			return x
		}
	}
}

// parseArgs parses call arguments: expressions (tabular allowed), named
// arguments `name = value`, and `*`.
func (p *parser) parseArgs() []Expr {
	var args []Expr
	for !p.is(TokRParen) && !p.is(TokEOF) {
		args = append(args, p.parseArg())
		if !p.got(TokComma) {
			break
		}
	}
	return args
}

func (p *parser) parseArg() Expr {
	if p.isNameStart() && p.peek(p.nameLen()).Kind == TokAssign {
		name := p.parseName("")
		assign := p.tok.Pos
		p.next()
		return &NamedExpr{Lparen: NoPos, Rparen: NoPos, Names: []*Ident{name}, Assign: assign, X: p.parseExpr()}
	}
	return p.parseExpr()
}

// parseExprList parses a comma-separated list of full expressions up to term.
func (p *parser) parseExprList(term Kind) []Expr {
	var list []Expr
	for !p.is(term) && !p.is(TokEOF) {
		list = append(list, p.parseExpr())
		if !p.got(TokComma) {
			break
		}
	}
	return list
}

// parseScalarList parses a comma-separated list of scalar expressions.
func (p *parser) parseScalarList() []Expr {
	var list []Expr
	for {
		list = append(list, p.parseScalar())
		if !p.got(TokComma) {
			return list
		}
	}
}

// parseNamedOrExpr parses an item of project/extend/summarize lists:
// `Name = X`, `(A, B) = X`, or X.
func (p *parser) parseNamedOrExpr() Expr {
	if p.isNameStart() && p.peek(p.nameLen()).Kind == TokAssign {
		name := p.parseName("")
		assign := p.tok.Pos
		p.next()
		return &NamedExpr{Lparen: NoPos, Rparen: NoPos, Names: []*Ident{name}, Assign: assign, X: p.parseScalar()}
	}
	if p.is(TokLParen) && p.tupleAssignAhead() {
		e := &NamedExpr{Lparen: p.tok.Pos}
		p.next()
		for {
			e.Names = append(e.Names, p.parseName("in tuple assignment"))
			if !p.got(TokComma) {
				break
			}
		}
		e.Rparen = p.expect(TokRParen, "after tuple names")
		e.Assign = p.expect(TokAssign, "after tuple names")
		e.X = p.parseScalar()
		return e
	}
	return p.parseScalar()
}

// tupleAssignAhead reports whether `( name, name, ... ) =` starts here.
func (p *parser) tupleAssignAhead() bool {
	j := 1
	for {
		t := p.peek(j)
		switch {
		case t.Kind == TokIdent:
			j++
		case t.Kind == TokLBrack && p.peek(j+1).Kind == TokString && p.peek(j+2).Kind == TokRBrack:
			j += 3
		default:
			return false
		}
		switch p.peek(j).Kind {
		case TokComma:
			j++
		case TokRParen:
			return p.peek(j+1).Kind == TokAssign
		default:
			return false
		}
	}
}

// parseNamedList parses a comma-separated list of parseNamedOrExpr items.
func (p *parser) parseNamedList() []Expr {
	var list []Expr
	for {
		list = append(list, p.parseNamedOrExpr())
		if !p.got(TokComma) {
			return list
		}
	}
}

// typedLiteralNames are the constructors of typed literals: `long(5)`,
// `datetime(2024-01-01)`, `dynamic([1])`.
var typedLiteralNames = map[string]LitKind{
	"bool": LitBool, "boolean": LitBool,
	"int": LitInt, "long": LitLong,
	"real": LitReal, "double": LitReal,
	"decimal":  LitDecimal,
	"datetime": LitDatetime, "date": LitDatetime,
	"time": LitTimespan, "timespan": LitTimespan,
	"guid":    LitGuid,
	"dynamic": LitDynamic,
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	switch t.Kind {
	case TokInt, TokReal, TokTimespan:
		return p.parseNumber()
	case TokString:
		return p.parseStringLit()
	case TokIdent:
		next := p.peek(1)
		switch t.Text {
		case "true", "false", "True", "False", "TRUE", "FALSE":
			if next.Kind != TokLParen {
				p.next()
				return &Literal{ValuePos: t.Pos, EndPos: t.End, Kind: LitBool, Raw: t.Text, Value: strings.EqualFold(t.Text, "true")}
			}
		case "typeof":
			if next.Kind == TokLParen {
				return p.parseTypeOf()
			}
		case "entity_group":
			// `let G = entity_group [database("d"), ...]`, for macro-expand.
			if next.Kind == TokLBrack {
				return p.parseEntityGroup()
			}
		}
		if kind, ok := typedLiteralNames[t.Text]; ok && next.Kind == TokLParen {
			return p.parseTypedLiteral(kind)
		}
		p.next()
		return &Ident{NamePos: t.Pos, Name: t.Text, EndPos: t.End}
	case TokLBrack:
		if p.peek(1).Kind == TokString && p.peek(2).Kind == TokRBrack {
			return p.parseBracketName()
		}
	case TokLParen:
		x := &Paren{Lparen: t.Pos}
		p.next()
		x.X = p.parseExpr()
		x.Rparen = p.expect(TokRParen, "to close parenthesis")
		return x
	case TokStar:
		p.next()
		return &Star{Star: t.Pos}
	case TokIllegal:
		p.error(t.Pos, t.Value)
		p.next()
		return &BadExpr{From: t.Pos, To: t.End}
	}
	p.errorExpected("expression")
	// Consume the offending token unless it closes or separates something,
	// so that callers' loops always make progress.
	switch t.Kind {
	case TokEOF, TokRParen, TokRBrack, TokRBrace, TokPipe, TokSemi, TokComma:
		return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
	}
	p.next()
	return &BadExpr{From: t.Pos, To: t.End}
}

func (p *parser) parseNumber() Expr {
	t := p.tok
	p.next()
	lit := &Literal{ValuePos: t.Pos, EndPos: t.End, Raw: t.Text}
	var err error
	switch t.Kind {
	case TokInt:
		lit.Kind, lit.Value, err = parseIntLit(t.Text)
	case TokReal:
		lit.Kind = LitReal
		lit.Value, err = parseRealLit(t.Text)
	case TokTimespan:
		lit.Kind = LitTimespan
		var v int64
		v, err = parseTimespanToken(t.Text)
		lit.Value = v
	}
	if err != nil {
		lit.Bad, lit.Value = true, nil
		p.error(t.Pos, err.Error())
	}
	return lit
}

// parseStringLit parses one string literal or several adjacent ones, which
// KQL concatenates (`'a' 'b'` == `'ab'`).
func (p *parser) parseStringLit() Expr {
	start := p.tok
	var b strings.Builder
	end := start.End
	for p.is(TokString) {
		b.WriteString(p.tok.Value)
		end = p.tok.End
		p.next()
	}
	return &Literal{ValuePos: start.Pos, EndPos: end, Kind: LitString, Raw: p.src.Text[start.Pos:end], Value: b.String()}
}

func (p *parser) parseTypeOf() Expr {
	e := &TypeOfExpr{Typeof: p.tok.Pos}
	p.next()
	lparen := p.tok.Pos
	p.next()
	if p.is(TokIdent) && p.peek(1).Kind != TokColon || p.is(TokLParen) {
		e.Type = p.parseTypeRef()
	} else {
		// typeof(a:string, b:long): a tabular schema without its own parens
		t := &TypeRef{Tabular: true, Lparen: lparen, NamePos: lparen}
		t.Columns, t.Star = p.parseColumnDecls(TokRParen)
		t.EndPos = max(p.prevEnd(), lparen)
		e.Type = t
	}
	e.Rparen = p.expect(TokRParen, "after typeof type")
	return e
}

// parseTypedLiteral parses `kind(value)`: long(5), real(nan), bool(null),
// datetime(2024-01-01), time(1.2:30:00), guid(...), dynamic([...]).
func (p *parser) parseTypedLiteral(kind LitKind) Expr {
	name := p.tok
	p.next()
	p.next() // '('
	lit := &Literal{ValuePos: name.Pos, Kind: kind}
	var err error
	fail := func(what string) {
		if err == nil {
			if p.tok.Kind == TokIllegal {
				p.error(p.tok.Pos, p.tok.Value)
			} else {
				p.errorExpected(what + " in " + name.Text + "(...)")
			}
		}
		lit.Bad = true
	}
	if p.is(TokRaw) {
		raw := p.tok
		p.next()
		content := strings.TrimSpace(raw.Value)
		switch {
		case content == "null":
			lit.Null = true
		case kind == LitDatetime:
			var v int64
			v, err = parseDatetimeRaw(content)
			lit.Value = v
		case kind == LitTimespan:
			var v int64
			v, err = parseTimespanRaw(content)
			lit.Value = v
		case kind == LitGuid:
			lit.Value, err = parseGuidRaw(content)
		case kind == LitDynamic:
			lit.JSON = raw.Value
			lit.Value, err = parseDynamicRaw(content)
		}
		if err != nil {
			lit.Bad, lit.Value = true, nil
			if kind == LitDynamic {
				p.error(raw.Pos, err.Error())
			} else {
				lit.Problem = err.Error()
			}
		}
	} else {
		p.parseTypedLiteralTokens(lit, name.Text, fail)
	}
	rparen := p.expect(TokRParen, "after "+name.Text+" literal")
	lit.EndPos = rparen + 1
	lit.Raw = p.src.Text[name.Pos:lit.EndPos]
	return lit
}

// parseTypedLiteralTokens decodes bool/int/long/real/decimal literal
// arguments, which are ordinary tokens.
func (p *parser) parseTypedLiteralTokens(lit *Literal, name string, fail func(string)) {
	if p.isWord("null") {
		p.next()
		lit.Null = true
		return
	}
	switch lit.Kind {
	case LitBool:
		if p.is(TokIdent) && (strings.EqualFold(p.tok.Text, "true") || strings.EqualFold(p.tok.Text, "false")) {
			lit.Value = strings.EqualFold(p.tok.Text, "true")
			p.next()
			return
		}
		if p.is(TokInt) && (p.tok.Text == "0" || p.tok.Text == "1") {
			lit.Value = p.tok.Text == "1"
			p.next()
			return
		}
		fail("true, false or null")
		return
	}
	neg := false
	if p.is(TokMinus) || p.is(TokPlus) {
		neg = p.is(TokMinus)
		p.next()
	}
	switch {
	case lit.Kind == LitReal && p.is(TokIdent) && (p.tok.Text == "nan" || p.tok.Text == "NaN"):
		lit.Value = math.NaN()
		p.next()
	case lit.Kind == LitReal && p.is(TokIdent) && (strings.EqualFold(p.tok.Text, "inf") || strings.EqualFold(p.tok.Text, "infinity")):
		v := math.Inf(1)
		if neg {
			v = math.Inf(-1)
		}
		lit.Value = v
		p.next()
	case p.is(TokInt) || p.is(TokReal):
		text := p.tok.Text
		p.next()
		switch lit.Kind {
		case LitInt, LitLong:
			k, v, err := parseIntLit(text)
			if err != nil || k != LitLong || lit.Kind == LitInt && (v.(int64) > math.MaxInt32+1 || v.(int64) < math.MinInt32) {
				p.error(p.prevTokPos(), "invalid "+name+" literal "+text)
				lit.Bad = true
				return
			}
			n := v.(int64)
			if neg {
				n = -n
			}
			lit.Value = n
		case LitReal:
			f, _ := parseRealLit(text)
			if f == nil {
				lit.Bad = true
				return
			}
			if neg {
				lit.Value = -f.(float64)
			} else {
				lit.Value = f
			}
		case LitDecimal:
			if neg {
				text = "-" + text
			}
			lit.Value = text
		}
	default:
		fail("number")
	}
}
