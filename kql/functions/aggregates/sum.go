package aggregates

import (
	"math"
	"math/bits"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "sum", Kind: functions.Aggregate,
			Sig:  "sum(expr): same type (int promoted to long)",
			Doc:  "Sum of expr over the group; nulls are skipped; 0 for an empty group.",
			Bind: bindSum("sum", false)},
		&functions.Func{Name: "sumif", Kind: functions.Aggregate,
			Sig:  "sumif(expr, predicate: bool): same type (int promoted to long)",
			Doc:  "Sum of expr over the rows where predicate is true.",
			Bind: bindSum("sumif", true)},
		&functions.Func{Name: "avg", Kind: functions.Aggregate,
			Sig:  "avg(expr): real (decimal, timespan, datetime keep their type)",
			Doc:  "Average of expr over the group; nulls are skipped.",
			Bind: bindAvg("avg", false)},
		&functions.Func{Name: "avgif", Kind: functions.Aggregate,
			Sig:  "avgif(expr, predicate: bool): real (decimal, timespan, datetime keep their type)",
			Doc:  "Average of expr over the rows where predicate is true.",
			Bind: bindAvg("avgif", true)},
	)
}

func bindSum(name string, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		n := 1
		classes := []class{cSummable}
		if withPred {
			n, classes = 2, []class{cSummable, cBool}
		}
		ts, err := check(name, args, n, n, classes...)
		if err != nil {
			return nil, err
		}
		t := ts[0]
		switch t {
		case types.Int, types.Unknown:
			t = types.Long
		}
		ts[0] = t
		pred := -1
		if withPred {
			pred = 1
		}
		if t == types.Decimal {
			return &functions.Bound{Type: t, ArgTypes: ts, Outputs: one(prefixName(name, args), t),
				NewAgg: func() functions.Aggregator { return &decSumAgg{pred: pred} }}, nil
		}
		return &functions.Bound{Type: t, ArgTypes: ts, Outputs: one(prefixName(name, args), t),
			NewAgg: func() functions.Aggregator { return &sumAgg{t: t, pred: pred} }}, nil
	}
}

// sumAgg sums ints (long, timespan, datetime: wrapping on overflow, as
// 64-bit arithmetic does) or reals.
type sumAgg struct {
	t     types.Type
	pred  int
	ints  []int64
	reals []float64
}

func (a *sumAgg) Update(groups []uint32, args []*column.Vector) error {
	n := groupsLen(groups)
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	if storeOf(a.t) == stReal {
		a.reals = grow(a.reals, n)
		for i, g := range groups {
			if v.IsNull(i) || (p != nil && !truthy(p, i)) {
				continue
			}
			a.reals[g] += v.Real(i)
		}
		return nil
	}
	a.ints = grow(a.ints, n)
	if p == nil && !v.IsConst() && !v.HasNulls() {
		xs := v.Ints[:len(groups)]
		for i, g := range groups {
			a.ints[g] += xs[i]
		}
		return nil
	}
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		a.ints[g] += v.Int(i)
	}
	return nil
}

func (a *sumAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*sumAgg)
	if !ok {
		return mismatch(a, other)
	}
	n := groupsLen(mapping)
	if storeOf(a.t) == stReal {
		a.reals = grow(a.reals, n)
		for og, g := range mapping[:min(len(mapping), len(o.reals))] {
			a.reals[g] += o.reals[og]
		}
		return nil
	}
	a.ints = grow(a.ints, n)
	for og, g := range mapping[:min(len(mapping), len(o.ints))] {
		a.ints[g] += o.ints[og]
	}
	return nil
}

func (a *sumAgg) Result(n int) ([]*column.Vector, error) {
	if storeOf(a.t) == stReal {
		a.reals = grow(a.reals, n)
		return []*column.Vector{column.FromReals(a.t, append([]float64(nil), a.reals[:n]...), nil)}, nil
	}
	a.ints = grow(a.ints, n)
	return []*column.Vector{column.FromInts(a.t, append([]int64(nil), a.ints[:n]...), nil)}, nil
}

