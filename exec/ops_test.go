package exec

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestFilterNullIsFalse(t *testing.T) {
	in := values("A:long, S:string", row(int64(1), "a"), row(nil, "b"), row(int64(5), "c"), row(int64(3), "d"))
	res := run(t, &plan.Filter{Input: in, Pred: gt(col(in, "A"), lit(types.Long, int64(2)))})
	expectRows(t, res, [][]any{{int64(5), "c"}, {int64(3), "d"}})
	// A constant predicate keeps everything or nothing.
	res = run(t, &plan.Filter{Input: in, Pred: lit(types.Bool, true)})
	if res.Rows() != 4 {
		t.Fatalf("true: %d rows", res.Rows())
	}
	res = run(t, &plan.Filter{Input: in, Pred: lit(types.Bool, nil)})
	if res.Rows() != 0 {
		t.Fatalf("null: %d rows", res.Rows())
	}
}

func TestProjectConstAndConvert(t *testing.T) {
	in := values("A:int, S:string", row(int32(1), "10"), row(nil, "x"))
	p := &plan.Project{Input: in,
		Exprs: []plan.Expr{
			&plan.Convert{X: col(in, "A"), T: types.Long},
			lit(types.String, "k"),
			&plan.Convert{X: col(in, "S"), T: types.Long},
		},
		Out: schema("A:long, K:string, N:long")}
	res := run(t, p)
	expectSchema(t, res, "A:long, K:string, N:long")
	expectRows(t, res, [][]any{{int64(1), "k", int64(10)}, {nil, "k", nil}})
}

func TestWindowProjectSeesWholeInput(t *testing.T) {
	var rs [][]any
	for i := 0; i < 20000; i++ {
		rs = append(rs, row(int64(i)))
	}
	in := values("A:long", rs...)
	p := &plan.Project{Input: in, Window: true,
		Exprs: []plan.Expr{col(in, "A"), &plan.Call{Fn: fnRowNo, Bound: &functions.Bound{Type: types.Long, Eval: rowNumberKernel}}},
		Out:   schema("A:long, N:long")}
	res := run(t, p)
	got := rows(res)
	if len(got) != 20000 || got[19999][1] != int64(20000) || got[8192][1] != int64(8193) {
		t.Fatalf("row numbers do not run across batches: %v %v", got[8192], got[len(got)-1])
	}
}

func TestAggregateGroups(t *testing.T) {
	in := values("K:string, V:long",
		row("a", int64(1)), row("b", int64(2)), row("a", nil), row("", int64(4)), row("b", int64(5)))
	agg := &plan.Aggregate{Input: in, Keys: []plan.Expr{col(in, "K")},
		Aggs: []plan.AggCall{countCall(), sumCall(col(in, "V"))},
		Out:  schema("K:string, count_:long, sum_V:long")}
	res := run(t, agg)
	expectRows(t, res, [][]any{
		{"a", int64(2), int64(1)},
		{"b", int64(2), int64(7)},
		{"", int64(1), int64(4)},
	})
}

func TestAggregateNullKeysGroupTogether(t *testing.T) {
	in := values("K:long", row(nil), row(int64(1)), row(nil), row(int64(0)))
	agg := &plan.Aggregate{Input: in, Keys: []plan.Expr{col(in, "K")}, Aggs: []plan.AggCall{countCall()},
		Out: schema("K:long, count_:long")}
	expectRows(t, run(t, agg), [][]any{{nil, int64(2)}, {int64(1), int64(1)}, {int64(0), int64(1)}})
}

// Kusto: count() over an empty table is one row with 0; summarize by x
// over an empty table is no rows.
func TestAggregateEmptyInput(t *testing.T) {
	in := values("K:string, V:long")
	noKeys := &plan.Aggregate{Input: in, Aggs: []plan.AggCall{countCall(), sumCall(col(in, "V"))}, Out: schema("count_:long, sum_V:long")}
	for _, p := range []int{1, 4} {
		res := runOpts(t, noKeys, Options{Parallelism: p})
		expectRows(t, res, [][]any{{int64(0), nil}})
		withKeys := &plan.Aggregate{Input: in, Keys: []plan.Expr{col(in, "K")}, Aggs: []plan.AggCall{countCall()}, Out: schema("K:string, count_:long")}
		res = runOpts(t, withKeys, Options{Parallelism: p})
		if res.Rows() != 0 {
			t.Fatalf("summarize by over empty: %d rows", res.Rows())
		}
		expectSchema(t, res, "K:string, count_:long")
	}
}

