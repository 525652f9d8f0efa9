package text

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math/bits"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Hash functions. hash() and hash_xxhash64() are xxHash64 (seed 0) of the
// value's bytes: a string's UTF-8 bytes, or the 8 little-endian bytes of a
// datetime's ticks; both match the documented examples. hash_sha256,
// hash_sha1 and hash_md5 hash the value's text: a string itself, a
// datetime in ISO 8601 with seven fraction digits (which matches the
// documented example). Types whose encoding Kusto does not document are
// refused at bind time rather than hashed differently from Kusto.
// hash_combine and hash_many are not provided: their combining function is
// not documented.

func init() {
	functions.Register(
		&functions.Func{Name: "hash", Kind: functions.Scalar, Sig: "hash(source, [mod: long]): long",
			Doc:  "The xxHash64 of a string, long, datetime or timespan, optionally modulo mod (0 to mod-1).",
			Bind: bindXXHash("hash")},
		&functions.Func{Name: "hash_xxhash64", Kind: functions.Scalar, Sig: "hash_xxhash64(source, [mod: long]): long",
			Doc:  "The xxHash64 of a string, long, datetime or timespan, optionally modulo mod (0 to mod-1).",
			Bind: bindXXHash("hash_xxhash64")},
		&functions.Func{Name: "hash_sha256", Kind: functions.Scalar, Sig: "hash_sha256(source): string",
			Doc: "The SHA-256 of a value's text, as lower-case hex.", Bind: bindDigest("hash_sha256", sha256.New)},
		&functions.Func{Name: "hash_sha1", Kind: functions.Scalar, Sig: "hash_sha1(source): string",
			Doc: "The SHA-1 of a value's text, as lower-case hex.", Bind: bindDigest("hash_sha1", sha1.New)},
		&functions.Func{Name: "hash_md5", Kind: functions.Scalar, Sig: "hash_md5(source): string",
			Doc: "The MD5 of a value's text, as lower-case hex.", Bind: bindDigest("hash_md5", md5.New)},
	)
}

func unsupportedHash(name string, t types.Type) error {
	return fmt.Errorf("function '%s' of a %s value is not supported: Kusto does not document how it encodes that type, so the hash could differ from Kusto's; hash tostring(value) instead", name, t)
}

func bindXXHash(name string) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := check(name, []param{p("source", kNotDyn), opt("mod", kInt)}, false, 0, args)
		if err != nil {
			return nil, err
		}
		switch t := args[0].Type; t {
		case types.String, types.Long, types.DateTime, types.TimeSpan, types.Unknown:
		default:
			return nil, unsupportedHash(name, t)
		}
		return &functions.Bound{Type: types.Long, ArgTypes: ts, Eval: xxhashKernel}, nil
	}
}

func xxhashKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	v := a[0]
	// With a modulus the 64-bit hash is taken as unsigned, so the
	// result is always in 0..mod-1.
	mod := func(h int64, i int) (int64, bool) {
		if len(a) < 2 {
			return h, true
		}
		m, ok := functions.IntAt(a[1], i)
		if !ok || m <= 0 {
			return 0, false
		}
		return int64(uint64(h) % uint64(m)), true
	}
	if v.Type == types.String {
		if len(a) < 2 || a[1].IsConst() {
			return functions.MapStrInt(types.Long, v, n, func(s string) (int64, bool) {
				return mod(int64(XXHash64([]byte(s), 0)), 0)
			}), nil
		}
		return functions.FillRows(types.Long, n, func(i int) (int64, bool) {
			return mod(int64(XXHash64([]byte(v.Str(i)), 0)), i)
		}), nil
	}
	var b [8]byte
	return functions.FillRows(types.Long, n, func(i int) (int64, bool) {
		if v.IsNull(i) {
			return 0, false
		}
		binary.LittleEndian.PutUint64(b[:], uint64(v.Int(i)))
		return mod(int64(XXHash64(b[:], 0)), i)
	}), nil
}

func bindDigest(name string, h func() hash.Hash) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if err := functions.CheckCount(name, args, 1, 1); err != nil {
			return nil, err
		}
		t := args[0].Type
		switch t {
		case types.String, types.Int, types.Long, types.DateTime, types.TimeSpan, types.Guid, types.Unknown:
		default:
			return nil, unsupportedHash(name, t)
		}
		return &functions.Bound{Type: types.String, ArgTypes: []types.Type{t}, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			v := a[0]
			hh := h()
			digest := func(dst []byte, text []byte) []byte {
				hh.Reset()
				hh.Write(text)
				var sum [64]byte
				return hex.AppendEncode(dst, hh.Sum(sum[:0]))
			}
			if v.Type == types.String {
				return functions.MapStrStr(v, n, func(dst []byte, s string) []byte { return digest(dst, []byte(s)) }), nil
			}
			var buf []byte
			return functions.FillStrs(n, func(dst []byte, i int) []byte {
				if v.IsNull(i) {
					return dst
				}
				buf = buf[:0]
				switch v.Type {
				case types.DateTime:
					buf = append(buf, RoundTripDateTime(value.DateTime(v.Int(i)))...)
				case types.TimeSpan:
					buf = value.AppendTimeSpan(buf, value.TimeSpan(v.Int(i)))
				case types.Guid:
					buf = append(buf, v.Str(i)...)
				default:
					buf = strconv.AppendInt(buf, v.Int(i), 10)
				}
				return digest(dst, buf)
			}), nil
		}}, nil
	}
}

// xxHash64 primes (from the xxHash specification).
const (
	xxP1 uint64 = 0x9E3779B185EBCA87
	xxP2 uint64 = 0xC2B2AE3D27D4EB4F
	xxP3 uint64 = 0x165667B19E3779F9
	xxP4 uint64 = 0x85EBCA77C2B2AE63
	xxP5 uint64 = 0x27D4EB2F165667C5
)

func xxRound(acc, in uint64) uint64 { return bits.RotateLeft64(acc+in*xxP2, 31) * xxP1 }
func xxMerge(acc, v uint64) uint64  { return (acc^xxRound(0, v))*xxP1 + xxP4 }

// XXHash64 is the 64-bit xxHash of b with a seed.
func XXHash64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		v1, v2, v3, v4 := seed+xxP1+xxP2, seed+xxP2, seed, seed-xxP1
		for len(b) >= 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = seed + xxP5
	}
	h += uint64(n)
	for len(b) >= 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
		b = b[8:]
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}
