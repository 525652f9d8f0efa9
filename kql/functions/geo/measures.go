package geo

import (
	"github.com/golang/geo/r3"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Measures of one line or polygon argument.

func init() {
	functions.Register(
		fn("geo_line_length",
			"geo_line_length(lineString: dynamic): real",
			"The total length in meters of a line or multiline (geodesic edges); null for an invalid line.",
			types.Real, []param{dyn("lineString")}, evalLineLength),
		fn("geo_line_centroid",
			"geo_line_centroid(lineString: dynamic): dynamic",
			"The centroid of a line or multiline as a GeoJSON point; null for an invalid line.",
			types.Dynamic, []param{dyn("lineString")}, evalLineCentroid),
		fn("geo_polygon_area",
			"geo_polygon_area(polygon: dynamic): real",
			"The area in square meters of a polygon or multipolygon (geodesic edges); null for an invalid polygon.",
			types.Real, []param{dyn("polygon")}, evalPolygonArea),
		fn("geo_polygon_perimeter",
			"geo_polygon_perimeter(polygon: dynamic): real",
			"The length in meters of the boundary of a polygon or multipolygon; null for an invalid polygon.",
			types.Real, []param{dyn("polygon")}, evalPolygonPerimeter),
		fn("geo_polygon_centroid",
			"geo_polygon_centroid(polygon: dynamic): dynamic",
			"The centroid of a polygon or multipolygon as a GeoJSON point; null for an invalid polygon.",
			types.Dynamic, []param{dyn("polygon")}, evalPolygonCentroid),
		fn("geo_line_interpolate_point",
			"geo_line_interpolate_point(lineString: dynamic, fraction: real): dynamic",
			"The GeoJSON point at a fraction (0..1) of a line's length from its start; null for an invalid line or fraction.",
			types.Dynamic, []param{dyn("lineString"), num("fraction")}, evalLineInterpolate),
		fn("geo_line_locate_point",
			"geo_line_locate_point(lineString: dynamic, longitude: real, latitude: real, [use_spheroid: bool]): real",
			"The fraction (0..1) of a line's length from its start to the point of the line closest to a coordinate; null for invalid input. use_spheroid=true is not supported.",
			types.Real, []param{dyn("lineString"), num("longitude"), num("latitude"), optBool("use_spheroid")}, evalLineLocate),
	)
}

// shapeRows maps rows of one dynamic shape argument to a boxed result of
// type t; the error stops the query (for inputs that cannot be measured
// exactly).
func shapeRows(t types.Type, v *column.Vector, n int, f func(shape any) (any, error)) (*column.Vector, error) {
	if v.IsConst() {
		r, err := f(v.Dyn(0))
		if err != nil {
			return nil, err
		}
		return functions.ConstOf(t, r, n), nil
	}
	b := functions.NewBuilder(t, n)
	for i := 0; i < n; i++ {
		r, err := f(v.Dyn(i))
		if err != nil {
			return nil, err
		}
		b.AppendValue(r)
	}
	return b.Build(), nil
}

func linesLength(ls []polyline) float64 {
	total := 0.0
	for _, l := range ls {
		total += l.pts.Length().Radians()
	}
	return radiansToMeters(total)
}

func evalLineLength(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return shapeRows(types.Real, args[0], n, func(shape any) (any, error) {
		ls, ok := c.get(shape)
		if !ok {
			return nil, nil
		}
		if linesOverlap(ls) {
			return nil, errOverlap("geo_line_length", "lines")
		}
		return linesLength(ls), nil
	})
}

// centroidJSON normalizes a centroid vector into a GeoJSON point; a zero
// vector (a shape symmetric about the Earth's center) has none.
func centroidJSON(v r3.Vector) any {
	if v.Norm2() == 0 {
		return nil
	}
	return pointJSON(lngLatOf(s2.Point{Vector: v.Normalize()}))
}

func evalLineCentroid(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return shapeRows(types.Dynamic, args[0], n, func(shape any) (any, error) {
		ls, ok := c.get(shape)
		if !ok {
			return nil, nil
		}
		if linesOverlap(ls) {
			return nil, errOverlap("geo_line_centroid", "lines")
		}
		var sum r3.Vector
		for _, l := range ls {
			sum = sum.Add(l.pts.Centroid().Vector)
		}
		return centroidJSON(sum), nil
	})
}

func evalPolygonArea(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return shapeRows(types.Real, args[0], n, func(shape any) (any, error) {
		ps, ok := c.get(shape)
		if !ok {
			return nil, nil
		}
		if polygonsOverlap(ps) {
			return unionArea(ps), nil
		}
		total := 0.0
		for _, p := range ps {
			total += p.s2.Area()
		}
		return total * earthRadius * earthRadius, nil
	})
}

func evalPolygonPerimeter(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return shapeRows(types.Real, args[0], n, func(shape any) (any, error) {
		ps, ok := c.get(shape)
		if !ok {
			return nil, nil
		}
		if polygonsOverlap(ps) || boundariesOverlap(ps) {
			return unionPerimeter(ps), nil
		}
		total := 0.0
		for _, p := range ps {
			for _, l := range p.s2.Loops() {
				vs := l.Vertices()
				for k := range vs {
					total += vs[k].Distance(vs[(k+1)%len(vs)]).Radians()
				}
			}
		}
		return radiansToMeters(total), nil
	})
}

func evalPolygonCentroid(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	return shapeRows(types.Dynamic, args[0], n, func(shape any) (any, error) {
		ps, ok := c.get(shape)
		if !ok {
			return nil, nil
		}
		if polygonsOverlap(ps) {
			return centroidJSON(unionCentroid(ps).Vector), nil
		}
		var sum r3.Vector
		for _, p := range ps {
			sum = sum.Add(p.s2.Centroid().Vector)
		}
		return centroidJSON(sum), nil
	})
}

// singleLine reads a LineString, or a MultiLineString of one line.
func singleLine(c *lineCache, shape any) (polyline, bool) {
	ls, ok := c.get(shape)
	if !ok || len(ls) != 1 {
		return polyline{}, false
	}
	return ls[0], true
}

func evalLineInterpolate(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	return rowsToDyn(args, n, func(i int) any {
		f, ok := functions.RealAt(args[1], i)
		if !ok || !(f >= 0 && f <= 1) {
			return nil
		}
		l, ok := singleLine(&c, args[0].Dyn(i))
		if !ok {
			return nil
		}
		p, _ := l.pts.Interpolate(f)
		return pointJSON(lngLatOf(p))
	}), nil
}

func evalLineLocate(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	if len(args) > 3 {
		if err := checkSphere("geo_line_locate_point", args[3], n); err != nil {
			return nil, err
		}
		args = args[:3]
	}
	var c lineCache
	return realsRowsDyn(args, n, func(i int) (float64, bool) {
		lng, ok1 := functions.RealAt(args[1], i)
		lat, ok2 := functions.RealAt(args[2], i)
		if !ok1 || !ok2 || !validLngLat(lng, lat) {
			return 0, false
		}
		l, ok := singleLine(&c, args[0].Dyn(i))
		if !ok {
			return 0, false
		}
		p, next := l.pts.Project(toPoint(lng, lat))
		return l.pts.Uninterpolate(p, next), true
	}), nil
}

// realsRowsDyn maps rows to a real (ok=false: null), computing a constant
// call once.
func realsRowsDyn(args []*column.Vector, n int, f func(i int) (float64, bool)) *column.Vector {
	if functions.AllConst(args) {
		r, ok := f(0)
		if !ok {
			return functions.NullConst(types.Real, n)
		}
		return column.Const(types.Real, r, n)
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := range out {
		r, ok := f(i)
		if !ok {
			functions.SetNull(&nulls, n, i)
			continue
		}
		out[i] = r
	}
	return column.FromReals(types.Real, out, nulls)
}
