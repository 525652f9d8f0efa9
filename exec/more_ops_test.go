package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestSample(t *testing.T) {
	var rs [][]any
	for i := 0; i < 1000; i++ {
		rs = append(rs, row(int64(i)))
	}
	in := values("A:long", rs...)
	got := rows(run(t, &plan.Sample{Input: in, N: 10}))
	if len(got) != 10 {
		t.Fatalf("%d rows, want 10", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i][0].(int64) <= got[i-1][0].(int64) {
			t.Fatalf("sampled rows must be distinct and keep input order: %v", got)
		}
	}
	if n := run(t, &plan.Sample{Input: in, N: 5000}).Rows(); n != 1000 {
		t.Fatalf("sample larger than input: %d rows", n)
	}
}

// mv-apply with top 1 per row, carrying the unexpanded column.
func TestMvApply(t *testing.T) {
	in := values("Id:long, Xs:dynamic",
		row(int64(1), []any{int64(3), int64(9), int64(4)}),
		row(int64(2), []any{}),
		row(int64(3), []any{int64(7)}))
	exp := &plan.MvExpand{Input: in, Cols: []plan.MvExpandCol{{Index: 1, T: types.Long}}, Out: schema("Id:long, Xs:long")}
	leaf := &plan.ApplyRows{Out: exp.Out}
	sub := &plan.Project{Input: &plan.Top{Input: leaf, N: 1, Keys: []plan.SortKey{{X: col(leaf, "Xs"), Desc: true}}},
		Exprs: []plan.Expr{col(leaf, "Xs")}, Out: schema("Xs:long")}
	ap := &plan.MvApply{Input: in, Expand: exp, Sub: sub, Carry: []int{0}, Out: schema("Id:long, Xs:long")}
	expectRows(t, run(t, ap), [][]any{{int64(1), int64(9)}, {int64(3), int64(7)}})

	// An aggregate runs once per input row, an empty expansion included.
	agg := &plan.Aggregate{Input: leaf, Aggs: []plan.AggCall{countCall(), sumCall(col(leaf, "Xs"))}, Out: schema("n:long, s:long")}
	ap2 := &plan.MvApply{Input: in, Expand: exp, Sub: agg, Carry: []int{0}, Out: schema("Id:long, n:long, s:long")}
	expectRows(t, run(t, ap2), [][]any{{int64(1), int64(3), int64(16)}, {int64(2), int64(0), nil}, {int64(3), int64(1), int64(7)}})
}

func parseKv(in *plan.Values, props map[string]string, cols string) *plan.ParseKv {
	n := &plan.ParseKv{Input: in, Source: col(in, "S"), Props: props, Out: append(types.Schema(nil), in.Out...)}
	for i, c := range schema(cols) {
		n.Out = append(n.Out, c)
		n.Keys = append(n.Keys, c.Name)
		n.Cols = append(n.Cols, plan.ParseCol{Group: i + 1, Index: len(n.Out) - 1, T: c.Type})
	}
	return n
}

