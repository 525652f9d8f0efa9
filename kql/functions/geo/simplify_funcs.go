package geo

import (
	"fmt"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_line_simplify",
			"geo_line_simplify(lineString: dynamic, [tolerance: real]): dynamic",
			"Simplifies a line by replacing nearly straight chains of short edges with one long edge that passes within tolerance meters (0 to ~7,800,000, default 10) of the removed vertices. Null for invalid input or when the line vanishes.",
			types.Dynamic, []param{dyn("lineString"), optNum("tolerance")}, evalLineSimplify),
		fn("geo_polygon_simplify",
			"geo_polygon_simplify(polygon: dynamic, [tolerance: real]): dynamic",
			"Simplifies a polygon by replacing nearly straight chains of short edges with one long edge that passes within tolerance meters (0.1 to 10000, default 10) of the removed vertices. Null for invalid input or when the polygon vanishes.",
			types.Dynamic, []param{dyn("polygon"), optNum("tolerance")}, evalPolygonSimplify),
	)
}

const (
	defaultSimplifyTolerance = 10.0
	// maxLineSimplifyTolerance is the documented bound ("~7,800,000 m");
	// S2's own bound, 70 degrees, is slightly lower.
	maxLineSimplifyTolerance = 7800000.0
)

// simplifyTolerance reads row i's tolerance in meters.
func simplifyTolerance(args []*column.Vector, i int) (float64, bool) {
	if len(args) < 2 {
		return defaultSimplifyTolerance, true
	}
	return functions.RealAt(args[1], i)
}

func evalLineSimplify(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	var err error
	out := rowsToDyn(args, n, func(i int) any {
		tol, ok := simplifyTolerance(args, i)
		if !ok || !(tol >= 0 && tol < maxLineSimplifyTolerance) || err != nil {
			return nil
		}
		r := s1.Angle(tol / earthRadius)
		if r > maxSnapRadius {
			err = fmt.Errorf("geo_line_simplify: tolerance %g is not supported: S2 snaps with at most 70 degrees (%.0f m); use a smaller tolerance", tol, maxSnapRadius*earthRadius)
			return nil
		}
		shape := args[0].Dyn(i)
		ls, ok := c.get(shape)
		if !ok {
			return nil
		}
		if t, _, _ := geoType(shape); t != "LineString" {
			err = fmt.Errorf("geo_line_simplify: a %s is not supported: only a LineString can be simplified exactly as Kusto does", t)
			return nil
		}
		pts, e := simplifyLineCoords(ls[0], r)
		if e != nil {
			err = fmt.Errorf("geo_line_simplify: this line is not supported: %v", e)
			return nil
		}
		if pts == nil {
			return nil
		}
		return geoJSON("LineString", coordsJSON(pts))
	})
	return out, err
}

func evalPolygonSimplify(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	var err error
	out := rowsToDyn(args, n, func(i int) any {
		tol, ok := simplifyTolerance(args, i)
		if !ok || !(tol >= minDensifyTolerance && tol <= maxDensifyTolerance) || err != nil {
			return nil
		}
		shape := args[0].Dyn(i)
		ps, ok := c.get(shape)
		if !ok {
			return nil
		}
		if t, _, _ := geoType(shape); t != "Polygon" {
			err = fmt.Errorf("geo_polygon_simplify: a %s is not supported: only a Polygon can be simplified exactly as Kusto does", t)
			return nil
		}
		ring := ps[0].rings
		if len(ring) != 1 {
			err = fmt.Errorf("geo_polygon_simplify: polygons with holes are not supported: how Kusto orders the simplified rings is not documented")
			return nil
		}
		if !ccwRing(ring[0]) {
			err = fmt.Errorf("geo_polygon_simplify: a clockwise ring is not supported: how Kusto orders its simplified vertices is not documented; give the ring counterclockwise")
			return nil
		}
		pts, e := simplifyRing(ring[0], s1.Angle(tol/earthRadius))
		if e != nil {
			err = fmt.Errorf("geo_polygon_simplify: this polygon is not supported: %v", e)
			return nil
		}
		if pts == nil {
			return nil
		}
		return geoJSON("Polygon", []any{coordsJSON(pts)})
	})
	return out, err
}

// ccwRing reports whether a closed ring, in the given order, encloses the
// smaller of the two regions it bounds.
func ccwRing(ring []lngLat) bool {
	return s2.LoopFromPoints(toPoints(ring[:len(ring)-1])).IsNormalized()
}
