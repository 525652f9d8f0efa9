package exec

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// applyInput is rows (Id, Xs, S): Xs arrays of longs of every length,
// empty and null ones included, over several batches.
func applyInput(rows int) *plan.Values {
	rng := rand.New(rand.NewSource(5))
	var rs [][]any
	for i := 0; i < rows; i++ {
		var xs any
		switch i % 9 {
		case 0:
			xs = nil
		case 1:
			xs = []any{}
		default:
			arr := []any{}
			for j := rng.Intn(7); j >= 0; j-- {
				if rng.Intn(10) == 0 {
					arr = append(arr, nil)
				} else {
					arr = append(arr, int64(rng.Intn(20)))
				}
			}
			xs = arr
		}
		rs = append(rs, row(int64(i), xs, fmt.Sprintf("id=%d;", i%13)))
	}
	return values("Id:long, Xs:dynamic, S:string", rs...)
}

// The segmented mv-apply gives, for every sub-query shape it handles,
// the rows that running the sub-query per input row gives.
func TestMvApplySegmented(t *testing.T) {
	in := applyInput(6000)
	exp := &plan.MvExpand{Input: in, Cols: []plan.MvExpandCol{{Index: 1, T: types.Long}}, Out: schema("Id:long, Xs:long, S:string")}
	leaf := &plan.ApplyRows{Out: exp.Out}
	x := col(leaf, "Xs")
	apply := func(sub plan.Node, carry ...int) *plan.MvApply {
		out := types.Schema{}
		for _, c := range carry {
			out = append(out, in.Out[c])
		}
		return &plan.MvApply{Input: in, Expand: exp, Sub: sub, Carry: carry, Out: append(out, sub.Schema()...)}
	}
	filter := &plan.Filter{Input: leaf, Pred: gt(x, lit(types.Long, int64(9)))}
	proj := &plan.Project{Input: filter, Exprs: []plan.Expr{x}, Out: schema("Xs:long")}
	top := &plan.Top{Input: leaf, N: 2, Keys: []plan.SortKey{{X: x, Desc: true}}}
	sorted := &plan.Sort{Input: leaf, Keys: []plan.SortKey{{X: x, NullsFirst: true}}}
	take := &plan.Limit{Input: sorted, N: 3}
	noKeys := &plan.Aggregate{Input: filter, Aggs: []plan.AggCall{countCall(), sumCall(x)}, Out: schema("n:long, s:long")}
	byX := &plan.Aggregate{Input: leaf, Keys: []plan.Expr{x}, Aggs: []plan.AggCall{countCall()}, Out: schema("Xs:long, n:long")}
	afterAgg := &plan.Filter{Input: byX, Pred: gt(col(byX, "n"), lit(types.Long, int64(1)))}
	parse := &plan.Parse{Input: leaf, Source: col(leaf, "S"), Regex: `id=(\d+);`, Cols: []plan.ParseCol{{Group: 1, Index: 3, T: types.Long}},
		Where: true, Out: schema("Id:long, Xs:long, S:string, P:long")}
	parsed := &plan.Filter{Input: parse, Pred: gt(col(parse, "P"), lit(types.Long, int64(6)))}
	// A nested mv-apply over a second expansion of the same row.
	pack := &plan.Project{Input: leaf, Exprs: []plan.Expr{col(leaf, "Id"), &plan.Convert{X: x, T: types.Dynamic}}, Out: schema("Id:long, D:dynamic")}
	iexp := &plan.MvExpand{Input: pack, Cols: []plan.MvExpandCol{{Index: 1, T: types.Long}}, Out: schema("Id:long, D:long")}
	ileaf := &plan.ApplyRows{Out: iexp.Out}
	inner := &plan.Aggregate{Input: ileaf, Aggs: []plan.AggCall{sumCall(col(ileaf, "D"))}, Out: schema("t:long")}
	nested := &plan.MvApply{Input: pack, Expand: iexp, Sub: inner, Carry: []int{0}, Out: schema("Id:long, t:long")}
	cases := map[string]*plan.MvApply{
		"filter":          apply(filter),
		"project carries": apply(proj, 0, 2),
		"top":             apply(top),
		"sort and take":   apply(take),
		"summarize":       apply(noKeys, 0),
		"summarize by":    apply(byX, 0),
		"after summarize": apply(afterAgg, 0),
		"parse-where":     apply(parsed),
		"nested":          apply(nested),
	}
	for name, ap := range cases {
		t.Run(name, func(t *testing.T) {
			rt := newEngine(t.Context(), nil, Options{})
			op, err := rt.compile(ap)
			if err != nil {
				t.Fatal(err)
			}
			if m := findMvApply(op); m == nil || m.seg == nil {
				t.Fatal("the sub-query was not segmented")
			}
			seg := runOpts(t, ap, Options{})
			segmented = false
			defer func() { segmented = true }()
			perRow := runOpts(t, ap, Options{})
			if a, b := fmtRows(rows(seg)), fmtRows(rows(perRow)); a != b {
				t.Fatalf("segmented and per-row results differ (%d vs %d rows)", seg.Rows(), perRow.Rows())
			}
			if seg.Rows() == 0 {
				t.Fatal("no rows: the case proves nothing")
			}
		})
	}
}

// findMvApply digs the mv-apply operator out of a compiled plan.
func findMvApply(op operator) *mvApplyOp {
	switch o := op.(type) {
	case *mvApplyOp:
		return o
	case *driver:
		return findMvApply(o.st.chains[0])
	}
	return nil
}

// A sub-query the segmented evaluator cannot run (a join) still runs,
// row by row.
func TestMvApplyFallback(t *testing.T) {
	in := applyInput(50)
	exp := &plan.MvExpand{Input: in, Cols: []plan.MvExpandCol{{Index: 1, T: types.Long}}, Out: schema("Id:long, Xs:long, S:string")}
	leaf := &plan.ApplyRows{Out: exp.Out}
	small := values("K:long, Name:string", row(int64(3), "three"), row(int64(5), "five"))
	j := joinNode(plan.Inner, leaf, small, []int{1}, []int{0})
	ap := &plan.MvApply{Input: in, Expand: exp, Sub: j, Out: j.Out}
	got := rows(run(t, ap))
	want := 0
	for _, r := range in.Rows {
		if xs, ok := r[1].([]any); ok {
			for _, x := range xs {
				if x == int64(3) || x == int64(5) {
					want++
				}
			}
		}
	}
	if len(got) != want || want == 0 {
		t.Fatalf("%d rows, want %d", len(got), want)
	}
}
