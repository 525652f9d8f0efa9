package numeric

import (
	"math"
	"math/rand/v2"

	"github.com/quarryhunt/quarry/kql/functions/numeric/crmath"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// unary is a real -> real function; ok=false gives null (Kusto returns
// null where the documentation says the input is out of the domain).
type unary struct {
	name, doc string
	f         func(x float64) (float64, bool)
}

func total(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) { return f(x), true }
}

var unaries = []unary{
	{"sqrt", "The square root; null for a negative number.", func(x float64) (float64, bool) { return math.Sqrt(x), !(x < 0) }},
	{"exp", "e raised to the power x.", total(crmath.Exp)},
	{"exp2", "2 raised to the power x.", total(crmath.Exp2)},
	{"exp10", "10 raised to the power x.", total(crmath.Exp10)},
	{"log", "The natural logarithm; null for a negative number.", func(x float64) (float64, bool) { return crmath.Log(x), !(x < 0) }},
	{"log2", "The base-2 logarithm; null for a negative number.", func(x float64) (float64, bool) { return crmath.Log2(x), !(x < 0) }},
	{"log10", "The base-10 logarithm; null for a negative number.", func(x float64) (float64, bool) { return crmath.Log10(x), !(x < 0) }},
	{"gamma", "The gamma function.", total(math.Gamma)},
	{"loggamma", "The natural logarithm of the absolute value of the gamma function.", total(func(x float64) float64 { r, _ := math.Lgamma(x); return r })},
	{"acos", "The arc cosine; null outside [-1, 1].", func(x float64) (float64, bool) { return crmath.Acos(x), !(x < -1 || x > 1) }},
	{"asin", "The arc sine; null outside [-1, 1].", func(x float64) (float64, bool) { return crmath.Asin(x), !(x < -1 || x > 1) }},
	{"atan", "The arc tangent.", total(crmath.Atan)},
	{"cos", "The cosine.", total(crmath.Cos)},
	{"sin", "The sine.", total(crmath.Sin)},
	{"tan", "The tangent.", total(crmath.Tan)},
	{"cot", "The cotangent.", total(func(x float64) float64 { return 1 / crmath.Tan(x) })}, // Kusto computes 1/tan(x): cot(1) = 0.64209261593433065
	{"degrees", "Converts radians to degrees.", total(func(x float64) float64 { return x * (180 / math.Pi) })},
	{"radians", "Converts degrees to radians.", total(func(x float64) float64 { return x * (math.Pi / 180) })},
}

func init() {
	for _, u := range unaries {
		f := u.f
		functions.Register(&functions.Func{
			Name: u.name, Kind: functions.Scalar,
			Sig: u.name + "(x: real): real",
			Doc: u.doc,
			Bind: numericFixed(u.name, types.Real, []functions.Param{functions.Req("x", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues(types.Real, args[0], n, f), nil
				}),
		})
	}
	functions.Register(
		&functions.Func{
			Name: "pow", Kind: functions.Scalar,
			Sig: "pow(base: real, exponent: real): real",
			Doc: "base raised to the power exponent.",
			Bind: numericFixed("pow", types.Real, []functions.Param{functions.Req("base", types.Real), functions.Req("exponent", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues2(types.Real, args[0], args[1], n, func(x, y float64) (float64, bool) { return crmath.Pow(x, y), true }), nil
				}),
		},
		&functions.Func{
			Name: "atan2", Kind: functions.Scalar,
			Sig: "atan2(y: real, x: real): real",
			Doc: "The angle in radians between the positive x-axis and the ray to the point (x, y).",
			Bind: numericFixed("atan2", types.Real, []functions.Param{functions.Req("y", types.Real), functions.Req("x", types.Real)}, nil,
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapValues2(types.Real, args[0], args[1], n, func(y, x float64) (float64, bool) { return crmath.Atan2(y, x), true }), nil
				}),
		},
		&functions.Func{
			Name: "pi", Kind: functions.Scalar,
			Sig: "pi(): real",
			Doc: "The constant pi.",
			Bind: functions.Fixed("pi", types.Real, nil, func(_ *functions.Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
				return column.Const(types.Real, math.Pi, n), nil
			}),
		},
		&functions.Func{
			Name: "rand", Kind: functions.Scalar,
			Sig:  "rand([n: long]): real",
			Doc:  "A random real in [0, 1), or with n a random whole number in 0 .. n-1 (as a real); a new value on every row.",
			Bind: numericFixed("rand", types.Real, []functions.Param{functions.Opt("n", types.Long)}, []int{0}, evalRand),
		},
	)
}

func evalRand(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	out := make([]float64, n)
	if len(args) == 0 {
		for i := range out {
			out[i] = rand.Float64()
		}
		return column.FromReals(types.Real, out, nil), nil
	}
	lim := args[0]
	var nulls column.Bitmap
	for i := range out {
		if lim.IsNull(i) || lim.Int(i) <= 0 {
			functions.SetNull(&nulls, n, i)
			continue
		}
		out[i] = float64(rand.Int64N(lim.Int(i)))
	}
	return column.FromReals(types.Real, out, nulls), nil
}
