package exec

import (
	"io"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// sharedSource hands the batches of one operator to several workers,
// numbering them so that results can be put back in input order.
type sharedSource struct {
	mu  sync.Mutex
	op  operator
	seq uint64
	err error
}

// sourceTap is one worker's view of a sharedSource.
type sourceTap struct {
	s       *sharedSource
	lastSeq uint64
}

func (t *sourceTap) schema() types.Schema { return t.s.op.schema() }

func (t *sourceTap) next() (*column.Batch, error) {
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	b, err := s.op.next()
	if err != nil {
		s.err = err
		return nil, err
	}
	t.lastSeq = s.seq
	s.seq++
	return b, nil
}

// fail stops the other workers after one failed: their next pull returns
// err instead of more input.
func (s *sharedSource) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// pipeline is one worker's copy of a streaming chain over a shared
// source.
type pipeline struct {
	op  operator
	tap *sourceTap
}

// streaming reports whether a node maps each input batch to output rows
// independently of other batches, so that copies of it can run in
// parallel over disjoint batches.
func streaming(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.Filter, *plan.Parse, *plan.MvExpand, *plan.MvApply:
		return true
	case *plan.Project:
		return !n.Window
	}
	return false
}

// compileParallel compiles n as `workers` pipelines: the longest chain of
// streaming nodes on top of n is compiled once per worker, and what lies
// below it once, shared behind a lock.
func (rt *engine) compileParallel(n plan.Node, workers int) ([]pipeline, error) {
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
	shared := &sharedSource{op: baseOp}
	out := make([]pipeline, workers)
	for w := range out {
		tap := &sourceTap{s: shared}
		var op operator = tap
		for i := len(chain) - 1; i >= 0; i-- {
			if op, err = rt.wrapStreaming(chain[i], op); err != nil {
				return nil, err
			}
		}
		out[w] = pipeline{op: op, tap: tap}
	}
	return out, nil
}

func (rt *engine) wrapStreaming(n plan.Node, in operator) (operator, error) {
	switch n := n.(type) {
	case *plan.Filter:
		return rt.newFilter(in, n.Pred)
	case *plan.Project:
		exprs, err := rt.compileExprs(n.Exprs)
		if err != nil {
			return nil, err
		}
		return &projectOp{in: in, exprs: exprs, out: n.Out}, nil
	case *plan.Parse:
		return rt.newParse(in, n)
	case *plan.MvExpand:
		return rt.newMvExpand(in, n)
	case *plan.MvApply:
		return rt.newMvApply(in, n)
	}
	return nil, io.ErrUnexpectedEOF
}
