package series

import (
	"math"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Reductions of whole arrays to one real: series_sum, series_product,
// series_magnitude, series_dot_product, series_cosine_similarity and
// series_pearson_correlation.
//
// As the documentation says for the vector functions, non-numeric
// elements are ignored and an empty array gives null; pairs of arrays of
// different lengths are cut to the shorter one. series_pearson_correlation
// instead gives null for any non-numeric element or length mismatch.

func init() {
	functions.Register(
		&functions.Func{Name: "series_sum", Kind: functions.Scalar,
			Sig:  "series_sum(series: dynamic): real",
			Doc:  "The sum of the numeric elements; null for an empty array.",
			Bind: functions.BindKinds("series_sum", types.Real, fold(0, func(acc, x float64) float64 { return acc + x }), 1, 1, kArray)},
		&functions.Func{Name: "series_product", Kind: functions.Scalar,
			Sig:  "series_product(series: dynamic): real",
			Doc:  "The product of the numeric elements; null for an empty array.",
			Bind: functions.BindKinds("series_product", types.Real, fold(1, func(acc, x float64) float64 { return acc * x }), 1, 1, kArray)},
		&functions.Func{Name: "series_magnitude", Kind: functions.Scalar,
			Sig:  "series_magnitude(series: dynamic): real",
			Doc:  "The Euclidean norm: the square root of the dot product of the array with itself.",
			Bind: functions.BindKinds("series_magnitude", types.Real, realKernel(magnitudeRow), 1, 1, kArray)},
		&functions.Func{Name: "series_dot_product", Kind: functions.Scalar,
			Sig:  "series_dot_product(series1: dynamic, series2: dynamic): real",
			Doc:  "The sum of the element-wise products; either argument may be a number, applied to every element of the other.",
			Bind: bindDot},
		&functions.Func{Name: "series_cosine_similarity", Kind: functions.Scalar,
			Sig:  "series_cosine_similarity(series1: dynamic, series2: dynamic[, magnitude1: real[, magnitude2: real]]): real",
			Doc:  "The cosine similarity of two arrays; the magnitudes are computed unless given.",
			Bind: functions.BindKinds("series_cosine_similarity", types.Real, realKernel(cosineRow), 2, 4, kArray, kArray, kReal, kReal)},
		&functions.Func{Name: "series_pearson_correlation", Kind: functions.Scalar,
			Sig:  "series_pearson_correlation(series1: dynamic, series2: dynamic): real",
			Doc:  "The Pearson correlation coefficient; null when an element is not a number or the lengths differ.",
			Bind: functions.BindKinds("series_pearson_correlation", types.Real, realKernel(pearsonRow), 2, 2, kArray, kArray)},
	)
}

// fold reduces the numeric elements of an array with f from init.
func fold(init float64, f func(acc, x float64) float64) functions.ScalarKernel {
	return realKernel(func() func([]any) (float64, bool) {
		return func(row []any) (float64, bool) {
			a, ok := asArray(row[0])
			if !ok || len(a) == 0 {
				return 0, false
			}
			acc := init
			for _, e := range a {
				if x, ok := realOf(e); ok {
					acc = f(acc, x)
				}
			}
			return acc, true
		}
	})
}

func magnitudeRow() func([]any) (float64, bool) {
	return func(row []any) (float64, bool) {
		a, ok := asArray(row[0])
		if !ok || len(a) == 0 {
			return 0, false
		}
		return magnitude(a, len(a)), true
	}
}

// magnitude is the norm of the numeric elements among the first n.
func magnitude(a []any, n int) float64 {
	s := 0.0
	for _, e := range a[:n] {
		if x, ok := realOf(e); ok {
			s += x * x
		}
	}
	return math.Sqrt(s)
}

// dot sums the products of the first n pairs whose elements are both
// numbers.
func dot(a, b []any, n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		x, ok1 := realOf(a[i])
		y, ok2 := realOf(b[i])
		if ok1 && ok2 {
			s += x * y
		}
	}
	return s
}

func bindDot(args []functions.Arg) (*functions.Bound, error) {
	ts, err := functions.CheckKinds("series_dot_product", args, 2, 2, kOperand, kOperand)
	if err != nil {
		return nil, err
	}
	arrA, arrB, err := operandArrays("series_dot_product", args)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.Real, ArgTypes: ts, Eval: realKernel(dotRow(arrA, arrB))}, nil
}

func dotRow(arrA, arrB bool) func() func([]any) (float64, bool) {
	return func() func([]any) (float64, bool) {
		return func(row []any) (float64, bool) {
			a, okA := asArray(row[0])
			b, okB := asArray(row[1])
			if (arrA && !okA) || (arrB && !okB) {
				return 0, false
			}
			if arrA && arrB {
				n := min(len(a), len(b))
				if n == 0 {
					return 0, false
				}
				return dot(a, b, n), true
			}
			arr, scalar := a, row[1]
			if arrB {
				arr, scalar = b, row[0]
			}
			k, ok := realOf(scalar)
			if !ok || len(arr) == 0 {
				return 0, false
			}
			s := 0.0
			for _, e := range arr {
				if x, ok := realOf(e); ok {
					s += x * k
				}
			}
			return s, true
		}
	}
}

func cosineRow() func([]any) (float64, bool) {
	return func(row []any) (float64, bool) {
		a, ok1 := asArray(row[0])
		b, ok2 := asArray(row[1])
		if !ok1 || !ok2 {
			return 0, false
		}
		n := min(len(a), len(b))
		if n == 0 {
			return 0, false
		}
		m1, ok := givenOr(row, 2, func() float64 { return magnitude(a, n) })
		if !ok {
			return 0, false
		}
		m2, ok := givenOr(row, 3, func() float64 { return magnitude(b, n) })
		if !ok {
			return 0, false
		}
		return dot(a, b, n) / (m1 * m2), true
	}
}

// givenOr reads optional real argument i, computing it when absent;
// ok=false when it is given as null.
func givenOr(row []any, i int, compute func() float64) (float64, bool) {
	if i >= len(row) {
		return compute(), true
	}
	return realOf(row[i])
}

func pearsonRow() func([]any) (float64, bool) {
	var xb, yb []float64
	return func(row []any) (float64, bool) {
		a, ok1 := asArray(row[0])
		b, ok2 := asArray(row[1])
		if !ok1 || !ok2 || len(a) != len(b) || len(a) == 0 {
			return 0, false
		}
		var all bool
		if xb, all = reals(xb, a); !all {
			return 0, false
		}
		if yb, all = reals(yb, b); !all {
			return 0, false
		}
		return pearson(xb, yb), true
	}
}

// pearson is the correlation coefficient of two equal-length samples.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}
