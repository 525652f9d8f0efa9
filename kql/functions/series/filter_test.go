package series

import "testing"

func TestFilters(t *testing.T) {
	runCases(t, []tcase{
		// Moving averages: trailing by default, centered on request.
		{"series_fir", []targ{dyn(`[0, 0, 30, 0, 0]`), dyn(`[1, 1, 1]`)}, "[0.0,0.0,10.0,10.0,10.0]"},
		{"series_fir", []targ{dyn(`[0, 0, 30, 0, 0]`), dyn(`[1, 1, 1]`), bl(true), bl(true)}, "[0.0,10.0,10.0,10.0,0.0]"},
		// Differences: a negative coefficient turns normalization off.
		{"series_fir", []targ{dyn(`[1, 1, 4, 4, 6]`), dyn(`[1, -1]`)}, "[1.0,0.0,3.0,0.0,2.0]"},
		{"series_fir", []targ{dyn(`[1, 1, 4]`), dyn(`[1, -1]`), bl(true)}, "null"},
		{"series_fir", []targ{dyn(`[1, 2, 3]`), dyn(`[2]`), bl(false)}, "[2.0,4.0,6.0]"},
		{"series_fir", []targ{dyn(`[1, 2, 3]`), dyn(`[2]`)}, "[1.0,2.0,3.0]"},
		{"series_fir", []targ{dyn(`[1, null, 3]`), dyn(`[1]`)}, "null"},
		{"series_fir", []targ{dyn(`[1, 2]`), dyn(`[]`)}, "null"},
		{"series_fir", []targ{dyn(`[]`), dyn(`[1]`)}, "[]"},
		{"series_fir", []targ{dyn(`[1, 2, 3]`), dyn(`[1, 1]`), bl(true), bl(true)}, "error: even number"},
		{"series_fir", []targ{dyn(`[1]`), dyn(`[1]`), lng(1)}, "error: bool"},
		// IIR: cumulative sum, and a first-order smoother.
		{"series_iir", []targ{dyn(`[1, 2, 3, 4]`), dyn(`[1]`), dyn(`[1, -1]`)}, "[1.0,3.0,6.0,10.0]"},
		{"series_iir", []targ{dyn(`[2, 2, 2]`), dyn(`[0.5]`), dyn(`[1, -0.5]`)}, "[1.0,1.5,1.75]"},
		{"series_iir", []targ{dyn(`[4, 4]`), dyn(`[1]`), dyn(`[2]`)}, "[2.0,2.0]"},
		{"series_iir", []targ{dyn(`[1]`), dyn(`[1]`), dyn(`[0, 1]`)}, "null"},
		{"series_iir", []targ{dyn(`[1]`), dyn(`[1]`)}, "error: expects 3"},
	})
}
