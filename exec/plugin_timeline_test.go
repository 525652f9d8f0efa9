package exec

import (
	"math"
	"reflect"
	"testing"
)

func TestBinIndex(t *testing.T) {
	cases := []struct {
		t, start, step int64
		want           int64
		ok             bool
	}{
		{10, 0, 10, 1, true},
		{9, 0, 10, 0, true},
		{-1, 0, 10, -1, true},  // before the start: bin -1, not 0
		{-10, 0, 10, -1, true}, // an edge belongs to the bin it starts
		{-11, 0, 10, -2, true},
		{5, 5, 1, 0, true},
		{math.MaxInt64, -1, 1, 0, false}, // t - start overflows
		{math.MinInt64, 1, 1, 0, false},
		{math.MaxInt64, math.MaxInt64 - 20, 10, 2, true},
	}
	for _, c := range cases {
		got, ok := binIndex(c.t, c.start, c.step)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("binIndex(%d, %d, %d) = %d, %v; want %d, %v", c.t, c.start, c.step, got, ok, c.want, c.ok)
		}
	}
}

func TestRatio(t *testing.T) {
	if r := ratio(0, 0); !math.IsNaN(r) {
		t.Errorf("0/0 = %v, want NaN", r)
	}
	if r := ratio(1, 0); !math.IsInf(r, 1) {
		t.Errorf("1/0 = %v, want +Inf", r)
	}
	if r := ratio(1, 4); r != 0.25 {
		t.Errorf("1/4 = %v", r)
	}
}

// The rows of timelineRows are given directly: unsorted times, a
// row without an id and one without a time.
func testRows() *timelineRows {
	return &timelineRows{
		n:      7,
		times:  []int64{30, 10, 11, 10, 0, 25, 12},
		valid:  []bool{true, true, true, true, false, false, false},
		ids:    []int32{0, 1, 1, 2, 0, -1, 0},
		nIDs:   3,
		groups: []uint32{0, 0, 0, 1, 0, 0, 0},
		nGroup: 2,
	}
}

func TestBinsByGroup(t *testing.T) {
	r := testRows()
	r.valid[5] = true // a row with no id still counts as a row
	got := r.binsByGroup(func(x int64) (int64, bool) { return x / 10, x < 30 })
	want := [][]binEntry{
		{{k: 1, rows: 2, ids: []int32{1}}, {k: 2, rows: 1, ids: []int32{-1}[:0]}},
		{{k: 1, rows: 1, ids: []int32{2}}},
	}
	if len(got) != 2 || len(got[0]) != 2 || len(got[1]) != 1 {
		t.Fatalf("bins = %+v", got)
	}
	if !reflect.DeepEqual(got[0][0], want[0][0]) || got[0][1].k != 2 || got[0][1].rows != 1 || len(got[0][1].ids) != 0 ||
		!reflect.DeepEqual(got[1][0], want[1][0]) {
		t.Errorf("bins = %+v, want %+v", got, want)
	}
}

func TestDistinctUnion(t *testing.T) {
	r := testRows()
	d := newDistinctCounter(r)
	got := d.union(nil, []int32{0, 1}, []int32{1, 2}, nil, []int32{2})
	if !reflect.DeepEqual(got, []int32{0, 1, 2}) {
		t.Errorf("union = %v", got)
	}
	// A new round forgets the marks of the last one.
	if got := d.union(nil, []int32{2}); !reflect.DeepEqual(got, []int32{2}) {
		t.Errorf("union after a new round = %v", got)
	}
	if n, err := d.count([]int32{0, 1, 2}); err != nil || n != 3 {
		t.Errorf("count = %d, %v", n, err)
	}
	// The stamp wraps without false matches.
	d.stamp = math.MaxUint32
	if got := d.union(nil, []int32{0, 0, 1}); !reflect.DeepEqual(got, []int32{0, 1}) {
		t.Errorf("union across the stamp wrap = %v", got)
	}
}

func TestRowsByGroupID(t *testing.T) {
	r := testRows()
	runs := r.rowsByGroupID()
	want := [][]int32{{0}, {1, 2}, {3}}
	if !reflect.DeepEqual(runs, want) {
		t.Errorf("runs = %v, want %v", runs, want)
	}
}
