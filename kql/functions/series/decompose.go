package series

import (
	"fmt"
	"slices"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Seasonal decomposition: series_decompose, series_decompose_anomalies,
// series_decompose_forecast and series_seasonal, in the documented order:
//
//  1. seasonal: for a period p, the median of the learning points in the
//     same phase (i mod p); 0 without seasonality;
//  2. the trend of x - seasonal over the learning points: its average
//     ("avg", the default), a fitted line over 1..n ("linefit",
//     extrapolated over the test points) or 0 ("none");
//  3. baseline = seasonal + trend, residual = x - baseline.
//
// The learning points are all but the last test_points (the forecast
// horizon of series_decompose_forecast). series_decompose_anomalies then
// scores the residual with series_outliers (its percentiles taken over
// the learning points) and flags scores beyond +-threshold.
//
// Seasonality -1, the default, detects the period with
// series_periods_detect; see autoSeasonality (periods.go) for the cases
// Quarry can answer exactly.

var decomposeOutputs = []output{
	{"baseline", types.Dynamic}, {"seasonal", types.Dynamic}, {"trend", types.Dynamic}, {"residual", types.Dynamic},
}

var anomaliesOutputs = []output{
	{"ad_flag", types.Dynamic}, {"ad_score", types.Dynamic}, {"baseline", types.Dynamic},
}

func init() {
	functions.Register(
		&functions.Func{Name: "series_decompose", Kind: functions.Scalar,
			Sig:  "series_decompose(series: dynamic[, seasonality: int[, trend: string[, test_points: int[, seasonality_threshold: real]]]]): (baseline, seasonal, trend, residual: dynamic)",
			Doc:  "Decomposes a series into seasonal, trend and residual components, one column each: series_decompose_<arg>_baseline, _seasonal, _trend, _residual. seasonality is the period in bins, 0 for none or -1 (the default) to detect it, which Quarry supports only for series under 8 points; trend is avg, linefit or none.",
			Bind: bindDecompose("series_decompose", decomposeOutputs, 1, 5, []functions.ArgClass{kArray, kLong, kString, kLong, kReal}, decomposeRow)},
		&functions.Func{Name: "series_decompose_anomalies", Kind: functions.Scalar,
			Sig:  "series_decompose_anomalies(series: dynamic[, threshold: real[, seasonality: int[, trend: string[, test_points: int[, ad_method: string[, seasonality_threshold: real]]]]]]): (ad_flag, ad_score, baseline: dynamic)",
			Doc:  "Anomalies of a series: series_outliers scores of its decomposition residual, flagged +1/-1 beyond +-threshold (default 1.5), one column each: series_decompose_anomalies_<arg>_ad_flag, _ad_score, _baseline. seasonality is the period in bins, 0 for none or -1 (the default) to detect it, which Quarry supports only for series under 8 points or with a constant learning part.",
			Bind: bindDecompose("series_decompose_anomalies", anomaliesOutputs, 1, 7, []functions.ArgClass{kArray, kReal, kLong, kString, kLong, kString, kReal}, anomaliesRow)},
		&functions.Func{Name: "series_decompose_forecast", Kind: functions.Scalar,
			Sig:  "series_decompose_forecast(series: dynamic, points: int[, seasonality: int[, trend: string[, seasonality_threshold: real]]]): (baseline, seasonal, trend, residual: dynamic)",
			Doc:  "Forecast of the last points of a series from the decomposition of the others: the baseline is the forecast; columns series_decompose_forecast_<arg>_baseline, _seasonal, _trend, _residual. seasonality is the period in bins, 0 for none or -1 (the default) to detect it, which Quarry supports only for series under 8 points.",
			Bind: bindDecompose("series_decompose_forecast", decomposeOutputs, 2, 5, []functions.ArgClass{kArray, kLong, kLong, kString, kReal}, forecastRow)},
		&functions.Func{Name: "series_seasonal", Kind: functions.Scalar,
			Sig:  "series_seasonal(series: dynamic[, period: int]): dynamic",
			Doc:  "The seasonal component of a series: the median of the elements in the same phase of the period (zeros for a period other than a positive number; -1, the default, detects the period, which Quarry supports only for series under 8 points).",
			Bind: bindSeasonal},
	)
}

func bindDecompose(name string, outs []output, min, max int, kinds []functions.ArgClass, row func(string) func() func([]any) (any, error)) func([]functions.Arg) (*functions.Bound, error) {
	eval := dynKernelErr(row(name))
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := functions.CheckKinds(name, args, min, max, kinds...)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval, Outputs: outputsOf(name, args, outs)}, nil
	}
}

