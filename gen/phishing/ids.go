package phishing

import "strconv"

const hexDigits = "0123456789abcdef"

// guid formats 16 random bytes as a lower-case GUID.
func (r *rng) guid() string {
	var b [36]byte
	x, y := r.u64(), r.u64()
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b[j] = '-'
			j++
		}
		v := x
		if i >= 16 {
			v = y
		}
		b[j] = hexDigits[(v>>(4*(i%16)))&15]
		j++
	}
	return string(b[:])
}

// networkMessageID mimics Exchange Online ids: a GUID whose last group
// starts with 08dc (2024) or 08dd (2025 on).
func (r *rng) networkMessageID(t int64) string {
	g := []byte(r.guid())
	y, _, _ := civil(t / day)
	if y >= 2025 {
		copy(g[24:], "08dd")
	} else {
		copy(g[24:], "08dc")
	}
	return string(g)
}

// mdoAlertID is the shape of Defender for Office 365 alert ids:
// "fa" then a GUID-like tail.
func (r *rng) mdoAlertID() string { return "fa" + r.guid() }

// mdeAlertID is the shape of Defender for Endpoint alert ids:
// "da" + 18 digits + "_" + a signed 32-bit number.
func (r *rng) mdeAlertID() string {
	return "da" + r.digits(18) + "_" + strconv.FormatInt(int64(int32(r.u64())), 10)
}

// prefixedAlertID gives other services' ids ("ca", "ad", "aa", ...).
func (r *rng) prefixedAlertID(prefix string) string {
	return prefix + r.hexString(32)
}

// reportID is the shape of email tables' ReportId:
// NetworkMessageId-<19 digits>-<n>.
func emailReportID(nmid, base string, n int) string {
	return nmid + "-" + base + "-" + strconv.Itoa(n)
}

// sid returns a Windows account SID in the organisation's domain.
func sid(domain [3]uint32, rid int) string {
	b := make([]byte, 0, 48)
	b = append(b, "S-1-5-21-"...)
	for _, x := range domain {
		b = strconv.AppendUint(b, uint64(x), 10)
		b = append(b, '-')
	}
	return string(strconv.AppendInt(b, int64(rid), 10))
}

// publicIPv4 returns a routable-looking address outside private,
// loopback, link-local, CGNAT and multicast space.
func (r *rng) publicIPv4() string {
	for {
		a := r.between(1, 223)
		b := r.intn(256)
		switch {
		case a == 10, a == 127, a == 0, a == 100 && b >= 64 && b < 128,
			a == 169 && b == 254, a == 172 && b >= 16 && b < 32, a == 192 && b == 168:
			continue
		}
		return ipv4(a, b, r.intn(256), r.between(1, 254))
	}
}

func ipv4(a, b, c, d int) string {
	buf := make([]byte, 0, 15)
	for i, x := range [4]int{a, b, c, d} {
		if i > 0 {
			buf = append(buf, '.')
		}
		buf = strconv.AppendInt(buf, int64(x), 10)
	}
	return string(buf)
}

// ipv6 returns an address under prefix (e.g. "2a01:111:f403:").
func (r *rng) ipv6(prefix string) string {
	b := []byte(prefix)
	n := 8 - countColons(prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, uint64(r.intn(0x10000)), 16)
	}
	return string(b)
}

func countColons(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			n++
		}
	}
	return n
}
