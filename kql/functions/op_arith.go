package functions

import (
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Arithmetic operators. The binder calls them by their spelling ("+",
// "-", "*", "/", "%"; unary minus is "neg"). Bind picks the operand types
// the kernel works on (the binder converts the operands), so each kernel
// sees one storage type: numbers are widened to the wider type (int op int
// is long), datetime and timespan arithmetic runs on ticks. Nulls are
// sticky; integer division or modulo by zero gives null, real division by
// zero gives an infinity or NaN; modulo is never negative.

func init() {
	for _, op := range []struct{ name, doc string }{
		{"+", "Addition: numbers, timespan + timespan, datetime + timespan."},
		{"-", "Subtraction: numbers, timespan - timespan, datetime - timespan, datetime - datetime (a timespan)."},
		{"*", "Multiplication: numbers, timespan * number."},
		{"/", "Division: numbers (integer division truncates), timespan / number, timespan / timespan and datetime / timespan (a real: the ratio of the ticks)."},
		{"%", "Modulo, never negative: numbers, timespan % timespan."},
	} {
		Register(&Func{Name: op.name, Kind: Operator, Sig: "a " + op.name + " b", Doc: op.doc, Bind: bindArith(op.name)})
	}
	Register(&Func{Name: "neg", Kind: Operator, Sig: "-a", Doc: "Unary minus of a number or timespan.", Bind: bindNeg})
}

// arithSig is a resolved arithmetic signature: operand types and result.
type arithSig struct{ a, b, r types.Type }

func resolveArith(op string, a, b types.Type) (arithSig, bool) {
	switch {
	case a.IsNumeric() && b.IsNumeric():
		w := Widest(a, b)
		return arithSig{w, w, w}, true
	case a == types.Dynamic && b == types.Dynamic:
		return arithSig{types.Dynamic, types.Dynamic, types.Dynamic}, true
	case a == types.Dynamic:
		return resolveArith(op, dynamicPartner(op, b, false), b)
	case b == types.Dynamic:
		return resolveArith(op, a, dynamicPartner(op, a, true))
	}
	ts, dt := types.TimeSpan, types.DateTime
	switch op {
	case "+":
		switch {
		case a == ts && b == ts:
			return arithSig{ts, ts, ts}, true
		case a == dt && b == ts:
			return arithSig{dt, ts, dt}, true
		case a == ts && b == dt:
			return arithSig{ts, dt, dt}, true
		}
	case "-":
		switch {
		case a == ts && b == ts:
			return arithSig{ts, ts, ts}, true
		case a == dt && b == ts:
			return arithSig{dt, ts, dt}, true
		case a == dt && b == dt:
			return arithSig{dt, dt, ts}, true
		}
	case "*":
		switch {
		case a == ts && b.IsNumeric():
			return arithSig{ts, scaleType(b), ts}, true
		case a.IsNumeric() && b == ts:
			return arithSig{scaleType(a), ts, ts}, true
		}
	case "/":
		switch {
		case a == ts && b.IsNumeric():
			return arithSig{ts, scaleType(b), ts}, true
		case a == ts && b == ts:
			return arithSig{ts, ts, types.Real}, true
		case a == dt && (b == ts || b == dt):
			// The ratio of the ticks, as Kusto computes it.
			return arithSig{dt, b, types.Real}, true
		}
	case "%":
		switch {
		case a == ts && b == ts, a == dt && b == ts:
			return arithSig{a, ts, ts}, true
		case a == ts && b.IsInteger():
			return arithSig{ts, types.Long, ts}, true
		}
	}
	return arithSig{}, false
}

// scaleType is the type a number multiplying or dividing a timespan is
// converted to.
func scaleType(t types.Type) types.Type {
	if t.IsInteger() {
		return types.Long
	}
	return types.Real
}

// dynamicPartner is the type a dynamic operand is converted to when the
// other operand has type other (Kusto converts the dynamic value).
func dynamicPartner(op string, other types.Type, dynIsRight bool) types.Type {
	switch {
	case other.IsNumeric():
		return Widest(other, types.Long)
	case other == types.DateTime:
		if op == "-" {
			return types.DateTime
		}
		return types.TimeSpan
	case other == types.TimeSpan:
		if (op == "*" || op == "/") && dynIsRight {
			return types.Real
		}
		return types.TimeSpan
	}
	return types.Dynamic
}

func bindArith(op string) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) != 2 {
			return nil, ArgCountError(op, 2, 2, len(args))
		}
		a, b := args[0].Type, args[1].Type
		if anyUnknown(args) {
			return unknownBound(types.Unknown, args), nil
		}
		s, ok := resolveArith(op, a, b)
		if !ok {
			return nil, OperatorError(op, a, b)
		}
		return &Bound{Type: s.r, ArgTypes: []types.Type{s.a, s.b}, Eval: arithKernel(op, s)}, nil
	}
}

