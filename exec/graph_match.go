package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// graph-match: a backtracking search over the pattern's steps (one level
// per step, so the depth is the pattern's size), with variable length
// edges walked by an iterative depth-first search bounded by the edge's
// maximum length. Conditions of the where clause that read one node
// variable, one edge variable, or that are all(e, ...) over a path are
// evaluated once over the whole graph and prune the search; the whole
// condition is still applied to every match.

// chunkSize is how many matches are evaluated at once.
const chunkSize = 1024

// matchSet holds matches column-wise: per variable, its node or edge
// (node, edge), or for variable length edges the paths (pOff offsets
// into pEdge; the path's nodes are pNode[pOff[i]+i : pOff[i+1]+i+1]).
type matchSet struct {
	n                  int
	node, edge         [][]int32
	pOff, pEdge, pNode [][]int32
}

func newMatchSet(m *plan.GraphMatch) *matchSet {
	k := len(m.Vars)
	ms := &matchSet{node: make([][]int32, k), edge: make([][]int32, k), pOff: make([][]int32, k), pEdge: make([][]int32, k), pNode: make([][]int32, k)}
	for _, st := range m.Steps {
		if st.Variable {
			ms.pOff[st.Var] = []int32{0}
		}
	}
	return ms
}

type orderedStep struct {
	st  plan.GraphStep
	fwd bool // walked from st.From to st.To
}

type matcher struct {
	rt      *engine
	m       *plan.GraphMatch
	g       *graphData
	nodeTab *column.Batch
	// Filters from the where clause, per variable (nil: no filter).
	nodeOK, edgeOK, innerOK [][]bool
	never                   bool // a constant condition is false
	residual                bool // some condition is not a filter above
	start                   int
	order                   []orderedStep
	elemVals                map[int]*column.Vector

	where   evalFn
	project []evalFn

	// Search state.
	nodeOf, edgeOf []int32
	pathE, pathN   [][]int32
	usedEdge       []bool
	usedNode       []int32
	buf            *matchSet
	out            []*column.Batch
	held           int64
	ticks          int
}

func (rt *engine) newMatcher(m *plan.GraphMatch) (*matcher, error) {
	g, err := rt.buildGraph(m.Graph)
	if err != nil {
		return nil, err
	}
	mt := &matcher{rt: rt, m: m, g: g, nodeTab: g.nodeTable(), elemVals: map[int]*column.Vector{}}
	k := len(m.Vars)
	mt.nodeOK, mt.edgeOK, mt.innerOK = make([][]bool, k), make([][]bool, k), make([][]bool, k)
	if m.Where != nil {
		if mt.where, err = rt.compileExpr(m.Where); err != nil {
			return nil, err
		}
		if err := mt.prefilter(); err != nil {
			return nil, err
		}
	}
	if mt.project, err = rt.compileExprs(m.Project); err != nil {
		return nil, err
	}
	mt.plan()
	mt.nodeOf, mt.edgeOf = make([]int32, k), make([]int32, k)
	for i := range mt.nodeOf {
		mt.nodeOf[i], mt.edgeOf[i] = -1, -1
	}
	mt.pathE, mt.pathN = make([][]int32, k), make([][]int32, k)
	mt.usedEdge = make([]bool, g.m())
	mt.usedNode = make([]int32, g.n)
	mt.buf = newMatchSet(m)
	return mt, nil
}

func (rt *engine) runGraphMatch(m *plan.GraphMatch) ([]*column.Batch, error) {
	mt, err := rt.newMatcher(m)
	if err != nil {
		return nil, err
	}
	defer func() { rt.mem.shrink(mt.held) }()
	if m.Shortest {
		err = mt.shortest()
	} else if !mt.never {
		err = mt.search()
	}
	if err == nil {
		err = mt.flush()
	}
	if err != nil {
		return nil, err
	}
	out := mt.out
	mt.held = 0 // the batches are handed on; the caller's budget ends with the query
	return out, nil
}

