package semantic

import (
	"strings"
	"sync"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// graphRow is what a row scope of graph-match knows beyond its columns:
// the pattern's variables, and how each column is computed. Element rows
// (the condition of all(), any(), map()) read one edge or inner node.
type graphRow struct {
	g    plan.GraphSource
	vars map[string]int
	m    *plan.GraphMatch
	cols []plan.GraphCol // parallel to the rowCtx's cols
	// elem is set for element rows; inner when they are inner nodes.
	elem, inner bool
}

// graphRows maps the row scopes being bound to their graph state; the
// binder's own row scope type stays free of graph fields. Entries live
// only while their graph-match is bound.
var graphRows sync.Map // *rowCtx -> *graphRow

func graphRowOf(row *rowCtx) *graphRow {
	if row == nil {
		return nil
	}
	if v, ok := graphRows.Load(row); ok {
		return v.(*graphRow)
	}
	return nil
}

// addCol adds a column (or finds the same one) and returns a reference.
func (gr *graphRow) addCol(row *rowCtx, c plan.GraphCol, name string, t types.Type) plan.Expr {
	if c.Kind != plan.GraphPathAll && c.Kind != plan.GraphPathAny && c.Kind != plan.GraphPathMap {
		for i, o := range gr.cols {
			if o.Kind == c.Kind && o.Var == c.Var && o.Prop == c.Prop {
				return &plan.ColRef{Index: i, Name: row.cols[i].Name, T: row.cols[i].Type}
			}
		}
	}
	gr.cols = append(gr.cols, c)
	row.cols = append(row.cols, types.Column{Name: name, Type: t})
	i := len(row.cols) - 1
	return &plan.ColRef{Index: i, Name: name, T: t}
}

func (b *binder) graphMatch(o *syntax.GraphMatchOp, g plan.GraphSource, sc *scope, shortest, all bool) plan.Node {
	m := &plan.GraphMatch{Graph: g, Cycles: "unique_edges", Shortest: shortest, OutputAll: all}
	what := "graph-match"
	if shortest {
		what = "graph-shortest-paths"
	}
	for _, p := range o.Params {
		if p.Name != "cycles" || shortest {
			b.errorf(p.NamePos, "KS107", "%s has no parameter '%s'.", what, p.Name)
			return nil
		}
		m.Cycles = strings.ToLower(propText(p.Value))
		switch m.Cycles {
		case "unique_edges", "none", "all":
		default:
			b.errorf(p.NamePos, "KS107", "cycles must be all, none or unique_edges.")
			return nil
		}
	}
	vars := map[string]int{}
	if !b.graphPattern(o.Patterns, m, vars, sc) {
		return nil
	}
	if shortest && (len(o.Patterns) != 1 || len(m.Steps) != 1 || !m.Steps[0].Variable) {
		b.errorf(o.Pos(), codeUnsupported, "graph-shortest-paths is supported for patterns of one variable length edge between two nodes, such as (a)-[e*1..5]->(b)")
		return nil
	}
	if len(o.Project) == 0 {
		b.errorf(o.Pos(), "KS107", "%s needs a project clause: the output columns, such as `project a.name, b.name`.", what)
		return nil
	}
	row := &rowCtx{}
	gr := &graphRow{g: g, vars: vars, m: m}
	graphRows.Store(row, gr)
	defer graphRows.Delete(row)
	if o.Where != nil {
		e := b.expr(o.Where, sc, row)
		if !isBad(e) && e.Type() != types.Bool {
			b.errorf(o.Where.Pos(), "KS141", "The expression must have the type bool.")
			e = bad()
		}
		m.Where = e
	}
	nm := b.newOut(nil)
	failed := isBad(m.Where) && m.Where != nil
	for _, it := range o.Project {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		if isBad(e) {
			failed = true
			continue
		}
		var name string
		var ok bool
		switch {
		case len(names) > 0:
			name, ok = nm.add(names[0].Name, false, names[0].Pos())
		case graphExprName(x, gr) != "":
			name, ok = nm.add(graphExprName(x, gr), true, it.Pos())
		default:
			name, ok = nm.take(nil, x, row, sc, it.Pos())
		}
		if !ok {
			failed = true
			continue
		}
		m.Project = append(m.Project, e)
		m.Out = append(m.Out, types.Column{Name: name, Type: e.Type()})
	}
	if failed {
		return nil
	}
	m.Cols, m.Row = gr.cols, row.cols
	return m
}

// graphPattern turns the pattern's sequences into variables and steps.
func (b *binder) graphPattern(pats []*syntax.GraphPattern, m *plan.GraphMatch, vars map[string]int, sc *scope) bool {
	newVar := func(name string, edge bool) int {
		m.Vars = append(m.Vars, plan.GraphVar{Name: name, Edge: edge})
		if name != "" {
			vars[name] = len(m.Vars) - 1
		}
		return len(m.Vars) - 1
	}
	nodeVar := func(n *syntax.GraphNode) int {
		if n.Name == nil {
			return newVar("", false)
		}
		if v, ok := vars[n.Name.Name]; ok {
			if m.Vars[v].Edge {
				b.errorf(n.Name.Pos(), "KS107", "'%s' names an edge of the pattern; it cannot also name a node.", n.Name.Name)
				return -1
			}
			return v
		}
		return newVar(n.Name.Name, false)
	}
	for _, p := range pats {
		prev := -1
		var pending *syntax.GraphEdge
		for _, el := range p.Elems {
			switch x := el.(type) {
			case *syntax.GraphNode:
				v := nodeVar(x)
				if v < 0 {
					return false
				}
				if pending != nil {
					st, ok := b.graphStep(pending, m, vars, newVar, sc)
					if !ok {
						return false
					}
					st.From, st.To = prev, v
					m.Steps = append(m.Steps, st)
					pending = nil
				}
				prev = v
			case *syntax.GraphEdge:
				pending = x
			}
		}
	}
	// Kusto matches only patterns that form one connected component.
	comp := make([]int, len(m.Vars))
	for i := range comp {
		comp[i] = i
	}
	find := func(i int) int {
		for comp[i] != i {
			comp[i] = comp[comp[i]]
			i = comp[i]
		}
		return i
	}
	for _, st := range m.Steps {
		comp[find(st.From)] = find(st.To)
		comp[find(st.Var)] = find(st.From)
	}
	for i := range m.Vars {
		if find(i) != find(0) {
			b.errorf(pats[0].Pos(), "KS107", "The graph pattern must be one connected component: its sequences must share node variables.")
			return false
		}
	}
	return true
}

func (b *binder) graphStep(e *syntax.GraphEdge, m *plan.GraphMatch, vars map[string]int, newVar func(string, bool) int, sc *scope) (plan.GraphStep, bool) {
	st := plan.GraphStep{Min: 1, Max: 1}
	switch e.Direction {
	case "->":
		st.Dir = plan.GraphForward
	case "<-":
		st.Dir = plan.GraphBackward
	default:
		st.Dir = plan.GraphAnyDir
	}
	if e.Name != nil {
		if _, dup := vars[e.Name.Name]; dup {
			b.errorf(e.Name.Pos(), codeUnsupported, "the variable '%s' is used twice in the pattern: an edge variable may appear only once", e.Name.Name)
			return st, false
		}
		st.Var = newVar(e.Name.Name, true)
	} else {
		st.Var = newVar("", true)
	}
	if e.MinHops != nil {
		st.Variable = true
		lo, ok := b.constInt(e.MinHops, sc, "The minimum length of a variable length edge")
		if !ok {
			return st, false
		}
		hi := lo
		if e.MaxHops != nil {
			if hi, ok = b.constInt(e.MaxHops, sc, "The maximum length of a variable length edge"); !ok {
				return st, false
			}
		}
		if lo < 0 || hi < lo || hi > maxGraphHops {
			b.errorf(e.MinHops.Pos(), "KS107", "A variable length edge needs 0 <= min <= max <= %d; got %d..%d.", maxGraphHops, lo, hi)
			return st, false
		}
		st.Min, st.Max = int(lo), int(hi)
	}
	return st, true
}

// maxGraphHops bounds variable length edges, whose matches grow
// exponentially with their length.
const maxGraphHops = 1000

// graphExprName names an output column as Kusto does for graph
// references: `a.name` gives a_name, node_degree_in(a) node_degree_in.
func graphExprName(x syntax.Expr, gr *graphRow) string {
	switch x := x.(type) {
	case *syntax.Paren:
		return graphExprName(x.X, gr)
	case *syntax.Member:
		if id, ok := x.X.(*syntax.Ident); ok {
			if _, isVar := gr.vars[id.Name]; isVar {
				return id.Name + "_" + x.Name.Name
			}
		}
	case *syntax.Call:
		if id, ok := x.Fun.(*syntax.Ident); ok && (id.Name == "node_degree_in" || id.Name == "node_degree_out") {
			return id.Name
		}
	}
	return ""
}

// graphMember binds `v.prop` for a pattern variable v. ok is false when
// x is not such a reference.
func (b *binder) graphMember(x *syntax.Member, row *rowCtx) (plan.Expr, bool) {
	gr := graphRowOf(row)
	if gr == nil || gr.elem {
		return nil, false
	}
	id, ok := x.X.(*syntax.Ident)
	if !ok {
		return nil, false
	}
	v, ok := gr.vars[id.Name]
	if !ok {
		return nil, false
	}
	prop := x.Name.Name
	if !gr.m.Vars[v].Edge {
		p := gr.g.NodeProps().Index(prop)
		if p < 0 {
			b.errorf(x.Name.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", prop)
			return bad(), true
		}
		t := gr.g.NodeProps()[p].Type
		return gr.addCol(row, plan.GraphCol{Kind: plan.GraphNodeProp, Var: v, Prop: p}, id.Name+"."+prop, t), true
	}
	es := gr.g.EdgeProps()
	p := es.Index(prop)
	if p < 0 {
		b.errorf(x.Name.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", prop)
		return bad(), true
	}
	if !gr.stepOf(v).Variable {
		return gr.addCol(row, plan.GraphCol{Kind: plan.GraphEdgeProp, Var: v, Prop: p}, id.Name+"."+prop, es[p].Type), true
	}
	// A property of a variable length edge is the array of its values
	// along the path, as map(e, prop) gives.
	elem := plan.GraphCol{Kind: plan.GraphEdgeProp, Var: -1, Prop: p}
	c := plan.GraphCol{Kind: plan.GraphPathMap, Var: v, Elem: &plan.ColRef{Index: 0, Name: prop, T: es[p].Type},
		ElemCols: []plan.GraphCol{elem}, ElemRow: types.Schema{es[p]}}
	return gr.addCol(row, c, id.Name+"."+prop, types.Dynamic), true
}

func (gr *graphRow) stepOf(v int) plan.GraphStep {
	for _, st := range gr.m.Steps {
		if st.Var == v {
			return st
		}
	}
	return plan.GraphStep{}
}

// graphCall binds the graph functions inside graph-match and
// graph-shortest-paths: all(), any(), map(), inner_nodes(),
// node_degree_in(), node_degree_out(), labels().
func (b *binder) graphCall(x *syntax.Call, id *syntax.Ident, sc *scope, row *rowCtx) (plan.Expr, bool) {
	gr := graphRowOf(row)
	if gr == nil {
		return nil, false
	}
	name := id.Name
	switch name {
	case "node_degree_in", "node_degree_out":
		kind := plan.GraphDegreeIn
		if name == "node_degree_out" {
			kind = plan.GraphDegreeOut
		}
		if gr.elem {
			if !gr.inner || len(x.Args) != 0 {
				b.errorf(x.Pos(), "KS107", "%s() without arguments reads the inner node in all(), any() or map() over inner_nodes(e); elsewhere give a node variable: %s(n).", name, name)
				return bad(), true
			}
			return gr.addCol(row, plan.GraphCol{Kind: kind, Var: -1}, "."+name, types.Long), true
		}
		v, ok := gr.varArg(x, false)
		if !ok {
			b.errorf(x.Pos(), "KS107", "%s expects one node variable of the pattern, such as %s(n).", name, name)
			return bad(), true
		}
		return gr.addCol(row, plan.GraphCol{Kind: kind, Var: v}, name+"("+gr.m.Vars[v].Name+")", types.Long), true
	case "labels":
		// Graphs made by make-graph carry no labels: labels() is an empty
		// array (only persistent graph models have labels).
		if gr.elem && len(x.Args) == 0 {
			return &plan.Const{Value: []any{}, T: types.Dynamic}, true
		}
		if _, ok := gr.varArg(x, true); !ok || gr.elem {
			b.errorf(x.Pos(), "KS107", "labels expects one node or edge variable of the pattern, such as labels(n).")
			return bad(), true
		}
		return &plan.Const{Value: []any{}, T: types.Dynamic}, true
	case "inner_nodes":
		b.errorf(x.Pos(), "KS107", "inner_nodes() can only be the first argument of all(), any() or map().")
		return bad(), true
	case "all", "any", "map":
		if gr.elem {
			b.errorf(x.Pos(), codeUnsupported, "%s() inside the condition of another graph function is not supported", name)
			return bad(), true
		}
		return b.graphPathFunc(x, name, gr, sc, row), true
	}
	return nil, false
}

// varArg returns the variable that is the call's only argument.
func (gr *graphRow) varArg(x *syntax.Call, edgeOK bool) (int, bool) {
	if len(x.Args) != 1 {
		return 0, false
	}
	id, ok := x.Args[0].(*syntax.Ident)
	if !ok {
		return 0, false
	}
	v, ok := gr.vars[id.Name]
	if !ok || (gr.m.Vars[v].Edge && !edgeOK) {
		return 0, false
	}
	return v, true
}

// graphPathFunc binds all(e, cond), any(e, cond) and map(e, expr), and
// their inner_nodes(e) forms: the second argument is bound over one row
// per edge (or inner node) of the variable length edge e.
func (b *binder) graphPathFunc(x *syntax.Call, name string, gr *graphRow, sc *scope, row *rowCtx) plan.Expr {
	usage := func() plan.Expr {
		b.errorf(x.Pos(), "KS107", "%s expects a variable length edge of the pattern (or inner_nodes() of one) and an expression: %s(e, expr) or %s(inner_nodes(e), expr).", name, name, name)
		return bad()
	}
	if len(x.Args) != 2 {
		return usage()
	}
	inner := false
	arg := x.Args[0]
	if c, ok := arg.(*syntax.Call); ok {
		if fid, ok := c.Fun.(*syntax.Ident); ok && fid.Name == "inner_nodes" && len(c.Args) == 1 {
			inner, arg = true, c.Args[0]
		} else {
			return usage()
		}
	}
	id, ok := arg.(*syntax.Ident)
	if !ok {
		return usage()
	}
	v, ok := gr.vars[id.Name]
	if !ok || !gr.m.Vars[v].Edge || !gr.stepOf(v).Variable {
		return usage()
	}
	props := gr.g.EdgeProps()
	kind := plan.GraphEdgeProp
	if inner {
		props, kind = gr.g.NodeProps(), plan.GraphNodeProp
	}
	elemRow := &rowCtx{cols: append(types.Schema(nil), props...)}
	eg := &graphRow{g: gr.g, m: gr.m, elem: true, inner: inner}
	for p := range props {
		eg.cols = append(eg.cols, plan.GraphCol{Kind: kind, Var: -1, Prop: p})
	}
	graphRows.Store(elemRow, eg)
	defer graphRows.Delete(elemRow)
	e := b.expr(x.Args[1], sc, elemRow)
	if isBad(e) {
		return bad()
	}
	c := plan.GraphCol{Var: v, Inner: inner, Elem: e, ElemCols: eg.cols, ElemRow: elemRow.cols}
	t := types.Dynamic
	switch name {
	case "all", "any":
		if e.Type() != types.Bool {
			b.errorf(x.Args[1].Pos(), "KS141", "The expression must have the type bool.")
			return bad()
		}
		c.Kind, t = plan.GraphPathAll, types.Bool
		if name == "any" {
			c.Kind = plan.GraphPathAny
		}
	default:
		c.Kind = plan.GraphPathMap
	}
	return gr.addCol(row, c, name+"("+id.Name+")", t)
}
