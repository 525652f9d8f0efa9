package syntax

import "strings"

// knownOperators lists every tabular operator name the parser recognises
// after '|' (canonical names and aliases).
var knownOperators = map[string]bool{
	"where": true, "filter": true, "project": true, "project-away": true, "project-keep": true,
	"project-rename": true, "project-reorder": true, "project-by-names": true, "project-smart": true,
	"extend": true, "summarize": true, "distinct": true, "count": true, "take": true, "limit": true,
	"sample": true, "sample-distinct": true, "top": true, "sort": true, "order": true,
	"top-nested": true, "top-hitters": true, "mv-expand": true, "mvexpand": true, "mv-apply": true,
	"mvapply": true, "parse": true, "parse-where": true, "parse-kv": true, "make-series": true,
	"render": true, "as": true, "serialize": true, "getschema": true, "invoke": true,
	"evaluate": true, "facet": true, "fork": true, "partition": true, "scan": true,
	"consume": true, "reduce": true, "assert-schema": true, "macro-expand": true, "join": true,
	"lookup": true, "union": true, "find": true, "search": true, "print": true, "range": true,
	"datatable": true, "externaldata": true, "execute-and-cache": true, "make-graph": true,
	"graph-match": true, "graph-to-table": true, "graph-merge": true, "graph-shortest-paths": true,
	"graph-mark-components": true,
}

// compoundWords are the dash-joined keywords. The lexer emits
// `project`, `-`, `away`; the parser glues them back together only where a
// keyword is expected and only when written without spaces.
var compoundWords = []string{
	"project-away", "project-keep", "project-rename", "project-reorder", "project-by-names",
	"project-smart", "sample-distinct", "top-nested", "top-hitters", "mv-expand", "mv-apply",
	"parse-where", "parse-kv", "make-series", "assert-schema", "macro-expand",
	"execute-and-cache", "make-graph", "graph-match", "graph-to-table", "graph-merge",
	"graph-shortest-paths", "graph-mark-components", "granny-asc", "granny-desc", "partitioned-by",
}

func isCompoundPrefix(s string) bool {
	for _, w := range compoundWords {
		if w == s || strings.HasPrefix(w, s+"-") {
			return true
		}
	}
	return false
}

// peekOpName reads a possibly dash-joined keyword at the current position
// without consuming it and returns it with its length in tokens.
func (p *parser) peekOpName() (string, int) {
	name := p.tok.Text
	n := 1
	for {
		m, w := p.peek(n), p.peek(n+1)
		if m.Kind != TokMinus || w.Kind != TokIdent || !adjacent(p.peek(n-1), m) || !adjacent(m, w) ||
			!isCompoundPrefix(name+"-"+w.Text) {
			break
		}
		name += "-" + w.Text
		n += 2
	}
	for !knownOperators[name] && n > 1 && !isCompleteCompound(name) {
		// A prefix like `project-by` without `-names`: fall back.
		i := strings.LastIndexByte(name, '-')
		name = name[:i]
		n -= 2
	}
	return name, n
}

func isCompleteCompound(s string) bool {
	for _, w := range compoundWords {
		if w == s {
			return true
		}
	}
	return false
}

// gotCompound consumes the dash-joined keyword w if it is next.
func (p *parser) gotCompound(w string) bool {
	if !p.is(TokIdent) {
		return false
	}
	name, n := p.peekOpName()
	if name != w {
		return false
	}
	for i := 0; i < n; i++ {
		p.next()
	}
	return true
}

// parseOperator parses the operator after a '|'.
func (p *parser) parseOperator() TabularOp {
	if !p.is(TokIdent) {
		pos := p.tok.Pos
		p.errorExpected("operator name after '|'")
		p.skipTo(TokPipe, TokSemi)
		if end := p.prevEnd(); end < pos {
			pos = end // nothing consumed: an empty placeholder after the '|'
		}
		return &BadOp{From: pos, To: p.prevEnd()}
	}
	name, n := p.peekOpName()
	return p.parseOperatorNamed(name, n)
}

type headed interface{ header() *OpHeader }

func (h *OpHeader) header() *OpHeader { return h }

// parseOperatorNamed consumes the n tokens of operator name and parses the
// rest of the operator.
func (p *parser) parseOperatorNamed(name string, n int) TabularOp {
	if !p.enter() {
		return &BadOp{From: p.prevEnd(), To: p.prevEnd()}
	}
	defer p.leave()
	h := OpHeader{OpPos: p.tok.Pos, Keyword: name}
	for i := 0; i < n; i++ {
		p.next()
	}
	op := p.parseOperatorBody(name, h)
	if hh, ok := op.(headed); ok {
		hh.header().EndPos = max(p.prevEnd(), hh.header().OpPos)
	}
	return op
}

