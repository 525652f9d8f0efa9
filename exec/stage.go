package exec

import (
	"errors"
	"io"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// errFed is what a feeder returns once its batch is taken; the streaming
// operators above it hand it back up unchanged, which tells the worker
// that the batch is fully processed.
var errFed = errors.New("exec: the fed batch is fully processed")

// feeder is the bottom of one worker's copy of a streaming chain: it
// yields the one batch it was given, then errFed.
type feeder struct {
	sch types.Schema
	b   *column.Batch
}

func (f *feeder) schema() types.Schema { return f.sch }

func (f *feeder) next() (*column.Batch, error) {
	if f.b == nil {
		return nil, errFed
	}
	b := f.b
	f.b = nil
	return b, nil
}

// stage is a plan subtree prepared to run on several workers: its base
// (the first node from the top that is not streaming) is compiled once
// and read under a lock; the streaming nodes above it (filter, project,
// parse, mv-expand) are compiled once per worker over a feeder, so that
// each worker runs them on the base batches it takes. Base batches are
// numbered as they are taken, which lets a driver put results back in
// input order.
type stage struct {
	mu     sync.Mutex
	base   operator
	seq    uint64 // base batches taken so far
	done   bool
	err    error
	chains []operator
	feeds  []*feeder
}

// compileStage compiles n for `workers` workers (at least one).
func (rt *engine) compileStage(n plan.Node, workers int) (*stage, error) {
	var chain []plan.Node
	base := n
	for streaming(base) {
		chain = append(chain, base)
		base = base.Inputs()[0]
	}
	baseOp, err := rt.compile(base)
	if err != nil {
		return nil, err
	}
	s := &stage{base: baseOp}
	for w := 0; w < max(workers, 1); w++ {
		f := &feeder{sch: baseOp.schema()}
		var op operator = f
		for i := len(chain) - 1; i >= 0; i-- {
			if op, err = rt.wrapStreaming(chain[i], op); err != nil {
				return nil, err
			}
		}
		s.feeds = append(s.feeds, f)
		s.chains = append(s.chains, op)
	}
	return s, nil
}

func (s *stage) schema() types.Schema { return s.chains[0].schema() }

func (s *stage) workers() int { return len(s.chains) }

// take returns the next non-empty base batch and its number. At the end
// it returns io.EOF and the number of batches taken.
func (s *stage) take() (*column.Batch, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.seq, s.err
	}
	if s.done {
		return nil, s.seq, io.EOF
	}
	for {
		b, err := s.base.next()
		if err == io.EOF {
			s.done = true
			return nil, s.seq, io.EOF
		}
		if err != nil {
			s.err = err
			return nil, s.seq, err
		}
		if b.N == 0 {
			continue
		}
		seq := s.seq
		s.seq++
		return b, seq, nil
	}
}

// feed starts worker w's chain on base batch b; pull then yields what
// the chain makes of it.
func (s *stage) feed(w int, b *column.Batch) { s.feeds[w].b = b }

// pull returns the chain's next non-empty batch from the fed batch, or
// nil once that batch is fully processed.
func (s *stage) pull(w int) (*column.Batch, error) {
	for {
		x, err := s.chains[w].next()
		if err == errFed {
			return nil, nil
		}
		if err != nil {
			s.feeds[w].b = nil
			return nil, err
		}
		if x.N > 0 {
			return x, nil
		}
	}
}

// compileStreaming runs a chain of streaming operators (filter, project,
// parse, mv-expand) on every worker over batches of what lies below it,
// keeping the input order.
func (rt *engine) compileStreaming(n plan.Node) (operator, error) {
	st, err := rt.compileStage(n, rt.workers)
	if err != nil {
		return nil, err
	}
	return newDriver(rt, st, nil, st.schema(), true), nil
}
