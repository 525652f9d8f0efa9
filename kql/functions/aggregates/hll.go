package aggregates

import (
	"math"
	"math/bits"
)

// HyperLogLog with Ertl's improved estimator ("New cardinality estimation
// algorithms for HyperLogLog sketches", 2017), which is unbiased over the
// whole range without empirical correction tables. Registers are one byte
// each, as in Kusto.

// hllPrecision maps dcount's accuracy level (0..4) to log2 of the
// register count, following Kusto's documented table (2^12 .. 2^18).
var hllPrecision = [...]uint8{12, 14, 16, 17, 18}

// exactLimit is how many distinct values a group counts exactly before
// switching to the sketch: Kusto documents exact counts up to 1000
// values at accuracy 1 and 8000 at accuracy 2.
var exactLimit = [...]int{1000, 1000, 8000, 8000, 8000}

func hllAdd(regs []uint8, p uint8, h uint64) {
	idx := h >> (64 - p)
	w := h<<p | 1<<(p-1) // the guard bit caps the rank at 64-p+1
	r := uint8(bits.LeadingZeros64(w)) + 1
	if r > regs[idx] {
		regs[idx] = r
	}
}

func hllEstimate(regs []uint8, p uint8) float64 {
	m := float64(len(regs))
	q := 64 - int(p)
	counts := make([]float64, q+2)
	for _, r := range regs {
		counts[r]++
	}
	z := m * hllTau(1-counts[q+1]/m)
	for k := q; k >= 1; k-- {
		z = 0.5 * (z + counts[k])
	}
	z += m * hllSigma(counts[0]/m)
	return m * m / (2 * math.Ln2) / z
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}