func TestAggregateMultiKeyTypes(t *testing.T) {
	in := values("B:bool, R:real, D:datetime, G:guid",
		row(true, 1.5, value.DateTime(10), value.GUID("00000000-0000-0000-0000-000000000001")),
		row(true, 1.5, value.DateTime(10), value.GUID("00000000-0000-0000-0000-000000000001")),
		row(false, nil, value.DateTime(10), nil),
		row(false, nil, value.DateTime(10), nil),
		row(nil, math.Copysign(0, -1), nil, nil),
		row(nil, 0.0, nil, nil))
	agg := &plan.Aggregate{Input: in,
		Keys: []plan.Expr{col(in, "B"), col(in, "R"), col(in, "D"), col(in, "G")},
		Aggs: []plan.AggCall{countCall()},
		Out:  schema("B:bool, R:real, D:datetime, G:guid, count_:long")}
	res := run(t, agg)
	if res.Rows() != 3 {
		t.Fatalf("%d groups, want 3:\n%s", res.Rows(), fmtRows(rows(res)))
	}
}

// Parallel partial aggregation gives the same groups, in the same order
// (first appearance), as one worker.
func TestAggregateParallelMatchesSerial(t *testing.T) {
	defer func(n int) { serialBatches = n }(serialBatches)
	serialBatches = 1
	rng := rand.New(rand.NewSource(1))
	var rs [][]any
	for i := 0; i < 100000; i++ {
		k := int64(rng.Intn(200))
		var v any = int64(rng.Intn(100))
		if rng.Intn(10) == 0 {
			v = nil
		}
		rs = append(rs, row(k, "s"+string(rune('a'+k%7)), v))
	}
	in := values("K:long, S:string, V:long", rs...)
	f := &plan.Filter{Input: in, Pred: gt(col(in, "K"), lit(types.Long, int64(10)))}
	agg := &plan.Aggregate{Input: f, Keys: []plan.Expr{col(in, "K"), col(in, "S")},
		Aggs: []plan.AggCall{countCall(), sumCall(col(in, "V"))},
		Out:  schema("K:long, S:string, count_:long, sum_V:long")}
	serial := runOpts(t, agg, Options{Parallelism: 1})
	par := runOpts(t, agg, Options{Parallelism: 4})
	if a, b := fmtRows(rows(serial)), fmtRows(rows(par)); a != b {
		t.Fatalf("parallel result differs from serial (%d vs %d rows)", serial.Rows(), par.Rows())
	}
	noKeys := &plan.Aggregate{Input: f, Aggs: []plan.AggCall{countCall()}, Out: schema("count_:long")}
	a := rows(runOpts(t, noKeys, Options{Parallelism: 1}))
	b := rows(runOpts(t, noKeys, Options{Parallelism: 3}))
	if fmtRows(a) != fmtRows(b) {
		t.Fatalf("count: %v vs %v", a, b)
	}
}