// plan picks the start variable (the one whose filter keeps the fewest
// nodes) and an order of the steps in which each step starts from a
// bound node.
func (mt *matcher) plan() {
	m := mt.m
	best, bestN := -1, mt.g.n+1
	for v, x := range m.Vars {
		if x.Edge {
			continue
		}
		n := mt.g.n
		if ok := mt.nodeOK[v]; ok != nil {
			n = 0
			for _, b := range ok {
				if b {
					n++
				}
			}
		}
		if n < bestN {
			best, bestN = v, n
		}
	}
	mt.start = best
	bound := map[int]bool{best: true}
	done := make([]bool, len(m.Steps))
	for len(mt.order) < len(m.Steps) {
		for i, st := range m.Steps {
			if done[i] || (!bound[st.From] && !bound[st.To]) {
				continue
			}
			done[i] = true
			mt.order = append(mt.order, orderedStep{st: st, fwd: bound[st.From]})
			bound[st.From], bound[st.To] = true, true
		}
	}
}

func (mt *matcher) tick() error {
	mt.ticks++
	if mt.ticks&0xfff == 0 {
		return mt.rt.checkCtx()
	}
	return nil
}

func (mt *matcher) search() error {
	if mt.start < 0 {
		return nil
	}
	for s := 0; s < mt.g.n; s++ {
		ok, bound := mt.bindNode(mt.start, int32(s))
		if !ok {
			continue
		}
		err := mt.step(0)
		if bound {
			mt.unbindNode(mt.start)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// bindNode binds node variable v to node w if the pattern allows it; bound
// says whether a new binding was made (to undo with unbindNode).
func (mt *matcher) bindNode(v int, w int32) (ok, bound bool) {
	if cur := mt.nodeOf[v]; cur >= 0 {
		return cur == w, false
	}
	if f := mt.nodeOK[v]; f != nil && !f[w] {
		return false, false
	}
	if mt.m.Cycles == "none" && mt.usedNode[w] > 0 {
		return false, false
	}
	mt.nodeOf[v] = w
	mt.usedNode[w]++
	return true, true
}

func (mt *matcher) unbindNode(v int) {
	mt.usedNode[mt.nodeOf[v]]--
	mt.nodeOf[v] = -1
}

// walkOut says whether walking a step from the bound side follows edges
// in their direction (out-edges), against it, or both.
func walkDirs(os orderedStep) (out, in bool) {
	switch os.st.Dir {
	case plan.GraphForward:
		return os.fwd, !os.fwd
	case plan.GraphBackward:
		return !os.fwd, os.fwd
	}
	return true, true
}

// incident returns the i-th edge at v in the walk's directions and the
// node at its other end; ok is false past the last one.
func (g *graphData) incident(v int32, i int32, out, in bool) (e, w int32, ok bool) {
	if out {
		n := g.outOff[v+1] - g.outOff[v]
		if i < n {
			e = g.outAdj[g.outOff[v]+i]
			return e, g.dst[e], true
		}
		i -= n
	}
	if in {
		n := g.inOff[v+1] - g.inOff[v]
		if i < n {
			e = g.inAdj[g.inOff[v]+i]
			return e, g.src[e], true
		}
	}
	return 0, 0, false
}

func (mt *matcher) step(k int) error {
	if err := mt.tick(); err != nil {
		return err
	}
	if k == len(mt.order) {
		return mt.emit()
	}
	os := mt.order[k]
	st := os.st
	from, to := st.From, st.To
	if !os.fwd {
		from, to = to, from
	}
	out, in := walkDirs(os)
	a := mt.nodeOf[from]
	if st.Variable {
		return mt.walkPaths(k, st, a, to, out, in)
	}
	edgeOK := mt.edgeOK[st.Var]
	unique := mt.m.Cycles != "all"
	for i := int32(0); ; i++ {
		e, w, ok := mt.g.incident(a, i, out, in)
		if !ok {
			break
		}
		if out && in && i >= mt.g.outOff[a+1]-mt.g.outOff[a] && mt.g.src[e] == mt.g.dst[e] {
			continue // a self-loop is one edge, not one per direction
		}
		if (edgeOK != nil && !edgeOK[e]) || (unique && mt.usedEdge[e]) {
			continue
		}
		ok, bound := mt.bindNode(to, w)
		if !ok {
			continue
		}
		mt.edgeOf[st.Var] = e
		mt.usedEdge[e] = true
		err := mt.step(k + 1)
		mt.usedEdge[e] = false
		if bound {
			mt.unbindNode(to)
		}
		if err != nil {
			return err
		}
	}
	mt.edgeOf[st.Var] = -1
	return nil
}

// walkPaths enumerates the paths of st.Min..st.Max edges from node a,
// iteratively, and continues the search at each one's end.
func (mt *matcher) walkPaths(k int, st plan.GraphStep, a int32, to int, out, in bool) error {
	g := mt.g
	edgeOK, innerOK := mt.edgeOK[st.Var], mt.innerOK[st.Var]
	unique, none := mt.m.Cycles == "unique_edges", mt.m.Cycles == "none"
	pe := mt.pathE[st.Var][:0]
	pn := append(mt.pathN[st.Var][:0], a)
	end := func(w int32) error {
		ok, bound := mt.bindNode(to, w)
		if !ok {
			return nil
		}
		mt.pathE[st.Var], mt.pathN[st.Var] = pe, pn
		err := mt.step(k + 1)
		if bound {
			mt.unbindNode(to)
		}
		return err
	}
	if st.Min == 0 {
		if err := end(a); err != nil {
			return err
		}
	}
	if st.Max == 0 {
		return nil
	}
	type frame struct{ v, i int32 }
	stack := []frame{{a, 0}}
	outDeg := func(v int32) int32 { return g.outOff[v+1] - g.outOff[v] }
	pop := func() {
		stack = stack[:len(stack)-1]
		if len(pe) > 0 {
			mt.usedEdge[pe[len(pe)-1]] = false
			mt.usedNode[pn[len(pn)-1]]--
			pe, pn = pe[:len(pe)-1], pn[:len(pn)-1]
		}
	}
	for len(stack) > 0 {
		if err := mt.tick(); err != nil {
			return err
		}
		top := &stack[len(stack)-1]
		e, w, ok := g.incident(top.v, top.i, out, in)
		if !ok {
			pop()
			continue
		}
		top.i++
		if out && in && top.i > outDeg(top.v) && g.src[e] == g.dst[e] {
			continue
		}
		if (edgeOK != nil && !edgeOK[e]) || (unique && mt.usedEdge[e]) {
			continue
		}
		pe, pn = append(pe, e), append(pn, w)
		mt.usedEdge[e] = true
		if len(pe) >= st.Min {
			if err := end(w); err != nil {
				return err
			}
		}
		if len(pe) < st.Max && (innerOK == nil || innerOK[w]) && !(none && mt.usedNode[w] > 0) {
			mt.usedNode[w]++
			stack = append(stack, frame{w, 0})
			continue
		}
		mt.usedEdge[e] = false
		pe, pn = pe[:len(pe)-1], pn[:len(pn)-1]
	}
	mt.pathE[st.Var], mt.pathN[st.Var] = pe, pn
	return nil
}

// emit records the current bindings as a match.
func (mt *matcher) emit() error {
	b := mt.buf
	for v, x := range mt.m.Vars {
		if !x.Edge {
			b.node[v] = append(b.node[v], mt.nodeOf[v])
		}
	}
	for _, st := range mt.m.Steps {
		if !st.Variable {
			b.edge[st.Var] = append(b.edge[st.Var], mt.edgeOf[st.Var])
			continue
		}
		b.addPath(st.Var, mt.pathE[st.Var], mt.pathN[st.Var])
	}
	b.n++
	if b.n >= chunkSize {
		return mt.flush()
	}
	return nil
}

func (b *matchSet) addPath(v int, edges, nodes []int32) {
	b.pEdge[v] = append(b.pEdge[v], edges...)
	b.pNode[v] = append(b.pNode[v], nodes...)
	b.pOff[v] = append(b.pOff[v], int32(len(b.pEdge[v])))
}

// flush evaluates the buffered matches: where, then project.
func (mt *matcher) flush() error {
	ms := mt.buf
	if ms.n == 0 {
		return nil
	}
	mt.buf = newMatchSet(mt.m)
	out, err := mt.evalMatches(ms)
	if err != nil || out == nil {
		return err
	}
	size := column.SizeOfBatch(out)
	if err := mt.rt.mem.grow(size, "graph-match"); err != nil {
		return err
	}
	mt.held += size
	mt.out = append(mt.out, out)
	return mt.rt.checkCtx()
}

func (mt *matcher) evalMatches(ms *matchSet) (*column.Batch, error) {
	cols := make([]*column.Vector, len(mt.m.Cols))
	for i, c := range mt.m.Cols {
		v, err := mt.column(i, c, ms)
		if err != nil {
			return nil, err
		}
		cols[i] = v
	}
	row := &column.Batch{N: ms.n, Cols: cols}
	if mt.where != nil {
		p, err := mt.where(row)
		if err != nil {
			return nil, err
		}
		sel := make([]int32, 0, row.N)
		for i := 0; i < row.N; i++ {
			if !p.IsNull(i) && p.Bool(i) {
				sel = append(sel, int32(i))
			}
		}
		if len(sel) == 0 {
			return nil, nil
		}
		if len(sel) < row.N {
			row = column.TakeBatch(row, sel)
		}
	}
	outs, err := evalAll(mt.project, row)
	if err != nil {
		return nil, err
	}
	return &column.Batch{N: row.N, Cols: outs}, nil
}

// column computes match-row column i for the matches of ms.
func (mt *matcher) column(i int, c plan.GraphCol, ms *matchSet) (*column.Vector, error) {
	np := len(mt.g.props.Cols)
	switch c.Kind {
	case plan.GraphNodeProp:
		return column.Take(mt.nodeTab.Cols[c.Prop], ms.node[c.Var]), nil
	case plan.GraphDegreeIn:
		return column.Take(mt.nodeTab.Cols[np], ms.node[c.Var]), nil
	case plan.GraphDegreeOut:
		return column.Take(mt.nodeTab.Cols[np+1], ms.node[c.Var]), nil
	case plan.GraphEdgeProp:
		return column.Take(mt.g.edges.Cols[c.Prop], ms.edge[c.Var]), nil
	}
	vals, err := mt.elemValues(i, c)
	if err != nil {
		return nil, err
	}
	off, pe, pn := ms.pOff[c.Var], ms.pEdge[c.Var], ms.pNode[c.Var]
	elems := func(k int) []int32 {
		if !c.Inner {
			return pe[off[k]:off[k+1]]
		}
		lo, hi := int(off[k])+k+1, int(off[k+1])+k
		if hi <= lo {
			return nil
		}
		return pn[lo:hi]
	}
	switch c.Kind {
	case plan.GraphPathAll, plan.GraphPathAny:
		res := make([]bool, ms.n)
		want := c.Kind == plan.GraphPathAny
		for k := 0; k < ms.n; k++ {
			r := !want
			for _, x := range elems(k) {
				if (!vals.IsNull(int(x)) && vals.Bool(int(x))) == want {
					r = want
					break
				}
			}
			res[k] = r
		}
		return column.FromBools(res, nil), nil
	case plan.GraphPathMap:
		res := make([]any, ms.n)
		for k := 0; k < ms.n; k++ {
			xs := elems(k)
			arr := make([]any, len(xs))
			for j, x := range xs {
				arr[j] = vals.Value(int(x))
			}
			res[k] = arr
		}
		return column.FromDyns(res), nil
	}
	return nil, fmt.Errorf("internal error: graph column kind %d", c.Kind)
}

// elemValues evaluates a path function's expression once over every edge
// (or every node, for inner nodes) of the graph.
func (mt *matcher) elemValues(i int, c plan.GraphCol) (*column.Vector, error) {
	if v, ok := mt.elemVals[i]; ok {
		return v, nil
	}
	np := len(mt.g.props.Cols)
	e, ok := remapGraphRefs(c.Elem, func(r *plan.ColRef) (plan.Expr, bool) {
		ec := c.ElemCols[r.Index]
		return &plan.ColRef{Index: tableIndex(ec, np), Name: r.Name, T: r.T}, true
	})
	if !ok {
		return nil, fmt.Errorf("internal error: graph element expression")
	}
	tab := mt.g.edges
	if c.Inner {
		tab = mt.nodeTab
	}
	f, err := mt.rt.compileExpr(e)
	if err != nil {
		return nil, err
	}
	v, err := f(tab)
	if err != nil {
		return nil, err
	}
	mt.elemVals[i] = v
	return v, nil
}

// tableIndex is the column of the node table (or edges table) that a
// node (edge) column reads.
func tableIndex(c plan.GraphCol, np int) int {
	switch c.Kind {
	case plan.GraphDegreeIn:
		return np
	case plan.GraphDegreeOut:
		return np + 1
	}
	return c.Prop
}

// remapGraphRefs rewrites the column references of e; ok is false when f
// refuses one.
func remapGraphRefs(e plan.Expr, f func(*plan.ColRef) (plan.Expr, bool)) (plan.Expr, bool) {
	switch x := e.(type) {
	case *plan.ColRef:
		return f(x)
	case *plan.Call:
		args := make([]plan.Expr, len(x.Args))
		for i, a := range x.Args {
			r, ok := remapGraphRefs(a, f)
			if !ok {
				return nil, false
			}
			args[i] = r
		}
		return &plan.Call{Fn: x.Fn, Bound: x.Bound, Args: args}, true
	case *plan.Convert:
		r, ok := remapGraphRefs(x.X, f)
		if !ok {
			return nil, false
		}
		return &plan.Convert{X: r, T: x.T}, true
	case *plan.InSubquery:
		r, ok := remapGraphRefs(x.X, f)
		if !ok {
			return nil, false
		}
		c := *x
		c.X = r
		return &c, true
	}
	return e, true
}

// conjuncts splits a condition at its top-level ands.
func conjuncts(e plan.Expr, out []plan.Expr) []plan.Expr {
	if c, ok := e.(*plan.Call); ok && c.Fn.Name == "and" && len(c.Args) == 2 {
		return conjuncts(c.Args[1], conjuncts(c.Args[0], out))
	}
	return append(out, e)
}

func colRefs(e plan.Expr, used map[int]bool) {
	switch x := e.(type) {
	case *plan.ColRef:
		used[x.Index] = true
	case *plan.Call:
		for _, a := range x.Args {
			colRefs(a, used)
		}
	case *plan.Convert:
		colRefs(x.X, used)
	case *plan.InSubquery:
		colRefs(x.X, used)
	}
}

// prefilter evaluates the where clause's conjuncts that read a single
// node variable, a single fixed edge, or are all(e, ...) once over the
// graph, giving the search per-variable filters.
func (mt *matcher) prefilter() error {
	m := mt.m
	np := len(mt.g.props.Cols)
	for _, cj := range conjuncts(m.Where, nil) {
		if r, ok := cj.(*plan.ColRef); ok && m.Cols[r.Index].Kind == plan.GraphPathAll {
			c := m.Cols[r.Index]
			vals, err := mt.elemValues(r.Index, c)
			if err != nil {
				return err
			}
			if c.Inner {
				mt.innerOK[c.Var] = andFilter(mt.innerOK[c.Var], vals)
			} else {
				mt.edgeOK[c.Var] = andFilter(mt.edgeOK[c.Var], vals)
			}
			continue
		}
		used := map[int]bool{}
		colRefs(cj, used)
		v, edge := -1, false
		single := true
		for i := range used {
			c := m.Cols[i]
			isEdge := c.Kind == plan.GraphEdgeProp
			if (c.Kind != plan.GraphNodeProp && c.Kind != plan.GraphDegreeIn && c.Kind != plan.GraphDegreeOut && !isEdge) ||
				(v >= 0 && (c.Var != v || isEdge != edge)) {
				single = false
				break
			}
			v, edge = c.Var, isEdge
		}
		if !single {
			mt.residual = true
			continue
		}
		e, _ := remapGraphRefs(cj, func(r *plan.ColRef) (plan.Expr, bool) {
			return &plan.ColRef{Index: tableIndex(m.Cols[r.Index], np), Name: r.Name, T: r.T}, true
		})
		f, err := mt.rt.compileExpr(e)
		if err != nil {
			return err
		}
		tab := mt.nodeTab
		if edge {
			tab = mt.g.edges
		}
		vals, err := f(tab)
		if err != nil {
			return err
		}
		switch {
		case v < 0:
			if vals.Len() > 0 && vals.Type == types.Bool && (vals.IsNull(0) || !vals.Bool(0)) {
				mt.never = true
			}
		case edge:
			mt.edgeOK[v] = andFilter(mt.edgeOK[v], vals)
		default:
			mt.nodeOK[v] = andFilter(mt.nodeOK[v], vals)
		}
	}
	return nil
}

func andFilter(cur []bool, v *column.Vector) []bool {
	n := v.Len()
	if cur == nil {
		cur = make([]bool, n)
		for i := range cur {
			cur[i] = true
		}
	}
	if v.Type != types.Bool {
		return cur
	}
	for i := 0; i < n; i++ {
		if v.IsNull(i) || !v.Bool(i) {
			cur[i] = false
		}
	}
	return cur
}
