package functions

import (
	"errors"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Conditional and general scalar functions: iff/iif, case, coalesce,
// min_of, max_of, isnull, isnotnull, isempty, isnotempty, isnan, isinf,
// isfinite, gettype.

func init() {
	Register(
		&Func{Name: "iff", Aliases: []string{"iif"}, Kind: Scalar, Sig: "iff(condition: bool, then, else)", Doc: "then when condition is true, else otherwise (also when it is null).", Bind: bindIff},
		&Func{Name: "case", Kind: Scalar, Sig: "case(p1, v1, [p2, v2, ...], else)", Doc: "The value after the first true predicate, or else.", Bind: bindCase},
		&Func{Name: "coalesce", Kind: Scalar, Sig: "coalesce(x1, x2, ...)", Doc: "The first argument that is not null (not empty, for strings).", Bind: bindCoalesce},
		&Func{Name: "max_of", Kind: Scalar, Sig: "max_of(x1, x2, ...)", Doc: "The largest argument, ignoring nulls; null when all are null.", Bind: bindExtremeOf("max_of", 1)},
		&Func{Name: "min_of", Kind: Scalar, Sig: "min_of(x1, x2, ...)", Doc: "The smallest argument, ignoring nulls; null when all are null.", Bind: bindExtremeOf("min_of", -1)},
		&Func{Name: "isnull", Kind: Scalar, Sig: "isnull(x): bool", Doc: "True when x is null (never for strings: use isempty).", Bind: bindNullTest("isnull", false, false)},
		&Func{Name: "isnotnull", Aliases: []string{"notnull"}, Kind: Scalar, Sig: "isnotnull(x): bool", Doc: "True when x is not null (always for strings).", Bind: bindNullTest("isnotnull", false, true)},
		&Func{Name: "isempty", Kind: Scalar, Sig: "isempty(x): bool", Doc: "True when x is null or the empty string.", Bind: bindNullTest("isempty", true, false)},
		&Func{Name: "isnotempty", Aliases: []string{"notempty"}, Kind: Scalar, Sig: "isnotempty(x): bool", Doc: "True when x is neither null nor the empty string.", Bind: bindNullTest("isnotempty", true, true)},
		&Func{Name: "isnan", Kind: Scalar, Sig: "isnan(x: real): bool", Doc: "True when x is NaN.", Bind: bindRealTest("isnan", math.IsNaN)},
		&Func{Name: "isinf", Kind: Scalar, Sig: "isinf(x: real): bool", Doc: "True when x is positive or negative infinity.", Bind: bindRealTest("isinf", func(f float64) bool { return math.IsInf(f, 0) })},
		&Func{Name: "isfinite", Kind: Scalar, Sig: "isfinite(x: real): bool", Doc: "True when x is neither infinite nor NaN.", Bind: bindRealTest("isfinite", func(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) })},
		&Func{Name: "gettype", Kind: Scalar, Sig: "gettype(x): string", Doc: "The runtime type of x: for dynamic values the type of what they hold (int, long, real, string, bool, datetime, timespan, guid, array, dictionary, null).", Bind: bindGetType},
	)
}

var errNoCommonType = errors.New("no common type can be determined from the arguments")

// CommonType is the type a list of values converts to (iff, case,
// coalesce, min_of...): equal types stay, numbers widen (int and int stay
// int), and dynamic values take the type of the others. ok is false when
// no such type exists.
func CommonType(ts []types.Type) (types.Type, bool) {
	var t types.Type
	sawDynamic := false
	for _, x := range ts {
		switch {
		case x == types.Unknown:
		case x == types.Dynamic:
			sawDynamic = true
		case t == types.Unknown, t == x:
			t = x
		case t.IsNumeric() && x.IsNumeric():
			t = Widest(t, x)
		default:
			return types.Unknown, false
		}
	}
	if t == types.Unknown && sawDynamic {
		return types.Dynamic, true
	}
	return t, true
}

func bindIff(args []Arg) (*Bound, error) {
	if err := CheckCount("iff", args, 3, 3); err != nil {
		return nil, err
	}
	if c := args[0].Type; c != types.Bool && c != types.Unknown {
		return nil, ArgTypeError("iff", 0, "bool", c)
	}
	t, ok := CommonType([]types.Type{args[1].Type, args[2].Type})
	if !ok {
		// Kusto gives the result the dynamic type.
		t = types.Dynamic
	}
	return &Bound{Type: t, ArgTypes: []types.Type{types.Bool, t, t}, Eval: caseKernel(t)}, nil
}

