package exec

import (
	"reflect"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

func testGraph(n int, edges [][2]int32) *graphData {
	g := &graphData{n: n, props: &column.Batch{N: n}}
	for _, e := range edges {
		g.src = append(g.src, e[0])
		g.dst = append(g.dst, e[1])
	}
	g.buildCSR()
	return g
}

func TestGraphCSR(t *testing.T) {
	g := testGraph(3, [][2]int32{{0, 1}, {0, 2}, {2, 0}, {1, 1}})
	if got := []int64{g.degOut(0), g.degOut(1), g.degOut(2)}; !reflect.DeepEqual(got, []int64{2, 1, 1}) {
		t.Fatalf("out-degrees %v", got)
	}
	if got := []int64{g.degIn(0), g.degIn(1), g.degIn(2)}; !reflect.DeepEqual(got, []int64{1, 2, 1}) {
		t.Fatalf("in-degrees %v", got)
	}
	// Either direction: the self-loop at 1 is seen from both lists; the
	// matcher skips its second sighting.
	var seen []int32
	for i := int32(0); ; i++ {
		e, _, ok := g.incident(1, i, true, true)
		if !ok {
			break
		}
		seen = append(seen, e)
	}
	if !reflect.DeepEqual(seen, []int32{3, 0, 3}) {
		t.Fatalf("incident edges of 1: %v", seen)
	}
}

func TestGraphComponents(t *testing.T) {
	cases := []struct {
		name   string
		n      int
		edges  [][2]int32
		strong bool
		want   []int64
	}{
		{"empty", 0, nil, false, []int64{}},
		{"isolated", 3, nil, true, []int64{0, 1, 2}},
		{"weak", 5, [][2]int32{{0, 1}, {2, 1}, {3, 4}}, false, []int64{0, 0, 0, 1, 1}},
		{"strong cycle and tail", 4, [][2]int32{{0, 1}, {1, 2}, {2, 0}, {2, 3}}, true, []int64{0, 0, 0, 1}},
		{"strong chain", 3, [][2]int32{{0, 1}, {1, 2}}, true, []int64{0, 1, 2}},
	}
	for _, c := range cases {
		g := markComponents(testGraph(c.n, c.edges), c.strong)
		got := g.props.Cols[len(g.props.Cols)-1].Ints
		if got == nil {
			got = []int64{}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: components %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGraphStrongComponentsDeep(t *testing.T) {
	// A long cycle: the searches are iterative, so depth is no problem.
	const n = 200000
	var edges [][2]int32
	for i := int32(0); i < n; i++ {
		edges = append(edges, [2]int32{i, (i + 1) % n})
	}
	g := markComponents(testGraph(n, edges), true)
	for _, c := range g.props.Cols[0].Ints {
		if c != 0 {
			t.Fatalf("a cycle is one strong component, got %d", c)
		}
	}
}

func TestGraphIDIndex(t *testing.T) {
	ix := newIDIndex(types.String)
	v := column.FromStrings(types.String, column.StringsOf("a", "", "é", "a", ""))
	var got []int32
	for i := 0; i < v.Len(); i++ {
		got = append(got, ix.node(v, i, true))
	}
	if !reflect.DeepEqual(got, []int32{0, 1, 2, 0, 1}) {
		t.Fatalf("string ids %v", got)
	}
	if ix.node(column.FromStrings(types.String, column.StringsOf("zz")), 0, false) != -1 {
		t.Fatal("lookup without add found a missing id")
	}
	li := newIDIndex(types.Long)
	lv := column.FromInts(types.Long, []int64{5, -1, 5, 1 << 62}, column.NewBitmap(4))
	lv.Nulls().Set(1)
	var lg []int32
	for i := 0; i < 4; i++ {
		lg = append(lg, li.node(lv, i, true))
	}
	if !reflect.DeepEqual(lg, []int32{0, 1, 0, 2}) {
		t.Fatalf("long ids %v", lg)
	}
}