func (p *parser) parseOperatorBody(name string, h OpHeader) TabularOp {
	switch name {
	case "where", "filter":
		p.parseParams(&h)
		saved := p.allowAssignEq
		p.allowAssignEq = true
		pred := p.parseScalar()
		p.allowAssignEq = saved
		return &WhereOp{OpHeader: h, Pred: pred}
	case "project":
		return &ProjectOp{OpHeader: h, Cols: p.parseNamedList()}
	case "project-away":
		return &ProjectAwayOp{OpHeader: h, Cols: p.parseNameListWithPatterns(TokPipe)}
	case "project-keep":
		return &ProjectKeepOp{OpHeader: h, Cols: p.parseNameListWithPatterns(TokPipe)}
	case "project-rename":
		return p.parseProjectRename(h)
	case "project-reorder":
		return p.parseProjectReorder(h)
	case "project-by-names":
		return &ProjectByNamesOp{OpHeader: h, Cols: p.parseScalarList()}
	case "extend":
		return &ExtendOp{OpHeader: h, Cols: p.parseNamedList()}
	case "summarize":
		return p.parseSummarize(h)
	case "distinct":
		p.parseParams(&h)
		return &DistinctOp{OpHeader: h, Cols: p.parseNamedList()}
	case "count":
		return &CountOp{OpHeader: h}
	case "take", "limit":
		p.parseParams(&h)
		return &TakeOp{OpHeader: h, Count: p.parseScalar()}
	case "sample":
		p.parseParams(&h)
		return &SampleOp{OpHeader: h, Count: p.parseScalar()}
	case "sample-distinct":
		p.parseParams(&h)
		op := &SampleDistinctOp{OpHeader: h, Count: p.parseScalar()}
		p.expectWord("of", "after sample-distinct count")
		op.Of = p.parseScalar()
		return op
	case "top":
		p.parseParams(&h)
		op := &TopOp{OpHeader: h, Count: p.parseScalar()}
		op.By = p.expectWord("by", "after top count")
		// top orders by one expression; `top 3 by a, b` is an error.
		k := &SortKey{X: p.parseScalar()}
		p.parseSortSuffix(k)
		op.Keys = []*SortKey{k}
		if p.is(TokComma) {
			p.error(p.tok.Pos, "top orders by one expression; to order by several, write sort by a, b | take N")
		}
		return op
	case "sort", "order":
		p.parseParams(&h)
		op := &SortOp{OpHeader: h}
		op.By = p.expectWord("by", "after '"+name+"'")
		op.Keys = p.parseSortKeys()
		return op
	case "top-nested":
		return p.parseTopNested(h)
	case "top-hitters":
		p.parseParams(&h)
		op := &TopHittersOp{OpHeader: h, Count: p.parseScalar()}
		p.expectWord("of", "after top-hitters count")
		op.Of = p.parseScalar()
		if p.gotWord("by") {
			op.By = p.parseScalar()
		}
		return op
	case "mv-expand", "mvexpand":
		return p.parseMvExpand(h)
	case "mv-apply", "mvapply":
		return p.parseMvApply(h)
	case "parse", "parse-where":
		return p.parseParse(h, name == "parse-where")
	case "parse-kv":
		return p.parseParseKv(h)
	case "make-series":
		return p.parseMakeSeries(h)
	case "render":
		return p.parseRender(h)
	case "as":
		p.parseParams(&h)
		return &AsOp{OpHeader: h, Name: p.parseName("after 'as'")}
	case "serialize":
		op := &SerializeOp{OpHeader: h}
		if p.isNameStart() || p.is(TokLParen) {
			op.Cols = p.parseNamedList()
		}
		return op
	case "getschema":
		return &GetSchemaOp{OpHeader: h}
	case "invoke":
		return &InvokeOp{OpHeader: h, Call: p.parseCallOperand("function call after 'invoke'")}
	case "evaluate":
		p.parseParams(&h)
		op := &EvaluateOp{OpHeader: h, Call: p.parseCallOperand("plugin call after 'evaluate'")}
		if p.got(TokColon) {
			op.Schema = p.parseTypeRef()
		}
		return op
	case "facet":
		return p.parseFacet(h)
	case "fork":
		return p.parseFork(h)
	case "partition":
		return p.parsePartition(h)
	case "scan":
		return p.parseScan(h)
	case "consume":
		p.parseParams(&h)
		return &ConsumeOp{OpHeader: h}
	case "reduce":
		p.parseParams(&h)
		op := &ReduceOp{OpHeader: h}
		p.expectWord("by", "after 'reduce'")
		op.By = p.parseScalar()
		if p.gotWord("with") {
			op.With = p.parseAnyParams()
		}
		return op
	case "assert-schema":
		return &AssertSchemaOp{OpHeader: h, Schema: p.parseTypeRef()}
	case "macro-expand":
		return p.parseMacroExpand(h)
	case "join":
		return p.parseJoin(h)
	case "lookup":
		return p.parseLookup(h)
	case "union":
		return p.parseUnion(h)
	case "find":
		return p.parseFind(h)
	case "search":
		return p.parseSearch(h)
	case "print":
		op := &PrintOp{OpHeader: h}
		if !p.is(TokPipe) && !p.is(TokSemi) && !p.is(TokEOF) && !p.is(TokRParen) {
			op.Exprs = p.parseNamedList()
		}
		return op
	case "range":
		op := &RangeOp{OpHeader: h, Name: p.parseName("after 'range'")}
		p.expectWord("from", "after range column name")
		op.From = p.parseScalar()
		p.expectWord("to", "after range start")
		op.To = p.parseScalar()
		p.expectWord("step", "after range end")
		op.Step = p.parseScalar()
		return op
	case "datatable":
		return p.parseDataTable(h)
	case "externaldata":
		return p.parseExternalData(h)
	case "execute-and-cache":
		return &ExecuteAndCacheOp{OpHeader: h}
	case "make-graph":
		return p.parseMakeGraph(h)
	case "graph-match":
		return p.parseGraphMatch(h)
	case "graph-to-table", "graph-merge", "graph-shortest-paths", "graph-mark-components", "project-smart":
		return p.parseGeneric(h, name)
	}
	p.error(h.OpPos, "unknown tabular operator '"+name+"'")
	p.skipTo(TokPipe, TokSemi)
	return &BadOp{From: h.OpPos, To: p.prevEnd()}
}

