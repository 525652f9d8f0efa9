package aggregates

import (
	"math"
	"slices"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Percentiles are computed exactly with the nearest-rank definition Kusto
// documents (the smallest value such that P percent of the values are
// less or equal; P=0 is the minimum). Kusto estimates them with a
// t-digest whose rank error is within 1%; the exact answer is always
// inside that bound. Every value of a group is kept until the result.

func init() {
	functions.Register(
		&functions.Func{Name: "percentile", Kind: functions.Aggregate,
			Sig: "percentile(expr, percentile: real)", Doc: "Nearest-rank percentile of expr.",
			Bind: bindPercentile("percentile", false, false, true)},
		&functions.Func{Name: "percentiles", Kind: functions.Aggregate,
			Sig: "percentiles(expr, percentile1, ...)", Doc: "Nearest-rank percentiles of expr, one column each (percentile_<expr>_<P>).",
			Bind: bindPercentile("percentiles", false, false, false)},
		&functions.Func{Name: "percentiles_array", Kind: functions.Aggregate,
			Sig: "percentiles_array(expr, percentile1, ... | percentiles: dynamic): dynamic", Doc: "Nearest-rank percentiles of expr as one array.",
			Bind: bindPercentile("percentiles_array", false, true, false)},
		&functions.Func{Name: "percentilew", Kind: functions.Aggregate,
			Sig: "percentilew(expr, weight: long, percentile: real)", Doc: "Weighted nearest-rank percentile of expr.",
			Bind: bindPercentile("percentilew", true, false, true)},
		&functions.Func{Name: "percentilesw", Kind: functions.Aggregate,
			Sig: "percentilesw(expr, weight: long, percentile1, ...)", Doc: "Weighted nearest-rank percentiles of expr, one column each.",
			Bind: bindPercentile("percentilesw", true, false, false)},
		&functions.Func{Name: "percentilesw_array", Kind: functions.Aggregate,
			Sig: "percentilesw_array(expr, weight: long, percentile1, ... | percentiles: dynamic): dynamic", Doc: "Weighted nearest-rank percentiles of expr as one array.",
			Bind: bindPercentile("percentilesw_array", true, true, false)},
	)
}

func bindPercentile(name string, weighted, array, single bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		first := 1
		if weighted {
			first = 2
		}
		max := -1
		if single {
			max = first + 1
		}
		classes := []class{cSummable}
		if weighted {
			classes = append(classes, cInteger)
		}
		classes = append(classes, cScalar)
		ts, err := check(name, args, first+1, max, classes...)
		if err != nil {
			return nil, err
		}
		t := ts[0]
		switch t {
		case types.Int, types.Unknown:
			t = types.Long
		case types.Decimal:
			t = types.Real
		}
		ts[0] = t
		if weighted {
			ts[1] = types.Long
		}
		var ps []float64
		for _, a := range args[first:] {
			if array && a.Type == types.Dynamic && len(args) == first+1 {
				arr, ok := a.Value.([]any)
				if !a.IsConst || !ok {
					return nil, errorf("function '%s': the percentiles must be a constant dynamic array of numbers", name)
				}
				for _, x := range arr {
					f, err := constNumber(name, functions.Arg{IsConst: true, Value: x}, "each percentile")
					if err != nil {
						return nil, err
					}
					ps = append(ps, f)
				}
				continue
			}
			if !a.Type.IsNumeric() && a.Type != types.Unknown {
				return nil, errorf("function '%s': a percentile must be a number, got %s", name, a.Type)
			}
			f, err := constNumber(name, a, "each percentile")
			if err != nil {
				return nil, err
			}
			ps = append(ps, f)
		}
		for _, p := range ps {
			if p < 0 || p > 100 || p != p {
				return nil, errorf("function '%s': percentiles must be between 0 and 100, got %v", name, p)
			}
		}
		var outs types.Schema
		if array {
			outs = one("percentiles_"+args[0].Name, types.Dynamic)
		} else {
			for _, p := range ps {
				outs = append(outs, types.Column{Name: "percentile_" + args[0].Name + "_" + numberFragment(p), Type: t})
			}
		}
		rt := t
		if array {
			rt = types.Dynamic
		}
		w := -1
		if weighted {
			w = 1
		}
		return &functions.Bound{Type: rt, ArgTypes: ts, Outputs: outs,
			NewAgg: func() functions.Aggregator { return &pctAgg{t: t, ps: ps, weight: w, array: array} }}, nil
	}
}

// pctAgg keeps every value (and weight) of each group.
type pctAgg struct {
	t       types.Type
	ps      []float64
	weight  int
	array   bool
	ints    [][]int64
	reals   [][]float64
	weights [][]int64
}

func (a *pctAgg) isReal() bool { return storeOf(a.t) == stReal }