func bindAvg(name string, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		n := 1
		classes := []class{cSummable}
		if withPred {
			n, classes = 2, []class{cSummable, cBool}
		}
		ts, err := check(name, args, n, n, classes...)
		if err != nil {
			return nil, err
		}
		in, out := ts[0], ts[0]
		switch in {
		case types.Int, types.Long, types.Unknown:
			in, out = types.Long, types.Real
		}
		ts[0] = in
		pred := -1
		if withPred {
			pred = 1
		}
		if in == types.Decimal {
			return &functions.Bound{Type: out, ArgTypes: ts, Outputs: one(prefixName(name, args), out),
				NewAgg: func() functions.Aggregator { return &decSumAgg{pred: pred, avg: true} }}, nil
		}
		return &functions.Bound{Type: out, ArgTypes: ts, Outputs: one(prefixName(name, args), out),
			NewAgg: func() functions.Aggregator { return &avgAgg{in: in, out: out, pred: pred} }}, nil
	}
}

// avgAgg averages reals in float64 and integers (long, timespan,
// datetime) in an exact 128-bit sum, so that averaging datetimes (about
// 6e17 ticks each) cannot overflow.
type avgAgg struct {
	in, out types.Type
	pred    int
	n       []int64
	reals   []float64
	hi      []int64
	lo      []uint64
}

func (a *avgAgg) grow(n int) {
	a.n = grow(a.n, n)
	if storeOf(a.in) == stReal {
		a.reals = grow(a.reals, n)
	} else {
		a.hi = grow(a.hi, n)
		a.lo = grow(a.lo, n)
	}
}

func (a *avgAgg) add128(g uint32, x int64) {
	lo, carry := bits.Add64(a.lo[g], uint64(x), 0)
	a.lo[g] = lo
	a.hi[g] += int64(carry) + (x >> 63) // sign-extend x into the high word
}

func (a *avgAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	real := storeOf(a.in) == stReal
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		a.n[g]++
		if real {
			a.reals[g] += v.Real(i)
		} else {
			a.add128(g, v.Int(i))
		}
	}
	return nil
}

func (a *avgAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*avgAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.n))] {
		a.n[g] += o.n[og]
		if storeOf(a.in) == stReal {
			a.reals[g] += o.reals[og]
			continue
		}
		lo, carry := bits.Add64(a.lo[g], o.lo[og], 0)
		a.lo[g] = lo
		a.hi[g] += o.hi[og] + int64(carry)
	}
	return nil
}

// quo128 divides the signed 128-bit hi:lo by n > 0, rounding toward zero.
func quo128(hi int64, lo uint64, n int64) int64 {
	neg := hi < 0
	uh, ul := uint64(hi), lo
	if neg {
		ul = ^ul + 1
		uh = ^uh
		if ul == 0 {
			uh++
		}
	}
	d := uint64(n)
	qh := uh / d
	ql, _ := bits.Div64(uh%d, ul, d)
	q := int64(ql)
	if qh != 0 {
		q = math.MaxInt64 // out of range for the result type anyway
	}
	if neg {
		return -q
	}
	return q
}

func (a *avgAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	valid := make([]bool, n)
	if storeOf(a.out) == stReal {
		out := make([]float64, n)
		for g := 0; g < n; g++ {
			switch {
			case a.n[g] == 0 && a.out == types.Real:
				out[g], valid[g] = math.NaN(), true
			case a.n[g] == 0:
			case storeOf(a.in) == stReal:
				out[g], valid[g] = a.reals[g]/float64(a.n[g]), true
			default:
				sum := float64(a.hi[g])*18446744073709551616.0 + float64(a.lo[g])
				out[g], valid[g] = sum/float64(a.n[g]), true
			}
		}
		return []*column.Vector{column.FromReals(a.out, out, nullsOf(valid))}, nil
	}
	out := make([]int64, n)
	for g := 0; g < n; g++ {
		if a.n[g] > 0 {
			out[g], valid[g] = quo128(a.hi[g], a.lo[g], a.n[g]), true
		}
	}
	return []*column.Vector{column.FromInts(a.out, out, nullsOf(valid))}, nil
}