func TestAggregateDictionaryKeys(t *testing.T) {
	dict := column.StringsOf("x", "y", "z")
	codes := []uint32{2, 0, 2, 1, 0, 2}
	v := column.FromStrings(types.String, &column.Strings{Dict: dict, Codes: codes})
	src := &memSource{tables: map[string][]*column.Batch{"T": {column.NewBatch(6, v)}}}
	scan := &plan.Scan{Table: "T", Columns: schema("S:string")}
	agg := &plan.Aggregate{Input: scan, Keys: []plan.Expr{col(scan, "S")}, Aggs: []plan.AggCall{countCall()}, Out: schema("S:string, count_:long")}
	res, err := Run(context.Background(), agg, src, Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	// "y" is in no row but "z", "x", "y" are; an unused entry must not
	// create a group.
	expectRows(t, res, [][]any{{"z", int64(3)}, {"x", int64(2)}, {"y", int64(1)}})
	v2 := column.FromStrings(types.String, &column.Strings{Dict: dict, Codes: []uint32{0, 0}})
	src.tables["T"] = []*column.Batch{column.NewBatch(2, v2)}
	res, err = Run(context.Background(), agg, src, Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	expectRows(t, res, [][]any{{"x", int64(2)}})
}

func TestUnion(t *testing.T) {
	a := values("X:long, Y:string", row(int64(1), "a"))
	b := values("Y:string, Z:real", row("b", 2.5))
	u := &plan.Union{Parts: []plan.Node{a, b},
		Maps:      [][]int{{-1, 0, 1, -1}, {-1, -1, 0, 1}},
		Out:       schema("Src:string, X:long, Y:string, Z:real"),
		SourceCol: 0, SourceNames: []string{"A", "B"}}
	expectRows(t, run(t, u), [][]any{{"A", int64(1), "a", nil}, {"B", nil, "b", 2.5}})
}

func TestSortNullsAndStability(t *testing.T) {
	in := values("A:long, S:string",
		row(int64(2), "b"), row(nil, "n"), row(int64(1), "a"), row(int64(2), "a"), row(nil, "m"))
	asc := &plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(in, "A"), NullsFirst: true}}}
	expectRows(t, run(t, asc), [][]any{
		{nil, "n"}, {nil, "m"}, {int64(1), "a"}, {int64(2), "b"}, {int64(2), "a"}})
	desc := &plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(in, "A"), Desc: true}, {X: col(in, "S")}}}
	expectRows(t, run(t, desc), [][]any{
		{int64(2), "a"}, {int64(2), "b"}, {int64(1), "a"}, {nil, "m"}, {nil, "n"}})
	// Strings sort ordinally: upper case before lower case.
	s := values("S:string", row("b"), row("B"), row("a"), row("á"))
	expectRows(t, run(t, &plan.Sort{Input: s, Keys: []plan.SortKey{{X: col(s, "S")}}}),
		[][]any{{"B"}, {"a"}, {"b"}, {"á"}})
}

func TestTopMatchesSortLimit(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	var rs [][]any
	for i := 0; i < 50000; i++ {
		var a any = int64(rng.Intn(1000))
		if rng.Intn(50) == 0 {
			a = nil
		}
		rs = append(rs, row(a, int64(i)))
	}
	in := values("A:long, I:long", rs...)
	for _, n := range []int64{0, 1, 10, 5000, 100000} {
		for _, desc := range []bool{false, true} {
			keys := []plan.SortKey{{X: col(in, "A"), Desc: desc, NullsFirst: !desc}}
			top := run(t, &plan.Top{Input: in, N: n, Keys: keys})
			ref := run(t, &plan.Limit{Input: &plan.Sort{Input: in, Keys: keys}, N: n})
			if fmtRows(rows(top)) != fmtRows(rows(ref)) {
				t.Fatalf("top %d desc=%v differs from sort+limit", n, desc)
			}
		}
	}
}

