package engine

import "github.com/quarryhunt/quarry/kql/plan"

// optimize rewrites the bound plan before execution (folding, pushdown,
// pruning, time ranges). It is a separate step so that Check shows the
// plan as bound.
func optimize(q *plan.Query, now int64) *plan.Query { return plan.Optimize(q, now) }