func bindSeasonal(args []functions.Arg) (*functions.Bound, error) {
	ts, err := functions.CheckKinds("series_seasonal", args, 1, 2, kArray, kLong)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: dynKernelErr(seasonalRow)}, nil
}

// decomposition holds the components of one series.
type decomposition struct {
	seasonal, trend, baseline, residual []float64
}

// decomposer computes decompositions, reusing scratch space.
type decomposer struct {
	x, phase, deseason []float64
}

// run decomposes a (all numbers) with the given period (-1: detect it),
// trend method and number of test points; ok=false when a holds a
// non-number. baselineOnly says the caller shows only the baseline (see
// autoSeasonality).
func (d *decomposer) run(fn string, a []any, period int64, trend string, test int64, baselineOnly bool) (decomposition, bool, error) {
	var all bool
	if d.x, all = reals(d.x, a); !all {
		return decomposition{}, false, nil
	}
	x := d.x
	n := len(x)
	if test < 0 || test > int64(n) {
		return decomposition{}, false, fmt.Errorf("%s: test_points must be between 0 and the series length (%d), got %d", fn, n, test)
	}
	learn := n - int(test)
	if period == -1 {
		var err error
		if period, err = autoSeasonality(fn, x, learn, trend, baselineOnly); err != nil {
			return decomposition{}, false, err
		}
	}
	r := decomposition{
		seasonal: make([]float64, n), trend: make([]float64, n),
		baseline: make([]float64, n), residual: make([]float64, n),
	}
	if period > 0 {
		d.seasonalMedians(r.seasonal, x, learn, int(period))
	}
	d.deseason = grow(d.deseason, learn)
	for i := 0; i < learn; i++ {
		d.deseason[i] = x[i] - r.seasonal[i]
	}
	switch trend {
	case "avg", "":
		if learn > 0 {
			s := 0.0
			for _, v := range d.deseason {
				s += v
			}
			avg := s / float64(learn)
			for i := range r.trend {
				r.trend[i] = avg
			}
		}
	case "linefit":
		if learn > 0 {
			l := fitLine(d.deseason)
			for i := range r.trend {
				r.trend[i] = l.slope*float64(i+1) + l.interception
			}
		}
	case "none":
	default:
		return decomposition{}, false, fmt.Errorf("%s: unknown trend method %q; use \"avg\", \"linefit\" or \"none\"", fn, trend)
	}
	for i := range x {
		r.baseline[i] = r.seasonal[i] + r.trend[i]
		r.residual[i] = x[i] - r.baseline[i]
	}
	return r, true, nil
}

// seasonalMedians sets out[i] to the median of the first learn elements
// of x in phase i mod period (0 for a phase with no such element).
func (d *decomposer) seasonalMedians(out, x []float64, learn, period int) {
	for ph := 0; ph < period && ph < len(x); ph++ {
		d.phase = d.phase[:0]
		for i := ph; i < learn; i += period {
			d.phase = append(d.phase, x[i])
		}
		m := 0.0
		if len(d.phase) > 0 {
			slices.Sort(d.phase)
			k := len(d.phase)
			if k%2 == 1 {
				m = d.phase[k/2]
			} else {
				m = (d.phase[k/2-1] + d.phase[k/2]) / 2
			}
		}
		for i := ph; i < len(x); i += period {
			out[i] = m
		}
	}
}

