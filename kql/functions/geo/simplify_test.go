package geo

import (
	"math"
	"testing"

	"github.com/golang/geo/s1"
)

func tolAngle(m float64) s1.Angle { return s1.Angle(m / earthRadius) }

func lineOf(t testing.TB, ps ...lngLat) polyline {
	t.Helper()
	a := make([]any, len(ps))
	for i, p := range ps {
		a[i] = []any{p[0], p[1]}
	}
	l, ok := parseLine(a)
	if !ok {
		t.Fatalf("bad line %v", ps)
	}
	return l
}

func near(a, b [][2]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for k := 0; k < 2; k++ {
			if math.Abs(a[i][k]-b[i][k]) > 1e-9*math.Max(1, math.Abs(b[i][k])) {
				return false
			}
		}
	}
	return true
}

// The documented examples (own transcription of the published inputs).
func TestSimplifyDocumented(t *testing.T) {
	l := lineOf(t, lngLat{-73.97033169865608, 40.789063020152824}, lngLat{-73.97039607167244, 40.78897975920816}, lngLat{-73.9704617857933, 40.78888837512432}, lngLat{-73.97052884101868, 40.7887949601531}, lngLat{-73.9706052839756, 40.788698498903564}, lngLat{-73.97065222263336, 40.78862640672032}, lngLat{-73.97072866559029, 40.78852791445617}, lngLat{-73.97079303860664, 40.788434498977836})
	got, err := simplifyLineCoords(l, tolAngle(10))
	want := [][2]float64{{-73.97033169865608, 40.789063020152824}, {-73.97079303860664, 40.788434498977836}}
	if err != nil || !near(got, want) {
		t.Errorf("line: got %v %v", got, err)
	}
	got, err = simplifyLineCoords(lineOf(t, lngLat{1.1, 1.1}, lngLat{1.2, 1.2}), tolAngle(100000))
	if err != nil || got != nil {
		t.Errorf("collapsed line: got %v %v", got, err)
	}
	ring := []lngLat{{-73.94885122776031, 40.79673476355657}, {-73.94885927438736, 40.79692258628347}, {-73.94887939095497, 40.79692055577034}, {-73.9488673210144, 40.79693476936093}, {-73.94888743758202, 40.79693476936093}, {-73.9488834142685, 40.796959135509105}, {-73.94890084862709, 40.79695304397289}, {-73.94906312227248, 40.79710736271788}, {-73.94923612475395, 40.7968708081794}, {-73.94885122776031, 40.79673476355657}}
	got, err = simplifyRing(ring, tolAngle(10))
	want = [][2]float64{{-73.948851227760315, 40.796734763556572}, {-73.949063122272477, 40.797107362717881}, {-73.949236124753952, 40.7968708081794}, {-73.948851227760315, 40.796734763556572}}
	if err != nil || !near(got, want) {
		t.Errorf("polygon: got %v %v", got, err)
	}
	got, err = simplifyRing([]lngLat{{5, 48}, {0, 50}, {0, 47}, {4, 47}, {5, 48}}, tolAngle(1000000))
	if err != nil || got != nil {
		t.Errorf("vanishing polygon: got %v %v", got, err)
	}
}

func TestSimplifyLineCases(t *testing.T) {
	// A zigzag wider than the tolerance keeps every vertex.
	zig := lineOf(t, lngLat{0, 0}, lngLat{0.001, 0.001}, lngLat{0.002, 0}, lngLat{0.003, 0.001})
	got, err := simplifyLineCoords(zig, tolAngle(10))
	if err != nil || len(got) != 4 {
		t.Errorf("zigzag: %v %v", got, err)
	}
	// With a large tolerance S2 would add extra sites, which is refused.
	if _, err = simplifyLineCoords(zig, tolAngle(200)); err != errSimplify {
		t.Errorf("zigzag 200m: want errSimplify, got %v", err)
	}
	// A closed line stays closed and starts where the input starts.
	closed := lineOf(t, lngLat{0, 0}, lngLat{0.01, 0}, lngLat{0.01, 0.01}, lngLat{0, 0.01}, lngLat{0, 0})
	got, err = simplifyLineCoords(closed, tolAngle(10))
	if err != nil || len(got) != 5 || got[0] != got[4] || math.Abs(got[0][0]) > 1e-12 {
		t.Errorf("closed: %v %v", got, err)
	}
	// Two points far apart are kept as they are.
	got, err = simplifyLineCoords(lineOf(t, lngLat{-10, -10}, lngLat{10, 10}), tolAngle(10))
	if err != nil || len(got) != 2 {
		t.Errorf("2 points: %v %v", got, err)
	}
}

func TestSimplifyLongLine(t *testing.T) {
	ps := make([]lngLat, 20000)
	for i := range ps {
		ps[i] = lngLat{float64(i) * 1e-4, 1e-6 * math.Sin(float64(i))}
	}
	got, err := simplifyLineCoords(lineOf(t, ps...), tolAngle(10))
	if err != nil || len(got) < 2 || len(got) > 200 {
		t.Fatalf("long line: %d points, %v", len(got), err)
	}
}

func BenchmarkSimplifyLine(b *testing.B) {
	ps := make([]lngLat, 10000)
	for i := range ps {
		ps[i] = lngLat{float64(i) * 1e-4, 1e-6 * math.Sin(float64(i))}
	}
	l := lineOf(b, ps...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := simplifyLineCoords(l, tolAngle(10)); err != nil {
			b.Fatal(err)
		}
	}
}
