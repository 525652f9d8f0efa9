package dynamic

import (
	"math"
	"math/bits"

	"github.com/quarryhunt/quarry/kql/value"
)

// Hashing of boxed values. The hash agrees with value.Equal: numbers hash
// by value whatever their width (1, int(1) and 1.0 collide on purpose),
// bag hashes ignore key order, and datetime, timespan, string and guid
// values of equal bits still differ by a type tag. It is deterministic
// across runs so that estimates (dcount) are reproducible.

// Type tags, far apart so that tag+small never meets another tag.
const (
	tagNull     uint64 = 0x243f6a8885a308d3
	tagBool     uint64 = 0x13198a2e03707344
	tagNum      uint64 = 0xa4093822299f31d0
	tagReal     uint64 = 0x082efa98ec4e6c89
	tagDateTime uint64 = 0x452821e638d01377
	tagTimeSpan uint64 = 0xbe5466cf34e90c6c
	tagString   uint64 = 0xc0ac29b7c97c50dd
	tagGUID     uint64 = 0x3f84d5b5b5470917
	tagArray    uint64 = 0x9216d5d98979fb1b
	tagBag      uint64 = 0xd1310ba698dfb5ac
)

// Mix is a 64-bit finalizer (the murmur3/splitmix avalanche): every input
// bit affects every output bit, which HyperLogLog and open addressing
// both rely on.
func Mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// HashInt hashes an integer number (int or long, or a real with an
// integral value).
func HashInt(x int64) uint64 { return Mix(uint64(x) ^ tagNum) }

// HashReal hashes a real so that integral reals equal their integer
// hash, and -0 equals 0 and every NaN equals every other.
func HashReal(f float64) uint64 {
	if f == math.Trunc(f) && f >= -9.2e18 && f <= 9.2e18 {
		return HashInt(int64(f))
	}
	if f != f {
		return Mix(tagReal)
	}
	return Mix(math.Float64bits(f) ^ tagReal)
}

// HashDateTime and HashTimeSpan hash tick counts tagged by type.
func HashDateTime(t int64) uint64 { return Mix(uint64(t) ^ tagDateTime) }

// HashTimeSpan hashes a timespan's ticks.
func HashTimeSpan(t int64) uint64 { return Mix(uint64(t) ^ tagTimeSpan) }

// HashBool hashes a bool.
func HashBool(b bool) uint64 {
	if b {
		return Mix(tagBool + 1)
	}
	return Mix(tagBool)
}

// HashString hashes a string's bytes.
func HashString(s string) uint64 { return hashBytes(s, tagString) }

// HashGUID hashes a guid's canonical text.
func HashGUID(s string) uint64 { return hashBytes(s, tagGUID) }

// hashBytes folds 8 bytes at a time with a multiply-rotate step and
// finishes with Mix; good enough distribution for hash tables and
// cardinality sketches, and allocation-free.
func hashBytes(s string, seed uint64) uint64 {
	h := seed ^ (uint64(len(s)) * 0x87c37b91114253d5)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		h = bits.RotateLeft64(h^(w*0x4cf5ad432745937f), 31) * 0x52dce729
	}
	var w uint64
	for j := 0; i < len(s); i, j = i+1, j+8 {
		w |= uint64(s[i]) << uint(j)
	}
	h = bits.RotateLeft64(h^(w*0x4cf5ad432745937f), 31) * 0x52dce729
	return Mix(h)
}

// Hash hashes a boxed value (see package value) consistently with
// value.Equal.
func Hash(v any) uint64 {
	switch x := v.(type) {
	case nil:
		return Mix(tagNull)
	case bool:
		return HashBool(x)
	case int64:
		return HashInt(x)
	case int32:
		return HashInt(int64(x))
	case int:
		return HashInt(int64(x))
	case float64:
		return HashReal(x)
	case value.Decimal:
		return HashReal(decimalFloat(x))
	case value.DateTime:
		return HashDateTime(int64(x))
	case value.TimeSpan:
		return HashTimeSpan(int64(x))
	case string:
		return HashString(x)
	case value.GUID:
		return HashGUID(string(x))
	case []any:
		h := tagArray ^ uint64(len(x))
		for _, e := range x {
			h = Mix(h*31 + Hash(e))
		}
		return h
	case *value.Bag:
		if x == nil {
			return Mix(tagNull)
		}
		// Sum of per-property hashes: independent of key order, as
		// value.Equal is.
		h := tagBag ^ uint64(x.Len())
		for i, k := range x.Keys {
			h += Mix(HashString(k) ^ bits.RotateLeft64(Hash(x.Values[i]), 17))
		}
		return Mix(h)
	}
	return Mix(tagNull + 99)
}
