package numeric

import (
	"fmt"
	"math"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var byteUnits = []string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}

func init() {
	functions.Register(&functions.Func{
		Name: "format_bytes", Kind: functions.Scalar,
		Sig:  "format_bytes(size: real [, precision: long [, units: string]]): string",
		Doc:  "Formats a byte count with units (Bytes, KB, MB, GB, TB, PB, EB; powers of 1024), rounded to precision digits; units are chosen from the size unless given.",
		Bind: bindFormatBytes,
	})
}

// unitIndex finds a unit name (any case); "" means choose by size.
func unitIndex(u string) (int, bool) {
	if u == "" {
		return -1, true
	}
	for i, name := range byteUnits {
		if strings.EqualFold(u, name) {
			return i, true
		}
	}
	return 0, false
}

func bindFormatBytes(args []functions.Arg) (*functions.Bound, error) {
	const name = "format_bytes"
	params := []functions.Param{functions.Req("size", types.Real), functions.Opt("precision", types.Long), functions.Opt("units", types.String)}
	argTypes, err := functions.CheckArgs(name, params, args)
	if err != nil {
		return nil, err
	}
	if err := checkNumbers(name, args, 0, 1); err != nil {
		return nil, err
	}
	if err := checkIntegers(name, args, 1); err != nil {
		return nil, err
	}
	if len(args) == 3 && args[2].IsConst {
		if u, ok := args[2].Value.(string); ok {
			if _, ok := unitIndex(u); !ok {
				return nil, fmt.Errorf("function '%s': unknown units '%s'; use one of %s", name, u, strings.Join(byteUnits, ", "))
			}
		}
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		size := args[0]
		prec := column.Const(types.Long, int64(0), n)
		units := column.Const(types.String, "", n)
		if len(args) > 1 {
			prec = args[1]
		}
		if len(args) > 2 {
			units = args[2]
		}
		rows := n
		if functions.AllConst(args) {
			rows = 1
		}
		b := column.NewBuilder(types.String, rows)
		var buf []byte
		for i := 0; i < rows; i++ {
			if size.IsNull(i) || prec.IsNull(i) {
				b.AppendStr("")
				continue
			}
			buf = appendBytes(buf[:0], size.Real(i), prec.Int(i), units.Str(i))
			b.AppendStr(string(buf))
		}
		out := b.Build()
		if rows == 1 && n != 1 {
			return column.Const(types.String, out.Str(0), n), nil
		}
		return out, nil
	}
	return &functions.Bound{Type: types.String, ArgTypes: argTypes, Eval: eval}, nil
}

func appendBytes(dst []byte, size float64, prec int64, units string) []byte {
	k, ok := unitIndex(units)
	if !ok || math.IsNaN(size) {
		return dst
	}
	if k < 0 {
		k = 0
		for abs := math.Abs(size); k < len(byteUnits)-1 && abs >= math.Pow(1024, float64(k+1)); k++ {
		}
	}
	v := roundReal(size/math.Pow(1024, float64(k)), prec)
	dst = value.AppendReal(dst, v)
	dst = append(dst, ' ')
	return append(dst, byteUnits[k]...)
}
