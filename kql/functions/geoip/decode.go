package geoip

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The MaxMind DB data section: each value starts with a control byte
// whose top three bits are its type (0 = "extended": the type is 7 plus
// the next byte) and whose low five bits are its size, with 29..31
// meaning that one to three more bytes hold a larger size. Pointers
// (type 1) carry their own size encoding and refer to another value by
// its offset from the start of the section.

const (
	typeExtended = 0
	typePointer  = 1
	typeString   = 2
	typeDouble   = 3
	typeBytes    = 4
	typeUint16   = 5
	typeUint32   = 6
	typeMap      = 7
	typeInt32    = 8
	typeUint64   = 9
	typeUint128  = 10
	typeArray    = 11
	typeBool     = 14
	typeFloat    = 15
)

// Limits that keep a corrupted or hostile file from costing more than a
// bounded amount of time and memory: nesting depth, and the number of
// values one decode may produce (pointers can make a small file describe
// an exponentially large tree).
const (
	maxDepth  = 32
	maxValues = 1 << 16
)

var errCorrupt = errors.New("the MaxMind DB data section is corrupt")

// decoder reads values from one section; pointers are offsets into buf.
type decoder struct {
	buf    []byte
	budget int
}

func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errCorrupt}, args...)...)
}

// decode returns the value at off as Go values: string, float64, []byte,
// uint64, int64, bool, map[string]any, []any (a uint128 becomes its 16
// big-endian bytes). It also returns the offset just after the value.
func (d *decoder) decode(off int, depth int) (any, int, error) {
	if depth > maxDepth {
		return nil, 0, corruptf("values nested more than %d deep", maxDepth)
	}
	if d.budget--; d.budget < 0 {
		return nil, 0, corruptf("a record holds more than %d values", maxValues)
	}
	typ, size, off, err := d.header(off)
	if err != nil {
		return nil, 0, err
	}
	if typ == typePointer {
		// A pointer's target is decoded in place; reading then goes on
		// after the pointer itself. The spec forbids pointers to pointers.
		if t, _, _, err := d.header(size); err != nil {
			return nil, 0, err
		} else if t == typePointer {
			return nil, 0, corruptf("pointer to a pointer at offset %d", size)
		}
		v, _, err := d.decode(size, depth+1)
		return v, off, err
	}
	return d.decodeBody(typ, size, off, depth)
}

// header reads a control byte and its size bytes. For a pointer, size is
// the target offset.
func (d *decoder) header(off int) (typ, size, next int, err error) {
	b, err := d.bytes(off, 1)
	if err != nil {
		return 0, 0, 0, err
	}
	ctrl := b[0]
	off++
	typ = int(ctrl >> 5)
	if typ == typePointer {
		return d.pointer(ctrl, off)
	}
	if typ == typeExtended {
		b, err := d.bytes(off, 1)
		if err != nil {
			return 0, 0, 0, err
		}
		typ = 7 + int(b[0])
		off++
		if typ < typeInt32 {
			return 0, 0, 0, corruptf("extended type %d at offset %d", typ, off-2)
		}
	}
	size = int(ctrl & 0x1f)
	if size >= 29 {
		n := size - 28
		b, err := d.bytes(off, n)
		if err != nil {
			return 0, 0, 0, err
		}
		off += n
		switch n {
		case 1:
			size = 29 + int(b[0])
		case 2:
			size = 285 + int(b[0])<<8 | int(b[1])
		default:
			size = 65821 + (int(b[0])<<16 | int(b[1])<<8 | int(b[2]))
		}
	}
	return typ, size, off, nil
}