func arithKernel(op string, s arithSig) ScalarKernel {
	return WithConstFold(s.r, func(_ *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		x, y := args[0], args[1]
		nulls := OrMasks(n, NullMask(x, n), NullMask(y, n))
		switch {
		case s.a == types.Dynamic:
			out := make([]any, n)
			for i := 0; i < n; i++ {
				out[i] = dynArith(op, x.Dyn(i), y.Dyn(i))
			}
			return column.FromDyns(out), nil
		case s.a.IsTemporal() && s.b.IsTemporal() && s.r == types.Real:
			xs, ys := Ints(x, n), Ints(y, n)
			out := make([]float64, n)
			for i := range out {
				out[i] = float64(xs[i]) / float64(ys[i])
			}
			return column.FromReals(types.Real, out, nulls), nil
		case s.a == types.TimeSpan && s.b == types.Real, s.a == types.Real && s.b == types.TimeSpan:
			// timespan * real, timespan / real, real * timespan
			var spans []int64
			var fs []float64
			if s.a == types.TimeSpan {
				spans, fs = Ints(x, n), Reals(y, n)
			} else {
				spans, fs = Ints(y, n), Reals(x, n)
			}
			out := make([]int64, n)
			var bad column.Bitmap
			for i := range out {
				f := float64(spans[i])
				if op == "/" {
					f /= fs[i]
				} else {
					f *= fs[i]
				}
				t, ok := realToLong(f)
				if !ok {
					bad = setBit(bad, i, n)
				}
				out[i] = t
			}
			return column.FromInts(s.r, out, OrMasks(n, nulls, bad)), nil
		case s.a == types.Decimal:
			return decArith(op, x, y, nulls, n)
		case s.a == types.Real:
			out := make([]float64, n)
			realArith(op, Reals(x, n), Reals(y, n), out)
			return column.FromReals(s.r, out, nulls), nil
		}
		out := make([]int64, n)
		bad := intArith(op, Ints(x, n), Ints(y, n), out, n)
		if s.r == types.DateTime {
			bad = nullBadDates(out, bad, n)
		}
		return column.FromInts(s.r, out, OrMasks(n, nulls, bad)), nil
	})
}

func setBit(b column.Bitmap, i, n int) column.Bitmap {
	if b == nil {
		b = column.NewBitmap(n)
	}
	b.Set(i)
	return b
}

func nullBadDates(out []int64, bad column.Bitmap, n int) column.Bitmap {
	for i, t := range out {
		if t < 0 || t > value.MaxDateTime {
			bad = setBit(bad, i, n)
		}
	}
	return bad
}

// Ints returns the int-stored values of v for n rows; a constant is
// broadcast.
func Ints(v *column.Vector, n int) []int64 {
	if v.IsConst() {
		out := make([]int64, n)
		x := v.Ints[0]
		for i := range out {
			out[i] = x
		}
		return out
	}
	return v.Ints[:n]
}

// Reals returns the real-stored values of v for n rows; a constant is
// broadcast.
func Reals(v *column.Vector, n int) []float64 {
	if v.IsConst() {
		out := make([]float64, n)
		x := v.Reals[0]
		for i := range out {
			out[i] = x
		}
		return out
	}
	return v.Reals[:n]
}

