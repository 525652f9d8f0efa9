package numeric

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Exact abs, round and ceiling of decimals (value.Dec).

func decAbs(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapValues(types.Decimal, args[0], n, func(x value.Dec) (value.Dec, bool) { return x.Abs(), true }), nil
}

// decRound rounds half away from zero to prec fractional digits, as round
// does for reals.
func decRound(v, prec *column.Vector, n int) (*column.Vector, error) {
	var err error
	out := functions.StrictRows(types.Decimal, []*column.Vector{v, prec}, n, func(i int) (value.Dec, bool) {
		d := prec.Int(i)
		d = max(min(d, 100), -100)
		r, e := value.DecRound(v.Dec(i), int(d))
		if e != nil {
			err = e
			return value.Dec{}, false
		}
		return r, true
	})
	return out, err
}

func decCeiling(v *column.Vector, n int) (*column.Vector, error) {
	var err error
	out := functions.MapValues(types.Decimal, v, n, func(x value.Dec) (value.Dec, bool) {
		f, e := value.DecFloor(x.Negate(), 0)
		if e != nil {
			err = e
			return value.Dec{}, false
		}
		return f.Negate(), true
	})
	return out, err
}
