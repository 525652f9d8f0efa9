package aggregates

import (
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "take_any", Kind: functions.Aggregate,
			Sig:  "take_any(expr1[, expr2, ...]) | take_any(*)",
			Doc:  "Values of the expressions from one arbitrary row of the group; with a single expression, a non-null, non-empty value when there is one.",
			Bind: bindTakeAny("take_any", false)},
		&functions.Func{Name: "any", Kind: functions.Aggregate,
			Sig:  "any(expr1[, expr2, ...]) | any(*)",
			Doc:  "Deprecated form of take_any whose columns are named any_<column>.",
			Bind: bindTakeAny("any", true)},
		&functions.Func{Name: "take_anyif", Kind: functions.Aggregate,
			Sig:  "take_anyif(expr, predicate: bool)",
			Doc:  "Value of expr from one arbitrary row where predicate is true (a non-null, non-empty one when there is one).",
			Bind: bindTakeAnyIf("take_anyif", false)},
		&functions.Func{Name: "anyif", Kind: functions.Aggregate,
			Sig:  "anyif(expr, predicate: bool)",
			Doc:  "Deprecated form of take_anyif whose column is named anyif_<column>.",
			Bind: bindTakeAnyIf("anyif", true)},
	)
}

// takeAnyOutputs names take_any's columns: each column's own name (a
// column already listed is left out when * is used) and any_arg<i> for
// unnamed expressions. The deprecated any() prefixes every name with any_.
func takeAnyOutputs(args []functions.Arg, deprecated bool) (types.Schema, []int) {
	if deprecated && len(args) == 1 {
		return one(prefixName("any", args), args[0].Type), []int{0}
	}
	star := anyStar(args)
	kidx := kustoIndex(args)
	seen := map[string]bool{}
	var out types.Schema
	var keep []int
	for i, a := range args {
		name := a.Name
		if name != "" {
			if star && seen[name] {
				continue
			}
			seen[name] = true
		} else {
			name = "arg" + strconv.Itoa(kidx[i])
			if !deprecated {
				name = "any_" + name
			}
		}
		if deprecated {
			name = "any_" + name
		}
		out = append(out, types.Column{Name: name, Type: a.Type})
		keep = append(keep, i)
	}
	return out, keep
}

func bindTakeAny(name string, deprecated bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, args, 1, -1, cScalar)
		if err != nil {
			return nil, err
		}
		outs, keep := takeAnyOutputs(args, deprecated)
		// A single expression prefers a non-empty value; several come
		// from one row.
		prefer := len(args) == 1
		return &functions.Bound{Type: ts[0], ArgTypes: ts, Outputs: outs,
			NewAgg: func() functions.Aggregator { return newAnyAgg(ts, keep, -1, prefer) }}, nil
	}
}

func bindTakeAnyIf(name string, deprecated bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, args, 2, 2, cScalar, cBool)
		if err != nil {
			return nil, err
		}
		out := args[0].Name // take_anyif is named after its argument (ColumnN when unnamed)
		if deprecated {
			out = prefixName("anyif", args)
		}
		return &functions.Bound{Type: ts[0], ArgTypes: ts, Outputs: one(out, ts[0]),
			NewAgg: func() functions.Aggregator { return newAnyAgg(ts, []int{0}, 1, true) }}, nil
	}
}

// anyAgg keeps the values of the first qualifying row of each group.
type anyAgg struct {
	cols   []*cells
	args   []int
	pred   int
	prefer bool // take the first non-null, non-empty value of args[0]
	taken  []bool
}

func newAnyAgg(ts []types.Type, keep []int, pred int, prefer bool) *anyAgg {
	a := &anyAgg{args: keep, pred: pred, prefer: prefer}
	for _, i := range keep {
		a.cols = append(a.cols, newCells(ts[i]))
	}
	return a
}

func (a *anyAgg) grow(n int) {
	a.taken = grow(a.taken, n)
	for _, c := range a.cols {
		c.grow(n)
	}
}

func (a *anyAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	first := args[a.args[0]]
	for i, g := range groups {
		if a.taken[g] || (p != nil && !truthy(p, i)) {
			continue
		}
		if a.prefer && !nonEmpty(first, i) {
			// Remember an empty string so that a group of only empty
			// strings yields "" rather than nothing; keep looking.
			if !a.cols[0].valid[g] && !first.IsNull(i) {
				a.cols[0].set(g, first, i)
			}
			continue
		}
		a.taken[g] = true
		for j, c := range a.cols {
			c.set(g, args[a.args[j]], i)
		}
	}
	return nil
}

func (a *anyAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*anyAgg)
	if !ok || len(o.cols) != len(a.cols) {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.taken))] {
		switch {
		case a.taken[g]:
		case o.taken[og]:
			a.taken[g] = true
			for j, c := range a.cols {
				c.copyFrom(o.cols[j], uint32(og), g)
			}
		case !a.cols[0].valid[g] && o.cols[0].valid[og]:
			a.cols[0].copyFrom(o.cols[0], uint32(og), g)
		}
	}
	return nil
}

func (a *anyAgg) Result(n int) ([]*column.Vector, error) {
	out := make([]*column.Vector, len(a.cols))
	for j, c := range a.cols {
		out[j] = c.build(n)
	}
	return out, nil
}
