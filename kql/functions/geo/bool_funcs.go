package geo

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Boolean operations on GeoJSON shapes: unions of arrays, intersections.

func init() {
	functions.Register(
		fn("geo_union_polygons_array",
			"geo_union_polygons_array(polygons: dynamic): dynamic",
			"The union of an array of polygons or multipolygons, as a GeoJSON polygon or multipolygon; null if any member is invalid.",
			types.Dynamic, []param{dynArr("polygons")}, evalUnionPolygonsArray),
		fn("geo_union_lines_array",
			"geo_union_lines_array(lines: dynamic): dynamic",
			"The union of an array of lines or multilines, as a GeoJSON line or multiline; null if any member is invalid.",
			types.Dynamic, []param{dynArr("lines")}, evalUnionLinesArray),
		fn("geo_intersection_2polygons",
			"geo_intersection_2polygons(polygon1: dynamic, polygon2: dynamic): dynamic",
			"The intersection of two polygons or multipolygons in GeoJSON (a polygon, line, point or collection; an empty collection if they are disjoint); null for invalid input.",
			types.Dynamic, []param{dyn("polygon1"), dyn("polygon2")}, evalIntersection2Polygons),
		fn("geo_intersection_line_with_polygon",
			"geo_intersection_line_with_polygon(lineString: dynamic, polygon: dynamic): dynamic",
			"The part of a line or multiline inside a polygon or multipolygon, in GeoJSON; an empty collection if they are disjoint; null for invalid input.",
			types.Dynamic, []param{dyn("lineString"), dyn("polygon")}, evalIntersectionLinePolygon),
		fn("geo_simplify_polygons_array",
			"geo_simplify_polygons_array(polygons: dynamic, [tolerance: real]): dynamic",
			"The union of an array of polygons, simplified so that no two vertices are closer than tolerance meters (default 10); null for invalid input or tolerance. Only tolerance 0 (no simplification) is supported.",
			types.Dynamic, []param{dynArr("polygons"), optNum("tolerance")}, evalSimplifyPolygonsArray),
	)
}

// dynRowsErr maps rows to a dynamic result (nil: null), computing a
// constant call once; an error stops the query.
func dynRowsErr(args []*column.Vector, n int, f func(i int) (any, error)) (*column.Vector, error) {
	if functions.AllConst(args) {
		r, err := f(0)
		if err != nil {
			return nil, err
		}
		return column.Const(types.Dynamic, r, n), nil
	}
	out := make([]any, n)
	for i := range out {
		r, err := f(i)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return functions.FillDyns(n, func(i int) any { return out[i] }), nil
}

// polygonArray reads an array of polygons and multipolygons, each as the
// region it covers.
func polygonArray(v any) ([]region, bool) {
	a, ok := v.([]any)
	if !ok {
		return nil, false
	}
	rs := make([]region, len(a))
	for i, x := range a {
		ps, ok := parsePolygons(x)
		if !ok {
			return nil, false
		}
		rs[i] = polygonsUnion(ps)
	}
	return rs, true
}

// unionArrayJSON is the GeoJSON union of an array of polygons; null for an
// empty array or an invalid member.
func unionArrayJSON(v any) any {
	rs, ok := polygonArray(v)
	if !ok || len(rs) == 0 {
		return nil
	}
	if r := polygonsJSON(nestLoops(unionRegions(rs))); r != nil {
		return r
	}
	return nil
}

func evalUnionPolygonsArray(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return rowsToDyn(args, n, func(i int) any { return unionArrayJSON(args[0].Dyn(i)) }), nil
}

func evalUnionLinesArray(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return rowsToDyn(args, n, func(i int) any {
		a, ok := args[0].Dyn(i).([]any)
		if !ok || len(a) == 0 {
			return nil
		}
		var all []polyline
		for _, x := range a {
			ls, ok := parseLines(x)
			if !ok {
				return nil
			}
			all = append(all, ls...)
		}
		if r := linesJSON(unionLines(all)); r != nil {
			return r
		}
		return nil
	}), nil
}

func evalIntersection2Polygons(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c1, c2 polygonCache
	return rowsToDyn(args, n, func(i int) any {
		p1, ok1 := c1.get(args[0].Dyn(i))
		p2, ok2 := c2.get(args[1].Dyn(i))
		if !ok1 || !ok2 {
			return nil
		}
		res := overlay(polygonsUnion(p1), polygonsUnion(p2), opIntersection)
		return collectionJSON(pointsJSON(res.points), linesJSON(res.lines), polygonsJSON(nestLoops(res.loops)))
	}), nil
}

func evalIntersectionLinePolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var lc lineCache
	var pc polygonCache
	return rowsToDyn(args, n, func(i int) any {
		ls, ok1 := lc.get(args[0].Dyn(i))
		ps, ok2 := pc.get(args[1].Dyn(i))
		if !ok1 || !ok2 {
			return nil
		}
		lines, pts := lineInPolygon(ls, polygonsUnion(ps))
		return collectionJSON(pointsJSON(pts), linesJSON(lines))
	}), nil
}

// maxTolerance is the largest simplification tolerance Kusto accepts, in
// meters (a quarter of the Earth's circumference, rounded as documented).
const maxTolerance = 7800000.0

func evalSimplifyPolygonsArray(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return dynRowsErr(args, n, func(i int) (any, error) {
		tol := 10.0
		if len(args) > 1 {
			t, ok := functions.RealAt(args[1], i)
			if !ok || !(t >= 0 && t <= maxTolerance) {
				return nil, nil
			}
			tol = t
		}
		rs, ok := polygonArray(args[0].Dyn(i))
		if !ok || len(rs) == 0 {
			return nil, nil
		}
		if tol != 0 {
			return nil, fmt.Errorf("geo_simplify_polygons_array: simplifying with a tolerance of %g meters is not supported (Kusto snaps vertices with S2Builder, which this engine does not reproduce); pass tolerance 0 to get the union without simplification", tol)
		}
		if r := polygonsJSON(nestLoops(unionRegions(rs))); r != nil {
			return r, nil
		}
		return nil, nil
	})
}
