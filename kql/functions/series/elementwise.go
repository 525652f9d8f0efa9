package series

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/numeric/crmath"
	"github.com/quarryhunt/quarry/kql/types"
)

// Element-wise functions: series_abs ... series_tan map each element of
// one array; series_add ... series_not_equals combine two arrays (or an
// array and a number) element by element. A non-numeric element, or a
// position past the end of the shorter array, gives a null element.

// unaryOp maps one element. Integral inputs go to fi when it is set
// (series_abs and series_sign keep longs long); everything else goes to
// ff, whose ok=false gives null (outside the domain, as the scalar
// functions do).
type unaryOp struct {
	name, doc string
	fi        func(int64) (int64, bool)
	ff        func(float64) (float64, bool)
}

func realFn(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) { return f(x), true }
}

var unaryOps = []unaryOp{
	{name: "series_abs", doc: "The absolute value of each element (longs stay longs).",
		fi: func(x int64) (int64, bool) {
			if x == math.MinInt64 {
				return 0, false
			}
			if x < 0 {
				return -x, true
			}
			return x, true
		},
		ff: realFn(math.Abs)},
	{name: "series_sign", doc: "The sign of each element: -1, 0 or 1 (longs stay longs).",
		fi: func(x int64) (int64, bool) {
			switch {
			case x < 0:
				return -1, true
			case x > 0:
				return 1, true
			}
			return 0, true
		},
		ff: func(x float64) (float64, bool) {
			switch {
			case x < 0:
				return -1, true
			case x > 0:
				return 1, true
			case x == 0:
				return 0, true
			}
			return x, true // NaN
		}},
	{name: "series_ceiling", doc: "The smallest whole number not less than each element, as a real.", ff: realFn(math.Ceil)},
	{name: "series_floor", doc: "The largest whole number not greater than each element, as a real.", ff: realFn(math.Floor)},
	{name: "series_exp", doc: "e raised to the power of each element.", ff: realFn(crmath.Exp)},
	{name: "series_log", doc: "The natural logarithm of each element; null for a negative element.",
		ff: func(x float64) (float64, bool) { return crmath.Log(x), !(x < 0) }},
	{name: "series_acos", doc: "The arc cosine of each element; null outside [-1, 1].",
		ff: func(x float64) (float64, bool) { return crmath.Acos(x), !(x < -1 || x > 1) }},
	{name: "series_asin", doc: "The arc sine of each element; null outside [-1, 1].",
		ff: func(x float64) (float64, bool) { return crmath.Asin(x), !(x < -1 || x > 1) }},
	{name: "series_atan", doc: "The arc tangent of each element.", ff: realFn(crmath.Atan)},
	{name: "series_cos", doc: "The cosine of each element.", ff: realFn(crmath.Cos)},
	{name: "series_sin", doc: "The sine of each element.", ff: realFn(crmath.Sin)},
	{name: "series_tan", doc: "The tangent of each element.", ff: realFn(crmath.Tan)},
}

func (u unaryOp) apply(e any) any {
	f, i, integral, ok := number(e)
	if !ok {
		return nil
	}
	if integral && u.fi != nil {
		r, ok := u.fi(i)
		if !ok {
			return nil
		}
		return r
	}
	r, ok := u.ff(f)
	if !ok {
		return nil
	}
	return r
}

func (u unaryOp) kernel() functions.ScalarKernel {
	return dynKernel(func() func([]any) any {
		return func(row []any) any {
			a, ok := asArray(row[0])
			if !ok {
				return nil
			}
			out := make([]any, len(a))
			for i, e := range a {
				out[i] = u.apply(e)
			}
			return out
		}
	})
}

// binaryOp combines two elements. Two integral elements go to fi when it
// is set (add, subtract and multiply of longs give longs, wrapping on
// overflow as Kusto's long arithmetic does); otherwise ff computes a real
// or fb a bool.
type binaryOp struct {
	name, doc string
	fi        func(a, b int64) int64
	ff        func(a, b float64) float64
	fb        func(fa, fb float64, ia, ib int64, integral bool) bool
}

func cmpOp(fcmp func(a, b float64) bool, icmp func(a, b int64) bool) func(float64, float64, int64, int64, bool) bool {
	return func(fa, fb float64, ia, ib int64, integral bool) bool {
		if integral {
			return icmp(ia, ib)
		}
		return fcmp(fa, fb)
	}
}

