package aggregates

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "min", Kind: functions.Aggregate,
			Sig: "min(expr): type of expr", Doc: "Smallest value of expr in the group (nulls skipped).",
			Bind: bindMinMax("min", -1, false)},
		&functions.Func{Name: "max", Kind: functions.Aggregate,
			Sig: "max(expr): type of expr", Doc: "Largest value of expr in the group (nulls skipped).",
			Bind: bindMinMax("max", 1, false)},
		&functions.Func{Name: "minif", Kind: functions.Aggregate,
			Sig: "minif(expr, predicate: bool): type of expr", Doc: "Smallest value of expr over the rows where predicate is true.",
			Bind: bindMinMax("minif", -1, true)},
		&functions.Func{Name: "maxif", Kind: functions.Aggregate,
			Sig: "maxif(expr, predicate: bool): type of expr", Doc: "Largest value of expr over the rows where predicate is true.",
			Bind: bindMinMax("maxif", 1, true)},
	)
}

func bindMinMax(name string, dir int, withPred bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		n := 1
		classes := []class{cOrderable}
		if withPred {
			n, classes = 2, []class{cOrderable, cBool}
		}
		ts, err := check(name, args, n, n, classes...)
		if err != nil {
			return nil, err
		}
		t := ts[0]
		pred := -1
		if withPred {
			pred = 1
		}
		return &functions.Bound{Type: t, ArgTypes: ts, Outputs: one(prefixName(name, args), t),
			NewAgg: func() functions.Aggregator { return &minMaxAgg{dir: dir, pred: pred, best: newCells(t)} }}, nil
	}
}

// compareRow orders row i of v against slot g of c (same type): <0 when
// the row is smaller. Callers skip NaN, as they skip nulls.
func compareRow(c *cells, g uint32, v *column.Vector, i int) int {
	switch storeOf(c.t) {
	case stInt:
		x, y := v.Int(i), c.ints[g]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stDec:
		return value.CompareDec(v.Dec(i), c.decs[g])
	case stReal:
		x, y := v.Real(i), c.reals[g]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stBool:
		x, y := v.Bool(i), c.bools[g]
		switch {
		case !x && y:
			return -1
		case x && !y:
			return 1
		}
	case stStr:
		return strings.Compare(v.Str(i), bstr(c.strs[g]))
	}
	return 0
}

// compareCells orders slot og of o against slot g of c.
func compareCells(o *cells, og uint32, c *cells, g uint32) int {
	switch storeOf(c.t) {
	case stInt:
		x, y := o.ints[og], c.ints[g]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stDec:
		return value.CompareDec(o.decs[og], c.decs[g])
	case stReal:
		x, y := o.reals[og], c.reals[g]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case stBool:
		x, y := o.bools[og], c.bools[g]
		switch {
		case !x && y:
			return -1
		case x && !y:
			return 1
		}
	case stStr:
		return bytes.Compare(o.strs[og], c.strs[g])
	}
	return 0
}

// minMaxAgg keeps the extreme value per group; dir is -1 for min, 1 for
// max.
type minMaxAgg struct {
	dir  int
	pred int
	best *cells
}

func (a *minMaxAgg) Update(groups []uint32, args []*column.Vector) error {
	a.best.grow(groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	b := a.best
	if storeOf(b.t) == stInt && p == nil && !v.IsConst() && !v.HasNulls() {
		xs := v.Ints[:len(groups)]
		for i, g := range groups {
			x := xs[i]
			if !b.valid[g] || (a.dir < 0 && x < b.ints[g]) || (a.dir > 0 && x > b.ints[g]) {
				b.valid[g], b.ints[g] = true, x
			}
		}
		return nil
	}
	isReal := storeOf(b.t) == stReal
	for i, g := range groups {
		if v.IsNull(i) || (p != nil && !truthy(p, i)) || (isReal && v.Real(i) != v.Real(i)) {
			continue
		}
		if !b.valid[g] || compareRow(b, g, v, i)*a.dir > 0 {
			b.set(g, v, i)
		}
	}
	return nil
}

func (a *minMaxAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*minMaxAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.best.grow(groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.best.valid))] {
		if !o.best.valid[og] {
			continue
		}
		if !a.best.valid[g] || compareCells(o.best, uint32(og), a.best, g)*a.dir > 0 {
			a.best.copyFrom(o.best, uint32(og), g)
		}
	}
	return nil
}

func (a *minMaxAgg) Result(n int) ([]*column.Vector, error) {
	return []*column.Vector{a.best.build(n)}, nil
}

// bstr views a byte slice as a string without copying, for comparisons
// that do not retain it.
func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
