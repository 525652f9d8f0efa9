package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
)

// graph-shortest-paths over the pattern (a)-[e*Min..Max]-(b). When the
// where clause only filters a, b, and all edges or inner nodes of e (the
// conditions the prefilter absorbs), one breadth-first search per source
// node finds every shortest path. Otherwise paths (simple: no node twice)
// are enumerated by increasing length and the first length at which a
// pair (a, b) has a path satisfying the whole condition wins.

func (mt *matcher) shortest() error {
	if mt.never {
		return nil
	}
	st := mt.m.Steps[0]
	out, in := walkDirs(orderedStep{st: st, fwd: true})
	if !mt.residual && st.Min <= 1 && st.From != st.To {
		return mt.shortestBFS(st, out, in)
	}
	return mt.shortestByLength(st, out, in)
}

func (mt *matcher) shortestBFS(st plan.GraphStep, out, in bool) error {
	g := mt.g
	srcOK, dstOK := mt.nodeOK[st.From], mt.nodeOK[st.To]
	edgeOK, innerOK := mt.edgeOK[st.Var], mt.innerOK[st.Var]
	dist := make([]int32, g.n)
	for i := range dist {
		dist[i] = -1
	}
	var queue []int32
	for s := int32(0); s < int32(g.n); s++ {
		if srcOK != nil && !srcOK[s] {
			continue
		}
		if err := mt.rt.checkCtx(); err != nil {
			return err
		}
		for _, v := range queue {
			dist[v] = -1
		}
		queue = append(queue[:0], s)
		dist[s] = 0
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			d := dist[u]
			if int(d) >= st.Max || (u != s && innerOK != nil && !innerOK[u]) {
				continue
			}
			for i := int32(0); ; i++ {
				e, w, ok := g.incident(u, i, out, in)
				if !ok {
					break
				}
				if dist[w] >= 0 || (edgeOK != nil && !edgeOK[e]) {
					continue
				}
				dist[w] = d + 1
				queue = append(queue, w)
			}
		}
		for _, t := range queue {
			d := int(dist[t])
			if d < st.Min || (dstOK != nil && !dstOK[t]) {
				continue
			}
			if err := mt.backtrack(st, s, t, dist, out, in); err != nil {
				return err
			}
		}
	}
	return nil
}

