package exec

import (
	"fmt"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// newActivityMetrics compares each cohort of new ids (first seen in bin
// f, and not in the lookback table) with every later bin t: ids of t
// never seen up to f (for t = f, the cohort itself), ids of the cohort
// seen in t, and those not seen in t. Every bin from Start to End is a
// from and a to bin, with or without rows.
func (t *timelineRun) newActivityMetrics() ([]*column.Vector, int, error) {
	start, step, nb, _, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	cohort := int64(-1)
	if t.n.Cohort != nil {
		c, _, err := t.rt.intArg(t.n.Cohort, t.n.Kind, "cohort")
		if err != nil {
			return nil, 0, err
		}
		k, ok := binIndex(c, start, step)
		if !ok || k < 0 || k >= nb {
			return nil, 0, nil
		}
		cohort = k
	}
	before, err := t.lookbackIDs()
	if err != nil {
		return nil, 0, err
	}
	bins := t.r.binsByGroup(inRange(start, step, nb, true))
	tt := t.timeType()
	out := newOutBuilder(t.r, tt, tt, types.Long, types.Long, types.Long, types.Real, types.Real)
	out.lead = 1
	seen := make([]bool, t.r.nIDs)
	inCohort := make([]bool, t.r.nIDs)
	sets := make([][]int32, nb)
	var coh, fresh, kept []int32
	for g, es := range bins {
		clear(sets)
		for _, e := range es {
			sets[e.k] = e.ids
		}
		copy(seen, before)
		for f := int64(0); f < nb; f++ {
			coh = coh[:0]
			for _, c := range sets[f] {
				if !seen[c] {
					coh = append(coh, c)
				}
			}
			for _, c := range sets[f] {
				seen[c] = true
			}
			if cohort >= 0 && f != cohort {
				continue
			}
			for _, c := range coh {
				inCohort[c] = true
			}
			nc, err := t.d.count(coh)
			if err != nil {
				return nil, 0, err
			}
			for to := f; to < nb; to++ {
				fresh, kept = fresh[:0], kept[:0]
				for _, c := range sets[to] {
					if inCohort[c] {
						kept = append(kept, c)
					}
					if to > f && !seen[c] {
						fresh = append(fresh, c)
					}
				}
				counts, err := t.counts(fresh, kept)
				if err != nil {
					return nil, 0, err
				}
				if to == f {
					counts[0] = nc
				}
				out.row(start+f*step, uint32(g))
				out.extra[0].AppendInt(start + to*step)
				out.extra[1].AppendInt(counts[0])
				out.extra[2].AppendInt(counts[1])
				out.extra[3].AppendInt(nc - counts[1])
				out.extra[4].AppendReal(ratio(counts[1], nc))
				out.extra[5].AppendReal(ratio(nc-counts[1], nc))
			}
			for _, c := range coh {
				inCohort[c] = false
			}
		}
	}
	cols, n := out.columns()
	return cols, n, nil
}

// lookbackIDs flags the input's ids that the lookback table holds.
func (t *timelineRun) lookbackIDs() ([]bool, error) {
	flags := make([]bool, t.r.nIDs)
	if t.look == nil {
		return flags, nil
	}
	all, held, err := t.rt.drainConcat(t.look, "new_activity_metrics lookback")
	if err != nil {
		return nil, err
	}
	defer t.rt.mem.shrink(held)
	v := all.Cols[t.n.LookbackID]
	for _, c := range t.r.idTab.insertRows([]*column.Vector{v}, all.N, nil, true) {
		if c >= 0 && int(c) < t.r.nIDs {
			flags[c] = true
		}
	}
	return flags, nil
}

// rollingPercentile gives, for each bin with rows, the percentile of the
// values of that bin and the bins-per-window - 1 bins before it, as
// percentile() computes it. Bins are aligned as bin() aligns them.
func (t *timelineRun) rollingPercentile() ([]*column.Vector, int, error) {
	step, err := t.rt.positiveArg(t.n.Step, t.n.Kind, "bin size")
	if err != nil {
		return nil, 0, err
	}
	w, err := t.rt.positiveArg(t.n.Count, t.n.Kind, "bins per window")
	if err != nil {
		return nil, 0, err
	}
	pct, err := t.rt.scalarArg(t.n.Percentile)
	if err != nil {
		return nil, 0, err
	}
	pctT := types.Real
	switch pct.(type) {
	case int64:
		pctT = types.Long
	case int32:
		pctT = types.Int
	}
	vals := t.r.all.Cols[t.n.Value]
	fn, ok := functions.Lookup("percentile")
	if !ok {
		return nil, 0, fmt.Errorf("the percentile() aggregate is missing from the function catalog")
	}
	bound, err := fn.Bind([]functions.Arg{{Type: vals.Type}, {Type: pctT, IsConst: true, Value: pct}})
	if err != nil {
		return nil, 0, fmt.Errorf("rolling_percentile: %w", err)
	}
	// Rows by group and bin.
	type key struct {
		g   uint32
		k   int64
		row int32
	}
	keys := make([]key, 0, t.r.n)
	for i := 0; i < t.r.n; i++ {
		if t.r.valid[i] {
			keys = append(keys, key{t.r.groups[i], floorDiv(t.r.times[i], step), int32(i)})
		}
	}
	sort.SliceStable(keys, func(a, b int) bool {
		if keys[a].g != keys[b].g {
			return keys[a].g < keys[b].g
		}
		return keys[a].k < keys[b].k
	})
	out := newOutBuilder(t.r, t.timeType())
	var rows []int32
	var groups []uint32
	nOut := uint32(0)
	for i := 0; i < len(keys); {
		j := i
		for j < len(keys) && keys[j].g == keys[i].g && keys[j].k == keys[i].k {
			j++
		}
		// The window: this bin's rows and the rows of the w-1 bins before.
		lo := i
		for lo > 0 && keys[lo-1].g == keys[i].g && keys[lo-1].k > keys[i].k-w {
			lo--
		}
		for _, kk := range keys[lo:j] {
			rows = append(rows, kk.row)
			groups = append(groups, nOut)
		}
		out.row(keys[i].k*step, keys[i].g)
		nOut++
		i = j
	}
	agg := bound.NewAgg()
	if len(rows) > 0 {
		if err := agg.Update(groups, []*column.Vector{column.Take(vals, rows), column.Const(pctT, pct, len(rows))}); err != nil {
			return nil, 0, err
		}
	}
	res, err := agg.Result(int(nOut))
	if err != nil {
		return nil, 0, err
	}
	v := res[0]
	if want := t.n.Out[len(t.n.Out)-1].Type; v.Type != want {
		if v, err = convertVector(v, want); err != nil {
			return nil, 0, err
		}
	}
	cols, n := out.columns()
	return append(cols, v), n, nil
}

// funnelCompletion gives, per bin with rows, per period P and per step i
// of the sequence, how many ids completed its first i states in order
// within P of a first-state row. Other states between the steps do not
// break a sequence. Each bin is analysed alone.
func (t *timelineRun) funnelCompletion() ([]*column.Vector, int, error) {
	start, step, nb, _, err := t.analysis()
	if err != nil {
		return nil, 0, err
	}
	seq, periods, err := t.funnelArgs()
	if err != nil {
		return nil, 0, err
	}
	stateOf := map[string]int{}
	for i := len(seq) - 1; i >= 0; i-- {
		stateOf[seq[i]] = i
	}
	states := t.r.all.Cols[t.n.State]
	// Rows by bin, then id, then time.
	type ev struct {
		k   int64
		id  int32
		t   int64
		row int32
	}
	var evs []ev
	for i := 0; i < t.r.n; i++ {
		if !t.r.valid[i] {
			continue
		}
		k, ok := binIndex(t.r.times[i], start, step)
		if !ok || k < 0 || k >= nb {
			continue
		}
		evs = append(evs, ev{k, t.r.ids[i], t.r.times[i], int32(i)})
	}
	sort.SliceStable(evs, func(a, b int) bool {
		x, y := evs[a], evs[b]
		if x.k != y.k {
			return x.k < y.k
		}
		if x.id != y.id {
			return x.id < y.id
		}
		return x.t < y.t
	})
	out := newOutBuilder(t.r, t.timeType(), types.String, types.TimeSpan, types.Long)
	var idx []int // sequence position of each event of one id (-1: other)
	for i := 0; i < len(evs); {
		k := evs[i].k
		j := i
		for j < len(evs) && evs[j].k == k {
			j++
		}
		// reached[p][s]: ids that completed s+1 steps within periods[p].
		reached := make([][][]int32, len(periods))
		for p := range reached {
			reached[p] = make([][]int32, len(seq))
		}
		for a := i; a < j; {
			b := a
			for b < j && evs[b].id == evs[a].id {
				b++
			}
			idx = idx[:0]
			for _, e := range evs[a:b] {
				s, ok := stateOf[states.Str(int(e.row))]
				if !ok {
					s = -1
				}
				idx = append(idx, s)
			}
			for p, per := range periods {
				depth := 0
				for x := a; x < b && depth < len(seq); x++ {
					if idx[x-a] != 0 {
						continue
					}
					pos := 1
					for y := x + 1; y < b && pos < len(seq) && evs[y].t-evs[x].t <= per; y++ {
						if idx[y-a] == pos {
							pos++
						}
					}
					depth = max(depth, pos)
				}
				for s := 0; s < depth; s++ {
					reached[p][s] = append(reached[p][s], evs[a].id)
				}
			}
			a = b
		}
		for p, per := range periods {
			for s, name := range seq {
				dc, err := t.d.count(reached[p][s])
				if err != nil {
					return nil, 0, err
				}
				out.row(start+k*step, 0)
				out.extra[0].AppendStr(name)
				out.extra[1].AppendInt(per)
				out.extra[2].AppendInt(dc)
			}
		}
		i = j
	}
	cols, n := out.columns()
	return cols, n, nil
}

// funnelArgs reads the sequence of states and the periods.
func (t *timelineRun) funnelArgs() ([]string, []int64, error) {
	sv, err := t.rt.scalarArg(t.n.Sequence)
	if err != nil {
		return nil, nil, err
	}
	arr, ok := sv.([]any)
	if !ok || len(arr) == 0 {
		return nil, nil, fmt.Errorf("the sequence of 'funnel_sequence_completion' must be a non-empty dynamic array of strings")
	}
	seq := make([]string, len(arr))
	for i, x := range arr {
		s, ok := x.(string)
		if !ok {
			return nil, nil, fmt.Errorf("the sequence of 'funnel_sequence_completion' must hold strings, not %v", x)
		}
		seq[i] = s
	}
	pv, err := t.rt.scalarArg(t.n.Periods)
	if err != nil {
		return nil, nil, err
	}
	parr, ok := pv.([]any)
	if !ok || len(parr) == 0 {
		return nil, nil, fmt.Errorf("the periods of 'funnel_sequence_completion' must be a non-empty dynamic array of timespans")
	}
	periods := make([]int64, len(parr))
	for i, x := range parr {
		switch y := x.(type) {
		case int64:
			periods[i] = y
		case value.TimeSpan:
			periods[i] = int64(y)
		case string:
			ts, ok := value.ParseTimeSpan(y)
			if !ok {
				return nil, nil, fmt.Errorf("the period %q of 'funnel_sequence_completion' is not a timespan", y)
			}
			periods[i] = int64(ts)
		default:
			return nil, nil, fmt.Errorf("the periods of 'funnel_sequence_completion' must be timespans, not %v", x)
		}
	}
	return seq, periods, nil
}