func decomposeRow(fn string) func() func([]any) (any, error) {
	return func() func([]any) (any, error) {
		var d decomposer
		return func(row []any) (any, error) {
			a, ok := asArray(row[0])
			if !ok {
				return nil, nil
			}
			period, ok1 := longArg(row, 1, -1)
			test, ok2 := longArg(row, 3, 0)
			if !ok1 || !ok2 {
				return make([]any, len(decomposeOutputs)), nil
			}
			r, ok, err := d.run(fn, a, period, stringArg(row, 2, "avg"), test, false)
			if err != nil || !ok {
				return make([]any, len(decomposeOutputs)), err
			}
			return []any{boxReals(r.baseline), boxReals(r.seasonal), boxReals(r.trend), boxReals(r.residual)}, nil
		}
	}
}

func forecastRow(fn string) func() func([]any) (any, error) {
	return func() func([]any) (any, error) {
		var d decomposer
		return func(row []any) (any, error) {
			a, ok := asArray(row[0])
			if !ok {
				return nil, nil
			}
			points, ok1 := longArg(row, 1, 0)
			period, ok2 := longArg(row, 2, -1)
			if !ok1 || !ok2 {
				return make([]any, len(decomposeOutputs)), nil
			}
			r, ok, err := d.run(fn, a, period, stringArg(row, 3, "avg"), points, false)
			if err != nil || !ok {
				return make([]any, len(decomposeOutputs)), err
			}
			return []any{boxReals(r.baseline), boxReals(r.seasonal), boxReals(r.trend), boxReals(r.residual)}, nil
		}
	}
}

func anomaliesRow(fn string) func() func([]any) (any, error) {
	return func() func([]any) (any, error) {
		var d decomposer
		var sc scorer
		var scores []float64
		var present []bool
		return func(row []any) (any, error) {
			a, ok := asArray(row[0])
			if !ok {
				return nil, nil
			}
			threshold, ok1 := realArg(row, 1, 1.5)
			period, ok2 := longArg(row, 2, -1)
			test, ok3 := longArg(row, 4, 0)
			if !ok1 || !ok2 || !ok3 {
				return make([]any, len(anomaliesOutputs)), nil
			}
			f, err := fenceFor(fn, stringArg(row, 5, "ctukey"), 10, 90)
			if err != nil {
				return nil, err
			}
			r, ok, err := d.run(fn, a, period, stringArg(row, 3, "avg"), test, true)
			if err != nil || !ok {
				return make([]any, len(anomaliesOutputs)), err
			}
			n := len(r.residual)
			learn := n - int(test)
			scores = grow(scores, n)
			if cap(present) < n {
				present = make([]bool, n)
			}
			present = present[:n]
			for i := range present {
				present[i] = i < learn
			}
			// The percentiles come from the learning points; every
			// point is then scored against them.
			sc.scores(scores, r.residual, present, f)
			for i := learn; i < n; i++ {
				scores[i] = sc.score(r.residual[i], f)
			}
			flags := make([]any, n)
			for i, s := range scores {
				switch {
				case s > threshold:
					flags[i] = int64(1)
				case s < -threshold:
					flags[i] = int64(-1)
				default:
					flags[i] = int64(0)
				}
			}
			return []any{flags, boxReals(scores), boxReals(r.baseline)}, nil
		}
	}
}

func seasonalRow() func([]any) (any, error) {
	var d decomposer
	return func(row []any) (any, error) {
		a, ok := asArray(row[0])
		if !ok {
			return nil, nil
		}
		period, ok := longArg(row, 1, -1)
		if !ok {
			return nil, nil
		}
		var all bool
		if d.x, all = reals(d.x, a); !all {
			return nil, nil
		}
		if period == -1 {
			var err error
			if period, err = autoSeasonality("series_seasonal", d.x, len(a), "", false); err != nil {
				return nil, err
			}
		}
		out := make([]float64, len(a))
		if period > 0 {
			d.seasonalMedians(out, d.x, len(a), int(period))
		}
		return boxReals(out), nil
	}
}
