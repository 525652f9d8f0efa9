package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "count", Kind: functions.Aggregate,
			Sig:  "count(): long",
			Doc:  "Number of rows in the group. (count(predicate), an obsolete form, counts the rows where it is true, like countif; count(expr) of another type counts every row.)",
			Bind: bindCount},
		&functions.Func{Name: "countif", Kind: functions.Aggregate,
			Sig:  "countif(predicate: bool): long",
			Doc:  "Number of rows for which predicate is true.",
			Bind: bindCountIf},
	)
}

func bindCount(args []functions.Arg) (*functions.Bound, error) {
	if len(args) == 1 && args[0].Type == types.Bool {
		b, err := bindCountIf(args)
		if err != nil {
			return nil, err
		}
		b.Outputs = one(prefixName("count", args), types.Long)
		return b, nil
	}
	if len(args) == 1 && !args[0].Star {
		// count(expr) of another type counts every row, nulls included:
		// the documented "aggregates default values" example gives 2 for
		// count(y) over one null and one 5.0. (Kusto's binder warns that
		// it expects a bool; its engine runs it.) The argument only names
		// the column.
		return &functions.Bound{Type: types.Long, ArgTypes: functions.Types(args), Outputs: one(prefixName("count", args), types.Long),
			NewAgg: func() functions.Aggregator { return &countAgg{pred: -1} }}, nil
	}
	if len(args) > 0 {
		return nil, errorf("function 'count' expects no arguments")
	}
	return &functions.Bound{Type: types.Long, Outputs: one(prefixName("count", args), types.Long),
		NewAgg: func() functions.Aggregator { return &countAgg{pred: -1} }}, nil
}

func bindCountIf(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("countif", args, 1, 1, cBool)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.Long, ArgTypes: ts, Outputs: one(prefixName("countif", args), types.Long),
		NewAgg: func() functions.Aggregator { return &countAgg{pred: 0} }}, nil
}

// countAgg counts rows, or rows whose predicate (argument pred) is true.
type countAgg struct {
	pred   int
	counts []int64
}

func (a *countAgg) Update(groups []uint32, args []*column.Vector) error {
	a.counts = grow(a.counts, groupsLen(groups))
	if a.pred < 0 {
		for _, g := range groups {
			a.counts[g]++
		}
		return nil
	}
	p := args[a.pred]
	if p.IsConst() {
		if !truthy(p, 0) {
			return nil
		}
		for _, g := range groups {
			a.counts[g]++
		}
		return nil
	}
	for i, g := range groups {
		if truthy(p, i) {
			a.counts[g]++
		}
	}
	return nil
}

func (a *countAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*countAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.counts = grow(a.counts, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.counts))] {
		a.counts[g] += o.counts[og]
	}
	return nil
}

func (a *countAgg) Result(n int) ([]*column.Vector, error) {
	a.counts = grow(a.counts, n)
	return []*column.Vector{column.FromInts(types.Long, append([]int64(nil), a.counts[:n]...), nil)}, nil
}
