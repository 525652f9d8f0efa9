package geo

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// dirWindow is the greedy step of chain simplification: the set of
// directions, seen from the start of an output edge, in which the edge can
// leave so that it passes through every target disc and beside every disc
// to avoid. Directions are angles in a tangent frame at the start.
type dirWindow struct {
	src     s2.Point
	xAxis   s2.Point
	yAxis   s2.Point
	win     s1.Interval
	pending []avoidRange // avoid constraints seen before any target
}

type avoidRange struct {
	iv     s1.Interval
	onLeft bool
}

// angleSlack absorbs rounding so that only edges clearly within the
// tolerance are accepted, as S2 does by rounding its bounds.
const angleSlack = 1e-14

func (w *dirWindow) reset(src s2.Point) {
	w.src = src
	w.xAxis = s2.Point{Vector: src.Vector.Ortho()}
	w.yAxis = s2.Point{Vector: src.Cross(w.xAxis.Vector)}
	w.win = s1.FullInterval()
	w.pending = w.pending[:0]
}

func (w *dirWindow) direction(p s2.Point) float64 {
	return math.Atan2(p.Dot(w.yAxis.Vector), p.Dot(w.xAxis.Vector))
}

// semiwidth is the half angle the disc (p, r) subtends from the start;
// +Inf when the disc contains the start.
func (w *dirWindow) semiwidth(p s2.Point, r s1.ChordAngle) float64 {
	r2 := float64(r)
	a2 := float64(s2.ChordAngleBetweenPoints(w.src, p))
	if a2 <= r2 {
		return math.Inf(1)
	}
	sin2r := r2 * (1 - 0.25*r2)
	sin2a := a2 * (1 - 0.25*a2)
	return math.Asin(math.Sqrt(sin2r / sin2a))
}

// target requires the edge to pass within r of p.
func (w *dirWindow) target(p s2.Point, r s1.ChordAngle) bool {
	sw := w.semiwidth(p, r)
	if math.IsInf(sw, 1) {
		return true
	}
	sw -= angleSlack
	if sw < 0 {
		w.win = s1.EmptyInterval()
		return false
	}
	w.win = w.win.Intersection(s1.IntervalFromEndpoints(w.direction(p), w.direction(p)).Expanded(sw))
	for _, a := range w.pending {
		w.avoid(a)
	}
	w.pending = w.pending[:0]
	return !w.win.IsEmpty()
}

// avoidDisc requires the edge to keep the disc (p, r) on the given side.
func (w *dirWindow) avoidDisc(p s2.Point, r s1.ChordAngle, onLeft bool) bool {
	sw := w.semiwidth(p, r)
	if math.IsInf(sw, 1) {
		w.win = s1.EmptyInterval()
		return false
	}
	sw += angleSlack
	c := w.direction(p)
	left, right := sw, math.Pi/2
	if onLeft {
		left, right = math.Pi/2, sw
	}
	iv := s1.Interval{Lo: math.Remainder(c-right, 2*math.Pi), Hi: math.Remainder(c+left, 2*math.Pi)}
	a := avoidRange{iv, onLeft}
	if w.win.IsFull() {
		w.pending = append(w.pending, a)
		return true
	}
	w.avoid(a)
	return !w.win.IsEmpty()
}

// avoid removes a forbidden range from the window. When the range lies
// strictly inside the window only the part on the correct side of the
// disc is kept (the other part points away from the chain).
func (w *dirWindow) avoid(a avoidRange) {
	if w.win.InteriorContains(a.iv.Lo) && w.win.InteriorContains(a.iv.Hi) {
		if a.onLeft {
			w.win = s1.Interval{Lo: w.win.Lo, Hi: a.iv.Lo}
		} else {
			w.win = s1.Interval{Lo: a.iv.Hi, Hi: w.win.Hi}
		}
		return
	}
	w.win = w.win.Intersection(a.iv.Complement())
}

// extend reports whether an edge from the start to dst meets every
// constraint so far.
func (w *dirWindow) extend(dst s2.Point) bool {
	if s2.ChordAngleBetweenPoints(w.src, dst) > s1.RightChordAngle {
		return false
	}
	d := w.direction(dst)
	if !w.win.Contains(d) {
		return false
	}
	for _, a := range w.pending {
		if a.iv.Contains(d) {
			return false
		}
	}
	return true
}
