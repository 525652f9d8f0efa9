package engine

import "github.com/quarryhunt/quarry/kql/plan"

// optimize rewrites the bound plan before execution.
// TODO(engine): call plan.Optimize(q, now) once the optimizer lands.
func optimize(q *plan.Query, now int64) *plan.Query { return q }
