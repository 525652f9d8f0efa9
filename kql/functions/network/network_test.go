package network

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestIPv4Parse(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"parse_ipv4", []fntest.Arg{strv("192.168.1.1")}, "3232235777"},
		{"parse_ipv4", []fntest.Arg{strv("192.168.1.1/24")}, "3232235776"},
		{"parse_ipv4", []fntest.Arg{strv("255.255.255.255/31")}, "4294967294"},
		{"parse_ipv4", []fntest.Arg{strv("0.0.0.0")}, "0"},
		{"parse_ipv4", []fntest.Arg{strv("256.1.1.1")}, "null"},
		{"parse_ipv4", []fntest.Arg{strv("1.2.3")}, "null"},
		{"parse_ipv4", []fntest.Arg{strv("1.2.3.4/33")}, "null"},
		{"parse_ipv4", []fntest.Arg{strv("1.2.3.4 ")}, "null"},
		{"parse_ipv4", []fntest.Arg{strv("")}, "null"},
		{"parse_ipv4", []fntest.Arg{strv("１.２.３.４")}, "null"},
		{"parse_ipv4", []fntest.Arg{lng(1)}, "error"},
		{"parse_ipv4_mask", []fntest.Arg{strv("127.0.0.1"), lng(24)}, "2130706432"},
		{"parse_ipv4_mask", []fntest.Arg{strv("192.1.168.2"), lng(10)}, "3221225472"},
		{"parse_ipv4_mask", []fntest.Arg{strv("127.0.0.1"), lng(33)}, "null"},
		{"parse_ipv4_mask", []fntest.Arg{strv("127.0.0.1"), fntest.Lit(types.Long, nil)}, "null"},
		{"ipv4_netmask_suffix", []fntest.Arg{strv("10.1.2.3")}, "32"},
		{"ipv4_netmask_suffix", []fntest.Arg{strv("192.168.1.1/24")}, "24"},
		{"ipv4_netmask_suffix", []fntest.Arg{strv("127.0.0.1/16")}, "16"},
		{"ipv4_netmask_suffix", []fntest.Arg{strv("x")}, "null"},
		{"ipv4_is_private", []fntest.Arg{strv("192.168.1.1/24")}, "true"},
		{"ipv4_is_private", []fntest.Arg{strv("10.1.2.3/24")}, "true"},
		{"ipv4_is_private", []fntest.Arg{strv("172.31.255.255")}, "true"},
		{"ipv4_is_private", []fntest.Arg{strv("172.32.0.1")}, "false"},
		{"ipv4_is_private", []fntest.Arg{strv("202.1.2.3")}, "false"},
		{"ipv4_is_private", []fntest.Arg{strv("127.0.0.1")}, "false"},
		{"ipv4_is_private", []fntest.Arg{strv("not an ip")}, "null"},
	})
}

func TestIPv4Compare(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.0"), strv("192.168.1.0")}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1/24"), strv("192.168.1.255")}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.255/24")}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1/30"), strv("192.168.1.255/24")}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.0"), lng(31)}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.255"), lng(24)}, "0"},
		{"ipv4_compare", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.2")}, "-1"},
		{"ipv4_compare", []fntest.Arg{strv("200.0.0.1"), strv("192.168.1.2")}, "1"},
		{"ipv4_compare", []fntest.Arg{strv("x"), strv("192.168.1.2")}, "null"},
		{"ipv4_compare", []fntest.Arg{strv("1.1.1.1"), strv("1.1.1.1"), lng(40)}, "null"},
		{"ipv4_is_match", []fntest.Arg{strv("192.168.1.1/24"), strv("192.168.1.255")}, "true"},
		{"ipv4_is_match", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.2")}, "false"},
		{"ipv4_is_match", []fntest.Arg{strv("192.168.1.1"), strv("")}, "null"},
		{"ipv4_is_match", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.2"), real(30)}, "error: integer"},
		{"ipv4_is_in_range", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.1")}, "true"},
		{"ipv4_is_in_range", []fntest.Arg{strv("192.168.1.1"), strv("192.168.1.255/24")}, "true"},
		{"ipv4_is_in_range", []fntest.Arg{strv("192.168.2.1"), strv("192.168.1.255/24")}, "false"},
		{"ipv4_is_in_range", []fntest.Arg{strv("10.0.0.1"), strv("10.0.0.0/33")}, "null"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("192.168.1.6"), strv("192.168.1.1/24"), strv("10.0.0.1/8"), strv("127.1.0.1/16")}, "true"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("127.0.0.1"), fntest.Lit(types.Dynamic, []any{"127.0.0.1", "192.168.1.1"})}, "true"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("123.1.11.21"), fntest.Lit(types.Dynamic, []any{"192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"})}, "false"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("nope"), fntest.Lit(types.Dynamic, []any{})}, "null"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("1.1.1.1"), fntest.Lit(types.Dynamic, []any{})}, "false"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("1.1.1.1")}, "error"},
		{"ipv4_is_in_any_range", []fntest.Arg{strv("1.1.1.1"), lng(1)}, "error"},
	})
}

