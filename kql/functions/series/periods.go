package series

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Period detection: series_periods_detect, series_periods_validate and
// the automatic seasonality (-1, the default) of series_decompose,
// series_decompose_anomalies, series_decompose_forecast and
// series_seasonal, which the documentation says use series_periods_detect
// (score threshold 0.6, or 0.7 for series_seasonal).
//
// What the documentation pins down: a period has at least 4 points and at
// most half the series' length; scores are between 0 and 1; periods come
// ordered by score and the arrays have num_periods elements, the unused
// ones 0 (period 0.0, score 0.0); series_periods_validate scores 0 a
// period outside [4, length/2]. What it does not: the score itself. The
// pages give one value (0.84 for the 14-bin period of their 60-point
// example, 0.0 for 10 bins) and no formula; neither the autocorrelation
// (biased, unbiased, Pearson, circular, detrended or not) nor the share
// of variance explained by phase means reproduces those numbers, so any
// formula would be a guess.
//
// Quarry therefore answers exactly where the answer does not depend on a
// score (no candidate period exists, or every candidate gives the same
// result) and otherwise fails the query with an error that says how to
// pass the period explicitly.

// minPeriod is the shortest period the detection considers (documented).
const minPeriod = 4

var periodOutputs = []output{{"periods", types.Dynamic}, {"scores", types.Dynamic}}

// maxPeriods bounds num_periods: the result arrays are that long.
const maxPeriods = 1 << 20

func init() {
	functions.Register(
		&functions.Func{Name: "series_periods_detect", Kind: functions.Scalar,
			Sig:  "series_periods_detect(series: dynamic, min_period: real, max_period: real, num_periods: long): (periods, scores: dynamic)",
			Doc:  "The most significant periods of a series (in bins, between 4 and half its length) and their scores, num_periods of each, unused positions 0: columns series_periods_detect_<arg>_periods and _scores. Kusto's scoring is not documented: Quarry answers when no period fits in the range and fails otherwise.",
			Bind: bindMulti("series_periods_detect", periodOutputs, dynKernelErr(periodsDetectRow), 4, 4, kArray, kReal, kReal, kLong)},
		&functions.Func{Name: "series_periods_validate", Kind: functions.Scalar,
			Sig:  "series_periods_validate(series: dynamic, period1: real[, period2: real, ...]): (periods, scores: dynamic)",
			Doc:  "Scores (0 to 1) how well the series repeats with each given period (up to 16): columns series_periods_validate_<arg>_periods and _scores. A period below 4 or above half the length scores 0; Kusto's scoring of the others is not documented, so Quarry fails on them.",
			Bind: bindMulti("series_periods_validate", periodOutputs, dynKernelErr(periodsValidateRow), 2, 17, kArray, kReal)},
	)
}

// errPeriodScoring explains a detection Quarry cannot answer exactly.
func errPeriodScoring(fn string, n int) error {
	return fmt.Errorf("%s: scoring the candidate periods of a %d-point series is not supported: Kusto's period score is not documented, so Quarry cannot give its answer (it can when no period of 4 to %d points fits)", fn, n, n/2)
}

// errAutoSeasonality explains an automatic seasonality Quarry cannot
// answer exactly.
func errAutoSeasonality(fn string, n int) error {
	return fmt.Errorf("%s: automatic seasonality detection (seasonality -1, the default) of a %d-point series is not supported: Kusto's period score is not documented (Quarry detects only where no period can exist: fewer than 8 points); pass the period in bins (for example 24 for a daily period of hourly bins, 7 for a weekly period of daily bins) or 0 for none", fn, n)
}

// noCandidate tells whether no period in [lo, hi] can be detected in n
// points: the documented bounds [4, n/2] and the requested range do not
// meet.
func noCandidate(n int, lo, hi float64) bool {
	return max(lo, minPeriod) > min(hi, float64(n)/2)
}

func periodsDetectRow() func([]any) (any, error) {
	var buf []float64
	return func(row []any) (any, error) {
		a, ok := asArray(row[0])
		if !ok {
			return nil, nil
		}
		var all bool
		if buf, all = reals(buf, a); !all {
			return []any{nil, nil}, nil
		}
		lo, ok1 := realArg(row, 1, 0)
		hi, ok2 := realArg(row, 2, 0)
		k, ok3 := longArg(row, 3, 0)
		if !ok1 || !ok2 || !ok3 {
			return []any{nil, nil}, nil
		}
		if k < 0 || k > maxPeriods {
			return nil, fmt.Errorf("series_periods_detect: num_periods must be between 0 and %d, got %d", maxPeriods, k)
		}
		if !noCandidate(len(a), lo, hi) {
			return nil, errPeriodScoring("series_periods_detect", len(a))
		}
		periods, scores := make([]any, k), make([]any, k)
		for i := range periods {
			periods[i], scores[i] = 0.0, 0.0
		}
		return []any{periods, scores}, nil
	}
}

func periodsValidateRow() func([]any) (any, error) {
	var buf []float64
	return func(row []any) (any, error) {
		a, ok := asArray(row[0])
		if !ok {
			return nil, nil
		}
		var all bool
		if buf, all = reals(buf, a); !all {
			return []any{nil, nil}, nil
		}
		periods, scores := make([]any, len(row)-1), make([]any, len(row)-1)
		for i := range periods {
			p, ok := realOf(row[i+1])
			if !ok {
				return []any{nil, nil}, nil
			}
			if !noCandidate(len(a), p, p) {
				return nil, errPeriodScoring("series_periods_validate", len(a))
			}
			periods[i], scores[i] = p, 0.0
		}
		return []any{periods, scores}, nil
	}
}

// autoSeasonality resolves seasonality -1 for a decomposition of x whose
// first learn points are learned from: 0 when no period can be detected
// (fewer than 8 points). baselineOnly callers (series_decompose_anomalies,
// which shows only the baseline, scores and flags) also get 0 when the
// choice cannot matter: the learned points are one constant c whose
// average is exactly c, every phase of every candidate period has a
// learned point, and the trend is avg or linefit; then any period gives
// seasonal c and trend 0, no period gives seasonal 0 and trend c, and the
// baseline is c either way.
func autoSeasonality(fn string, x []float64, learn int, trend string, baselineOnly bool) (int64, error) {
	n := len(x)
	if n < 2*minPeriod {
		return 0, nil
	}
	if baselineOnly && (trend == "avg" || trend == "" || trend == "linefit") && learn >= n/2 && learn > 0 && constantMean(x[:learn]) {
		return 0, nil
	}
	return 0, errAutoSeasonality(fn, n)
}

// constantMean tells whether every element of x equals the first and
// their floating-point average is that value exactly.
func constantMean(x []float64) bool {
	c := x[0]
	s := 0.0
	for _, v := range x {
		if v != c {
			return false
		}
		s += v
	}
	return s/float64(len(x)) == c
}
