package semantic

import (
	"math"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// geoLookupParams are geo_polygon_lookup's arguments after the four
// required ones, in positional order.
var geoLookupParams = []string{"radius", "return_unmatched", "lookup_area_radius", "return_lookup_key"}

// geoPolygonLookup binds geo_polygon_lookup(LookupTable, LookupPolygonKey,
// SourceLongitude, SourceLatitude [, radius] [, return_unmatched]
// [, lookup_area_radius] [, return_lookup_key]). The optional arguments
// are constants, by position or by name. Like lookup, the output is the
// input's columns then the lookup table's, clashing names suffixed 1,
// 2, ...; the polygon column only with return_lookup_key = true.
func (b *binder) geoPolygonLookup(call *syntax.Call, in plan.Node, sc *scope) plan.Node {
	if in == nil {
		b.errorf(call.Pos(), "KS205", "geo_polygon_lookup needs an input table.")
		return nil
	}
	var pos []syntax.Expr
	named := map[string]syntax.Expr{}
	for _, a := range call.Args {
		if ne, ok := a.(*syntax.NamedExpr); ok && len(ne.Names) == 1 {
			k := lowerName(ne.Names[0].Name)
			known := false
			for _, p := range geoLookupParams {
				known = known || p == k
			}
			if !known {
				b.errorf(a.Pos(), "KS107", "geo_polygon_lookup has no parameter '%s'.", ne.Names[0].Name)
				return nil
			}
			named[k] = ne.X
			continue
		}
		pos = append(pos, a)
	}
	if len(pos) < 4 || len(pos) > 4+len(geoLookupParams) {
		b.errorf(call.Pos(), "KS119", "The plugin 'geo_polygon_lookup' expects a lookup table, its polygon column, the input's longitude and latitude columns, then optionally radius, return_unmatched, lookup_area_radius and return_lookup_key.")
		return nil
	}
	for i, x := range pos[4:] {
		named[geoLookupParams[i]] = x
	}
	n := &plan.GeoPolygonLookup{Input: in}
	if n.Lookup = b.tabular(pos[0], sc, nil); n.Lookup == nil {
		return nil
	}
	inS, lookS := in.Schema(), n.Lookup.Schema()
	var ok bool
	if n.PolygonKey, ok = b.columnArg(pos[1], lookS); !ok {
		return nil
	}
	if lookS[n.PolygonKey].Type != types.Dynamic {
		b.errorf(pos[1].Pos(), "KS107", "The polygon column '%s' must be dynamic (GeoJSON), not %s.", lookS[n.PolygonKey].Name, lookS[n.PolygonKey].Type)
		return nil
	}
	for k, x := range pos[2:4] {
		c, ok := b.columnArg(x, inS)
		if !ok {
			return nil
		}
		if !inS[c].Type.IsNumeric() {
			b.errorf(x.Pos(), "KS107", "The column '%s' must be a number (degrees), not %s.", inS[c].Name, inS[c].Type)
			return nil
		}
		if k == 0 {
			n.Lng = c
		} else {
			n.Lat = c
		}
	}
	if x, has := named["radius"]; has {
		if n.Radius, ok = b.geoLookupMeters(x, sc, "radius"); !ok {
			return nil
		}
	}
	if x, has := named["lookup_area_radius"]; has {
		// A hint for Kusto's indexing of the polygons; it does not change
		// which rows match.
		if _, ok = b.geoLookupMeters(x, sc, "lookup_area_radius"); !ok {
			return nil
		}
	}
	if x, has := named["return_unmatched"]; has {
		if n.ReturnUnmatched, ok = b.constBool(x, sc); !ok {
			b.errorf(x.Pos(), "KS107", "return_unmatched must be a constant bool.")
			return nil
		}
	}
	keepKey := false
	if x, has := named["return_lookup_key"]; has {
		if keepKey, ok = b.constBool(x, sc); !ok {
			b.errorf(x.Pos(), "KS107", "return_lookup_key must be a constant bool.")
			return nil
		}
	}
	drop := map[int]bool{}
	if !keepKey {
		drop[n.PolygonKey] = true
	}
	n.OutCols, n.Out = joinOutput(inS, lookS, drop)
	return n
}

// geoLookupMeters reads a constant, finite, non-negative distance in
// meters.
func (b *binder) geoLookupMeters(x syntax.Expr, sc *scope, name string) (float64, bool) {
	e := b.expr(x, sc, nil)
	v, _ := constValue(e)
	var f float64
	switch t := v.(type) {
	case int32:
		f = float64(t)
	case int64:
		f = float64(t)
	case float64:
		f = t
	default:
		if !isBad(e) {
			b.errorf(x.Pos(), "KS107", "%s must be a constant number of meters.", name)
		}
		return 0, false
	}
	if !(f >= 0) || math.IsInf(f, 1) {
		b.errorf(x.Pos(), "KS107", "%s must be a finite number of meters, at least 0.", name)
		return 0, false
	}
	return f, true
}
