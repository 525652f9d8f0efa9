package aggregates

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/dynamic"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "dcount", Kind: functions.Aggregate,
			Sig:  "dcount(expr[, accuracy: int]): long",
			Doc:  "Estimated number of distinct values of expr: exact up to 1000 distinct values (8000 at accuracy 2 and above), then a HyperLogLog estimate with Kusto's register counts.",
			Bind: bindDcount("dcount", false)},
		&functions.Func{Name: "dcountif", Kind: functions.Aggregate,
			Sig:  "dcountif(expr, predicate: bool[, accuracy: int]): long",
			Doc:  "dcount over the rows where predicate is true.",
			Bind: bindDcount("dcountif", true)},
		&functions.Func{Name: "count_distinct", Kind: functions.Aggregate,
			Sig:  "count_distinct(expr): long",
			Doc:  "Exact number of distinct values of expr.",
			Bind: bindCountDistinct("count_distinct", false)},
		&functions.Func{Name: "count_distinctif", Kind: functions.Aggregate,
			Sig:  "count_distinctif(expr, predicate: bool): long",
			Doc:  "Exact number of distinct values of expr over the rows where predicate is true.",
			Bind: bindCountDistinct("count_distinctif", true)},
	)
}

func bindDcount(name string, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		classes := []class{cScalar}
		req := 1
		if withPred {
			classes, req = append(classes, cBool), 2
		}
		classes = append(classes, cNotDyn)
		ts, err := check(name, args, req, req+1, classes...)
		if err != nil {
			return nil, err
		}
		acc := int64(1)
		if len(args) > req {
			if acc, err = constInt(name, args[req], "accuracy"); err != nil {
				return nil, err
			}
			if acc < 0 || acc > 4 {
				return nil, errorf("function '%s': accuracy must be 0, 1, 2, 3 or 4, got %d", name, acc)
			}
		}
		pred := -1
		if withPred {
			pred = 1
		}
		return &functions.Bound{Type: types.Long, ArgTypes: ts, Outputs: one(prefixName(name, args), types.Long),
			NewAgg: func() functions.Aggregator {
				return &dcountAgg{pred: pred, p: hllPrecision[acc], limit: exactLimit[acc]}
			}}, nil
	}
}

// dcountAgg counts distinct value hashes exactly per group until the
// group passes limit, then feeds them to a HyperLogLog sketch.
type dcountAgg struct {
	pred  int
	p     uint8
	limit int
	exact [][]uint64 // hashes of a group still counted exactly
	regs  [][]uint8  // sketch of a group past the limit
	seen  groupTable
}

func (a *dcountAgg) grow(n int) {
	a.exact = grow(a.exact, n)
	a.regs = grow(a.regs, n)
}

func (a *dcountAgg) add(g uint32, h uint64) {
	if r := a.regs[g]; r != nil {
		hllAdd(r, a.p, h)
		return
	}
	if a.seen.find(g, h, nil) >= 0 {
		return
	}
	a.seen.add(g, h, 0)
	a.exact[g] = append(a.exact[g], h)
	if len(a.exact[g]) > a.limit {
		a.toSketch(g)
	}
}

func (a *dcountAgg) toSketch(g uint32) {
	r := make([]uint8, 1<<a.p)
	for _, h := range a.exact[g] {
		hllAdd(r, a.p, h)
	}
	a.regs[g] = r
	a.exact[g] = nil
}

func (a *dcountAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	var dict []uint64
	if v.Strs != nil && v.Strs.Dict != nil && !v.IsConst() && v.Strs.Dict.Len() <= len(groups) {
		d := v.Strs.Dict
		dict = make([]uint64, d.Len())
		hash := dynamic.HashString
		if v.Type == types.Guid {
			hash = dynamic.HashGUID
		}
		for j := range dict {
			dict[j] = hash(d.At(j))
		}
	}
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) {
			continue
		}
		if dict != nil {
			a.add(g, dict[v.Strs.Codes[i]])
		} else {
			a.add(g, rowHash(v, i))
		}
	}
	return nil
}

func (a *dcountAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*dcountAgg)
	if !ok || o.p != a.p {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.exact))] {
		if r := o.regs[og]; r != nil {
			if a.regs[g] == nil {
				a.toSketch(g)
			}
			mine := a.regs[g]
			for j, x := range r {
				if x > mine[j] {
					mine[j] = x
				}
			}
			continue
		}
		for _, h := range o.exact[og] {
			a.add(g, h)
		}
	}
	return nil
}

func (a *dcountAgg) Result(n int) ([]*column.Vector, error) {
	a.grow(n)
	out := make([]int64, n)
	for g := range out {
		if r := a.regs[g]; r != nil {
			out[g] = int64(math.Round(hllEstimate(r, a.p)))
		} else {
			out[g] = int64(len(a.exact[g]))
		}
	}
	return []*column.Vector{column.FromInts(types.Long, out, nil)}, nil
}

func bindCountDistinct(name string, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		classes := []class{cNotDyn}
		req := 1
		pred := -1
		if withPred {
			classes, req, pred = append(classes, cBool), 2, 1
		}
		ts, err := check(name, args, req, req, classes...)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Long, ArgTypes: ts, Outputs: one(prefixName(name, args), types.Long),
			NewAgg: func() functions.Aggregator {
				return &countDistinctAgg{setAgg{pred: pred, limit: math.MaxInt}}
			}}, nil
	}
}

// countDistinctAgg is an exact distinct count: the values themselves are
// kept (as make_set keeps them), so that it never depends on a hash.
type countDistinctAgg struct{ setAgg }

func (a *countDistinctAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*countDistinctAgg)
	if !ok {
		return mismatch(a, other)
	}
	return a.setAgg.Merge(&o.setAgg, mapping)
}

func (a *countDistinctAgg) Result(n int) ([]*column.Vector, error) {
	a.lists = grow(a.lists, n)
	out := make([]int64, n)
	for g := range out {
		out[g] = int64(len(a.lists[g]))
	}
	return []*column.Vector{column.FromInts(types.Long, out, nil)}, nil
}
