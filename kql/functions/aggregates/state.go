// Package aggregates holds the summarize aggregation functions (count,
// sum, dcount, arg_max, make_set, percentiles, ...). Each aggregator keeps
// its per-group state in flat slices indexed by group number, updates
// them in one pass over a batch, and can merge another worker's partial
// state for parallel aggregation.
//
// Every Bound sets Outputs, even for one column, because Kusto names
// aggregate columns per function (count_, sum_X, set_X, list_X, bag_X,
// percentile_X_95, take_any's and binary_all_*'s bare column names,
// arg_max's expansion). A name is built from Arg.Name, which the binder
// sets to the argument's Kusto result name; an output named "" gets the
// binder's generic ColumnN, and clashes are the binder's to suffix.
package aggregates

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// grow extends s to n elements (new ones zero), amortising reallocation.
func grow[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		return s[:n]
	}
	c := 2 * cap(s)
	if c < n {
		c = n
	}
	out := make([]T, n, c)
	copy(out, s)
	return out
}

// groupsLen is one past the highest group number in groups.
func groupsLen(groups []uint32) int {
	m := -1
	for _, g := range groups {
		if int(g) > m {
			m = int(g)
		}
	}
	return m + 1
}

// truthy reports whether row i of a bool vector is true (null is false).
func truthy(v *column.Vector, i int) bool { return !v.IsNull(i) && v.Bool(i) }

// mismatch is the error of a Merge between different aggregators, a bug
// in the caller.
func mismatch(a, b any) error {
	return fmt.Errorf("internal error: cannot merge aggregate state %T into %T", b, a)
}

// cells holds one value per group for a column of type t, copied out of
// the batches (strings are copied into per-group buffers that are reused,
// so replacing a value does not allocate once the buffer is large
// enough). A slot is null until set.
type cells struct {
	t     types.Type
	valid []bool
	ints  []int64
	reals []float64
	bools []bool
	strs  [][]byte
	dyns  []any
	decs  []value.Dec
}

func newCells(t types.Type) *cells { return &cells{t: t} }

func (c *cells) grow(n int) {
	c.valid = grow(c.valid, n)
	switch storeOf(c.t) {
	case stInt:
		c.ints = grow(c.ints, n)
	case stReal:
		c.reals = grow(c.reals, n)
	case stDec:
		c.decs = grow(c.decs, n)
	case stBool:
		c.bools = grow(c.bools, n)
	case stStr:
		c.strs = grow(c.strs, n)
	case stDyn:
		c.dyns = grow(c.dyns, n)
	}
}

// set copies row i of v into slot g.
func (c *cells) set(g uint32, v *column.Vector, i int) {
	if v.IsNull(i) {
		c.valid[g] = false
		if c.dyns != nil {
			c.dyns[g] = nil
		}
		return
	}
	c.valid[g] = true
	switch storeOf(c.t) {
	case stInt:
		c.ints[g] = v.Int(i)
	case stReal:
		c.reals[g] = v.Real(i)
	case stDec:
		c.decs[g] = v.Dec(i)
	case stBool:
		c.bools[g] = v.Bool(i)
	case stStr:
		c.strs[g] = append(c.strs[g][:0], v.Str(i)...)
	case stDyn:
		c.dyns[g] = v.Dyn(i)
	}
}

// copyFrom copies slot og of o into slot g.
func (c *cells) copyFrom(o *cells, og, g uint32) {
	c.valid[g] = o.valid[og]
	switch storeOf(c.t) {
	case stInt:
		c.ints[g] = o.ints[og]
	case stReal:
		c.reals[g] = o.reals[og]
	case stDec:
		c.decs[g] = o.decs[og]
	case stBool:
		c.bools[g] = o.bools[og]
	case stStr:
		c.strs[g] = append(c.strs[g][:0], o.strs[og]...)
	case stDyn:
		c.dyns[g] = o.dyns[og]
	}
}

// build returns the first n slots as a vector (unset slots are null, or
// the empty string).
func (c *cells) build(n int) *column.Vector {
	c.grow(n)
	switch storeOf(c.t) {
	case stInt:
		return column.FromInts(c.t, append([]int64(nil), c.ints[:n]...), nullsOf(c.valid[:n]))
	case stReal:
		return column.FromReals(c.t, append([]float64(nil), c.reals[:n]...), nullsOf(c.valid[:n]))
	case stDec:
		return column.FromDecs(append([]value.Dec(nil), c.decs[:n]...), nullsOf(c.valid[:n]))
	case stBool:
		return column.FromBools(append([]bool(nil), c.bools[:n]...), nullsOf(c.valid[:n]))
	case stStr:
		b := column.NewBuilder(c.t, n)
		for g := 0; g < n; g++ {
			if c.valid[g] {
				b.AppendStr(string(c.strs[g]))
			} else {
				b.AppendNull()
			}
		}
		return b.Build()
	case stDyn:
		out := make([]any, n)
		for g := 0; g < n; g++ {
			if c.valid[g] {
				out[g] = c.dyns[g]
			}
		}
		return column.FromDyns(out)
	}
	return functions.NullConst(c.t, n)
}

// nullsOf turns a validity slice into a null bitmap (nil when all valid).
func nullsOf(valid []bool) column.Bitmap {
	var b column.Bitmap
	for i, ok := range valid {
		if !ok {
			if b == nil {
				b = column.NewBitmap(len(valid))
			}
			b.Set(i)
		}
	}
	return b
}

type store uint8

const (
	stNone store = iota
	stInt
	stReal
	stBool
	stStr
	stDyn
	stDec
)

func storeOf(t types.Type) store {
	switch t {
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		return stInt
	case types.Real:
		return stReal
	case types.Decimal:
		return stDec
	case types.Bool:
		return stBool
	case types.String, types.Guid:
		return stStr
	case types.Dynamic:
		return stDyn
	}
	return stNone
}

// isNull reports whether row i is null; a dynamic null is a nil value.
func isNull(v *column.Vector, i int) bool {
	return v.IsNull(i) || (v.Type == types.Dynamic && v.Dyn(i) == nil)
}

// nonEmpty reports whether row i holds a value take_any prefers: not
// null, and not the empty string.
func nonEmpty(v *column.Vector, i int) bool {
	if v.IsNull(i) {
		return false
	}
	switch storeOf(v.Type) {
	case stStr:
		return v.Str(i) != ""
	case stDyn:
		return v.Dyn(i) != nil
	}
	return true
}
