package exec

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// decKeys holds decimal group keys exactly; canonical decimals are equal
// exactly when their structs are.
type decKeys struct {
	nullable
	vals []value.Dec
}

func (s *decKeys) append(v *column.Vector, i int) {
	if v.IsNull(i) {
		s.setNull(len(s.vals))
		s.vals = append(s.vals, value.Dec{})
		return
	}
	s.vals = append(s.vals, v.Dec(i))
}

func (s *decKeys) equal(g uint32, v *column.Vector, i int) bool {
	vn, sn := v.IsNull(i), s.nullAt(g)
	if vn || sn {
		return vn && sn
	}
	return s.vals[g] == v.Dec(i)
}

func (s *decKeys) build(_ types.Type, n int) *column.Vector {
	return column.FromDecs(s.vals[:n:n], s.bitmap(n))
}

func (s *decKeys) bytes() int64 { return int64(cap(s.vals) * 24) }
