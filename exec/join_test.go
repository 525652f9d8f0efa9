package exec

import (
	"context"
	"testing"

	"github.com/quarryhunt/quarry/column"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// joinNode builds a join on one key with Kusto's output layout: all left
// columns, then all right columns (semi and anti joins: one side only).
func joinNode(kind plan.JoinKind, l, r plan.Node, lk, rk []int) *plan.Join {
	j := &plan.Join{Left: l, Right: r, Kind: kind, LeftKeys: lk, RightKeys: rk}
	ls, rs := l.Schema(), r.Schema()
	addLeft := kind != plan.RightSemi && kind != plan.RightAnti
	addRight := kind != plan.LeftSemi && kind != plan.LeftAnti
	if addLeft {
		for i, c := range ls {
			j.OutCols = append(j.OutCols, plan.JoinOut{Index: i})
			j.Out = append(j.Out, c)
		}
	}
	if addRight {
		for i, c := range rs {
			name := c.Name
			if addLeft && ls.Index(name) >= 0 {
				name += "1"
			}
			j.OutCols = append(j.OutCols, plan.JoinOut{Right: true, Index: i})
			j.Out = append(j.Out, types.Column{Name: name, Type: c.Type})
		}
	}
	return j
}

func docsX() *plan.Values {
	return values("Key:string, Value1:long",
		row("a", int64(1)), row("b", int64(2)), row("b", int64(3)), row("c", int64(4)))
}

func docsY() *plan.Values {
	return values("Key:string, Value2:long",
		row("b", int64(10)), row("c", int64(20)), row("c", int64(30)), row("d", int64(40)))
}

// TestJoinKinds checks every flavour on the documentation's X and Y.
func TestJoinKinds(t *testing.T) {
	forEachBuildSide(t, testJoinKinds)
}

// buildSides are the ways a join picks the side it indexes: a small left
// side; a big right side swapped for a smaller left side; the right side.
var buildSides = []struct {
	name           string
	leftRows, swap int
}{
	{"left", 1 << 16, 1 << 18},
	{"swapped", -1, 0},
	{"right", -1, 1 << 30},
}

// forEachBuildSide runs f once per way of picking the indexed side.
func forEachBuildSide(t *testing.T, f func(*testing.T)) {
	for _, b := range buildSides {
		t.Run(b.name, func(t *testing.T) {
			defer func(l, s int) { leftBuildRows, joinSwapRows = l, s }(leftBuildRows, joinSwapRows)
			leftBuildRows, joinSwapRows = b.leftRows, b.swap
			f(t)
		})
	}
}

func testJoinKinds(t *testing.T) {
	cases := []struct {
		kind plan.JoinKind
		want [][]any
	}{
		// innerunique keeps the first left row per key: (b,2), not (b,3).
		{plan.InnerUnique, [][]any{
			{"b", int64(2), "b", int64(10)},
			{"c", int64(4), "c", int64(20)},
			{"c", int64(4), "c", int64(30)},
		}},
		{plan.Inner, [][]any{
			{"b", int64(2), "b", int64(10)},
			{"b", int64(3), "b", int64(10)},
			{"c", int64(4), "c", int64(20)},
			{"c", int64(4), "c", int64(30)},
		}},
		{plan.LeftOuter, [][]any{
			{"a", int64(1), "", nil},
			{"b", int64(2), "b", int64(10)},
			{"b", int64(3), "b", int64(10)},
			{"c", int64(4), "c", int64(20)},
			{"c", int64(4), "c", int64(30)},
		}},
		{plan.RightOuter, [][]any{
			{"b", int64(2), "b", int64(10)},
			{"b", int64(3), "b", int64(10)},
			{"c", int64(4), "c", int64(20)},
			{"c", int64(4), "c", int64(30)},
			{"", nil, "d", int64(40)},
		}},
		{plan.FullOuter, [][]any{
			{"a", int64(1), "", nil},
			{"b", int64(2), "b", int64(10)},
			{"b", int64(3), "b", int64(10)},
			{"c", int64(4), "c", int64(20)},
			{"c", int64(4), "c", int64(30)},
			{"", nil, "d", int64(40)},
		}},
		{plan.LeftSemi, [][]any{{"b", int64(2)}, {"b", int64(3)}, {"c", int64(4)}}},
		{plan.LeftAnti, [][]any{{"a", int64(1)}}},
		{plan.RightSemi, [][]any{{"b", int64(10)}, {"c", int64(20)}, {"c", int64(30)}}},
		{plan.RightAnti, [][]any{{"d", int64(40)}}},
	}
	for _, c := range cases {
		t.Run(c.kind.String(), func(t *testing.T) {
			res := run(t, joinNode(c.kind, docsX(), docsY(), []int{0}, []int{0}))
			expectRowsAnyOrder(t, res, c.want)
		})
	}
}

func TestJoinOutputSchema(t *testing.T) {
	res := run(t, joinNode(plan.Inner, docsX(), docsY(), []int{0}, []int{0}))
	expectSchema(t, res, "Key:string, Value1:long, Key1:string, Value2:long")
}

// Duplicates on both sides: inner gives the cross product per key,
// innerunique one left row per key times all right rows.
func testJoinDuplicatesBothSides(t *testing.T) {
	l := values("K:long, L:string",
		row(int64(1), "l1"), row(int64(1), "l2"), row(int64(1), "l3"), row(int64(2), "l4"))
	r := values("K:long, R:string",
		row(int64(1), "r1"), row(int64(1), "r2"), row(int64(2), "r3"), row(int64(2), "r4"))
	inner := run(t, joinNode(plan.Inner, l, r, []int{0}, []int{0}))
	if inner.Rows() != 3*2+1*2 {
		t.Fatalf("inner: %d rows, want 8\n%s", inner.Rows(), fmtRows(rows(inner)))
	}
	uniq := run(t, joinNode(plan.InnerUnique, l, r, []int{0}, []int{0}))
	expectRowsAnyOrder(t, uniq, [][]any{
		{int64(1), "l1", int64(1), "r1"},
		{int64(1), "l1", int64(1), "r2"},
		{int64(2), "l4", int64(2), "r3"},
		{int64(2), "l4", int64(2), "r4"},
	})
}

// Null keys never match, not even each other; empty strings do.
func testJoinNullKeys(t *testing.T) {
	l := values("K:long, S:string, L:long",
		row(nil, "", int64(1)), row(int64(5), "", int64(2)), row(nil, "x", int64(3)))
	r := values("K:long, S:string, R:long",
		row(nil, "", int64(10)), row(int64(5), "", int64(20)))
	inner := run(t, joinNode(plan.Inner, l, r, []int{0}, []int{0}))
	expectRows(t, inner, [][]any{{int64(5), "", int64(2), int64(5), "", int64(20)}})

	lo := run(t, joinNode(plan.LeftOuter, l, r, []int{0}, []int{0}))
	expectRowsAnyOrder(t, lo, [][]any{
		{nil, "", int64(1), nil, "", nil},
		{int64(5), "", int64(2), int64(5), "", int64(20)},
		{nil, "x", int64(3), nil, "", nil},
	})
	ra := run(t, joinNode(plan.RightAnti, l, r, []int{0}, []int{0}))
	expectRows(t, ra, [][]any{{nil, "", int64(10)}})
	la := run(t, joinNode(plan.LeftAnti, l, r, []int{0}, []int{0}))
	expectRowsAnyOrder(t, la, [][]any{{nil, "", int64(1)}, {nil, "x", int64(3)}})

	// Empty strings are values, not nulls: they match.
	onS := run(t, joinNode(plan.Inner, l, r, []int{1}, []int{1}))
	if onS.Rows() != 4 {
		t.Fatalf("join on empty strings: %d rows, want 4", onS.Rows())
	}
}

// int and long keys compare numerically, as do long and real.
func testJoinMixedKeyTypes(t *testing.T) {
	l := values("K:int, L:string", row(int32(1), "a"), row(int32(2), "b"), row(int32(3), "c"))
	r := values("K:long, R:string", row(int64(2), "x"), row(int64(3), "y"), row(int64(4), "z"))
	res := run(t, joinNode(plan.Inner, l, r, []int{0}, []int{0}))
	expectRowsAnyOrder(t, res, [][]any{
		{int32(2), "b", int64(2), "x"},
		{int32(3), "c", int64(3), "y"},
	})
	rr := values("K:real, R:string", row(2.0, "x"), row(3.5, "y"))
	res = run(t, joinNode(plan.Inner, l, rr, []int{0}, []int{0}))
	expectRows(t, res, [][]any{{int32(2), "b", 2.0, "x"}})
}

// Strings compare case-sensitively.
func testJoinCaseSensitive(t *testing.T) {
	l := values("K:string", row("Alice"), row("bob"))
	r := values("K:string", row("alice"), row("bob"))
	res := run(t, joinNode(plan.Inner, l, r, []int{0}, []int{0}))
	expectRows(t, res, [][]any{{"bob", "bob"}})
}

func testJoinMultiKey(t *testing.T) {
	l := values("A:string, B:long, L:long",
		row("x", int64(1), int64(1)), row("x", int64(2), int64(2)), row("y", int64(1), int64(3)))
	r := values("A:string, B:long, R:long",
		row("x", int64(2), int64(10)), row("y", int64(1), int64(20)), row("y", int64(2), int64(30)))
	res := run(t, joinNode(plan.Inner, l, r, []int{0, 1}, []int{0, 1}))
	expectRowsAnyOrder(t, res, [][]any{
		{"x", int64(2), int64(2), "x", int64(2), int64(10)},
		{"y", int64(1), int64(3), "y", int64(1), int64(20)},
	})
}

func testJoinEmptySides(t *testing.T) {
	empty := values("Key:string, Value2:long")
	for _, k := range []plan.JoinKind{plan.InnerUnique, plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter, plan.LeftSemi, plan.LeftAnti, plan.RightSemi, plan.RightAnti} {
		res := run(t, joinNode(k, docsX(), empty, []int{0}, []int{0}))
		want := 0
		if k == plan.LeftOuter || k == plan.FullOuter || k == plan.LeftAnti {
			want = 4
		}
		if res.Rows() != want {
			t.Errorf("%s with empty right: %d rows, want %d", k, res.Rows(), want)
		}
		res = run(t, joinNode(k, values("Key:string, Value1:long"), docsY(), []int{0}, []int{0}))
		want = 0
		if k == plan.RightOuter || k == plan.FullOuter || k == plan.RightAnti {
			want = 4
		}
		if res.Rows() != want {
			t.Errorf("%s with empty left: %d rows, want %d", k, res.Rows(), want)
		}
	}
}

// A key repeated on both sides produces more rows than fit one batch.
func testJoinLargeFanOut(t *testing.T) {
	var lr, rr [][]any
	for i := 0; i < 300; i++ {
		lr = append(lr, row(int64(7), int64(i)))
		rr = append(rr, row(int64(7), int64(-i)))
	}
	lr = append(lr, row(int64(8), int64(1000)))
	l := values("K:long, A:long", lr...)
	r := values("K:long, B:long", rr...)
	res := run(t, joinNode(plan.Inner, l, r, []int{0}, []int{0}))
	if res.Rows() != 300*300 {
		t.Fatalf("%d rows, want %d", res.Rows(), 300*300)
	}
	for _, b := range res.Batches {
		if b.N > 8192 {
			t.Fatalf("batch of %d rows exceeds BatchSize", b.N)
		}
	}
	fo := run(t, joinNode(plan.FullOuter, l, r, []int{0}, []int{0}))
	if fo.Rows() != 300*300+1 {
		t.Fatalf("fullouter: %d rows, want %d", fo.Rows(), 300*300+1)
	}
}

// The documented cross-join idiom: a constant key on both sides.
func testJoinConstantKeyCrossJoin(t *testing.T) {
	x, y := docsX(), docsY()
	px := &plan.Project{Input: x, Exprs: []plan.Expr{col(x, "Key"), lit(types.Long, int64(1))}, Out: schema("Key:string, p:long")}
	py := &plan.Project{Input: y, Exprs: []plan.Expr{col(y, "Value2"), lit(types.Long, int64(1))}, Out: schema("Value2:long, p:long")}
	res := run(t, joinNode(plan.Inner, px, py, []int{1}, []int{1}))
	if res.Rows() != 16 {
		t.Fatalf("cross join: %d rows, want 16", res.Rows())
	}
}

// Every join test runs with the right side indexed (the default) and
// with the left side indexed (what a big right side with a smaller left
// side gets).
func TestJoinBothBuildSides(t *testing.T) {
	tests := map[string]func(*testing.T){
		"DuplicatesBothSides":  testJoinDuplicatesBothSides,
		"NullKeys":             testJoinNullKeys,
		"MixedKeyTypes":        testJoinMixedKeyTypes,
		"CaseSensitive":        testJoinCaseSensitive,
		"MultiKey":             testJoinMultiKey,
		"EmptySides":           testJoinEmptySides,
		"LargeFanOut":          testJoinLargeFanOut,
		"ConstantKeyCrossJoin": testJoinConstantKeyCrossJoin,
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) { forEachBuildSide(t, f) })
	}
}

