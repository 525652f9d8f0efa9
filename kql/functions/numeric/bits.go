package numeric

import (
	"math/bits"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	binary := func(name, doc string, f func(a, b int64) (int64, bool)) *functions.Func {
		return &functions.Func{
			Name: name, Kind: functions.Scalar,
			Sig: name + "(a: long, b: long): long",
			Doc: doc,
			Bind: numericFixed(name, types.Long, []functions.Param{functions.Req("a", types.Long), functions.Req("b", types.Long)}, []int{0, 1},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues2(types.Long, args[0], args[1], n, f), nil
				}),
		}
	}
	unaryInt := func(name, doc string, f func(int64) int64) *functions.Func {
		return &functions.Func{
			Name: name, Kind: functions.Scalar,
			Sig: name + "(a: long): long",
			Doc: doc,
			Bind: numericFixed(name, types.Long, []functions.Param{functions.Req("a", types.Long)}, []int{0},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues(types.Long, args[0], n, func(x int64) (int64, bool) { return f(x), true }), nil
				}),
		}
	}
	functions.Register(
		binary("binary_and", "Bitwise AND.", func(a, b int64) (int64, bool) { return a & b, true }),
		binary("binary_or", "Bitwise OR.", func(a, b int64) (int64, bool) { return a | b, true }),
		binary("binary_xor", "Bitwise XOR.", func(a, b int64) (int64, bool) { return a ^ b, true }),
		binary("binary_shift_left", "a shifted left by b mod 64 bits; null for a negative b.", func(a, b int64) (int64, bool) {
			if b < 0 {
				return 0, false
			}
			return a << uint(b%64), true
		}),
		binary("binary_shift_right", "a shifted right (arithmetically) by b mod 64 bits; null for a negative b.", func(a, b int64) (int64, bool) {
			if b < 0 {
				return 0, false
			}
			return a >> uint(b%64), true
		}),
		unaryInt("binary_not", "Bitwise NOT.", func(a int64) int64 { return ^a }),
		unaryInt("bitset_count_ones", "The number of set bits in the 64-bit two's complement form.", func(a int64) int64 { return int64(bits.OnesCount64(uint64(a))) }),
	)
}
