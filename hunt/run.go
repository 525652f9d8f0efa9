package hunt

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Options say how rules run.
type Options struct {
	// Now is the time queries see as now() and exclusions expire by;
	// zero means the current time.
	Now time.Time
	// Window, when set, limits every table to it for every rule
	// (--since, --from, --to). When unset, an analytics rule reads its
	// queryPeriod before Now, and other rules rely on their query's own
	// time filter.
	Window     Window
	Exclusions []*exclusion.Exclusion
	Watchlists *watchlist.Set
	// Functions are stored functions (ASIM parsers, workspace functions)
	// that rules and exclusions may call by name.
	Functions []*semantic.Function
	// Parallel is the number of rules run at once (0: the number of
	// CPUs).
	Parallel int
	// ExternalData says what a rule's externaldata may read (zero: local
	// files and http(s) URLs).
	ExternalData exec.ExternalDataOptions
}

// Runner runs rules against data.
type Runner struct {
	data Data
	opts Options

	hasData sync.Map // dataKey -> bool
}

// NewRunner returns a runner over data.
func NewRunner(data Data, opts Options) *Runner {
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	if opts.Watchlists == nil {
		opts.Watchlists = watchlist.NewSet()
	}
	return &Runner{data: data, opts: opts}
}

// source is the data of one run: the data within win, and the
// watchlists.
func (rn *Runner) source(win Window) *source {
	return newSource(rn.data, rn.opts.Watchlists.All(), win)
}

// engine is the engine a rule runs on: src's tables, the stored
// functions, and _GetWatchlist.
func (rn *Runner) engine(src *source) *engine.Engine {
	return engine.New(src, src).WithFunctions(rn.opts.Functions).
		WithTableFunc(watchlist.FuncName, rn.opts.Watchlists.TableFunc()).
		WithExternalData(rn.opts.ExternalData)
}

// Now is the runner's now.
func (rn *Runner) Now() time.Time { return rn.opts.Now }

func (rn *Runner) nowTicks() int64 { return int64(value.FromTime(rn.opts.Now)) }

// Run runs every rule (in parallel) and returns their results in rule
// order.
func (rn *Runner) Run(ctx context.Context, rules []*rule.Rule) *Report {
	rep := &Report{Now: rn.opts.Now, Window: rn.opts.Window, Results: make([]*Result, len(rules))}
	rn.each(len(rules), func(i int) { rep.Results[i] = rn.RunRule(ctx, rules[i]) })
	return rep
}

// each calls f(0..n-1), Parallel (or GOMAXPROCS) at a time.
func (rn *Runner) each(n int, f func(i int)) {
	workers := rn.opts.Parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}

// window is the time window rule r reads.
func (rn *Runner) window(r *rule.Rule) Window {
	if !rn.opts.Window.IsZero() {
		return rn.opts.Window
	}
	if r.QueryPeriod > 0 {
		now := rn.nowTicks()
		from := now - int64(r.QueryPeriod/100)
		return Window{From: &from, To: &now}
	}
	return Window{}
}

// exclusionsFor splits the exclusions that concern r into those to apply
// and the expired ones.
func (rn *Runner) exclusionsFor(r *rule.Rule) (apply []*exclusion.Exclusion, results []ExclusionResult) {
	for _, x := range rn.opts.Exclusions {
		if !x.AppliesTo(r.ID, r.Name) {
			continue
		}
		if x.Expired(rn.opts.Now) {
			results = append(results, ExclusionResult{Exclusion: x, Expired: true})
			continue
		}
		apply = append(apply, x)
	}
	return apply, results
}

// RunRule runs one rule. It never panics on a bad rule: every problem is
// the result's Err.
func (rn *Runner) RunRule(ctx context.Context, r *rule.Rule) (res *Result) {
	start := time.Now()
	res = &Result{Rule: r, Warnings: append([]string(nil), r.Warnings...), Window: rn.window(r)}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Err = Failed, fmt.Errorf("%s: internal error: %v (this is a Quarry bug; please report it with the rule)", r.File, p)
		}
		res.Duration = time.Since(start)
	}()
	if r.Err != nil {
		res.Status, res.Err = Failed, r.Err
		return res
	}
	apply, expired := rn.exclusionsFor(r)
	// Expired exclusions are reported whatever happens to the rule.
	res.Exclusions = expired
	c := compose(r, apply)
	src := rn.source(res.Window)
	out, err := rn.engine(src).Query(ctx, c.text.String(), engine.QueryOptions{Now: rn.nowTicks()})
	res.MissingTables = rn.missing(ctx, r, src, res.Window)
	if err != nil {
		res.Status, res.Err = Failed, c.mapError(r, err)
		return res
	}
	if len(out) == 0 {
		res.Status, res.Err = Failed, fmt.Errorf("%s:%d: the query has no result statement", r.File, r.QueryAt.Src.Line)
		return res
	}
	last := out[len(out)-1]
	if err := res.applyExclusions(last, c.excls); err != nil {
		res.Status, res.Err = Failed, err
		return res
	}
	sortExclusions(res.Exclusions, rn.opts.Exclusions)
	p, warns := planEntities(r, res.Schema)
	res.entities = p
	res.Warnings = append(res.Warnings, warns...)
	res.Entities = p.collect(res.Batches)
	if r.Kind == rule.Analytics {
		res.Triggered = r.Trigger.Fires(int64(res.Hits))
	} else {
		res.Triggered = res.Hits > 0
	}
	switch {
	case res.Triggered:
		res.Status = Findings
	case res.Hits > 0:
		res.Status = NotTriggered
	default:
		res.Status = Clean
	}
	return res
}

