package series

import (
	"math"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// series_stats and series_stats_dynamic: min, max (and their first
// positions), average, sample variance and standard deviation of an
// array. A non-finite element (null, NaN, infinity, non-number) makes the
// statistics null unless ignore_nonfinite is true, which skips it.

var statsOutputs = []output{
	{"min", types.Real}, {"min_idx", types.Long}, {"max", types.Real}, {"max_idx", types.Long},
	{"avg", types.Real}, {"stdev", types.Real}, {"variance", types.Real},
}

func init() {
	functions.Register(
		&functions.Func{Name: "series_stats", Kind: functions.Scalar,
			Sig: "series_stats(series: dynamic[, ignore_nonfinite: bool]): (min: real, min_idx: long, max: real, max_idx: long, avg: real, stdev: real, variance: real)",
			Doc: "Statistics of an array, one column each: series_stats_<arg>_min, _min_idx, _max, _max_idx, _avg, _stdev, _variance (sample variance).",
			Bind: bindMulti("series_stats", statsOutputs, dynKernel(func() func([]any) any {
				var st seriesStats
				return func(row []any) any {
					if !st.compute(row) {
						return nil
					}
					return st.tuple()
				}
			}), 1, 2, kArray, kBool)},
		&functions.Func{Name: "series_stats_dynamic", Kind: functions.Scalar,
			Sig: "series_stats_dynamic(series: dynamic[, ignore_nonfinite: bool]): dynamic",
			Doc: "Statistics of an array as a property bag: min, min_idx, max, max_idx, avg, stdev, variance, sum, len.",
			Bind: functions.BindKinds("series_stats_dynamic", types.Dynamic, dynKernel(func() func([]any) any {
				var st seriesStats
				return func(row []any) any {
					if !st.compute(row) {
						return nil
					}
					return st.bag()
				}
			}), 1, 2, kArray, kBool)},
	)
}

// seriesStats holds the statistics of one array.
type seriesStats struct {
	valid                bool // false: the statistics are null
	n, length            int
	min, max, sum, sumSq float64
	minIdx, maxIdx       int
}

// compute reads row (series[, ignore_nonfinite]); false means the whole
// result is null (not an array, or a null flag).
func (s *seriesStats) compute(row []any) bool {
	a, ok := asArray(row[0])
	if !ok {
		return false
	}
	ignore, ok := boolArg(row, 1, false)
	if !ok {
		return false
	}
	*s = seriesStats{valid: true, length: len(a), minIdx: -1, maxIdx: -1}
	for i, e := range a {
		x, ok := realOf(e)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			if ignore {
				continue
			}
			s.valid = false
			return true
		}
		if s.n == 0 || x < s.min {
			s.min, s.minIdx = x, i
		}
		if s.n == 0 || x > s.max {
			s.max, s.maxIdx = x, i
		}
		s.n++
		s.sum += x
		s.sumSq += x * x
	}
	if s.n == 0 {
		s.valid = false
	}
	return true
}

// variance is the sample variance in the form n*sum(x^2) - sum(x)^2 over
// n(n-1), the form whose rounding matches Kusto's documented output; a
// single value has variance 0.
func (s *seriesStats) variance() float64 {
	if s.n < 2 {
		return 0
	}
	n := float64(s.n)
	return (n*s.sumSq - s.sum*s.sum) / (n * (n - 1))
}

func (s *seriesStats) tuple() []any {
	if !s.valid {
		return make([]any, len(statsOutputs))
	}
	v := s.variance()
	return []any{s.min, int64(s.minIdx), s.max, int64(s.maxIdx), s.sum / float64(s.n), math.Sqrt(v), v}
}

func (s *seriesStats) bag() *value.Bag {
	b := value.NewBag(9)
	t := s.tuple()
	for i, o := range statsOutputs {
		b.Set(o.suffix, t[i])
	}
	if s.valid {
		b.Set("sum", s.sum)
	} else {
		b.Set("sum", nil)
	}
	b.Set("len", int64(s.length))
	return b
}
