package geo

import (
	"errors"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// errSimplifyShape marks outputs whose GeoJSON form Kusto's docs do not
// pin down (several lines or loops, holes, vertices visited twice).
var errSimplifyShape = errors.New("the simplified shape has several parts or revisits a vertex, whose GeoJSON form is not documented")

// simplifyEdges snaps and simplifies the input graph; r = 0 keeps it.
func simplifyEdges(r s1.Angle, verts []s2.Point, edges [][2]int32) (*snapper, []snapEdge, error) {
	s := newSnapper(r, verts, edges)
	if r == 0 {
		// No snapping is requested: every distinct vertex is a site.
		s.chooseSites()
		out := make([]snapEdge, 0, len(edges))
		for e, ed := range edges {
			out = append(out, snapEdge{s.vsite[ed[0]], s.vsite[ed[1]], int32(e)})
		}
		return s, out, nil
	}
	snapped, err := s.snap()
	if err != nil {
		return nil, nil, err
	}
	return s, simplifyChains(s, snapped), nil
}

// simplifyLineCoords simplifies one line; nil when it vanishes.
func simplifyLineCoords(l polyline, r s1.Angle) ([][2]float64, error) {
	verts := []s2.Point(l.pts)
	edges := make([][2]int32, len(verts)-1)
	for i := range edges {
		edges[i] = [2]int32{int32(i), int32(i + 1)}
	}
	s, out, err := simplifyEdges(r, verts, edges)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	n := len(s.sites)
	next := make([]int32, n)
	indeg := make([]int8, n)
	for i := range next {
		next[i] = -1
	}
	for _, e := range out {
		if next[e.a] >= 0 || indeg[e.b] > 0 {
			return nil, errSimplifyShape
		}
		next[e.a] = e.b
		indeg[e.b]++
	}
	start := int32(-1)
	for _, e := range out {
		if indeg[e.a] == 0 {
			if start >= 0 {
				return nil, errSimplifyShape
			}
			start = e.a
		}
	}
	if start < 0 {
		// A closed line starts at the edge from the earliest input edge.
		best := out[0]
		for _, e := range out {
			if e.input < best.input {
				best = e
			}
		}
		start = best.a
	}
	pts := [][2]float64{siteCoords(s, start)}
	for v, k := next[start], 0; v >= 0 && k < len(out); v, k = next[v], k+1 {
		pts = append(pts, siteCoords(s, v))
		if v == start {
			break
		}
	}
	if len(pts) != len(out)+1 {
		return nil, errSimplifyShape
	}
	return pts, nil
}

// simplifyRing simplifies one counterclockwise ring (closed positions);
// nil when it vanishes.
func simplifyRing(ring []lngLat, r s1.Angle) ([][2]float64, error) {
	m := len(ring) - 1
	verts := toPoints(ring[:m])
	edges := make([][2]int32, m)
	for i := range edges {
		edges[i] = [2]int32{int32(i), int32((i + 1) % m)}
	}
	s, out, err := simplifyEdges(r, verts, edges)
	if err != nil {
		return nil, err
	}
	out = dropSiblingPairs(out)
	if out == nil {
		return nil, errSimplifyShape
	}
	if len(out) == 0 {
		return nil, nil
	}
	next := make(map[int32]int32, len(out))
	best := out[0]
	for _, e := range out {
		if _, dup := next[e.a]; dup {
			return nil, errSimplifyShape
		}
		next[e.a] = e.b
		if e.input < best.input {
			best = e
		}
	}
	pts := [][2]float64{siteCoords(s, best.a)}
	v := best.b
	for k := 0; k < len(out); k++ {
		pts = append(pts, siteCoords(s, v))
		if v == best.a {
			break
		}
		v = next[v]
	}
	if len(pts) != len(out)+1 || v != best.a {
		return nil, errSimplifyShape // several loops
	}
	return pts, nil
}

// dropSiblingPairs removes pairs of opposite edges, as S2's polygon
// output does; nil when a pair is unbalanced (which of the remaining
// edges S2 keeps is not reproduced).
func dropSiblingPairs(out []snapEdge) []snapEdge {
	type pair struct{ a, b int32 }
	count := make(map[pair]int, len(out))
	for _, e := range out {
		count[pair{e.a, e.b}]++
	}
	kept := make([]snapEdge, 0, len(out))
	for _, e := range out {
		n, back := count[pair{e.a, e.b}], count[pair{e.b, e.a}]
		switch {
		case back == 0 && n == 1:
			kept = append(kept, e)
		case back == n:
		default:
			return nil
		}
	}
	return kept
}

// siteCoords converts a site back to degrees, as S2 output is.
func siteCoords(s *snapper, v int32) [2]float64 {
	lng, lat := lngLatOf(s.sites[v])
	return [2]float64{lng, lat}
}
