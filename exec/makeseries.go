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

// maxSeriesLen is Kusto's limit on the values of one make-series array.
const maxSeriesLen = 1 << 20

// makeSeriesOp is make-series. Every series shares one axis: bins of
// Step from From (inclusive) to To (exclusive); without From and To, the
// bins span the data (From is the bin of the smallest axis value, To one
// step past the bin of the largest). Rows outside the axis are ignored.
// Each (group, bin) cell is one aggregator group; cells without rows get
// the aggregate's default (0 of its type unless `default=` says
// otherwise). Groups with no row in range appear only with
// kind=nonempty.
type makeSeriesOp struct {
	rt  *engine
	n   *plan.MakeSeries
	in  operator
	res operator
}

func (rt *engine) compileMakeSeries(n *plan.MakeSeries) (operator, error) {
	if n.Step == nil {
		return nil, fmt.Errorf("make-series needs a step")
	}
	for i, a := range n.Aggs {
		if a.Bound == nil || a.Bound.NewAgg == nil {
			return nil, fmt.Errorf("make-series: aggregate %d has no implementation", i+1)
		}
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &makeSeriesOp{rt: rt, n: n, in: in}, nil
}

func (o *makeSeriesOp) schema() types.Schema { return o.n.Out }

func (o *makeSeriesOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if b != nil && b.N > 0 {
			bs = []*column.Batch{b}
		}
		o.res = &sliceOp{sch: o.n.Out, batches: bs}
	}
	return o.res.next()
}

// seriesAxis maps axis values to bins, in ticks or integers (ints) or in
// reals.
type seriesAxis struct {
	real     bool
	from     int64
	step     int64
	ffrom    float64
	fstep    float64
	bins     int
	axisType types.Type
}

func (o *makeSeriesOp) scalar(e plan.Expr) (*column.Vector, error) {
	if e == nil {
		return nil, nil
	}
	f, err := o.rt.compileExpr(e)
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
	return v, nil
}

func toReal(v *column.Vector) (float64, error) {
	r, err := convertVector(v, types.Real)
	if err != nil {
		return 0, err
	}
	if r.IsNull(0) {
		return 0, fmt.Errorf("not a number")
	}
	return r.Real(0), nil
}

func toInt(v *column.Vector) (int64, error) {
	if v.Ints != nil {
		return v.Int(0), nil
	}
	r, err := convertVector(v, types.Long)
	if err != nil {
		return 0, err
	}
	if r.IsNull(0) {
		return 0, fmt.Errorf("not an integer")
	}
	return r.Int(0), nil
}

