package semantic

import (
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// Graph operators. make-graph gives a graph value (a plan.GraphSource),
// which only the graph operators may read; they give tables, or (for
// graph-mark-components) a graph again.

const graphFollowers = "graph-match, graph-shortest-paths, graph-to-table or graph-mark-components"

// graphOp binds the graph operators, and rejects a graph given to any
// other operator. ok is false for an operator that is not graph related
// over a table input: the caller binds it.
func (b *binder) graphOp(op syntax.TabularOp, in plan.Node, sc *scope) (plan.Node, bool) {
	g, isGraph := in.(plan.GraphSource)
	name := op.OpName()
	if gen, ok := op.(*syntax.GenericOp); ok {
		name = gen.Name
	}
	switch name {
	case "make-graph":
		o, ok := op.(*syntax.MakeGraphOp)
		if !ok || in == nil {
			return nil, true
		}
		if isGraph {
			b.errorf(op.Pos(), "KS107", "make-graph expects a table of edges, not a graph.")
			return nil, true
		}
		return b.makeGraph(o, in, sc), true
	case "graph-match", "graph-shortest-paths", "graph-to-table", "graph-mark-components", "graph-merge":
		if in == nil {
			return nil, true
		}
		if !isGraph {
			b.errorf(op.Pos(), "KS107", "The operator '%s' expects a graph: build one with make-graph first.", name)
			return nil, true
		}
	default:
		if isGraph {
			b.errorf(op.Pos(), "KS107", "The operator '%s' cannot read a graph: make-graph must be followed by %s.", name, graphFollowers)
			return nil, true
		}
		return nil, false
	}
	switch o := op.(type) {
	case *syntax.GraphMatchOp:
		return b.graphMatch(o, g, sc, false, false), true
	case *syntax.GenericOp:
		switch o.Name {
		case "graph-shortest-paths":
			return b.graphShortestPaths(o, g, sc), true
		case "graph-to-table":
			return b.graphToTable(o, g, sc), true
		case "graph-mark-components":
			return b.graphMarkComponents(o, g), true
		}
	}
	b.unsupported(op.Pos(), "operator '"+name+"'")
	return nil, true
}

// graphFuncUnsupported reports graph("name"), a persistent graph model.
func (b *binder) graphFuncUnsupported(pos syntax.Pos) {
	b.errorf(pos, codeUnsupported, "graph() is not supported: Quarry has no persistent graph models; build the graph in the query with make-graph")
}

func (b *binder) makeGraph(o *syntax.MakeGraphOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	col := func(x syntax.Expr, s types.Schema, what string) int {
		id, ok := x.(*syntax.Ident)
		if !ok {
			b.errorf(x.Pos(), "KS109", "Column name expected for the %s.", what)
			return -1
		}
		i := s.Index(id.Name)
		if i < 0 {
			b.errorf(id.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
			return -1
		}
		if s[i].Type == types.Dynamic {
			b.errorf(id.Pos(), "KS240", "source, target and node id columns can't be of type dynamic, consider using explicit cast")
			return -1
		}
		return i
	}
	src := col(o.Source, inS, "source node id")
	dst := col(o.Target, inS, "target node id")
	if src < 0 || dst < 0 {
		return nil
	}
	idType := inS[src].Type
	if inS[dst].Type != idType {
		b.errorf(o.Target.Pos(), "KS107", "The source (%s) and target (%s) node id columns of make-graph must have the same type.", idType, inS[dst].Type)
		return nil
	}
	if !o.Directed {
		b.errorf(o.Pos(), codeUnsupported, "make-graph with an undirected edge ('--') is not supported: Kusto documents only directed graphs ('-->'); match edges in either direction with '--' in graph-match instead")
		return nil
	}
	if p := o.Param("kind"); p != nil {
		b.errorf(p.NamePos, codeUnsupported, "make-graph's kind parameter is not supported")
		return nil
	}
	mg := &plan.MakeGraph{Edges: in, Src: src, Dst: dst}
	if p := o.Param("with_node_id"); p != nil {
		name := propText(p.Value)
		if name == "" {
			b.errorf(p.NamePos, "KS109", "with_node_id expects a column name.")
			return nil
		}
		if len(o.Nodes) > 0 {
			b.errorf(p.NamePos, "KS107", "make-graph takes either node tables (with T on Id) or with_node_id, not both.")
			return nil
		}
		mg.Props = types.Schema{{Name: name, Type: idType}}
		mg.PropsFrom = [][]plan.GraphPropFrom{{{Table: -1}}}
	}
	for ti, spec := range o.Nodes {
		nodes := b.tabular(spec.Nodes, sc, nil)
		if nodes == nil {
			return nil
		}
		if _, bad := nodes.(plan.GraphSource); bad {
			b.errorf(spec.Nodes.Pos(), "KS107", "A node table of make-graph must be a table, not a graph.")
			return nil
		}
		ns := nodes.Schema()
		id := col(spec.On, ns, "node id")
		if id < 0 {
			return nil
		}
		if ns[id].Type != idType {
			b.errorf(spec.On.Pos(), "KS107", "The node id column '%s' (%s) must have the type of the edges' node ids (%s).", ns[id].Name, ns[id].Type, idType)
			return nil
		}
		mg.Nodes = append(mg.Nodes, plan.GraphNodeTable{Input: nodes, ID: id})
		for c, column := range ns {
			if k := mg.Props.Index(column.Name); k >= 0 {
				if mg.Props[k].Type != column.Type {
					b.errorf(spec.Nodes.Pos(), codeUnsupported, "node property '%s' has the type %s in one node table and %s in another: merging them is not supported; convert one of them", column.Name, mg.Props[k].Type, column.Type)
					return nil
				}
				mg.PropsFrom[k] = append(mg.PropsFrom[k], plan.GraphPropFrom{Table: ti, Col: c})
				continue
			}
			mg.Props = append(mg.Props, column)
			mg.PropsFrom = append(mg.PropsFrom, []plan.GraphPropFrom{{Table: ti, Col: c}})
		}
	}
	// A node that only edges name still has its id in the id columns.
	for _, t := range mg.Nodes {
		k := mg.Props.Index(t.Input.Schema()[t.ID].Name)
		mg.PropsFrom[k] = append(mg.PropsFrom[k], plan.GraphPropFrom{Table: -1})
	}
	if p := o.Param("partitioned-by"); p != nil {
		return b.graphPartition(o, mg, p, sc)
	}
	return mg
}

// graphPartition binds `partitioned-by Col (GraphOperators)`.
func (b *binder) graphPartition(o *syntax.MakeGraphOp, mg *plan.MakeGraph, p *syntax.NamedParam, sc *scope) plan.Node {
	id, ok := p.Value.(*syntax.Ident)
	q := o.Param("partitioned-by-query")
	if !ok || q == nil {
		b.errorf(p.NamePos, "KS109", "partitioned-by expects a column name and a parenthesized graph operator.")
		return nil
	}
	part := &plan.GraphPartition{Graph: mg, EdgeCol: mg.Edges.Schema().Index(id.Name)}
	if part.EdgeCol < 0 {
		b.errorf(id.Pos(), "KS142", "The partition column '%s' is not a column of the edges.", id.Name)
		return nil
	}
	for _, t := range mg.Nodes {
		c := t.Input.Schema().Index(id.Name)
		if c < 0 {
			b.errorf(id.Pos(), "KS142", "The partition column '%s' is not a column of every node table.", id.Name)
			return nil
		}
		part.NodeCols = append(part.NodeCols, c)
	}
	part.Leaf = &plan.GraphLeaf{Nodes: mg.Props, Edges: mg.Edges.Schema()}
	sub := b.subquery(q.Value, sc, part.Leaf)
	if sub == nil {
		return nil
	}
	if _, isGraph := sub.(plan.GraphSource); isGraph {
		b.errorf(q.Value.Pos(), "KS107", "The partitioned-by sub-query must end with an operator that gives a table (graph-match, graph-to-table, ...).")
		return nil
	}
	part.Sub = sub
	return part
}

func (b *binder) graphMarkComponents(o *syntax.GenericOp, g plan.GraphSource) plan.Node {
	n := &plan.GraphMarkComponents{Graph: g, Name: "ComponentId"}
	for _, p := range o.Params {
		switch p.Name {
		case "kind":
			switch strings.ToLower(propText(p.Value)) {
			case "weak":
			case "strong":
				n.Strong = true
			default:
				b.errorf(p.NamePos, "KS107", "graph-mark-components kind must be weak or strong.")
				return nil
			}
		case "with_component_id":
			n.Name = propText(p.Value)
			if n.Name == "" {
				b.errorf(p.NamePos, "KS109", "with_component_id expects a name.")
				return nil
			}
		default:
			b.errorf(p.NamePos, "KS107", "graph-mark-components has no parameter '%s'.", p.Name)
			return nil
		}
	}
	if strings.TrimSpace(o.Raw) != "" {
		b.errorf(o.Pos(), "KS107", "Unexpected text after graph-mark-components: '%s'.", o.Raw)
		return nil
	}
	if g.NodeProps().Index(n.Name) >= 0 {
		b.errorf(o.Pos(), "KS171", "A node property with the name '%s' already exists.", n.Name)
		return nil
	}
	return n
}

// graphToTable binds `graph-to-table nodes [as N] [with_node_id=C]`,
// `edges [as E] [with_source_id=C] [with_target_id=C]`, or both,
// separated by a comma (two results).
func (b *binder) graphToTable(o *syntax.GenericOp, g plan.GraphSource, sc *scope) plan.Node {
	toks := syntax.Tokenize(o.Raw)
	fail := func(msg string) plan.Node {
		b.errorf(o.Pos(), "KS107", "graph-to-table: %s. Write `graph-to-table nodes [as N] [with_node_id=C]` or `edges [as E] [with_source_id=C] [with_target_id=C]`.", msg)
		return nil
	}
	var parts []plan.Node
	var names []string
	i := 0
	word := func() string {
		if i < len(toks) && toks[i].Kind == syntax.TokIdent {
			i++
			return toks[i-1].Text
		}
		return ""
	}
	for {
		kind := strings.ToLower(word())
		if kind != "nodes" && kind != "edges" {
			return fail("expected 'nodes' or 'edges'")
		}
		n := &plan.GraphToTable{Graph: g, Edges: kind == "edges"}
		asName := ""
		for i < len(toks) && toks[i].Kind == syntax.TokIdent {
			w := strings.ToLower(toks[i].Text)
			if w == "as" {
				i++
				if asName = word(); asName == "" {
					return fail("expected a name after 'as'")
				}
				continue
			}
			i++
			if i >= len(toks) || toks[i].Kind != syntax.TokAssign {
				return fail("expected '=' after " + w)
			}
			i++
			v := word()
			if v == "" {
				return fail("expected a column name after " + w + "=")
			}
			switch {
			case w == "with_node_id" && !n.Edges:
				n.IDCol = v
			case w == "with_source_id" && n.Edges:
				n.SrcCol = v
			case w == "with_target_id" && n.Edges:
				n.DstCol = v
			default:
				return fail("unexpected parameter '" + w + "' for " + kind)
			}
		}
		var out types.Schema
		for _, c := range []string{n.IDCol, n.SrcCol, n.DstCol} {
			if c != "" {
				out = append(out, types.Column{Name: c, Type: types.Long})
			}
		}
		props := g.NodeProps()
		if n.Edges {
			props = g.EdgeProps()
		}
		for _, c := range props {
			if out.Index(c.Name) >= 0 {
				b.errorf(o.Pos(), "KS171", "A column with the name '%s' is already declared.", c.Name)
				return nil
			}
			out = append(out, c)
		}
		n.Out = out
		parts = append(parts, n)
		names = append(names, asName)
		if i < len(toks) && toks[i].Kind == syntax.TokComma {
			i++
			continue
		}
		break
	}
	if i < len(toks) && toks[i].Kind != syntax.TokEOF {
		return fail("unexpected '" + toks[i].Text + "'")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	if len(parts) != 2 || parts[0].(*plan.GraphToTable).Edges == parts[1].(*plan.GraphToTable).Edges {
		return fail("give nodes and edges at most once each")
	}
	for k, name := range names {
		if name != "" {
			sc.define(name, &symbol{kind: symTabular, node: parts[k]})
		}
	}
	return &multiResult{parts: parts}
}

// graphShortestPaths binds `graph-shortest-paths [output=any|all] Pattern
// where Predicate project Columns`. The parser keeps its text raw: it is
// read again as a graph-match, with the positions of the query kept.
func (b *binder) graphShortestPaths(o *syntax.GenericOp, g plan.GraphSource, sc *scope) plan.Node {
	all := false
	for _, p := range o.Params {
		if p.Name != "output" {
			b.errorf(p.NamePos, "KS107", "graph-shortest-paths has no parameter '%s'.", p.Name)
			return nil
		}
		switch strings.ToLower(propText(p.Value)) {
		case "any":
		case "all":
			all = true
		default:
			b.errorf(p.NamePos, "KS107", "graph-shortest-paths output must be any or all.")
			return nil
		}
	}
	m := b.reparseAsGraphMatch(o)
	if m == nil {
		return nil
	}
	return b.graphMatch(m, g, sc, true, all)
}

// reparseAsGraphMatch parses a graph-shortest-paths' raw text as the
// arguments of a graph-match. When the query text is known, the text
// before the arguments is blanked (line breaks kept) and `_|graph-match`
// written over the operator's name, so that positions stay the query's.
func (b *binder) reparseAsGraphMatch(o *syntax.GenericOp) *syntax.GraphMatchOp {
	const head = "_|graph-match"
	var text string
	if b.src != nil && int(o.OpPos)+len(head) <= len(b.src.Text) {
		src := b.src.Text
		at := strings.Index(src[o.OpPos:], o.Raw)
		if at >= 0 {
			start := int(o.OpPos) + at
			buf := []byte(src[:start+len(o.Raw)])
			for k := 0; k < start; k++ {
				if buf[k] != '\n' && buf[k] != '\r' {
					buf[k] = ' '
				}
			}
			copy(buf[o.OpPos:], head)
			text = string(buf)
		}
	}
	if text == "" {
		text = head + " " + o.Raw
	}
	q, errs := syntax.Parse(text)
	if len(errs) > 0 {
		b.errorf(o.Pos(), "KS107", "graph-shortest-paths: %s", errs[0].Msg)
		return nil
	}
	if len(q.Stmts) == 1 {
		if st, ok := q.Stmts[0].(*syntax.ExprStmt); ok {
			if pe, ok := st.X.(*syntax.PipeExpr); ok {
				if m, ok := pe.Op.(*syntax.GraphMatchOp); ok {
					return m
				}
			}
		}
	}
	b.errorf(o.Pos(), "KS107", "graph-shortest-paths expects a pattern, a where clause and a project clause.")
	return nil
}