func TestIPv4Format(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"format_ipv4", []fntest.Arg{strv("192.168.1.1"), lng(24)}, "192.168.1.0"},
		{"format_ipv4", []fntest.Arg{strv("192.168.1.1"), lng(32)}, "192.168.1.1"},
		{"format_ipv4", []fntest.Arg{strv("192.168.1.1/24"), lng(32)}, "192.168.1.0"},
		{"format_ipv4", []fntest.Arg{strv("192.168.1.1/24"), lng(-1)}, ""},
		{"format_ipv4", []fntest.Arg{lng(3232235777)}, "192.168.1.1"},
		{"format_ipv4", []fntest.Arg{lng(3232235777), lng(24)}, "192.168.1.0"},
		{"format_ipv4", []fntest.Arg{lng(-1)}, ""},
		{"format_ipv4", []fntest.Arg{strv("bad")}, ""},
		{"format_ipv4_mask", []fntest.Arg{strv("192.168.1.1"), lng(24)}, "192.168.1.0/24"},
		{"format_ipv4_mask", []fntest.Arg{strv("192.168.1.1"), lng(32)}, "192.168.1.1/32"},
		{"format_ipv4_mask", []fntest.Arg{strv("192.168.1.1/24"), lng(32)}, "192.168.1.0/24"},
		{"format_ipv4_mask", []fntest.Arg{strv("192.168.1.1/24"), lng(-1)}, ""},
		{"format_ipv4_mask", []fntest.Arg{strv("10.1.2.3")}, "10.1.2.3/32"},
		{"format_ipv4", []fntest.Arg{fntest.Lit(types.Dynamic, "1.1.1.1")}, "1.1.1.1"},
		{"format_ipv4", []fntest.Arg{fntest.Lit(types.Bool, true)}, "error"},
	})
}

