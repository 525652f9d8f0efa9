package geo

import (
	"sort"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/kql/value"
)

// Conversions between parsed GeoJSON polygons, regions and GeoJSON output,
// and the union of many polygons.

// polygonRegion is the region of one parsed polygon: its shell made
// counterclockwise and its holes clockwise, each starting where S2 would
// (a ring given the other way round is reversed whole).
func polygonRegion(p polygon) region {
	r := make(region, len(p.rings))
	for i, rg := range p.rings {
		pts := toPoints(rg[:len(rg)-1])
		if !s2.LoopFromPoints(append([]s2.Point(nil), pts...)).IsNormalized() {
			reversePoints(pts)
		}
		if i > 0 {
			reversePoints(pts)
		}
		r[i] = pts
	}
	return r
}

func reversePoints(p []s2.Point) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}

// unionPair is the union of two regions.
func unionPair(a, b region) region {
	return toRegion(nestLoops(overlay(a, b, opUnion).loops))
}

// unionRegions unions regions the way S2Polygon::DestructiveUnion does:
// repeatedly the two with the fewest vertices (first come first on ties),
// the union counted as the sum of their vertices.
func unionRegions(rs []region) region {
	type item struct {
		n, seq int
		r      region
	}
	q := make([]item, len(rs))
	for i, r := range rs {
		q[i] = item{r.numVertices(), i, r}
	}
	seq := len(rs)
	less := func(i, j int) bool {
		if q[i].n != q[j].n {
			return q[i].n < q[j].n
		}
		return q[i].seq < q[j].seq
	}
	for len(q) > 1 {
		sort.SliceStable(q, less)
		a, b := q[0], q[1]
		q = append(q[:0:0], q[2:]...)
		q = append(q, item{a.n + b.n, seq, unionPair(a.r, b.r)})
		seq++
	}
	if len(q) == 0 {
		return nil
	}
	return q[0].r
}

// polygonsUnion is the region covered by the members of a parsed
// multipolygon (a single polygon as given).
func polygonsUnion(ps []polygon) region {
	rs := make([]region, len(ps))
	for i, p := range ps {
		rs[i] = polygonRegion(p)
	}
	if len(rs) == 1 {
		return rs[0]
	}
	return unionRegions(rs)
}

// ringJSON is a closed GeoJSON ring.
func ringJSON(r ring) []any {
	out := make([]any, 0, len(r)+1)
	for _, p := range r {
		lng, lat := lngLatOf(p)
		out = append(out, []any{lng, lat})
	}
	return append(out, out[0])
}

func chainJSON(pts []s2.Point) []any {
	out := make([]any, len(pts))
	for i, p := range pts {
		lng, lat := lngLatOf(p)
		out[i] = []any{lng, lat}
	}
	return out
}

func geometry(typ string, coords any) *value.Bag {
	b := value.NewBag(2)
	b.Set("type", typ)
	b.Set("coordinates", coords)
	return b
}

// polygonsJSON is a Polygon for one polygon, a MultiPolygon for several,
// nil for none.
func polygonsJSON(polys [][]ring) *value.Bag {
	ps := make([]any, len(polys))
	for i, p := range polys {
		rings := make([]any, len(p))
		for k, r := range p {
			rings[k] = ringJSON(r)
		}
		ps[i] = rings
	}
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return geometry("Polygon", ps[0])
	}
	return geometry("MultiPolygon", ps)
}

// linesJSON is a LineString or MultiLineString, nil for none.
func linesJSON(lines [][]s2.Point) *value.Bag {
	switch len(lines) {
	case 0:
		return nil
	case 1:
		return geometry("LineString", chainJSON(lines[0]))
	}
	ls := make([]any, len(lines))
	for i, l := range lines {
		ls[i] = chainJSON(l)
	}
	return geometry("MultiLineString", ls)
}

// pointsJSON is a Point or MultiPoint, nil for none.
func pointsJSON(pts []s2.Point) *value.Bag {
	switch len(pts) {
	case 0:
		return nil
	case 1:
		lng, lat := lngLatOf(pts[0])
		return geometry("Point", []any{lng, lat})
	}
	return geometry("MultiPoint", chainJSON(pts))
}

// collectionJSON combines the parts of a result: the one non-empty part
// alone, several in a GeometryCollection (points, lines, polygons), and
// an empty GeometryCollection for nothing.
func collectionJSON(parts ...*value.Bag) *value.Bag {
	var gs []any
	for _, p := range parts {
		if p != nil {
			gs = append(gs, p)
		}
	}
	if len(gs) == 1 {
		return gs[0].(*value.Bag)
	}
	b := value.NewBag(2)
	b.Set("type", "GeometryCollection")
	if gs == nil {
		gs = []any{}
	}
	b.Set("geometries", gs)
	return b
}
