package exec

import (
	"math/bits"
	"net/netip"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// ipLookupOp is evaluate ipv4_lookup / ipv6_lookup: a join of each input
// row with every lookup row whose range holds the row's address (and
// whose extra keys are equal). The lookup table is read once and indexed
// by prefix length, then the input streams: an address is looked up once
// per distinct prefix length of the table.
//
// Addresses are kept as 16 bytes, IPv4 ones mapped into ::ffff:0:0/96,
// so one index serves both plugins. A value given with a prefix matches
// at the shorter of the two prefixes, as ipv4_is_match compares.
type ipLookupOp struct {
	lookupStream
	n     *plan.IPLookup
	index map[int]map[[16]byte][]int32 // prefix bits -> network -> lookup rows
	lens  []int
}

func (rt *engine) compileIPLookup(n *plan.IPLookup) (operator, error) {
	ls, err := rt.compileLookup(n.Input, n.Lookup, n.OutCols, "ip lookup", func(in, look int) bool {
		return n.Key >= 0 && n.Key < in && n.LookupKey >= 0 && n.LookupKey < look && len(n.ExtraKeys) == len(n.LookupExtraKeys)
	})
	if err != nil {
		return nil, err
	}
	return &ipLookupOp{lookupStream: ls, n: n}, nil
}

func (o *ipLookupOp) schema() types.Schema { return o.n.Out }

func (o *ipLookupOp) build() error {
	look, held, err := o.rt.drainConcat(o.lookOp, "indexing the ip lookup table")
	if err != nil {
		return err
	}
	o.look, o.held = look, held
	o.index = map[int]map[[16]byte][]int32{}
	keys := look.Cols[o.n.LookupKey]
	for i := 0; i < look.N; i++ {
		if keys.IsNull(i) {
			continue
		}
		a, l, ok := parseIPRange(keys.Str(i), o.n.V6)
		if !ok {
			continue
		}
		m := o.index[l]
		if m == nil {
			m = map[[16]byte][]int32{}
			o.index[l] = m
			o.lens = append(o.lens, l)
		}
		m[a] = append(m[a], int32(i))
	}
	return nil
}

func (o *ipLookupOp) next() (*column.Batch, error) { return o.stream(o.build, o.probe) }

// probe joins one input batch with the lookup table.
func (o *ipLookupOp) probe(b *column.Batch) (*column.Batch, error) {
	keys := b.Cols[o.n.Key]
	var pidx, bidx []int32
	for i := 0; i < b.N; i++ {
		matched := false
		if !keys.IsNull(i) {
			if a, l, ok := parseIPRange(keys.Str(i), o.n.V6); ok {
				for _, ll := range o.lens {
					for _, j := range o.candidates(a, l, ll) {
						if o.extraEqual(b, i, j) {
							pidx, bidx = append(pidx, int32(i)), append(bidx, j)
							matched = true
						}
					}
				}
			}
		}
		if !matched && o.n.ReturnUnmatched {
			pidx, bidx = append(pidx, int32(i)), append(bidx, -1)
		}
	}
	cols := make([]*column.Vector, len(o.n.OutCols))
	for k, c := range o.n.OutCols {
		if c.Right {
			cols[k] = column.Take(o.look.Cols[c.Index], bidx)
		} else {
			cols[k] = column.Take(b.Cols[c.Index], pidx)
		}
		v, err := asType(cols[k], o.n.Out[k].Type)
		if err != nil {
			return nil, err
		}
		cols[k] = v
	}
	return &column.Batch{Cols: cols, N: len(pidx)}, nil
}

// candidates are the lookup rows of prefix length ll matching address a
// given with prefix length l.
func (o *ipLookupOp) candidates(a [16]byte, l, ll int) []int32 {
	m := o.index[ll]
	if l >= ll {
		return m[maskIP(a, ll)]
	}
	// The input is the wider range: compare at its prefix.
	var out []int32
	want := maskIP(a, l)
	for net, rows := range m {
		if maskIP(net, l) == want {
			out = append(out, rows...)
		}
	}
	return out
}

func (o *ipLookupOp) extraEqual(b *column.Batch, i int, j int32) bool {
	for k, c := range o.n.ExtraKeys {
		x, y := b.Cols[c], o.look.Cols[o.n.LookupExtraKeys[k]]
		if x.IsNull(i) || y.IsNull(int(j)) {
			return false
		}
		if !column.EqualRows(x, i, y, int(j)) {
			return false
		}
	}
	return true
}

// parseIPRange reads an address, address/prefix or address/netmask into
// a masked 16-byte network and its prefix length in bits of the 16
// bytes. Without v6 only IPv4 text is accepted.
func parseIPRange(s string, v6 bool) ([16]byte, int, bool) {
	s = strings.TrimSpace(s)
	addrText, maskText, hasMask := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addrText)
	if err != nil || a.Zone() != "" {
		return [16]byte{}, 0, false
	}
	if !v6 && !a.Is4() {
		return [16]byte{}, 0, false
	}
	width := 128
	if a.Is4() {
		width = 32
	}
	l := width
	if hasMask {
		n, err := strconv.Atoi(strings.TrimSpace(maskText))
		if err != nil {
			// A dotted netmask (IPv4 only): its leading one bits.
			m, err2 := netip.ParseAddr(strings.TrimSpace(maskText))
			if err2 != nil || !m.Is4() || !a.Is4() {
				return [16]byte{}, 0, false
			}
			mb := m.As4()
			x := uint32(mb[0])<<24 | uint32(mb[1])<<16 | uint32(mb[2])<<8 | uint32(mb[3])
			n = bits.LeadingZeros32(^x)
			if x<<n != 0 {
				return [16]byte{}, 0, false
			}
		}
		if n < 0 || n > width {
			return [16]byte{}, 0, false
		}
		l = n
	}
	if a.Is4() {
		l += 96
	}
	return maskIP(a.As16(), l), l, true
}

// maskIP keeps the first l bits of a.
func maskIP(a [16]byte, l int) [16]byte {
	for i := range a {
		switch {
		case l >= 8:
			l -= 8
		case l <= 0:
			a[i] = 0
		default:
			a[i] &= byte(0xff << (8 - l))
			l = 0
		}
	}
	return a
}
