package exec

import (
	"fmt"
	"math"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

func (rt *engine) compileTimeline(n *plan.Timeline) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	var look operator
	if n.Lookback != nil {
		if look, err = rt.compile(n.Lookback); err != nil {
			return nil, err
		}
	}
	return &lazyOp{sch: n.Out, run: func() ([]*column.Vector, int, error) {
		return rt.runTimeline(n, in, look)
	}}, nil
}

// timelineRun is one run of a timeline plugin.
type timelineRun struct {
	rt   *engine
	n    *plan.Timeline
	r    *timelineRows
	d    *distinctCounter
	look operator
}

func (rt *engine) runTimeline(n *plan.Timeline, in, look operator) ([]*column.Vector, int, error) {
	r, held, err := rt.readTimeline(in, n.Time, n.ID, n.Dims, n.Kind)
	if err != nil {
		return nil, 0, err
	}
	defer rt.mem.shrink(held)
	t := &timelineRun{rt: rt, n: n, r: r, d: newDistinctCounter(r), look: look}
	switch n.Kind {
	case "activity_counts_metrics":
		return t.activityCounts()
	case "activity_metrics":
		return t.activityMetrics()
	case "activity_engagement":
		return t.activityEngagement()
	case "new_activity_metrics":
		return t.newActivityMetrics()
	case "active_users_count":
		return t.activeUsers()
	case "sliding_window_counts":
		return t.slidingWindow()
	case "rolling_percentile":
		return t.rollingPercentile()
	case "funnel_sequence_completion":
		return t.funnelCompletion()
	}
	return nil, 0, fmt.Errorf("the evaluate plugin '%s' cannot run", n.Kind)
}

// analysis reads Start, End and the step and returns the number of bins
// from Start to End (0 when End is before Start). Without Start, bins
// are aligned on zero, as bin() aligns them, and unbounded.
func (t *timelineRun) analysis() (start, step, nb int64, bounded bool, err error) {
	if step, err = t.rt.positiveArg(t.n.Step, t.n.Kind, "step"); err != nil {
		return
	}
	if t.n.Start == nil {
		return 0, step, 0, false, nil
	}
	start, _, err = t.rt.intArg(t.n.Start, t.n.Kind, "start")
	if err != nil {
		return
	}
	end, _, err := t.rt.intArg(t.n.End, t.n.Kind, "end")
	if err != nil {
		return
	}
	if end < start {
		return start, step, 0, true, nil
	}
	last, ok := binIndex(end, start, step)
	if !ok || last >= maxTimelineBins {
		return 0, 0, 0, false, fmt.Errorf("'%s' would make more than %d bins from its start to its end: use a larger step", t.n.Kind, maxTimelineBins)
	}
	return start, step, last + 1, true, nil
}

// inRange is the bin index of a time for bins [0, nb) from start.
func inRange(start, step, nb int64, bounded bool) func(int64) (int64, bool) {
	return func(x int64) (int64, bool) {
		k, ok := binIndex(x, start, step)
		if !ok || (bounded && (k < 0 || k >= nb)) {
			return 0, false
		}
		return k, true
	}
}

func (t *timelineRun) timeType() types.Type { return t.n.Out[0].Type }

func (t *timelineRun) activityCounts() ([]*column.Vector, int, error) {
	start, step, nb, bounded, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	bins := t.r.binsByGroup(inRange(start, step, nb, bounded))
	out := newOutBuilder(t.r, t.timeType(), types.Long, types.Long, types.Long, types.Long)
	var agg []int32
	for g, es := range bins {
		t.d.next()
		agg = agg[:0]
		var prev int64
		for _, e := range es {
			agg = t.d.add(agg, e.ids)
			dc, err := t.d.count(e.ids)
			if err != nil {
				return nil, 0, err
			}
			total, err := t.d.count(agg)
			if err != nil {
				return nil, 0, err
			}
			out.row(start+e.k*step, uint32(g))
			out.extra[0].AppendInt(e.rows)
			out.extra[1].AppendInt(dc)
			out.extra[2].AppendInt(total - prev)
			out.extra[3].AppendInt(total)
			prev = total
		}
	}
	cols, n := out.columns()
	return cols, n, nil
}