func TestLimitStopsPulling(t *testing.T) {
	var bs []*column.Batch
	for i := 0; i < 10; i++ {
		bs = append(bs, column.NewBatch(100, column.FromInts(types.Long, make([]int64, 100), nil)))
	}
	counting := &countingSource{bs: bs}
	scan := &plan.Scan{Table: "T", Columns: schema("A:long")}
	res, err := Run(context.Background(), &plan.Limit{Input: scan, N: 150}, counting, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows() != 150 || counting.pulled != 2 {
		t.Fatalf("rows %d, pulled %d batches; want 150 rows from 2 batches", res.Rows(), counting.pulled)
	}
}

type countingSource struct {
	bs     []*column.Batch
	pulled int
}

func (s *countingSource) Scan(context.Context, *plan.Scan) (BatchReader, error) { return s, nil }
func (s *countingSource) Next() (*column.Batch, error) {
	if s.pulled >= len(s.bs) {
		return nil, errors.New("read past the end")
	}
	s.pulled++
	return s.bs[s.pulled-1], nil
}

func TestRange(t *testing.T) {
	r := &plan.Range{Out: schema("x:long"), From: lit(types.Long, int64(1)), To: lit(types.Long, int64(10)), Step: lit(types.Long, int64(4))}
	expectRows(t, run(t, r), [][]any{{int64(1)}, {int64(5)}, {int64(9)}})
	r = &plan.Range{Out: schema("x:long"), From: lit(types.Long, int64(5)), To: lit(types.Long, int64(1)), Step: lit(types.Long, int64(1))}
	if run(t, r).Rows() != 0 {
		t.Fatal("range with a step away from the stop must be empty")
	}
	d := &plan.Range{Out: schema("t:datetime"), From: lit(types.DateTime, value.DateTime(0)), To: lit(types.DateTime, value.DateTime(2*value.Hour)), Step: lit(types.TimeSpan, value.TimeSpan(value.Hour))}
	expectRows(t, run(t, d), [][]any{{value.DateTime(0)}, {value.DateTime(value.Hour)}, {value.DateTime(2 * value.Hour)}})
	big := &plan.Range{Out: schema("x:long"), From: lit(types.Long, int64(1)), To: lit(types.Long, int64(20000)), Step: lit(types.Long, int64(1))}
	if n := run(t, big).Rows(); n != 20000 {
		t.Fatalf("range 1..20000: %d rows", n)
	}
	rl := &plan.Range{Out: schema("x:real"), From: lit(types.Real, 0.5), To: lit(types.Real, 1.5), Step: lit(types.Real, 0.5)}
	expectRows(t, run(t, rl), [][]any{{0.5}, {1.0}, {1.5}})
}

func TestMvExpand(t *testing.T) {
	bag := value.NewBag(2)
	bag.Set("a", int64(1))
	bag.Set("b", "x")
	in := values("Id:long, D:dynamic, E:dynamic",
		row(int64(1), []any{int64(10), int64(20), int64(30)}, []any{"p", "q"}),
		row(int64(2), []any{}, []any{}),
		row(int64(3), nil, []any{}),
		row(int64(4), bag, nil),
		row(int64(5), "scalar", nil))
	m := &plan.MvExpand{Input: in, Cols: []plan.MvExpandCol{{Index: 1, T: types.Dynamic}, {Index: 2, T: types.Dynamic}},
		ItemIndex: "i", Out: schema("Id:long, D:dynamic, E:dynamic, i:long")}
	expectRows(t, run(t, m), [][]any{
		{int64(1), int64(10), "p", int64(0)},
		{int64(1), int64(20), "q", int64(1)},
		{int64(1), int64(30), nil, int64(2)},
		{int64(3), nil, nil, int64(0)},
		{int64(4), mkBag("a", int64(1)), nil, int64(0)},
		{int64(4), mkBag("b", "x"), nil, int64(1)},
		{int64(5), "scalar", nil, int64(0)},
	})
	// kind=array turns properties into [key, value] pairs; limit caps the
	// rows per input row; to typeof(long) casts (a string is no long).
	in2 := values("D:dynamic", row(bag), row([]any{int64(1), "2", 3.0, int64(4)}))
	m2 := &plan.MvExpand{Input: in2, Cols: []plan.MvExpandCol{{Index: 0, T: types.Dynamic}}, BagExpansion: "array", Limit: 3, Out: schema("D:dynamic")}
	expectRows(t, run(t, m2), [][]any{{[]any{"a", int64(1)}}, {[]any{"b", "x"}}, {int64(1)}, {"2"}, {3.0}})
	m3 := &plan.MvExpand{Input: in2, Cols: []plan.MvExpandCol{{Index: 0, T: types.Long}}, Out: schema("D:long")}
	res := run(t, &plan.Filter{Input: m3, Pred: lit(types.Bool, true)})
	expectSchema(t, res, "D:long")
	expectRows(t, res, [][]any{{nil}, {nil}, {int64(1)}, {nil}, {nil}, {int64(4)}})
}

func mkBag(kv ...any) *value.Bag {
	b := value.NewBag(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		b.Set(kv[i].(string), kv[i+1])
	}
	return b
}

func TestParse(t *testing.T) {
	in := values("Msg:string, Keep:long",
		row("user=alice id=42", int64(1)),
		row("garbage", int64(2)),
		row("user=bob id=x", int64(3)))
	p := &plan.Parse{Input: in, Source: col(in, "Msg"), Regex: `user=(\w+) id=(\w+)`,
		Cols: []plan.ParseCol{{Group: 1, Index: 2, T: types.String}, {Group: 2, Index: 3, T: types.Long}},
		Out:  schema("Msg:string, Keep:long, User:string, Id:long")}
	// Matching is strict: "x" is no long, so that row did not parse at
	// all (no user either), and parse-where drops it.
	expectRows(t, run(t, p), [][]any{
		{"user=alice id=42", int64(1), "alice", int64(42)},
		{"garbage", int64(2), "", nil},
		{"user=bob id=x", int64(3), "", nil},
	})
	pw := *p
	pw.Where = true
	expectRows(t, run(t, &pw), [][]any{
		{"user=alice id=42", int64(1), "alice", int64(42)},
	})
	// Replacing an existing column in place.
	pr := &plan.Parse{Input: in, Source: col(in, "Msg"), Regex: `id=(\d+)`,
		Cols: []plan.ParseCol{{Group: 1, Index: 1, T: types.Long}}, Out: schema("Msg:string, Keep:long")}
	expectRows(t, run(t, pr), [][]any{{"user=alice id=42", int64(42)}, {"garbage", nil}, {"user=bob id=x", nil}})
	// kind=relaxed: "x" is no long, so only Id is null; the row still
	// parsed (user filled, kept by parse-where).
	rx := *p
	rx.Relaxed = true
	expectRows(t, run(t, &rx), [][]any{
		{"user=alice id=42", int64(1), "alice", int64(42)},
		{"garbage", int64(2), "", nil},
		{"user=bob id=x", int64(3), "bob", nil},
	})
	rx.Where = true
	expectRows(t, run(t, &rx), [][]any{
		{"user=alice id=42", int64(1), "alice", int64(42)},
		{"user=bob id=x", int64(3), "bob", nil},
	})
}

func TestParseDictionarySource(t *testing.T) {
	dict := column.StringsOf("k=1", "nope", "k=22")
	v := column.FromStrings(types.String, &column.Strings{Dict: dict, Codes: []uint32{2, 1, 0, 2}})
	src := &memSource{tables: map[string][]*column.Batch{"T": {column.NewBatch(4, v)}}}
	scan := &plan.Scan{Table: "T", Columns: schema("S:string")}
	p := &plan.Parse{Input: scan, Source: col(scan, "S"), Regex: `k=(\d+)`, Where: true,
		Cols: []plan.ParseCol{{Group: 1, Index: 1, T: types.Long}}, Out: schema("S:string, K:long")}
	res, err := Run(context.Background(), p, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	expectRows(t, res, [][]any{{"k=22", int64(22)}, {"k=1", int64(1)}, {"k=22", int64(22)}})
}

func TestBagUnpack(t *testing.T) {
	in := values("Id:long, D:dynamic",
		row(int64(1), mkBag("Name", "John", "Age", int64(20))),
		row(int64(2), mkBag("Name", "Dave", "Height", int64(170), "Age", 40.5)),
		row(int64(3), nil),
		row(int64(4), mkBag("Extra", []any{int64(1)}, "Nul", nil)))
	bu := &plan.BagUnpack{Input: in, Col: 1, Out: schema("Id:long")}
	res := run(t, bu)
	expectSchema(t, res, "Id:long, Age:dynamic, Extra:dynamic, Height:long, Name:string, Nul:dynamic")
	expectRows(t, res, [][]any{
		{int64(1), int64(20), nil, nil, "John", nil},
		{int64(2), 40.5, nil, int64(170), "Dave", nil},
		{int64(3), nil, nil, nil, "", nil},
		{int64(4), nil, []any{int64(1)}, nil, "", nil},
	})
	pre := &plan.BagUnpack{Input: in, Col: 1, Prefix: "p_", Out: schema("Id:long")}
	expectSchema(t, run(t, pre), "Id:long, p_Age:dynamic, p_Extra:dynamic, p_Height:long, p_Name:string, p_Nul:dynamic")

	clash := values("Name:string, D:dynamic", row("old", mkBag("Name", "new")))
	_, err := Run(context.Background(), &plan.BagUnpack{Input: clash, Col: 1, Out: schema("Name:string")}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("clash: err = %v", err)
	}
	decl := &plan.BagUnpack{Input: in, Col: 1, Declared: schema("Name:string, Age:long"), Out: schema("Id:long, Name:string, Age:long")}
	res = run(t, decl)
	expectSchema(t, res, "Id:long, Name:string, Age:long")
	expectRows(t, res, [][]any{
		{int64(1), "John", int64(20)},
		{int64(2), "Dave", int64(40)},
		{int64(3), "", nil},
		{int64(4), "", nil},
	})
}

func TestMaterializeRunsOnce(t *testing.T) {
	src := &memSource{tables: map[string][]*column.Batch{
		"T": {column.NewBatch(3, column.FromInts(types.Long, []int64{1, 2, 3}, nil))},
	}}
	scan := &plan.Scan{Table: "T", Columns: schema("A:long")}
	m := &plan.Materialize{Input: scan}
	u := &plan.Union{Parts: []plan.Node{m, m, &plan.Filter{Input: m, Pred: gt(col(m, "A"), lit(types.Long, int64(1)))}},
		Maps: [][]int{{0}, {0}, {0}}, Out: schema("A:long"), SourceCol: -1}
	res, err := Run(context.Background(), &plan.Render{Input: u, Chart: "table"}, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows() != 8 || src.scans != 1 {
		t.Fatalf("rows %d (want 8), scans %d (want 1)", res.Rows(), src.scans)
	}
	if res.Render == nil || res.Render.Chart != "table" {
		t.Fatalf("render not recorded")
	}
}

func TestSubqueries(t *testing.T) {
	set := values("K:long", row(int64(2)), row(nil), row(int64(4)))
	in := values("A:int, S:string", row(int32(1), "Ab"), row(int32(2), "x"), row(nil, "AB"), row(int32(4), "y"))
	f := &plan.Filter{Input: in, Pred: &plan.InSubquery{X: col(in, "A"), Sub: set}}
	expectRows(t, run(t, f), [][]any{{int32(2), "x"}, {int32(4), "y"}})
	nf := &plan.Filter{Input: in, Pred: &plan.InSubquery{X: col(in, "A"), Sub: set, Negated: true}}
	expectRows(t, run(t, nf), [][]any{{int32(1), "Ab"}, {nil, "AB"}})
	ss := values("S:string", row("ab"))
	ci := &plan.Filter{Input: in, Pred: &plan.InSubquery{X: col(in, "S"), Sub: ss, CaseInsensitive: true}}
	expectRows(t, run(t, ci), [][]any{{int32(1), "Ab"}, {nil, "AB"}})
	cs := &plan.Filter{Input: in, Pred: &plan.InSubquery{X: col(in, "S"), Sub: ss}}
	if run(t, cs).Rows() != 0 {
		t.Fatal("in is case-sensitive")
	}
	sc := &plan.Project{Input: in, Exprs: []plan.Expr{&plan.ScalarSubquery{Sub: set, T: types.Long}}, Out: schema("X:long")}
	expectRows(t, run(t, sc), [][]any{{int64(2)}, {int64(2)}, {int64(2)}, {int64(2)}})
	empty := &plan.Project{Input: in, Exprs: []plan.Expr{&plan.ScalarSubquery{Sub: values("K:long"), T: types.Long}}, Out: schema("X:long")}
	expectRows(t, run(t, empty), [][]any{{nil}, {nil}, {nil}, {nil}})
}

func TestMemoryLimit(t *testing.T) {
	var rs [][]any
	for i := 0; i < 50000; i++ {
		rs = append(rs, row(int64(i), strings.Repeat("x", 100)))
	}
	in := values("A:long, S:string", rs...)
	_, err := Run(context.Background(), &plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(in, "A")}}}, nil, Options{MemoryLimit: 1 << 20})
	if !errors.Is(err, ErrMemoryLimit) || !strings.Contains(err.Error(), "sorting") {
		t.Fatalf("err = %v, want a memory limit error", err)
	}
	j := joinNode(plan.Inner, in, in, []int{0}, []int{0})
	if _, err = Run(context.Background(), j, nil, Options{MemoryLimit: 1 << 20}); !errors.Is(err, ErrMemoryLimit) {
		t.Fatalf("join err = %v", err)
	}
}

