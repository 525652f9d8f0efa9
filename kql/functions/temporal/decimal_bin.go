package temporal

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// bin and bin_at of decimals, exact: floor(x / size) × size. A size that
// is not positive gives null, as for other numbers.

func binDecs(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	v, s := args[0], args[1]
	var err error
	out := functions.StrictRows(types.Decimal, args, n, func(i int) (value.Dec, bool) {
		r, ok, e := value.DecBin(v.Dec(i), s.Dec(i))
		if e != nil {
			err = e
		}
		return r, ok && e == nil
	})
	return out, err
}

func binAtDecs(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	v, s, f := args[0], args[1], args[2]
	var err error
	out := functions.StrictRows(types.Decimal, args, n, func(i int) (value.Dec, bool) {
		d, e := value.DecSub(v.Dec(i), f.Dec(i))
		if e != nil {
			err = e
			return value.Dec{}, false
		}
		r, ok, e := value.DecBin(d, s.Dec(i))
		if e == nil && ok {
			r, e = value.DecAdd(r, f.Dec(i))
		}
		if e != nil {
			err = e
		}
		return r, ok && e == nil
	})
	return out, err
}
