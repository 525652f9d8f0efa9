package aggregates

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "arg_max", Kind: functions.Aggregate,
			Sig:  "arg_max(ExprToMaximize, * | ExprToReturn, ...)",
			Doc:  "The row of the group that maximizes the first argument: that value and the other arguments from the same row. Rows where it is null are skipped unless all are.",
			Bind: bindArgMinMax("arg_max", "max", 1, false)},
		&functions.Func{Name: "arg_min", Kind: functions.Aggregate,
			Sig:  "arg_min(ExprToMinimize, * | ExprToReturn, ...)",
			Doc:  "The row of the group that minimizes the first argument: that value and the other arguments from the same row. Rows where it is null are skipped unless all are.",
			Bind: bindArgMinMax("arg_min", "min", -1, false)},
		&functions.Func{Name: "argmax", Kind: functions.Aggregate,
			Sig:  "argmax(ExprToMaximize, * | ExprToReturn, ...)",
			Doc:  "Deprecated form of arg_max whose columns are named max_<expr>_<column>.",
			Bind: bindArgMinMax("argmax", "max", 1, true)},
		&functions.Func{Name: "argmin", Kind: functions.Aggregate,
			Sig:  "argmin(ExprToMinimize, * | ExprToReturn, ...)",
			Doc:  "Deprecated form of arg_min whose columns are named min_<expr>_<column>.",
			Bind: bindArgMinMax("argmin", "min", -1, true)},
	)
}

// kustoIndex maps argument positions to the positions Kusto saw before
// the binder expanded *: a run of FromStar arguments is one argument.
func kustoIndex(args []functions.Arg) []int {
	out := make([]int, len(args))
	k := -1
	for i, a := range args {
		if !(a.FromStar && i > 0 && args[i-1].FromStar) {
			k++
		}
		out[i] = k
	}
	return out
}

func anyStar(args []functions.Arg) bool {
	for _, a := range args {
		if a.FromStar {
			return true
		}
	}
	return false
}

// argMinMaxOutputs names the columns of arg_max/arg_min as Kusto does:
// the first argument, then each returned expression, where a column that
// already appeared is left out when * is used; unnamed expressions are
// max_ (first) and max_<first>_arg<i>. Deprecated argmax/argmin prefix
// every name with max_<first>_. It returns the kept argument positions.
func argMinMaxOutputs(args []functions.Arg, prefix string, deprecated bool) (types.Schema, []int) {
	star := anyStar(args)
	kidx := kustoIndex(args)
	primary := args[0].Name
	seen := map[string]bool{}
	var out types.Schema
	var keep []int
	for i, a := range args {
		name := a.Name
		if name != "" {
			if i > 0 && star && seen[name] {
				continue
			}
			seen[name] = true
			if deprecated {
				if i == 0 {
					name = prefix + "_" + name
				} else {
					name = prefix + "_" + primary + "_" + name
				}
			}
		} else {
			switch {
			case deprecated && i == 0:
				name = prefix + "_"
			case deprecated:
				name = prefix + "_" + primary + "_arg" + strconv.Itoa(kidx[i])
			case i == 0:
				name = prefix + "_"
			default:
				name = prefix + "_" + primary + "_arg" + strconv.Itoa(kidx[i])
			}
		}
		out = append(out, types.Column{Name: name, Type: a.Type})
		keep = append(keep, i)
	}
	return out, keep
}

func bindArgMinMax(name, prefix string, dir int, deprecated bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if len(args) == 0 {
			return nil, errorf("function '%s' expects at least 1 argument, got 0", name)
		}
		if args[0].Star || args[0].FromStar {
			return nil, errorf("function '%s': the first argument must be the expression to %s, not *", name, map[int]string{1: "maximize", -1: "minimize"}[dir])
		}
		classes := []class{cOrderable, cScalar}
		ts, err := check(name, args, 1, -1, classes...)
		if err != nil {
			return nil, err
		}
		outs, keep := argMinMaxOutputs(args, prefix, deprecated)
		if keep[0] != 0 {
			return nil, errorf("internal error: %s lost its first argument", name)
		}
		kt := ts[0]
		rets := keep[1:]
		retTypes := make([]types.Type, len(rets))
		for j, r := range rets {
			retTypes[j] = ts[r]
		}
		return &functions.Bound{Type: kt, ArgTypes: ts, Outputs: outs, NewAgg: func() functions.Aggregator {
			a := &argAgg{dir: dir, key: newCells(kt), retArgs: rets}
			for _, t := range retTypes {
				a.rets = append(a.rets, newCells(t))
			}
			return a
		}}, nil
	}
}

