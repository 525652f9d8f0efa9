package exec

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// The timeline plugins (plan.Timeline) share one shape: rows are put in
// time bins, per combination of dimension values, and each output row
// counts distinct ids over some bins. The helpers here read the input
// once into that shape; plugin_activity.go has the per-plugin logic.

// maxTimelineBins bounds the bins a query may ask for, so that a tiny
// step over a long range fails clearly instead of exhausting memory.
const maxTimelineBins = 10_000_000

// lazyOp computes its whole result on the first next().
type lazyOp struct {
	sch types.Schema
	run func() ([]*column.Vector, int, error)
	res operator
}

func (o *lazyOp) schema() types.Schema { return o.sch }

func (o *lazyOp) next() (*column.Batch, error) {
	if o.res == nil {
		cols, n, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if n > 0 {
			bs = []*column.Batch{{N: n, Cols: cols}}
		}
		o.res = &sliceOp{sch: o.sch, batches: bs}
	}
	return o.res.next()
}

// scalarArg evaluates an argument without columns (nil: absent).
func (rt *engine) scalarArg(e plan.Expr) (any, error) {
	if e == nil {
		return nil, nil
	}
	f, err := rt.compileExpr(e)
	if err != nil {
		return nil, err
	}
	v, err := f(&column.Batch{N: 1})
	if err != nil {
		return nil, err
	}
	if v.IsNull(0) {
		return nil, nil
	}
	return v.Value(0), nil
}

// intArg evaluates an integer, datetime or timespan argument as int64
// (ticks for the temporal types).
func (rt *engine) intArg(e plan.Expr, plugin, what string) (int64, bool, error) {
	v, err := rt.scalarArg(e)
	if err != nil || v == nil {
		if err == nil && e != nil {
			err = fmt.Errorf("the %s of '%s' is null", what, plugin)
		}
		return 0, false, err
	}
	switch x := v.(type) {
	case int64:
		return x, true, nil
	case int32:
		return int64(x), true, nil
	case value.DateTime:
		return int64(x), true, nil
	case value.TimeSpan:
		return int64(x), true, nil
	}
	return 0, false, fmt.Errorf("the %s of '%s' must be an integer, a datetime or a timespan", what, plugin)
}

// positiveArg is intArg for a required size that must be above zero.
func (rt *engine) positiveArg(e plan.Expr, plugin, what string) (int64, error) {
	v, ok, err := rt.intArg(e, plugin, what)
	if err != nil {
		return 0, err
	}
	if !ok || v <= 0 {
		return 0, fmt.Errorf("the %s of '%s' must be greater than zero", what, plugin)
	}
	return v, nil
}

// binIndex is the bin of t for bins of size step starting at start, or
// false when t - start overflows.
func binIndex(t, start, step int64) (int64, bool) {
	d := t - start
	if (start > 0 && d > t) || (start < 0 && d < t) {
		return 0, false
	}
	return floorDiv(d, step), true
}

// timelineRows is the input of a timeline plugin, read once.
type timelineRows struct {
	n      int
	times  []int64 // the timeline, ticks or integers
	valid  []bool  // rows with a non-null time (and id when there is one)
	ids    []int32 // dense id codes (-1: no id)
	nIDs   int
	idVec  *column.Vector // the id column, for estimates
	idRep  []int32        // a row of each id code
	idTab  *hashTable     // id value -> code
	groups []uint32       // dimension combination of each row
	nGroup int
	dimKey []*column.Vector // one value per group, per dimension
	all    *column.Batch
}

// readTimeline drains the input and codes its ids and dimensions.
func (rt *engine) readTimeline(in operator, timeCol, idCol int, dims []int, purpose string) (*timelineRows, int64, error) {
	all, held, err := rt.drainConcat(in, purpose)
	if err != nil {
		return nil, 0, err
	}
	r := &timelineRows{n: all.N, all: all, times: make([]int64, all.N), valid: make([]bool, all.N)}
	tv := all.Cols[timeCol]
	for i := 0; i < all.N; i++ {
		if !tv.IsNull(i) {
			r.times[i], r.valid[i] = tv.Int(i), true
		}
	}
	if idCol >= 0 {
		r.idVec = all.Cols[idCol]
		ht := newHashTable([]types.Type{r.idVec.Type})
		r.idTab = ht
		r.ids = ht.insertRows([]*column.Vector{r.idVec}, all.N, nil, true)
		r.nIDs = ht.groups()
		r.idRep = make([]int32, r.nIDs)
		seen := make([]bool, r.nIDs)
		for i, c := range r.ids {
			if c < 0 {
				r.valid[i] = false
				continue
			}
			if !seen[c] {
				seen[c], r.idRep[c] = true, int32(i)
			}
		}
	}
	keys := make([]*column.Vector, len(dims))
	ts := make([]types.Type, len(dims))
	for i, d := range dims {
		keys[i], ts[i] = all.Cols[d], all.Cols[d].Type
	}
	gt := newHashTable(ts)
	r.groups = gt.assign(keys, all.N, nil)
	r.nGroup = gt.groups()
	r.dimKey = gt.keyVectors()
	return r, held, nil
}