var binaryOps = []binaryOp{
	{name: "series_add", doc: "The element-wise sum.",
		fi: func(a, b int64) int64 { return a + b }, ff: func(a, b float64) float64 { return a + b }},
	{name: "series_subtract", doc: "The element-wise difference.",
		fi: func(a, b int64) int64 { return a - b }, ff: func(a, b float64) float64 { return a - b }},
	{name: "series_multiply", doc: "The element-wise product.",
		fi: func(a, b int64) int64 { return a * b }, ff: func(a, b float64) float64 { return a * b }},
	{name: "series_divide", doc: "The element-wise quotient, always a real (x/0 is +-Infinity or NaN).",
		ff: func(a, b float64) float64 { return a / b }},
	{name: "series_pow", doc: "Each element of the first raised to the power of the second's, as a real.",
		ff: crmath.Pow},
	{name: "series_greater", doc: "Element-wise a > b.",
		fb: cmpOp(func(a, b float64) bool { return a > b }, func(a, b int64) bool { return a > b })},
	{name: "series_greater_equals", doc: "Element-wise a >= b.",
		fb: cmpOp(func(a, b float64) bool { return a >= b }, func(a, b int64) bool { return a >= b })},
	{name: "series_less", doc: "Element-wise a < b.",
		fb: cmpOp(func(a, b float64) bool { return a < b }, func(a, b int64) bool { return a < b })},
	{name: "series_less_equals", doc: "Element-wise a <= b.",
		fb: cmpOp(func(a, b float64) bool { return a <= b }, func(a, b int64) bool { return a <= b })},
	{name: "series_equals", doc: "Element-wise a == b.",
		fb: cmpOp(func(a, b float64) bool { return a == b }, func(a, b int64) bool { return a == b })},
	{name: "series_not_equals", doc: "Element-wise a != b.",
		fb: cmpOp(func(a, b float64) bool { return a != b }, func(a, b int64) bool { return a != b })},
}

func (o binaryOp) apply(x, y any) any {
	fa, ia, inta, ok := number(x)
	if !ok {
		return nil
	}
	fb, ib, intb, ok := number(y)
	if !ok {
		return nil
	}
	integral := inta && intb
	switch {
	case o.fb != nil:
		return o.fb(fa, fb, ia, ib, integral)
	case integral && o.fi != nil:
		return o.fi(ia, ib)
	}
	return o.ff(fa, fb)
}

// kernel combines the operands; arrA and arrB say which operands are
// dynamic (they must hold arrays; the others are numbers broadcast to
// every element, a null number giving null elements).
func (o binaryOp) kernel(arrA, arrB bool) functions.ScalarKernel {
	return dynKernel(func() func([]any) any {
		return func(row []any) any {
			var a, b []any
			if arrA {
				var ok bool
				if a, ok = asArray(row[0]); !ok {
					return nil
				}
			}
			if arrB {
				var ok bool
				if b, ok = asArray(row[1]); !ok {
					return nil
				}
			}
			switch {
			case arrA && arrB:
				n := max(len(a), len(b))
				out := make([]any, n)
				for i := range out {
					if i < len(a) && i < len(b) {
						out[i] = o.apply(a[i], b[i])
					}
				}
				return out
			case arrA:
				out := make([]any, len(a))
				for i, e := range a {
					out[i] = o.apply(e, row[1])
				}
				return out
			}
			out := make([]any, len(b))
			for i, e := range b {
				out[i] = o.apply(row[0], e)
			}
			return out
		}
	})
}

// bindBinary checks that both operands are arrays or numbers and that at
// least one is an array.
func bindBinary(o binaryOp) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, err := functions.CheckKinds(o.name, args, 2, 2, kOperand, kOperand)
		if err != nil {
			return nil, err
		}
		arrA, arrB, err := operandArrays(o.name, args)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: o.kernel(arrA, arrB)}, nil
	}
}

// operandArrays tells which of two operands are dynamic arrays; at least
// one must be (a null of unknown type counts as one).
func operandArrays(name string, args []functions.Arg) (bool, bool, error) {
	arrA := args[0].Type == types.Dynamic || args[0].Type == types.Unknown
	arrB := args[1].Type == types.Dynamic || args[1].Type == types.Unknown
	if !arrA && !arrB {
		return false, false, fmt.Errorf("function '%s': at least one argument must be a dynamic array, got %s and %s", name, args[0].Type, args[1].Type)
	}
	return arrA, arrB, nil
}

func init() {
	for _, u := range unaryOps {
		functions.Register(&functions.Func{
			Name: u.name, Kind: functions.Scalar,
			Sig:  u.name + "(series: dynamic): dynamic",
			Doc:  u.doc + " A non-numeric element gives null.",
			Bind: functions.BindKinds(u.name, types.Dynamic, u.kernel(), 1, 1, kArray),
		})
	}
	for _, o := range binaryOps {
		functions.Register(&functions.Func{
			Name: o.name, Kind: functions.Scalar,
			Sig:  o.name + "(series1: dynamic, series2: dynamic): dynamic",
			Doc:  o.doc + " Either argument may be a number, applied to every element; a non-numeric element or a position past the end of the shorter array gives null.",
			Bind: bindBinary(o),
		})
	}
}
