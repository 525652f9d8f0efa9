package geoip

import "net/netip"

// The bundled database answers for some networks that can never be
// located: its GeoFeed sources list private and documentation ranges
// (192.168.0.0/16, 172.16.0.0/12, 2001:db8::/32 ...) under some
// country. MaxMind's databases, which Kusto reads, hold no record for
// such networks, and they alias the 6to4 and Teredo prefixes to the IPv4
// addresses inside them. A Reader for the bundled database applies the
// same two rules (normalize), so that internal addresses get null, not
// "Australia". A database the user names is taken as it is.

// reserved are the IANA special-purpose networks that are not globally
// reachable (RFC 6890 and its updates).
var reserved = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/127", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:2::/48", "2001:10::/28",
		"2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// normalize maps 6to4 and Teredo addresses to the IPv4 address they
// carry, and reports false for reserved addresses.
func normalize(a netip.Addr) (netip.Addr, bool) {
	a = a.Unmap()
	if a.Is6() {
		b := a.As16()
		switch {
		case b[0] == 0x20 && b[1] == 0x02: // 2002::/16: 6to4, IPv4 in bits 16-47
			a = netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
		case b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0: // 2001::/32: Teredo, server IPv4 in bits 32-63
			a = netip.AddrFrom4([4]byte{b[4], b[5], b[6], b[7]})
		}
	}
	for _, p := range reserved {
		if p.Contains(a) {
			return a, false
		}
	}
	return a, true
}
