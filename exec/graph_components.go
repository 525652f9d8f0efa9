package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// markComponents returns g with one more node property: the node's
// connected component, numbered from 0 in the order of each component's
// first node.
func markComponents(g *graphData, strong bool) *graphData {
	var comp []int32
	if strong {
		comp = strongComponents(g)
	} else {
		comp = weakComponents(g)
	}
	// Renumber by first appearance in node order.
	ren := map[int32]int64{}
	ids := make([]int64, g.n)
	for v := 0; v < g.n; v++ {
		c := comp[v]
		k, ok := ren[c]
		if !ok {
			k = int64(len(ren))
			ren[c] = k
		}
		ids[v] = k
	}
	c := *g
	props := &column.Batch{N: g.n, Cols: append(append([]*column.Vector(nil), g.props.Cols...), column.FromInts(types.Long, ids, nil))}
	c.props = props
	return &c
}

func weakComponents(g *graphData) []int32 {
	parent := make([]int32, g.n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for e := range g.src {
		a, b := find(g.src[e]), find(g.dst[e])
		if a != b {
			parent[a] = b
		}
	}
	out := make([]int32, g.n)
	for v := range out {
		out[v] = find(int32(v))
	}
	return out
}

// strongComponents is Kosaraju's algorithm with explicit stacks: the
// finishing order of a depth-first search along the edges, then searches
// against the edges in reverse finishing order.
func strongComponents(g *graphData) []int32 {
	seen := make([]bool, g.n)
	order := make([]int32, 0, g.n)
	type frame struct{ v, i int32 }
	var stack []frame
	for s := 0; s < g.n; s++ {
		if seen[s] {
			continue
		}
		seen[s] = true
		stack = append(stack[:0], frame{int32(s), g.outOff[s]})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.i < g.outOff[top.v+1] {
				w := g.dst[g.outAdj[top.i]]
				top.i++
				if !seen[w] {
					seen[w] = true
					stack = append(stack, frame{w, g.outOff[w]})
				}
				continue
			}
			order = append(order, top.v)
			stack = stack[:len(stack)-1]
		}
	}
	comp := make([]int32, g.n)
	for i := range comp {
		comp[i] = -1
	}
	var todo []int32
	for k := len(order) - 1; k >= 0; k-- {
		s := order[k]
		if comp[s] >= 0 {
			continue
		}
		comp[s] = s
		todo = append(todo[:0], s)
		for len(todo) > 0 {
			v := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for i := g.inOff[v]; i < g.inOff[v+1]; i++ {
				w := g.src[g.inAdj[i]]
				if comp[w] < 0 {
					comp[w] = s
					todo = append(todo, w)
				}
			}
		}
	}
	return comp
}
