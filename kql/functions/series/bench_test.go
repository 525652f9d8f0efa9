package series

import (
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// benchSeries is 1000 rows of 168-point series (a week of hourly bins).
func benchSeries() *column.Vector {
	rows := make([]any, 1000)
	for i := range rows {
		a := make([]any, 168)
		for j := range a {
			a[j] = int64((i*31 + j*17) % 97)
		}
		rows[i] = a
	}
	return column.FromDyns(rows)
}

func benchCall(b *testing.B, name string, extra ...*column.Vector) {
	f, _ := functions.Lookup(name)
	args := []functions.Arg{{Type: types.Dynamic}}
	for _, e := range extra {
		args = append(args, functions.Arg{Type: e.Type, IsConst: true, Value: e.Value(0)})
	}
	bound, err := f.Bind(args)
	if err != nil {
		b.Fatal(err)
	}
	vecs := append([]*column.Vector{benchSeries()}, extra...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bound.Eval(&functions.Ctx{}, vecs, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeriesAdd(b *testing.B) {
	benchCall(b, "series_add", column.Const(types.Long, int64(1), 1000))
}

func BenchmarkSeriesStats(b *testing.B) { benchCall(b, "series_stats") }

func BenchmarkSeriesFitLine(b *testing.B) { benchCall(b, "series_fit_line") }

func BenchmarkSeriesOutliers(b *testing.B) { benchCall(b, "series_outliers") }

func BenchmarkSeriesDecomposeAnomalies(b *testing.B) {
	benchCall(b, "series_decompose_anomalies", column.Const(types.Real, 1.5, 1000), column.Const(types.Long, int64(24), 1000))
}
