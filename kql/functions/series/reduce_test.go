package series

import (
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func TestReductions(t *testing.T) {
	runCases(t, []tcase{
		{"series_sum", []targ{dyn(`[2, 3, 5.5]`)}, "10.5"},
		{"series_sum", []targ{dyn(`[2, "x", null, 3]`)}, "5.0"},
		{"series_sum", []targ{dyn(`[]`)}, "null"},
		{"series_sum", []targ{dyn(`null`)}, "null"},
		{"series_sum", []targ{lng(3)}, "error: dynamic array"},
		{"series_product", []targ{dyn(`[2, 3, 4]`)}, "24.0"},
		{"series_product", []targ{dyn(`[1e308, 10]`)}, "+Inf"},
		{"series_magnitude", []targ{dyn(`[3, 4]`)}, "5.0"},
		{"series_magnitude", []targ{dyn(`[2, 3, 5, 7]`)}, "9.327379053088816"},
		{"series_magnitude", []targ{dyn(`[]`)}, "null"},
		// Dot product: the documented shape, truncation and broadcast.
		{"series_dot_product", []targ{dyn(`[2, 4, 8]`), dyn(`[8, 4, 2]`)}, "48.0"},
		{"series_dot_product", []targ{dyn(`[1, 2, 3]`), dyn(`[4, 5]`)}, "14.0"},
		{"series_dot_product", []targ{dyn(`[1, 2, 3]`), lng(2)}, "12.0"},
		{"series_dot_product", []targ{rl(0.5), dyn(`[2, 4]`)}, "3.0"},
		{"series_dot_product", []targ{dyn(`[1, "a", 3]`), dyn(`[1, 1, 1]`)}, "4.0"},
		{"series_dot_product", []targ{dyn(`[]`), dyn(`[1]`)}, "null"},
		{"series_dot_product", []targ{lng(1), lng(2)}, "error: at least one"},
		// Cosine similarity; given magnitudes are used as they are.
		{"series_cosine_similarity", []targ{dyn(`[1, 0]`), dyn(`[0, 1]`)}, "0.0"},
		{"series_cosine_similarity", []targ{dyn(`[1, 2]`), dyn(`[2, 4]`)}, "0.9999999999999998"},
		{"series_cosine_similarity", []targ{dyn(`[1, 2]`), dyn(`[2, 4]`), rl(1), rl(1)}, "10.0"},
		{"series_cosine_similarity", []targ{dyn(`[1, 2]`), dyn(`[]`)}, "null"},
		{"series_cosine_similarity", []targ{dyn(`[1, 2]`), dyn(`[2, 4]`), null(types.Real)}, "null"},
		// Pearson: null on non-numbers or different lengths.
		{"series_pearson_correlation", []targ{dyn(`[1, 2, 3, 4]`), dyn(`[3, 6, 9, 12]`)}, "1.0"},
		{"series_pearson_correlation", []targ{dyn(`[1, 2, 3]`), dyn(`[3, 2, 1]`)}, "-1.0"},
		{"series_pearson_correlation", []targ{dyn(`[1, 2, 3]`), dyn(`[3, 2]`)}, "null"},
		{"series_pearson_correlation", []targ{dyn(`[1, null, 3]`), dyn(`[3, 2, 1]`)}, "null"},
		{"series_pearson_correlation", []targ{dyn(`[1, 1, 1]`), dyn(`[3, 2, 1]`)}, "NaN"},
	})
}

// TestCosineDocumentedShape re-expresses the documentation's example:
// nearly parallel vectors score close to 1.
func TestCosineDocumentedShape(t *testing.T) {
	got := fntest.One(t, "series_cosine_similarity", dyn(`[0.2, 0.4, 0.2, 0.4]`), dyn(`[1, 2, 3, 4]`)).(float64)
	want := (0.2 + 0.8 + 0.6 + 1.6) / (math.Sqrt(0.4) * math.Sqrt(30))
	if !near(got, want) {
		t.Errorf("cosine = %v, want %v", got, want)
	}
}
