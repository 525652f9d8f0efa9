package network

import (
	"math/bits"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(&functions.Func{
		Name: "ipv4_range_to_cidr_list", Kind: functions.Scalar,
		Sig: "ipv4_range_to_cidr_list(start: string, end: string): dynamic",
		Doc: "The fewest CIDR blocks that exactly cover the IPv4 addresses from start to end; null when an address does not parse or start is after end.",
		Bind: functions.Fixed("ipv4_range_to_cidr_list", types.Dynamic,
			[]functions.Param{functions.Req("start", types.String), functions.Req("end", types.String)},
			func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
				from, to := args[0], args[1]
				return functions.FillDyns(n, func(i int) any {
					return cidrList(from.Str(i), to.Str(i))
				}), nil
			}),
	})
}

// cidrList splits [start, end] into aligned blocks, largest first: each
// block is the biggest power of two that starts at the current address
// (its alignment) and does not pass end.
func cidrList(start, end string) any {
	a, pa, ok := parseIPv4(start)
	b, pb, ok2 := parseIPv4(end)
	if !ok || !ok2 || pa != 32 || pb != 32 || a > b {
		return nil
	}
	var out []any
	lo, hi := uint64(a), uint64(b)
	for lo <= hi {
		size := 32
		if lo != 0 {
			size = bits.TrailingZeros64(lo)
		}
		for size > 0 && lo+(uint64(1)<<size)-1 > hi {
			size--
		}
		var buf []byte
		buf = formatIPv4(buf, uint32(lo))
		buf = append(buf, '/')
		buf = appendUint(buf, uint64(32-size))
		out = append(out, string(buf))
		lo += uint64(1) << size
	}
	return out
}
