package series

import (
	"math"
	"math/rand/v2"
	"testing"
)

// naiveDFT is the O(n^2) definition the fast transform must agree with.
func naiveDFT(re, im []float64, sign float64) ([]float64, []float64) {
	n := len(re)
	or, oi := make([]float64, n), make([]float64, n)
	for k := 0; k < n; k++ {
		for j := 0; j < n; j++ {
			q := (j * k) % n
			s, c := math.Sincos(sign * 2 * math.Pi * float64(q) / float64(n))
			or[k] += re[j]*c - im[j]*s
			oi[k] += re[j]*s + im[j]*c
		}
	}
	return or, oi
}

func TestFFTMatchesDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var f fft
	// Powers of two, primes, odd and even composites; the same fft is
	// reused so that stale tables would show.
	for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 16, 31, 60, 64, 97, 100, 128, 255, 1000, 1024} {
		for _, sign := range []float64{-1, 1} {
			re, im := make([]float64, n), make([]float64, n)
			for i := range re {
				re[i], im[i] = rng.Float64()*200-100, rng.Float64()*20-10
			}
			wr, wi := naiveDFT(re, im, sign)
			gr, gi := f.transform(re, im, sign)
			scale := 1.0
			for i := range re {
				scale = math.Max(scale, math.Abs(re[i])+math.Abs(im[i]))
			}
			tol := 1e-12 * scale * float64(n+1)
			for k := 0; k < n; k++ {
				if math.Abs(gr[k]-wr[k]) > tol || math.Abs(gi[k]-wi[k]) > tol {
					t.Fatalf("n=%d sign=%v k=%d: got %v%+vi, want %v%+vi", n, sign, k, gr[k], gi[k], wr[k], wi[k])
				}
			}
		}
	}
}

func TestFFTRoundTrip(t *testing.T) {
	var f fft
	for _, n := range []int{1, 5, 8, 60, 168} {
		re, im := make([]float64, n), make([]float64, n)
		for i := range re {
			re[i] = math.Sin(2 * math.Pi * float64(i) / 7)
			im[i] = float64(i % 3)
		}
		fr, fi := f.transform(re, im, -1)
		fr, fi = append([]float64(nil), fr...), append([]float64(nil), fi...)
		br, bi := f.transform(fr, fi, 1)
		for i := range re {
			if math.Abs(br[i]/float64(n)-re[i]) > 1e-9 || math.Abs(bi[i]/float64(n)-im[i]) > 1e-9 {
				t.Fatalf("n=%d i=%d: got %v%+vi, want %v%+vi", n, i, br[i]/float64(n), bi[i]/float64(n), re[i], im[i])
			}
		}
	}
}

func TestFFTKernel(t *testing.T) {
	runCases(t, []tcase{
		{Fn: "series_fft", Args: []targ{dyn(`[1, 2, 3, 4]`)}, Want: "[[10.0,-2.0,-2.0,-2.0],[0.0,2.0,0.0,-2.0]]"},
		{Fn: "series_fft", Args: []targ{dyn(`[1, 0, 0, 0]`), dyn(`[0, 0, 0, 0]`)}, Want: "[[1.0,1.0,1.0,1.0],[0.0,0.0,0.0,0.0]]"},
		{Fn: "series_ifft", Args: []targ{dyn(`[4, 0, 0, 0]`)}, Want: "[[1.0,1.0,1.0,1.0],[0.0,0.0,0.0,0.0]]"},
		{Fn: "series_fft", Args: []targ{dyn(`[]`)}, Want: "[[],[]]"},
		{Fn: "series_fft", Args: []targ{dyn(`[1, null]`)}, Want: "[null,null]"},
		{Fn: "series_fft", Args: []targ{dyn(`[1, 2]`), dyn(`[1]`)}, Want: "[null,null]"},
		{Fn: "series_fft", Args: []targ{dyn(`{"a": 1}`)}, Want: "null"},
	})
}

func TestSinCosTurn(t *testing.T) {
	for _, c := range []struct {
		num, den uint64
		s, c     float64
	}{{0, 8, 0, 1}, {1, 4, 1, 0}, {2, 4, 0, -1}, {3, 4, -1, 0}, {1, 8, math.Sqrt2 / 2, math.Sqrt2 / 2}} {
		s, co := sincosTurn(c.num, c.den)
		if math.Abs(s-c.s) > 2e-16 || math.Abs(co-c.c) > 2e-16 {
			t.Errorf("sincosTurn(%d, %d) = %v, %v; want %v, %v", c.num, c.den, s, co, c.s, c.c)
		}
	}
	for num := uint64(0); num < 1000; num++ {
		s, c := sincosTurn(num, 1000)
		ws, wc := math.Sincos(2 * math.Pi * float64(num) / 1000)
		if math.Abs(s-ws) > 1e-15 || math.Abs(c-wc) > 1e-15 {
			t.Fatalf("sincosTurn(%d, 1000) = %v, %v; want %v, %v", num, s, c, ws, wc)
		}
	}
}

func BenchmarkFFT(b *testing.B) {
	for _, n := range []int{1024, 1000} {
		re, im := make([]float64, n), make([]float64, n)
		for i := range re {
			re[i] = float64(i % 17)
		}
		var f fft
		b.Run(map[int]string{1024: "pow2", 1000: "bluestein"}[n], func(b *testing.B) {
			for b.Loop() {
				f.transform(re, im, -1)
			}
		})
	}
}