func TestParseKv(t *testing.T) {
	in := values("S:string",
		row("ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info"),
		row("Machine:X, Machine:Y"),
		row("nothing here"))
	p := parseKv(in, map[string]string{"pair_delimiter": ",", "kv_delimiter": ":"}, "Text:string, ThreadId:long, Machine:string")
	res := run(t, p)
	expectRows(t, res, [][]any{
		{in.Rows[0][0], "The service is up", int64(458745723), "Node001"},
		{in.Rows[1][0], "", nil, "X"},
		{in.Rows[2][0], "", nil, ""},
	})
	q := values("S:string", row(`src=10.1.1.123 bytes=125 failure="connection \"aborted\"" "event time"=2021-01-01T10:00:54`))
	res = run(t, parseKv(q, map[string]string{"pair_delimiter": " ", "kv_delimiter": "=", "quote": `"`, "escape": `\`}, "event time:datetime, src:string, bytes:long, failure:string"))
	got := rows(res)[0]
	if got[2] != "10.1.1.123" || got[3] != int64(125) || got[4] != `connection "aborted"` || got[1] == nil {
		t.Fatalf("quoted: %v", got)
	}
	g := values("S:string", row("name=John Doe phone=555 5555 city=New York"))
	expectRows(t, run(t, parseKv(g, map[string]string{"pair_delimiter": " ", "kv_delimiter": "=", "greedy": "true"}, "name:string, phone:string, city:string")),
		[][]any{{g.Rows[0][0], "John Doe", "555 5555", "New York"}})
	expectRows(t, run(t, parseKv(g, map[string]string{"pair_delimiter": " ", "kv_delimiter": "="}, "name:string, phone:string, city:string")),
		[][]any{{g.Rows[0][0], "John", "555", "New"}})
	free := values("S:string", row("2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: Started"))
	expectRows(t, run(t, parseKv(free, map[string]string{}, "Text:string, ThreadId:long, Machine:string")),
		[][]any{{free.Rows[0][0], "Started", int64(458745723), "Node001"}})
	re := values("S:string", row(`["a b": 1, "c": x]`))
	expectRows(t, run(t, parseKv(re, map[string]string{"regex": `"([\w ]+)"\s*:\s*(\w+)`}, "a b:long, c:string")),
		[][]any{{re.Rows[0][0], int64(1), "x"}})
}

func TestPivot(t *testing.T) {
	in := values("S:string, E:string, D:long",
		row("AL", "Wind", int64(1)), row("AL", "Wind", int64(2)), row("AK", "Snow", int64(5)), row("AL", "Snow", int64(1)))
	p := &plan.Pivot{Input: in, Col: 0, Agg: sumCall(col(in, "D")), Keys: []int{1}, Out: schema("E:string")}
	res := run(t, p)
	expectSchema(t, res, "E:string, AL:long, AK:long")
	// A cell without rows holds the aggregate over no rows (null for the
	// test sum, 0 for count).
	expectRows(t, res, [][]any{{"Wind", int64(3), nil}, {"Snow", int64(1), int64(5)}})
	pc := &plan.Pivot{Input: in, Col: 0, Agg: countCall(), Keys: []int{1}, Out: schema("E:string")}
	expectRows(t, run(t, pc), [][]any{{"Wind", int64(2), int64(0)}, {"Snow", int64(1), int64(1)}})
}

func TestMakeSeries(t *testing.T) {
	h := value.Hour
	in := values("T:datetime, K:string, V:long",
		row(value.DateTime(10*h+5), "a", int64(1)),
		row(value.DateTime(12*h), "a", int64(5)),
		row(value.DateTime(11*h), "b", int64(2)),
		row(value.DateTime(30*h), "c", int64(9)))
	ms := &plan.MakeSeries{Input: in, Keys: []plan.Expr{col(in, "K")},
		Aggs:     []plan.AggCall{countCall(), sumCall(col(in, "V"))},
		Defaults: []any{nil, int64(-1)},
		Axis:     col(in, "T"),
		From:     lit(types.DateTime, value.DateTime(10*h)), To: lit(types.DateTime, value.DateTime(13*h)),
		Step: lit(types.TimeSpan, value.TimeSpan(h)),
		Out:  schema("K:string, c:dynamic, s:dynamic, T:dynamic")}
	axis := []any{value.DateTime(10 * h), value.DateTime(11 * h), value.DateTime(12 * h)}
	expectRows(t, run(t, ms), [][]any{
		{"a", []any{int64(1), int64(0), int64(1)}, []any{int64(1), int64(-1), int64(5)}, axis},
		{"b", []any{int64(0), int64(1), int64(0)}, []any{int64(-1), int64(2), int64(-1)}, axis},
	})
	ne := *ms
	ne.NonEmpty = true
	if n := run(t, &ne).Rows(); n != 3 {
		t.Fatalf("kind=nonempty keeps groups without rows in range: %d rows", n)
	}
	// Without from/to the axis spans the data, aligned to the step.
	open := *ms
	open.From, open.To = nil, nil
	open.Keys, open.Out = nil, schema("c:dynamic, s:dynamic, T:dynamic")
	got := rows(run(t, &open))
	if len(got) != 1 || len(got[0][0].([]any)) != 21 || got[0][2].([]any)[0] != value.DateTime(10*h) {
		t.Fatalf("open range: %v", fmtRows(got))
	}
	_, err := Run(context.Background(), &plan.MakeSeries{Input: in, Axis: col(in, "T"), Step: lit(types.TimeSpan, value.TimeSpan(1)),
		Aggs: []plan.AggCall{countCall()}, Defaults: []any{nil}, Out: schema("c:dynamic, T:dynamic")}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("too many bins: err = %v", err)
	}
}

func TestUnsupportedNodes(t *testing.T) {
	_, err := Run(context.Background(), &plan.ExternalData{Out: schema("A:string"), URIs: []string{"https://example.com/x.csv"}}, nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "externaldata") {
		t.Fatalf("externaldata: %v", err)
	}
}
