package series

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// series_fft and series_ifft: the discrete Fourier transform the
// documentation links to, X[k] = sum_j x[j]*exp(-2*pi*i*j*k/n), and its
// inverse x[j] = 1/n * sum_k X[k]*exp(2*pi*i*j*k/n), so that
// series_ifft(series_fft(x)) gives x back as the documented example
// shows. The imaginary part is optional (zeros); both results are arrays
// of reals of the input's length. An element that is not a number, or an
// imaginary part of another length, gives null results.

var fftOutputs = []output{{"real", types.Dynamic}, {"imag", types.Dynamic}}

func init() {
	functions.Register(
		&functions.Func{Name: "series_fft", Kind: functions.Scalar,
			Sig:  "series_fft(x_real: dynamic[, x_imaginary: dynamic]): (real, imag: dynamic)",
			Doc:  "The discrete Fourier transform of a (complex) series, one column each for the real and imaginary parts: series_fft_<arg>_real, _imag.",
			Bind: bindMulti("series_fft", fftOutputs, dynKernel(fftRow(false)), 1, 2, kArray, kArray)},
		&functions.Func{Name: "series_ifft", Kind: functions.Scalar,
			Sig:  "series_ifft(fft_real: dynamic[, fft_imaginary: dynamic]): (real, imag: dynamic)",
			Doc:  "The inverse discrete Fourier transform (scaled by 1/n, undoing series_fft), one column each for the real and imaginary parts: series_ifft_<arg>_real, _imag.",
			Bind: bindMulti("series_ifft", fftOutputs, dynKernel(fftRow(true)), 1, 2, kArray, kArray)},
	)
}

func fftRow(inverse bool) func() func([]any) any {
	return func() func([]any) any {
		var f fft
		var re, im []float64
		return func(row []any) any {
			a, ok := asArray(row[0])
			if !ok {
				return nil
			}
			var all bool
			if re, all = reals(re, a); !all {
				return []any{nil, nil}
			}
			im = grow(im, len(a))
			if len(row) > 1 {
				b, ok := asArray(row[1])
				if !ok || len(b) != len(a) {
					return []any{nil, nil}
				}
				if im, all = reals(im, b); !all {
					return []any{nil, nil}
				}
			} else {
				clear(im)
			}
			sign := -1.0
			if inverse {
				sign = 1
			}
			outRe, outIm := f.transform(re, im, sign)
			if inverse && len(outRe) > 0 {
				scale := 1 / float64(len(outRe))
				for i := range outRe {
					outRe[i] *= scale
					outIm[i] *= scale
				}
			}
			return []any{boxReals(outRe), boxReals(outIm)}
		}
	}
}
