package geo

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func benchArgs(n int, extra ...*column.Vector) []*column.Vector {
	lng, lat := make([]float64, n), make([]float64, n)
	for i := range lng {
		lng[i] = float64(i%3600)/10 - 180
		lat[i] = float64(i%1800)/10 - 90
	}
	return append([]*column.Vector{column.FromReals(types.Real, lng, nil), column.FromReals(types.Real, lat, nil)}, extra...)
}

func BenchmarkDistance2Points(b *testing.B) {
	const n = 4096
	args := benchArgs(n, column.Const(types.Real, 10.0, n), column.Const(types.Real, 20.0, n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := evalDistance2Points(&functions.Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPointInPolygon(b *testing.B) {
	const n = 4096
	poly := fntest.JSON(withHole)
	args := benchArgs(n, column.Const(types.Dynamic, poly, n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := evalPointInPolygon(&functions.Ctx{}, args, n); err != nil {
			b.Fatal(err)
		}
	}
}
