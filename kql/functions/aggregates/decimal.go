package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/value"
)

// decSumAgg is sum and avg of decimals, exact. sum of an empty group is
// 0 and avg null. An overflow is an error, as is an average whose
// quotient has no exact 38-digit value (value.DecDiv).
type decSumAgg struct {
	pred int
	avg  bool
	sums []value.Dec
	n    []int64
}

func (a *decSumAgg) grow(n int) {
	a.sums = grow(a.sums, n)
	a.n = grow(a.n, n)
}

func (a *decSumAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		s, err := value.DecAdd(a.sums[g], v.Dec(i))
		if err != nil {
			return err
		}
		a.sums[g] = s
		a.n[g]++
	}
	return nil
}

func (a *decSumAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*decSumAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.sums))] {
		s, err := value.DecAdd(a.sums[g], o.sums[og])
		if err != nil {
			return err
		}
		a.sums[g] = s
		a.n[g] += o.n[og]
	}
	return nil
}

func (a *decSumAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := append([]value.Dec(nil), a.sums[:n]...)
	if !a.avg {
		return []*column.Vector{column.FromDecs(out, nil)}, nil
	}
	valid := make([]bool, n)
	for g := range out {
		if a.n[g] == 0 {
			continue
		}
		q, _, err := value.DecDiv(out[g], value.DecFromInt(a.n[g]))
		if err != nil {
			return nil, err
		}
		out[g], valid[g] = q, true
	}
	return []*column.Vector{column.FromDecs(out, nullsOf(valid))}, nil
}
