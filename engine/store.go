package engine

import (
	"context"

	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/table"
)

// FromStore returns an engine over an in-memory store: the store answers
// both the binder (schemas) and the executor (scans).
func FromStore(s *table.Store) *Engine { return New(s, storeSource{s}) }

// storeSource adapts the store's concretely typed Scan to exec.Source.
type storeSource struct{ s *table.Store }

func (a storeSource) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	r, err := a.s.Scan(ctx, sc)
	if err != nil {
		return nil, err
	}
	return r, nil
}
