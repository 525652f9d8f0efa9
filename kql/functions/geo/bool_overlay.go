package geo

import (
	"math"
	"sort"

	"github.com/golang/geo/s2"
)

// Boolean operations on polygons with geodesic edges (a polygon overlay).
//
// Kusto computes these with S2's S2BooleanOperation, whose output order
// (which loop comes first, which vertex starts a loop) follows from how
// S2Builder numbers and reassembles edges. The overlay here reproduces
// those conventions: every input edge has an id (the first operand's edges
// first, in loop and vertex order), each output edge keeps the smallest id
// of the input edges it comes from, a loop is rotated so that its
// highest-id edge comes last, and loops are ordered by the id of their
// first edge.

// ring is one closed chain of vertices, directed so that the region it
// bounds lies on its left: shells counterclockwise, holes clockwise.
type ring []s2.Point

// region is a polygon or multipolygon as a list of rings, in the order S2
// keeps them (each shell followed by its holes). Its polygons do not
// overlap.
type region []ring

func (r region) numVertices() int {
	n := 0
	for _, x := range r {
		n += len(x)
	}
	return n
}

// snapEps is the distance (radians, about 6 µm on Earth) within which two
// vertices are one vertex and a vertex lies on an edge: it absorbs the
// rounding of independently computed copies of one point (e.g. the shared
// corner of two cells).
const snapEps = 1e-12

// arrangement holds the merged vertices of the edges being overlaid.
type arrangement struct {
	pts  []s2.Point
	grid map[[3]int64][]int
}

const gridSize = 1e-10

func gridKey(p s2.Point) [3]int64 {
	return [3]int64{int64(math.Floor(p.X / gridSize)), int64(math.Floor(p.Y / gridSize)), int64(math.Floor(p.Z / gridSize))}
}

// vertex returns the id of the vertex at p, merging it with an existing
// vertex within snapEps.
func (g *arrangement) vertex(p s2.Point) int {
	k := gridKey(p)
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for dz := int64(-1); dz <= 1; dz++ {
				for _, id := range g.grid[[3]int64{k[0] + dx, k[1] + dy, k[2] + dz}] {
					if g.pts[id] == p || float64(g.pts[id].Distance(p)) < snapEps {
						return id
					}
				}
			}
		}
	}
	id := len(g.pts)
	g.pts = append(g.pts, p)
	g.grid[k] = append(g.grid[k], id)
	return id
}

// inEdge is one input edge: its vertices, input id, operand (0 or 1) and
// the vertices where it must be split.
type inEdge struct {
	u, v   int
	id     int
	side   int
	rect   s2.Rect
	splits []int
}

// subEdge is a piece of an input edge between two arrangement vertices.
type subEdge struct {
	u, v int
	id   int
	side int
}

type opKind uint8

const (
	opUnion opKind = iota
	opIntersection
)

// overlayResult is the output of an overlay: the loops of the polygonal
// part, and for an intersection the lower-dimensional contacts (shared
// boundary stretches and touching points) that a closed polygon model
// keeps.
type overlayResult struct {
	loops  []ring
	lines  [][]s2.Point
	points []s2.Point
}

// buildEdges numbers the edges of the operands and merges their vertices.
func buildEdges(g *arrangement, ops ...region) []inEdge {
	var edges []inEdge
	id := 0
	for side, r := range ops {
		for _, rg := range r {
			vs := make([]int, len(rg))
			for i, p := range rg {
				vs[i] = g.vertex(p)
			}
			for i := range rg {
				j := (i + 1) % len(rg)
				if vs[i] != vs[j] {
					edges = append(edges, inEdge{u: vs[i], v: vs[j], id: id, side: side, rect: arcRect(rg[i], rg[j])})
				}
				id++
			}
		}
	}
	return edges
}

// arcRect bounds an edge, with a margin for the snapping distance.
func arcRect(a, b s2.Point) s2.Rect {
	r := edgeRect(a, b)
	r.Lat = r.Lat.Expanded(1e-9)
	r.Lng = r.Lng.Expanded(1e-9)
	return r
}