func TestScanProjectionAndCancel(t *testing.T) {
	src := &memSource{tables: map[string][]*column.Batch{"T": {column.NewBatch(2,
		column.FromInts(types.Long, []int64{1, 2}, nil),
		column.FromStrings(types.String, column.StringsOf("a", "b")))}}}
	scan := &plan.Scan{Table: "T", Columns: schema("A:long, S:string"), Project: []int{1}}
	res, err := Run(context.Background(), scan, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	expectSchema(t, res, "S:string")
	expectRows(t, res, [][]any{{"a"}, {"b"}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, scan, src, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: err = %v", err)
	}
}

// refLess orders boxed rows as Kusto sorts: per key, nulls placed by
// NullsFirst, values ascending or descending.
func refCompare(a, b []any, keys []int, specs []sortSpec) int {
	for k, c := range keys {
		x, y := a[c], b[c]
		if x == nil || y == nil {
			if x == nil && y == nil {
				continue
			}
			r := 1
			if specs[k].nullsFirst {
				r = -1
			}
			if y == nil {
				r = -r
			}
			return r
		}
		r := value.Compare(x, y)
		if specs[k].desc {
			r = -r
		}
		if r != 0 {
			return r
		}
	}
	return 0
}

func TestSortAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var rs [][]any
	for i := 0; i < 3000; i++ {
		var a any = int64(rng.Intn(200) - 100)
		if rng.Intn(20) == 0 {
			a = nil
		}
		if rng.Intn(50) == 0 {
			a = int64(rng.Int63()) - 1<<62
		}
		var r any = rng.Float64()*10 - 5
		if rng.Intn(20) == 0 {
			r = nil
		}
		rs = append(rs, row(a, []string{"b", "a", "B", "", "ab"}[rng.Intn(5)], r, int64(i)))
	}
	in := values("A:long, S:string, R:real, I:long", rs...)
	for _, keys := range [][]int{{0}, {1}, {2}, {1, 0}, {2, 1, 0}} {
		for _, desc := range []bool{false, true} {
			for _, nf := range []bool{false, true} {
				var sk []plan.SortKey
				var specs []sortSpec
				for _, k := range keys {
					sk = append(sk, plan.SortKey{X: &plan.ColRef{Index: k, T: in.Out[k].Type}, Desc: desc, NullsFirst: nf})
					specs = append(specs, sortSpec{desc: desc, nullsFirst: nf})
				}
				want := append([][]any(nil), rs...)
				sort.SliceStable(want, func(i, j int) bool { return refCompare(want[i], want[j], keys, specs) < 0 })
				expectRows(t, run(t, &plan.Sort{Input: in, Keys: sk}), want)
				expectRows(t, run(t, &plan.Top{Input: in, N: 100, Keys: sk}), want[:100])
			}
		}
	}
}

func TestSortDictionaryStrings(t *testing.T) {
	dict := column.StringsOf("b", "", "a", "B", "ab")
	rng := rand.New(rand.NewSource(4))
	codes := make([]uint32, 1000)
	var want [][]any
	for i := range codes {
		codes[i] = uint32(rng.Intn(5))
		want = append(want, row(dict.At(int(codes[i]))))
	}
	v := column.FromStrings(types.String, &column.Strings{Dict: dict, Codes: codes})
	src := &memSource{tables: map[string][]*column.Batch{"T": {column.NewBatch(1000, v)}}}
	scan := &plan.Scan{Table: "T", Columns: schema("S:string")}
	res, err := Run(context.Background(), &plan.Sort{Input: scan, Keys: []plan.SortKey{{X: col(scan, "S"), Desc: true}}}, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i][0].(string) > want[j][0].(string) })
	expectRows(t, res, want)
}