// intArith computes out = xs op ys, returning the rows with no value
// (division or modulo by zero).
func intArith(op string, xs, ys, out []int64, n int) column.Bitmap {
	var bad column.Bitmap
	switch op {
	case "+":
		for i := range out {
			out[i] = xs[i] + ys[i]
		}
	case "-":
		for i := range out {
			out[i] = xs[i] - ys[i]
		}
	case "*":
		for i := range out {
			out[i] = xs[i] * ys[i]
		}
	case "/":
		for i := range out {
			if ys[i] == 0 {
				bad = setBit(bad, i, n)
				continue
			}
			if ys[i] == -1 {
				out[i] = -xs[i]
				continue
			}
			out[i] = xs[i] / ys[i]
		}
	case "%":
		for i := range out {
			if ys[i] == 0 {
				bad = setBit(bad, i, n)
				continue
			}
			out[i] = modLong(xs[i], ys[i])
		}
	}
	return bad
}

func modLong(x, y int64) int64 {
	if y == -1 {
		return 0
	}
	r := x % y
	if r < 0 {
		if y < 0 {
			r -= y
		} else {
			r += y
		}
	}
	return r
}

func modReal(x, y float64) float64 {
	r := math.Mod(x, y)
	if r < 0 {
		r += math.Abs(y)
	}
	return r
}

func realArith(op string, xs, ys, out []float64) {
	switch op {
	case "+":
		for i := range out {
			out[i] = xs[i] + ys[i]
		}
	case "-":
		for i := range out {
			out[i] = xs[i] - ys[i]
		}
	case "*":
		for i := range out {
			out[i] = xs[i] * ys[i]
		}
	case "/":
		for i := range out {
			out[i] = xs[i] / ys[i]
		}
	case "%":
		for i := range out {
			out[i] = modReal(xs[i], ys[i])
		}
	}
}

// dynArith is arithmetic between two dynamic values: numbers only; two
// longs give a long, otherwise a real.
func dynArith(op string, x, y any) any {
	if x == nil || y == nil {
		return nil
	}
	xi, xok := x.(int64)
	yi, yok := y.(int64)
	if xok && yok {
		out := []int64{0}
		if bad := intArith(op, []int64{xi}, []int64{yi}, out, 1); bad != nil {
			return nil
		}
		return out[0]
	}
	xf, ok1 := dynNumber(x)
	yf, ok2 := dynNumber(y)
	if !ok1 || !ok2 {
		return nil
	}
	out := []float64{0}
	realArith(op, []float64{xf}, []float64{yf}, out)
	return out[0]
}

func dynNumber(x any) (float64, bool) {
	switch y := x.(type) {
	case int64:
		return float64(y), true
	case float64:
		return y, true
	case int32:
		return float64(y), true
	}
	return 0, false
}

func bindNeg(args []Arg) (*Bound, error) {
	if len(args) != 1 {
		return nil, ArgCountError("-", 1, 1, len(args))
	}
	t := args[0].Type
	switch {
	case t == types.Unknown:
		return unknownBound(types.Unknown, args), nil
	case t == types.Int:
		t = types.Long
	case t.IsNumeric(), t == types.TimeSpan, t == types.Dynamic:
	default:
		return nil, OperatorError("-", t)
	}
	return &Bound{Type: t, ArgTypes: []types.Type{t}, Eval: func(_ *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		x := args[0]
		if x.IsConst() {
			return ConstOf(t, negValue(normalizeBox(x.Value(0))), n), nil
		}
		nulls := NullMask(x, n)
		switch t {
		case types.Decimal:
			out := make([]value.Dec, n)
			for i, d := range x.Decs[:n] {
				out[i] = d.Negate()
			}
			return column.FromDecs(out, nulls), nil
		case types.Real:
			out := make([]float64, n)
			for i, f := range x.Reals[:n] {
				out[i] = -f
			}
			return column.FromReals(t, out, nulls), nil
		case types.Dynamic:
			out := make([]any, n)
			for i := range out {
				out[i] = negValue(x.Dyn(i))
			}
			return column.FromDyns(out), nil
		}
		out := make([]int64, n)
		for i, v := range x.Ints[:n] {
			out[i] = -v
		}
		return column.FromInts(t, out, nulls), nil
	}}, nil
}

func negValue(x any) any {
	switch y := x.(type) {
	case int64:
		return -y
	case int32:
		return -int64(y)
	case float64:
		return -y
	case value.TimeSpan:
		return -y
	case value.Decimal:
		if d, ok := value.ParseDec(string(y)); ok {
			return d.Negate().Box()
		}
	}
	return nil
}

// normalizeBox is kept for callers that box before negating: decimals
// stay exact text.
func normalizeBox(x any) any { return x }
