package geo

import (
	"sort"

	"github.com/golang/geo/s2"
)

// chainSimplifier replaces chains of interior vertices (one edge in, one
// edge out, to different neighbours) of a directed snapped graph by
// longer edges, greedily from the start of each chain.
type chainSimplifier struct {
	s        *snapper
	edges    []snapEdge // sorted by (a, b), then input order
	outStart []int32    // edges leaving site v: edges[outStart[v]:outStart[v+1]]
	inEdges  [][]int32  // edges entering site v
	interior []bool
	used     []bool
	out      []snapEdge
	win      dirWindow
	chain    []int32
}

func simplifyChains(s *snapper, edges []snapEdge) []snapEdge {
	sort.SliceStable(edges, func(i, j int) bool {
		if edges[i].a != edges[j].a {
			return edges[i].a < edges[j].a
		}
		return edges[i].b < edges[j].b
	})
	n := len(s.sites)
	c := &chainSimplifier{s: s, edges: edges, outStart: make([]int32, n+1), inEdges: make([][]int32, n),
		interior: make([]bool, n), used: make([]bool, len(edges))}
	for e, ed := range edges {
		c.outStart[ed.a+1]++
		c.inEdges[ed.b] = append(c.inEdges[ed.b], int32(e))
	}
	for v := 0; v < n; v++ {
		c.outStart[v+1] += c.outStart[v]
	}
	for v := 0; v < n; v++ {
		c.interior[v] = c.isInterior(int32(v))
	}
	for e, ed := range edges {
		if c.used[e] || c.interior[ed.a] {
			continue
		}
		if !c.interior[ed.b] {
			c.emit(int32(e))
		} else {
			c.simplify(ed.a, ed.b)
		}
	}
	// What is left are loops of interior vertices.
	for e, ed := range edges {
		if !c.used[e] {
			c.simplify(ed.a, ed.b)
		}
	}
	return c.out
}

func (c *chainSimplifier) isInterior(v int32) bool {
	lo, hi := c.outStart[v], c.outStart[v+1]
	if hi-lo != 1 || len(c.inEdges[v]) != 1 {
		return false
	}
	n1 := c.edges[lo].b
	n0 := c.edges[c.inEdges[v][0]].a
	return n0 != v && n1 != v && n0 != n1
}

func (c *chainSimplifier) emit(e int32) {
	c.used[e] = true
	c.out = append(c.out, c.edges[e])
}

// next is the vertex after interior vertex v.
func (c *chainSimplifier) next(v int32) int32 { return c.edges[c.outStart[v]].b }

// edgeBetween returns the edges a->b.
func (c *chainSimplifier) edgesFrom(a, b int32, f func(e int32)) {
	for e := c.outStart[a]; e < c.outStart[a+1]; e++ {
		if c.edges[e].b == b {
			f(e)
		}
	}
}

func (c *chainSimplifier) simplify(v0, v1 int32) {
	start := v0
	sites := c.s.sites
	for done := false; !done; {
		c.win.reset(sites[v0])
		c.avoidSites(v0, v0, v1)
		c.chain = append(c.chain[:0], v0)
		for {
			c.chain = append(c.chain, v1)
			if done = !c.interior[v1] || v1 == start; done {
				break
			}
			v0, v1 = v1, c.next(v1)
			if !c.targetInputs(v0) || !c.avoidSites(c.chain[0], v0, v1) || !c.win.extend(sites[v1]) {
				break
			}
		}
		if len(c.chain) == 2 {
			c.edgesFrom(c.chain[0], c.chain[1], c.emit)
			c.edgesFrom(c.chain[1], c.chain[0], c.emit)
		} else {
			c.merge()
		}
	}
}

// merge replaces the chain by one edge carrying the smallest input id.
func (c *chainSimplifier) merge() {
	m := snapEdge{a: c.chain[0], b: c.chain[len(c.chain)-1], input: -1}
	for i := 1; i < len(c.chain); i++ {
		c.edgesFrom(c.chain[i-1], c.chain[i], func(e int32) {
			c.used[e] = true
			if m.input < 0 || c.edges[e].input < m.input {
				m.input = c.edges[e].input
			}
		})
	}
	c.out = append(c.out, m)
}

// targetInputs requires the output edge to pass within r of every input
// vertex snapped to v.
func (c *chainSimplifier) targetInputs(v int32) bool {
	for _, iv := range c.s.svert[v] {
		if !c.win.target(c.s.verts[iv], c.s.snapCA) {
			return false
		}
	}
	return true
}

// avoidSites keeps the output edge from p0 towards v2 at least r/2 from
// the sites near the input edge that snapped to (v1, v2), on the side
// the chain leaves them.
func (c *chainSimplifier) avoidSites(v0, v1, v2 int32) bool {
	s := c.s
	p0, p1, p2 := s.sites[v0], s.sites[v1], s.sites[v2]
	r1 := s2.ChordAngleBetweenPoints(p0, p1)
	r2 := s2.ChordAngleBetweenPoints(p0, p2)
	if r2 < r1 || r2 >= s.splitCA {
		return false
	}
	best := int32(-1)
	pick := func(e int32) {
		id := c.edges[e].input
		if best < 0 || len(s.esites[id]) < len(s.esites[best]) {
			best = id
		}
	}
	c.edgesFrom(v1, v2, pick)
	c.edgesFrom(v2, v1, pick)
	for _, v := range s.esites[best] {
		if v == v0 || v == v1 || v == v2 {
			continue
		}
		// Sites nearer p0 than p1 were handled with earlier edges; those
		// beyond p2 do not concern this edge yet.
		p := s.sites[v]
		if d := s2.ChordAngleBetweenPoints(p0, p); d <= r1 || d >= r2 {
			continue
		}
		var left bool
		if v1 == v0 {
			left = s2.RobustSign(p0, p2, p) == s2.CounterClockwise
		} else {
			left = s2.OrderedCCW(p0, p2, p, p1)
		}
		if !c.win.avoidDisc(p, s.sepCA, left) {
			return false
		}
	}
	return true
}
