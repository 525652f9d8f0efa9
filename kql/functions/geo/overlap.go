package geo

import (
	"fmt"
	"math"

	"github.com/golang/geo/s2"
)

// Kusto measures a MultiLineString or MultiPolygon of several members as
// the union of its members. The members' own measures add up to the
// union's only when they do not overlap; overlapping polygons are measured
// through their union (bool_measure.go), overlapping lines are refused with
// an error instead of a wrong total.

// errOverlap is the error for members whose union cannot be computed.
func errOverlap(fn, what string) error {
	return fmt.Errorf("%s: the %s of this multi-geometry overlap; measuring their union is not supported", fn, what)
}

// collinearTol is how far (in radians, about 6 nm on Earth) a vertex may
// lie from a great circle and still count as on it.
const collinearTol = 1e-15

// edgesOverlap reports whether edges ab and cd share a stretch of
// positive length: both on one great circle, with overlapping extents.
func edgesOverlap(a, b, c, d s2.Point) bool {
	n := a.PointCross(b).Normalize()
	if math.Abs(n.Dot(c.Vector)) > collinearTol || math.Abs(n.Dot(d.Vector)) > collinearTol {
		return false
	}
	// Position along the circle, measured from a towards b.
	u := n.Cross(a.Vector) // a, u span the circle's plane
	pos := func(p s2.Point) float64 { return math.Atan2(p.Dot(u), p.Dot(a.Vector)) }
	lo1, hi1 := 0.0, pos(b)
	lo2, hi2 := pos(c), pos(d)
	if lo2 > hi2 {
		lo2, hi2 = hi2, lo2
	}
	return math.Min(hi1, hi2)-math.Max(lo1, lo2) > collinearTol
}

// chainsOverlap reports whether any edge of chain x overlaps any edge of
// chain y (closed chains wrap around).
func chainsOverlap(x []s2.Point, xClosed bool, y []s2.Point, yClosed bool) bool {
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
		for j := 0; j < ey; j++ {
			c, d := y[j], y[(j+1)%len(y)]
			if ra.Intersects(edgeRect(c, d)) && edgesOverlap(a, b, c, d) {
				return true
			}
		}
	}
	return false
}

func edgeRect(a, b s2.Point) s2.Rect {
	rb := s2.NewRectBounder()
	rb.AddPoint(a)
	rb.AddPoint(b)
	return rb.RectBound()
}

// linesOverlap reports whether two different lines share a stretch.
func linesOverlap(ls []polyline) bool {
	for i := range ls {
		for j := i + 1; j < len(ls); j++ {
			if chainsOverlap(ls[i].pts, false, ls[j].pts, false) {
				return true
			}
		}
	}
	return false
}

// polygonsOverlap reports whether two different polygons share interior
// points.
func polygonsOverlap(ps []polygon) bool {
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if ps[i].s2.Intersects(ps[j].s2) {
				return true
			}
		}
	}
	return false
}

// boundariesOverlap reports whether two different polygons share a
// stretch of boundary (their union's boundary would lose it).
func boundariesOverlap(ps []polygon) bool {
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			for _, li := range ps[i].s2.Loops() {
				for _, lj := range ps[j].s2.Loops() {
					if chainsOverlap(li.Vertices(), true, lj.Vertices(), true) {
						return true
					}
				}
			}
		}
	}
	return false
}
