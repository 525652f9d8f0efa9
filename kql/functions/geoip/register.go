package geoip

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(&functions.Func{
		Name: "geo_info_from_ip_address", Kind: functions.Scalar,
		Sig: "geo_info_from_ip_address(ip: string): dynamic",
		Doc: "The location of an IPv4 or IPv6 address: {country, state, city, latitude, longitude}, " +
			"each present only when the database knows it (the bundled one knows countries; " +
			"--geoip FILE names a MaxMind City database for the rest); null for text that is not " +
			"an address and for addresses the database does not cover (private, reserved).",
		Bind: bindInfo,
	})
}

// bindInfo accepts exactly one string: unlike most string parameters,
// Kusto's binder rejects a dynamic address here ("A value of type string
// expected."), so the general dynamic-to-string conversion is not used.
func bindInfo(args []functions.Arg) (*functions.Bound, error) {
	const name = "geo_info_from_ip_address"
	if err := functions.CheckCount(name, args, 1, 1); err != nil {
		return nil, err
	}
	if t := args[0].Type; t != types.String && t != types.Unknown {
		return nil, functions.ArgTypeError(name, 0, "a string", t)
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: []types.Type{types.String}, Eval: evalInfo}, nil
}

// memoLimit bounds the per-call map that spares repeated addresses in a
// plain (not dictionary-encoded) column a second parse and tree walk.
const memoLimit = 4096

func evalInfo(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	r, err := current()
	if err != nil {
		return nil, err
	}
	v := args[0]
	info := func(s string) (any, error) {
		x, err := r.Info(s)
		if err != nil {
			return nil, fmt.Errorf("geo_info_from_ip_address: %w", err)
		}
		return x, nil
	}
	if v.IsConst() {
		if v.IsNull(0) {
			return functions.NullConst(types.Dynamic, n), nil
		}
		x, err := info(v.Str(0))
		if err != nil {
			return nil, err
		}
		return column.Const(types.Dynamic, x, n), nil
	}
	out := make([]any, n)
	nulls := v.HasNulls()
	if d := v.Strs.Dict; d != nil && d.Len() <= n {
		vals := make([]any, d.Len())
		for j := range vals {
			if vals[j], err = info(d.At(j)); err != nil {
				return nil, err
			}
		}
		for i, c := range v.Strs.Codes[:n] {
			if !nulls || !v.IsNull(i) {
				out[i] = vals[c]
			}
		}
		return column.FromDyns(out), nil
	}
	// The memo's keys alias the argument's arena; the map dies with this
	// call, before the arena can be reused.
	memo := make(map[string]any)
	for i := range out {
		if nulls && v.IsNull(i) {
			continue
		}
		s := v.Str(i)
		if x, ok := memo[s]; ok {
			out[i] = x
			continue
		}
		x, err := info(s)
		if err != nil {
			return nil, err
		}
		if len(memo) < memoLimit {
			memo[s] = x
		}
		out[i] = x
	}
	return column.FromDyns(out), nil
}
