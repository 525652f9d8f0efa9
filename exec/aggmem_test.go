package exec

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// keepAgg keeps every string of its group, as make_list does.
type keepAgg struct {
	lists [][]string
	size  int64
}

func (a *keepAgg) Update(groups []uint32, args []*column.Vector) error {
	for i, g := range groups {
		for int(g) >= len(a.lists) {
			a.lists = append(a.lists, nil)
		}
		s := strings.Clone(args[0].Str(i))
		a.lists[g] = append(a.lists[g], s)
		a.size += int64(len(s))
	}
	return nil
}

func (a *keepAgg) Merge(functions.Aggregator, []uint32) error { return nil }

func (a *keepAgg) Result(n int) ([]*column.Vector, error) {
	out := make([]int64, n)
	for g := range out {
		if g < len(a.lists) {
			out[g] = int64(len(a.lists[g]))
		}
	}
	return []*column.Vector{column.FromInts(types.Long, out, nil)}, nil
}

type sizedKeepAgg struct{ keepAgg }

func (a *sizedKeepAgg) Size() int64 { return a.size }

// Aggregates that keep their values count them against the memory
// limit: by their own Size, or by the estimate for make_list.
func TestAggregateMemoryOfLists(t *testing.T) {
	big := strings.Repeat("x", 1000)
	var bs []*column.Batch
	for i := 0; i < 20; i++ {
		s := column.NewStrings(column.BatchSize, column.BatchSize*len(big))
		for j := 0; j < column.BatchSize; j++ {
			s.Append(big)
		}
		bs = append(bs, column.NewBatch(column.BatchSize, column.FromStrings(types.String, s)))
	}
	src := &memSource{tables: map[string][]*column.Batch{"T": bs}}
	scan := &plan.Scan{Table: "T", Columns: schema("S:string")}
	for _, c := range []struct {
		name string
		fn   string
		agg  func() functions.Aggregator
	}{
		{"estimated", "make_list", func() functions.Aggregator { return &keepAgg{} }},
		{"sized", "__test_keep", func() functions.Aggregator { return &sizedKeepAgg{} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			call := plan.AggCall{Fn: &functions.Func{Name: c.fn, Kind: functions.Aggregate},
				Bound: &functions.Bound{Type: types.Long, NewAgg: c.agg}, Args: []plan.Expr{col(scan, "S")}}
			n := &plan.Aggregate{Input: scan, Aggs: []plan.AggCall{call}, Out: schema("n:long")}
			_, err := Run(context.Background(), n, src, Options{MemoryLimit: 64 << 20, Parallelism: 1})
			if !errors.Is(err, ErrMemoryLimit) {
				t.Fatalf("160 MB kept under a 64 MB limit: err = %v", err)
			}
			res, err := Run(context.Background(), n, src, Options{MemoryLimit: 1 << 30, Parallelism: 1})
			if err != nil {
				t.Fatal(err)
			}
			expectRows(t, res, [][]any{{int64(20 * column.BatchSize)}})
		})
	}
}