// splitEdges finds where edges of different operands meet: a vertex of one
// on the other, or a crossing. crossings=false only splits at vertices
// (polylines are not split where they cross).
func splitEdges(g *arrangement, edges []inEdge, crossings bool) {
	onEdge := func(x int, e *inEdge) bool {
		if x == e.u || x == e.v {
			return false
		}
		return float64(s2.DistanceFromSegment(g.pts[x], g.pts[e.u], g.pts[e.v])) < snapEps
	}
	// Sweep by latitude: only edges whose latitude ranges overlap can meet.
	order := make([]int, len(edges))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return edges[order[x]].rect.Lat.Lo < edges[order[y]].rect.Lat.Lo })
	for oi, i := range order {
		e := &edges[i]
		for _, j := range order[oi+1:] {
			f := &edges[j]
			if f.rect.Lat.Lo > e.rect.Lat.Hi {
				break
			}
			if f.side == e.side || !e.rect.Intersects(f.rect) {
				continue
			}
			touched := false
			for _, x := range [2]int{f.u, f.v} {
				if onEdge(x, e) {
					e.splits = append(e.splits, x)
					touched = true
				}
			}
			for _, x := range [2]int{e.u, e.v} {
				if onEdge(x, f) {
					f.splits = append(f.splits, x)
					touched = true
				}
			}
			if touched || !crossings || e.u == f.u || e.u == f.v || e.v == f.u || e.v == f.v {
				continue
			}
			a0, a1, b0, b1 := g.pts[e.u], g.pts[e.v], g.pts[f.u], g.pts[f.v]
			if s2.CrossingSign(a0, a1, b0, b1) != s2.Cross {
				continue
			}
			x := g.vertex(s2.Intersection(a0, a1, b0, b1))
			if x != e.u && x != e.v {
				e.splits = append(e.splits, x)
			}
			if x != f.u && x != f.v {
				f.splits = append(f.splits, x)
			}
		}
	}
}

// subEdges cuts every edge at its split vertices, in order along it.
func subEdges(g *arrangement, edges []inEdge) []subEdge {
	var out []subEdge
	for _, e := range edges {
		a := g.pts[e.u]
		sp := e.splits
		sort.Slice(sp, func(i, j int) bool { return a.Distance(g.pts[sp[i]]) < a.Distance(g.pts[sp[j]]) })
		prev := e.u
		for _, x := range append(sp, e.v) {
			if x == prev {
				continue
			}
			out = append(out, subEdge{u: prev, v: x, id: e.id, side: e.side})
			prev = x
		}
	}
	return out
}

// containsPoint tests a point against an operand.
type containsPoint func(p s2.Point) bool

// regionPolygon builds an S2 polygon over a region, for point tests and
// measures.
func regionPolygon(r region) *s2.Polygon {
	loops := make([]*s2.Loop, len(r))
	for i, rg := range r {
		l := s2.LoopFromPoints(append([]s2.Point(nil), rg...))
		l.Normalize()
		loops[i] = l
	}
	return s2.PolygonFromLoops(loops)
}

// overlay computes a union or intersection of two regions.
func overlay(a, b region, op opKind) overlayResult {
	g := &arrangement{grid: map[[3]int64][]int{}}
	edges := buildEdges(g, a, b)
	splitEdges(g, edges, true)
	subs := subEdges(g, edges)
	inside := [2]containsPoint{regionPolygon(a).ContainsPoint, regionPolygon(b).ContainsPoint}

	dir := [2]map[[2]int]int{{}, {}}
	for _, s := range subs {
		dir[s.side][[2]int{s.u, s.v}] = s.id
	}
	var kept []subEdge
	var contact []subEdge // boundary stretches with the operands on opposite sides
	for _, s := range subs {
		other := dir[1-s.side]
		if _, ok := other[[2]int{s.u, s.v}]; ok {
			if s.side == 0 { // keep one copy of an edge both operands have
				kept = append(kept, s)
			}
			continue
		}
		if _, ok := other[[2]int{s.v, s.u}]; ok {
			if op == opIntersection && s.side == 0 {
				contact = append(contact, s)
			}
			continue
		}
		in := inside[1-s.side](s2.Interpolate(0.5, g.pts[s.u], g.pts[s.v]))
		if in == (op == opIntersection) {
			kept = append(kept, s)
		}
	}
	res := overlayResult{loops: assembleLoops(g, kept)}
	if op == opIntersection {
		res.lines = chainLines(g, contact)
		res.points = touchPoints(g, subs, kept, contact)
	}
	return res
}

