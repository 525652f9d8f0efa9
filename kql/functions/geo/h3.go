//go:build cgo

package geo

// The H3 functions use Uber's H3 C library (through cgo), the library
// Kusto's results come from; without cgo they are not registered.

import (
	"strconv"

	h3 "github.com/uber/h3-go/v4"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_point_to_h3cell",
			"geo_point_to_h3cell(longitude: real, latitude: real, [resolution: int]): string",
			"The H3 cell token of a location at resolution 0..15 (default 6); empty for invalid coordinates or resolution.",
			types.String, []param{num("longitude"), num("latitude"), optInt("resolution")}, evalPointToH3),
		fn("geo_h3cell_to_central_point",
			"geo_h3cell_to_central_point(h3cell: string): dynamic",
			"The center of an H3 cell as a GeoJSON point; null for an invalid token.",
			types.Dynamic, []param{str("h3cell")}, evalH3Center),
		fn("geo_h3cell_to_polygon",
			"geo_h3cell_to_polygon(h3cell: string): dynamic",
			"The H3 cell's boundary as a GeoJSON polygon; null for an invalid token.",
			types.Dynamic, []param{str("h3cell")}, evalH3Polygon),
		fn("geo_h3cell_level",
			"geo_h3cell_level(h3cell: string): int",
			"The resolution (0..15) of an H3 cell; null for an invalid token.",
			types.Int, []param{str("h3cell")}, evalH3Level),
		fn("geo_h3cell_parent",
			"geo_h3cell_parent(h3cell: string, [resolution: int]): string",
			"The H3 cell's parent at resolution 0..14 (default: one level up); empty for an invalid token or a resolution finer than the cell's.",
			types.String, []param{str("h3cell"), optInt("resolution")}, evalH3Parent),
		fn("geo_h3cell_children",
			"geo_h3cell_children(h3cell: string, [resolution: int]): dynamic",
			"The H3 cell's children at resolution 1..15 (default: one level down, at most 5 levels down); null for an invalid token or resolution.",
			types.Dynamic, []param{str("h3cell"), optInt("resolution")}, evalH3Children),
		fn("geo_h3cell_neighbors",
			"geo_h3cell_neighbors(h3cell: string): dynamic",
			"The tokens of the H3 cells adjacent to a cell; null for an invalid token.",
			types.Dynamic, []param{str("h3cell")}, evalH3Neighbors),
		fn("geo_h3cell_rings",
			"geo_h3cell_rings(h3cell: string, distance: int): dynamic",
			"The rings of H3 cells at grid distance 0..distance (distance 0..142) from a cell, nearest first; null for an invalid token or distance.",
			types.Dynamic, []param{str("h3cell"), integer("distance")}, evalH3Rings),
	)
}

const (
	defaultH3Res = 6
	maxH3Res     = 15
	maxH3Ring    = 142
	maxH3Depth   = 5 // children at most this many levels below the cell
)

// parseH3 decodes an H3 cell token: 1 to 16 hex digits naming a valid
// cell.
func parseH3(tok string) (h3.Cell, bool) {
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
	c := h3.Cell(x)
	return c, c.IsValid()
}

func h3Token(c h3.Cell) string { return strconv.FormatUint(uint64(c), 16) }

func evalPointToH3(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	lng, lat := args[0], args[1]
	var resv *column.Vector
	if len(args) > 2 {
		resv = args[2]
	}
	return rowsToString(args, n, func(dst []byte, i int) []byte {
		x, ok1 := functions.RealAt(lng, i)
		y, ok2 := functions.RealAt(lat, i)
		res := int64(defaultH3Res)
		if resv != nil {
			r, ok := functions.IntAt(resv, i)
			if !ok {
				return dst
			}
			res = r
		}
		if !ok1 || !ok2 || !validLngLat(x, y) || res < 0 || res > maxH3Res {
			return dst
		}
		c := h3.LatLngToCell(h3.NewLatLng(y, x), int(res))
		if c == 0 {
			return dst
		}
		return strconv.AppendUint(dst, uint64(c), 16)
	}), nil
}

func mapH3(v *column.Vector, n int, f func(c h3.Cell) any) *column.Vector {
	return functions.MapStrDyn(v, n, func(tok string) any {
		c, ok := parseH3(tok)
		if !ok {
			return nil
		}
		return f(c)
	})
}

func evalH3Center(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapH3(args[0], n, func(c h3.Cell) any {
		ll := c.LatLng()
		return pointJSON(ll.Lng, ll.Lat)
	}), nil
}

func evalH3Polygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapH3(args[0], n, func(c h3.Cell) any {
		b := c.Boundary()
		ring := make([][2]float64, 0, len(b)+1)
		for _, v := range b {
			ring = append(ring, [2]float64{v.Lng, v.Lat})
		}
		ring = append(ring, ring[0])
		return polygonJSON(ring)
	}), nil
}

func evalH3Level(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrInt(types.Int, args[0], n, func(tok string) (int64, bool) {
		c, ok := parseH3(tok)
		if !ok {
			return 0, false
		}
		return int64(c.Resolution()), true
	}), nil
}

func evalH3Parent(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	tokv := args[0]
	var resv *column.Vector
	if len(args) > 1 {
		resv = args[1]
	}
	return rowsToString(args, n, func(dst []byte, i int) []byte {
		c, ok := parseH3(tokv.Str(i))
		if !ok {
			return dst
		}
		res := int64(c.Resolution() - 1)
		if resv != nil {
			r, ok := functions.IntAt(resv, i)
			if !ok {
				return dst
			}
			res = r
		}
		if res < 0 || res > maxH3Res-1 || res > int64(c.Resolution()) {
			return dst
		}
		p := c.Parent(int(res))
		if p == 0 {
			return dst
		}
		return strconv.AppendUint(dst, uint64(p), 16)
	}), nil
}

func evalH3Children(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	tokv := args[0]
	var resv *column.Vector
	if len(args) > 1 {
		resv = args[1]
	}
	return rowsToDyn(args, n, func(i int) any {
		c, ok := parseH3(tokv.Str(i))
		if !ok {
			return nil
		}
		res := int64(c.Resolution() + 1)
		if resv != nil {
			r, ok := functions.IntAt(resv, i)
			if !ok {
				return nil
			}
			res = r
		}
		cr := int64(c.Resolution())
		if res < 1 || res > maxH3Res || res < cr || res-cr > maxH3Depth {
			return nil
		}
		kids := c.Children(int(res))
		out := make([]any, 0, len(kids))
		for _, k := range kids {
			if k != 0 {
				out = append(out, h3Token(k))
			}
		}
		return out
	}), nil
}

func evalH3Neighbors(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapH3(args[0], n, func(c h3.Cell) any {
		disk := c.GridDisk(1)
		out := make([]any, 0, 6)
		for _, k := range disk {
			if k != 0 && k != c {
				out = append(out, h3Token(k))
			}
		}
		return out
	}), nil
}

func evalH3Rings(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	tokv, distv := args[0], args[1]
	return rowsToDyn(args, n, func(i int) any {
		c, ok := parseH3(tokv.Str(i))
		if !ok {
			return nil
		}
		d, ok := functions.IntAt(distv, i)
		if !ok || d < 0 || d > maxH3Ring {
			return nil
		}
		rings := c.GridDiskDistances(int(d))
		out := make([]any, len(rings))
		for r, ring := range rings {
			cells := make([]any, 0, len(ring))
			for _, k := range ring {
				if k != 0 {
					cells = append(cells, h3Token(k))
				}
			}
			out[r] = cells
		}
		return out
	}), nil
}
