package geo

import (
	"github.com/golang/geo/r3"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Intersection predicates. Kusto's shapes are closed here: lines contain
// their end points and polygons their boundaries, so shapes that only
// touch intersect.

func init() {
	functions.Register(
		fn("geo_intersects_2lines",
			"geo_intersects_2lines(lineString1: dynamic, lineString2: dynamic): bool",
			"Whether two lines or multilines intersect (touching counts); null for an invalid line.",
			types.Bool, []param{dyn("lineString1"), dyn("lineString2")}, evalIntersects2Lines),
		fn("geo_intersects_2polygons",
			"geo_intersects_2polygons(polygon1: dynamic, polygon2: dynamic): bool",
			"Whether two polygons or multipolygons intersect (touching boundaries count); null for an invalid polygon.",
			types.Bool, []param{dyn("polygon1"), dyn("polygon2")}, evalIntersects2Polygons),
		fn("geo_intersects_line_with_polygon",
			"geo_intersects_line_with_polygon(lineString: dynamic, polygon: dynamic): bool",
			"Whether a line or multiline intersects a polygon or multipolygon (touching counts); null for invalid input.",
			types.Bool, []param{dyn("lineString"), dyn("polygon")}, evalIntersectsLinePolygon),
	)
}

// onEdge reports whether c lies exactly on the edge ab (computed exactly:
// a vertex on a meridian or the equator often does).
func onEdge(c, a, b s2.Point) bool {
	pa, pb, pc := r3.PreciseVectorFromVector(a.Vector), r3.PreciseVectorFromVector(b.Vector), r3.PreciseVectorFromVector(c.Vector)
	n := pa.Cross(pb)
	if n.Dot(pc).Sign() != 0 {
		return false
	}
	// c is on the great circle; it is on the edge if it is between a and b.
	return pa.Cross(pc).Dot(n).Sign() >= 0 && pc.Cross(pb).Dot(n).Sign() >= 0 && a.Dot(c.Vector) > 0 && b.Dot(c.Vector) > 0
}

// edgesTouch reports whether two edges share any point.
func edgesTouch(a, b, c, d s2.Point) bool {
	if s2.CrossingSign(a, b, c, d) != s2.DoNotCross {
		return true
	}
	return onEdge(c, a, b) || onEdge(d, a, b) || onEdge(a, c, d) || onEdge(b, c, d)
}

// chainsTouch reports whether any edge of x shares a point with any edge
// of y (closed chains wrap around).
func chainsTouch(x []s2.Point, xClosed bool, y []s2.Point, yClosed bool) bool {
	ex, ey := len(x)-1, len(y)-1
	if xClosed {
		ex = len(x)
	}
	if yClosed {
		ey = len(y)
	}
	for i := 0; i < ex; i++ {
		a, b := x[i], x[(i+1)%len(x)]
		ra := edgeRect(a, b)
		for k := 0; k < ey; k++ {
			c, d := y[k], y[(k+1)%len(y)]
			if ra.Intersects(edgeRect(c, d)) && edgesTouch(a, b, c, d) {
				return true
			}
		}
	}
	return false
}

// polygonBoundaries lists the loops' vertex chains of some polygons.
func polygonBoundaries(ps []polygon) [][]s2.Point {
	var out [][]s2.Point
	for _, p := range ps {
		for _, l := range p.s2.Loops() {
			out = append(out, l.Vertices())
		}
	}
	return out
}

func polygonsIntersect(a, b []polygon) bool {
	for _, pa := range a {
		for _, pb := range b {
			if pa.s2.Intersects(pb.s2) {
				return true
			}
		}
	}
	ba, bb := polygonBoundaries(a), polygonBoundaries(b)
	for _, x := range ba {
		for _, y := range bb {
			if chainsTouch(x, true, y, true) {
				return true
			}
		}
	}
	return false
}

func linesIntersect(a, b []polyline) bool {
	for _, la := range a {
		for _, lb := range b {
			if chainsTouch(la.pts, false, lb.pts, false) {
				return true
			}
		}
	}
	return false
}

func lineIntersectsPolygons(ls []polyline, ps []polygon) bool {
	for _, l := range ls {
		if polygonsContain(ps, l.pts[0]) {
			return true
		}
		for _, y := range polygonBoundaries(ps) {
			if chainsTouch(l.pts, false, y, true) {
				return true
			}
		}
	}
	return false
}

// pairBool maps rows of two dynamic arguments to a bool.
func pairBool(args []*column.Vector, n int, f func(x, y any) (bool, bool)) *column.Vector {
	rows := n
	if functions.AllConst(args) {
		rows = 1
	}
	out := make([]bool, rows)
	var nulls column.Bitmap
	for i := 0; i < rows; i++ {
		r, ok := f(args[0].Dyn(i), args[1].Dyn(i))
		if !ok {
			functions.SetNull(&nulls, rows, i)
			continue
		}
		out[i] = r
	}
	if rows == 1 && n != 1 {
		if nulls != nil {
			return functions.NullConst(types.Bool, n)
		}
		return column.Const(types.Bool, out[0], n)
	}
	return column.FromBools(out, nulls)
}

func evalIntersects2Lines(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c1, c2 lineCache
	return pairBool(args, n, func(x, y any) (bool, bool) {
		a, ok1 := c1.get(x)
		b, ok2 := c2.get(y)
		if !ok1 || !ok2 {
			return false, false
		}
		return linesIntersect(a, b), true
	}), nil
}

func evalIntersects2Polygons(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c1, c2 polygonCache
	return pairBool(args, n, func(x, y any) (bool, bool) {
		a, ok1 := c1.get(x)
		b, ok2 := c2.get(y)
		if !ok1 || !ok2 {
			return false, false
		}
		return polygonsIntersect(a, b), true
	}), nil
}

func evalIntersectsLinePolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c1 lineCache
	var c2 polygonCache
	return pairBool(args, n, func(x, y any) (bool, bool) {
		a, ok1 := c1.get(x)
		b, ok2 := c2.get(y)
		if !ok1 || !ok2 {
			return false, false
		}
		return lineIntersectsPolygons(a, b), true
	}), nil
}
