package network

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	str := func(name string) []functions.Param { return []functions.Param{functions.Req(name, types.String)} }
	pair := []functions.Param{functions.Req("ip1", types.String), functions.Req("ip2", types.String), functions.Opt("prefix", types.Long)}
	functions.Register(
		&functions.Func{
			Name: "parse_ipv4", Kind: functions.Scalar,
			Sig: "parse_ipv4(ip: string): long",
			Doc: "The IPv4 address (masked by an optional /prefix) as a big-endian number; null when it does not parse.",
			Bind: fixed("parse_ipv4", types.Long, str("ip"), nil, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return functions.MapStrInt(types.Long, args[0], n, func(s string) (int64, bool) {
					ip, _, ok := parseIPv4(s)
					return int64(ip), ok
				}), nil
			}),
		},
		&functions.Func{
			Name: "parse_ipv4_mask", Kind: functions.Scalar,
			Sig: "parse_ipv4_mask(ip: string, prefix: long): long",
			Doc: "The IPv4 address masked to prefix bits (0-32), as a big-endian number; null when it does not parse.",
			Bind: fixed("parse_ipv4_mask", types.Long, []functions.Param{functions.Req("ip", types.String), functions.Req("prefix", types.Long)}, []int{1},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					ip, pre := args[0], args[1]
					f := func(s string, prefix int64) (int64, bool) {
						a, own, ok := parseIPv4(s)
						if !ok || prefix < 0 || prefix > 32 {
							return 0, false
						}
						return int64(a & mask4(min(own, int(prefix)))), true
					}
					if x, null, ok := constLong(pre); ok && !null {
						return functions.MapStrInt(types.Long, ip, n, func(s string) (int64, bool) { return f(s, x) }), nil
					}
					return functions.StrictRows(types.Long, args, n, func(i int) (int64, bool) { return f(ip.Str(i), pre.Int(i)) }), nil
				}),
		},
		&functions.Func{
			Name: "ipv4_netmask_suffix", Kind: functions.Scalar,
			Sig: "ipv4_netmask_suffix(ip: string): long",
			Doc: "The /prefix of an IPv4 address (32 when absent); null when it does not parse.",
			Bind: fixed("ipv4_netmask_suffix", types.Long, str("ip"), nil, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return functions.MapStrInt(types.Long, args[0], n, func(s string) (int64, bool) {
					_, prefix, ok := parseIPv4(s)
					return int64(prefix), ok
				}), nil
			}),
		},
		&functions.Func{
			Name: "ipv4_is_private", Kind: functions.Scalar,
			Sig: "ipv4_is_private(ip: string): bool",
			Doc: "True when the IPv4 address is in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16; null when it does not parse.",
			Bind: fixed("ipv4_is_private", types.Bool, str("ip"), nil, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return functions.MapStr(types.Bool, args[0], n, func(s string) (bool, bool) {
					ip, _, ok := parseIPv4(s)
					return ok && isPrivate4(ip), ok
				}), nil
			}),
		},
		&functions.Func{
			Name: "ipv4_compare", Kind: functions.Scalar,
			Sig: "ipv4_compare(ip1: string, ip2: string [, prefix: long]): long",
			Doc: "-1, 0 or 1 comparing two IPv4 addresses under the smallest of their /prefixes and prefix; null when one does not parse.",
			Bind: fixed("ipv4_compare", types.Long, pair, []int{2}, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return evalPairLong(args, n, compare4), nil
			}),
		},
		&functions.Func{
			Name: "ipv4_is_match", Kind: functions.Scalar,
			Sig: "ipv4_is_match(ip1: string, ip2: string [, prefix: long]): bool",
			Doc: "True when two IPv4 addresses are equal under the smallest of their /prefixes and prefix; null when one does not parse.",
			Bind: fixed("ipv4_is_match", types.Bool, pair, []int{2}, func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				return evalPairBool(args, n, func(a, b string, prefix int64, has bool) (bool, bool) {
					c, ok := compare4(a, b, prefix, has)
					return c == 0, ok
				}), nil
			}),
		},
		&functions.Func{
			Name: "ipv4_is_in_range", Kind: functions.Scalar,
			Sig: "ipv4_is_in_range(ip: string, range: string): bool",
			Doc: "True when the IPv4 address is inside the range (an address with a /prefix); null when either does not parse.",
			Bind: fixed("ipv4_is_in_range", types.Bool, []functions.Param{functions.Req("ip", types.String), functions.Req("range", types.String)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return evalPairBool(args, n, func(a, b string, _ int64, _ bool) (bool, bool) {
						ip, _, ok := parseIPv4(a)
						r, rp, ok2 := parseIPv4(b)
						if !ok || !ok2 {
							return false, false
						}
						return ip&mask4(rp) == r, true
					}), nil
				}),
		},
		&functions.Func{
			Name: "ipv4_is_in_any_range", Kind: functions.Scalar,
			Sig: "ipv4_is_in_any_range(ip: string, range: string, ...) | ipv4_is_in_any_range(ip: string, ranges: dynamic): bool",
			Doc: "True when the IPv4 address is inside any of the ranges; null when the address or a range does not parse.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindAnyRange("ipv4_is_in_any_range", args, valid4, func(s string) (matcher, bool) {
					r, rp, ok := parseIPv4(s)
					return func(a string) (bool, bool) {
						ip, _, ok := parseIPv4(a)
						return ok && ip&mask4(rp) == r, ok
					}, ok
				})
			},
		},
		&functions.Func{
			Name: "format_ipv4", Kind: functions.Scalar,
			Sig: "format_ipv4(ip: string|long [, prefix: long]): string",
			Doc: "The dotted IPv4 address masked to prefix bits; \"\" when it does not parse.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindFormatIPv4("format_ipv4", false, args)
			},
		},
		&functions.Func{
			Name: "format_ipv4_mask", Kind: functions.Scalar,
			Sig: "format_ipv4_mask(ip: string|long [, prefix: long]): string",
			Doc: "The IPv4 address masked to prefix bits, in CIDR notation (a.b.c.d/n); \"\" when it does not parse.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindFormatIPv4("format_ipv4_mask", true, args)
			},
		},
	)
}