func TestIPv6(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"parse_ipv6", []fntest.Arg{strv("192.168.255.255")}, "0000:0000:0000:0000:0000:ffff:c0a8:ffff"},
		{"parse_ipv6", []fntest.Arg{strv("192.168.255.255/24")}, "0000:0000:0000:0000:0000:ffff:c0a8:ff00"},
		{"parse_ipv6", []fntest.Arg{strv("fe80::85d:e82c:9446:7994")}, "fe80:0000:0000:0000:085d:e82c:9446:7994"},
		{"parse_ipv6", []fntest.Arg{strv("FE80::1/16")}, "fe80:0000:0000:0000:0000:0000:0000:0000"},
		{"parse_ipv6", []fntest.Arg{strv("fe80::1%eth0")}, ""},
		{"parse_ipv6", []fntest.Arg{strv("fe80::1/129")}, ""},
		{"parse_ipv6", []fntest.Arg{strv(":::")}, ""},
		{"parse_ipv6_mask", []fntest.Arg{strv("192.168.255.255"), lng(120)}, "0000:0000:0000:0000:0000:ffff:c0a8:ff00"},
		{"parse_ipv6_mask", []fntest.Arg{strv("192.168.255.255/24"), lng(124)}, "0000:0000:0000:0000:0000:ffff:c0a8:ff00"},
		{"parse_ipv6_mask", []fntest.Arg{strv("255.255.255.255"), lng(128)}, "0000:0000:0000:0000:0000:ffff:ffff:ffff"},
		{"parse_ipv6_mask", []fntest.Arg{strv("fe80::85d:e82c:9446:7994/120"), lng(124)}, "fe80:0000:0000:0000:085d:e82c:9446:7900"},
		{"parse_ipv6_mask", []fntest.Arg{strv("::192.168.255.255"), lng(128)}, "0000:0000:0000:0000:0000:ffff:c0a8:ffff"},
		{"parse_ipv6_mask", []fntest.Arg{strv("::192.168.255.255/24"), lng(128)}, "0000:0000:0000:0000:0000:ffff:c0a8:ff00"},
		{"parse_ipv6_mask", []fntest.Arg{strv("::1"), lng(129)}, ""},
		{"ipv6_compare", []fntest.Arg{strv("192.168.1.1/24"), strv("192.168.1.255")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("192.168.1.1/30"), strv("192.168.1.255/24")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("fe80::85d:e82c:9446:7994/120"), strv("fe80::85d:e82c:9446:7998")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("192.168.1.1"), strv("::ffff:c0a8:0101")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("::ffff:c0a8:0101"), strv("192.168.1.255/24")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("::192.168.1.1/30"), strv("192.168.1.255/24")}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("fe80::85d:e82c:9446:7994"), strv("fe80::85d:e82c:9446:7995"), lng(127)}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("fe80::85d:e82c:9446:7994/120"), strv("fe80::85d:e82c:9446:7998"), lng(127)}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("::ffff:c0a8:0101"), strv("192.168.1.255"), lng(120)}, "0"},
		{"ipv6_compare", []fntest.Arg{strv("::1"), strv("::2")}, "-1"},
		{"ipv6_compare", []fntest.Arg{strv("8000::"), strv("::2")}, "1"},
		{"ipv6_compare", []fntest.Arg{strv("::1"), strv("junk")}, "null"},
		{"ipv6_is_match", []fntest.Arg{strv("fe80::85d:e82c:9446:7994"), strv("fe80::85d:e82c:9446:7998/120")}, "true"},
		{"ipv6_is_match", []fntest.Arg{strv("fe80::1"), strv("fe80::2")}, "false"},
		{"ipv6_is_in_range", []fntest.Arg{strv("a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"), strv("a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")}, "true"},
		{"ipv6_is_in_range", []fntest.Arg{strv("a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"), strv("0:0:0:0:0:ffff:c0a8:ac/60")}, "false"},
		{"ipv6_is_in_any_range", []fntest.Arg{strv("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd"), strv("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112"), strv("0:0:0:0:0:ffff:c0a8:ac/60")}, "true"},
		{"ipv6_is_in_any_range", []fntest.Arg{strv("a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"), fntest.Lit(types.Dynamic, []any{"a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112"})}, "false"},
	})
}

func TestHasIPv4(t *testing.T) {
	const line = "05:04:54 127.0.0.1 GET /favicon.ico 404"
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"has_ipv4", []fntest.Arg{strv(line), strv("127.0.0.1")}, "true"},
		{"has_ipv4", []fntest.Arg{strv("05:04:54 127.0.0.256 GET"), strv("127.0.0.256")}, "false"},
		{"has_ipv4", []fntest.Arg{strv("05:04:54127.0.0.1 GET"), strv("127.0.0.1")}, "false"},
		{"has_ipv4", []fntest.Arg{strv("from: 192.168.1.1, 10.1.1.115 and 10.1.1.201"), strv("10.1.1.115")}, "true"},
		{"has_ipv4", []fntest.Arg{strv("x10.1.1.115"), strv("10.1.1.115")}, "false"},
		{"has_ipv4", []fntest.Arg{strv("10.1.1.115x"), strv("10.1.1.115")}, "false"},
		{"has_ipv4", []fntest.Arg{strv("ip=10.1.1.115."), strv("10.1.1.115")}, "true"},
		{"has_ipv4", []fntest.Arg{strv("ünïcode→10.0.0.1←"), strv("10.0.0.1")}, "true"},
		{"has_ipv4", []fntest.Arg{strv(""), strv("10.0.0.1")}, "false"},
		{"has_ipv4", []fntest.Arg{strv("10.0.0.1"), strv("10.0.0.1/8")}, "false"},
		{"has_ipv4_prefix", []fntest.Arg{strv(line), strv("127.0.")}, "true"},
		{"has_ipv4_prefix", []fntest.Arg{strv(line), strv("127.0")}, "false"},
		{"has_ipv4_prefix", []fntest.Arg{strv("05:04:54 127.0.0.256 GET"), strv("127.0.")}, "false"},
		{"has_ipv4_prefix", []fntest.Arg{strv("05:04:54127.0.0.1 GET"), strv("127.0.")}, "false"},
		{"has_ipv4_prefix", []fntest.Arg{strv(line), strv("127.0.0.1")}, "true"},
		{"has_ipv4_prefix", []fntest.Arg{strv(line), strv("12.")}, "false"},
		{"has_any_ipv4", []fntest.Arg{strv(line), strv("127.0.0.1"), strv("127.0.0.2")}, "true"},
		{"has_any_ipv4", []fntest.Arg{strv(line), fntest.Lit(types.Dynamic, []any{"127.0.0.1", "127.0.0.2"})}, "true"},
		{"has_any_ipv4", []fntest.Arg{strv("05:04:54 127.0.0.256 GET"), fntest.Lit(types.Dynamic, []any{"127.0.0.256", "192.168.1.1"})}, "false"},
		{"has_any_ipv4", []fntest.Arg{strv("05:04:54127.0.0.1 GET"), strv("127.0.0.1"), strv("192.168.1.1")}, "false"},
		{"has_any_ipv4_prefix", []fntest.Arg{strv(line), strv("127.0."), strv("192.168.")}, "true"},
		{"has_any_ipv4_prefix", []fntest.Arg{strv(line), fntest.Lit(types.Dynamic, []any{"127.0", "192.168."})}, "false"},
		{"has_ipv4", []fntest.Arg{strv(line)}, "error"},
	})
	res, _, err := fntest.Call(t, "has_ipv4", fntest.Col(types.String, "a 1.2.3.4 b", "none", "1.2.3.4"), fntest.Col(types.String, "1.2.3.4", "1.2.3.4", "1.2.3.5"))
	if err != nil || res[0] != true || res[1] != false || res[2] != false {
		t.Errorf("per-row has_ipv4: %v %v", res, err)
	}
}

