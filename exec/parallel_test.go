package exec

import (
	"context"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// randomSide makes rows (S string key, L long key or null, V long) in
// batches of uneven size; keys repeat, some are empty or null.
func randomSide(rng *rand.Rand, rows, keys int) []*column.Batch {
	var out []*column.Batch
	for lo := 0; lo < rows; {
		n := min(1+rng.Intn(column.BatchSize/16), rows-lo)
		s := column.NewStrings(n, n*8)
		ls := column.NewBuilder(types.Long, n)
		vs := make([]int64, n)
		for i := 0; i < n; i++ {
			k := rng.Intn(keys)
			if k == 0 {
				s.Append("")
			} else {
				s.Append(fmt.Sprintf("k%05d", k))
			}
			if k%7 == 0 {
				ls.AppendNull()
			} else {
				ls.AppendInt(int64(k))
			}
			vs[i] = int64(lo + i)
		}
		out = append(out, column.NewBatch(n, column.FromStrings(types.String, s), ls.Build(), column.FromInts(types.Long, vs, nil)))
		lo += n
	}
	return out
}

// bruteJoin is the plain meaning of each kind over rows of the random
// sides, keyed by column key (null keys match nothing); strings are
// boxed as Value gives.
func bruteJoin(kind plan.JoinKind, l, r [][]any, key int) [][]any {
	var out [][]any
	cat := func(a, b []any) []any { return append(append([]any{}, a...), b...) }
	nulls := []any{"", nil, nil}
	byKey := map[any][]int{}
	for j, rr := range r {
		if rr[key] != nil {
			byKey[rr[key]] = append(byKey[rr[key]], j)
		}
	}
	matchedR := make([]bool, len(r))
	usedKey := map[any]bool{}
	for _, lr := range l {
		var js []int
		if lr[key] != nil {
			js = byKey[lr[key]]
		}
		for _, j := range js {
			matchedR[j] = true
			switch kind {
			case plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter:
				out = append(out, cat(lr, r[j]))
			case plan.InnerUnique:
				if !usedKey[lr[key]] {
					out = append(out, cat(lr, r[j]))
				}
			}
		}
		if len(js) > 0 {
			usedKey[lr[key]] = true
		}
		switch {
		case kind == plan.LeftSemi && len(js) > 0, kind == plan.LeftAnti && len(js) == 0:
			out = append(out, lr)
		case (kind == plan.LeftOuter || kind == plan.FullOuter) && len(js) == 0:
			out = append(out, cat(lr, nulls))
		}
	}
	for j, rr := range r {
		switch {
		case kind == plan.RightSemi && matchedR[j], kind == plan.RightAnti && !matchedR[j]:
			out = append(out, rr)
		case (kind == plan.RightOuter || kind == plan.FullOuter) && !matchedR[j]:
			out = append(out, cat(nulls, rr))
		}
	}
	return out
}

func batchRows(bs []*column.Batch) [][]any {
	return rows(&Result{Batches: bs})
}

// Joins over many uneven batches, with filters on both sides, give the
// same rows in the same order on one worker and on several, whichever
// side is indexed, and the rows the nested-loop meaning gives.
func TestJoinParallelMatchesSerial(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	sch := schema("S:string, L:long, V:long")
	src := &memSource{tables: map[string][]*column.Batch{
		"L": randomSide(rng, 5000, 600),
		"R": randomSide(rng, 4000, 900),
	}}
	ls := &plan.Scan{Table: "L", Columns: sch}
	rs := &plan.Scan{Table: "R", Columns: sch}
	// Keep rows whose V is not a multiple of 5 (a filter in each chain).
	lf := &plan.Filter{Input: ls, Pred: gt(&plan.Call{Fn: fnMod5, Bound: mod5Bound(), Args: []plan.Expr{col(ls, "V")}}, lit(types.Long, int64(0)))}
	rf := &plan.Filter{Input: rs, Pred: gt(&plan.Call{Fn: fnMod5, Bound: mod5Bound(), Args: []plan.Expr{col(rs, "V")}}, lit(types.Long, int64(0)))}
	var lrows, rrows [][]any
	for _, r := range batchRows(src.tables["L"]) {
		if r[2].(int64)%5 != 0 {
			lrows = append(lrows, r)
		}
	}
	for _, r := range batchRows(src.tables["R"]) {
		if r[2].(int64)%5 != 0 {
			rrows = append(rrows, r)
		}
	}
	kinds := []plan.JoinKind{plan.InnerUnique, plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter, plan.LeftSemi, plan.RightSemi, plan.LeftAnti, plan.RightAnti}
	for _, key := range []int{0, 1} {
		for _, kind := range kinds {
			for _, side := range buildSides {
				t.Run(fmt.Sprintf("key=%d/%s/%s", key, kind, side.name), func(t *testing.T) {
					defer func(l, s int) { leftBuildRows, joinSwapRows = l, s }(leftBuildRows, joinSwapRows)
					leftBuildRows, joinSwapRows = side.leftRows, side.swap
					if side.name == "left" {
						leftBuildRows = 1 << 20
					}
					j := joinNode(kind, lf, rf, []int{key}, []int{key})
					serial, err := Run(context.Background(), j, src, Options{Parallelism: 1})
					if err != nil {
						t.Fatal(err)
					}
					par, err := Run(context.Background(), j, src, Options{Parallelism: 3})
					if err != nil {
						t.Fatal(err)
					}
					if a, b := fmtRows(rows(serial)), fmtRows(rows(par)); a != b {
						t.Fatalf("parallel output differs from serial (%d vs %d rows)", serial.Rows(), par.Rows())
					}
					expectRowsAnyOrder(t, serial, bruteJoin(kind, lrows, rrows, key))
				})
			}
		}
	}
}

var fnMod5 = &functions.Func{Name: "__test_mod5", Kind: functions.Scalar}

func init() { functions.Register(fnMod5) }

func mod5Bound() *functions.Bound {
	return &functions.Bound{Type: types.Long, Eval: func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		out := make([]int64, n)
		for i := range out {
			out[i] = args[0].Int(i) % 5
		}
		return column.FromInts(types.Long, out, nil), nil
	}}
}

