package exec

import (
	"context"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// BenchmarkBasket mines 1M rows of five columns, one of them unique per
// row (never frequent).
func BenchmarkBasket(b *testing.B) {
	const n = 1 << 20
	a, c, u := make([]int64, n), make([]int64, n), make([]int64, n)
	for i := range a {
		a[i], c[i], u[i] = int64(i%3), int64(i%7), int64(i)
	}
	sch := types.Schema{{Name: "A", Type: types.Long}, {Name: "C", Type: types.Long}, {Name: "U", Type: types.Long}}
	batch := column.NewBatch(n, column.FromInts(types.Long, a, nil), column.FromInts(types.Long, c, nil), column.FromInts(types.Long, u, nil))
	out := append(types.Schema{{Name: "SegmentId", Type: types.Long}, {Name: "Count", Type: types.Long}, {Name: "Percent", Type: types.Real}}, sch...)
	for i := 0; i < b.N; i++ {
		rt := newEngine(context.Background(), nil, Options{Parallelism: 1})
		op := &basketOp{rt: rt, n: &plan.Basket{Threshold: 0.05, Weight: -1, MaxDims: 5, Out: out, Input: &plan.Values{Out: sch}},
			in: &sliceOp{sch: sch, batches: []*column.Batch{batch}}}
		if _, err := op.run(); err != nil {
			b.Fatal(err)
		}
	}
}
