package network

import "github.com/quarryhunt/quarry/column"

// constLong returns the value of a constant long argument; ok is false
// when the argument varies by row, null is true when it is null.
func constLong(v *column.Vector) (x int64, null, ok bool) {
	if !v.IsConst() {
		return 0, false, false
	}
	if v.IsNull(0) {
		return 0, true, true
	}
	return v.Int(0), false, true
}