// A consumer that stops early (take) leaves no worker behind: Run
// returns, and the workers end with its context.
func TestParallelStopsEarly(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	sch := schema("S:string, L:long, V:long")
	src := &memSource{tables: map[string][]*column.Batch{"T": randomSide(rng, 60000, 100)}}
	s := &plan.Scan{Table: "T", Columns: sch}
	f := &plan.Filter{Input: s, Pred: gt(col(s, "V"), lit(types.Long, int64(-1)))}
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		res, err := Run(context.Background(), &plan.Limit{Input: f, N: 10}, src, Options{Parallelism: 4})
		if err != nil {
			t.Fatal(err)
		}
		expectRows(t, res, batchRows(src.tables["T"])[:10])
	}
	// Goroutines end asynchronously once Run has returned.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		t.Fatalf("%d goroutines left behind", n-before)
	}
}

var fnBoom = &functions.Func{Name: "__test_boom", Kind: functions.Scalar}

func init() { functions.Register(fnBoom) }

// A panic on a worker fails the query with an error instead of killing
// the process (the engine recovers only its own goroutine).
func TestParallelWorkerPanic(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	src := &memSource{tables: map[string][]*column.Batch{"T": randomSide(rng, 5000, 100)}}
	s := &plan.Scan{Table: "T", Columns: schema("S:string, L:long, V:long")}
	boom := &plan.Call{Fn: fnBoom, Bound: &functions.Bound{Type: types.Bool, Eval: func(_ *functions.Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
		panic("kernel bug")
	}}, Args: []plan.Expr{col(s, "V")}}
	for _, n := range []plan.Node{
		&plan.Filter{Input: s, Pred: boom},
		joinNode(plan.Inner, s, &plan.Filter{Input: s, Pred: boom}, []int{1}, []int{1}),
	} {
		_, err := Run(context.Background(), n, src, Options{Parallelism: 2})
		if err == nil || !strings.Contains(err.Error(), "kernel bug") {
			t.Fatalf("err = %v", err)
		}
	}
}
