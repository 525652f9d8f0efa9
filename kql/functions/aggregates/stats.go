package aggregates

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

type statKind uint8

const (
	statVariance  statKind = iota // sample variance
	statStdev                     // sample standard deviation
	statVarianceP                 // population variance
	statStdevP                    // population standard deviation
)

func init() {
	reg := func(name, doc string, k statKind, withPred bool) *functions.Func {
		sig := name + "(expr): real"
		if withPred {
			sig = name + "(expr, predicate: bool): real"
		}
		return &functions.Func{Name: name, Kind: functions.Aggregate, Sig: sig, Doc: doc, Bind: bindStat(name, k, withPred)}
	}
	functions.Register(
		reg("stdev", "Sample standard deviation of expr (0 for fewer than two values).", statStdev, false),
		reg("stdevif", "Sample standard deviation of expr over the rows where predicate is true.", statStdev, true),
		reg("stdevp", "Population standard deviation of expr.", statStdevP, false),
		reg("variance", "Sample variance of expr (0 for fewer than two values).", statVariance, false),
		reg("varianceif", "Sample variance of expr over the rows where predicate is true.", statVariance, true),
		reg("variancep", "Population variance of expr.", statVarianceP, false),
	)
}

func bindStat(name string, k statKind, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		classes := []class{cSummable}
		req, pred := 1, -1
		if withPred {
			classes, req, pred = append(classes, cBool), 2, 1
		}
		ts, err := check(name, args, req, req, classes...)
		if err != nil {
			return nil, err
		}
		if ts[0].IsNumeric() || ts[0] == types.Unknown {
			ts[0] = types.Real
		}
		return &functions.Bound{Type: types.Real, ArgTypes: ts, Outputs: one(prefixName(name, args), types.Real),
			NewAgg: func() functions.Aggregator { return &statAgg{kind: k, pred: pred} }}, nil
	}
}

// statAgg keeps count, mean and the sum of squared deviations per group
// (Welford's update; Chan et al.'s formula to merge), which stays accurate
// where sum-of-squares formulas cancel catastrophically. Datetimes and
// timespans enter as ticks.
type statAgg struct {
	kind statKind
	pred int
	n    []float64
	mean []float64
	m2   []float64
}

func (a *statAgg) grow(n int) {
	a.n = grow(a.n, n)
	a.mean = grow(a.mean, n)
	a.m2 = grow(a.m2, n)
}

func (a *statAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	ticks := v.Type.IsTemporal()
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		var x float64
		if ticks {
			x = float64(v.Int(i))
		} else {
			x = v.Real(i)
		}
		a.n[g]++
		d := x - a.mean[g]
		a.mean[g] += d / a.n[g]
		a.m2[g] += d * (x - a.mean[g])
	}
	return nil
}

func (a *statAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*statAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.n))] {
		nb := o.n[og]
		if nb == 0 {
			continue
		}
		na := a.n[g]
		n := na + nb
		d := o.mean[og] - a.mean[g]
		a.mean[g] += d * nb / n
		a.m2[g] += o.m2[og] + d*d*na*nb/n
		a.n[g] = n
	}
	return nil
}

func (a *statAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := make([]float64, n)
	valid := make([]bool, n)
	for g := range out {
		cnt := a.n[g]
		var v float64
		switch a.kind {
		case statVariance, statStdev:
			// Kusto's documented default for an empty group is 0, and a
			// single value has no spread.
			if cnt > 1 {
				v = a.m2[g] / (cnt - 1)
			}
			valid[g] = true
		default:
			if cnt > 0 {
				v = a.m2[g] / cnt
				valid[g] = true
			}
		}
		if a.kind == statStdev || a.kind == statStdevP {
			v = math.Sqrt(v)
		}
		out[g] = v
	}
	return []*column.Vector{column.FromReals(types.Real, out, nullsOf(valid))}, nil
}
