package parsers

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// parse_version("a.b.c.d") is the decimal a·10²⁴ + b·10¹⁶ + c·10⁸ + d:
// one to four dot-separated parts of one to eight digits, missing parts
// 0; anything else is null. The number is exact (1.2.3.4 is
// 1000000020000000300000004), so versions compare correctly.

func init() {
	functions.Register(&functions.Func{
		Name: "parse_version", Kind: functions.Scalar,
		Sig:  "parse_version(version: string): decimal",
		Doc:  "The comparable decimal of a version string of one to four dot-separated parts of up to 8 digits; null if malformed.",
		Bind: stringOnly("parse_version", functions.Fixed("parse_version", types.Decimal, []functions.Param{functions.Req("version", types.String)}, parseVersionKernel)),
	})
}

// versionNumber parses a version; ok is false when it is malformed.
func versionNumber(s string) (parts [4]int64, ok bool) {
	n, digits := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n == 4 {
				return parts, false
			}
			n, digits = n+1, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || digits == 8 || n == 4 {
			return parts, false
		}
		parts[n] = parts[n]*10 + int64(c-'0')
		digits++
	}
	return parts, true
}

// versionValue returns the version's exact number; ok is false when the
// version is malformed.
func versionValue(s string) (value.Dec, bool) {
	parts, ok := versionNumber(s)
	if !ok {
		return value.Dec{}, false
	}
	// Each part is below 10^8, so both halves fit a long and the whole
	// (below 10^32) a decimal: no step can fail.
	hi := value.DecFromInt(parts[0]*1e8 + parts[1])
	lo := value.DecFromInt(parts[2]*1e8 + parts[3])
	x, _ := value.DecMul(hi, value.DecFromInt(1e16))
	x, _ = value.DecAdd(x, lo)
	return x, true
}

func parseVersionKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStr(types.Decimal, args[0], n, versionValue), nil
}
