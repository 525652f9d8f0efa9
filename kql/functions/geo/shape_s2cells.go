package geo

import (
	"sort"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_line_to_s2cells",
			"geo_line_to_s2cells(lineString: dynamic, [level: int], [radius: real]): dynamic",
			"The tokens of the S2 cells of one level (0..30, default 11) that cover a line or multiline; null for invalid input or more than 65536 cells. A positive radius (buffered covering) is not supported.",
			types.Dynamic, []param{dyn("lineString"), optInt("level"), optNum("radius")}, evalLineToS2Cells),
	)
}

func evalLineToS2Cells(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var c lineCache
	var failure error
	out := rowsToDyn(args, n, func(i int) any {
		level, ok, err := coveringArgs("geo_line_to_s2cells", "line", args, i)
		if err != nil {
			failure = err
		}
		if !ok {
			return nil
		}
		ls, ok := c.get(args[0].Dyn(i))
		if !ok {
			return nil
		}
		return lineCovering(ls, int(level))
	})
	if failure != nil {
		return nil, failure
	}
	return out, nil
}

// lineCovering lists the tokens of the level cells that the lines cross,
// in cell order; nil when there would be too many.
func lineCovering(ls []polyline, level int) any {
	// A line crosses at least length/diagonal cells: refuse before the
	// coverer enumerates them.
	for _, l := range ls {
		if l.pts.Length().Radians()/s2.MaxDiagMetric.Value(level) > maxCoveringCells {
			return nil
		}
	}
	rc := &s2.RegionCoverer{MinLevel: level, MaxLevel: level, LevelMod: 1, MaxCells: maxCoveringCells}
	seen := map[s2.CellID]bool{}
	var ids []s2.CellID
	for k := range ls {
		for _, id := range rc.Covering(&ls[k].pts) {
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