// innerunique keeps the first left row of a key across batches.
func TestJoinInnerUniqueAcrossBatches(t *testing.T) {
	var lr, rr [][]any
	for i := 0; i < 20000; i++ {
		lr = append(lr, row(int64(i%100), int64(i)))
	}
	for k := 0; k < 100; k++ {
		rr = append(rr, row(int64(k), "r"))
	}
	l := values("K:long, I:long", lr...)
	r := values("K:long, R:string", rr...)
	forEachBuildSide(t, func(t *testing.T) {
		got := rows(run(t, joinNode(plan.InnerUnique, l, r, []int{0}, []int{0})))
		if len(got) != 100 {
			t.Fatalf("%d rows, want 100", len(got))
		}
		for _, g := range got {
			if g[1].(int64) != g[0].(int64) {
				t.Fatalf("key %v paired with left row %v, want the first one", g[0], g[1])
			}
		}
	})
}

// Dictionary-encoded keys on both sides, with dictionaries that differ.
func TestJoinDictionaryKeys(t *testing.T) {
	ld := column.FromStrings(types.String, &column.Strings{Dict: column.StringsOf("a", "b", "c"), Codes: []uint32{2, 0, 1, 0}})
	rd := column.FromStrings(types.String, &column.Strings{Dict: column.StringsOf("c", "x", "a"), Codes: []uint32{0, 2, 1}})
	src := &memSource{tables: map[string][]*column.Batch{
		"L": {column.NewBatch(4, ld, column.FromInts(types.Long, []int64{1, 2, 3, 4}, nil))},
		"R": {column.NewBatch(3, rd, column.FromInts(types.Long, []int64{10, 20, 30}, nil))},
	}}
	l := &plan.Scan{Table: "L", Columns: schema("K:string, A:long")}
	r := &plan.Scan{Table: "R", Columns: schema("K:string, B:long")}
	for _, kind := range []plan.JoinKind{plan.Inner, plan.LeftOuter} {
		res, err := Run(context.Background(), joinNode(kind, l, r, []int{0}, []int{0}), src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]any{{"c", int64(1), "c", int64(10)}, {"a", int64(2), "a", int64(20)}, {"a", int64(4), "a", int64(20)}}
		if kind == plan.LeftOuter {
			want = append(want, []any{"b", int64(3), "", nil})
		}
		expectRowsAnyOrder(t, res, want)
	}
}
