package exec

import (
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// materialized is the shared result of one *plan.Materialize, computed by
// whichever reference pulls first; the others wait for it.
type materialized struct {
	once    sync.Once
	sch     types.Schema
	batches []*column.Batch
	err     error
}

// materializeOp replays a materialized result.
type materializeOp struct {
	rt  *engine
	n   *plan.Materialize
	m   *materialized
	res *sliceOp
}

func (rt *engine) compileMaterialize(n *plan.Materialize) (operator, error) {
	rt.mu.Lock()
	m, ok := rt.materials[n]
	if !ok {
		m = &materialized{sch: n.Schema()}
		rt.materials[n] = m
	}
	rt.mu.Unlock()
	return &materializeOp{rt: rt, n: n, m: m}, nil
}

func (o *materializeOp) schema() types.Schema {
	if o.res != nil {
		return o.res.sch
	}
	return o.m.sch
}

func (o *materializeOp) next() (*column.Batch, error) {
	if o.res == nil {
		m := o.m
		m.once.Do(func() {
			op, err := o.rt.compile(o.n.Input)
			if err != nil {
				m.err = err
				return
			}
			// A materialized result is kept for the whole run.
			m.batches, _, m.err = o.rt.drain(op, "materializing a result")
			m.sch = op.schema()
		})
		if m.err != nil {
			return nil, m.err
		}
		o.res = &sliceOp{sch: m.sch, batches: m.batches}
	}
	return o.res.next()
}