// operatorParams lists the non-hint parameters each operator accepts.
// Parameters named hint.* are accepted everywhere.
var operatorParams = map[string][]string{
	"join":         {"kind", "withsource"},
	"lookup":       {"kind"},
	"union":        {"kind", "withsource", "isfuzzy"},
	"mv-expand":    {"bagexpansion", "with_itemindex", "kind"},
	"mvexpand":     {"bagexpansion", "with_itemindex", "kind"},
	"mv-apply":     {"with_itemindex", "id"},
	"mvapply":      {"with_itemindex", "id"},
	"parse":        {"kind", "flags"},
	"parse-where":  {"kind", "flags"},
	"make-series":  {"kind"},
	"find":         {"withsource", "datascope", "kind"},
	"search":       {"kind", "withsource"},
	"scan":         {"with_match_id"},
	"reduce":       {"kind"},
	"macro-expand": {"kind", "isfuzzy"},
	"graph-match":  {"cycles"},
	"make-graph":   {"with_node_id", "kind"},
	"datatable":    {"typeof"},
	"externaldata": {"kind"},
	"partition":    {},
	"evaluate":     {},
	"consume":      {"decodeblocks"},
	"top-nested":   {},
}

// paramAhead reports whether `name[.name...] =` starts here and returns the
// lowercased dotted name and its token count.
func (p *parser) paramAhead() (string, int, bool) {
	if !p.is(TokIdent) {
		return "", 0, false
	}
	name := p.tok.Text
	n := 1
	for p.peek(n).Kind == TokDot && p.peek(n+1).Kind == TokIdent && adjacent(p.peek(n-1), p.peek(n)) && adjacent(p.peek(n), p.peek(n+1)) {
		name += "." + p.peek(n+1).Text
		n += 2
	}
	if p.peek(n).Kind != TokAssign {
		return "", 0, false
	}
	return strings.ToLower(name), n, true
}

