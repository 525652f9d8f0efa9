package geo

import (
	"fmt"
	"sort"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_polygon_to_s2cells",
			"geo_polygon_to_s2cells(polygon: dynamic, [level: int], [radius: real]): dynamic",
			"The tokens of the S2 cells of one level (0..30, default 11) that cover a polygon or multipolygon; null for invalid input or more than 65536 cells. A positive radius (buffered covering) is not supported.",
			types.Dynamic, []param{dyn("polygon"), optInt("level"), optNum("radius")}, evalPolygonToS2Cells),
	)
}

// maxCoveringCells is Kusto's limit on the tokens of one covering.
const maxCoveringCells = 65536

// coveringArgs reads the level and radius of a geo_*_to_s2cells call in
// row i: ok is false for a row whose answer is null; a positive radius
// (a covering of the shape's buffer) is an error, as it is not supported.
func coveringArgs(name, shape string, args []*column.Vector, i int) (level int64, ok bool, err error) {
	level = defaultS2Level
	if len(args) > 1 {
		if level, ok = functions.IntAt(args[1], i); !ok {
			return 0, false, nil
		}
	}
	if len(args) > 2 {
		radius, ok := functions.RealAt(args[2], i)
		if !ok || radius < 0 {
			return 0, false, nil
		}
		if radius > 0 {
			return 0, false, fmt.Errorf("%s: a positive radius (covering the %s's buffer) is not supported; omit it or pass 0", name, shape)
		}
	}
	return level, level >= 0 && level <= s2.MaxLevel, nil
}

func evalPolygonToS2Cells(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c polygonCache
	var lastKey any
	var lastLevel int64 = -1
	var last any
	var failure error
	out := rowsToDyn(args, n, func(i int) any {
		level, ok, err := coveringArgs("geo_polygon_to_s2cells", "polygon", args, i)
		if err != nil {
			failure = err
		}
		if !ok {
			return nil
		}
		shape := args[0].Dyn(i)
		if lastKey != nil && sameValue(lastKey, shape) && level == lastLevel {
			return last
		}
		ps, ok := c.get(shape)
		if !ok {
			return nil
		}
		lastKey, lastLevel, last = shape, level, covering(ps, int(level))
		return last
	})
	if failure != nil {
		return nil, failure
	}
	return out, nil
}

// covering lists the tokens of the level cells that intersect the
// polygons, in cell order; nil when there would be too many.
func covering(ps []polygon, level int) any {
	// Refuse before computing when the area or the boundary alone needs
	// more cells than the limit: the coverer would otherwise enumerate
	// them all.
	area, perimeter := 0.0, 0.0
	for _, p := range ps {
		area += p.s2.Area()
		for _, l := range p.s2.Loops() {
			vs := l.Vertices()
			for k := range vs {
				perimeter += vs[k].Distance(vs[(k+1)%len(vs)]).Radians()
			}
		}
	}
	if area/s2.MaxAreaMetric.Value(level) > maxCoveringCells || perimeter/s2.MaxDiagMetric.Value(level) > maxCoveringCells {
		return nil
	}
	rc := &s2.RegionCoverer{MinLevel: level, MaxLevel: level, LevelMod: 1, MaxCells: maxCoveringCells}
	seen := map[s2.CellID]bool{}
	var ids []s2.CellID
	for _, p := range ps {
		for _, id := range rc.Covering(p.s2) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > maxCoveringCells {
		return nil
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	out := make([]any, len(ids))
	for k, id := range ids {
		out[k] = id.ToToken()
	}
	return out
}