func (t *timelineRun) activityMetrics() ([]*column.Vector, int, error) {
	start, step, nb, bounded, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	bins := t.r.binsByGroup(inRange(start, step, nb, bounded))
	out := newOutBuilder(t.r, t.timeType(), types.Long, types.Long, types.Real, types.Real)
	var fresh, kept []int32
	for g, es := range bins {
		for i, e := range es {
			var prev []int32
			if i > 0 && es[i-1].k == e.k-1 {
				prev = es[i-1].ids
			}
			t.d.next()
			t.d.add(nil, prev)
			fresh, kept = fresh[:0], kept[:0]
			for _, c := range e.ids {
				if t.d.marked(c) {
					kept = append(kept, c)
				} else {
					fresh = append(fresh, c)
				}
			}
			counts, err := t.counts(e.ids, fresh, kept, prev)
			if err != nil {
				return nil, 0, err
			}
			retention := ratio(counts[2], counts[3])
			out.row(start+e.k*step, uint32(g))
			out.extra[0].AppendInt(counts[0])
			out.extra[1].AppendInt(counts[1])
			out.extra[2].AppendReal(retention)
			out.extra[3].AppendReal(1 - retention)
		}
	}
	cols, n := out.columns()
	return cols, n, nil
}

// counts is the distinct count of each set.
func (t *timelineRun) counts(sets ...[]int32) ([]int64, error) {
	out := make([]int64, len(sets))
	for i, s := range sets {
		c, err := t.d.count(s)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func (t *timelineRun) activityEngagement() ([]*column.Vector, int, error) {
	start, step, nb, bounded, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	outer, err := t.rt.positiveArg(t.n.Window, t.n.Kind, "outer activity window")
	if err != nil {
		return nil, 0, err
	}
	bins := t.r.binsByGroup(inRange(start, step, nb, bounded))
	// Each group's rows in time order, for the outer windows, which may
	// reach before Start.
	byGroup := make([][]int32, t.r.nGroup)
	for i := 0; i < t.r.n; i++ {
		if t.r.valid[i] {
			byGroup[t.r.groups[i]] = append(byGroup[t.r.groups[i]], int32(i))
		}
	}
	out := newOutBuilder(t.r, t.timeType(), types.Long, types.Long, types.Real)
	var set []int32
	for g, es := range bins {
		rows := byGroup[g]
		sort.SliceStable(rows, func(a, b int) bool { return t.r.times[rows[a]] < t.r.times[rows[b]] })
		for _, e := range es {
			b := start + e.k*step
			lo, hi := b+step-outer, b+step
			i := sort.Search(len(rows), func(j int) bool { return t.r.times[rows[j]] >= lo })
			t.d.next()
			set = set[:0]
			for ; i < len(rows) && t.r.times[rows[i]] < hi; i++ {
				c := t.r.ids[rows[i]]
				if !t.d.marked(c) {
					t.d.mark[c] = t.d.stamp
					set = append(set, c)
				}
			}
			counts, err := t.counts(e.ids, set)
			if err != nil {
				return nil, 0, err
			}
			out.row(b, uint32(g))
			out.extra[0].AppendInt(counts[0])
			out.extra[1].AppendInt(counts[1])
			out.extra[2].AppendReal(ratio(counts[0], counts[1]))
		}
	}
	cols, n := out.columns()
	return cols, n, nil
}

func (t *timelineRun) slidingWindow() ([]*column.Vector, int, error) {
	start, step, nb, _, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	lookback, err := t.rt.positiveArg(t.n.Window, t.n.Kind, "lookback window")
	if err != nil {
		return nil, 0, err
	}
	// The lookback is rounded down to whole bins.
	w := lookback / step
	if w < 1 {
		return nil, 0, fmt.Errorf("the lookback window of 'sliding_window_counts' must be at least one bin")
	}
	// Rows up to w-1 bins before Start count in the first windows.
	bins := t.r.binsByGroup(func(x int64) (int64, bool) {
		k, ok := binIndex(x, start, step)
		return k, ok && k > -w && k < nb
	})
	out := newOutBuilder(t.r, t.timeType(), types.Long, types.Long)
	var set []int32
	for g, es := range bins {
		// Output bins: every bin within w-1 bins after a bin with rows.
		var ks []int64
		for _, e := range es {
			from := max(e.k, 0)
			if len(ks) > 0 && ks[len(ks)-1] >= from {
				from = ks[len(ks)-1] + 1
			}
			for k := from; k < e.k+w && k < nb; k++ {
				ks = append(ks, k)
			}
		}
		lo := 0
		for _, k := range ks {
			for lo < len(es) && es[lo].k <= k-w {
				lo++
			}
			var rows int64
			t.d.next()
			set = set[:0]
			for j := lo; j < len(es) && es[j].k <= k; j++ {
				rows += es[j].rows
				set = t.d.add(set, es[j].ids)
			}
			dc, err := t.d.count(set)
			if err != nil {
				return nil, 0, err
			}
			out.row(start+k*step, uint32(g))
			out.extra[0].AppendInt(rows)
			out.extra[1].AppendInt(dc)
		}
	}
	cols, n := out.columns()
	return cols, n, nil
}

// activeUsers counts, per bin, the ids with an active appearance in it:
// one whose lookback window (LookbackWindow back from it, exclusive,
// to it, inclusive) holds appearances in at least ActivePeriodsCount
// distinct periods.
func (t *timelineRun) activeUsers() ([]*column.Vector, int, error) {
	start, step, nb, _, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	lookback, err := t.rt.positiveArg(t.n.Window, t.n.Kind, "lookback window")
	if err != nil {
		return nil, 0, err
	}
	period, err := t.rt.positiveArg(t.n.Period, t.n.Kind, "period")
	if err != nil {
		return nil, 0, err
	}
	need, _, err := t.rt.intArg(t.n.Count, t.n.Kind, "active periods count")
	if err != nil {
		return nil, 0, err
	}
	type hit struct {
		g  uint32
		k  int64
		id int32
	}
	var hits []hit
	for _, run := range t.r.rowsByGroupID() {
		lastK := int64(math.MinInt64)
		for i, row := range run {
			x := t.r.times[row]
			k, ok := binIndex(x, start, step)
			if !ok || k < 0 || k >= nb || k == lastK {
				continue
			}
			distinct, prevP := int64(0), int64(math.MinInt64)
			for j := i; j >= 0 && t.r.times[run[j]] > x-lookback && distinct < need; j-- {
				if p := floorDiv(t.r.times[run[j]], period); p != prevP {
					distinct, prevP = distinct+1, p
				}
			}
			if distinct >= need {
				hits = append(hits, hit{t.r.groups[row], k, t.r.ids[row]})
				lastK = k
			}
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].g != hits[b].g {
			return hits[a].g < hits[b].g
		}
		if hits[a].k != hits[b].k {
			return hits[a].k < hits[b].k
		}
		return hits[a].id < hits[b].id
	})
	out := newOutBuilder(t.r, t.timeType(), types.Long)
	var set []int32
	for i := 0; i < len(hits); {
		j := i
		set = set[:0]
		for ; j < len(hits) && hits[j].g == hits[i].g && hits[j].k == hits[i].k; j++ {
			if len(set) == 0 || set[len(set)-1] != hits[j].id {
				set = append(set, hits[j].id)
			}
		}
		dc, err := t.d.count(set)
		if err != nil {
			return nil, 0, err
		}
		out.row(start+hits[i].k*step, hits[i].g)
		out.extra[0].AppendInt(dc)
		i = j
	}
	cols, n := out.columns()
	return cols, n, nil
}
