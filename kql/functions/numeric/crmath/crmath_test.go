package crmath

import (
	"math"
	"testing"
)

// The expected values are the correctly rounded results, computed with
// 80-digit decimal arithmetic. Several differ from package math in the
// last bit (Log(3), Tan(1), Sin(1e22) ...).
func TestCorrectlyRounded(t *testing.T) {
	one := func(f func(float64) float64) func(x, y float64) float64 {
		return func(x, _ float64) float64 { return f(x) }
	}
	fns := map[string]func(x, y float64) float64{
		"Exp": one(Exp), "Log": one(Log), "Log2": one(Log2), "Log10": one(Log10), "Pow": Pow,
		"Sin": one(Sin), "Cos": one(Cos), "Tan": one(Tan), "Atan": one(Atan), "Asin": one(Asin),
		"Acos": one(Acos), "Atan2": Atan2,
	}
	for _, c := range []struct {
		fn         string
		x, y, want float64
	}{
		{"Exp", 0.1, 0, 1.1051709180756477},
		{"Exp", -5.5, 0, 0.004086771438464067},
		{"Exp", 700, 0, 1.0142320547350045e+304},
		{"Log", 10, 0, 2.302585092994046},
		{"Log", 3, 0, 1.0986122886681098},
		{"Log", 1.0000001, 0, 9.999999505838704e-08},
		{"Log", 1e-300, 0, -690.7755278982137},
		{"Log2", 5, 0, 2.321928094887362},
		{"Log2", 0.1, 0, -3.321928094887362},
		{"Log10", 2, 0, 0.3010299956639812},
		{"Log10", 0.3, 0, -0.5228787452803376},
		{"Pow", 3, 0.5, 1.7320508075688772},
		{"Pow", 1.1, 100, 13780.61233982238},
		{"Pow", 10, -3.5, 0.00031622776601683794},
		{"Sin", 1, 0, 0.8414709848078965},
		{"Cos", 1, 0, 0.5403023058681398},
		{"Tan", 1, 0, 1.5574077246549023},
		{"Tan", 1.5, 0, 14.101419947171719},
		{"Sin", 1e22, 0, -0.8522008497671888},
		{"Cos", 1e22, 0, 0.523214785395139},
		{"Sin", 1000000, 0, -0.34999350217129294},
		{"Atan", 3, 0, 1.2490457723982544},
		{"Asin", 0.3, 0, 0.3046926540153975},
		{"Acos", 0.3, 0, 1.2661036727794992},
		{"Atan2", 1, -2, 2.677945044588987},
	} {
		if got := fns[c.fn](c.x, c.y); got != c.want {
			t.Errorf("%s(%v, %v) = %v, want %v", c.fn, c.x, c.y, got, c.want)
		}
	}
}

// Exact results stay exact, and special values follow package math.
func TestExactAndSpecial(t *testing.T) {
	eq := func(name string, got, want float64) {
		t.Helper()
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	for k := -1074; k <= 1023; k += 7 {
		eq("Log2(2^k)", Log2(math.Ldexp(1, k)), float64(k))
	}
	for k := -20; k <= 22; k++ {
		eq("Log10(10^k)", Log10(math.Pow(10, float64(k))), float64(k))
	}
	eq("Pow(2, 10)", Pow(2, 10), 1024)
	eq("Pow(10, 2)", Pow(10, 2), 100)
	eq("Pow(-3, 3)", Pow(-3, 3), -27)
	eq("Pow(-3, 2)", Pow(-3, 2), 9)
	eq("Pow(-3, 0.5)", Pow(-3, 0.5), math.NaN())
	eq("Pow(0, -1)", Pow(0, -1), math.Inf(1))
	eq("Pow(2, 2000)", Pow(2, 2000), math.Inf(1))
	eq("Pow(2, -1074)", Pow(2, -1074), 5e-324)
	eq("Exp2(3)", Exp2(3), 8)
	eq("Exp10(-2)", Exp10(-2), 0.01)
	eq("Exp(0)", Exp(0), 1)
	eq("Exp(710)", Exp(710), math.Inf(1))
	eq("Exp(-746)", Exp(-746), 0)
	eq("Exp(NaN)", Exp(math.NaN()), math.NaN())
	eq("Log(0)", Log(0), math.Inf(-1))
	eq("Log(-1)", Log(-1), math.NaN())
	eq("Log(1)", Log(1), 0)
	eq("Log(Inf)", Log(math.Inf(1)), math.Inf(1))
	eq("Log2(-2)", Log2(-2), math.NaN())
	eq("Sin(-0)", Sin(math.Copysign(0, -1)), math.Copysign(0, -1))
	eq("Sin(Inf)", Sin(math.Inf(1)), math.NaN())
	eq("Cos(0)", Cos(0), 1)
	eq("Tan(-0)", Tan(math.Copysign(0, -1)), math.Copysign(0, -1))
	eq("Asin(1)", Asin(1), math.Pi/2)
	eq("Asin(2)", Asin(2), math.NaN())
	eq("Acos(-1)", Acos(-1), math.Pi)
	eq("Acos(1)", Acos(1), 0)
	eq("Atan(Inf)", Atan(math.Inf(-1)), -math.Pi/2)
	eq("Atan2(0, -1)", Atan2(0, -1), math.Pi)
	eq("Atan2(-1, 0)", Atan2(-1, 0), -math.Pi/2)
	eq("Atan2(1e-300, 1e300)", Atan2(1e-300, 1e300), 0)
	eq("Sin(max)", Sin(math.MaxFloat64), 0.004961954789184062) // package math is 22 ulps off here
}

func BenchmarkLog(b *testing.B) {
	x := 1.5
	for i := 0; i < b.N; i++ {
		_ = Log(x)
		x += 1e-9
	}
}

func BenchmarkSin(b *testing.B) {
	x := 1.5
	for i := 0; i < b.N; i++ {
		_ = Sin(x)
		x += 1e-9
	}
}

func BenchmarkPow(b *testing.B) {
	x := 1.5
	for i := 0; i < b.N; i++ {
		_ = Pow(x, 2.7)
		x += 1e-9
	}
}