func bindCase(args []Arg) (*Bound, error) {
	if len(args) < 3 || len(args)%2 == 0 {
		return nil, errors.New("function 'case' expects pairs of predicate and value followed by an else value (an odd number of at least 3 arguments)")
	}
	var vals []types.Type
	argTypes := make([]types.Type, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		if c := args[i].Type; c != types.Bool && c != types.Unknown {
			return nil, ArgTypeError("case", i, "bool", c)
		}
		argTypes[i] = types.Bool
		vals = append(vals, args[i+1].Type)
	}
	vals = append(vals, args[len(args)-1].Type)
	t, ok := CommonType(vals)
	if !ok {
		t = types.Dynamic
	}
	for i := 1; i < len(args); i += 2 {
		argTypes[i] = t
	}
	argTypes[len(args)-1] = t
	return &Bound{Type: t, ArgTypes: argTypes, Eval: caseKernel(t)}, nil
}

// caseKernel evaluates case(p1, v1, ..., else) (iff is the one-pair
// case): each row takes the value after its first true predicate.
func caseKernel(t types.Type) ScalarKernel {
	return func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		pairs := (len(a) - 1) / 2
		// Constant predicates decide without looking at rows.
		for p := 0; p < pairs; p++ {
			c := a[2*p]
			if !c.IsConst() {
				break
			}
			if !c.IsNull(0) && c.Bool(0) {
				return a[2*p+1], nil
			}
			if p == pairs-1 {
				return a[len(a)-1], nil
			}
		}
		pick := make([]uint16, n)
		for i := range pick {
			pick[i] = uint16(len(a) - 1)
		}
		done := make([]bool, n)
		for p := 0; p < pairs; p++ {
			c := a[2*p]
			for i := 0; i < n; i++ {
				if !done[i] && !c.IsNull(i) && c.Bool(i) {
					done[i] = true
					pick[i] = uint16(2*p + 1)
				}
			}
		}
		return gather(t, a, pick, n), nil
	}
}

// gather builds a vector whose row i is row i of a[pick[i]].
func gather(t types.Type, a []*column.Vector, pick []uint16, n int) *column.Vector {
	var nulls column.Bitmap
	isNull := func(i int) bool {
		if a[pick[i]].IsNull(i) {
			nulls = setBit(nulls, i, n)
			return true
		}
		return false
	}
	switch t {
	case types.Bool:
		out := make([]bool, n)
		for i := range out {
			if !isNull(i) {
				out[i] = a[pick[i]].Bool(i)
			}
		}
		return column.FromBools(out, nulls)
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		out := make([]int64, n)
		for i := range out {
			if !isNull(i) {
				out[i] = a[pick[i]].Int(i)
			}
		}
		return column.FromInts(t, out, nulls)
	case types.Real:
		out := make([]float64, n)
		for i := range out {
			if !isNull(i) {
				out[i] = a[pick[i]].Real(i)
			}
		}
		return column.FromReals(t, out, nulls)
	case types.Decimal:
		out := make([]value.Dec, n)
		for i := range out {
			if !isNull(i) {
				out[i] = a[pick[i]].Dec(i)
			}
		}
		return column.FromDecs(out, nulls)
	case types.Dynamic:
		out := make([]any, n)
		for i := range out {
			out[i] = a[pick[i]].Dyn(i)
		}
		return column.FromDyns(out)
	}
	b := NewBuilder(t, n)
	for i := 0; i < n; i++ {
		b.AppendFrom(a[pick[i]], i)
	}
	return b.Build()
}

func bindCoalesce(args []Arg) (*Bound, error) {
	if err := CheckCount("coalesce", args, 2, 64); err != nil {
		return nil, err
	}
	ts := Types(args)
	t, ok := CommonType(ts)
	if !ok {
		return nil, errNoCommonType
	}
	if t != types.Dynamic {
		for i, x := range ts {
			if x == types.Dynamic {
				return nil, ArgTypeError("coalesce", i, t.String(), x)
			}
		}
	}
	return &Bound{Type: t, ArgTypes: Same(t, len(args)), Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		empty := func(v *column.Vector, i int) bool {
			if t == types.String {
				return v.Str(i) == ""
			}
			return IsNullAt(v, i)
		}
		pick := make([]uint16, n)
		for i := range pick {
			j := 0
			for j < len(a)-1 && empty(a[j], i) {
				j++
			}
			pick[i] = uint16(j)
		}
		return gather(t, a, pick, n), nil
	}}, nil
}

