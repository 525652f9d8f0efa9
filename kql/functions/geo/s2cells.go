package geo

import (
	"strconv"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_point_to_s2cell",
			"geo_point_to_s2cell(longitude: real, latitude: real, [level: int]): string",
			"The S2 cell token of a location at level 0..30 (default 11); empty for invalid coordinates or level.",
			types.String, []param{num("longitude"), num("latitude"), optInt("level")}, evalPointToS2Cell),
		fn("geo_s2cell_to_central_point",
			"geo_s2cell_to_central_point(s2cell: string): dynamic",
			"The center of an S2 cell as a GeoJSON point; null for an invalid token.",
			types.Dynamic, []param{str("s2cell")}, evalS2CellCenter),
		fn("geo_s2cell_to_polygon",
			"geo_s2cell_to_polygon(s2cell: string): dynamic",
			"The S2 cell's area as a GeoJSON polygon (geodesic edges); null for an invalid token.",
			types.Dynamic, []param{str("s2cell")}, evalS2CellPolygon),
		fn("geo_s2cell_neighbors",
			"geo_s2cell_neighbors(s2cell: string): dynamic",
			"The tokens of the S2 cells of the same level that touch the cell; null for an invalid token.",
			types.Dynamic, []param{str("s2cell")}, evalS2CellNeighbors),
	)
}

const defaultS2Level = 11

// parseS2Token decodes a cell token: 1 to 16 hex digits naming a valid
// cell.
func parseS2Token(tok string) (s2.CellID, bool) {
	if len(tok) == 0 || len(tok) > 16 {
		return 0, false
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return 0, false
		}
	}
	x, err := strconv.ParseUint(tok, 16, 64)
	if err != nil {
		return 0, false
	}
	id := s2.CellID(x << (4 * uint(16-len(tok))))
	return id, id.IsValid()
}

func evalPointToS2Cell(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	lng, lat := args[0], args[1]
	var lvl *column.Vector
	if len(args) > 2 {
		lvl = args[2]
	}
	return rowsToString(args, n, func(dst []byte, i int) []byte {
		x, ok1 := functions.RealAt(lng, i)
		y, ok2 := functions.RealAt(lat, i)
		level := int64(defaultS2Level)
		if lvl != nil {
			l, ok := functions.IntAt(lvl, i)
			if !ok {
				return dst
			}
			level = l
		}
		if !ok1 || !ok2 || !validLngLat(x, y) || level < 0 || level > s2.MaxLevel {
			return dst
		}
		id := s2.CellIDFromLatLng(s2.LatLngFromDegrees(y, x)).Parent(int(level))
		return append(dst, id.ToToken()...)
	}), nil
}

// mapS2Token computes a dynamic result per token, once per distinct
// token of a dictionary or constant.
func mapS2Token(v *column.Vector, n int, f func(id s2.CellID) any) *column.Vector {
	return functions.MapStrDyn(v, n, func(tok string) any {
		id, ok := parseS2Token(tok)
		if !ok {
			return nil
		}
		return f(id)
	})
}

func evalS2CellCenter(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapS2Token(args[0], n, func(id s2.CellID) any {
		lng, lat := lngLatOf(id.Point())
		return pointJSON(lng, lat)
	}), nil
}

func evalS2CellPolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapS2Token(args[0], n, func(id s2.CellID) any {
		c := s2.CellFromCellID(id)
		ring := make([][2]float64, 5)
		for k := 0; k < 4; k++ {
			lng, lat := lngLatOf(c.Vertex(k))
			ring[k] = [2]float64{lng, lat}
		}
		ring[4] = ring[0]
		return polygonJSON(ring)
	}), nil
}

// s2NeighborOrder is the order, in the cell's (i, j) frame, in which the
// eight neighbors are listed. It is the order of Kusto's documented
// output; Kusto does not document an order.
var s2NeighborOrder = [8][2]int{{1, 1}, {-1, -1}, {1, -1}, {0, -1}, {0, 1}, {1, 0}, {-1, 0}, {-1, 1}}

func evalS2CellNeighbors(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapS2Token(args[0], n, func(id s2.CellID) any {
		nb := s2Neighbors(id)
		out := make([]any, len(nb))
		for k, c := range nb {
			out[k] = c.ToToken()
		}
		return out
	}), nil
}

// s2Neighbors lists the distinct cells of id's level that share an edge
// or a vertex with it (7 at the cube's corners, else 8).
func s2Neighbors(id s2.CellID) []s2.CellID {
	level := id.Level()
	// Every neighbor of the library's list is classified by its offset in
	// the cell's own (i, j) frame, then listed in s2NeighborOrder.
	all := id.AllNeighbors(level)
	byOffset := map[[2]int]s2.CellID{}
	// The library lists them as: for k in (-1, 0, 1) along j, the i-1
	// and i+1 cells, with the j-1 and j+1 cells at k = 0.
	offsets := [][2]int{{-1, -1}, {1, -1}, {0, -1}, {0, 1}, {-1, 0}, {1, 0}, {-1, 1}, {1, 1}}
	if len(all) == len(offsets) {
		for k, c := range all {
			byOffset[offsets[k]] = c
		}
	}
	seen := map[s2.CellID]bool{id: true}
	out := make([]s2.CellID, 0, 8)
	add := func(c s2.CellID) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(byOffset) == 8 {
		for _, o := range s2NeighborOrder {
			add(byOffset[o])
		}
	} else {
		for _, c := range all {
			add(c)
		}
	}
	return out
}
