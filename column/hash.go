package column

import (
	"hash/maphash"
	"math"
	"strconv"
	"unsafe"

	"github.com/quarryhunt/quarry/kql/value"
)

// Hashes are only compared within one process (hash tables of one
// query), so a per-process random seed is fine and defeats crafted
// collisions.
var hashSeed = maphash.MakeSeed()

const nullHash uint64 = 0x9ae16a3b2f90404f

// mix64 is a strong 64-bit finaliser (murmur3 fmix64).
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func combine(h, x uint64) uint64 {
	return (h^x)*0x100000001b3 + (h >> 29)
}

// HashString hashes a string as HashInto does for string vectors.
func HashString(s string) uint64 { return maphash.String(hashSeed, s) }

// HashInt hashes an integer as HashInto does for int-stored vectors.
func HashInt(x int64) uint64 { return mix64(uint64(x)) }

// HashReal hashes a real so that 0 and -0 (and every NaN) agree.
func HashReal(x float64) uint64 {
	if x == 0 {
		return mix64(0)
	}
	if x != x {
		return mix64(0x7ff8000000000001)
	}
	return mix64(math.Float64bits(x))
}

// HashDec hashes a decimal; its canonical form makes equal values hash
// alike.
func HashDec(x value.Dec) uint64 {
	h := mix64(x.Lo ^ uint64(x.Scale)<<56)
	h = combine(h, mix64(x.Hi))
	if x.Neg {
		h = ^h
	}
	return h
}

// HashInto hashes every row of v into h (len(h) >= v.Len()). With first
// set the hash replaces h[i]; otherwise it is combined into it, so that
// hashing several key columns in turn hashes the whole key. Equal values
// of equal storage hash alike; nulls hash to a fixed value. The type
// switch happens once per call, dictionary strings hash each distinct
// value once.
func HashInto(v *Vector, h []uint64, first bool) {
	n := v.n
	h = h[:n]
	if v.konst {
		x := hashRow(v, 0)
		for i := range h {
			if first {
				h[i] = x
			} else {
				h[i] = combine(h[i], x)
			}
		}
		return
	}
	// Nulls must hash alike whatever their slot holds, so remember the
	// incoming hash of null rows before the slots are mixed in.
	var nullRows []int32
	var nullPrev []uint64
	if v.nulls != nil && !first {
		for i := 0; i < n; i++ {
			if v.nulls.Get(i) {
				nullRows = append(nullRows, int32(i))
				nullPrev = append(nullPrev, h[i])
			}
		}
	}
	switch storageOf(v.Type) {
	case storeBool:
		for i, b := range v.Bools[:n] {
			x := mix64(0x51)
			if b {
				x = mix64(0x52)
			}
			put(h, i, x, first)
		}
	case storeInt:
		if first {
			for i, x := range v.Ints[:n] {
				h[i] = mix64(uint64(x))
			}
		} else {
			for i, x := range v.Ints[:n] {
				h[i] = combine(h[i], mix64(uint64(x)))
			}
		}
	case storeReal:
		for i, x := range v.Reals[:n] {
			put(h, i, HashReal(x), first)
		}
	case storeDec:
		for i, x := range v.Decs[:n] {
			put(h, i, HashDec(x), first)
		}
	case storeStr:
		s := v.Strs
		// Hash per distinct value when the dictionary is no larger than
		// the batch (a file-wide dictionary may hold far more values
		// than one batch uses).
		if s.Dict != nil && s.Dict.Len() <= n {
			dh := make([]uint64, s.Dict.Len())
			for k := range dh {
				dh[k] = maphash.String(hashSeed, s.Dict.At(k))
			}
			for i, c := range s.Codes[:n] {
				put(h, i, dh[c], first)
			}
		} else if s.Dict == nil {
			// Straight off the arena: no per-row dictionary test or
			// bounds checks beyond the offsets.
			offs, data := s.Offs[:n+1], s.Data
			for i := range h {
				lo, hi := offs[i], offs[i+1]
				x := maphash.String(hashSeed, unsafe.String(unsafe.SliceData(data[lo:hi]), hi-lo))
				if first {
					h[i] = x
				} else {
					h[i] = combine(h[i], x)
				}
			}
		} else {
			for i := 0; i < n; i++ {
				put(h, i, maphash.String(hashSeed, s.At(i)), first)
			}
		}
	case storeDyn:
		for i, x := range v.Dyns[:n] {
			put(h, i, HashValue(x), first)
		}
	}
	if v.nulls != nil {
		if first {
			for i := 0; i < n; i++ {
				if v.nulls.Get(i) {
					h[i] = nullHash
				}
			}
		} else {
			for k, i := range nullRows {
				h[i] = combine(nullPrev[k], nullHash)
			}
		}
	}
}

func put(h []uint64, i int, x uint64, first bool) {
	if first {
		h[i] = x
	} else {
		h[i] = combine(h[i], x)
	}
}

func hashRow(v *Vector, i int) uint64 {
	if v.IsNull(i) {
		return nullHash
	}
	switch storageOf(v.Type) {
	case storeBool:
		if v.Bool(i) {
			return mix64(0x52)
		}
		return mix64(0x51)
	case storeInt:
		return mix64(uint64(v.Int(i)))
	case storeReal:
		return HashReal(v.Real(i))
	case storeDec:
		return HashDec(v.Dec(i))
	case storeStr:
		return maphash.String(hashSeed, v.Str(i))
	case storeDyn:
		return HashValue(v.Dyn(i))
	}
	return 0
}

// HashValue hashes a boxed value (a dynamic tree) consistently with
// EqualValues.
func HashValue(x any) uint64 {
	switch y := x.(type) {
	case nil:
		return nullHash
	case bool:
		if y {
			return mix64(0x52)
		}
		return mix64(0x51)
	case int32:
		return mix64(uint64(int64(y)))
	case int64:
		return mix64(uint64(y))
	case float64:
		// Numbers equal by value whatever their width (value.Equal), so
		// an integral real hashes as the integer.
		if y == math.Trunc(y) && y >= -9.2e18 && y <= 9.2e18 {
			return mix64(uint64(int64(y)))
		}
		return HashReal(y)
	case value.Decimal:
		if f, err := strconv.ParseFloat(string(y), 64); err == nil {
			return HashValue(f)
		}
		return maphash.String(hashSeed, string(y)) ^ 0xdc
	case string:
		return maphash.String(hashSeed, y)
	case value.DateTime:
		return mix64(uint64(y) ^ 0xd7)
	case value.TimeSpan:
		return mix64(uint64(y) ^ 0x75)
	case value.GUID:
		return maphash.String(hashSeed, string(y)) ^ 0x6d
	case []any:
		h := uint64(0xa11a7)
		for _, e := range y {
			h = combine(h, HashValue(e))
		}
		return mix64(h)
	case *value.Bag:
		// Bags equal whatever their key order: sum per-property hashes.
		h := uint64(0xba9)
		for k, key := range y.Keys {
			h += mix64(combine(maphash.String(hashSeed, key), HashValue(y.Values[k])))
		}
		return mix64(h)
	}
	return 0
}

// EqualValues reports whether two boxed values are the same dynamic
// value (value.Equal: numbers by value whatever their width, bags whatever
// their key order). Two nulls are equal here: callers that need
// SQL-style null semantics check nulls first.
func EqualValues(a, b any) bool { return value.Equal(a, b) }
