package series

import (
	"fmt"
	"math"
	"slices"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// series_outliers scores each element with Tukey's fence test. Following
// the Kusto team's public description of the function: the low and high
// percentiles of the present values are taken with linear interpolation
// (position p/100*(n-1) in the sorted values); an element above the high
// percentile scores (x - high)/(high - low), one below the low percentile
// (x - low)/(high - low), anything between scores 0, and the score is
// multiplied by a normalization factor so that the 10th/90th percentile
// range ("ctukey", the default) gives the scores of the standard
// 25th/75th range ("tukey", factor 1) on normally distributed data.
// Nulls, non-numbers and elements equal to ignore_val score 0 and are
// left out of the percentiles.
//
// The factor for 10/90 is the one Kusto's published example shows
// (scores -1.9040785483608571 etc. for the documented sample). How it is
// derived for other percentiles is not documented, so custom
// min_percentile/max_percentile other than 10 and 90 are reported as
// unsupported rather than guessed.

// ctukeyFactor is the normalization of the default 10th/90th percentile
// range, as Kusto's published scores show it.
const ctukeyFactor = 2.772605605507915

func init() {
	functions.Register(&functions.Func{Name: "series_outliers", Kind: functions.Scalar,
		Sig:  "series_outliers(series: dynamic[, kind: string[, ignore_val: real[, min_percentile: real[, max_percentile: real]]]]): dynamic",
		Doc:  "Tukey fence anomaly score of each element (beyond 1.5 or -1.5: a mild rise or decline anomaly). kind is \"ctukey\" (10th/90th percentiles, the default) or \"tukey\" (25th/75th).",
		Bind: functions.BindKinds("series_outliers", types.Dynamic, outliersKernel(), 1, 5, kArray, kString, kReal, kReal, kReal),
	})
}

// fence is a scoring rule: the percentile range and the factor.
type fence struct {
	low, high, factor float64
}

// fenceFor validates the method arguments of series_outliers and
// series_decompose_anomalies.
func fenceFor(fn, kind string, lowP, highP float64) (fence, error) {
	switch kind {
	case "", "ctukey":
		if lowP < 2 || lowP > 98 || highP < 2 || highP > 98 || lowP >= highP {
			return fence{}, fmt.Errorf("%s: the percentiles must lie in [2, 98] with min_percentile below max_percentile, got %v and %v", fn, lowP, highP)
		}
		if lowP != 10 || highP != 90 {
			return fence{}, fmt.Errorf("%s: percentiles other than 10 and 90 are not supported yet (Kusto's score normalization for them is not documented)", fn)
		}
		return fence{10, 90, ctukeyFactor}, nil
	case "tukey":
		return fence{25, 75, 1}, nil
	}
	return fence{}, fmt.Errorf("%s: unknown outlier detection method %q; use \"ctukey\" or \"tukey\"", fn, kind)
}

// scorer computes outlier scores, reusing its buffers between rows.
// After scores, lo and hi hold the percentiles used (ok=false when no
// value was present).
type scorer struct {
	sorted []float64
	lo, hi float64
	ok     bool
}

// scores fills out with the score of each x; present[i] says whether x[i]
// takes part (false: score 0).
func (s *scorer) scores(out, x []float64, present []bool, f fence) {
	s.sorted = s.sorted[:0]
	for i, v := range x {
		if present[i] {
			s.sorted = append(s.sorted, v)
		}
	}
	for i := range out {
		out[i] = 0
	}
	s.ok = len(s.sorted) > 0
	if !s.ok {
		return
	}
	slices.Sort(s.sorted)
	s.lo = percentile(s.sorted, f.low)
	s.hi = percentile(s.sorted, f.high)
	for i, v := range x {
		if present[i] {
			out[i] = s.score(v, f)
		}
	}
}

// score is the fence score of v against the last percentiles.
func (s *scorer) score(v float64, f fence) float64 {
	switch {
	case !s.ok:
		return 0
	case v > s.hi:
		return (v - s.hi) / (s.hi - s.lo) * f.factor
	case v < s.lo:
		return (v - s.lo) / (s.hi - s.lo) * f.factor
	}
	return 0
}

// percentile interpolates linearly between the order statistics around
// position p/100*(n-1).
func percentile(sorted []float64, p float64) float64 {
	pos := p / 100 * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(i)
	return sorted[i] + frac*(sorted[i+1]-sorted[i])
}

func outliersKernel() functions.ScalarKernel {
	return dynKernelErr(func() func([]any) (any, error) {
		var sc scorer
		var x, out []float64
		var present []bool
		return func(row []any) (any, error) {
			a, ok := asArray(row[0])
			if !ok {
				return nil, nil
			}
			kind := stringArg(row, 1, "ctukey")
			lowP, ok1 := realArg(row, 3, 10)
			highP, ok2 := realArg(row, 4, 90)
			if !ok1 {
				lowP = 10
			}
			if !ok2 {
				highP = 90
			}
			f, err := fenceFor("series_outliers", kind, lowP, highP)
			if err != nil {
				return nil, err
			}
			ignore, hasIgnore := realArg(row, 2, 0)
			if len(row) <= 2 {
				hasIgnore = false
			}
			x = grow(x, len(a))
			out = grow(out, len(a))
			if cap(present) < len(a) {
				present = make([]bool, len(a))
			}
			present = present[:len(a)]
			for i, e := range a {
				v, ok := realOf(e)
				x[i] = v
				present[i] = ok && !(hasIgnore && v == ignore)
			}
			sc.scores(out, x, present, f)
			return boxReals(out), nil
		}
	})
}

// grow returns buf resized to n elements.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
