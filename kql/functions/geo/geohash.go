package geo

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_point_to_geohash",
			"geo_point_to_geohash(longitude: real, latitude: real, [accuracy: int]): string",
			"The geohash of a location with accuracy 1..18 characters (default 5); empty for invalid coordinates or accuracy.",
			types.String, []param{num("longitude"), num("latitude"), optInt("accuracy")}, evalPointToGeohash),
		fn("geo_geohash_to_central_point",
			"geo_geohash_to_central_point(geohash: string): dynamic",
			"The center of a geohash rectangle as a GeoJSON point; null for an invalid geohash.",
			types.Dynamic, []param{str("geohash")}, evalGeohashCenter),
		fn("geo_geohash_to_polygon",
			"geo_geohash_to_polygon(geohash: string): dynamic",
			"The geohash rectangle as a GeoJSON polygon; null for an invalid geohash.",
			types.Dynamic, []param{str("geohash")}, evalGeohashPolygon),
		fn("geo_geohash_neighbors",
			"geo_geohash_neighbors(geohash: string): dynamic",
			"The geohashes of the same length around a geohash; null for an invalid geohash.",
			types.Dynamic, []param{str("geohash")}, evalGeohashNeighbors),
	)
}

const (
	geohashAlphabet   = "0123456789bcdefghjkmnpqrstuvwxyz"
	defaultGeohashLen = 5
	maxGeohashLen     = 18
)

var geohashValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(geohashAlphabet); i++ {
		t[geohashAlphabet[i]] = int8(i)
	}
	return t
}()

// appendGeohash encodes a location by bisection, longitude first, as the
// geohash definition does: a value on a split goes to the upper half.
func appendGeohash(dst []byte, lng, lat float64, length int) []byte {
	lngLo, lngHi := -180.0, 180.0
	latLo, latHi := -90.0, 90.0
	even := true
	for c := 0; c < length; c++ {
		ch := 0
		for b := 0; b < 5; b++ {
			ch <<= 1
			if even {
				mid := (lngLo + lngHi) / 2
				if lng >= mid {
					ch |= 1
					lngLo = mid
				} else {
					lngHi = mid
				}
			} else {
				mid := (latLo + latHi) / 2
				if lat >= mid {
					ch |= 1
					latLo = mid
				} else {
					latHi = mid
				}
			}
			even = !even
		}
		dst = append(dst, geohashAlphabet[ch])
	}
	return dst
}

// geohashBox is the rectangle of a geohash.
type geohashBox struct{ lngLo, lngHi, latLo, latHi float64 }

// decodeGeohash returns the rectangle of a geohash, or false when it is
// not 1 to 18 characters of the geohash alphabet.
func decodeGeohash(h string) (geohashBox, bool) {
	box := geohashBox{-180, 180, -90, 90}
	if len(h) == 0 || len(h) > maxGeohashLen {
		return box, false
	}
	even := true
	for i := 0; i < len(h); i++ {
		v := geohashValue[h[i]]
		if v < 0 {
			return box, false
		}
		for b := 4; b >= 0; b-- {
			bit := v>>uint(b)&1 == 1
			if even {
				mid := (box.lngLo + box.lngHi) / 2
				if bit {
					box.lngLo = mid
				} else {
					box.lngHi = mid
				}
			} else {
				mid := (box.latLo + box.latHi) / 2
				if bit {
					box.latLo = mid
				} else {
					box.latHi = mid
				}
			}
			even = !even
		}
	}
	return box, true
}

func evalPointToGeohash(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	lng, lat := args[0], args[1]
	var acc *column.Vector
	if len(args) > 2 {
		acc = args[2]
	}
	return rowsToString(args, n, func(dst []byte, i int) []byte {
		x, ok1 := functions.RealAt(lng, i)
		y, ok2 := functions.RealAt(lat, i)
		length := int64(defaultGeohashLen)
		if acc != nil {
			l, ok := functions.IntAt(acc, i)
			if !ok {
				return dst
			}
			length = l
		}
		if !ok1 || !ok2 || !validLngLat(x, y) || length < 1 || length > maxGeohashLen {
			return dst
		}
		return appendGeohash(dst, x, y, int(length))
	}), nil
}

func mapGeohash(v *column.Vector, n int, f func(h string, b geohashBox) any) *column.Vector {
	return functions.MapStrDyn(v, n, func(h string) any {
		b, ok := decodeGeohash(h)
		if !ok {
			return nil
		}
		return f(h, b)
	})
}

func evalGeohashCenter(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapGeohash(args[0], n, func(_ string, b geohashBox) any {
		return pointJSON((b.lngLo+b.lngHi)/2, (b.latLo+b.latHi)/2)
	}), nil
}

func evalGeohashPolygon(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapGeohash(args[0], n, func(_ string, b geohashBox) any {
		return polygonJSON([][2]float64{
			{b.lngLo, b.latLo}, {b.lngHi, b.latLo}, {b.lngHi, b.latHi}, {b.lngLo, b.latHi}, {b.lngLo, b.latLo},
		})
	}), nil
}

// geohashNeighborOrder lists the neighbors as (longitude, latitude) steps
// in the order of Kusto's documented output (south-west, north-west,
// south-east, north, west, north-east, east, south); Kusto does not
// document an order.
var geohashNeighborOrder = [8][2]float64{{-1, -1}, {-1, 1}, {1, -1}, {0, 1}, {-1, 0}, {1, 1}, {1, 0}, {0, -1}}

func evalGeohashNeighbors(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return mapGeohash(args[0], n, func(h string, b geohashBox) any {
		w, ht := b.lngHi-b.lngLo, b.latHi-b.latLo
		cx, cy := (b.lngLo+b.lngHi)/2, (b.latLo+b.latHi)/2
		out := make([]any, 0, 8)
		seen := map[string]bool{h: true}
		for _, d := range geohashNeighborOrder {
			y := cy + d[1]*ht
			if y < -90 || y > 90 {
				continue // no cell beyond a pole
			}
			x := cx + d[0]*w
			if x < -180 {
				x += 360
			} else if x > 180 {
				x -= 360
			}
			nb := string(appendGeohash(nil, x, y, len(h)))
			if !seen[nb] {
				seen[nb] = true
				out = append(out, nb)
			}
		}
		return out
	}), nil
}
