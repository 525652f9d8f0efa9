package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions/geo"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// geoLookupOp is evaluate geo_polygon_lookup: a join of each input row
// with every lookup row whose polygon holds the row's coordinate. The
// lookup table is read once and its polygons parsed once; then the input
// streams, each coordinate tested against the polygons' bounds first.
type geoLookupOp struct {
	lookupStream
	n   *plan.GeoPolygonLookup
	set *geo.PolygonSet
}

func (rt *engine) compileGeoPolygonLookup(n *plan.GeoPolygonLookup) (operator, error) {
	ls, err := rt.compileLookup(n.Input, n.Lookup, n.OutCols, "geo_polygon_lookup", func(in, look int) bool {
		return n.Lng >= 0 && n.Lng < in && n.Lat >= 0 && n.Lat < in && n.PolygonKey >= 0 && n.PolygonKey < look
	})
	if err != nil {
		return nil, err
	}
	return &geoLookupOp{lookupStream: ls, n: n}, nil
}

func (o *geoLookupOp) schema() types.Schema { return o.n.Out }

func (o *geoLookupOp) build() error {
	look, held, err := o.rt.drainConcat(o.lookOp, "indexing the geo_polygon_lookup table")
	if err != nil {
		return err
	}
	o.look, o.held = look, held
	keys := look.Cols[o.n.PolygonKey]
	shapes := make([]any, look.N)
	for i := range shapes {
		shapes[i] = keys.Dyn(i)
	}
	o.set = geo.NewPolygonSet(shapes, o.n.Radius)
	return nil
}

func (o *geoLookupOp) next() (*column.Batch, error) { return o.stream(o.build, o.probe) }

// probe joins one input batch with the lookup table.
func (o *geoLookupOp) probe(b *column.Batch) (*column.Batch, error) {
	lng, err := asType(b.Cols[o.n.Lng], types.Real)
	if err != nil {
		return nil, err
	}
	lat, err := asType(b.Cols[o.n.Lat], types.Real)
	if err != nil {
		return nil, err
	}
	var pidx, bidx, hits []int32
	for i := 0; i < b.N; i++ {
		hits = hits[:0]
		if !lng.IsNull(i) && !lat.IsNull(i) {
			hits = o.set.Match(lng.Real(i), lat.Real(i), hits)
		}
		for _, j := range hits {
			pidx, bidx = append(pidx, int32(i)), append(bidx, j)
		}
		if len(hits) == 0 && o.n.ReturnUnmatched {
			pidx, bidx = append(pidx, int32(i)), append(bidx, -1)
		}
	}
	cols := make([]*column.Vector, len(o.n.OutCols))
	for k, c := range o.n.OutCols {
		if c.Right {
			cols[k] = column.Take(o.look.Cols[c.Index], bidx)
		} else {
			cols[k] = column.Take(b.Cols[c.Index], pidx)
		}
		v, err := asType(cols[k], o.n.Out[k].Type)
		if err != nil {
			return nil, err
		}
		cols[k] = v
	}
	return &column.Batch{Cols: cols, N: len(pidx)}, nil
}
