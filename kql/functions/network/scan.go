package network

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// eachIPv4 calls f for every IPv4 address in text that is delimited by
// non-alphanumeric characters (or the ends of the text), stopping when f
// returns true. "05:04:54 127.0.0.1 GET" holds 127.0.0.1; "54127.0.0.1"
// and "127.0.0.256" hold none.
func eachIPv4(text string, f func(ip uint32) bool) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < '0' || c > '9' || (i > 0 && isAlnum(text[i-1])) {
			i++
			continue
		}
		if ip, rest, ok := scanIPv4(text[i:]); ok && (rest == "" || !isAlnum(rest[0])) {
			if f(ip) {
				return true
			}
		}
		// Skip the rest of this digit run: an address cannot start
		// inside it.
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			i++
		}
	}
	return false
}

// ipv4Prefix is a has_ipv4_prefix needle: the leading octets of an
// address ("10.", "192.168.", "192.168.1." or a whole address).
type ipv4Prefix struct {
	ip     uint32
	octets int
}

func (p ipv4Prefix) matches(ip uint32) bool {
	shift := uint(32 - 8*p.octets)
	return ip>>shift == p.ip>>shift
}

// parseIPv4Prefix reads a prefix needle: one to three octets each
// followed by a dot, or a complete address without a mask.
func parseIPv4Prefix(s string) (ipv4Prefix, bool) {
	if ip, rest, ok := scanIPv4(s); ok {
		return ipv4Prefix{ip: ip, octets: 4}, rest == ""
	}
	var ip uint32
	octets, i := 0, 0
	for i < len(s) && octets < 3 {
		start, v := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 4 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		if i == start || i-start > 3 || v > 255 || i >= len(s) || s[i] != '.' {
			return ipv4Prefix{}, false
		}
		i++
		ip |= uint32(v) << uint(24-8*octets)
		octets++
	}
	if i != len(s) || octets == 0 {
		return ipv4Prefix{}, false
	}
	return ipv4Prefix{ip: ip, octets: octets}, true
}
