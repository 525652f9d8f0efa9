package parsers

import (
	"fmt"
	"math/big"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// parse_version("a.b.c.d") is the decimal a·10²⁴ + b·10¹⁶ + c·10⁸ + d:
// one to four dot-separated parts of one to eight digits, missing parts
// 0; anything else is null. Quarry keeps decimals as 64-bit floats, so a
// version whose number has more significant digits than a float holds
// exactly (1.2.3.4 = 1000000020000000300000004) is an error rather than a
// rounded number that could compare equal to another version.

func init() {
	functions.Register(&functions.Func{
		Name: "parse_version", Kind: functions.Scalar,
		Sig:  "parse_version(version: string): decimal",
		Doc:  "The comparable decimal of a version string of one to four dot-separated parts of up to 8 digits; null if malformed.",
		Bind: functions.Fixed("parse_version", types.Decimal, []functions.Param{functions.Req("version", types.String)}, parseVersionKernel),
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

var versionScale = [4]*big.Int{
	new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil),
	new(big.Int).Exp(big.NewInt(10), big.NewInt(16), nil),
	new(big.Int).Exp(big.NewInt(10), big.NewInt(8), nil),
	big.NewInt(1),
}

// versionValue returns the version's number as a float64, and an error
// when the float cannot hold it exactly.
func versionValue(s string) (float64, bool, error) {
	parts, ok := versionNumber(s)
	if !ok {
		return 0, false, nil
	}
	sum, term := new(big.Int), new(big.Int)
	for i, p := range parts {
		sum.Add(sum, term.Mul(big.NewInt(p), versionScale[i]))
	}
	f, acc := new(big.Float).SetInt(sum).Float64()
	if acc != big.Exact {
		return 0, false, fmt.Errorf("parse_version('%s') is %s, which has more digits than Quarry's decimals (64-bit floats) hold exactly: compare the parts instead, e.g. with split(version, '.')", s, sum)
	}
	return f, true, nil
}

func parseVersionKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	v := args[0]
	if v.IsConst() {
		f, ok, err := versionValue(v.Str(0))
		if err != nil {
			return nil, err
		}
		if !ok {
			return functions.NullConst(types.Decimal, n), nil
		}
		return column.Const(types.Decimal, f, n), nil
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		f, ok, err := versionValue(v.Str(i))
		if err != nil {
			return nil, err
		}
		if !ok {
			functions.SetNull(&nulls, n, i)
			continue
		}
		out[i] = f
	}
	return column.FromReals(types.Decimal, out, nulls), nil
}
