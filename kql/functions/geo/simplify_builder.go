package geo

import (
	"errors"
	"math"
	"sort"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// Simplification follows S2's builder model with an identity snap
// function of radius r (the tolerance) and edge-chain simplification:
//
//  1. Sites: input vertices in S2 cell-id order; a vertex becomes a site
//     unless an earlier site lies within r of it.
//  2. Each input edge snaps to the chain of sites whose Voronoi regions it
//     crosses among those within r of it (sites sorted by distance from the
//     edge's start; a site whose coverage interval on the edge lies inside
//     another's is excluded).
//  3. Chains of vertices with one edge in and one out are replaced greedily
//     by longer edges that pass within r of every input vertex snapped to
//     a removed vertex and stay r/2 away from other nearby sites.
//
// The builder adds extra sites, or splits edges, where snapped edges would
// pass too close to other sites or stray too far from their input edges.
// Those corrections are not reproduced: such inputs give errSimplify
// rather than an answer that might differ from Kusto's.

var errSimplify = errors.New("the result needs S2's extra-site or edge-splitting corrections, which are not implemented")

// maxSnapRadius is S2's largest snap radius (70 degrees).
const maxSnapRadius = 70 * math.Pi / 180

// snapEdge is one directed output edge and the smallest id of the input
// edges it came from (S2 orders output loops by these ids).
type snapEdge struct {
	a, b  int32
	input int32
}

// snapper holds the state of one snapping pass.
type snapper struct {
	r        s1.Angle
	snapCA   s1.ChordAngle // edge snap radius (= r)
	sepCA    s1.ChordAngle // min distance between an edge and a site: r/2
	queryCA  s1.ChordAngle // sites that matter to an edge: 1.6 r
	adjCA    s1.ChordAngle // sites farther apart cannot clip each other: 2 r
	splitCA  s1.ChordAngle // edges this long may need splitting
	maxDevCA s1.ChordAngle

	verts  []s2.Point
	edges  [][2]int32
	sites  []s2.Point
	vsite  []int32   // input vertex -> site it snapped to
	esites [][]int32 // input edge -> nearby sites by distance from its start
	svert  [][]int32 // site -> input vertices snapped to it (edge endpoints)
}

func newSnapper(r s1.Angle, verts []s2.Point, edges [][2]int32) *snapper {
	maxDev := r * 1.1
	s := &snapper{
		r: r, verts: verts, edges: edges,
		snapCA:   s1.ChordAngleFromAngle(r),
		sepCA:    s1.ChordAngleFromAngle(r / 2),
		queryCA:  s1.ChordAngleFromAngle(maxDev + r/2),
		adjCA:    s1.ChordAngleFromAngle(2 * r),
		maxDevCA: s1.ChordAngleFromAngle(maxDev),
	}
	split := 2 * math.Acos(math.Sin(float64(r))/math.Sin(float64(maxDev)))
	s.splitCA = s1.ChordAngleFromAngle(s1.Angle(split))
	return s
}

// chooseSites picks the sites and snaps every input vertex to its nearest.
func (s *snapper) chooseSites() {
	n := len(s.verts)
	type key struct {
		id  s2.CellID
		idx int32
	}
	keys := make([]key, n)
	for i, v := range s.verts {
		keys[i] = key{s2.CellFromPoint(v).ID(), int32(i)}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].id != keys[j].id {
			return keys[i].id < keys[j].id
		}
		return keys[i].idx < keys[j].idx
	})
	g := newSiteGrid(s.r)
	for i := 0; i < n; {
		v := s.verts[keys[i].idx]
		for i++; i < n && s.verts[keys[i].idx] == v; i++ {
		}
		if g.within(s.sites, v, s.snapCA) {
			continue
		}
		g.add(v, int32(len(s.sites)))
		s.sites = append(s.sites, v)
	}
	s.vsite = make([]int32, n)
	for i, v := range s.verts {
		s.vsite[i] = g.nearest(s.sites, v)
	}
}

