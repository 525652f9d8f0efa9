package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestSeasonal(t *testing.T) {
	runCases(t, []tcase{
		// Medians per phase; an even count averages the middle two.
		{"series_seasonal", []targ{dyn(`[2, 4, 6, 2, 4, 6, 3, 5, 7]`), lng(3)}, "[2.0,4.0,6.0,2.0,4.0,6.0,2.0,4.0,6.0]"},
		{"series_seasonal", []targ{dyn(`[2, 4, 3, 5]`), lng(2)}, "[2.5,4.5,2.5,4.5]"},
		{"series_seasonal", []targ{dyn(`[2, 4, 3]`), lng(0)}, "[0.0,0.0,0.0]"},
		{"series_seasonal", []targ{dyn(`[2, 4, 3]`), lng(-5)}, "[0.0,0.0,0.0]"},
		{"series_seasonal", []targ{dyn(`[2, null]`), lng(2)}, "null"},
		// Automatic detection: no period of 4 to n/2 points fits under 8
		// points; longer series need Kusto's undocumented score.
		{"series_seasonal", []targ{dyn(`[2, 4]`)}, "[0.0,0.0]"},
		{"series_seasonal", []targ{dyn(`[1, 2, 3, 1, 2, 3, 1]`), lng(-1)}, "[0.0,0.0,0.0,0.0,0.0,0.0,0.0]"},
		{"series_seasonal", []targ{dyn(`[1, 2, 3, 4, 1, 2, 3, 4]`)}, "error: automatic seasonality detection"},
		{"series_seasonal", []targ{dyn(`[5, 5, 5, 5, 5, 5, 5, 5]`)}, "error: automatic seasonality detection"},
	})
}

func TestDecompose(t *testing.T) {
	// Period 2 with a constant level: seasonal medians 1 and 3 minus...
	// x = [1, 5, 1, 5, 1, 9]: phase 0 median 1, phase 1 median 5;
	// deseasoned [0,0,0,0,0,4], avg trend 2/3.
	r := fntest.One(t, "series_decompose", dyn(`[1, 5, 1, 5, 1, 9]`), lng(2)).([]any)
	if got := show(r[1]); got != "[1.0,5.0,1.0,5.0,1.0,5.0]" {
		t.Errorf("seasonal %s", got)
	}
	tr := floats(t, r[2])
	for _, v := range tr {
		if !near(v, 4.0/6) {
			t.Errorf("trend %v", tr)
			break
		}
	}
	base, res := floats(t, r[0]), floats(t, r[3])
	x := []float64{1, 5, 1, 5, 1, 9}
	for i := range x {
		if !near(base[i]+res[i], x[i]) {
			t.Errorf("baseline + residual != x at %d", i)
		}
	}
	runCases(t, []tcase{
		// No seasonality, no trend: baseline 0, residual x.
		{"series_decompose", []targ{dyn(`[1, 2]`), lng(0), str("none")}, "[[0.0,0.0],[0.0,0.0],[0.0,0.0],[1.0,2.0]]"},
		// A line is found exactly by linefit.
		{"series_decompose", []targ{dyn(`[3, 5, 7, 9]`), lng(0), str("linefit")}, "[[3.0,5.0,7.0,9.0],[0.0,0.0,0.0,0.0],[3.0,5.0,7.0,9.0],[0.0,0.0,0.0,0.0]]"},
		// Test points are left out of the learning and extrapolated.
		{"series_decompose", []targ{dyn(`[3, 5, 7, 0, 0]`), lng(0), str("linefit"), lng(2)}, "[[3.0,5.0,7.0,9.0,11.0],[0.0,0.0,0.0,0.0,0.0],[3.0,5.0,7.0,9.0,11.0],[0.0,0.0,0.0,-9.0,-11.0]]"},
		{"series_decompose", []targ{dyn(`[1, 2]`), lng(0), str("cubic")}, "error: unknown trend method"},
		{"series_decompose", []targ{dyn(`[1, 2]`), lng(0), str("avg"), lng(3)}, "error: test_points"},
		{"series_decompose", []targ{dyn(`[1, 2]`)}, "[[1.5,1.5],[0.0,0.0],[1.5,1.5],[-0.5,0.5]]"},
		{"series_decompose", []targ{dyn(`[1, 2, 1, 2, 1, 2, 1, 2]`)}, "error: automatic seasonality detection"},
		{"series_decompose", []targ{dyn(`[1, null]`), lng(0)}, "[null,null,null,null]"},
		{"series_decompose", []targ{dyn(`null`), lng(0)}, "null"},
	})
}

