package geo

import (
	"math"

	"github.com/golang/geo/r2"
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Densification: GeoJSON edges read as straight lines in (longitude,
// latitude) are turned into chains of geodesic edges that stay within a
// tolerance of them, the way S2's edge tessellator does it for the plate
// carrée projection: an edge is halved in the plane until the geodesic
// between its ends is close enough to it at the two probe fractions.

func init() {
	functions.Register(
		fn("geo_line_densify",
			"geo_line_densify(lineString: dynamic, [tolerance: real], [preserve_crossing: bool]): dynamic",
			"Converts the planar edges of a line or multiline to geodesics by adding points: tolerance (0.1..10000 m, default 10) is the largest distance allowed between a planar edge and its geodesic chain; preserve_crossing=true keeps edges that cross the antimeridian. Null for invalid input.",
			types.Dynamic, []param{dyn("lineString"), optNum("tolerance"), optBool("preserve_crossing")}, evalLineDensify),
		fn("geo_polygon_densify",
			"geo_polygon_densify(polygon: dynamic, [tolerance: real], [preserve_crossing: bool]): dynamic",
			"Converts the planar edges of a polygon or multipolygon to geodesics by adding points: tolerance (0.1..10000 m, default 10) is the largest distance allowed between a planar edge and its geodesic chain; preserve_crossing=true keeps edges that cross the antimeridian. Null for invalid input.",
			types.Dynamic, []param{dyn("polygon"), optNum("tolerance"), optBool("preserve_crossing")}, evalPolygonDensify),
	)
}

const (
	defaultDensifyTolerance = 10.0
	minDensifyTolerance     = 0.1
	maxDensifyTolerance     = 10000.0
	// maxDensifyPoints is Kusto's limit on the points of one result.
	maxDensifyPoints = 10485760

	// The tessellator evaluates both edges at this fraction from either
	// end and scales the tolerance by tessScale so that the larger of the
	// two distances bounds the error along the whole edge.
	tessFraction = 0.31215691082248312
	tessScale    = 0.83829992569888509
)

// densifier tessellates planar edges in degrees.
type densifier struct {
	tol      s1.ChordAngle
	wrap     bool // edges take the short way across the antimeridian
	points   int  // points emitted so far
	overflow bool
}

func newDensifier(meters float64, wrap bool) *densifier {
	return &densifier{tol: s1.ChordAngleFromAngle(s1.Angle(tessScale * meters / earthRadius)), wrap: wrap}
}

func unprojectDeg(p r2.Point) s2.Point {
	return s2.PointFromLatLng(s2.LatLng{
		Lat: s1.Angle(p.Y * math.Pi / 180),
		Lng: s1.Angle(math.Remainder(p.X, 360) * math.Pi / 180),
	})
}

// maxError estimates the largest distance between the planar edge pa-pb
// and the geodesic a-b.
func (d *densifier) maxError(pa r2.Point, a s2.Point, pb r2.Point, b s2.Point) s1.ChordAngle {
	// Edges longer than 90 degrees are always split.
	if a.Dot(b.Vector) < -1e-14 {
		return s1.InfChordAngle()
	}
	t1, t2 := tessFraction, 1-tessFraction
	m1 := s2.Interpolate(t1, a, b)
	m2 := s2.Interpolate(t2, a, b)
	p1 := unprojectDeg(pa.Mul(1 - t1).Add(pb.Mul(t1)))
	p2 := unprojectDeg(pa.Mul(1 - t2).Add(pb.Mul(t2)))
	return max(s2.ChordAngleBetweenPoints(m1, p1), s2.ChordAngleBetweenPoints(m2, p2))
}

// edge appends the points after pa of the chain replacing pa-pb.
func (d *densifier) edge(dst [][2]float64, pa r2.Point, a s2.Point, pb r2.Point, b s2.Point, last [2]float64) [][2]float64 {
	if d.overflow {
		return dst
	}
	if d.maxError(pa, a, pb, b) <= d.tol {
		d.points++
		if d.points > maxDensifyPoints {
			d.overflow = true
		}
		return append(dst, last)
	}
	pm := pa.Mul(0.5).Add(pb.Mul(0.5))
	m := unprojectDeg(pm)
	dst = d.edge(dst, pa, a, pm, m, [2]float64{normLng(pm.X), pm.Y})
	return d.edge(dst, pm, m, pb, b, last)
}

// normLng maps a longitude of a wrapped edge back to [-180, 180].
func normLng(x float64) float64 {
	if x > 180 || x < -180 {
		return math.Remainder(x, 360)
	}
	return x
}

// chain densifies a chain of positions; the given positions are kept
// exactly.
func (d *densifier) chain(ps []lngLat) [][2]float64 {
	out := make([][2]float64, 0, len(ps))
	out = append(out, [2]float64(ps[0]))
	d.points++
	for i := 1; i < len(ps) && !d.overflow; i++ {
		pa := r2.Point{X: ps[i-1][0], Y: ps[i-1][1]}
		pb := r2.Point{X: ps[i][0], Y: ps[i][1]}
		if d.wrap {
			if dx := pb.X - pa.X; dx > 180 {
				pb.X -= 360
			} else if dx < -180 {
				pb.X += 360
			}
		}
		out = d.edge(out, pa, unprojectDeg(pa), pb, unprojectDeg(pb), [2]float64(ps[i]))
	}
	return out
}

// densifyArgs reads the tolerance and preserve_crossing of row i.
func densifyArgs(args []*column.Vector, i int) (*densifier, bool) {
	tol := defaultDensifyTolerance
	if len(args) > 1 {
		t, ok := functions.RealAt(args[1], i)
		if !ok {
			return nil, false
		}
		tol = t
	}
	if !(tol >= minDensifyTolerance && tol <= maxDensifyTolerance) {
		return nil, false
	}
	wrap := false
	if len(args) > 2 {
		if args[2].IsNull(i) {
			return nil, false
		}
		wrap = args[2].Bool(i)
	}
	return newDensifier(tol, wrap), true
}

func evalLineDensify(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return rowsToDyn(args, n, func(i int) any {
		d, ok := densifyArgs(args, i)
		if !ok {
			return nil
		}
		shape := args[0].Dyn(i)
		ls, ok := c.get(shape)
		if !ok {
			return nil
		}
		t, _, _ := geoType(shape)
		out := make([]any, len(ls))
		for k, l := range ls {
			out[k] = coordsJSON(d.chain(l.coords))
		}
		if d.overflow {
			return nil
		}
		if t == "LineString" {
			return geoJSON(t, out[0])
		}
		return geoJSON(t, out)
	}), nil
}

func evalPolygonDensify(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return rowsToDyn(args, n, func(i int) any {
		d, ok := densifyArgs(args, i)
		if !ok {
			return nil
		}
		shape := args[0].Dyn(i)
		ps, ok := c.get(shape)
		if !ok {
			return nil
		}
		t, _, _ := geoType(shape)
		out := make([]any, len(ps))
		for k, p := range ps {
			rings := make([]any, len(p.rings))
			for r, ring := range p.rings {
				rings[r] = coordsJSON(d.chain(ring))
			}
			out[k] = rings
		}
		if d.overflow {
			return nil
		}
		if t == "Polygon" {
			return geoJSON(t, out[0])
		}
		return geoJSON(t, out)
	}), nil
}

// geoJSON is a GeoJSON geometry of a type and coordinates.
func geoJSON(t string, coords any) *value.Bag {
	b := value.NewBag(2)
	b.Set("type", t)
	b.Set("coordinates", coords)
	return b
}