func TestDictionaryInput(t *testing.T) {
	ips := fntest.DictCol("10.0.0.1", "8.8.8.8", "10.0.0.1", "junk", "8.8.8.8")
	res, _, err := fntest.Call(t, "ipv4_is_private", ips)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"true", "false", "true", "null", "false"}
	for i, w := range want {
		if fntest.Text(res[i]) != w {
			t.Errorf("ipv4_is_private row %d = %s, want %s", i, fntest.Text(res[i]), w)
		}
	}
	res, _, err = fntest.Call(t, "format_ipv4_mask", ips, lng(8))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"10.0.0.0/8", "8.0.0.0/8", "10.0.0.0/8", "", "8.0.0.0/8"}
	for i, w := range want {
		if fntest.Text(res[i]) != w {
			t.Errorf("format_ipv4_mask row %d = %s, want %s", i, fntest.Text(res[i]), w)
		}
	}
	res, _, err = fntest.Call(t, "ipv4_is_in_range", ips, strv("10.0.0.0/8"))
	if err != nil || res[0] != true || res[1] != false || res[3] != nil {
		t.Errorf("ipv4_is_in_range over dictionary: %v %v", res, err)
	}
	res, _, err = fntest.Call(t, "has_any_ipv4_prefix", fntest.DictCol("src 10.1.1.1 x", "none"), strv("10."))
	if err != nil || res[0] != true || res[1] != false {
		t.Errorf("has_any_ipv4_prefix over dictionary: %v %v", res, err)
	}
}

// FuzzIP checks that address parsing and text scanning never panic and
// agree with their own formatting.
func FuzzIP(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "1.2.3.4/24", "::ffff:1.2.3.4/120", "fe80::1%x", "a 10.0.0.1, b", "999.1.1.1", "1.2.3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ip, prefix, ok := parseIPv4(s); ok {
			if prefix < 0 || prefix > 32 || ip&^mask4(prefix) != 0 {
				t.Errorf("parseIPv4(%q) = %x/%d", s, ip, prefix)
			}
			back, _, ok := parseIPv4(string(formatIPv4(nil, ip)))
			if !ok || back != ip {
				t.Errorf("IPv4 %q does not round trip", s)
			}
		}
		if a, prefix, ok := parseIPv6(s); ok {
			if prefix < 0 || prefix > 128 || a.mask(prefix) != a {
				t.Errorf("parseIPv6(%q) = %v/%d", s, a, prefix)
			}
			back, _, ok := parseIPv6(string(formatIPv6(nil, a)))
			if !ok || back != a {
				t.Errorf("IPv6 %q does not round trip", s)
			}
		}
		if p, ok := parseIPv4Prefix(s); ok && (p.octets < 1 || p.octets > 4) {
			t.Errorf("parseIPv4Prefix(%q) = %+v", s, p)
		}
		eachIPv4(s, func(uint32) bool { return false })
	})
}