// backtrack emits the shortest paths from s to t (one, or all with
// OutputAll) by walking from t back to s along edges that lower the
// distance by one.
func (mt *matcher) backtrack(st plan.GraphStep, s, t int32, dist []int32, out, in bool) error {
	g := mt.g
	edgeOK, innerOK := mt.edgeOK[st.Var], mt.innerOK[st.Var]
	n := int(dist[t])
	edges := make([]int32, n)
	nodes := make([]int32, n+1)
	nodes[n] = t
	// Walking backwards reverses the directions.
	type frame struct{ v, i int32 }
	stack := []frame{{t, 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		depth := n - (len(stack) - 1) // position of top.v in the path
		if depth == 0 {
			mt.nodeOf[st.From], mt.nodeOf[st.To] = s, t
			mt.pathE[st.Var], mt.pathN[st.Var] = edges, nodes
			if err := mt.emit(); err != nil {
				return err
			}
			if !mt.m.OutputAll {
				return nil
			}
			stack = stack[:len(stack)-1]
			continue
		}
		e, p, ok := g.incident(top.v, top.i, in, out)
		if !ok {
			stack = stack[:len(stack)-1]
			continue
		}
		top.i++
		if dist[p] != int32(depth-1) || (edgeOK != nil && !edgeOK[e]) || (p != s && innerOK != nil && !innerOK[p]) {
			continue
		}
		if depth-1 == 0 && p != s {
			continue
		}
		edges[depth-1] = e
		nodes[depth-1] = p
		stack = append(stack, frame{p, 0})
	}
	return nil
}

func (mt *matcher) shortestByLength(st plan.GraphStep, out, in bool) error {
	g := mt.g
	srcOK, dstOK := mt.nodeOK[st.From], mt.nodeOK[st.To]
	edgeOK, innerOK := mt.edgeOK[st.Var], mt.innerOK[st.Var]
	same := st.From == st.To
	onPath := make([]bool, g.n)
	found := map[int32]int{}
	for s := int32(0); s < int32(g.n); s++ {
		if srcOK != nil && !srcOK[s] {
			continue
		}
		clear(found)
		for L := st.Min; L <= st.Max; L++ {
			cand := newMatchSet(mt.m)
			var pe, pn []int32
			pn = append(pn, s)
			add := func(t int32) {
				if _, done := found[t]; done || (dstOK != nil && !dstOK[t]) || (same && t != s) {
					return
				}
				for v, x := range mt.m.Vars {
					if !x.Edge {
						cand.node[v] = append(cand.node[v], -1)
					}
				}
				cand.node[st.From][cand.n] = s
				cand.node[st.To][cand.n] = t
				cand.addPath(st.Var, pe, pn)
				cand.n++
			}
			if L == 0 {
				add(s)
			} else {
				onPath[s] = true
				type frame struct{ v, i int32 }
				stack := []frame{{s, 0}}
				for len(stack) > 0 {
					if err := mt.tick(); err != nil {
						return err
					}
					top := &stack[len(stack)-1]
					e, w, ok := g.incident(top.v, top.i, out, in)
					if !ok || len(pe) == L {
						stack = stack[:len(stack)-1]
						if len(pe) > 0 {
							onPath[pn[len(pn)-1]] = false
							pe, pn = pe[:len(pe)-1], pn[:len(pn)-1]
						}
						continue
					}
					top.i++
					if (edgeOK != nil && !edgeOK[e]) || (onPath[w] && !(same && w == s && len(pe) == L-1)) {
						continue
					}
					if len(pe) == L-1 {
						pe, pn = append(pe, e), append(pn, w)
						add(w)
						pe, pn = pe[:len(pe)-1], pn[:len(pn)-1]
						continue
					}
					if innerOK != nil && !innerOK[w] {
						continue
					}
					onPath[w] = true
					pe, pn = append(pe, e), append(pn, w)
					stack = append(stack, frame{w, 0})
				}
				onPath[s] = false
			}
			if err := mt.keepShortest(cand, st, found, L); err != nil {
				return err
			}
		}
	}
	return nil
}

// keepShortest evaluates candidate paths of one length and emits, per
// target not reached by a shorter path, the first (or every) one that
// satisfies the where clause.
func (mt *matcher) keepShortest(cand *matchSet, st plan.GraphStep, found map[int32]int, L int) error {
	if cand.n == 0 {
		return nil
	}
	ok := make([]bool, cand.n)
	for i := range ok {
		ok[i] = true
	}
	if mt.where != nil {
		row, err := mt.matchRows(cand)
		if err != nil {
			return err
		}
		p, err := mt.where(row)
		if err != nil {
			return err
		}
		for i := range ok {
			ok[i] = !p.IsNull(i) && p.Bool(i)
		}
	}
	for i := 0; i < cand.n; i++ {
		if !ok[i] {
			continue
		}
		t := cand.node[st.To][i]
		if l, done := found[t]; done && (l < L || !mt.m.OutputAll) {
			continue
		}
		found[t] = L
		s := cand.node[st.From][i]
		mt.nodeOf[st.From], mt.nodeOf[st.To] = s, t
		off := cand.pOff[st.Var]
		mt.pathE[st.Var] = cand.pEdge[st.Var][off[i]:off[i+1]]
		mt.pathN[st.Var] = cand.pNode[st.Var][int(off[i])+i : int(off[i+1])+i+1]
		if err := mt.emit(); err != nil {
			return err
		}
	}
	return nil
}

// matchRows builds the match-row columns for the matches of ms.
func (mt *matcher) matchRows(ms *matchSet) (*column.Batch, error) {
	cols := make([]*column.Vector, len(mt.m.Cols))
	for i, c := range mt.m.Cols {
		v, err := mt.column(i, c, ms)
		if err != nil {
			return nil, err
		}
		cols[i] = v
	}
	return &column.Batch{N: ms.n, Cols: cols}, nil
}