func (d *decoder) pointer(ctrl byte, off int) (typ, target, next int, err error) {
	n := int(ctrl>>3&3) + 1
	b, err := d.bytes(off, n)
	if err != nil {
		return 0, 0, 0, err
	}
	v := int(ctrl & 7)
	var p int
	switch n {
	case 1:
		p = v<<8 | int(b[0])
	case 2:
		p = (v<<16 | int(b[0])<<8 | int(b[1])) + 2048
	case 3:
		p = (v<<24 | int(b[0])<<16 | int(b[1])<<8 | int(b[2])) + 526336
	default:
		p = int(binary.BigEndian.Uint32(b))
	}
	if p >= len(d.buf) {
		return 0, 0, 0, corruptf("pointer to offset %d past the end (%d bytes)", p, len(d.buf))
	}
	return typePointer, p, off + n, nil
}

func (d *decoder) bytes(off, n int) ([]byte, error) {
	if off < 0 || n < 0 || off > len(d.buf) || n > len(d.buf)-off {
		return nil, corruptf("a value at offset %d runs past the end", off)
	}
	return d.buf[off : off+n], nil
}

func (d *decoder) decodeBody(typ, size, off, depth int) (any, int, error) {
	switch typ {
	case typeString:
		b, err := d.bytes(off, size)
		return string(b), off + size, err
	case typeBytes:
		b, err := d.bytes(off, size)
		return append([]byte(nil), b...), off + size, err
	case typeDouble, typeFloat:
		want := 8
		if typ == typeFloat {
			want = 4
		}
		if size != want {
			return nil, 0, corruptf("a %d-byte float at offset %d", size, off)
		}
		b, err := d.bytes(off, size)
		if err != nil {
			return nil, 0, err
		}
		if typ == typeFloat {
			return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), off + 4, nil
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), off + 8, nil
	case typeUint16, typeUint32, typeUint64, typeInt32:
		limit := 4
		switch typ {
		case typeUint16:
			limit = 2
		case typeUint64:
			limit = 8
		}
		if size > limit {
			return nil, 0, corruptf("a %d-byte integer of type %d at offset %d", size, typ, off)
		}
		b, err := d.bytes(off, size)
		if err != nil {
			return nil, 0, err
		}
		var u uint64
		for _, c := range b {
			u = u<<8 | uint64(c)
		}
		if typ == typeInt32 {
			return int64(int32(uint32(u))), off + size, nil
		}
		return u, off + size, nil
	case typeUint128:
		if size > 16 {
			return nil, 0, corruptf("a %d-byte uint128 at offset %d", size, off)
		}
		b, err := d.bytes(off, size)
		if err != nil {
			return nil, 0, err
		}
		out := make([]byte, 16)
		copy(out[16-size:], b)
		return out, off + size, nil
	case typeBool:
		if size > 1 {
			return nil, 0, corruptf("a boolean of size %d at offset %d", size, off)
		}
		return size == 1, off, nil
	case typeMap:
		return d.decodeMap(size, off, depth)
	case typeArray:
		// Every element takes at least one byte and one unit of budget:
		// checking first bounds the allocation.
		if size > len(d.buf)-off || size > d.budget {
			return nil, 0, corruptf("an array of %d values at offset %d is larger than the file allows", size, off)
		}
		out := make([]any, size)
		for i := range out {
			v, next, err := d.decode(off, depth+1)
			if err != nil {
				return nil, 0, err
			}
			out[i], off = v, next
		}
		return out, off, nil
	}
	return nil, 0, corruptf("unexpected value type %d at offset %d", typ, off)
}

func (d *decoder) decodeMap(size, off, depth int) (any, int, error) {
	if size > (len(d.buf)-off)/2 || 2*size > d.budget {
		return nil, 0, corruptf("a map of %d entries at offset %d is larger than the file allows", size, off)
	}
	out := make(map[string]any, size)
	for range size {
		k, next, err := d.decode(off, depth+1)
		if err != nil {
			return nil, 0, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, 0, corruptf("a map key at offset %d is not a string", off)
		}
		v, next, err := d.decode(next, depth+1)
		if err != nil {
			return nil, 0, err
		}
		out[key], off = v, next
	}
	return out, off, nil
}
