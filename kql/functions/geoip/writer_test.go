package geoip

import (
	"encoding/binary"
	"math"
	"net/netip"
	"sort"
	"testing"
)

// A minimal MaxMind DB writer, for tests: enough of the format to build
// small databases with chosen record sizes, IP versions and pointers.

type entry struct {
	prefix string // CIDR; IPv4 prefixes go under ::/96 in an IPv6 tree
	rec    any
}

type dbSpec struct {
	recordSize int    // 24, 28 or 32 (default 24)
	ipVersion  int    // 4 or 6 (default 6)
	dbType     string // database_type (default "Test-City")
	entries    []entry
	// shared values are encoded first in the data section; a ptr(i)
	// inside a record refers to the i-th of them.
	shared []any
}

// ptr is a pointer to the i-th shared value.
type ptr int

// rawPtr is a pointer to an arbitrary data-section offset.
type rawPtr int

// float32v encodes as a 4-byte float.
type float32v float32

type tnode struct{ rec [2]uint64 } // rec: 0 = empty, 1+i = node i, or data flag

const dataFlag = 1 << 40

func buildMMDB(t testing.TB, s dbSpec) []byte {
	t.Helper()
	if s.recordSize == 0 {
		s.recordSize = 24
	}
	if s.ipVersion == 0 {
		s.ipVersion = 6
	}
	if s.dbType == "" {
		s.dbType = "Test-City"
	}
	var data []byte
	sharedOff := make([]int, len(s.shared))
	for i, v := range s.shared {
		sharedOff[i] = len(data)
		data = encodeValue(data, v, sharedOff)
	}
	nodes := []tnode{{}}
	for _, e := range s.entries {
		p := netip.MustParsePrefix(e.prefix)
		off := len(data)
		data = encodeValue(data, e.rec, sharedOff)
		var bits []byte
		n := p.Bits()
		switch {
		case p.Addr().Is4() && s.ipVersion == 6:
			a := p.Addr().As16()
			a[10], a[11] = 0, 0 // ::a.b.c.d, not ::ffff:a.b.c.d
			bits, n = a[:], n+96
		case p.Addr().Is4():
			a := p.Addr().As4()
			bits = a[:]
		default:
			a := p.Addr().As16()
			bits = a[:]
		}
		node := 0
		for i := 0; i < n; i++ {
			b := bits[i/8] >> (7 - i%8) & 1
			if i == n-1 {
				nodes[node].rec[b] = dataFlag | uint64(off)
				break
			}
			if r := nodes[node].rec[b]; r != 0 && r&dataFlag == 0 {
				node = int(r - 1)
				continue
			}
			nodes = append(nodes, tnode{})
			nodes[node].rec[b] = uint64(len(nodes))
			node = len(nodes) - 1
		}
	}
	count := uint64(len(nodes))
	var tree []byte
	for _, nd := range nodes {
		var r [2]uint64
		for i, x := range nd.rec {
			switch {
			case x == 0:
				r[i] = count
			case x&dataFlag != 0:
				r[i] = count + 16 + (x &^ dataFlag)
			default:
				r[i] = x - 1
			}
		}
		switch s.recordSize {
		case 24:
			tree = append(tree, byte(r[0]>>16), byte(r[0]>>8), byte(r[0]), byte(r[1]>>16), byte(r[1]>>8), byte(r[1]))
		case 28:
			tree = append(tree, byte(r[0]>>16), byte(r[0]>>8), byte(r[0]),
				byte(r[0]>>24&0x0f)<<4|byte(r[1]>>24&0x0f), byte(r[1]>>16), byte(r[1]>>8), byte(r[1]))
		case 32:
			tree = binary.BigEndian.AppendUint32(tree, uint32(r[0]))
			tree = binary.BigEndian.AppendUint32(tree, uint32(r[1]))
		}
	}
	out := append(tree, make([]byte, 16)...)
	out = append(out, data...)
	out = append(out, metadataMarker...)
	meta := map[string]any{
		"binary_format_major_version": uint16(2),
		"binary_format_minor_version": uint16(0),
		"node_count":                  uint32(count),
		"record_size":                 uint16(s.recordSize),
		"ip_version":                  uint16(s.ipVersion),
		"database_type":               s.dbType,
		"languages":                   []any{"en"},
		"build_epoch":                 uint64(1700000000),
	}
	return encodeValue(out, meta, nil)
}

func encodeValue(dst []byte, v any, shared []int) []byte {
	switch x := v.(type) {
	case ptr:
		return appendPointer(dst, shared[x])
	case rawPtr:
		return appendPointer(dst, int(x))
	case string:
		return append(appendHeader(dst, typeString, len(x)), x...)
	case []byte:
		return append(appendHeader(dst, typeBytes, len(x)), x...)
	case float64:
		return binary.BigEndian.AppendUint64(appendHeader(dst, typeDouble, 8), math.Float64bits(x))
	case float32v:
		return binary.BigEndian.AppendUint32(appendHeader(dst, typeFloat, 4), math.Float32bits(float32(x)))
	case bool:
		n := 0
		if x {
			n = 1
		}
		return appendHeader(dst, typeBool, n)
	case uint16:
		return appendUint(dst, typeUint16, uint64(x))
	case uint32:
		return appendUint(dst, typeUint32, uint64(x))
	case uint64:
		return appendUint(dst, typeUint64, x)
	case int32:
		return appendUint(dst, typeInt32, uint64(uint32(x)))
	case []any:
		dst = appendHeader(dst, typeArray, len(x))
		for _, e := range x {
			dst = encodeValue(dst, e, shared)
		}
		return dst
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = appendHeader(dst, typeMap, len(keys))
		for _, k := range keys {
			dst = encodeValue(dst, k, shared)
			dst = encodeValue(dst, x[k], shared)
		}
		return dst
	}
	panic("encodeValue: unsupported type")
}

func appendUint(dst []byte, typ int, u uint64) []byte {
	var b []byte
	for u > 0 {
		b = append([]byte{byte(u)}, b...)
		u >>= 8
	}
	return append(appendHeader(dst, typ, len(b)), b...)
}

func appendHeader(dst []byte, typ, size int) []byte {
	ctrl := byte(typ) << 5
	if typ > 7 {
		ctrl = 0
	}
	var extra []byte
	switch {
	case size < 29:
		ctrl |= byte(size)
	case size < 285:
		ctrl |= 29
		extra = []byte{byte(size - 29)}
	case size < 65821:
		ctrl |= 30
		s := size - 285
		extra = []byte{byte(s >> 8), byte(s)}
	default:
		ctrl |= 31
		s := size - 65821
		extra = []byte{byte(s >> 16), byte(s >> 8), byte(s)}
	}
	dst = append(dst, ctrl)
	if typ > 7 {
		dst = append(dst, byte(typ-7))
	}
	return append(dst, extra...)
}

func appendPointer(dst []byte, p int) []byte {
	switch {
	case p < 2048:
		return append(dst, 1<<5|byte(p>>8), byte(p))
	case p < 526336:
		q := p - 2048
		return append(dst, 1<<5|1<<3|byte(q>>16), byte(q>>8), byte(q))
	case p < 134744064:
		q := p - 526336
		return append(dst, 1<<5|2<<3|byte(q>>24), byte(q>>16), byte(q>>8), byte(q))
	}
	return binary.BigEndian.AppendUint32(append(dst, 1<<5|3<<3), uint32(p))
}