// axisRange settles the bins from the plan's From/To/Step and, where
// they are absent, from the data's range.
func (o *makeSeriesOp) axisRange(axis *column.Vector, n int) (*seriesAxis, error) {
	stepV, err := o.scalar(o.n.Step)
	if err != nil {
		return nil, err
	}
	if stepV == nil {
		return nil, fmt.Errorf("make-series: the step is null")
	}
	fromV, err := o.scalar(o.n.From)
	if err != nil {
		return nil, err
	}
	toV, err := o.scalar(o.n.To)
	if err != nil {
		return nil, err
	}
	ax := &seriesAxis{axisType: axis.Type}
	if axis.Type == types.Decimal || stepV.Type == types.Decimal {
		return nil, fmt.Errorf("make-series over a decimal axis is not supported yet: convert the axis with toreal() or tolong()")
	}
	ax.real = axis.Reals != nil || stepV.Reals != nil
	var lo, hi float64 // data range when needed
	var ilo, ihi int64
	seen := false
	for i := 0; i < n; i++ {
		if axis.IsNull(i) {
			continue
		}
		if axis.Reals != nil {
			x := axis.Real(i)
			if !seen || x < lo {
				lo = x
			}
			if !seen || x > hi {
				hi = x
			}
		} else {
			x := axis.Int(i)
			if !seen || x < ilo {
				ilo = x
			}
			if !seen || x > ihi {
				ihi = x
			}
			lo, hi = float64(ilo), float64(ihi)
		}
		seen = true
	}
	if ax.real {
		if ax.fstep, err = toReal(stepV); err != nil || ax.fstep <= 0 {
			return nil, fmt.Errorf("make-series: the step must be a positive number")
		}
		var to float64
		switch {
		case fromV != nil:
			if ax.ffrom, err = toReal(fromV); err != nil {
				return nil, fmt.Errorf("make-series: invalid start: %v", err)
			}
		case seen:
			ax.ffrom = math.Floor(lo/ax.fstep) * ax.fstep
		}
		switch {
		case toV != nil:
			if to, err = toReal(toV); err != nil {
				return nil, fmt.Errorf("make-series: invalid end: %v", err)
			}
		case seen:
			to = math.Floor(hi/ax.fstep)*ax.fstep + ax.fstep
		default:
			to = ax.ffrom
		}
		bins := math.Ceil((to - ax.ffrom) / ax.fstep)
		if bins > maxSeriesLen {
			return nil, fmt.Errorf("make-series: the axis has %.0f bins, more than the limit of %d; use a larger step or a shorter range", bins, maxSeriesLen)
		}
		if bins > 0 {
			ax.bins = int(bins)
		}
		return ax, nil
	}
	if ax.step, err = toInt(stepV); err != nil || ax.step <= 0 {
		return nil, fmt.Errorf("make-series: the step must be positive")
	}
	var to int64
	switch {
	case fromV != nil:
		if ax.from, err = toInt(fromV); err != nil {
			return nil, fmt.Errorf("make-series: invalid start: %v", err)
		}
	case seen:
		ax.from = floorDiv(ilo, ax.step) * ax.step
	}
	switch {
	case toV != nil:
		if to, err = toInt(toV); err != nil {
			return nil, fmt.Errorf("make-series: invalid end: %v", err)
		}
	case seen:
		to = floorDiv(ihi, ax.step)*ax.step + ax.step
	default:
		to = ax.from
	}
	if to > ax.from {
		bins := (to - ax.from + ax.step - 1) / ax.step
		if bins > maxSeriesLen {
			return nil, fmt.Errorf("make-series: the axis has %d bins, more than the limit of %d; use a larger step or a shorter range", bins, maxSeriesLen)
		}
		ax.bins = int(bins)
	}
	return ax, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// bin returns row i's bin, or -1 outside the axis.
func (ax *seriesAxis) bin(axis *column.Vector, i int) int {
	if axis.IsNull(i) || ax.bins == 0 {
		return -1
	}
	var k float64
	if ax.real {
		var x float64
		if axis.Reals != nil {
			x = axis.Real(i)
		} else {
			x = float64(axis.Int(i))
		}
		if x < ax.ffrom {
			return -1
		}
		k = math.Floor((x - ax.ffrom) / ax.fstep)
	} else {
		x := axis.Int(i)
		if x < ax.from {
			return -1
		}
		k = float64((x - ax.from) / ax.step)
	}
	if k >= float64(ax.bins) {
		return -1
	}
	return int(k)
}

// binValue is the boxed start of bin k, typed as the axis.
func (ax *seriesAxis) binValue(k int) any {
	if ax.real {
		return ax.ffrom + float64(k)*ax.fstep
	}
	x := ax.from + int64(k)*ax.step
	switch ax.axisType {
	case types.DateTime:
		return value.DateTime(x)
	case types.TimeSpan:
		return value.TimeSpan(x)
	case types.Real, types.Decimal:
		return float64(x)
	}
	return x
}

func (o *makeSeriesOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "building series for make-series")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	axisF, err := o.rt.compileExpr(o.n.Axis)
	if err != nil {
		return nil, err
	}
	axis, err := axisF(all)
	if err != nil {
		return nil, err
	}
	ax, err := o.axisRange(axis, all.N)
	if err != nil {
		return nil, err
	}
	keyFs, err := o.rt.compileExprs(o.n.Keys)
	if err != nil {
		return nil, err
	}
	keys, err := evalAll(keyFs, all)
	if err != nil {
		return nil, err
	}
	kt := make([]types.Type, len(o.n.Keys))
	for i, k := range o.n.Keys {
		kt[i] = k.Type()
		if keys[i], err = asType(keys[i], kt[i]); err != nil {
			return nil, err
		}
	}
	table := newHashTable(kt)
	groups := table.assign(keys, all.N, nil)
	ng := table.groups()
	if len(o.n.Keys) == 0 && ng == 0 && o.n.NonEmpty {
		ng = 1
	}
	cells := ng * ax.bins
	if cells >= math.MaxUint32 {
		return nil, fmt.Errorf("make-series: %d groups of %d bins are too many", ng, ax.bins)
	}
	cellBytes := int64(cells) * int64(8+8*len(o.n.Aggs))
	if err := o.rt.mem.grow(cellBytes, "building series for make-series"); err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(cellBytes)
	// Rows in range, and the cell of each.
	var sel []int32
	var cellOf []uint32
	has := make([]bool, cells)
	groupHas := make([]bool, ng)
	for i := 0; i < all.N; i++ {
		k := ax.bin(axis, i)
		if k < 0 {
			continue
		}
		c := int(groups[i])*ax.bins + k
		sel = append(sel, int32(i))
		cellOf = append(cellOf, uint32(c))
		has[c] = true
		groupHas[groups[i]] = true
	}
	inRange := column.TakeBatch(all, sel)
	results := make([]*column.Vector, len(o.n.Aggs))
	for a, call := range o.n.Aggs {
		argFs, err := o.rt.compileExprs(call.Args)
		if err != nil {
			return nil, err
		}
		args, err := evalAll(argFs, inRange)
		if err != nil {
			return nil, err
		}
		agg := call.Bound.NewAgg()
		if err := agg.Update(cellOf, args); err != nil {
			return nil, err
		}
		vs, err := agg.Result(cells)
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 || vs[0].Len() != cells {
			return nil, fmt.Errorf("internal error: make-series aggregate '%s' returned a wrong result", aggName(call))
		}
		results[a] = vs[0]
	}
	// Keep groups with a row in range (all of them for kind=nonempty).
	var keep []int32
	for g := 0; g < ng; g++ {
		if groupHas[g] || o.n.NonEmpty {
			keep = append(keep, int32(g))
		}
	}
	var cols []*column.Vector
	if len(o.n.Keys) > 0 {
		for _, k := range table.keyVectors() {
			cols = append(cols, column.Take(k, keep))
		}
	}
	for a, call := range o.n.Aggs {
		def := o.n.Defaults[a]
		switch {
		case def != nil:
			def = dynamicOf(def)
		case a >= len(o.n.HasDefault) || !o.n.HasDefault[a]:
			def = zeroOf(call.Bound.Type)
		}
		arrays := make([]any, len(keep))
		for r, g := range keep {
			arr := make([]any, ax.bins)
			for k := range arr {
				c := int(g)*ax.bins + k
				if has[c] {
					arr[k] = dynamicOf(results[a].Value(c))
				} else {
					arr[k] = def
				}
			}
			arrays[r] = arr
		}
		cols = append(cols, column.FromDyns(arrays))
	}
	axisArr := make([]any, ax.bins)
	for k := range axisArr {
		axisArr[k] = ax.binValue(k)
	}
	cols = append(cols, column.Const(types.Dynamic, axisArr, len(keep)))
	if len(cols) != len(o.n.Out) {
		return nil, fmt.Errorf("internal error: make-series produced %d columns, expected %d", len(cols), len(o.n.Out))
	}
	for i, c := range cols {
		if cols[i], err = asType(c, o.n.Out[i].Type); err != nil {
			return nil, err
		}
	}
	return &column.Batch{Cols: cols, N: len(keep)}, nil
}

func aggName(a plan.AggCall) string {
	if a.Fn != nil {
		return a.Fn.Name
	}
	return "?"
}

// zeroOf is the default of an empty make-series bin: 0 of the
// aggregate's type.
func zeroOf(t types.Type) any {
	switch t {
	case types.Real, types.Decimal:
		return float64(0)
	case types.TimeSpan:
		return value.TimeSpan(0)
	case types.Bool:
		return false
	}
	return int64(0)
}

// dynamicOf is a value as a dynamic array element holds it.
func dynamicOf(x any) any {
	return functions.ConvertValue(x, types.Dynamic)
}
