package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// PolygonSet is the lookup side of the geo_polygon_lookup plugin: the
// polygons of a lookup table's rows, matched against coordinates with the
// semantics of geo_point_in_polygon (and, with a radius, of
// geo_distance_point_to_polygon).
type PolygonSet struct {
	radius float64  // meters; 0: containment only
	slack  s1.Angle // the radius with room for rounding, to skip far bounds
	polys  []lookupPolygon
}

type lookupPolygon struct {
	row   int32
	ps    []polygon
	rect  s2.Rect // bound
	index *s2.ShapeIndex
}

// NewPolygonSet parses shapes[i] (a GeoJSON Polygon or MultiPolygon) for
// each lookup row i; rows holding no valid polygon never match.
func NewPolygonSet(shapes []any, radiusMeters float64) *PolygonSet {
	s := &PolygonSet{radius: radiusMeters, slack: s1.Angle(radiusMeters/earthRadius*1.001 + 1e-12)}
	var c polygonCache
	for i, v := range shapes {
		ps, ok := c.get(v)
		if !ok {
			continue
		}
		rb := s2.EmptyRect()
		for _, p := range ps {
			rb = rb.Union(p.s2.RectBound())
		}
		lp := lookupPolygon{row: int32(i), ps: ps, rect: rb}
		if radiusMeters > 0 {
			lp.index = s2.NewShapeIndex()
			for _, p := range ps {
				lp.index.Add(p.s2)
			}
		}
		s.polys = append(s.polys, lp)
	}
	return s
}

// Match appends to dst the lookup rows, in order, whose polygons contain
// the coordinate (or are within the radius of it); an invalid coordinate
// matches none.
func (s *PolygonSet) Match(lng, lat float64, dst []int32) []int32 {
	if !validLngLat(lng, lat) {
		return dst
	}
	p := toPoint(lng, lat)
	ll := s2.LatLngFromPoint(p)
	for _, lp := range s.polys {
		if !lp.rect.ContainsLatLng(ll) && !(s.radius > 0 && lp.rect.DistanceToLatLng(ll) <= s.slack) {
			continue
		}
		if polygonsContain(lp.ps, p) {
			dst = append(dst, lp.row)
			continue
		}
		if s.radius > 0 {
			if d, ok := distanceTo(lp.index, p, false); ok && d <= s.radius {
				dst = append(dst, lp.row)
			}
		}
	}
	return dst
}