// parseParams parses the `name=value` parameters at the start of an
// operator (only the names the operator accepts, so `extend x = 1` is not
// mistaken for a parameter), storing them in h.Params.
func (p *parser) parseParams(h *OpHeader) {
	allowed := operatorParams[h.Keyword]
	for {
		name, n, ok := p.paramAhead()
		if !ok {
			return
		}
		if !strings.HasPrefix(name, "hint.") && !contains(allowed, name) {
			return
		}
		prm := &NamedParam{NamePos: p.tok.Pos, Name: name}
		for i := 0; i <= n; i++ { // name tokens and '='
			p.next()
		}
		prm.Value = p.parseParamValue()
		h.Params = append(h.Params, prm)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseParamValue parses a single-token parameter value (a word, number,
// string or bool). It never consumes a following '(' so that
// `join kind=inner (T)` parses.
func (p *parser) parseParamValue() Expr {
	t := p.tok
	switch t.Kind {
	case TokIdent:
		if t.Text == "true" || t.Text == "false" {
			p.next()
			return &Literal{ValuePos: t.Pos, EndPos: t.End, Kind: LitBool, Raw: t.Text, Value: t.Text == "true"}
		}
		p.next()
		return &Ident{NamePos: t.Pos, Name: t.Text, EndPos: t.End}
	case TokString, TokInt, TokReal, TokTimespan:
		return p.parsePrimary()
	case TokMinus:
		p.next()
		return &Unary{OpPos: t.Pos, Op: OpSub, X: p.parsePrimary()}
	case TokLBrack:
		return p.parsePrimary()
	}
	p.errorExpected("parameter value")
	return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
}

// parseAnyParams parses `name = value, ...` with arbitrary names (render
// and externaldata `with` properties, reduce's with clause). Values may be
// lists: `ycolumns = a, b`.
func (p *parser) parseAnyParams() []*NamedParam {
	var list []*NamedParam
	for {
		name, n, ok := p.paramAhead()
		if !ok {
			if p.is(TokString) && p.peek(1).Kind == TokAssign {
				name, n, ok = p.tok.Value, 1, true
			} else {
				p.errorExpected("property name = value")
				return list
			}
		}
		prm := &NamedParam{NamePos: p.tok.Pos, Name: name}
		for i := 0; i <= n; i++ {
			p.next()
		}
		prm.Value = p.parseScalar()
		for p.is(TokComma) {
			// `, name =` starts the next property; `, name` continues a list.
			p.next()
			_, _, isProp := p.paramAhead()
			p.i--
			p.tok = p.toks[p.i]
			if isProp || !(p.peek(1).Kind == TokIdent || p.peek(1).Kind == TokLBrack) {
				break
			}
			if prm.List == nil {
				prm.List = []Expr{prm.Value}
			}
			p.next()
			prm.List = append(prm.List, p.parseScalar())
		}
		list = append(list, prm)
		if !p.got(TokComma) {
			return list
		}
	}
}

// paramString returns a parameter's value as lowercase text ("" if absent).
func paramString(h *OpHeader, name string) string {
	prm := h.Param(name)
	if prm == nil {
		return ""
	}
	switch v := prm.Value.(type) {
	case *Ident:
		return strings.ToLower(v.Name)
	case *Literal:
		if s, ok := v.Value.(string); ok {
			return s
		}
		return strings.ToLower(v.Raw)
	}
	return ""
}

func paramIdent(h *OpHeader, name string) *Ident {
	if prm := h.Param(name); prm != nil {
		if id, ok := prm.Value.(*Ident); ok {
			return id
		}
	}
	return nil
}

// parseSortKeys parses `e [asc|desc] [nulls first|last], ...`.
func (p *parser) parseSortKeys() []*SortKey {
	var keys []*SortKey
	for {
		k := &SortKey{X: p.parseScalar()}
		p.parseSortSuffix(k)
		keys = append(keys, k)
		if !p.got(TokComma) {
			return keys
		}
	}
}

func (p *parser) parseSortSuffix(k *SortKey) {
	k.EndPos = k.X.End()
	if p.isWord("asc") || p.isWord("desc") {
		k.Order = p.tok.Text
		k.EndPos = p.tok.End
		p.next()
	} else if p.gotCompound("granny-asc") || p.gotCompound("granny-desc") {
		k.Order = strings.ReplaceAll(p.src.Text[p.peek(-3).Pos:p.prevEnd()], " ", "")
		k.EndPos = p.prevEnd()
	}
	if p.isWord("nulls") {
		p.next()
		if p.isWord("first") || p.isWord("last") {
			k.Nulls = p.tok.Text
			k.EndPos = p.tok.End
			p.next()
		} else {
			p.errorExpected("'first' or 'last' after 'nulls'")
		}
	}
}

func (p *parser) parseProjectRename(h OpHeader) TabularOp {
	op := &ProjectRenameOp{OpHeader: h}
	for {
		start := p.tok.Pos
		x := p.parseNamedOrExpr()
		ne, ok := x.(*NamedExpr)
		if !ok || len(ne.Names) != 1 {
			// Kusto's parser accepts this; leave it to the binder.
			_ = start
			op.Invalid = append(op.Invalid, x)
		} else {
			op.Cols = append(op.Cols, ne)
		}
		if !p.got(TokComma) {
			return op
		}
	}
}

func (p *parser) parseProjectReorder(h OpHeader) TabularOp {
	op := &ProjectReorderOp{OpHeader: h}
	for {
		k := &SortKey{X: p.parseNamePattern()}
		p.parseSortSuffix(k)
		op.Cols = append(op.Cols, k)
		if !p.got(TokComma) {
			return op
		}
	}
}

func (p *parser) parseSummarize(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &SummarizeOp{OpHeader: h, By: NoPos}
	if !p.isWord("by") || p.peek(1).Kind == TokAssign || p.peek(1).Kind == TokComma {
		op.Aggs = p.parseNamedList()
	}
	if p.isWord("by") {
		op.By = p.tok.Pos
		p.next()
		op.ByExprs = p.parseNamedList()
	}
	return op
}

func (p *parser) parseTopNested(h OpHeader) TabularOp {
	op := &TopNestedOp{OpHeader: h}
	clauseStart := h.OpPos
	for {
		c := &TopNestedClause{TopNested: clauseStart}
		if !p.isWord("of") {
			c.Count = p.parseScalar()
		}
		p.expectWord("of", "in top-nested")
		c.Of = p.parseNamedOrExpr()
		if p.gotWord("with") {
			p.expectWord("others", "after 'with'")
			p.expect(TokAssign, "after 'with others'")
			c.Others = p.parseScalar()
		}
		p.expectWord("by", "in top-nested")
		c.By = p.parseNamedOrExpr()
		if p.isWord("asc") || p.isWord("desc") {
			c.Order = p.tok.Text
			p.next()
		}
		c.EndPos = p.prevEnd()
		op.Clauses = append(op.Clauses, c)
		if !(p.is(TokComma) && p.peek(1).Kind == TokIdent && p.peek(1).Text == "top") {
			return op
		}
		p.next()
		clauseStart = p.tok.Pos
		if !p.gotCompound("top-nested") {
			p.errorExpected("'top-nested'")
			return op
		}
	}
}

func (p *parser) parseMvItems() []*MvExpandItem {
	var items []*MvExpandItem
	for {
		it := &MvExpandItem{}
		if p.isNameStart() && p.peek(p.nameLen()).Kind == TokAssign {
			it.Name = p.parseName("")
			p.next()
		}
		it.X = p.parseScalar()
		if p.gotWord("to") {
			p.expectWord("typeof", "after 'to'")
			p.expect(TokLParen, "after typeof")
			it.To = p.parseTypeRef()
			p.expect(TokRParen, "after type")
		}
		items = append(items, it)
		if !p.got(TokComma) {
			return items
		}
	}
}

func (p *parser) parseMvExpand(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &MvExpandOp{OpHeader: h}
	op.BagExpansion = paramString(&op.OpHeader, "bagexpansion")
	op.ItemIndex = paramIdent(&op.OpHeader, "with_itemindex")
	op.Items = p.parseMvItems()
	if p.gotWord("limit") {
		op.Limit = p.parseScalar()
	}
	return op
}

func (p *parser) parseMvApply(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &MvApplyOp{OpHeader: h}
	op.ItemIndex = paramIdent(&op.OpHeader, "with_itemindex")
	op.Items = p.parseMvItems()
	if p.gotWord("limit") {
		op.Limit = p.parseScalar()
	}
	p.parseParams(&op.OpHeader)
	op.On = p.expectWord("on", "in mv-apply")
	p.expect(TokLParen, "before mv-apply subquery")
	op.Subquery = p.parsePipeline(true)
	p.expect(TokRParen, "after mv-apply subquery")
	return op
}

func (p *parser) parseParse(h OpHeader, where bool) TabularOp {
	p.parseParams(&h)
	src := p.parseScalar()
	with := p.expectWord("with", "after parse source")
	pattern := p.parseParsePattern()
	kind, flags := paramString(&h, "kind"), paramString(&h, "flags")
	if where {
		return &ParseWhereOp{OpHeader: h, Kind: kind, Flags: flags, Source: src, With: with, Pattern: pattern}
	}
	return &ParseOp{OpHeader: h, Kind: kind, Flags: flags, Source: src, With: with, Pattern: pattern}
}

// parseParsePattern parses the pattern of parse: strings, `*` and
// `Name[:type]`, up to the end of the operator.
func (p *parser) parseParsePattern() []Expr {
	var items []Expr
	for {
		switch {
		case p.is(TokString):
			items = append(items, p.parseStringLit())
		case p.is(TokStar):
			items = append(items, &Star{Star: p.tok.Pos})
			p.next()
		case p.isNameStart():
			c := &ColumnDecl{Name: p.parseName("")}
			if p.got(TokColon) {
				c.Type = p.parseTypeRef()
			}
			items = append(items, c)
		default:
			if len(items) == 0 {
				p.errorExpected("parse pattern")
			}
			return items
		}
	}
}

func (p *parser) parseParseKv(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &ParseKvOp{OpHeader: h, With: NoPos}
	op.Source = p.parseScalar()
	p.expectWord("as", "after parse-kv source")
	p.expect(TokLParen, "before parse-kv columns")
	op.Columns, _ = p.parseColumnDecls(TokRParen)
	p.expect(TokRParen, "after parse-kv columns")
	if p.isWord("with") {
		op.With = p.tok.Pos
		p.next()
		p.expect(TokLParen, "after 'with'")
		op.Props = p.parseAnyParams()
		p.expect(TokRParen, "after parse-kv properties")
	}
	return op
}

func (p *parser) parseMakeSeries(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &MakeSeriesOp{OpHeader: h, By: NoPos}
	for {
		a := &MakeSeriesAgg{X: p.parseNamedOrExpr()}
		if p.isWord("default") && p.peek(1).Kind == TokAssign {
			p.next()
			p.next()
			a.Default = p.parseScalar()
		}
		op.Aggs = append(op.Aggs, a)
		if !p.got(TokComma) {
			break
		}
	}
	op.On = p.expectWord("on", "after make-series aggregates")
	op.Axis = p.parseAdd()
	if p.gotWord("in") {
		x := p.parsePostfix(p.parsePrimary())
		if c, ok := x.(*Call); ok {
			op.InRange = c
		} else {
			p.error(x.Pos(), "expected range(start, stop, step) after 'in'")
		}
	} else {
		if p.gotWord("from") {
			op.From = p.parseAdd()
		}
		if p.gotWord("to") {
			op.To = p.parseAdd()
		}
		p.expectWord("step", "in make-series")
		op.Step = p.parseAdd()
	}
	if p.isWord("by") {
		op.By = p.tok.Pos
		p.next()
		op.ByExprs = p.parseNamedList()
	}
	return op
}

func (p *parser) parseRender(h OpHeader) TabularOp {
	op := &RenderOp{OpHeader: h, Chart: p.parseName("(chart type) after 'render'")}
	if p.gotWord("with") {
		p.expect(TokLParen, "after 'with'")
		if !p.is(TokRParen) {
			op.Props = p.parseAnyParams()
		}
		p.expect(TokRParen, "after render properties")
	} else if _, _, ok := p.paramAhead(); ok {
		op.Props = p.parseAnyParams() // legacy: render timechart title='x'
	}
	return op
}

// parseCallOperand parses the function call operand of invoke/evaluate.
func (p *parser) parseCallOperand(what string) *Call {
	start := p.tok.Pos
	if !p.is(TokIdent) {
		p.errorExpected(what)
		e := p.prevEnd()
		return &Call{Fun: &BadExpr{From: e, To: e}, Lparen: e, Rparen: e - 1}
	}
	x := p.parsePostfix(p.parsePrimary())
	if c, ok := x.(*Call); ok {
		return c
	}
	p.error(start, "expected "+what)
	return &Call{Fun: x, Lparen: x.End(), Rparen: x.End() - 1}
}

// parseSubquery parses `( pipeline )` whose input is implicit.
func (p *parser) parseSubquery(ctx string) (Pos, Expr, Pos) {
	l := p.expect(TokLParen, "before "+ctx)
	x := p.parsePipeline(true)
	r := p.expect(TokRParen, "after "+ctx)
	return l, x, r
}

func (p *parser) parseFacet(h OpHeader) TabularOp {
	op := &FacetOp{OpHeader: h}
	p.expectWord("by", "after 'facet'")
	op.Cols = p.parseScalarList()
	if p.gotWord("with") {
		_, op.With, _ = p.parseSubquery("facet subquery")
	}
	return op
}

func (p *parser) parseFork(h OpHeader) TabularOp {
	op := &ForkOp{OpHeader: h}
	for {
		b := &ForkBranch{}
		if p.isNameStart() && p.peek(p.nameLen()).Kind == TokAssign {
			b.Name = p.parseName("")
			p.next()
		} else if !p.is(TokLParen) {
			break
		}
		b.Lparen, b.Subquery, b.Rparen = p.parseSubquery("fork branch")
		op.Branches = append(op.Branches, b)
	}
	if len(op.Branches) == 0 {
		p.errorExpected("'(' to start a fork branch")
	}
	return op
}

func (p *parser) parsePartition(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &PartitionOp{OpHeader: h, Strategy: paramString(&h, "hint.strategy")}
	p.expectWord("by", "after 'partition'")
	op.By = p.parseName("(partition column)")
	if p.is(TokLBrace) {
		op.Braced = true
		p.next()
		op.Subquery = p.parsePipeline(true)
		p.expect(TokRBrace, "after partition subquery")
		return op
	}
	_, op.Subquery, _ = p.parseSubquery("partition subquery")
	return op
}

func (p *parser) parseScan(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &ScanOp{OpHeader: h, MatchID: paramIdent(&h, "with_match_id")}
	for {
		switch {
		case p.isWord("order") && p.peek(1).Kind == TokIdent && p.peek(1).Text == "by":
			p.next()
			p.next()
			op.OrderBy = p.parseSortKeys()
			continue
		case p.isWord("partition") && p.peek(1).Kind == TokIdent && p.peek(1).Text == "by":
			p.next()
			p.next()
			op.PartitionBy = p.parseScalarList()
			continue
		case p.isWord("declare"):
			p.next()
			p.expect(TokLParen, "after 'declare'")
			op.Declare = p.parseParamList()
			p.expect(TokRParen, "after scan declarations")
			continue
		}
		break
	}
	p.expectWord("with", "before scan steps")
	p.expect(TokLParen, "before scan steps")
	for p.isWord("step") {
		s := &ScanStep{Step: p.tok.Pos}
		p.next()
		s.Name = p.parseName("after 'step'")
		if p.gotWord("optional") {
			s.Optional = true
		}
		for {
			name, n, ok := p.paramAhead()
			if !ok {
				break
			}
			prm := &NamedParam{NamePos: p.tok.Pos, Name: name}
			for i := 0; i <= n; i++ {
				p.next()
			}
			prm.Value = p.parseParamValue()
			s.Params = append(s.Params, prm)
		}
		p.expect(TokColon, "after step name")
		s.Cond = p.parseScalar()
		if p.got(TokArrow) {
			for {
				x := p.parseNamedOrExpr()
				if ne, ok := x.(*NamedExpr); ok {
					s.Assigns = append(s.Assigns, ne)
				} else {
					p.error(x.Pos(), "expected Column = Expression after '=>'")
				}
				if !p.got(TokComma) {
					break
				}
			}
		}
		s.EndPos = p.prevEnd()
		op.Steps = append(op.Steps, s)
		if !p.got(TokSemi) {
			break
		}
	}
	if len(op.Steps) == 0 {
		p.errorExpected("'step' in scan")
	}
	p.expect(TokRParen, "after scan steps")
	return op
}

func (p *parser) parseMacroExpand(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &MacroExpandOp{OpHeader: h}
	if p.isWord("entity_group") && p.peek(1).Kind == TokLBrack {
		op.EntityGroup = p.parseEntityGroup()
	} else {
		op.EntityGroup = p.parsePostfix(p.parsePrimary())
	}
	p.expectWord("as", "after macro-expand entity group")
	op.As = p.parseName("after 'as'")
	_, op.Subquery, _ = p.parseSubquery("macro-expand subquery")
	return op
}

// parseEntityGroup parses `entity_group [Ref, ...]` as a call of
// entity_group whose brackets stand for the parentheses.
func (p *parser) parseEntityGroup() *Call {
	c := &Call{Fun: &Ident{NamePos: p.tok.Pos, Name: p.tok.Text, EndPos: p.tok.End}}
	p.next()
	c.Lparen = p.tok.Pos
	p.next()
	c.Args = p.parseExprList(TokRBrack)
	c.Rparen = p.expect(TokRBrack, "after entity group")
	return c
}

// parseTableOperand parses the right side of join/lookup or an item of a
// union: a parenthesised subquery, a name, a wildcard pattern, or a call.
func (p *parser) parseTableOperand() Expr {
	if name, n, ok := p.startOperator(false); ok && (name == "datatable" || name == "externaldata") {
		// `lookup datatable(...)[...] on x`: an inline table without parens.
		return &PipeExpr{Pipe: NoPos, Op: p.parseOperatorNamed(name, n)}
	}
	switch {
	case p.is(TokLParen):
		x := &Paren{Lparen: p.tok.Pos}
		p.next()
		x.X = p.parseExpr()
		x.Rparen = p.expect(TokRParen, "after subquery")
		return x
	case p.is(TokStar) || p.is(TokIdent) && p.peek(1).Kind == TokStar && adjacent(p.tok, p.peek(1)):
		return p.parseNamePattern()
	case p.is(TokIdent) || p.is(TokLBrack):
		return p.parsePostfix(p.parsePrimary())
	}
	p.errorExpected("table or subquery")
	return &BadExpr{From: p.prevEnd(), To: p.prevEnd()}
}

func (p *parser) parseJoin(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &JoinOp{OpHeader: h, Kind: paramString(&h, "kind"), On: NoPos}
	op.Right = p.parseTableOperand()
	p.parseParams(&op.OpHeader)
	if p.isWord("on") {
		op.On = p.tok.Pos
		p.next()
		op.OnExprs = p.parseScalarList()
	}
	if p.gotWord("where") {
		op.Where = p.parseScalar()
	}
	if op.On == NoPos && op.Where == nil {
		p.errorExpected("'on' after join operand")
	}
	return op
}

func (p *parser) parseLookup(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &LookupOp{OpHeader: h, Kind: paramString(&h, "kind")}
	op.Right = p.parseTableOperand()
	op.On = p.expectWord("on", "after lookup operand")
	op.OnExprs = p.parseScalarList()
	return op
}

func (p *parser) parseUnion(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &UnionOp{OpHeader: h, Kind: paramString(&h, "kind"), WithSource: paramIdent(&h, "withsource")}
	op.IsFuzzy = paramString(&h, "isfuzzy") == "true"
	for {
		op.Tables = append(op.Tables, p.parseTableOperand())
		if !p.got(TokComma) {
			return op
		}
	}
}

func (p *parser) parseTableList() []Expr {
	p.expect(TokLParen, "after 'in'")
	var list []Expr
	for !p.is(TokRParen) && !p.is(TokEOF) {
		list = append(list, p.parseTableOperand())
		if !p.got(TokComma) {
			break
		}
	}
	p.expect(TokRParen, "after table list")
	return list
}

func (p *parser) parseFind(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &FindOp{OpHeader: h, WithSource: paramIdent(&h, "withsource")}
	if p.gotWord("in") {
		op.Tables = p.parseTableList()
		p.expectWord("where", "in find")
	} else {
		// Without `in`, `where` may be left out: `find "term"`.
		p.gotWord("where")
	}
	op.Pred = p.parseScalar()
	if p.gotCompound("project-smart") {
		op.ProjectKind = "project-smart"
	} else if p.gotWord("project") {
		op.ProjectKind = "project"
		op.Cols = p.parseNamedList()
	}
	return op
}

func (p *parser) parseSearch(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &SearchOp{OpHeader: h, Kind: paramString(&h, "kind"), WithSource: paramIdent(&h, "withsource")}
	if p.isWord("in") && p.peek(1).Kind == TokLParen {
		p.next()
		op.Tables = p.parseTableList()
	}
	op.Pred = p.parseScalar()
	return op
}

func (p *parser) parseDataTable(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &DataTableOp{OpHeader: h}
	p.expect(TokLParen, "after 'datatable'")
	op.Columns, _ = p.parseColumnDecls(TokRParen)
	p.expect(TokRParen, "after datatable columns")
	p.expect(TokLBrack, "before datatable values")
	for !p.is(TokRBrack) && !p.is(TokEOF) {
		op.Values = append(op.Values, p.parseScalar())
		if !p.got(TokComma) {
			break
		}
	}
	p.expect(TokRBrack, "after datatable values")
	return op
}

func (p *parser) parseExternalData(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &ExternalDataOp{OpHeader: h}
	p.expect(TokLParen, "after 'externaldata'")
	op.Columns, _ = p.parseColumnDecls(TokRParen)
	p.expect(TokRParen, "after externaldata columns")
	p.expect(TokLBrack, "before externaldata URIs")
	for !p.is(TokRBrack) && !p.is(TokEOF) {
		op.URIs = append(op.URIs, p.parseScalar())
		if !p.got(TokComma) {
			break
		}
	}
	p.expect(TokRBrack, "after externaldata URIs")
	if p.gotWord("with") {
		p.expect(TokLParen, "after 'with'")
		if !p.is(TokRParen) {
			op.Props = p.parseAnyParams()
		}
		p.expect(TokRParen, "after externaldata properties")
	}
	return op
}

// parseGeneric keeps a rare operator's arguments as raw text, balancing
// brackets so the pipeline continues after it. Leading `name=value`
// parameters are decoded into Params.
func (p *parser) parseGeneric(h OpHeader, name string) TabularOp {
	for {
		pname, n, ok := p.paramAhead()
		if !ok {
			break
		}
		prm := &NamedParam{NamePos: p.tok.Pos, Name: pname}
		for i := 0; i <= n; i++ {
			p.next()
		}
		prm.Value = p.parseParamValue()
		h.Params = append(h.Params, prm)
	}
	start := p.tok.Pos
	p.skipTo(TokPipe, TokSemi)
	end := max(p.prevEnd(), start)
	return &GenericOp{OpHeader: h, Name: name, Raw: strings.TrimSpace(p.src.Text[start:end])}
}