// collectEdgeSites finds, for every input edge, the sites within the
// query radius, sorted by distance from the edge's start.
func (s *snapper) collectEdgeSites() {
	index := s2.NewShapeIndex()
	pv := s2.PointVector(s.sites)
	index.Add(&pv)
	opts := s2.NewClosestEdgeQueryOptions().DistanceLimit(s.queryCA.Successor())
	q := s2.NewClosestEdgeQuery(index, opts)
	s.esites = make([][]int32, len(s.edges))
	for e, ed := range s.edges {
		x, y := s.verts[ed[0]], s.verts[ed[1]]
		res := q.FindEdges(s2.NewMinDistanceToEdgeTarget(s2.Edge{V0: x, V1: y}))
		ids := make([]int32, len(res))
		for k, r := range res {
			ids[k] = r.EdgeID()
		}
		sort.SliceStable(ids, func(i, j int) bool {
			c := s2.CompareDistances(x, s.sites[ids[i]], s.sites[ids[j]])
			return c < 0 || (c == 0 && ids[i] < ids[j])
		})
		s.esites[e] = ids
	}
}

// snapEdgeChain returns the chain of sites input edge e snaps to.
func (s *snapper) snapEdgeChain(e int, chain []int32) []int32 {
	chain = chain[:0]
	x, y := s.verts[s.edges[e][0]], s.verts[s.edges[e][1]]
	for _, c := range s.esites[e] {
		pc := s.sites[c]
		if s2.DistanceFromSegment(pc, x, y) > s.r {
			continue
		}
		add := true
		for len(chain) > 0 {
			b := chain[len(chain)-1]
			pb := s.sites[b]
			if s2.ChordAngleBetweenPoints(pb, pc) >= s.adjCA {
				break
			}
			ex := voronoiExclusion(pb, pc, x, y, s.r)
			if ex == excludeFirst {
				chain = chain[:len(chain)-1]
				continue
			}
			if ex == excludeSecond {
				add = false
				break
			}
			if len(chain) < 2 {
				break
			}
			pa := s.sites[chain[len(chain)-2]]
			if s2.ChordAngleBetweenPoints(pa, pc) >= s.adjCA {
				break
			}
			xyb := s2.RobustSign(x, y, pb)
			if s2.RobustSign(pa, pb, pc) == xyb {
				break
			}
			if circumcenterSide(x, y, pa, pb, pc) == xyb {
				break
			}
			chain = chain[:len(chain)-1] // B's region is cut off by A and C
		}
		if add {
			chain = append(chain, c)
		}
	}
	return chain
}

const (
	excludeNeither = iota
	excludeFirst
	excludeSecond
)

// voronoiExclusion compares the coverage intervals (the part of the great
// circle through x and y within r of a site) of sites a and b, a being the
// nearer to x: the site whose interval lies inside the other's has no
// part of the edge closer to it than to the other site.
func voronoiExclusion(a, b, x, y s2.Point, r s1.Angle) int {
	n := x.PointCross(y).Normalize()
	dir := n.Cross(x.Vector) // x rotated 90 degrees towards y
	interval := func(p s2.Point) (lo, hi float64) {
		sinD := p.Dot(n)
		cosD := math.Sqrt(max(0, 1-sinD*sinD))
		t := math.Atan2(p.Dot(dir), p.Dot(x.Vector))
		w := math.Acos(math.Min(1, math.Cos(float64(r))/cosD))
		return t - w, t + w
	}
	alo, ahi := interval(a)
	blo, bhi := interval(b)
	switch {
	case blo <= alo && ahi <= bhi:
		return excludeFirst
	case alo <= blo && bhi <= ahi:
		return excludeSecond
	}
	return excludeNeither
}

// circumcenterSide is the side of the great circle xy on which the
// circumcenter of triangle abc lies.
func circumcenterSide(x, y, a, b, c s2.Point) s2.Direction {
	z := b.Sub(a.Vector).Cross(c.Sub(a.Vector))
	if s2.RobustSign(a, b, c) == s2.Clockwise {
		z = z.Mul(-1)
	}
	d := x.PointCross(y).Dot(z)
	switch {
	case d > 0:
		return s2.CounterClockwise
	case d < 0:
		return s2.Clockwise
	}
	return s2.Indeterminate
}

