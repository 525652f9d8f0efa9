package geoip

import (
	"net/netip"
	"testing"
)

// FuzzLookup opens corrupted databases and looks addresses up in them:
// every failure must be an error, never a panic, a hang or a huge
// allocation.
func FuzzLookup(f *testing.F) {
	seeds := [][]byte{
		cityDB(f, 24), cityDB(f, 28), cityDB(f, 32),
		buildMMDB(f, dbSpec{ipVersion: 4, entries: []entry{{"1.2.3.0/24", map[string]any{"country_code": "FR"}}}}),
		buildMMDB(f, dbSpec{shared: []any{map[string]any{"x": rawPtr(0)}}, entries: []entry{{"1.0.0.0/8", ptr(0)}}}),
		buildMMDB(f, dbSpec{entries: []entry{{"1.0.0.0/8", []any{uint64(1 << 60), int32(-5), true, []byte{1, 2}, float32v(2.5), "s"}}}}),
	}
	for i, s := range seeds {
		f.Add(s, []byte{20, 53, byte(i), 1})
		f.Add(s, netip.MustParseAddr("2a03:2880::1").AsSlice())
	}
	f.Fuzz(func(t *testing.T, buf []byte, ip []byte) {
		db, err := Open(buf)
		if err != nil {
			return
		}
		r := NewReader(db)
		addrs := []netip.Addr{netip.MustParseAddr("1.2.3.4"), netip.MustParseAddr("::1"), netip.MustParseAddr("20.53.1.1")}
		if a, ok := netip.AddrFromSlice(ip); ok {
			addrs = append(addrs, a)
		}
		for _, a := range addrs {
			_, _ = r.Info(a.String())
			_, _ = db.Lookup(a)
		}
		// Decode from every offset of a small data section, as a
		// corrupted tree could point anywhere.
		for off := 0; off < len(db.data) && off < 256; off++ {
			_, _ = db.decodeAt(off)
		}
	})
}
