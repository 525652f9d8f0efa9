package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Functions of a coordinate and a line or polygon.

func init() {
	functions.Register(
		fn("geo_point_in_polygon",
			"geo_point_in_polygon(longitude: real, latitude: real, polygon: dynamic): bool",
			"Whether a coordinate is inside a GeoJSON Polygon or MultiPolygon (geodesic edges); null for an invalid coordinate or polygon.",
			types.Bool, []param{num("longitude"), num("latitude"), dyn("polygon")}, evalPointInPolygon),
		fn("geo_distance_point_to_polygon",
			"geo_distance_point_to_polygon(longitude: real, latitude: real, polygon: dynamic): real",
			"The shortest distance in meters from a coordinate to a polygon or multipolygon (0 inside it); null for invalid input.",
			types.Real, []param{num("longitude"), num("latitude"), dyn("polygon")}, evalDistanceToPolygon),
		fn("geo_distance_point_to_line",
			"geo_distance_point_to_line(longitude: real, latitude: real, lineString: dynamic): real",
			"The shortest distance in meters from a coordinate to a line or multiline; null for invalid input.",
			types.Real, []param{num("longitude"), num("latitude"), dyn("lineString")}, evalDistanceToLine),
		fn("geo_closest_point_on_polygon",
			"geo_closest_point_on_polygon(longitude: real, latitude: real, polygon: dynamic): dynamic",
			"The GeoJSON point of a polygon or multipolygon closest to a coordinate (the coordinate itself when inside); null for invalid input.",
			types.Dynamic, []param{num("longitude"), num("latitude"), dyn("polygon")}, evalClosestOnPolygon),
		fn("geo_closest_point_on_line",
			"geo_closest_point_on_line(longitude: real, latitude: real, lineString: dynamic): dynamic",
			"The GeoJSON point of a line or multiline closest to a coordinate; null for invalid input.",
			types.Dynamic, []param{num("longitude"), num("latitude"), dyn("lineString")}, evalClosestOnLine),
	)
}

// pointArgs reads the coordinate of row i; false for a null or invalid one.
func pointArgs(args []*column.Vector, i int) (lng, lat float64, ok bool) {
	lng, ok1 := functions.RealAt(args[0], i)
	lat, ok2 := functions.RealAt(args[1], i)
	return lng, lat, ok1 && ok2 && validLngLat(lng, lat)
}

// pointShapeReal maps (coordinate, shape) rows to a real.
func pointShapeReal(args []*column.Vector, n int, f func(lng, lat float64, shape any) (float64, bool)) *column.Vector {
	rows := n
	if functions.AllConst(args) {
		rows = 1
	}
	out := make([]float64, rows)
	var nulls column.Bitmap
	for i := 0; i < rows; i++ {
		lng, lat, ok := pointArgs(args, i)
		if ok {
			out[i], ok = f(lng, lat, args[2].Dyn(i))
		}
		if !ok {
			functions.SetNull(&nulls, rows, i)
		}
	}
	if rows == 1 && n != 1 {
		if nulls != nil {
			return functions.NullConst(types.Real, n)
		}
		return column.Const(types.Real, out[0], n)
	}
	return column.FromReals(types.Real, out, nulls)
}

// pointShapeBool maps (coordinate, shape) rows to a bool.
func pointShapeBool(args []*column.Vector, n int, f func(lng, lat float64, shape any) (bool, bool)) *column.Vector {
	rows := n
	if functions.AllConst(args) {
		rows = 1
	}
	out := make([]bool, rows)
	var nulls column.Bitmap
	for i := 0; i < rows; i++ {
		lng, lat, ok := pointArgs(args, i)
		if ok {
			out[i], ok = f(lng, lat, args[2].Dyn(i))
		}
		if !ok {
			functions.SetNull(&nulls, rows, i)
		}
	}
	if rows == 1 && n != 1 {
		if nulls != nil {
			return functions.NullConst(types.Bool, n)
		}
		return column.Const(types.Bool, out[0], n)
	}
	return column.FromBools(out, nulls)
}

// pointShapeDyn maps (coordinate, shape) rows to a dynamic value.
func pointShapeDyn(args []*column.Vector, n int, f func(lng, lat float64, shape any) any) *column.Vector {
	return rowsToDyn(args, n, func(i int) any {
		lng, lat, ok := pointArgs(args, i)
		if !ok {
			return nil
		}
		return f(lng, lat, args[2].Dyn(i))
	})
}

func evalPointInPolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return pointShapeBool(args, n, func(lng, lat float64, shape any) (bool, bool) {
		ps, ok := c.get(shape)
		if !ok {
			return false, false
		}
		return polygonsContain(ps, toPoint(lng, lat)), true
	}), nil
}

// closestEdge finds the edge of an index closest to p (the query counts
// polygon interiors when interiors is set: distance 0 inside).
func closestEdge(index *s2.ShapeIndex, p s2.Point, interiors bool) (s2.EdgeQueryResult, bool) {
	opts := s2.NewClosestEdgeQueryOptions().MaxResults(1).IncludeInteriors(interiors)
	q := s2.NewClosestEdgeQuery(index, opts)
	res := q.FindEdges(s2.NewMinDistanceToPointTarget(p))
	if len(res) == 0 {
		return s2.EdgeQueryResult{}, false
	}
	return res[0], true
}

// distanceTo is the distance in meters from p to the closest edge.
func distanceTo(index *s2.ShapeIndex, p s2.Point, interiors bool) (float64, bool) {
	r, ok := closestEdge(index, p, interiors)
	if !ok {
		return 0, false
	}
	return radiansToMeters(r.Distance().Angle().Radians()), true
}

// projectOnto returns the point of the closest edge of index nearest p.
func projectOnto(index *s2.ShapeIndex, p s2.Point) (s2.Point, bool) {
	r, ok := closestEdge(index, p, false)
	if !ok || r.IsInterior() {
		return s2.Point{}, false
	}
	e := index.Shape(r.ShapeID()).Edge(int(r.EdgeID()))
	return s2.Project(p, e.V0, e.V1), true
}

func evalDistanceToPolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return pointShapeReal(args, n, func(lng, lat float64, shape any) (float64, bool) {
		ps, ok := c.get(shape)
		if !ok {
			return 0, false
		}
		p := toPoint(lng, lat)
		if polygonsContain(ps, p) {
			return 0, true
		}
		return distanceTo(c.shapeIndex(), p, false)
	}), nil
}

func evalDistanceToLine(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return pointShapeReal(args, n, func(lng, lat float64, shape any) (float64, bool) {
		if _, ok := c.get(shape); !ok {
			return 0, false
		}
		return distanceTo(c.shapeIndex(), toPoint(lng, lat), false)
	}), nil
}

func evalClosestOnPolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return pointShapeDyn(args, n, func(lng, lat float64, shape any) any {
		ps, ok := c.get(shape)
		if !ok {
			return nil
		}
		p := toPoint(lng, lat)
		if polygonsContain(ps, p) {
			return pointJSON(lng, lat)
		}
		q, ok := projectOnto(c.shapeIndex(), p)
		if !ok {
			return nil
		}
		return pointJSON(lngLatOf(q))
	}), nil
}

func evalClosestOnLine(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return pointShapeDyn(args, n, func(lng, lat float64, shape any) any {
		if _, ok := c.get(shape); !ok {
			return nil
		}
		q, ok := projectOnto(c.shapeIndex(), toPoint(lng, lat))
		if !ok {
			return nil
		}
		return pointJSON(lngLatOf(q))
	}), nil
}

var _ s1.Angle
