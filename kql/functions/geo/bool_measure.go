package geo

import (
	"github.com/golang/geo/s2"
)

// Measures of multipolygons whose members overlap: Kusto measures the
// union of the members.

// unionArea is the area (square meters) of the union of polygons.
func unionArea(ps []polygon) float64 {
	return regionPolygon(polygonsUnion(ps)).Area() * earthRadius * earthRadius
}

// unionPerimeter is the boundary length (meters) of the union of polygons.
func unionPerimeter(ps []polygon) float64 {
	total := 0.0
	for _, r := range polygonsUnion(ps) {
		for k := range r {
			total += r[k].Distance(r[(k+1)%len(r)]).Radians()
		}
	}
	return radiansToMeters(total)
}

// unionCentroid is the (unnormalized) centroid of the union of polygons.
func unionCentroid(ps []polygon) s2.Point {
	return regionPolygon(polygonsUnion(ps)).Centroid()
}