// compare4 compares two IPv4 addresses under their combined prefix.
func compare4(a, b string, prefix int64, has bool) (int64, bool) {
	ia, pa, ok := parseIPv4(a)
	ib, pb, ok2 := parseIPv4(b)
	if !ok || !ok2 {
		return 0, false
	}
	pre := min(pa, pb)
	if has {
		if prefix < 0 || prefix > 32 {
			return 0, false
		}
		pre = min(pre, int(prefix))
	}
	m := mask4(pre)
	switch x, y := ia&m, ib&m; {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

func bindFormatIPv4(name string, withMask bool, args []functions.Arg) (*functions.Bound, error) {
	if err := functions.CheckCount(name, args, 1, 2); err != nil {
		return nil, err
	}
	ipType := types.String
	switch t := args[0].Type; {
	case t.IsNumeric():
		ipType = types.Long
	case !functions.Assignable(t, types.String):
		return nil, functions.ArgTypeError(name, 0, "a string or a number", t)
	}
	argTypes := []types.Type{ipType}
	if len(args) == 2 {
		if t := args[1].Type; !t.IsInteger() && t != types.Unknown {
			return nil, fmt.Errorf("function '%s': argument 2 must be an integer (int or long), got %s", name, t)
		}
		argTypes = append(argTypes, types.Long)
	}
	format := func(dst []byte, ip uint32, own int, prefix int64) []byte {
		if prefix < 0 || prefix > 32 {
			return dst
		}
		pre := min(own, int(prefix))
		dst = formatIPv4(dst, ip&mask4(pre))
		if withMask {
			dst = append(dst, '/')
			dst = appendUint(dst, uint64(pre))
		}
		return dst
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		pre := func(int) int64 { return 32 }
		if len(args) == 2 {
			pre = args[1].Int
		}
		ipv := args[0]
		if ipType == types.String && (len(args) == 1 || args[1].IsConst()) {
			if len(args) == 2 && args[1].IsNull(0) {
				return column.Const(types.String, "", n), nil
			}
			prefix := pre(0)
			return functions.MapStrStr(ipv, n, func(dst []byte, s string) []byte {
				ip, own, ok := parseIPv4(s)
				if !ok {
					return dst
				}
				return format(dst, ip, own, prefix)
			}), nil
		}
		return functions.StrictStrs(args, n, func(dst []byte, i int) []byte {
			if ipType == types.Long {
				x := ipv.Int(i)
				if x < 0 || x > 0xffffffff {
					return dst
				}
				return format(dst, uint32(x), 32, pre(i))
			}
			ip, own, ok := parseIPv4(ipv.Str(i))
			if !ok {
				return dst
			}
			return format(dst, ip, own, pre(i))
		}), nil
	}
	return &functions.Bound{Type: types.String, ArgTypes: argTypes, Eval: eval}, nil
}

func valid4(s string) bool { _, _, ok := parseIPv4(s); return ok }
