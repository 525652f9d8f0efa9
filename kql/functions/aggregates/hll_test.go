package aggregates

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/dynamic"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestFoldEqualsDirect(t *testing.T) {
	r16 := make([]uint8, 1<<16)
	r12 := make([]uint8, 1<<12)
	for i := 0; i < 50000; i++ {
		h := dynamic.HashInt(int64(i))
		hllAdd(r16, 16, h)
		hllAdd(r12, 12, h)
	}
	if !bytes.Equal(foldRegs(r16, 16, 12), r12) {
		t.Error("folding a p=16 sketch to p=12 differs from building it at p=12")
	}
}

// hllOf runs hll(x, accuracy) over xs and returns the state.
func hllOf(t *testing.T, xs []int64, acc int64) any {
	t.Helper()
	b := bind(t, "hll", []functions.Arg{{Type: types.Long, Name: "x"}, {Type: types.Long, IsConst: true, Value: acc}})
	a := b.NewAgg()
	v := column.FromInts(types.Long, xs, nil)
	if err := a.Update(make([]uint32, len(xs)), []*column.Vector{v, column.Const(types.Long, acc, len(xs))}); err != nil {
		t.Fatal(err)
	}
	res, _ := a.Result(1)
	return res[0].Dyn(0)
}

func dcountHll(t *testing.T, state any) int64 {
	f, _ := functions.Lookup("dcount_hll")
	b, err := f.Bind([]functions.Arg{{Type: types.Dynamic}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.Eval(nil, []*column.Vector{column.FromDyns([]any{state})}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if out.IsNull(0) {
		t.Fatalf("dcount_hll of %v is null", state)
	}
	return out.Int(0)
}

func TestHllRoundTrip(t *testing.T) {
	seq := func(from, to int64) []int64 {
		var out []int64
		for i := from; i < to; i++ {
			out = append(out, i)
		}
		return out
	}
	// Small: exact. States from two halves merge to the exact union.
	s1, s2 := hllOf(t, seq(0, 300), 1), hllOf(t, seq(200, 500), 1)
	if got := dcountHll(t, s1); got != 300 {
		t.Errorf("dcount_hll(hll of 300 values) = %d", got)
	}
	// Survive a trip through JSON text, as a stored state would.
	text := string(value.AppendJSON(nil, s2))
	back, err := value.ParseJSON(text)
	if err != nil {
		t.Fatal(err)
	}
	merged := run(t, "hll_merge", []functions.Arg{{Type: types.Dynamic, Name: "h"}},
		[]*column.Vector{column.FromDyns([]any{s1, back, nil, "junk"})}, []uint32{0, 0, 0, 0}, 1)
	m, _ := value.ParseJSON(merged)
	if got := dcountHll(t, m); got != 500 {
		t.Errorf("dcount_hll(hll_merge) = %d, want 500", got)
	}
	// Large, different accuracies: merged estimate within a few percent.
	big1, big2 := hllOf(t, seq(0, 60000), 2), hllOf(t, seq(30000, 100000), 0)
	merged = run(t, "hll_merge", []functions.Arg{{Type: types.Dynamic, Name: "h"}},
		[]*column.Vector{column.FromDyns([]any{big1, big2})}, []uint32{0, 0}, 1)
	m, _ = value.ParseJSON(merged)
	if got := dcountHll(t, m); got < 95000 || got > 105000 {
		t.Errorf("dcount_hll of merged sketches = %d, want about 100000", got)
	}
}

func TestHllEmptyIsNull(t *testing.T) {
	got := run(t, "hll", []functions.Arg{{Type: types.Long, Name: "x"}}, []*column.Vector{column.FromInts(types.Long, []int64{1}, nil)}, []uint32{1}, 2)
	if !strings.HasPrefix(got, "null | ") {
		t.Errorf("hll of an empty group: %s", got)
	}
}
