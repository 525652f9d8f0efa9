package geoip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// A MaxMind DB file is a binary search tree over address bits, then 16
// zero bytes, then a data section of typed values, then a marker and a
// metadata map (https://maxmind.github.io/MaxMind-DB/). Each tree node
// holds two records (for bit 0 and bit 1) of 24, 28 or 32 bits; a record
// below the node count is the next node, equal to it means "no data",
// and above it points into the data section.

var metadataMarker = []byte("\xab\xcd\xefMaxMind.com")

// metadataWindow is how far from the end of the file the spec allows the
// metadata to start.
const metadataWindow = 128 * 1024

// DB is an opened MaxMind DB file. It is safe for concurrent use.
type DB struct {
	tree       []byte
	data       []byte
	nodeCount  uint32
	recordSize int // bits per record: 24, 28 or 32
	ipVersion  int
	ipv4Start  uint32 // the node reached from ::/96 (IPv4 addresses in an IPv6 tree)
	ipv4Depth  int    // bits consumed reaching ipv4Start (< 96 when the tree ends early)
	// Type is the database_type the file declares (e.g. GeoLite2-City).
	Type string
}

// Open parses a MaxMind DB file held in memory. buf is retained; it must
// not change afterwards.
func Open(buf []byte) (*DB, error) {
	start := max(0, len(buf)-metadataWindow)
	i := bytes.LastIndex(buf[start:], metadataMarker)
	if i < 0 {
		return nil, errors.New("not a MaxMind DB file: no metadata marker near the end")
	}
	markerAt := start + i
	md := &decoder{buf: buf[markerAt+len(metadataMarker):], budget: maxValues}
	mv, _, err := md.decode(0, 0)
	if err != nil {
		return nil, fmt.Errorf("reading the MaxMind DB metadata: %w", err)
	}
	meta, ok := mv.(map[string]any)
	if !ok {
		return nil, errors.New("the MaxMind DB metadata is not a map")
	}
	db := &DB{}
	if major, _ := meta["binary_format_major_version"].(uint64); major != 2 {
		return nil, fmt.Errorf("unsupported MaxMind DB format version %v (only version 2 is known)", meta["binary_format_major_version"])
	}
	nodes, _ := meta["node_count"].(uint64)
	rs, _ := meta["record_size"].(uint64)
	ipv, _ := meta["ip_version"].(uint64)
	db.Type, _ = meta["database_type"].(string)
	if rs != 24 && rs != 28 && rs != 32 {
		return nil, fmt.Errorf("unsupported MaxMind DB record size %d (24, 28 or 32 expected)", rs)
	}
	if ipv != 4 && ipv != 6 {
		return nil, fmt.Errorf("unsupported MaxMind DB ip_version %d (4 or 6 expected)", ipv)
	}
	if nodes == 0 || nodes > 1<<32-1 {
		return nil, fmt.Errorf("invalid MaxMind DB node count %d", nodes)
	}
	treeSize := nodes * rs / 4
	if treeSize+16 > uint64(markerAt) {
		return nil, fmt.Errorf("the MaxMind DB search tree (%d nodes) is larger than the file", nodes)
	}
	db.nodeCount, db.recordSize, db.ipVersion = uint32(nodes), int(rs), int(ipv)
	db.tree = buf[:treeSize]
	db.data = buf[treeSize+16 : markerAt]
	db.ipv4Start, db.ipv4Depth = 0, 0
	if db.ipVersion == 6 {
		node := uint32(0)
		for db.ipv4Depth < 96 && node < db.nodeCount {
			node = db.record(node, 0)
			db.ipv4Depth++
		}
		db.ipv4Start = node
	}
	return db, nil
}

// record returns the left (bit 0) or right (bit 1) record of node; node
// must be below the node count.
func (db *DB) record(node uint32, bit int) uint32 {
	switch db.recordSize {
	case 24:
		b := db.tree[int(node)*6+bit*3:]
		return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	case 28:
		b := db.tree[int(node)*7:]
		if bit == 0 {
			return uint32(b[3]&0xf0)<<20 | uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
		}
		return uint32(b[3]&0x0f)<<24 | uint32(b[4])<<16 | uint32(b[5])<<8 | uint32(b[6])
	}
	return binary.BigEndian.Uint32(db.tree[int(node)*8+bit*4:])
}

// lookup walks the tree for addr and returns the offset of its record in
// the data section, or found=false when the database has none.
func (db *DB) lookup(addr netip.Addr) (off int, found bool, err error) {
	addr = addr.Unmap()
	var ip []byte
	node, depth := uint32(0), 0
	switch {
	case addr.Is4() && db.ipVersion == 6:
		a := addr.As4()
		ip = a[:]
		node = db.ipv4Start
		if db.ipv4Depth < 96 {
			// The tree ended above ::/96: node is already a leaf.
			depth = len(ip) * 8
		}
	case addr.Is4():
		a := addr.As4()
		ip = a[:]
	case db.ipVersion == 4:
		return 0, false, nil // IPv6 addresses are not in an IPv4-only database
	default:
		a := addr.As16()
		ip = a[:]
	}
	for ; depth < len(ip)*8 && node < db.nodeCount; depth++ {
		node = db.record(node, int(ip[depth>>3]>>(7-depth&7)&1))
	}
	switch {
	case node == db.nodeCount:
		return 0, false, nil
	case node < db.nodeCount:
		return 0, false, errors.New("the MaxMind DB search tree is deeper than an address")
	}
	off = int(node-db.nodeCount) - 16
	if off < 0 || off >= len(db.data) {
		return 0, false, corruptf("a tree record points outside the data section")
	}
	return off, true, nil
}

// Lookup returns the decoded record for addr (nil when there is none).
func (db *DB) Lookup(addr netip.Addr) (map[string]any, error) {
	off, found, err := db.lookup(addr)
	if err != nil || !found {
		return nil, err
	}
	return db.decodeAt(off)
}

func (db *DB) decodeAt(off int) (map[string]any, error) {
	d := decoder{buf: db.data, budget: maxValues}
	v, _, err := d.decode(off, 0)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, corruptf("the record at offset %d is a %T, not a map", off, v)
	}
	return m, nil
}
