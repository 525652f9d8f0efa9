// Package network registers Kusto's IPv4 and IPv6 functions: parsing,
// formatting, comparison, range checks and IP text search. Addresses
// that do not parse give null (or false / "" where Kusto documents so),
// never an error.
package network

import (
	"encoding/binary"
	"net/netip"
	"strings"
)

// parseIPv4 reads "a.b.c.d" with an optional "/prefix" (0-32). It
// returns the address masked to the prefix and the prefix (32 when
// absent). Octets are decimal, 1 to 3 digits, at most 255.
func parseIPv4(s string) (addr uint32, prefix int, ok bool) {
	ip, rest, ok := scanIPv4(s)
	if !ok {
		return 0, 0, false
	}
	prefix = 32
	if rest != "" {
		if prefix, ok = parsePrefix(rest, 32); !ok {
			return 0, 0, false
		}
	}
	return ip & mask4(prefix), prefix, true
}

// scanIPv4 reads a dotted quad at the start of s and returns the rest.
func scanIPv4(s string) (uint32, string, bool) {
	var ip uint32
	i := 0
	for part := 0; part < 4; part++ {
		if part > 0 {
			if i >= len(s) || s[i] != '.' {
				return 0, "", false
			}
			i++
		}
		start, v := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 4 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		if i == start || i-start > 3 || v > 255 {
			return 0, "", false
		}
		ip = ip<<8 | uint32(v)
	}
	return ip, s[i:], true
}

// parsePrefix reads "/n" with 0 <= n <= max.
func parsePrefix(s string, max int) (int, bool) {
	if len(s) < 2 || len(s) > 4 || s[0] != '/' {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s[1:]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= max
}

func mask4(prefix int) uint32 {
	if prefix <= 0 {
		return 0
	}
	return ^uint32(0) << uint(32-prefix)
}

// formatIPv4 appends the dotted form of ip.
func formatIPv4(dst []byte, ip uint32) []byte {
	for k := 3; k >= 0; k-- {
		dst = appendUint(dst, uint64(ip>>(uint(k)*8)&0xff))
		if k > 0 {
			dst = append(dst, '.')
		}
	}
	return dst
}

func appendUint(dst []byte, v uint64) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// ip6 is a 128-bit address, high half first, so that comparing halves
// compares addresses.
type ip6 struct{ hi, lo uint64 }

func (a ip6) mask(prefix int) ip6 {
	switch {
	case prefix <= 0:
		return ip6{}
	case prefix < 64:
		return ip6{hi: a.hi & (^uint64(0) << uint(64-prefix))}
	case prefix < 128:
		return ip6{hi: a.hi, lo: a.lo & (^uint64(0) << uint(128-prefix))}
	}
	return a
}

func (a ip6) compare(b ip6) int {
	switch {
	case a.hi < b.hi, a.hi == b.hi && a.lo < b.lo:
		return -1
	case a == b:
		return 0
	}
	return 1
}

// mapped4 is the IPv4-mapped IPv6 form ::ffff:a.b.c.d.
func mapped4(ip uint32) ip6 { return ip6{lo: 0xffff<<32 | uint64(ip)} }

// parseIPv6 reads an IPv6 or IPv4 address with an optional prefix and
// returns it masked, with its prefix in IPv6 bits. IPv4 addresses, and
// IPv6 forms ending in a dotted quad (such as ::192.168.1.1), are taken
// as IPv4-mapped addresses whose prefix counts IPv4 bits (plus 96), as
// Kusto's documented examples show.
func parseIPv6(s string) (ip6, int, bool) {
	if ip, prefix, ok := parseIPv4(s); ok {
		return mapped4(ip), prefix + 96, true
	}
	text, pfx := s, ""
	if k := strings.IndexByte(s, '/'); k >= 0 {
		text, pfx = s[:k], s[k:]
	}
	dotted := strings.IndexByte(text, '.') >= 0
	a, err := netip.ParseAddr(text)
	if err != nil || a.Zone() != "" || !a.Is6() {
		return ip6{}, 0, false
	}
	b := a.As16()
	v := ip6{hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint64(b[8:])}
	prefix := 128
	if dotted {
		if v.hi == 0 && (v.lo>>32 == 0 || v.lo>>32 == 0xffff) {
			v = mapped4(uint32(v.lo))
		}
		prefix = 32
	}
	if pfx != "" {
		max := 128
		if dotted {
			max = 32
		}
		p, ok := parsePrefix(pfx, max)
		if !ok {
			return ip6{}, 0, false
		}
		prefix = p
	}
	if dotted {
		prefix += 96
	}
	return v.mask(prefix), prefix, true
}

// formatIPv6 appends the canonical full form: eight groups of four
// lower-case hex digits.
func formatIPv6(dst []byte, a ip6) []byte {
	const hexdigits = "0123456789abcdef"
	for g := 0; g < 8; g++ {
		if g > 0 {
			dst = append(dst, ':')
		}
		half, shift := a.hi, uint(48-16*g)
		if g >= 4 {
			half, shift = a.lo, uint(48-16*(g-4))
		}
		w := half >> shift & 0xffff
		dst = append(dst, hexdigits[w>>12], hexdigits[w>>8&0xf], hexdigits[w>>4&0xf], hexdigits[w&0xf])
	}
	return dst
}

// private4 lists the RFC 1918 ranges.
var private4 = []struct {
	base   uint32
	prefix int
}{{10 << 24, 8}, {172<<24 | 16<<16, 12}, {192<<24 | 168<<16, 16}}

func isPrivate4(ip uint32) bool {
	for _, r := range private4 {
		if ip&mask4(r.prefix) == r.base {
			return true
		}
	}
	return false
}