// snap snaps every input edge and returns the non-degenerate snapped
// edges, with the input vertices recorded at their sites. It fails where
// the builder would have added sites or split edges.
func (s *snapper) snap() ([]snapEdge, error) {
	s.chooseSites()
	s.collectEdgeSites()
	s.svert = make([][]int32, len(s.sites))
	addVert := func(site, v int32) {
		l := s.svert[site]
		if len(l) == 0 || l[len(l)-1] != v {
			s.svert[site] = append(l, v)
		}
	}
	var out []snapEdge
	var chain []int32
	for e, ed := range s.edges {
		chain = s.snapEdgeChain(e, chain)
		if len(chain) == 0 || chain[0] != s.vsite[ed[0]] || chain[len(chain)-1] != s.vsite[ed[1]] {
			return nil, errSimplify
		}
		if err := s.checkChain(e, chain); err != nil {
			return nil, err
		}
		addVert(chain[0], ed[0])
		if len(chain) == 1 {
			continue // degenerate: discarded by line and polygon output
		}
		addVert(chain[len(chain)-1], ed[1])
		for i := 1; i < len(chain); i++ {
			out = append(out, snapEdge{chain[i-1], chain[i], int32(e)})
		}
	}
	return out, nil
}

// checkChain reports the cases where S2 would correct a snapped chain:
// a skipped nearby site closer than r/2 to the chain, or a chain edge
// straying more than 1.1 r from a long input edge.
func (s *snapper) checkChain(e int, chain []int32) error {
	if len(chain) < 2 {
		return nil
	}
	x, y := s.verts[s.edges[e][0]], s.verts[s.edges[e][1]]
	long := s2.ChordAngleBetweenPoints(x, y) >= s.splitCA
	i := 0
	for _, id := range s.esites[e] {
		if id == chain[i] {
			if i++; i == len(chain) {
				break
			}
			if long && !nearEdge(x, y, s.sites[chain[i-1]], s.sites[chain[i]], s.maxDevCA) {
				return errSimplify
			}
			continue
		}
		if i > 0 && s2.IsDistanceLess(s.sites[id], s.sites[chain[i-1]], s.sites[chain[i]], s.sepCA.Successor()) {
			return errSimplify
		}
	}
	return nil
}

// nearEdge conservatively checks that edge ab stays within tol of edge xy
// (false also when it is too close to the limit to be sure).
func nearEdge(x, y, a, b s2.Point, tol s1.ChordAngle) bool {
	const steps = 64
	lim := s1.ChordAngleFromAngle(tol.Angle() * 0.98)
	for k := 0; k <= steps; k++ {
		p := s2.Interpolate(float64(k)/steps, a, b)
		if !s2.IsDistanceLess(p, x, y, lim) {
			return false
		}
	}
	return true
}

// siteGrid buckets sites by cells at least r wide, so sites within r of a
// point lie in its cell or a neighbouring one.
type siteGrid struct {
	level int
	cells map[s2.CellID][]int32
	all   []int32 // coarse radii: every site
}

func newSiteGrid(r s1.Angle) *siteGrid {
	lvl := s2.MinWidthMetric.MaxLevel(float64(r))
	if lvl < 2 {
		return &siteGrid{level: -1}
	}
	return &siteGrid{level: lvl, cells: map[s2.CellID][]int32{}}
}

func (g *siteGrid) add(p s2.Point, id int32) {
	if g.level < 0 {
		g.all = append(g.all, id)
		return
	}
	c := s2.CellFromPoint(p).ID().Parent(g.level)
	g.cells[c] = append(g.cells[c], id)
}

func (g *siteGrid) visit(p s2.Point, f func(id int32)) {
	if g.level < 0 {
		for _, id := range g.all {
			f(id)
		}
		return
	}
	c := s2.CellFromPoint(p).ID().Parent(g.level)
	for _, id := range g.cells[c] {
		f(id)
	}
	for _, nb := range c.AllNeighbors(g.level) {
		for _, id := range g.cells[nb] {
			f(id)
		}
	}
}

// within reports a site within r of p (r = 0: the same point).
func (g *siteGrid) within(sites []s2.Point, p s2.Point, r s1.ChordAngle) bool {
	found := false
	g.visit(p, func(id int32) {
		if !found && s2.ChordAngleBetweenPoints(sites[id], p) <= r {
			found = true
		}
	})
	return found
}

// nearest returns the site nearest p (lowest id on ties).
func (g *siteGrid) nearest(sites []s2.Point, p s2.Point) int32 {
	best, bestD := int32(-1), s1.InfChordAngle()
	g.visit(p, func(id int32) {
		d := s2.ChordAngleBetweenPoints(sites[id], p)
		if d < bestD || (d == bestD && id < best) {
			best, bestD = id, d
		}
	})
	return best
}
