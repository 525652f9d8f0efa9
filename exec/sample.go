package exec

import (
	"io"
	"math/rand/v2"
	"slices"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// sampleOp is `sample N`: up to N rows chosen uniformly at random, kept
// in input order.
type sampleOp struct {
	rt  *engine
	in  operator
	n   int64
	res operator
}

func (rt *engine) compileSample(n *plan.Sample) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &sampleOp{rt: rt, in: in, n: n.N}, nil
}

func (o *sampleOp) schema() types.Schema { return o.in.schema() }

func (o *sampleOp) next() (*column.Batch, error) {
	if o.res == nil {
		if o.n <= 0 {
			o.res = &sliceOp{sch: o.schema()}
			return nil, io.EOF
		}
		all, held, err := o.rt.drainConcat(o.in, "sampling rows")
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if int64(all.N) <= o.n {
			bs = []*column.Batch{all}
		} else {
			// A partial Fisher-Yates shuffle picks n distinct rows.
			idx := make([]int32, all.N)
			for i := range idx {
				idx[i] = int32(i)
			}
			k := int(o.n)
			for i := 0; i < k; i++ {
				j := i + rand.IntN(len(idx)-i)
				idx[i], idx[j] = idx[j], idx[i]
			}
			pick := idx[:k]
			slices.Sort(pick)
			bs = []*column.Batch{column.TakeBatch(all, pick)}
		}
		o.res = &sliceOp{sch: o.schema(), batches: bs, release: o.rt.releaser(held)}
	}
	return o.res.next()
}
