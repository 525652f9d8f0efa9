package geo

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		fn("geo_distance_2points",
			"geo_distance_2points(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real, [use_spheroid: bool]): real",
			"The shortest distance in meters between two coordinates on Earth (a sphere); null for invalid coordinates. use_spheroid=true is not supported.",
			types.Real, []param{num("p1_longitude"), num("p1_latitude"), num("p2_longitude"), num("p2_latitude"), optBool("use_spheroid")}, evalDistance2Points),
		fn("geo_point_in_circle",
			"geo_point_in_circle(p_longitude: real, p_latitude: real, pc_longitude: real, pc_latitude: real, c_radius: real): bool",
			"Whether a coordinate is inside a spherical cap of c_radius meters around a center; null for invalid coordinates or a radius that is not positive.",
			types.Bool, []param{num("p_longitude"), num("p_latitude"), num("pc_longitude"), num("pc_latitude"), num("c_radius")}, evalPointInCircle),
		fn("geo_azimuth",
			"geo_azimuth(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real): real",
			"The clockwise angle in radians, in [0, 2pi), from true north to the geodesic from p1 to p2; null for invalid, equal or antipodal points.",
			types.Real, []param{num("p1_longitude"), num("p1_latitude"), num("p2_longitude"), num("p2_latitude")}, evalAzimuth),
		fn("geo_angle",
			"geo_angle(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real, p3_longitude: real, p3_latitude: real): real",
			"The clockwise angle in radians, in [0, 2pi), at p2 from the line [p1, p2] to the line [p2, p3]; null for invalid, equal or antipodal consecutive points.",
			types.Real, []param{num("p1_longitude"), num("p1_latitude"), num("p2_longitude"), num("p2_latitude"), num("p3_longitude"), num("p3_latitude")}, evalAngle),
	)
}

// pointCache converts coordinates to a point, remembering the last
// conversion so that a constant argument costs one conversion per batch.
type pointCache struct {
	lng, lat float64
	p        s2.Point
	set      bool
}

func (c *pointCache) get(lng, lat float64) s2.Point {
	if !c.set || c.lng != lng || c.lat != lat {
		c.lng, c.lat, c.p, c.set = lng, lat, toPoint(lng, lat), true
	}
	return c.p
}

func evalDistance2Points(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	if len(args) > 4 {
		if err := checkSphere("geo_distance_2points", args[4], n); err != nil {
			return nil, err
		}
		args = args[:4]
	}
	var c1, c2 pointCache
	return realsTo(types.Real, args, n, func(x []float64) (float64, bool) {
		if !validLngLat(x[0], x[1]) || !validLngLat(x[2], x[3]) {
			return 0, false
		}
		a, b := c1.get(x[0], x[1]), c2.get(x[2], x[3])
		return float64(a.Distance(b)) * earthRadius, true
	}), nil
}

func evalPointInCircle(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	var pc pointCache
	var cap s2.Cap
	var capKey [3]float64
	haveCap := false
	return realsTo(types.Bool, args, n, func(x []float64) (bool, bool) {
		r := x[4]
		if !validLngLat(x[0], x[1]) || !validLngLat(x[2], x[3]) || !(r > 0) {
			return false, false
		}
		if k := [3]float64{x[2], x[3], r}; !haveCap || k != capKey {
			cap = s2.CapFromCenterAngle(pc.get(x[2], x[3]), s1.Angle(r/earthRadius))
			capKey, haveCap = k, true
		}
		return cap.ContainsPoint(toPoint(x[0], x[1])), true
	}), nil
}

// azimuth is the clockwise angle from north of the geodesic a->b, in
// [0, 2pi), in radians; ok is false for equal or antipodal points.
func azimuth(lng1, lat1, lng2, lat2 float64) (float64, bool) {
	if samePlace(lng1, lat1, lng2, lat2) || antipodal(lng1, lat1, lng2, lat2) {
		return 0, false
	}
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dλ := (lng2 - lng1) * math.Pi / 180
	y := math.Sin(dλ) * math.Cos(φ2)
	x := math.Cos(φ1)*math.Sin(φ2) - math.Sin(φ1)*math.Cos(φ2)*math.Cos(dλ)
	return normAngle(math.Atan2(y, x)), true
}

// normAngle maps an angle in radians to [0, 2pi).
func normAngle(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	if a >= 2*math.Pi {
		a = 0
	}
	return a
}

func evalAzimuth(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return realsTo(types.Real, args, n, func(x []float64) (float64, bool) {
		if !validLngLat(x[0], x[1]) || !validLngLat(x[2], x[3]) {
			return 0, false
		}
		return azimuth(x[0], x[1], x[2], x[3])
	}), nil
}

func evalAngle(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return realsTo(types.Real, args, n, func(x []float64) (float64, bool) {
		if !validLngLat(x[0], x[1]) || !validLngLat(x[2], x[3]) || !validLngLat(x[4], x[5]) {
			return 0, false
		}
		back, ok1 := azimuth(x[2], x[3], x[0], x[1])
		fwd, ok2 := azimuth(x[2], x[3], x[4], x[5])
		if !ok1 || !ok2 {
			return 0, false
		}
		return normAngle(fwd - back), true
	}), nil
}
