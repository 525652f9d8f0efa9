package series

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestFill(t *testing.T) {
	runCases(t, []tcase{
		{"series_fill_backward", []targ{dyn(`[7, null, 20, 25, null, null, 3, 9, null]`)}, "[7,20,20,25,3,3,3,9,null]"},
		{"series_fill_forward", []targ{dyn(`[null, null, 20, 25, null, null, 3, 9, null]`)}, "[null,null,20,25,25,25,3,9,9]"},
		{"series_fill_forward", []targ{dyn(`[1, 0, 2, 0]`), lng(0)}, "[1,1,2,2]"},
		{"series_fill_backward", []targ{dyn(`[-1, 5.5, -1]`), rl(-1)}, "[5.5,5.5,-1]"},
		{"series_fill_forward", []targ{dyn(`[]`)}, "[]"},
		{"series_fill_forward", []targ{dyn(`null`)}, "null"},
		// fill_const keeps the constant's type.
		{"series_fill_const", []targ{dyn(`[4, null, 6, null]`), rl(0)}, "[4,0.0,6,0.0]"},
		{"series_fill_const", []targ{dyn(`[4, null, 6, null]`), lng(-1)}, "[4,-1,6,-1]"},
		{"series_fill_const", []targ{dyn(`[4, 0, 6]`), lng(9), lng(0)}, "[4,9,6]"},
		{"series_fill_const", []targ{dyn(`[4, null]`), str("x")}, "error: number"},
		{"series_fill_const", []targ{dyn(`[4, null]`)}, "error: expects 2 to 3"},
		// fill_linear: reals interpolate exactly, all-integral arrays
		// truncate (the documented 73.5 -> 73, 32.67 -> 32, 24.33 -> 24).
		{"series_fill_linear", []targ{dyn(`[null, 10.0, null, 20.0, null]`)}, "[10.0,10.0,15.0,20.0,20.0]"},
		{"series_fill_linear", []targ{dyn(`[null, 100, null, 31, 40, null, null, 16, null]`)}, "[100,100,65,31,40,32,24,16,16]"},
		{"series_fill_linear", []targ{dyn(`[null, 100, null, 31, 40, null, null, 16, null]`), null(types.Real), bl(false)}, "[null,100,65,31,40,32,24,16,null]"},
		{"series_fill_linear", []targ{dyn(`[1, null, 2.5]`)}, "[1,1.75,2.5]"},
		{"series_fill_linear", []targ{dyn(`[null, null, null]`)}, "[0.0,0.0,0.0]"},
		{"series_fill_linear", []targ{dyn(`[null, null]`), null(types.Real), bl(false)}, "[0.0,0.0]"},
		{"series_fill_linear", []targ{dyn(`[null, null]`), null(types.Real), bl(true), rl(2.5)}, "[2.5,2.5]"},
		{"series_fill_linear", []targ{dyn(`[null, null]`), null(types.Real), bl(true), null(types.Real)}, "[null,null]"},
		{"series_fill_linear", []targ{dyn(`[0, 5, 0, 0, 8]`), lng(0)}, "[5,5,6,7,8]"},
		{"series_fill_linear", []targ{dyn(`[-10, null, -3]`)}, "[-10,-6,-3]"},
		{"series_fill_linear", []targ{dyn(`[1]`), lng(0), bl(true), rl(0), rl(1)}, "error: expects 1 to 4"},
	})
}