// distinctCounter counts sets of id codes as dcount() counts the ids:
// exactly up to dcount's exact limit, past it with dcount's own
// estimate of the same values.
type distinctCounter struct {
	r     *timelineRows
	bound *functions.Bound
	mark  []uint32 // stamp per id code, for unions
	stamp uint32
}

// exactDistinct is the most distinct values dcount() counts exactly at
// its default accuracy; past it, the count is the estimate dcount()
// gives for the same values.
const exactDistinct = 1000

func newDistinctCounter(r *timelineRows) *distinctCounter {
	return &distinctCounter{r: r, mark: make([]uint32, r.nIDs)}
}

// count is the distinct count of a set of distinct id codes.
func (d *distinctCounter) count(set []int32) (int64, error) {
	if len(set) <= exactDistinct {
		return int64(len(set)), nil
	}
	if d.bound == nil {
		fn, ok := functions.Lookup("dcount")
		if !ok {
			return 0, fmt.Errorf("the dcount() aggregate is missing from the function catalog")
		}
		b, err := fn.Bind([]functions.Arg{{Type: d.r.idVec.Type}})
		if err != nil {
			return 0, err
		}
		d.bound = b
	}
	rows := make([]int32, len(set))
	for i, c := range set {
		rows[i] = d.r.idRep[c]
	}
	agg := d.bound.NewAgg()
	if err := agg.Update(make([]uint32, len(rows)), []*column.Vector{column.Take(d.r.idVec, rows)}); err != nil {
		return 0, err
	}
	res, err := agg.Result(1)
	if err != nil {
		return 0, err
	}
	return res[0].Int(0), nil
}

// union collects the distinct codes of several sets.
func (d *distinctCounter) union(dst []int32, sets ...[]int32) []int32 {
	d.next()
	for _, s := range sets {
		for _, c := range s {
			if d.mark[c] != d.stamp {
				d.mark[c] = d.stamp
				dst = append(dst, c)
			}
		}
	}
	return dst
}

// next starts a new marking round.
func (d *distinctCounter) next() {
	d.stamp++
	if d.stamp == 0 {
		clear(d.mark)
		d.stamp = 1
	}
}

// ratio is a/b as Kusto divides reals (0/0 is NaN).
func ratio(a, b int64) float64 {
	if b == 0 {
		if a == 0 {
			return math.NaN()
		}
		return math.Inf(1)
	}
	return float64(a) / float64(b)
}

// outBuilder collects output rows: the bin, the group's dimension
// values, then the plugin's own columns.
type outBuilder struct {
	r      *timelineRows
	time   *column.Builder
	groups []int32
	extra  []*column.Builder
	lead   int // extra columns placed before the dimensions
}

func newOutBuilder(r *timelineRows, timeType types.Type, extra ...types.Type) *outBuilder {
	o := &outBuilder{r: r, time: column.NewBuilder(timeType, 0)}
	for _, t := range extra {
		o.extra = append(o.extra, column.NewBuilder(t, 0))
	}
	return o
}

func (o *outBuilder) row(t int64, g uint32) {
	o.time.AppendInt(t)
	o.groups = append(o.groups, int32(g))
}

// columns lays out time, dimensions, then the extra columns.
func (o *outBuilder) columns() ([]*column.Vector, int) {
	cols := []*column.Vector{o.time.Build()}
	for _, b := range o.extra[:o.lead] {
		cols = append(cols, b.Build())
	}
	for _, k := range o.r.dimKey {
		cols = append(cols, column.Take(k, o.groups))
	}
	for _, b := range o.extra[o.lead:] {
		cols = append(cols, b.Build())
	}
	return cols, len(o.groups)
}

// compilePlugin compiles the nodes of the plugins in the plugin_*.go files.
func (rt *engine) compilePlugin(n plan.Node) (operator, error) {
	switch n := n.(type) {
	case *plan.Timeline:
		return rt.compileTimeline(n)
	case *plan.SequenceDetect:
		return rt.compileSequenceDetect(n)
	case *plan.DcountIntersect:
		return rt.compileDcountIntersect(n)
	}
	return nil, fmt.Errorf("no executor for %T", n)
}