// applyExclusions drops the rows whose exclusion columns are true,
// counting per exclusion, and removes those columns.
func (res *Result) applyExclusions(last *exec.Result, excls []*exclusion.Exclusion) error {
	k := len(excls)
	width := len(last.Schema) - k
	res.Schema = last.Schema[:width]
	applied := make([]ExclusionResult, k)
	for i, x := range excls {
		applied[i].Exclusion = x
		t := last.Schema[width+i].Type
		if t != types.Bool {
			return x.WhereAt.Error(0, fmt.Sprintf("the predicate is of type %s; where needs a boolean (true drops the row)", t))
		}
	}
	drop := make([]bool, column.BatchSize)
	keep := make([]int32, 0, column.BatchSize)
	for _, b := range last.Batches {
		res.Total += b.N
		if k == 0 {
			res.Batches = append(res.Batches, b)
			continue
		}
		if cap(drop) < b.N {
			drop = make([]bool, b.N)
		}
		drop = drop[:b.N]
		clear(drop)
		for i := 0; i < k; i++ {
			applied[i].Matched += matchInto(b.Cols[width+i], drop)
		}
		keep = keep[:0]
		for r, d := range drop {
			if !d {
				keep = append(keep, int32(r))
			}
		}
		res.Excluded += b.N - len(keep)
		if len(keep) == 0 {
			continue
		}
		cols := column.NewBatch(b.N, b.Cols[:width]...)
		if len(keep) < b.N {
			cols = column.TakeBatch(cols, keep)
		}
		res.Batches = append(res.Batches, cols)
	}
	res.Hits = res.Total - res.Excluded
	res.Exclusions = append(res.Exclusions, applied...)
	return nil
}

// matchInto marks the rows where the boolean vector v is true (null is
// not a match) and returns how many there are.
func matchInto(v *column.Vector, drop []bool) int {
	n := 0
	if v.IsConst() {
		if v.IsNull(0) || !v.Bool(0) {
			return 0
		}
		for i := range drop {
			drop[i] = true
		}
		return len(drop)
	}
	hasNulls := v.HasNulls()
	for i := range drop {
		if v.Bools[i] && (!hasNulls || !v.IsNull(i)) {
			drop[i] = true
			n++
		}
	}
	return n
}

// sortExclusions orders a rule's exclusion results as the exclusions
// were given.
func sortExclusions(rs []ExclusionResult, all []*exclusion.Exclusion) {
	pos := map[*exclusion.Exclusion]int{}
	for i, x := range all {
		pos[x] = i
	}
	sort.SliceStable(rs, func(i, j int) bool { return pos[rs[i].Exclusion] < pos[rs[j].Exclusion] })
}

// missing lists the tables that rule r read or declares and that held
// no rows in its window.
func (rn *Runner) missing(ctx context.Context, r *rule.Rule, src *source, win Window) []string {
	var out []string
	seen := map[string]bool{}
	scanned := src.scanned()
	names := make([]string, 0, len(scanned))
	for t := range scanned {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		seen[t] = true
		if scanned[t] == 0 {
			out = append(out, t)
		}
	}
	for _, d := range r.DataTypes() {
		t, ok := rn.Resolve(d)
		if seen[t] {
			continue
		}
		seen[t] = true
		if !ok || !rn.HasData(ctx, t, win) {
			out = append(out, t)
		}
	}
	return out
}

// Resolve finds the table a declared data type names: exactly, else
// ignoring case (rule packs often spell AlertInfo as Alertinfo).
func (rn *Runner) Resolve(name string) (string, bool) {
	if _, ok := rn.data.Table(name); ok {
		return name, true
	}
	for _, n := range rn.data.Names() {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return name, false
}

type dataKey struct {
	table    string
	from, to int64
}

// HasData reports whether table holds a row dated in win (any row, for
// an open window or an undated table).
func (rn *Runner) HasData(ctx context.Context, tableName string, win Window) bool {
	k := dataKey{table: tableName, from: -1 << 63, to: 1<<63 - 1}
	if win.From != nil {
		k.from = *win.From
	}
	if win.To != nil {
		k.to = *win.To
	}
	if v, ok := rn.hasData.Load(k); ok {
		return v.(bool)
	}
	ok := rn.scanHasData(ctx, tableName, win)
	rn.hasData.Store(k, ok)
	return ok
}

func (rn *Runner) scanHasData(ctx context.Context, tableName string, win Window) bool {
	sch, ok := rn.data.Table(tableName)
	if !ok || len(sch) == 0 {
		return false
	}
	proj := []int{0}
	if tc := timeCols(sch); len(tc) > 0 {
		proj = []int{tc[0]}
	}
	src := newSource(rn.data, nil, win)
	rd, err := src.Scan(ctx, &plan.Scan{Table: tableName, Columns: sch, Project: proj})
	if err != nil {
		return false
	}
	defer closeReader(rd)
	for {
		b, err := rd.Next()
		if err != nil {
			return false
		}
		if b != nil && b.N > 0 {
			return true
		}
	}
}

// closeReader releases a reader that holds files open, when it can.
func closeReader(r exec.BatchReader) {
	for {
		switch x := r.(type) {
		case io.Closer:
			x.Close()
			return
		case *windowReader:
			r = x.r
		case *countingReader:
			r = x.r
		default:
			return
		}
	}
}
