package temporal

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// ingestion_time() is what Kusto returns for a table without an
// IngestionTime policy: null. Quarry's tables record no per-row ingestion
// time yet, so null is the documented answer, not a guess.
func init() {
	functions.Register(&functions.Func{
		Name: "ingestion_time", Kind: functions.Scalar,
		Sig: "ingestion_time(): datetime",
		Doc: "The time a row was ingested; null, as in Kusto for tables without an IngestionTime policy.",
		Bind: functions.Fixed("ingestion_time", types.DateTime, nil,
			func(_ *functions.Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
				return column.Const(types.DateTime, nil, n), nil
			}),
	})
}