// assembleLoops joins directed edges into loops the way S2Builder does:
// at a vertex with several outgoing edges it takes the sharpest left turn,
// a loop that revisits a vertex is split there, and loops are then put in
// input edge order.
func assembleLoops(g *arrangement, edges []subEdge) []ring {
	outs := map[int][]int{}
	for i, e := range edges {
		outs[e.u] = append(outs[e.u], i)
	}
	used := make([]bool, len(edges))
	next := func(in int) int {
		e := edges[in]
		best := -1
		for _, c := range outs[e.v] {
			if used[c] {
				continue
			}
			if best < 0 {
				best = c
				continue
			}
			// The first candidate clockwise from the edge back to e.u.
			o, r := g.pts[e.v], g.pts[e.u]
			if s2.OrderedCCW(r, g.pts[edges[best].v], g.pts[edges[c].v], o) {
				best = c
			}
		}
		return best
	}
	var loops [][]int
	pathIndex := map[int]int{}
	for start := range edges {
		if used[start] {
			continue
		}
		var path []int
		for e := start; e >= 0 && !used[e]; e = next(e) {
			used[e] = true
			path = append(path, e)
			pathIndex[edges[e].u] = len(path) - 1
			k, ok := pathIndex[edges[e].v]
			if !ok {
				continue
			}
			loop := append([]int(nil), path[k:]...)
			path = path[:k]
			for _, x := range loop {
				delete(pathIndex, edges[x].u)
			}
			loops = append(loops, canonicalLoop(edges, loop))
		}
		for _, x := range path { // an open path: the edges do not form loops
			delete(pathIndex, edges[x].u)
		}
	}
	sort.SliceStable(loops, func(i, j int) bool {
		a, b := edges[loops[i][0]], edges[loops[j][0]]
		if a.id != b.id {
			return a.id < b.id
		}
		return loops[i][0] < loops[j][0]
	})
	out := make([]ring, len(loops))
	for i, l := range loops {
		r := make(ring, len(l))
		for k, e := range l {
			r[k] = g.pts[edges[e].u]
		}
		out[i] = r
	}
	return out
}

// canonicalLoop rotates a loop so that its highest input id comes last
// (the last of a run of equal ids that follows no smaller id), as S2Builder
// does to preserve the input's cyclic order.
func canonicalLoop(edges []subEdge, loop []int) []int {
	pos, gap := 0, false
	for i := 1; i < len(loop); i++ {
		d := edges[loop[i]].id - edges[loop[pos]].id
		if d < 0 {
			gap = true
		} else if d > 0 || !gap {
			pos, gap = i, false
		}
	}
	pos++
	if pos == len(loop) {
		pos = 0
	}
	return append(loop[pos:len(loop):len(loop)], loop[:pos]...)
}

// chainLines joins consecutive boundary stretches into polylines.
func chainLines(g *arrangement, es []subEdge) [][]s2.Point {
	var out [][]s2.Point
	last := -1
	for _, e := range es {
		if len(out) > 0 && e.u == last {
			out[len(out)-1] = append(out[len(out)-1], g.pts[e.v])
		} else {
			out = append(out, []s2.Point{g.pts[e.u], g.pts[e.v]})
		}
		last = e.v
	}
	return out
}

// touchPoints are the vertices on both operands' boundaries that no output
// edge or polyline passes through: where the operands only touch.
func touchPoints(g *arrangement, subs, kept, contact []subEdge) []s2.Point {
	var on [2]map[int]bool
	on[0], on[1] = map[int]bool{}, map[int]bool{}
	for _, s := range subs {
		on[s.side][s.u], on[s.side][s.v] = true, true
	}
	covered := map[int]bool{}
	for _, s := range append(append([]subEdge(nil), kept...), contact...) {
		covered[s.u], covered[s.v] = true, true
	}
	var ids []int
	for v := range on[0] {
		if on[1][v] && !covered[v] {
			ids = append(ids, v)
		}
	}
	sort.Ints(ids)
	out := make([]s2.Point, len(ids))
	for i, v := range ids {
		out[i] = g.pts[v]
	}
	return out
}

// isShell reports whether a directed ring is counterclockwise.
func isShell(r ring) bool {
	return s2.LoopFromPoints(append([]s2.Point(nil), r...)).TurningAngle() > 0
}

// nestLoops orders result loops as S2 keeps them: shells in loop order,
// each followed by the holes directly inside it. It returns the polygons
// (shell first) in that order.
func nestLoops(loops []ring) [][]ring {
	var polys [][]ring
	var shellLoops []*s2.Loop
	var holes []ring
	for _, r := range loops {
		if isShell(r) {
			polys = append(polys, []ring{r})
			shellLoops = append(shellLoops, s2.LoopFromPoints(append([]s2.Point(nil), r...)))
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		hl := s2.LoopFromPoints(append([]s2.Point(nil), h...))
		hl.Normalize()
		best := -1
		for i, sl := range shellLoops {
			if sl.Contains(hl) && (best < 0 || shellLoops[best].Contains(sl)) {
				best = i
			}
		}
		if best >= 0 {
			polys[best] = append(polys[best], h)
		}
	}
	return polys
}

// toRegion flattens polygons into the ring order of an S2 polygon.
func toRegion(polys [][]ring) region {
	var r region
	for _, p := range polys {
		r = append(r, p...)
	}
	return r
}
