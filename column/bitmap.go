package column

import "math/bits"

// Bitmap is a dense bit set indexed by row.
type Bitmap []uint64

// NewBitmap returns a bitmap able to hold n bits, all clear.
func NewBitmap(n int) Bitmap { return make(Bitmap, (n+63)/64) }

// Get reports bit i.
func (b Bitmap) Get(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

// Set sets bit i.
func (b Bitmap) Set(i int) { b[i>>6] |= 1 << (uint(i) & 63) }

// Clear clears bit i.
func (b Bitmap) Clear(i int) { b[i>>6] &^= 1 << (uint(i) & 63) }

// Any reports whether any bit is set.
func (b Bitmap) Any() bool {
	for _, w := range b {
		if w != 0 {
			return true
		}
	}
	return false
}

// Count returns the number of set bits.
func (b Bitmap) Count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// Or returns a | c (either may be nil = all clear), sized for n bits.
func Or(a, c Bitmap, n int) Bitmap {
	if a == nil && c == nil {
		return nil
	}
	out := NewBitmap(n)
	copy(out, a)
	for i := range c {
		if i < len(out) {
			out[i] |= c[i]
		}
	}
	return out
}