// argAgg implements arg_max/arg_min. Within a batch it first finds the
// winning row of each group and copies that row's columns once, so that
// arg_max(Timestamp, *) over ascending input does not copy every row.
type argAgg struct {
	dir     int
	key     *cells
	rets    []*cells
	retArgs []int
	state   []uint8 // 0 empty, 1 holds a row whose key is null, 2 holds a real key
	cand    []int32 // per batch: winning row + 1
	touched []uint32
}

const (
	argEmpty uint8 = iota
	argNullKey
	argKey
)

func (a *argAgg) grow(n int) {
	a.key.grow(n)
	for _, r := range a.rets {
		r.grow(n)
	}
	a.state = grow(a.state, n)
	a.cand = grow(a.cand, n)
}

func nullKey(v *column.Vector, i int) bool {
	if v.IsNull(i) {
		return true
	}
	if storeOf(v.Type) == stReal {
		x := v.Real(i)
		return x != x
	}
	return false
}

// compareRows orders rows i and j of the same vector.
func compareRows(v *column.Vector, i, j int) int {
	switch storeOf(v.Type) {
	case stInt:
		x, y := v.Int(i), v.Int(j)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stDec:
		return value.CompareDec(v.Dec(i), v.Dec(j))
	case stReal:
		x, y := v.Real(i), v.Real(j)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stBool:
		x, y := v.Bool(i), v.Bool(j)
		switch {
		case !x && y:
			return -1
		case x && !y:
			return 1
		}
	case stStr:
		return strings.Compare(v.Str(i), v.Str(j))
	}
	return 0
}

func (a *argAgg) Update(groups []uint32, args []*column.Vector) error {
	a.grow(groupsLen(groups))
	k := args[0]
	touched := a.touched[:0]
	for i, g := range groups {
		kn := nullKey(k, i)
		if c := int(a.cand[g]) - 1; c >= 0 {
			if kn {
				continue
			}
			if nullKey(k, c) || compareRows(k, i, c)*a.dir > 0 {
				a.cand[g] = int32(i + 1)
			}
			continue
		}
		st := a.state[g]
		if kn {
			if st == argEmpty {
				a.cand[g] = int32(i + 1)
				touched = append(touched, g)
			}
			continue
		}
		if st != argKey || compareRow(a.key, g, k, i)*a.dir > 0 {
			a.cand[g] = int32(i + 1)
			touched = append(touched, g)
		}
	}
	for _, g := range touched {
		i := int(a.cand[g]) - 1
		a.cand[g] = 0
		a.key.set(g, k, i)
		if nullKey(k, i) {
			a.state[g] = argNullKey
			a.key.valid[g] = false
		} else {
			a.state[g] = argKey
		}
		for j, r := range a.rets {
			r.set(g, args[a.retArgs[j]], i)
		}
	}
	a.touched = touched
	return nil
}

func (a *argAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*argAgg)
	if !ok || len(o.rets) != len(a.rets) {
		return mismatch(a, other)
	}
	a.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.state))] {
		ost := o.state[og]
		take := false
		switch ost {
		case argKey:
			take = a.state[g] != argKey || compareCells(o.key, uint32(og), a.key, g)*a.dir > 0
		case argNullKey:
			take = a.state[g] == argEmpty
		}
		if !take {
			continue
		}
		a.state[g] = ost
		a.key.copyFrom(o.key, uint32(og), g)
		for j, r := range a.rets {
			r.copyFrom(o.rets[j], uint32(og), g)
		}
	}
	return nil
}

func (a *argAgg) Result(n int) ([]*column.Vector, error) {
	out := []*column.Vector{a.key.build(n)}
	for _, r := range a.rets {
		out = append(out, r.build(n))
	}
	return out, nil
}