func TestAggregateSingleLongKey(t *testing.T) {
	var rs [][]any
	for i := 0; i < 20000; i++ {
		rs = append(rs, row(int64(i%100-50)))
	}
	rs = append(rs, row(nil)) // a null in the last batch only
	in := values("K:long", rs...)
	agg := &plan.Aggregate{Input: in, Keys: []plan.Expr{col(in, "K")}, Aggs: []plan.AggCall{countCall()}, Out: schema("K:long, n:long")}
	got := rows(run(t, agg))
	if len(got) != 101 || got[0][0] != int64(-50) || got[0][1] != int64(200) || got[100][0] != nil || got[100][1] != int64(1) {
		t.Fatalf("groups: %d, first %v, last %v", len(got), got[0], got[len(got)-1])
	}
}

func TestAggregateDynamicKeys(t *testing.T) {
	in := values("D:dynamic",
		row([]any{int64(1)}), row(mkBag("a", int64(1), "b", "x")), row([]any{int64(1)}),
		row(mkBag("b", "x", "a", int64(1))), row(int64(1)), row(1.0), row(nil), row(nil))
	agg := &plan.Aggregate{Input: in, Keys: []plan.Expr{col(in, "D")}, Aggs: []plan.AggCall{countCall()}, Out: schema("D:dynamic, n:long")}
	res := run(t, agg)
	if res.Rows() != 4 {
		t.Fatalf("%d groups, want 4:\n%s", res.Rows(), fmtRows(rows(res)))
	}
}

