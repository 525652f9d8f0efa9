package syntax

// Graph operators: make-graph and graph-match. Their arrows are lexed as
// separate '-', '<', '>' tokens and recognised here by adjacency.

func (p *parser) parseMakeGraph(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &MakeGraphOp{OpHeader: h}
	op.Source = p.parseName("(source column) after 'make-graph'")
	switch {
	case p.is(TokMinus) && p.peek(1).Kind == TokMinus && p.peek(2).Kind == TokGt &&
		adjacent(p.tok, p.peek(1)) && adjacent(p.peek(1), p.peek(2)):
		op.Directed = true
		p.next()
		p.next()
		p.next()
	case p.is(TokMinus) && p.peek(1).Kind == TokMinus && adjacent(p.tok, p.peek(1)):
		p.next()
		p.next()
	default:
		p.errorExpected("'-->' or '--' in make-graph")
	}
	op.Target = p.parseName("(target column) in make-graph")
	for {
		p.parseParams(&op.OpHeader)
		if !p.isWord("with") {
			break
		}
		spec := &GraphNodesSpec{With: p.tok.Pos}
		p.next()
		spec.Nodes = p.parseTableOperand()
		p.expectWord("on", "after make-graph nodes table")
		spec.On = p.parseName("(node id column)")
		op.Nodes = append(op.Nodes, spec)
		for p.is(TokComma) {
			p.next()
			spec := &GraphNodesSpec{With: p.tok.Pos}
			spec.Nodes = p.parseTableOperand()
			p.expectWord("on", "after make-graph nodes table")
			spec.On = p.parseName("(node id column)")
			op.Nodes = append(op.Nodes, spec)
		}
	}
	if p.gotCompound("partitioned-by") {
		// `partitioned-by Col ( subquery )`: keep the column as a param.
		col := p.parseName("after partitioned-by")
		op.Params = append(op.Params, &NamedParam{NamePos: col.Pos(), Name: "partitioned-by", Value: col})
		if p.is(TokLParen) {
			_, sub, _ := p.parseSubquery("partitioned-by subquery")
			op.Params = append(op.Params, &NamedParam{NamePos: sub.Pos(), Name: "partitioned-by-query", Value: sub})
		}
	}
	return op
}

func (p *parser) parseGraphMatch(h OpHeader) TabularOp {
	p.parseParams(&h)
	op := &GraphMatchOp{OpHeader: h}
	for {
		op.Patterns = append(op.Patterns, p.parseGraphPattern())
		if !p.got(TokComma) {
			break
		}
	}
	if p.gotWord("where") {
		op.Where = p.parseScalar()
	}
	if p.gotWord("project") {
		op.Project = p.parseNamedList()
	}
	return op
}

// parseGraphPattern parses `(a)-[e]->(b)<--(c)...`.
func (p *parser) parseGraphPattern() *GraphPattern {
	g := &GraphPattern{}
	g.Elems = append(g.Elems, p.parseGraphNode())
	for p.is(TokMinus) || p.is(TokLt) {
		e := p.parseGraphEdge()
		if e == nil {
			break
		}
		g.Elems = append(g.Elems, e, p.parseGraphNode())
	}
	return g
}

func (p *parser) parseGraphNode() Node {
	n := &GraphNode{Lparen: p.expect(TokLParen, "to start graph node")}
	if p.isNameStart() {
		n.Name = p.parseName("")
		// Optional label constraint `(n:Label)` is kept out of the tree.
		if p.got(TokColon) {
			p.parseName("(node label)")
		}
	}
	n.Rparen = p.expect(TokRParen, "to end graph node")
	return n
}

// parseGraphEdge parses one of: `-->`, `<--`, `--`, `-[e]->`, `<-[e]-`,
// `-[e]-`, with optional `*min..max` inside the brackets.
func (p *parser) parseGraphEdge() *GraphEdge {
	e := &GraphEdge{From: p.tok.Pos}
	left := false
	if p.got(TokLt) {
		left = true
	}
	p.expect(TokMinus, "in graph edge")
	if p.is(TokLBrack) {
		p.next()
		if p.isNameStart() {
			e.Name = p.parseName("")
		}
		if p.got(TokStar) {
			e.MinHops = p.parseUnary()
			if p.got(TokDotDot) {
				e.MaxHops = p.parseUnary()
			}
		}
		p.expect(TokRBrack, "to end graph edge")
	}
	p.expect(TokMinus, "in graph edge")
	right := p.got(TokGt)
	switch {
	case left && right:
		p.error(e.From, "graph edge cannot point both ways")
	case left:
		e.Direction = "<-"
	case right:
		e.Direction = "->"
	default:
		e.Direction = "--"
	}
	e.EndPos = p.prevEnd()
	return e
}
