package network

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	pair := []functions.Param{functions.Req("ip1", types.String), functions.Req("ip2", types.String), functions.Opt("prefix", types.Long)}
	functions.Register(
		&functions.Func{
			Name: "parse_ipv6", Kind: functions.Scalar,
			Sig: "parse_ipv6(ip: string): string",
			Doc: "The canonical IPv6 form (eight 4-digit hex groups; IPv4 becomes ::ffff:a.b.c.d) masked by an optional /prefix; \"\" when it does not parse.",
			Bind: fixed("parse_ipv6", types.String, []functions.Param{functions.Req("ip", types.String)}, nil, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return functions.MapStrStr(args[0], n, func(dst []byte, s string) []byte {
					a, _, ok := parseIPv6(s)
					if !ok {
						return dst
					}
					return formatIPv6(dst, a)
				}), nil
			}),
		},
		&functions.Func{
			Name: "parse_ipv6_mask", Kind: functions.Scalar,
			Sig: "parse_ipv6_mask(ip: string, prefix: long): string",
			Doc: "The canonical IPv6 form masked to prefix bits (0-128, combined with the address's own /prefix); \"\" when it does not parse.",
			Bind: fixed("parse_ipv6_mask", types.String, []functions.Param{functions.Req("ip", types.String), functions.Req("prefix", types.Long)}, []int{1},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					ipv, pre := args[0], args[1]
					f := func(dst []byte, s string, prefix int64) []byte {
						a, own, ok := parseIPv6(s)
						if !ok || prefix < 0 || prefix > 128 {
							return dst
						}
						return formatIPv6(dst, a.mask(min(own, int(prefix))))
					}
					if x, null, ok := constLong(pre); ok {
						if null {
							return column.Const(types.String, "", n), nil
						}
						return functions.MapStrStr(ipv, n, func(dst []byte, s string) []byte { return f(dst, s, x) }), nil
					}
					return functions.StrictStrs(args, n, func(dst []byte, i int) []byte { return f(dst, ipv.Str(i), pre.Int(i)) }), nil
				}),
		},
		&functions.Func{
			Name: "ipv6_compare", Kind: functions.Scalar,
			Sig: "ipv6_compare(ip1: string, ip2: string [, prefix: long]): long",
			Doc: "-1, 0 or 1 comparing two IPv6 or IPv4 addresses under the smallest of their /prefixes and prefix; null when one does not parse.",
			Bind: fixed("ipv6_compare", types.Long, pair, []int{2}, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return evalPairLong(args, n, compare6), nil
			}),
		},
		&functions.Func{
			Name: "ipv6_is_match", Kind: functions.Scalar,
			Sig: "ipv6_is_match(ip1: string, ip2: string [, prefix: long]): bool",
			Doc: "True when two IPv6 or IPv4 addresses are equal under the smallest of their /prefixes and prefix; null when one does not parse.",
			Bind: fixed("ipv6_is_match", types.Bool, pair, []int{2}, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return evalPairBool(args, n, func(a, b string, prefix int64, has bool) (bool, bool) {
					c, ok := compare6(a, b, prefix, has)
					return c == 0, ok
				}), nil
			}),
		},
		&functions.Func{
			Name: "ipv6_is_in_range", Kind: functions.Scalar,
			Sig: "ipv6_is_in_range(ip: string, range: string): bool",
			Doc: "True when the IPv6 (or IPv4) address is inside the range; null when either does not parse.",
			Bind: fixed("ipv6_is_in_range", types.Bool, []functions.Param{functions.Req("ip", types.String), functions.Req("range", types.String)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return evalPairBool(args, n, func(a, b string, _ int64, _ bool) (bool, bool) {
						ip, _, ok := parseIPv6(a)
						r, rp, ok2 := parseIPv6(b)
						if !ok || !ok2 {
							return false, false
						}
						return ip.mask(rp) == r, true
					}), nil
				}),
		},
		&functions.Func{
			Name: "ipv6_is_in_any_range", Kind: functions.Scalar,
			Sig: "ipv6_is_in_any_range(ip: string, range: string, ...) | ipv6_is_in_any_range(ip: string, ranges: dynamic): bool",
			Doc: "True when the IPv6 (or IPv4) address is inside any of the ranges; null when the address or a range does not parse.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindAnyRange("ipv6_is_in_any_range", args, valid6, func(s string) (matcher, bool) {
					r, rp, ok := parseIPv6(s)
					return func(a string) (bool, bool) {
						ip, _, ok := parseIPv6(a)
						return ok && ip.mask(rp) == r, ok
					}, ok
				})
			},
		},
	)
}

func valid6(s string) bool { _, _, ok := parseIPv6(s); return ok }

// compare6 compares two addresses as IPv6 under their combined prefix.
func compare6(a, b string, prefix int64, has bool) (int64, bool) {
	ia, pa, ok := parseIPv6(a)
	ib, pb, ok2 := parseIPv6(b)
	if !ok || !ok2 {
		return 0, false
	}
	pre := min(pa, pb)
	if has {
		if prefix < 0 || prefix > 128 {
			return 0, false
		}
		pre = min(pre, int(prefix))
	}
	return int64(ia.mask(pre).compare(ib.mask(pre))), true
}
