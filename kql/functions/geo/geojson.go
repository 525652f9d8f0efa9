package geo

import (
	"strconv"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/kql/value"
)

// GeoJSON input: Kusto reads lines and polygons from dynamic values in
// GeoJSON form ({"type": "LineString", "coordinates": [[lng, lat], ...]})
// and gives null for anything malformed or outside its constraints.

// lngLat is one [longitude, latitude] position, in degrees.
type lngLat [2]float64

// geoType returns the "type" of a GeoJSON object and the object.
func geoType(v any) (string, *value.Bag, bool) {
	b, ok := v.(*value.Bag)
	if !ok || b == nil {
		return "", nil, false
	}
	t, ok := b.Get("type")
	if !ok {
		return "", nil, false
	}
	s, ok := t.(string)
	return s, b, ok
}

// coordinates returns the "coordinates" member of a GeoJSON object.
func coordinates(b *value.Bag) ([]any, bool) {
	c, ok := b.Get("coordinates")
	if !ok {
		return nil, false
	}
	a, ok := c.([]any)
	return a, ok
}

// number reads a JSON number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case value.Decimal:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil
	}
	return 0, false
}

// position reads a valid [lng, lat] pair.
func position(v any) (lngLat, bool) {
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return lngLat{}, false
	}
	lng, ok1 := number(a[0])
	lat, ok2 := number(a[1])
	if !ok1 || !ok2 || !validLngLat(lng, lat) {
		return lngLat{}, false
	}
	return lngLat{lng, lat}, true
}

// positions reads an array of positions.
func positions(v any) ([]lngLat, bool) {
	a, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]lngLat, len(a))
	for i, p := range a {
		if out[i], ok = position(p); !ok {
			return nil, false
		}
	}
	return out, true
}

func toPoints(ps []lngLat) []s2.Point {
	out := make([]s2.Point, len(ps))
	for i, p := range ps {
		out[i] = toPoint(p[0], p[1])
	}
	return out
}

// polyline is one validated line: its positions and their points.
type polyline struct {
	coords []lngLat
	pts    s2.Polyline
}

// parseLine reads the positions of one LineString: at least two, with
// no edge between equal or antipodal vertices.
func parseLine(v any) (polyline, bool) {
	ps, ok := positions(v)
	if !ok || len(ps) < 2 {
		return polyline{}, false
	}
	pts := toPoints(ps)
	for i := 1; i < len(pts); i++ {
		if badEdge(ps[i-1], ps[i], pts[i-1], pts[i]) {
			return polyline{}, false
		}
	}
	return polyline{coords: ps, pts: s2.Polyline(pts)}, true
}

// badEdge reports an edge Kusto refuses: between equal vertices, or of
// 180 degrees (antipodal vertices, whose geodesic is not unique).
func badEdge(a, b lngLat, p, q s2.Point) bool {
	return p == q || p.Vector == q.Mul(-1) || antipodal(a[0], a[1], b[0], b[1])
}