func bindExtremeOf(name string, sign int) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if err := CheckCount(name, args, 2, 64); err != nil {
			return nil, err
		}
		t, ok := CommonType(Types(args))
		if !ok {
			return nil, errNoCommonType
		}
		if t == types.Guid {
			return nil, errors.New("the argument value must be orderable: a number, timespan, datetime, string or boolean")
		}
		return &Bound{Type: t, ArgTypes: Same(t, len(args)), Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			pick := make([]uint16, n)
			for i := range pick {
				best := -1
				for j, v := range a {
					if IsNullAt(v, i) {
						continue
					}
					if best < 0 || compareRows(t, v, a[best], i)*sign > 0 {
						best = j
					}
				}
				if best < 0 {
					best = 0
				}
				pick[i] = uint16(best)
			}
			return gather(t, a, pick, n), nil
		}}, nil
	}
}

// compareRows compares row i of two non-null vectors of type t.
func compareRows(t types.Type, x, y *column.Vector, i int) int {
	switch t {
	case types.Bool:
		return boolCmp(x.Bool(i), y.Bool(i))
	case types.Int, types.Long, types.DateTime, types.TimeSpan:
		a, b := x.Int(i), y.Int(i)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	case types.Real:
		return value.Compare(x.Real(i), y.Real(i))
	case types.Decimal:
		return value.CompareDec(x.Dec(i), y.Dec(i))
	case types.String:
		a, b := x.Str(i), y.Str(i)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return value.Compare(x.Value(i), y.Value(i))
}

func bindNullTest(name string, emptyToo, negate bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if err := CheckCount(name, args, 1, 1); err != nil {
			return nil, err
		}
		t := args[0].Type
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{t}, Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			v := a[0]
			if t == types.String {
				if !emptyToo {
					return column.Const(types.Bool, negate, n), nil
				}
				return MapStrBool(v, n, func(s string) bool { return (s == "") != negate }), nil
			}
			if v.IsConst() {
				return column.Const(types.Bool, isEmptyValue(v.Value(0), emptyToo) != negate, n), nil
			}
			out := make([]bool, n)
			if t == types.Dynamic {
				for i := range out {
					out[i] = isEmptyValue(v.Dyn(i), emptyToo) != negate
				}
				return column.FromBools(out, nil), nil
			}
			nm := NullMask(v, n)
			for i := range out {
				out[i] = (nm != nil && nm.Get(i)) != negate
			}
			return column.FromBools(out, nil), nil
		}}, nil
	}
}

// isEmptyValue: null, and with emptyToo also a (dynamic) empty string.
func isEmptyValue(x any, emptyToo bool) bool {
	if x == nil {
		return true
	}
	if s, ok := x.(string); ok && emptyToo {
		return s == ""
	}
	return false
}

func bindRealTest(name string, f func(float64) bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if err := CheckCount(name, args, 1, 1); err != nil {
			return nil, err
		}
		switch t := args[0].Type; t {
		case types.Real, types.Int, types.Long, types.Unknown:
		default:
			return nil, ArgTypeError(name, 0, "real", t)
		}
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.Real}, Eval: WithConstFold(types.Bool, func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			v := a[0]
			out := make([]bool, n)
			for i, x := range v.Reals[:n] {
				out[i] = f(x)
			}
			return column.FromBools(out, NullMask(v, n)), nil
		})}, nil
	}
}

func bindGetType(args []Arg) (*Bound, error) {
	if err := CheckCount("gettype", args, 1, 1); err != nil {
		return nil, err
	}
	t := args[0].Type
	if t != types.Dynamic {
		name := t.String()
		return &Bound{Type: types.String, ArgTypes: []types.Type{t}, Eval: func(_ *Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
			return column.Const(types.String, name, n), nil
		}}, nil
	}
	return &Bound{Type: types.String, ArgTypes: []types.Type{t}, Eval: func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		v := a[0]
		if v.IsConst() {
			return column.Const(types.String, DynamicTypeName(v.Dyn(0)), n), nil
		}
		b := NewStrBuilder(n)
		for i := 0; i < n; i++ {
			b.Append(DynamicTypeName(v.Dyn(i)))
		}
		return b.Build(), nil
	}}, nil
}

// DynamicTypeName is gettype() of a dynamic value: JSON integers that fit
// 32 bits are "int".
func DynamicTypeName(x any) string {
	switch y := x.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64:
		if y >= math.MinInt32 && y <= math.MaxInt32 {
			return "int"
		}
		return "long"
	case int32:
		return "int"
	case float64:
		return "real"
	case value.Decimal:
		return "decimal"
	case string:
		return "string"
	case value.DateTime:
		return "datetime"
	case value.TimeSpan:
		return "timespan"
	case value.GUID:
		return "guid"
	case []any:
		return "array"
	case *value.Bag:
		return "dictionary"
	}
	return "unknown"
}
