package column

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"unsafe"
)

// strSeed keys the string hash per process (see hashSeed).
var strSeed = maphash.String(hashSeed, "quarry")

const (
	wyp0 = 0xa0761d6478bd642f
	wyp1 = 0xe7037ed1a0b428db
	wyp2 = 0x8ebc6af09c88c6e3
)

func wymix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// strHash hashes a string with the wyhash construction: a few
// multiply-folds over 8-byte loads, inlined in the callers' loops, where
// a call into the runtime's hash costs more than the hashing for the
// short keys (ids, names, addresses) that joins and groups see most.
func strHash(s string) uint64 {
	n := len(s)
	seed := strSeed ^ wyp0
	var a, b uint64
	switch {
	case n == 0:
	case n < 4:
		a = uint64(s[0])<<16 | uint64(s[n>>1])<<8 | uint64(s[n-1])
	case n <= 16:
		p := unsafe.Slice(unsafe.StringData(s), n)
		q := (n >> 3) << 2
		a = uint64(binary.LittleEndian.Uint32(p))<<32 | uint64(binary.LittleEndian.Uint32(p[q:]))
		b = uint64(binary.LittleEndian.Uint32(p[n-4:]))<<32 | uint64(binary.LittleEndian.Uint32(p[n-4-q:]))
	default:
		p := unsafe.Slice(unsafe.StringData(s), n)
		i := 0
		if n > 48 {
			s1, s2 := seed, seed
			for ; n-i > 48; i += 48 {
				seed = wymix(binary.LittleEndian.Uint64(p[i:])^wyp1, binary.LittleEndian.Uint64(p[i+8:])^seed)
				s1 = wymix(binary.LittleEndian.Uint64(p[i+16:])^wyp2, binary.LittleEndian.Uint64(p[i+24:])^s1)
				s2 = wymix(binary.LittleEndian.Uint64(p[i+32:])^wyp0, binary.LittleEndian.Uint64(p[i+40:])^s2)
			}
			seed ^= s1 ^ s2
		}
		for ; n-i > 16; i += 16 {
			seed = wymix(binary.LittleEndian.Uint64(p[i:])^wyp1, binary.LittleEndian.Uint64(p[i+8:])^seed)
		}
		a = binary.LittleEndian.Uint64(p[n-16:])
		b = binary.LittleEndian.Uint64(p[n-8:])
	}
	return wymix(wyp1^uint64(n), wymix(a^wyp1, b^seed))
}
