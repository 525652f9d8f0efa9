package exec

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// maxSequenceRows bounds sequence_detect's output: chains of many steps
// over dense data grow combinatorially.
const maxSequenceRows = 1_000_000

func (rt *engine) compileSequenceDetect(n *plan.SequenceDetect) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	steps, err := rt.compileExprs(n.Steps)
	if err != nil {
		return nil, err
	}
	return &lazyOp{sch: n.Out, run: func() ([]*column.Vector, int, error) {
		return rt.runSequenceDetect(n, in, steps)
	}}, nil
}

// runSequenceDetect finds, per combination of the dimensions, every chain
// of rows, one per step in order, each at or after the one before and
// at most StepWindow after it, the last at most Span after the first.
// Identical chains (same dimensions and times) are given once.
func (rt *engine) runSequenceDetect(n *plan.SequenceDetect, in operator, steps []evalFn) ([]*column.Vector, int, error) {
	win, _, err := rt.intArg(n.StepWindow, "sequence_detect", "max sequence step window")
	if err != nil {
		return nil, 0, err
	}
	span, _, err := rt.intArg(n.Span, "sequence_detect", "max sequence span")
	if err != nil {
		return nil, 0, err
	}
	r, held, err := rt.readTimeline(in, n.Time, -1, n.Dims, "sequence_detect")
	if err != nil {
		return nil, 0, err
	}
	defer rt.mem.shrink(held)
	match := make([][]bool, len(steps))
	for s, f := range steps {
		v, err := f(r.all)
		if err != nil {
			return nil, 0, err
		}
		match[s] = make([]bool, r.n)
		for i := range match[s] {
			match[s][i] = !v.IsNull(i) && v.Bool(i)
		}
	}
	byGroup := make([][]int32, r.nGroup)
	for i := 0; i < r.n; i++ {
		if r.valid[i] {
			byGroup[r.groups[i]] = append(byGroup[r.groups[i]], int32(i))
		}
	}
	var groups []int32
	times := make([][]int64, len(steps))
	chain := make([]int64, len(steps))
	seen := map[string]bool{}
	key := make([]byte, 0, 8*(len(steps)+1))
	var walk func(g int, rows []int32, s, at int) error
	walk = func(g int, rows []int32, s, at int) error {
		if s == len(steps) {
			key = binary.LittleEndian.AppendUint32(key[:0], uint32(g))
			for _, x := range chain {
				key = binary.LittleEndian.AppendUint64(key, uint64(x))
			}
			if seen[string(key)] {
				return nil
			}
			seen[string(key)] = true
			if len(groups) >= maxSequenceRows {
				return fmt.Errorf("sequence_detect found more than %d sequences: narrow the steps or the windows", maxSequenceRows)
			}
			groups = append(groups, int32(g))
			for i, x := range chain {
				times[i] = append(times[i], x)
			}
			return nil
		}
		last, first := chain[s-1], chain[0]
		for j := at + 1; j < len(rows); j++ {
			x := r.times[rows[j]]
			if x-last > win || x-first > span {
				break
			}
			if match[s][rows[j]] {
				chain[s] = x
				if err := walk(g, rows, s+1, j); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for g, rows := range byGroup {
		sort.SliceStable(rows, func(a, b int) bool { return r.times[rows[a]] < r.times[rows[b]] })
		for i, row := range rows {
			if !match[0][row] {
				continue
			}
			chain[0] = r.times[row]
			if err := walk(g, rows, 1, i); err != nil {
				return nil, 0, err
			}
		}
	}
	var cols []*column.Vector
	for _, k := range r.dimKey {
		cols = append(cols, column.Take(k, groups))
	}
	for _, ts := range times {
		cols = append(cols, column.FromInts(types.DateTime, ts, nil))
	}
	dur := make([]int64, len(groups))
	for i := range dur {
		dur[i] = times[len(times)-1][i] - times[0][i]
	}
	cols = append(cols, column.FromInts(types.TimeSpan, dur, nil))
	return cols, len(groups), nil
}

// dcountIntersectOp is evaluate dcount_intersect(hll_1, ..., hll_n): per
// row, the distinct count of S1, S1∩S2, ..., S1∩...∩Sn, by
// inclusion-exclusion over the distinct counts of unions of the hll()
// states (hll_merge, then dcount_hll, as Kusto counts them).
type dcountIntersectOp struct {
	n      *plan.DcountIntersect
	in     operator
	args   []evalFn
	merge  *functions.Bound
	dcount *functions.Bound
	fctx   *functions.Ctx
}

func (rt *engine) compileDcountIntersect(n *plan.DcountIntersect) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	args, err := rt.compileExprs(n.Args)
	if err != nil {
		return nil, err
	}
	o := &dcountIntersectOp{n: n, in: in, args: args, fctx: rt.fctx}
	for _, f := range []struct {
		name string
		dst  **functions.Bound
	}{{"hll_merge", &o.merge}, {"dcount_hll", &o.dcount}} {
		fn, ok := functions.Lookup(f.name)
		if !ok {
			return nil, fmt.Errorf("dcount_intersect needs %s() in the function catalog", f.name)
		}
		if *f.dst, err = fn.Bind([]functions.Arg{{Type: types.Dynamic}}); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (o *dcountIntersectOp) schema() types.Schema { return o.n.Out }

func (o *dcountIntersectOp) next() (*column.Batch, error) {
	b, err := o.in.next()
	if err != nil {
		return nil, err
	}
	k := len(o.args)
	vals := make([]*column.Vector, k)
	for i, f := range o.args {
		if vals[i], err = f(b); err != nil {
			return nil, err
		}
	}
	// Group (row, subset): the union of the subset's sets in that row.
	nsub := 1 << k
	var groups []uint32
	var rows, which []int32
	for r := 0; r < b.N; r++ {
		for s := 1; s < nsub; s++ {
			for i := 0; i < k; i++ {
				if s&(1<<i) != 0 {
					groups = append(groups, uint32(r*nsub+s))
					rows = append(rows, int32(r))
					which = append(which, int32(i))
				}
			}
		}
	}
	// One dynamic vector holding, per fed element, the state it reads.
	fed := make([]any, len(rows))
	for j := range rows {
		fed[j] = vals[which[j]].Value(int(rows[j]))
	}
	agg := o.merge.NewAgg()
	if len(fed) > 0 {
		if err := agg.Update(groups, []*column.Vector{column.FromDyns(fed)}); err != nil {
			return nil, err
		}
	}
	merged, err := agg.Result(b.N * nsub)
	if err != nil {
		return nil, err
	}
	counts, err := o.dcount.Eval(o.fctx, merged, b.N*nsub)
	if err != nil {
		return nil, err
	}
	out := append([]*column.Vector(nil), b.Cols...)
	for m := 1; m <= k; m++ {
		res := make([]int64, b.N)
		for r := 0; r < b.N; r++ {
			var total int64
			for s := 1; s < 1<<m; s++ {
				g := r*nsub + s
				var c int64
				if !counts.IsNull(g) {
					c = counts.Int(g)
				}
				if popcount(s)%2 == 1 {
					total += c
				} else {
					total -= c
				}
			}
			res[r] = max(total, 0)
		}
		out = append(out, column.FromInts(types.Long, res, nil))
	}
	return &column.Batch{N: b.N, Cols: out}, nil
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
