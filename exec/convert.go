package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// convertVector changes v to type t with the catalog's conversion rules,
// so that implicit conversions in the executor and tostring(), tolong()
// ... agree on every corner.
func convertVector(v *column.Vector, t types.Type) (*column.Vector, error) {
	return functions.Convert(v, t)
}

// convertValue converts one boxed value to type t; ok is false when it
// has no image (null).
func convertValue(x any, t types.Type) (any, bool) {
	y := functions.ConvertValue(x, t)
	return y, y != nil
}
