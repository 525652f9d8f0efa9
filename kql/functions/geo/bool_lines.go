package geo

import (
	"github.com/golang/geo/s2"
)

// Boolean operations with lines: the part of lines inside a polygon, and
// the union of lines.

// lineEdges numbers the edges of lines (operand 0) and returns, per edge
// id, the index of its line.
func lineEdges(g *arrangement, ls []polyline) ([]inEdge, []int) {
	var edges []inEdge
	var lineOf []int
	for li, l := range ls {
		for i := 1; i < len(l.pts); i++ {
			u, v := g.vertex(l.pts[i-1]), g.vertex(l.pts[i])
			id := len(lineOf)
			lineOf = append(lineOf, li)
			if u != v {
				edges = append(edges, inEdge{u: u, v: v, id: id, side: 0, rect: arcRect(l.pts[i-1], l.pts[i])})
			}
		}
	}
	return edges, lineOf
}

// lineInPolygon is the part of lines inside a region or on its boundary
// (polygons contain their boundary), as polylines in line order, and the
// points where a line only touches the boundary.
func lineInPolygon(ls []polyline, b region) ([][]s2.Point, []s2.Point) {
	g := &arrangement{grid: map[[3]int64][]int{}}
	edges, lineOf := lineEdges(g, ls)
	n := len(lineOf)
	for _, e := range buildEdges(g, b) {
		e.id += n
		e.side = 1
		edges = append(edges, e)
	}
	splitEdges(g, edges, true)
	subs := subEdges(g, edges)
	contains := regionPolygon(b).ContainsPoint
	boundary := map[[2]int]bool{}
	onBoundary := map[int]bool{}
	for _, s := range subs {
		if s.side == 1 {
			boundary[[2]int{s.u, s.v}], boundary[[2]int{s.v, s.u}] = true, true
			onBoundary[s.u], onBoundary[s.v] = true, true
		}
	}
	var lines [][]s2.Point
	covered := map[int]bool{}
	last, lastLine := -1, -1
	var touch []int
	seen := map[int]bool{}
	for _, s := range subs {
		if s.side != 0 {
			continue
		}
		for _, v := range [2]int{s.u, s.v} {
			if onBoundary[v] && !seen[v] {
				seen[v] = true
				touch = append(touch, v)
			}
		}
		if !boundary[[2]int{s.u, s.v}] && !contains(s2.Interpolate(0.5, g.pts[s.u], g.pts[s.v])) {
			continue
		}
		covered[s.u], covered[s.v] = true, true
		if len(lines) > 0 && s.u == last && lineOf[s.id] == lastLine {
			lines[len(lines)-1] = append(lines[len(lines)-1], g.pts[s.v])
		} else {
			lines = append(lines, []s2.Point{g.pts[s.u], g.pts[s.v]})
		}
		last, lastLine = s.v, lineOf[s.id]
	}
	var pts []s2.Point
	for _, v := range touch {
		if !covered[v] {
			pts = append(pts, g.pts[v])
		}
	}
	return lines, pts
}

// unionLines merges lines: an edge that several lines share (in either
// direction) is kept once, in the direction first given, and the edges are
// reassembled into maximal walks in input order, as S2's polyline layer
// does. Lines that cross are not split where they cross.
func unionLines(ls []polyline) [][]s2.Point {
	g := &arrangement{grid: map[[3]int64][]int{}}
	all, _ := lineEdges(g, ls)
	seen := map[[2]int]bool{}
	var edges []subEdge
	for _, e := range all {
		if seen[[2]int{e.u, e.v}] || seen[[2]int{e.v, e.u}] {
			continue
		}
		seen[[2]int{e.u, e.v}] = true
		edges = append(edges, subEdge{u: e.u, v: e.v, id: e.id})
	}
	incident := map[int][]int{}
	for i, e := range edges {
		incident[e.u] = append(incident[e.u], i)
		incident[e.v] = append(incident[e.v], i)
	}
	used := make([]bool, len(edges))
	// walk follows unused edges from v, taking the lowest id at each vertex.
	walk := func(v int, first int) []s2.Point {
		pts := []s2.Point{g.pts[v]}
		for e := first; e >= 0; {
			used[e] = true
			if edges[e].u == v {
				v = edges[e].v
			} else {
				v = edges[e].u
			}
			pts = append(pts, g.pts[v])
			e = -1
			for _, c := range incident[v] {
				if !used[c] && (e < 0 || edges[c].id < edges[e].id) {
					e = c
				}
			}
		}
		return pts
	}
	var out [][]s2.Point
	// Open walks start at vertices of odd degree, in input edge order.
	for i, e := range edges {
		if !used[i] && len(incident[e.u])%2 == 1 {
			out = append(out, walk(e.u, i))
		}
	}
	for i, e := range edges {
		if used[i] {
			continue
		}
		if len(incident[e.v])%2 == 1 {
			out = append(out, walk(e.v, i))
			continue
		}
		out = append(out, walk(e.u, i)) // a closed walk
	}
	return out
}
