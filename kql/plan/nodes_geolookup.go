package plan

import "github.com/quarryhunt/quarry/kql/types"

// GeoPolygonLookup is evaluate geo_polygon_lookup(Lookup, PolygonKey,
// Longitude, Latitude [, radius] [, return_unmatched]
// [, lookup_area_radius] [, return_lookup_key]): each input row is
// matched with the Lookup rows whose PolygonKey (a GeoJSON polygon or
// multipolygon) contains the input's coordinate, or lies within Radius
// meters of it. Rows without a match are dropped, or kept with nulls
// when ReturnUnmatched. OutCols maps each output column to its source (as
// in Join): the input's columns, then the lookup's (without PolygonKey
// unless ReturnLookupKey).
type GeoPolygonLookup struct {
	Input, Lookup   Node
	Lng, Lat        int // input columns (numbers)
	PolygonKey      int // lookup column (dynamic)
	Radius          float64
	ReturnUnmatched bool
	OutCols         []JoinOut
	Out             types.Schema
}

func (n *GeoPolygonLookup) Schema() types.Schema { return n.Out }
func (n *GeoPolygonLookup) Inputs() []Node       { return []Node{n.Input, n.Lookup} }

// Rebuild implements Rebuilder.
func (n *GeoPolygonLookup) Rebuild(in func(Node) Node, _ func(Expr) Expr) Node {
	c := *n
	c.Input, c.Lookup = in(n.Input), in(n.Lookup)
	return &c
}