// Blocking operators give their memory back once their output is read,
// so a query's budget bounds what it holds at once, not what it ever held.
func TestMemoryReleased(t *testing.T) {
	var rs [][]any
	for i := 0; i < 20000; i++ {
		rs = append(rs, row(int64(i%500), strings.Repeat("y", 20)))
	}
	in := values("A:long, S:string", rs...)
	sorted := &plan.Sort{Input: in, Keys: []plan.SortKey{{X: col(in, "A")}}}
	j := joinNode(plan.Inner, sorted, &plan.Sort{Input: values("A:long", row(int64(1))), Keys: []plan.SortKey{{X: lit(types.Long, int64(0))}}}, []int{0}, []int{0})
	agg := &plan.Aggregate{Input: j, Keys: []plan.Expr{col(j, "A")}, Aggs: []plan.AggCall{countCall()}, Out: schema("A:long, n:long")}
	rt := newEngine(context.Background(), nil, Options{})
	op, err := rt.compile(agg)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := rt.drain(op, "test"); err != nil {
		t.Fatal(err)
	}
	// What remains is the drained result itself.
	if used := rt.mem.used.Load(); used > 4096 {
		t.Fatalf("%d bytes still accounted after the query", used)
	}
}

// columnsConflict and ignoredProperties: the clashing column is replaced
// in place or kept, ignored properties give no column.
func TestBagUnpackConflicts(t *testing.T) {
	in := values("Name:string, D:dynamic, Id:long",
		row("James", mkBag("Name", "John", "Age", int64(20), "Secret", "x"), int64(1)),
		row("David", mkBag("Age", int64(40)), int64(2)))
	bu := func(conflict string, ignored ...string) *plan.BagUnpack {
		return &plan.BagUnpack{Input: in, Col: 1, Out: schema("Name:string, Id:long"), ColumnsConflict: conflict, IgnoredProperties: ignored}
	}
	res := run(t, bu("replace_source", "Secret"))
	expectSchema(t, res, "Name:string, Id:long, Age:long")
	expectRows(t, res, [][]any{{"John", int64(1), int64(20)}, {"", int64(2), int64(40)}})
	res = run(t, bu("keep_source", "Secret"))
	expectSchema(t, res, "Name:string, Id:long, Age:long")
	expectRows(t, res, [][]any{{"James", int64(1), int64(20)}, {"David", int64(2), int64(40)}})
	res = run(t, bu("error", "Name", "Secret"))
	expectSchema(t, res, "Name:string, Id:long, Age:long")
	for _, c := range []string{"", "error"} {
		if _, err := Run(context.Background(), bu(c), nil, Options{}); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Fatalf("columnsConflict=%q: err = %v", c, err)
		}
	}
	if _, err := Run(context.Background(), bu("overwrite"), nil, Options{}); err == nil || !strings.Contains(err.Error(), "columnsConflict") {
		t.Fatalf("unknown columnsConflict: err = %v", err)
	}
	// A declared column that is ignored stays empty.
	decl := &plan.BagUnpack{Input: in, Col: 1, Declared: schema("Age:long, Secret:string"), Out: schema("Name:string, Id:long, Age:long, Secret:string"), IgnoredProperties: []string{"Secret"}}
	expectRows(t, run(t, decl), [][]any{{"James", int64(1), int64(20), ""}, {"David", int64(2), int64(40), ""}})
}