// parseLines reads a LineString or a MultiLineString.
func parseLines(v any) ([]polyline, bool) {
	t, b, ok := geoType(v)
	if !ok {
		return nil, false
	}
	c, ok := coordinates(b)
	if !ok {
		return nil, false
	}
	switch t {
	case "LineString":
		l, ok := parseLine(c)
		if !ok {
			return nil, false
		}
		return []polyline{l}, true
	case "MultiLineString":
		if len(c) == 0 {
			return nil, false
		}
		out := make([]polyline, len(c))
		for i, x := range c {
			if out[i], ok = parseLine(x); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// polygon is one validated polygon: its rings as given (closed) and the
// S2 polygon built from them.
type polygon struct {
	rings [][]lngLat
	s2    *s2.Polygon
}

// parsePolygons reads a Polygon or a MultiPolygon.
func parsePolygons(v any) ([]polygon, bool) {
	t, b, ok := geoType(v)
	if !ok {
		return nil, false
	}
	c, ok := coordinates(b)
	if !ok {
		return nil, false
	}
	switch t {
	case "Polygon":
		p, ok := parsePolygon(c)
		if !ok {
			return nil, false
		}
		return []polygon{p}, true
	case "MultiPolygon":
		if len(c) == 0 {
			return nil, false
		}
		out := make([]polygon, len(c))
		for i, x := range c {
			if out[i], ok = parsePolygon(x); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// parsePolygon reads the rings of one polygon: each closed, of at least
// three distinct vertices, not crossing itself or another ring. Each ring
// is taken as the smaller of the two regions it bounds.
func parsePolygon(v any) (polygon, bool) {
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		return polygon{}, false
	}
	p := polygon{rings: make([][]lngLat, len(a))}
	loops := make([]*s2.Loop, len(a))
	for i, r := range a {
		ring, ok := positions(r)
		if !ok || len(ring) < 4 || ring[0] != ring[len(ring)-1] {
			return polygon{}, false
		}
		pts := toPoints(ring[:len(ring)-1])
		for k := range pts {
			k1 := (k + 1) % len(pts)
			if badEdge(ring[k], ring[k1], pts[k], pts[k1]) {
				return polygon{}, false
			}
		}
		l := s2.LoopFromPoints(pts)
		l.Normalize()
		p.rings[i], loops[i] = ring, l
	}
	if !loopsValid(loops) {
		return polygon{}, false
	}
	p.s2 = s2.PolygonFromLoops(loops)
	return p, true
}

// loopsValid checks that no loop crosses itself or another loop, that no
// vertex repeats within a loop and that no two loops share an edge or
// cross at a shared vertex.
func loopsValid(loops []*s2.Loop) bool {
	index := s2.NewShapeIndex()
	for _, l := range loops {
		index.Add(l)
	}
	q := s2.NewCrossingEdgeQuery(index)
	for i, li := range loops {
		n := li.NumVertices()
		for e := 0; e < n; e++ {
			a, b := li.Vertex(e), li.Vertex(e+1)
			for j := i; j < len(loops); j++ {
				lj := loops[j]
				for _, f := range q.Crossings(a, b, lj, s2.CrossingTypeAll) {
					if j == i {
						if f == e || f == (e+1)%n || f == (e+n-1)%n {
							continue // adjacent edges share a vertex
						}
						return false
					}
					c, d := lj.Vertex(f), lj.Vertex(f+1)
					if s2.CrossingSign(a, b, c, d) == s2.Cross {
						return false
					}
					if (a == c && b == d) || (a == d && b == c) {
						return false // shared edge
					}
					if !sharedVertexOK(li, e, lj, f) {
						return false
					}
				}
			}
		}
	}
	return true
}

// sharedVertexOK checks two edges of different loops that share a vertex:
// the loops may touch there but not cross.
func sharedVertexOK(li *s2.Loop, e int, lj *s2.Loop, f int) bool {
	// Find the shared vertex as index k of li and m of lj.
	var k, m int
	switch {
	case li.Vertex(e) == lj.Vertex(f):
		k, m = e, f
	case li.Vertex(e) == lj.Vertex(f+1):
		k, m = e, f+1
	case li.Vertex(e+1) == lj.Vertex(f):
		k, m = e+1, f
	case li.Vertex(e+1) == lj.Vertex(f+1):
		k, m = e+1, f+1
	default:
		return true // touching by symbolic perturbation only
	}
	a0, ab1, a2 := li.Vertex(k-1+li.NumVertices()), li.Vertex(k), li.Vertex(k+1)
	b0, b2 := lj.Vertex(m-1+lj.NumVertices()), lj.Vertex(m+1)
	return s2.WedgeRelation(a0, ab1, a2, b0, b2) != s2.WedgeProperlyOverlaps
}

// polygonsContain reports whether any polygon contains the point.
func polygonsContain(ps []polygon, p s2.Point) bool {
	for _, x := range ps {
		if x.s2.ContainsPoint(p) {
			return true
		}
	}
	return false
}

// radiansToMeters converts an angle on the sphere to meters.
func radiansToMeters(r float64) float64 { return r * earthRadius }
