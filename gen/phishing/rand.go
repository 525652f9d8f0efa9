package phishing

import (
	"math"
	"math/bits"
)

// rng is xoshiro256** seeded through splitmix64. The generator is ours
// (not math/rand) so that a seed means the same output in every Go
// release; the few float helpers below avoid the platform's assembly
// math (math.Log differs in the last bit between amd64 and arm64) and
// use explicit conversions so no multiply-add is fused.
type rng struct{ s0, s1, s2, s3 uint64 }

func newRNG(seed, stream uint64) *rng {
	x := seed ^ (stream * 0x9e3779b97f4a7c15)
	next := func() uint64 {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	return &rng{next(), next(), next(), next()}
}

func rotl(x uint64, k uint) uint64 { return x<<k | x>>(64-k) }

func (r *rng) u64() uint64 {
	out := rotl(r.s1*5, 7) * 9
	t := r.s1 << 17
	r.s2 ^= r.s0
	r.s3 ^= r.s1
	r.s1 ^= r.s2
	r.s0 ^= r.s3
	r.s2 ^= t
	r.s3 = rotl(r.s3, 45)
	return out
}

// intn returns a value in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// int64n returns a value in [0, n).
func (r *rng) int64n(n int64) int64 {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int64(hi)
}

// float returns a value in [0, 1).
func (r *rng) float() float64 { return float64(r.u64()>>11) * (1.0 / (1 << 53)) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// exp returns an exponentially distributed value with the given mean.
func (r *rng) exp(mean float64) float64 {
	u := 1 - r.float() // (0, 1]
	return float64(-ln(u) * mean)
}

// expTicks returns an exponential duration (mean in ticks) capped at max.
func (r *rng) expTicks(mean, max int64) int64 {
	d := int64(r.exp(float64(mean)))
	if d > max {
		d = max
	}
	return d
}

func (r *rng) hex(dst []byte, n int) []byte {
	const digits = "0123456789abcdef"
	var x uint64
	for i := 0; i < n; i++ {
		if i%16 == 0 {
			x = r.u64()
		}
		dst = append(dst, digits[x&15])
		x >>= 4
	}
	return dst
}

func (r *rng) hexString(n int) string { return string(r.hex(make([]byte, 0, n), n)) }

func (r *rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.intn(10))
	}
	if n > 1 && b[0] == '0' {
		b[0] = byte('1' + r.intn(9))
	}
	return string(b)
}

func (r *rng) alnum(n int) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[r.intn(len(chars))]
	}
	return string(b)
}

func (r *rng) lower(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[r.intn(len(chars))]
	}
	return string(b)
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// choice is one option of a weighted pick.
type choice[T any] struct {
	w float64
	v T
}

// pickW picks by weight (the weights need not sum to one).
func pickW[T any](r *rng, cs []choice[T]) T {
	total := 0.0
	for _, c := range cs {
		total += c.w
	}
	x := float64(r.float() * total)
	for _, c := range cs {
		if x < c.w {
			return c.v
		}
		x -= c.w
	}
	return cs[len(cs)-1].v
}

// ln is the natural logarithm for x > 0, computed with basic operations
// only (so every platform rounds alike): x = m·2^e with m near 1, then
// ln m = 2·atanh(s), s = (m-1)/(m+1), by its series.
func ln(x float64) float64 {
	m, e := math.Frexp(x) // m in [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	s := float64((m - 1) / (m + 1))
	s2 := float64(s * s)
	sum, term := 0.0, s
	for k := 1; k <= 19; k += 2 {
		sum = float64(sum + float64(term/float64(k)))
		term = float64(term * s2)
	}
	return float64(float64(2*sum) + float64(float64(e)*math.Ln2))
}
