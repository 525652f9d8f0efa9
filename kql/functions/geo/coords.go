package geo

import (
	"math"

	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/kql/value"
)

// validLngLat reports whether a coordinate is one Kusto accepts: finite,
// longitude in [-180, 180], latitude in [-90, 90].
func validLngLat(lng, lat float64) bool {
	return lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90
}

// toPoint converts degrees to a unit vector on the sphere.
func toPoint(lng, lat float64) s2.Point {
	return s2.PointFromLatLng(s2.LatLngFromDegrees(lat, lng))
}

// lngLatOf converts a unit vector back to degrees.
func lngLatOf(p s2.Point) (lng, lat float64) {
	ll := s2.LatLngFromPoint(p)
	return ll.Lng.Degrees(), ll.Lat.Degrees()
}

// samePlace reports whether two valid coordinates name one place on the
// sphere: equal, or on the same pole, or on the ±180 meridian.
func samePlace(lng1, lat1, lng2, lat2 float64) bool {
	if lat1 != lat2 {
		return false
	}
	return lng1 == lng2 || math.Abs(lat1) == 90 || math.Abs(lng1-lng2) == 360
}

// antipodal reports whether two valid coordinates are exactly opposite.
func antipodal(lng1, lat1, lng2, lat2 float64) bool {
	if lat1 != -lat2 {
		return false
	}
	return math.Abs(lat1) == 90 || math.Abs(lng1-lng2) == 180
}

// pointJSON is a GeoJSON point as Kusto returns it.
func pointJSON(lng, lat float64) *value.Bag {
	b := value.NewBag(2)
	b.Set("type", "Point")
	b.Set("coordinates", []any{lng, lat})
	return b
}

// ringJSON turns a list of [lng, lat] pairs into a GeoJSON ring array.
func coordsJSON(pts [][2]float64) []any {
	out := make([]any, len(pts))
	for i, p := range pts {
		out[i] = []any{p[0], p[1]}
	}
	return out
}

// polygonJSON is a GeoJSON polygon with one closed ring.
func polygonJSON(ring [][2]float64) *value.Bag {
	b := value.NewBag(2)
	b.Set("type", "Polygon")
	b.Set("coordinates", []any{coordsJSON(ring)})
	return b
}