func TestDecomposeForecast(t *testing.T) {
	// Period 3 with a rising line; the last 3 points are the horizon.
	x := `[10, 20, 30, 11, 21, 31, 12, 22, 32, 0, 0, 0]`
	r := fntest.One(t, "series_decompose_forecast", dyn(x), lng(3), lng(3), str("linefit")).([]any)
	base := floats(t, r[0])
	// seasonal medians over the 9 learning points: 11, 21, 31; the
	// deseasoned learning points are -1, -1, -1, 0, 0, 0, 1, 1, 1.
	for i, v := range base[9:] {
		seasonal := []float64{11, 21, 31}[i]
		if v < seasonal+1 || v > seasonal+3 {
			t.Errorf("forecast %v", base)
		}
	}
	runCases(t, []tcase{
		{"series_decompose_forecast", []targ{dyn(`[1, 2, 3, 0]`), lng(1), lng(0), str("avg")}, "[[2.0,2.0,2.0,2.0],[0.0,0.0,0.0,0.0],[2.0,2.0,2.0,2.0],[-1.0,0.0,1.0,-2.0]]"},
		{"series_decompose_forecast", []targ{dyn(`[1, 2]`)}, "error: expects 2 to 5"},
		{"series_decompose_forecast", []targ{dyn(`[1, 2]`), lng(1)}, "[[1.0,1.0],[0.0,0.0],[1.0,1.0],[0.0,1.0]]"},
		{"series_decompose_forecast", []targ{dyn(`[1, 1, 1, 1, 1, 1, 1, 1, 0]`), lng(1)}, "error: automatic seasonality detection"},
	})
}

func TestDecomposeAnomalies(t *testing.T) {
	// A noisy level with one spike and one dip, no seasonality: the
	// residual is x - avg; with the "tukey" method the spike and dip are
	// flagged, the rest not. (A flat level would have a zero
	// inter-quartile range: the reason "ctukey" is the default.)
	x := `[5, 7, 6, 4, 5, 8, 30, 6, 5, 7, 4, -20, 6]`
	r := fntest.One(t, "series_decompose_anomalies", dyn(x), rl(1.5), lng(0), str("avg"), lng(0), str("tukey")).([]any)
	if got := show(r[0]); got != "[0,0,0,0,0,0,1,0,0,0,0,-1,0]" {
		t.Errorf("flags %s (scores %s)", got, show(r[1]))
	}
	scores := floats(t, r[1])
	if scores[6] <= 1.5 || scores[11] >= -1.5 {
		t.Errorf("scores %v", scores)
	}
	// The scores are series_outliers of the residual.
	dec := fntest.One(t, "series_decompose", dyn(x), lng(0), str("avg")).([]any)
	want := floats(t, fntest.One(t, "series_outliers", fntest.Lit(types.Dynamic, dec[3]), str("tukey")))
	for i := range want {
		if scores[i] != want[i] {
			t.Fatalf("scores %v, want %v", scores, want)
		}
	}
	// A higher threshold drops the flags.
	r = fntest.One(t, "series_decompose_anomalies", dyn(x), rl(100), lng(0)).([]any)
	if got := show(r[0]); got != "[0,0,0,0,0,0,0,0,0,0,0,0,0]" {
		t.Errorf("flags at threshold 100: %s", got)
	}
	runCases(t, []tcase{
		{"series_decompose_anomalies", []targ{dyn(`[1, 2]`)}, "[[0,0],[-0.3465757006884893,0.3465757006884893],[1.5,1.5]]"},
		{"series_decompose_anomalies", []targ{dyn(`[1, 2]`), rl(1.5), lng(-1)}, "[[0,0],[-0.3465757006884893,0.3465757006884893],[1.5,1.5]]"},
		{"series_decompose_anomalies", []targ{dyn(`[1, 2, 1, 2, 1, 2, 1, 2]`)}, "error: automatic seasonality detection"},
		// A constant learning part gives the same baseline with or
		// without a period, so detection cannot matter...
		{"series_decompose_anomalies", []targ{dyn(`[3, 3, 3, 3, 3, 3, 3, 3, 3]`), rl(1.5), lng(-1), str("linefit"), lng(1)}, "[[0,0,0,0,0,0,0,0,0],[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0],[3.0,3.0,3.0,3.0,3.0,3.0,3.0,3.0,3.0]]"},
		// ...except without trend, or when the average of the constant
		// is not exactly it (0.1 * 8 / 8), or when a phase has no learned
		// point.
		{"series_decompose_anomalies", []targ{dyn(`[3, 3, 3, 3, 3, 3, 3, 3]`), rl(1.5), lng(-1), str("none")}, "error: automatic seasonality detection"},
		{"series_decompose_anomalies", []targ{dyn(`[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]`)}, "error: automatic seasonality detection"},
		{"series_decompose_anomalies", []targ{dyn(`[3, 3, 3, 0, 0, 0, 0, 0]`), rl(1.5), lng(-1), str("avg"), lng(5)}, "error: automatic seasonality detection"},
		{"series_decompose_anomalies", []targ{dyn(`[1, 2]`), rl(1.5), lng(0), str("avg"), lng(0), str("zscore")}, "error: unknown outlier detection method"},
		{"series_decompose_anomalies", []targ{dyn(`[1, "x"]`), rl(1.5), lng(0)}, "[null,null,null]"},
	})
}
