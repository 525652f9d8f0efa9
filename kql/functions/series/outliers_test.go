package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestOutliers(t *testing.T) {
	// 0, 10, ..., 100 in any order: the 10th percentile is 10 and the
	// 90th is 90, so 100 scores (100-90)/80 times the factor and 0
	// scores -(10/80) times it; the rest score 0.
	f := ctukeyFactor
	up := 10.0 / 80 * f
	down := -10.0 / 80 * f
	got := floats(t, fntest.One(t, "series_outliers", dyn(`[50, 100, 0, 30, 20, 10, 90, 80, 70, 60, 40]`)))
	want := []float64{0, up, down, 0, 0, 0, 0, 0, 0, 0, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("scores %v, want %v", got, want)
		}
	}
	// Interpolated percentiles: for 1..5, p25 = 2 and p75 = 4 ("tukey",
	// factor 1), so 5 scores 0.5 and 1 scores -0.5.
	runCases(t, []tcase{
		{"series_outliers", []targ{dyn(`[1, 2, 3, 4, 5]`), str("tukey")}, "[-0.5,0.0,0.0,0.0,0.5]"},
		// Nulls and ignored values score 0 and stay out of the
		// percentiles.
		{"series_outliers", []targ{dyn(`[1, null, 2, 3, -99, 4, 5]`), str("tukey"), rl(-99)}, "[-0.5,0.0,0.0,0.0,0.0,0.0,0.5]"},
		{"series_outliers", []targ{dyn(`[1, "x", 2, 3, 4, 5]`), str("tukey")}, "[-0.5,0.0,0.0,0.0,0.0,0.5]"},
		{"series_outliers", []targ{dyn(`[]`)}, "[]"},
		{"series_outliers", []targ{dyn(`[null, null]`)}, "[0.0,0.0]"},
		{"series_outliers", []targ{dyn(`[7]`)}, "[0.0]"},
		{"series_outliers", []targ{dyn(`null`)}, "null"},
		// Explicit defaults are accepted; other ranges are not guessed.
		{"series_outliers", []targ{dyn(`[1, 2]`), str("ctukey"), null(types.Real), lng(10), lng(90)}, "[-0.34657570068848975,0.34657570068848975]"},
		{"series_outliers", []targ{dyn(`[1, 2]`), str("ctukey"), null(types.Real), lng(5), lng(95)}, "error: not supported"},
		{"series_outliers", []targ{dyn(`[1, 2]`), str("ctukey"), null(types.Real), lng(1), lng(95)}, "error: [2, 98]"},
		{"series_outliers", []targ{dyn(`[1, 2]`), str("other")}, "error: unknown outlier detection method"},
		{"series_outliers", []targ{dyn(`[1, 2]`), lng(5)}, "error: string"},
	})
}
