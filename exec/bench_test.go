package exec

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// genTable makes rows of (K long in [0,keys), V long, S dictionary string
// of 64 distinct values) in BatchSize batches.
func genTable(rows, keys int, seed int64) []*column.Batch {
	rng := rand.New(rand.NewSource(seed))
	dict := column.NewStrings(64, 64*16)
	for i := 0; i < 64; i++ {
		dict.Append(fmt.Sprintf("DeviceName-%04d", i))
	}
	var out []*column.Batch
	for lo := 0; lo < rows; lo += column.BatchSize {
		n := min(column.BatchSize, rows-lo)
		k := make([]int64, n)
		v := make([]int64, n)
		codes := make([]uint32, n)
		for i := range k {
			k[i] = int64(rng.Intn(keys))
			v[i] = int64(rng.Intn(1000))
			codes[i] = uint32(rng.Intn(64))
		}
		out = append(out, column.NewBatch(n,
			column.FromInts(types.Long, k, nil),
			column.FromInts(types.Long, v, nil),
			column.FromStrings(types.String, &column.Strings{Dict: dict, Codes: codes})))
	}
	return out
}

var benchSchema = schema("K:long, V:long, S:string")

func benchRun(b *testing.B, n plan.Node, src Source, rows int, opts Options) {
	b.ReportAllocs()
	b.SetBytes(int64(rows) * 8)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), n, src, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFilter(b *testing.B) {
	const rows = 1 << 20
	src := &memSource{tables: map[string][]*column.Batch{"T": genTable(rows, 1000, 1)}}
	scan := &plan.Scan{Table: "T", Columns: benchSchema}
	f := &plan.Filter{Input: scan, Pred: gt(col(scan, "V"), lit(types.Long, int64(500)))}
	benchRun(b, f, src, rows, Options{})
}

func BenchmarkHashJoin(b *testing.B) {
	const probe, build = 1 << 20, 1 << 16
	src := &memSource{tables: map[string][]*column.Batch{
		"L": genTable(probe, build*2, 1),
		"R": genTable(build, build*2, 2),
	}}
	l := &plan.Scan{Table: "L", Columns: benchSchema}
	r := &plan.Scan{Table: "R", Columns: benchSchema}
	for _, k := range []plan.JoinKind{plan.Inner, plan.InnerUnique, plan.LeftOuter} {
		b.Run(k.String(), func(b *testing.B) {
			benchRun(b, joinNode(k, l, r, []int{0}, []int{0}), src, probe, Options{})
		})
	}
	// A dictionary-encoded key against a small lookup table.
	var names [][]any
	for i := 0; i < 64; i += 2 {
		names = append(names, row(fmt.Sprintf("DeviceName-%04d", i), int64(i)))
	}
	dev := values("S:string, Id:long", names...)
	b.Run("leftouter/dictkey", func(b *testing.B) {
		benchRun(b, joinNode(plan.LeftOuter, l, dev, []int{2}, []int{0}), src, probe, Options{})
	})
	// The small table on the left, as Kusto advises: the left side gets
	// indexed and the big right side streams.
	b.Run("inner/small-left", func(b *testing.B) {
		benchRun(b, joinNode(plan.Inner, r, l, []int{0}, []int{0}), src, probe, Options{})
	})
}

func BenchmarkAggregate(b *testing.B) {
	const rows = 1 << 20
	src := &memSource{tables: map[string][]*column.Batch{"T": genTable(rows, 10000, 1)}}
	scan := &plan.Scan{Table: "T", Columns: benchSchema}
	byLong := &plan.Aggregate{Input: scan, Keys: []plan.Expr{col(scan, "K")},
		Aggs: []plan.AggCall{countCall(), sumCall(col(scan, "V"))}, Out: schema("K:long, c:long, s:long")}
	byDict := &plan.Aggregate{Input: scan, Keys: []plan.Expr{col(scan, "S")},
		Aggs: []plan.AggCall{countCall(), sumCall(col(scan, "V"))}, Out: schema("S:string, c:long, s:long")}
	byBoth := &plan.Aggregate{Input: scan, Keys: []plan.Expr{col(scan, "K"), col(scan, "S")},
		Aggs: []plan.AggCall{countCall()}, Out: schema("K:long, S:string, c:long")}
	for _, c := range []struct {
		name string
		n    plan.Node
	}{{"long", byLong}, {"dictstring", byDict}, {"long+string", byBoth}} {
		for _, p := range []int{1, 0} {
			b.Run(fmt.Sprintf("%s/par=%d", c.name, p), func(b *testing.B) {
				benchRun(b, c.n, src, rows, Options{Parallelism: p})
			})
		}
	}
}

