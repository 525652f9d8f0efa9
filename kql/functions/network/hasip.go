package network

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "has_ipv4", Kind: functions.Scalar,
			Sig:  "has_ipv4(source: string, ip: string): bool",
			Doc:  "True when the IPv4 address appears in source delimited by non-alphanumeric characters; false when ip is not a valid address.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) { return bindHasIP("has_ipv4", false, false, args) },
		},
		&functions.Func{
			Name: "has_ipv4_prefix", Kind: functions.Scalar,
			Sig: "has_ipv4_prefix(source: string, prefix: string): bool",
			Doc: "True when an address starting with prefix (\"10.\", \"192.168.\", a full address) appears in source delimited by non-alphanumeric characters.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindHasIP("has_ipv4_prefix", true, false, args)
			},
		},
		&functions.Func{
			Name: "has_any_ipv4", Kind: functions.Scalar,
			Sig: "has_any_ipv4(source: string, ip: string, ...) | has_any_ipv4(source: string, ips: dynamic): bool",
			Doc: "True when any of the IPv4 addresses appears in source delimited by non-alphanumeric characters.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindHasIP("has_any_ipv4", false, true, args)
			},
		},
		&functions.Func{
			Name: "has_any_ipv4_prefix", Kind: functions.Scalar,
			Sig: "has_any_ipv4_prefix(source: string, prefix: string, ...) | has_any_ipv4_prefix(source: string, prefixes: dynamic): bool",
			Doc: "True when an address starting with any of the prefixes appears in source delimited by non-alphanumeric characters.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindHasIP("has_any_ipv4_prefix", true, true, args)
			},
		},
	)
}

// needles compiles the searched addresses or prefixes of row i; invalid
// ones can never match and are dropped.
func needles(args []*column.Vector, i int, prefix bool) []ipv4Prefix {
	var out []ipv4Prefix
	add := func(x any) {
		s, ok := x.(string)
		if !ok {
			return
		}
		if prefix {
			if p, ok := parseIPv4Prefix(s); ok {
				out = append(out, p)
			}
			return
		}
		if ip, rest, ok := scanIPv4(s); ok && rest == "" {
			out = append(out, ipv4Prefix{ip: ip, octets: 4})
		}
	}
	for _, a := range args {
		if a.Type == types.Dynamic {
			if arr, ok := a.Dyn(i).([]any); ok {
				for _, x := range arr {
					add(x)
				}
			}
			continue
		}
		add(a.Str(i))
	}
	return out
}

func hasAny(text string, ns []ipv4Prefix) bool {
	if len(ns) == 0 {
		return false
	}
	return eachIPv4(text, func(ip uint32) bool {
		for _, p := range ns {
			if p.matches(ip) {
				return true
			}
		}
		return false
	})
}

func bindHasIP(name string, prefix, many bool, args []functions.Arg) (*functions.Bound, error) {
	var argTypes []types.Type
	if many {
		ts, err := rangeList(name, args)
		if err != nil {
			return nil, err
		}
		argTypes = ts
	} else {
		if err := functions.CheckCount(name, args, 2, 2); err != nil {
			return nil, err
		}
		for i, a := range args {
			if !functions.Assignable(a.Type, types.String) {
				return nil, fmt.Errorf("function '%s': argument %d must be a string, got %s", name, i+1, a.Type)
			}
		}
		argTypes = []types.Type{types.String, types.String}
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		src, rest := args[0], args[1:]
		if functions.AllConst(rest) {
			ns := needles(rest, 0, prefix)
			if len(ns) == 0 {
				return column.Const(types.Bool, false, n), nil
			}
			return functions.MapStrBool(src, n, func(s string) bool { return hasAny(s, ns) }), nil
		}
		out := make([]bool, n)
		for i := range out {
			out[i] = hasAny(src.Str(i), needles(rest, i, prefix))
		}
		return column.FromBools(out, nil), nil
	}
	return &functions.Bound{Type: types.Bool, ArgTypes: argTypes, Eval: eval}, nil
}
