package geo

import (
	"fmt"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// geo_intersection_2lines. Kusto computes the intersection with S2's
// boolean operations, whose output for several intersection points or
// partly shared stretches (the order of the points, where the shared
// chains start) this package cannot reproduce exactly. What is computed
// here is what needs no such choice: no intersection, one intersection
// point, or two lines that are the same line. Any other result is an
// error, not a guess.

func init() {
	functions.Register(
		fn("geo_intersection_2lines",
			"geo_intersection_2lines(lineString1: dynamic, lineString2: dynamic): dynamic",
			"The intersection of two lines or multilines as GeoJSON: an empty GeometryCollection, a Point, or the line itself for two equal lines; null for an invalid line. Intersections of several points or partly shared stretches are not supported.",
			types.Dynamic, []param{dyn("lineString1"), dyn("lineString2")}, evalIntersection2Lines),
	)
}

// samePointTol is how close (radians, well under a micrometer on Earth)
// two computed intersection points must be to count as one.
const samePointTol = 1e-14

func evalIntersection2Lines(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c1, c2 lineCache
	var failure error
	out := rowsToDyn(args, n, func(i int) any {
		if failure != nil {
			return nil
		}
		a, ok1 := c1.get(args[0].Dyn(i))
		b, ok2 := c2.get(args[1].Dyn(i))
		if !ok1 || !ok2 {
			return nil
		}
		r, err := linesIntersection(a, b)
		if err != nil {
			failure = err
			return nil
		}
		return r
	})
	if failure != nil {
		return nil, failure
	}
	return out, nil
}

// linesIntersection computes the intersection of two valid multilines.
func linesIntersection(a, b []polyline) (any, error) {
	// An intersection at an input vertex is given with the vertex's own
	// coordinates (at, when set).
	var pts []s2.Point
	var at []*lngLat
	add := func(p s2.Point, c *lngLat) {
		for k, q := range pts {
			if q.Distance(p).Radians() < samePointTol {
				if at[k] == nil {
					at[k] = c
				}
				return
			}
		}
		pts, at = append(pts, p), append(at, c)
	}
	overlap := false
	for _, la := range a {
		for _, lb := range b {
			for i := 1; i < len(la.pts); i++ {
				a0, a1 := la.pts[i-1], la.pts[i]
				ra := edgeRect(a0, a1)
				for k := 1; k < len(lb.pts); k++ {
					b0, b1 := lb.pts[k-1], lb.pts[k]
					if !ra.Intersects(edgeRect(b0, b1)) {
						continue
					}
					if edgesOverlap(a0, a1, b0, b1) {
						overlap = true
						continue
					}
					// Shared or touching vertices first: their exact
					// coordinates are the answer.
					touched := false
					for _, v := range [...]struct {
						p, e0, e1 s2.Point
						c         *lngLat
					}{{a0, b0, b1, &la.coords[i-1]}, {a1, b0, b1, &la.coords[i]}, {b0, a0, a1, &lb.coords[k-1]}, {b1, a0, a1, &lb.coords[k]}} {
						if v.p == v.e0 || v.p == v.e1 || onEdge(v.p, v.e0, v.e1) {
							add(v.p, v.c)
							touched = true
						}
					}
					if !touched && s2.CrossingSign(a0, a1, b0, b1) == s2.Cross {
						add(s2.Intersection(a0, a1, b0, b1), nil)
					}
				}
			}
		}
	}
	if overlap {
		if len(a) == 1 && len(b) == 1 && sameCoords(a[0].coords, b[0].coords) {
			return geoJSON("LineString", coordsJSON(toPairs(a[0].coords))), nil
		}
		return nil, fmt.Errorf("geo_intersection_2lines: lines that share a stretch but are not the same line are not supported")
	}
	switch len(pts) {
	case 0:
		g := value.NewBag(2)
		g.Set("type", "GeometryCollection")
		g.Set("geometries", []any{})
		return g, nil
	case 1:
		if at[0] != nil {
			return pointJSON(at[0][0], at[0][1]), nil
		}
		return pointJSON(lngLatOf(pts[0])), nil
	}
	return nil, fmt.Errorf("geo_intersection_2lines: lines that meet at %d points are not supported (the order of Kusto's MultiPoint is not reproduced)", len(pts))
}

func sameCoords(x, y []lngLat) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func toPairs(ps []lngLat) [][2]float64 {
	out := make([][2]float64, len(ps))
	for i, p := range ps {
		out[i] = [2]float64(p)
	}
	return out
}
