package window

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/value"
)

// decCumsum is row_cumsum over decimals, exact; an overflow is an error.
func decCumsum(vs []*column.Vector, n int) (*column.Vector, error) {
	v := vs[0]
	out := make([]value.Dec, n)
	var s value.Dec
	for i := 0; i < n; i++ {
		if restartAt(vs, 1, i) {
			s = value.Dec{}
		}
		if !v.IsNull(i) {
			var err error
			if s, err = value.DecAdd(s, v.Dec(i)); err != nil {
				return nil, err
			}
		}
		out[i] = s
	}
	return column.FromDecs(out, nil), nil
}