func (a *pctAgg) grow(n int) {
	if a.isReal() {
		a.reals = grow(a.reals, n)
	} else {
		a.ints = grow(a.ints, n)
	}
	if a.weight >= 0 {
		a.weights = grow(a.weights, n)
	}
}

func (a *pctAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	v := args[0]
	var w *column.Vector
	if a.weight >= 0 {
		w = args[a.weight]
	}
	real := a.isReal()
	for i, g := range groups {
		if v.IsNull(i) {
			continue
		}
		if w != nil {
			if w.IsNull(i) || w.Int(i) <= 0 {
				continue
			}
			a.weights[g] = append(a.weights[g], w.Int(i))
		}
		if real {
			x := v.Real(i)
			if x != x {
				if w != nil {
					a.weights[g] = a.weights[g][:len(a.weights[g])-1]
				}
				continue
			}
			a.reals[g] = append(a.reals[g], x)
		} else {
			a.ints[g] = append(a.ints[g], v.Int(i))
		}
	}
	return nil
}

func (a *pctAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*pctAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping {
		if a.isReal() {
			if og < len(o.reals) {
				a.reals[g] = append(a.reals[g], o.reals[og]...)
			}
		} else if og < len(o.ints) {
			a.ints[g] = append(a.ints[g], o.ints[og]...)
		}
		if a.weight >= 0 && og < len(o.weights) {
			a.weights[g] = append(a.weights[g], o.weights[og]...)
		}
	}
	return nil
}

// ranks returns, for each percentile, the position in sorted order of
// the nearest-rank value among n values (or with weights, the first
// position whose cumulative weight reaches P percent of the total).
func ranks(ps []float64, n int, sortedWeights []int64) []int {
	out := make([]int, len(ps))
	if sortedWeights == nil {
		for k, p := range ps {
			r := int(math.Ceil(p*float64(n)/100 - 1e-9))
			if r < 1 {
				r = 1
			}
			if r > n {
				r = n
			}
			out[k] = r - 1
		}
		return out
	}
	var total float64
	for _, w := range sortedWeights {
		total += float64(w)
	}
	for k, p := range ps {
		target := p * total / 100
		cum := 0.0
		out[k] = n - 1
		for i, w := range sortedWeights {
			cum += float64(w)
			if cum >= target-1e-9*total && (p > 0 || i == 0) {
				out[k] = i
				break
			}
		}
	}
	return out
}

func (a *pctAgg) box(x int64) any {
	switch a.t {
	case types.DateTime:
		return value.DateTime(x)
	case types.TimeSpan:
		return value.TimeSpan(x)
	}
	return x
}

func (a *pctAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	cols := make([]*column.Builder, len(a.ps))
	var arrays []any
	if a.array {
		arrays = make([]any, n)
	} else {
		for k := range cols {
			cols[k] = column.NewBuilder(a.t, n)
		}
	}
	for g := 0; g < n; g++ {
		var cnt int
		var ws []int64
		if a.isReal() {
			cnt = len(a.reals[g])
		} else {
			cnt = len(a.ints[g])
		}
		if a.weight >= 0 {
			ws = a.weights[g]
		}
		if cnt == 0 {
			if !a.array {
				for _, c := range cols {
					c.AppendNull()
				}
			}
			continue
		}
		// Sort values (carrying weights along).
		if a.isReal() {
			xs := a.reals[g]
			if ws != nil {
				sort.Sort(byValue[float64]{xs, ws})
			} else {
				slices.Sort(xs)
			}
		} else {
			xs := a.ints[g]
			if ws != nil {
				sort.Sort(byValue[int64]{xs, ws})
			} else {
				slices.Sort(xs)
			}
		}
		rs := ranks(a.ps, cnt, ws)
		row := make([]any, len(rs))
		for k, r := range rs {
			if a.isReal() {
				row[k] = a.reals[g][r]
			} else {
				row[k] = a.box(a.ints[g][r])
			}
		}
		if a.array {
			arrays[g] = row
			continue
		}
		for k, c := range cols {
			c.AppendValue(row[k])
		}
	}
	if a.array {
		return []*column.Vector{column.FromDyns(arrays)}, nil
	}
	out := make([]*column.Vector, len(cols))
	for k, c := range cols {
		out[k] = c.Build()
	}
	return out, nil
}

// byValue sorts values and their weights together.
type byValue[T int64 | float64] struct {
	xs []T
	ws []int64
}

func (b byValue[T]) Len() int           { return len(b.xs) }
func (b byValue[T]) Less(i, j int) bool { return b.xs[i] < b.xs[j] }
func (b byValue[T]) Swap(i, j int) {
	b.xs[i], b.xs[j] = b.xs[j], b.xs[i]
	b.ws[i], b.ws[j] = b.ws[j], b.ws[i]
}