func BenchmarkSort(b *testing.B) {
	const rows = 1 << 20
	src := &memSource{tables: map[string][]*column.Batch{"T": genTable(rows, 1<<30, 1)}}
	scan := &plan.Scan{Table: "T", Columns: benchSchema}
	s := &plan.Sort{Input: scan, Keys: []plan.SortKey{{X: col(scan, "K"), Desc: true}}}
	benchRun(b, s, src, rows, Options{})
	_ = s
}

func BenchmarkTop(b *testing.B) {
	const rows = 1 << 20
	src := &memSource{tables: map[string][]*column.Batch{"T": genTable(rows, 1<<30, 1)}}
	scan := &plan.Scan{Table: "T", Columns: benchSchema}
	top := &plan.Top{Input: scan, N: 10, Keys: []plan.SortKey{{X: col(scan, "K"), Desc: true}}}
	benchRun(b, top, src, rows, Options{})
}

// genStrings makes one plain (not dictionary) string column of
// user-like names, distinct in [0, keys).
func genStrings(rows, keys int, seed int64) []*column.Batch {
	rng := rand.New(rand.NewSource(seed))
	var out []*column.Batch
	for lo := 0; lo < rows; lo += column.BatchSize {
		n := min(column.BatchSize, rows-lo)
		s := column.NewStrings(n, n*24)
		v := make([]int64, n)
		for i := 0; i < n; i++ {
			s.Append(fmt.Sprintf("user%06d@contoso.com", rng.Intn(keys)))
			v[i] = int64(i)
		}
		out = append(out, column.NewBatch(n, column.FromStrings(types.String, s), column.FromInts(types.Long, v, nil)))
	}
	return out
}

func BenchmarkStringKeys(b *testing.B) {
	const rows = 1 << 20
	sch := schema("U:string, V:long")
	src := &memSource{tables: map[string][]*column.Batch{
		"T": genStrings(rows, 50000, 1),
		"R": genStrings(1<<15, 50000, 2),
	}}
	scan := &plan.Scan{Table: "T", Columns: sch}
	r := &plan.Scan{Table: "R", Columns: sch}
	agg := &plan.Aggregate{Input: scan, Keys: []plan.Expr{col(scan, "U")}, Aggs: []plan.AggCall{countCall()}, Out: schema("U:string, c:long")}
	b.Run("aggregate", func(b *testing.B) { benchRun(b, agg, src, rows, Options{Parallelism: 1}) })
	b.Run("join", func(b *testing.B) {
		benchRun(b, joinNode(plan.Inner, scan, r, []int{0}, []int{0}), src, rows, Options{})
	})
}

// BenchmarkMvApply runs a per-row summarize and a per-row filter over
// 64k rows of 5-element arrays, segmented (the sub-query once per batch)
// and row by row (compiled and run per input row).
func BenchmarkMvApply(b *testing.B) {
	in := applyInput(1 << 16)
	exp := &plan.MvExpand{Input: in, Cols: []plan.MvExpandCol{{Index: 1, T: types.Long}}, Out: schema("Id:long, Xs:long, S:string")}
	leaf := &plan.ApplyRows{Out: exp.Out}
	x := col(leaf, "Xs")
	agg := &plan.Aggregate{Input: leaf, Aggs: []plan.AggCall{countCall(), sumCall(x)}, Out: schema("n:long, s:long")}
	filter := &plan.Filter{Input: leaf, Pred: gt(x, lit(types.Long, int64(9)))}
	for _, c := range []struct {
		name string
		sub  plan.Node
	}{{"summarize", agg}, {"filter", filter}} {
		ap := &plan.MvApply{Input: in, Expand: exp, Sub: c.sub, Out: c.sub.Schema()}
		if c.name == "summarize" {
			ap.Carry, ap.Out = []int{0}, append(schema("Id:long"), c.sub.Schema()...)
		}
		for _, seg := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/segmented=%v", c.name, seg), func(b *testing.B) {
				defer func(s bool) { segmented = s }(segmented)
				segmented = seg
				benchRun(b, ap, nil, 1<<16, Options{})
			})
		}
	}
}
