package series

import (
	"errors"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// series_fir and series_iir: finite and infinite impulse response
// filters. Points before the start of the series count as 0 (the filter
// starts at rest). The series and the coefficients must be all numbers,
// or the result is null.

func init() {
	functions.Register(
		&functions.Func{Name: "series_fir", Kind: functions.Scalar,
			Sig:  "series_fir(series: dynamic, filter: dynamic[, normalize: bool[, center: bool]]): dynamic",
			Doc:  "Applies a finite impulse response filter: y[i] = sum of filter[j]*x[i-j]. normalize (default: true unless a coefficient is negative) divides the coefficients by their sum; center applies the window symmetrically around each point.",
			Bind: functions.BindKinds("series_fir", types.Dynamic, firKernel(), 2, 4, kArray, kArray, kBool, kBool)},
		&functions.Func{Name: "series_iir", Kind: functions.Scalar,
			Sig:  "series_iir(series: dynamic, numerators: dynamic, denominators: dynamic): dynamic",
			Doc:  "Applies an infinite impulse response filter: y[i] = (sum of b[j]*x[i-j] - sum over j>=1 of a[j]*y[i-j]) / a[0].",
			Bind: functions.BindKinds("series_iir", types.Dynamic, dynKernel(iirRow), 3, 3, kArray, kArray, kArray)},
	)
}

var errEvenCentered = errors.New("series_fir: a centered filter with an even number of coefficients is not supported yet; use an odd-length filter or center=false")

// firKernel reports a centered filter of even length as an error: how
// Kusto aligns such a window is not documented, so it is not guessed.
func firKernel() functions.ScalarKernel {
	return dynKernelErr(func() func([]any) (any, error) {
		var x, c []float64
		return func(row []any) (any, error) {
			a, ok1 := asArray(row[0])
			f, ok2 := asArray(row[1])
			if !ok1 || !ok2 {
				return nil, nil
			}
			var all bool
			if x, all = reals(x, a); !all {
				return nil, nil
			}
			if c, all = reals(c, f); !all || len(c) == 0 {
				return nil, nil
			}
			negative := false
			sum := 0.0
			for _, v := range c {
				if v < 0 {
					negative = true
				}
				sum += v
			}
			normalize, ok := boolArg(row, 2, !negative)
			if !ok {
				normalize = !negative
			}
			if normalize && negative {
				return nil, nil
			}
			center, ok := boolArg(row, 3, false)
			if !ok {
				center = false
			}
			shift := 0
			if center {
				if len(c)%2 == 0 {
					return nil, errEvenCentered
				}
				shift = (len(c) - 1) / 2
			}
			if normalize {
				// The documentation normalizes the filter itself, so
				// the coefficients are divided before the convolution.
				for j := range c {
					c[j] /= sum
				}
			}
			out := make([]any, len(x))
			for i := range x {
				s := 0.0
				for j, cj := range c {
					k := i + shift - j
					if k >= 0 && k < len(x) {
						s += cj * x[k]
					}
				}
				out[i] = s
			}
			return out, nil
		}
	})
}

func iirRow() func([]any) any {
	var x, b, a []float64
	return func(row []any) any {
		xs, ok1 := asArray(row[0])
		bs, ok2 := asArray(row[1])
		as, ok3 := asArray(row[2])
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		var all bool
		if x, all = reals(x, xs); !all {
			return nil
		}
		if b, all = reals(b, bs); !all {
			return nil
		}
		if a, all = reals(a, as); !all || len(a) == 0 || a[0] == 0 {
			return nil
		}
		y := make([]float64, len(x))
		for i := range x {
			s := 0.0
			for j, bj := range b {
				if i-j >= 0 {
					s += bj * x[i-j]
				}
			}
			for j := 1; j < len(a); j++ {
				if i-j >= 0 {
					s -= a[j] * y[i-j]
				}
			}
			y[i] = s / a[0]
		}
		return boxReals(y)
	}
}
