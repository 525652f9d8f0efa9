package exec

import (
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// graphData is a graph built by make-graph: nodes numbered 0..n-1
// (dictionary-encoded ids), edges 0..m-1 (the rows of the edges table),
// and CSR adjacency in both directions.
type graphData struct {
	n     int
	ids   *column.Vector // node id of each node
	props *column.Batch  // node properties, n rows
	edges *column.Batch  // edge properties, m rows
	// src and dst are each edge's end nodes.
	src, dst []int32
	// outOff[v]..outOff[v+1] index outAdj: the edges leaving v; inOff and
	// inAdj the edges entering v.
	outOff, outAdj []int32
	inOff, inAdj   []int32
}

func (g *graphData) m() int { return len(g.src) }

func (g *graphData) degIn(v int32) int64  { return int64(g.inOff[v+1] - g.inOff[v]) }
func (g *graphData) degOut(v int32) int64 { return int64(g.outOff[v+1] - g.outOff[v]) }

// compileGraphOp compiles the nodes of graph semantics.
func (rt *engine) compileGraphOp(n plan.GraphPlan) (operator, error) {
	switch n := n.(type) {
	case *plan.GraphMatch:
		return rt.lazyOp(n.Out, func() ([]*column.Batch, error) { return rt.runGraphMatch(n) }), nil
	case *plan.GraphToTable:
		return rt.lazyOp(n.Out, func() ([]*column.Batch, error) { return rt.graphToTable(n) }), nil
	case *plan.GraphPartition:
		return rt.lazyOp(n.Schema(), func() ([]*column.Batch, error) { return rt.graphPartition(n) }), nil
	}
	return nil, fmt.Errorf("a graph is not a table: make-graph must be followed by graph-match, graph-shortest-paths, graph-to-table or graph-mark-components")
}

// lazyOp computes its batches on the first next().
type lazyOpT struct {
	sch  types.Schema
	run  func() ([]*column.Batch, error)
	out  *sliceOp
	done bool
}

func (rt *engine) lazyOp(sch types.Schema, run func() ([]*column.Batch, error)) operator {
	return &lazyOpT{sch: sch, run: run}
}

func (o *lazyOpT) schema() types.Schema { return o.sch }

func (o *lazyOpT) next() (*column.Batch, error) {
	if !o.done {
		o.done = true
		bs, err := o.run()
		if err != nil {
			return nil, err
		}
		o.out = &sliceOp{sch: o.sch, batches: bs}
	}
	if o.out == nil {
		return nil, io.EOF
	}
	return o.out.next()
}

// graphLeaves binds the leaf of a partitioned-by sub-query to the graph
// of the partition being run, per engine.
var graphLeaves sync.Map // graphLeafKey -> *graphData

type graphLeafKey struct {
	rt   *engine
	leaf *plan.GraphLeaf
}

// buildGraph computes the graph a GraphSource stands for.
func (rt *engine) buildGraph(n plan.Node) (*graphData, error) {
	switch n := n.(type) {
	case *plan.MakeGraph:
		edges, held, err := rt.drainInput(n.Edges)
		if err != nil {
			return nil, err
		}
		defer rt.mem.shrink(held)
		tables := make([]*column.Batch, len(n.Nodes))
		for i, t := range n.Nodes {
			b, h, err := rt.drainInput(t.Input)
			if err != nil {
				return nil, err
			}
			defer rt.mem.shrink(h)
			tables[i] = b
		}
		return rt.makeGraph(n, edges, tables)
	case *plan.GraphMarkComponents:
		g, err := rt.buildGraph(n.Graph)
		if err != nil {
			return nil, err
		}
		return markComponents(g, n.Strong), nil
	case *plan.GraphLeaf:
		if g, ok := graphLeaves.Load(graphLeafKey{rt, n}); ok {
			return g.(*graphData), nil
		}
		return nil, fmt.Errorf("internal error: a partitioned-by graph is read outside its partition")
	}
	return nil, fmt.Errorf("internal error: %T is not a graph", n)
}

func (rt *engine) drainInput(n plan.Node) (*column.Batch, int64, error) {
	op, err := rt.compile(n)
	if err != nil {
		return nil, 0, err
	}
	return rt.drainConcat(op, "make-graph")
}

// idIndex dictionary-encodes node ids.
type idIndex struct {
	t    types.Type
	strs map[string]int32
	ints map[uint64]int32
	null int32
	ids  *column.Builder
	n    int32
}

func newIDIndex(t types.Type) *idIndex {
	return &idIndex{t: t, strs: map[string]int32{}, ints: map[uint64]int32{}, null: -1, ids: column.NewBuilder(t, 0)}
}

// node returns the number of the node whose id is row i of v, adding the
// node when add is set (-1 when absent otherwise).
func (x *idIndex) node(v *column.Vector, i int, add bool) int32 {
	var key uint64
	isStr := false
	switch {
	case v.IsNull(i) && v.Type != types.String:
		if x.null < 0 && add {
			x.null = x.n
			x.ids.AppendNull()
			x.n++
		}
		return x.null
	case v.Type == types.String || v.Type == types.Guid:
		isStr = true
	case v.Type == types.Bool:
		if v.Bool(i) {
			key = 1
		}
	case v.Type == types.Real:
		key = math.Float64bits(v.Real(i))
	case v.Type == types.Decimal:
		// Canonical text identifies a decimal; ids stay exact.
		isStr = true
	default:
		key = uint64(v.Int(i))
	}
	if isStr {
		var s string
		if v.Type == types.Decimal {
			s = v.Dec(i).String()
		} else {
			s = v.Str(i)
		}
		if k, ok := x.strs[s]; ok {
			return k
		}
		if !add {
			return -1
		}
		x.strs[string([]byte(s))] = x.n
	} else {
		if k, ok := x.ints[key]; ok {
			return k
		}
		if !add {
			return -1
		}
		x.ints[key] = x.n
	}
	x.ids.AppendFrom(v, i)
	x.n++
	return x.n - 1
}

func (rt *engine) makeGraph(n *plan.MakeGraph, edges *column.Batch, tables []*column.Batch) (*graphData, error) {
	idType := n.Edges.Schema()[n.Src].Type
	ix := newIDIndex(idType)
	// Nodes of the node tables first, in row order; then those that
	// only the edges name.
	rows := make([][]int32, len(tables))
	for t, b := range tables {
		idv := b.Cols[n.Nodes[t].ID]
		nodes := make([]int32, b.N)
		for i := 0; i < b.N; i++ {
			nodes[i] = ix.node(idv, i, true)
		}
		rows[t] = nodes
	}
	m := edges.N
	g := &graphData{edges: edges, src: make([]int32, m), dst: make([]int32, m)}
	sv, dv := edges.Cols[n.Src], edges.Cols[n.Dst]
	for i := 0; i < m; i++ {
		g.src[i] = ix.node(sv, i, true)
		g.dst[i] = ix.node(dv, i, true)
		if i&0xffff == 0 {
			if err := rt.checkCtx(); err != nil {
				return nil, err
			}
		}
	}
	g.n = int(ix.n)
	g.ids = ix.ids.Build()
	// Each table's row for each node (the first one when a table gives a
	// node twice: Kusto picks one arbitrarily).
	at := make([][]int32, len(tables))
	for t, nodes := range rows {
		idx := make([]int32, g.n)
		for i := range idx {
			idx[i] = -1
		}
		for r, v := range nodes {
			if idx[v] < 0 {
				idx[v] = int32(r)
			}
		}
		at[t] = idx
	}
	props := &column.Batch{N: g.n}
	for k, from := range n.PropsFrom {
		props.Cols = append(props.Cols, nodeProp(n.Props[k].Type, from, g, tables, at))
	}
	g.props = props
	g.buildCSR()
	return g, nil
}

// nodeProp gathers one node property from the tables that give it.
func nodeProp(t types.Type, from []plan.GraphPropFrom, g *graphData, tables []*column.Batch, at [][]int32) *column.Vector {
	if len(from) == 1 {
		f := from[0]
		if f.Table < 0 {
			return g.ids
		}
		return column.Take(tables[f.Table].Cols[f.Col], at[f.Table])
	}
	b := column.NewBuilder(t, g.n)
	for v := 0; v < g.n; v++ {
		done := false
		for _, f := range from {
			if f.Table < 0 {
				b.AppendFrom(g.ids, v)
				done = true
				break
			}
			if r := at[f.Table][v]; r >= 0 {
				b.AppendFrom(tables[f.Table].Cols[f.Col], int(r))
				done = true
				break
			}
		}
		if !done {
			b.AppendNull()
		}
	}
	return b.Build()
}

// buildCSR fills the adjacency arrays from src and dst.
func (g *graphData) buildCSR() {
	g.outOff, g.outAdj = csr(g.n, g.src)
	g.inOff, g.inAdj = csr(g.n, g.dst)
}

func csr(n int, end []int32) (off, adj []int32) {
	off = make([]int32, n+1)
	for _, v := range end {
		off[v+1]++
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	pos := append([]int32(nil), off[:n]...)
	adj = make([]int32, len(end))
	for e, v := range end {
		adj[pos[v]] = int32(e)
		pos[v]++
	}
	return off, adj
}

// nodeTable is the nodes' properties followed by their in- and
// out-degrees: the rows that node conditions are evaluated over.
func (g *graphData) nodeTable() *column.Batch {
	in := make([]int64, g.n)
	out := make([]int64, g.n)
	for v := 0; v < g.n; v++ {
		in[v] = g.degIn(int32(v))
		out[v] = g.degOut(int32(v))
	}
	cols := append(append([]*column.Vector(nil), g.props.Cols...), column.FromInts(types.Long, in, nil), column.FromInts(types.Long, out, nil))
	return &column.Batch{N: g.n, Cols: cols}
}

// nodeHashes is hash() of each node's id: graph-to-table's node ids.
func (rt *engine) nodeHashes(g *graphData) (*column.Vector, error) {
	fn, ok := functions.Lookup("hash")
	if !ok {
		return nil, fmt.Errorf("graph-to-table node ids need the hash() function, which is not in the catalog")
	}
	bound, err := fn.Bind([]functions.Arg{{Type: g.ids.Type}})
	if err != nil {
		return nil, fmt.Errorf("graph-to-table cannot give ids to nodes of type %s: %v", g.ids.Type, err)
	}
	return bound.Eval(rt.fctx, []*column.Vector{g.ids}, g.n)
}

func (rt *engine) graphToTable(n *plan.GraphToTable) ([]*column.Batch, error) {
	g, err := rt.buildGraph(n.Graph)
	if err != nil {
		return nil, err
	}
	var hashes *column.Vector
	if n.IDCol != "" || n.SrcCol != "" || n.DstCol != "" {
		if hashes, err = rt.nodeHashes(g); err != nil {
			return nil, err
		}
	}
	var cols []*column.Vector
	if !n.Edges {
		if n.IDCol != "" {
			cols = append(cols, hashes)
		}
		cols = append(cols, g.props.Cols...)
		return []*column.Batch{{N: g.n, Cols: cols}}, nil
	}
	if n.SrcCol != "" {
		cols = append(cols, column.Take(hashes, g.src))
	}
	if n.DstCol != "" {
		cols = append(cols, column.Take(hashes, g.dst))
	}
	cols = append(cols, g.edges.Cols...)
	return []*column.Batch{{N: g.m(), Cols: cols}}, nil
}

// graphPartition runs the sub-query once per value of the partition
// column, on the graph of that value's edges and node rows.
func (rt *engine) graphPartition(n *plan.GraphPartition) ([]*column.Batch, error) {
	mg := n.Graph
	edges, held, err := rt.drainInput(mg.Edges)
	if err != nil {
		return nil, err
	}
	defer rt.mem.shrink(held)
	tables := make([]*column.Batch, len(mg.Nodes))
	for i, t := range mg.Nodes {
		b, h, err := rt.drainInput(t.Input)
		if err != nil {
			return nil, err
		}
		defer rt.mem.shrink(h)
		tables[i] = b
	}
	// Partition keys in order of first appearance in the edges.
	keyType := mg.Edges.Schema()[n.EdgeCol].Type
	keys := newIDIndex(keyType)
	edgeRows := map[int32][]int32{}
	for i := 0; i < edges.N; i++ {
		k := keys.node(edges.Cols[n.EdgeCol], i, true)
		edgeRows[k] = append(edgeRows[k], int32(i))
	}
	nodeRows := make([]map[int32][]int32, len(tables))
	for t, b := range tables {
		nodeRows[t] = map[int32][]int32{}
		for i := 0; i < b.N; i++ {
			k := keys.node(b.Cols[n.NodeCols[t]], i, true)
			nodeRows[t][k] = append(nodeRows[t][k], int32(i))
		}
	}
	var out []*column.Batch
	key := graphLeafKey{rt, n.Leaf}
	defer graphLeaves.Delete(key)
	for k := int32(0); k < keys.n; k++ {
		if err := rt.checkCtx(); err != nil {
			return nil, err
		}
		pt := make([]*column.Batch, len(tables))
		for t, b := range tables {
			pt[t] = column.TakeBatch(b, nodeRows[t][k])
		}
		g, err := rt.makeGraph(mg, column.TakeBatch(edges, edgeRows[k]), pt)
		if err != nil {
			return nil, err
		}
		graphLeaves.Store(key, g)
		op, err := rt.compile(n.Sub)
		if err != nil {
			return nil, err
		}
		bs, h, err := rt.drain(op, "make-graph partitioned-by")
		if err != nil {
			return nil, err
		}
		defer rt.mem.shrink(h)
		out = append(out, bs...)
	}
	return out, nil
}
