package series

import (
	"math"
	"math/bits"
)

// fft computes discrete Fourier transforms of any length in O(n log n):
// an iterative radix-2 transform for powers of two, Bluestein's chirp-z
// algorithm (a power-of-two convolution) for the other lengths. It keeps
// its scratch space and the twiddle and chirp tables of the last length
// it saw, so rows of one make-series (all the same length) cost no
// allocation after the first.
type fft struct {
	// radix-2 tables for size m: twiddles and the bit-reversal order.
	m        int
	cos, sin []float64
	rev      []int32
	// Bluestein tables for length n: the chirp and the transform of
	// its conjugate, zero-padded to m.
	n                  int
	chirpRe, chirpIm   []float64
	kernelRe, kernelIm []float64
	kernelM            int // the size kernel* were made for (0: stale)
	workRe, workIm     []float64
	outRe, outIm       []float64
}

// transform computes X[k] = sum_j x[j] * exp(sign*2*pi*i*j*k/n) into
// the returned slices (owned by f, valid until the next call); sign is -1
// for the forward transform and +1 for the inverse (unscaled).
func (f *fft) transform(re, im []float64, sign float64) ([]float64, []float64) {
	n := len(re)
	f.outRe, f.outIm = grow(f.outRe, n), grow(f.outIm, n)
	if n == 0 {
		return f.outRe, f.outIm
	}
	if n&(n-1) == 0 {
		copy(f.outRe, re)
		copy(f.outIm, im)
		f.radix2(f.outRe, f.outIm, sign)
		return f.outRe, f.outIm
	}
	f.bluestein(re, im, sign)
	return f.outRe, f.outIm
}

// plan prepares the radix-2 tables for size m (a power of two).
func (f *fft) plan(m int) {
	if f.m == m {
		return
	}
	f.m = m
	f.cos, f.sin = grow(f.cos, m/2), grow(f.sin, m/2)
	for k := range f.cos {
		f.sin[k], f.cos[k] = sincosTurn(uint64(k), uint64(m))
	}
	if cap(f.rev) < m {
		f.rev = make([]int32, m)
	}
	f.rev = f.rev[:m]
	shift := 64 - bits.Len(uint(m-1))
	for i := range f.rev {
		if m == 1 {
			f.rev[i] = 0
			continue
		}
		f.rev[i] = int32(bits.Reverse64(uint64(i)) >> shift)
	}
}

// radix2 transforms re+i*im in place; len(re) is a power of two.
func (f *fft) radix2(re, im []float64, sign float64) {
	m := len(re)
	f.plan(m)
	for i, j := range f.rev {
		if int(j) > i {
			re[i], re[j] = re[j], re[i]
			im[i], im[j] = im[j], im[i]
		}
	}
	for size := 2; size <= m; size <<= 1 {
		half, step := size/2, m/size
		for start := 0; start < m; start += size {
			for k := 0; k < half; k++ {
				wr, wi := f.cos[k*step], sign*f.sin[k*step]
				a, b := start+k, start+k+half
				tr := re[b]*wr - im[b]*wi
				ti := re[b]*wi + im[b]*wr
				re[b], im[b] = re[a]-tr, im[a]-ti
				re[a], im[a] = re[a]+tr, im[a]+ti
			}
		}
	}
}

// bluestein writes the transform of re+i*im (any length) to f.out*,
// using x[j]*w[j] convolved with conj(w), w[j] = exp(sign*i*pi*j^2/n).
func (f *fft) bluestein(re, im []float64, sign float64) {
	n := len(re)
	m := 1
	for m < 2*n-1 {
		m <<= 1
	}
	if f.n != n {
		f.n = n
		f.chirpRe, f.chirpIm = grow(f.chirpRe, n), grow(f.chirpIm, n)
		for j := range f.chirpRe {
			// exp(i*pi*j^2/n) is j^2/(2n) of a turn; j^2 mod 2n keeps
			// the angle exact.
			q := (uint64(j) * uint64(j)) % uint64(2*n)
			f.chirpIm[j], f.chirpRe[j] = sincosTurn(q, uint64(2*n))
		}
		f.kernelM = 0
	}
	// The kernel is the chirp itself for the forward transform and its
	// conjugate for the inverse; only the forward one is kept.
	if f.kernelM != m {
		f.kernelRe, f.kernelIm = grow(f.kernelRe, m), grow(f.kernelIm, m)
		clear(f.kernelRe)
		clear(f.kernelIm)
		// exp(+i*pi*j^2/n) at j and m-j, so that the cyclic convolution
		// of size m is the linear one.
		for j := 0; j < n; j++ {
			f.kernelRe[j], f.kernelIm[j] = f.chirpRe[j], f.chirpIm[j]
			if j > 0 {
				f.kernelRe[m-j], f.kernelIm[m-j] = f.chirpRe[j], f.chirpIm[j]
			}
		}
		f.radix2(f.kernelRe, f.kernelIm, -1)
		f.kernelM = m
	}
	f.workRe, f.workIm = grow(f.workRe, m), grow(f.workIm, m)
	clear(f.workRe)
	clear(f.workIm)
	// a[j] = x[j] * w[j], w = exp(sign*i*pi*j^2/n) = chirp or its conjugate.
	for j := 0; j < n; j++ {
		cr, ci := f.chirpRe[j], f.chirpIm[j]
		if sign < 0 {
			ci = -ci
		}
		f.workRe[j] = re[j]*cr - im[j]*ci
		f.workIm[j] = re[j]*ci + im[j]*cr
	}
	f.radix2(f.workRe, f.workIm, -1)
	// Multiply by the kernel's transform. For the inverse direction the
	// kernel is the conjugate chirp, whose transform is K'[k] =
	// conj(K[(m-k) mod m]).
	for k := 0; k < m; k++ {
		kr, ki := f.kernelRe[k], f.kernelIm[k]
		if sign > 0 {
			r := (m - k) & (m - 1)
			kr, ki = f.kernelRe[r], -f.kernelIm[r]
		}
		ar, ai := f.workRe[k], f.workIm[k]
		f.workRe[k] = ar*kr - ai*ki
		f.workIm[k] = ar*ki + ai*kr
	}
	f.radix2(f.workRe, f.workIm, +1)
	scale := 1 / float64(m)
	for k := 0; k < n; k++ {
		cr, ci := f.chirpRe[k], f.chirpIm[k]
		if sign < 0 {
			ci = -ci
		}
		yr, yi := f.workRe[k]*scale, f.workIm[k]*scale
		f.outRe[k] = yr*cr - yi*ci
		f.outIm[k] = yr*ci + yi*cr
	}
}

// sincosTurn returns the sine and cosine of num/den of a full turn
// (2*pi*num/den, 0 <= num < den), folding the angle into the first
// octant so that multiples of pi/4 come out exact (cos(pi/2) is 0, not
// 6e-17) and symmetric angles get symmetric values.
func sincosTurn(num, den uint64) (sin, cos float64) {
	// In units of 1/(8*den) of a turn, a quarter turn is 2*den.
	n := 8 * num
	quarter := 2 * den
	qd := n / quarter
	r := n - qd*quarter
	var s, c float64
	if r <= den {
		s, c = math.Sincos(math.Pi * float64(r) / float64(4*den))
	} else {
		c, s = math.Sincos(math.Pi * float64(quarter-r) / float64(4*den))
	}
	switch qd & 3 {
	case 0:
		return s, c
	case 1:
		return c, -s
	case 2:
		return -s, -c
	}
	return -c, s
}
