package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	reg := func(name, doc string, pop, withPred bool) *functions.Func {
		sig := name + "(x, y): real"
		if withPred {
			sig = name + "(x, y, predicate: bool): real"
		}
		return &functions.Func{Name: name, Kind: functions.Aggregate, Sig: sig, Doc: doc, Bind: bindCovariance(name, pop, withPred)}
	}
	functions.Register(
		reg("covariance", "Sample covariance of x and y (0 for fewer than two pairs).", false, false),
		reg("covarianceif", "Sample covariance of x and y over the rows where predicate is true.", false, true),
		reg("covariancep", "Population covariance of x and y.", true, false),
		reg("covariancepif", "Population covariance of x and y over the rows where predicate is true.", true, true),
		&functions.Func{Name: "variancepif", Kind: functions.Aggregate, Sig: "variancepif(expr, predicate: bool): real",
			Doc: "Population variance of expr over the rows where predicate is true.", Bind: bindStat("variancepif", statVarianceP, true)},
	)
}

func bindCovariance(name string, pop, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		classes := []class{cSummable, cSummable}
		req, pred := 2, -1
		if withPred {
			classes, req, pred = append(classes, cBool), 3, 2
		}
		ts, err := check(name, args, req, req, classes...)
		if err != nil {
			return nil, err
		}
		for i := 0; i < 2; i++ {
			if ts[i].IsNumeric() || ts[i] == types.Unknown {
				ts[i] = types.Real
			}
		}
		// The documentation names the column after both arguments
		// (covariance_x_y); an expression argument leaves the generic
		// prefix rule.
		out := prefixName(name, args)
		if args[0].Name != "" && args[1].Name != "" {
			out = name + "_" + args[0].Name + "_" + args[1].Name
		}
		return &functions.Bound{Type: types.Real, ArgTypes: ts, Outputs: one(out, types.Real),
			NewAgg: func() functions.Aggregator { return &covAgg{pop: pop, pred: pred} }}, nil
	}
}

// covAgg keeps count, both means and the co-moment Σ(x-x̄)(y-ȳ) per
// group, updated one pair at a time (the bivariate form of Welford's
// update) and merged with Chan et al.'s formula. Rows where x or y is
// null are skipped; datetimes and timespans enter as ticks.
type covAgg struct {
	pop    bool
	pred   int
	n      []float64
	mx, my []float64
	c      []float64
}

func (a *covAgg) grow(n int) {
	a.n, a.mx, a.my, a.c = grow(a.n, n), grow(a.mx, n), grow(a.my, n), grow(a.c, n)
}

func number(v *column.Vector, i int) float64 {
	if v.Type.IsTemporal() {
		return float64(v.Int(i))
	}
	return v.Real(i)
}

func (a *covAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	xv, yv := args[0], args[1]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	for i, g := range groups {
		if xv.IsNull(i) || yv.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		x, y := number(xv, i), number(yv, i)
		a.n[g]++
		dx := x - a.mx[g]
		a.mx[g] += dx / a.n[g]
		a.my[g] += (y - a.my[g]) / a.n[g]
		a.c[g] += dx * (y - a.my[g])
	}
	return nil
}

func (a *covAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*covAgg)
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
		dx, dy := o.mx[og]-a.mx[g], o.my[og]-a.my[g]
		a.c[g] += o.c[og] + dx*dy*na*nb/n
		a.mx[g] += dx * nb / n
		a.my[g] += dy * nb / n
		a.n[g] = n
	}
	return nil
}

func (a *covAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := make([]float64, n)
	valid := make([]bool, n)
	for g := range out {
		cnt := a.n[g]
		if a.pop {
			// Like variancep: no pairs, no value.
			if cnt > 0 {
				out[g], valid[g] = a.c[g]/cnt, true
			}
			continue
		}
		// Like variance: 0 for fewer than two pairs.
		if cnt > 1 {
			out[g] = a.c[g] / (cnt - 1)
		}
		valid[g] = true
	}
	return []*column.Vector{column.FromReals(types.Real, out, nullsOf(valid))}, nil
}
