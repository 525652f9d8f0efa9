package functions

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Comparison operators: == != < <= > >= and the case-insensitive string
// equalities =~ !~.
//
// Operand types: numbers compare across widths (converted to the wider
// type); datetime, timespan, bool, guid and string compare with their own
// type; a dynamic operand is converted to the other operand's type (so
// d.Name == "x" compares tostring(d.Name)); a string compared with ==
// or != to a value of another type is converted to that type, as Kusto
// does for queries such as `ResultType == 0` on a string column. Strings
// compare ordinally and only for equality; < and > take numbers,
// datetimes, timespans and dynamic values.
//
// Nulls (documented under "Null values"): == of a null and a non-null is
// false and != is true; two nulls give null, and so does any ordering
// comparison involving a null.

func init() {
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		Register(&Func{Name: op, Kind: Operator, Sig: "a " + op + " b", Doc: "Comparison.", Bind: bindCompare(op)})
	}
	Register(
		&Func{Name: "=~", Kind: Operator, Sig: "a =~ b", Doc: "Case-insensitive string equality.", Bind: bindEqualFold("=~", false)},
		&Func{Name: "!~", Kind: Operator, Sig: "a !~ b", Doc: "Case-insensitive string inequality.", Bind: bindEqualFold("!~", true)},
	)
}

// compareError is Kusto's message for operands that cannot be compared.
func compareError(a, b types.Type) error {
	return fmt.Errorf("cannot compare values of types %s and %s; try adding explicit casts", a, b)
}

// ComparisonType returns the type both operands of a comparison are
// converted to, or an error.
func ComparisonType(op string, a, b types.Type) (types.Type, error) {
	eq := op == "==" || op == "!="
	switch {
	case a == types.Unknown || b == types.Unknown:
		return types.Unknown, nil
	case a.IsNumeric() && b.IsNumeric():
		return Widest(a, b), nil
	case a == b:
		switch a {
		case types.String, types.Guid, types.Bool:
			if !eq {
				return types.Unknown, OperatorError(op, a, b)
			}
		}
		return a, nil
	case a == types.Dynamic:
		return dynamicCompareType(op, b, a)
	case b == types.Dynamic:
		return dynamicCompareType(op, a, b)
	case eq && a == types.String:
		return stringCompareType(b), nil
	case eq && b == types.String:
		return stringCompareType(a), nil
	case eq && ((a == types.Bool && b.IsNumeric()) || (b == types.Bool && a.IsNumeric())):
		return types.Long, nil
	case eq:
		return types.Unknown, compareError(a, b)
	}
	return types.Unknown, OperatorError(op, a, b)
}

func dynamicCompareType(op string, other, dyn types.Type) (types.Type, error) {
	eq := op == "==" || op == "!="
	switch {
	case other.IsNumeric():
		return Widest(other, types.Long), nil
	case eq:
		return other, nil
	}
	return types.Unknown, OperatorError(op, dyn, other)
}

func stringCompareType(other types.Type) types.Type {
	if other.IsNumeric() {
		return Widest(other, types.Long)
	}
	return other
}

func bindCompare(op string) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) != 2 {
			return nil, ArgCountError(op, 2, 2, len(args))
		}
		t, err := ComparisonType(op, args[0].Type, args[1].Type)
		if err != nil {
			return nil, err
		}
		if t == types.Unknown {
			return unknownBound(types.Bool, args), nil
		}
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{t, t}, Eval: compareKernel(op, t)}, nil
	}
}

// cmpOp is a comparison decoded once.
type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
)

func decodeCmp(op string) cmpOp {
	switch op {
	case "==":
		return opEq
	case "!=":
		return opNe
	case "<":
		return opLt
	case "<=":
		return opLe
	case ">":
		return opGt
	}
	return opGe
}

// flip returns the operator with swapped operands (a < b is b > a).
func (o cmpOp) flip() cmpOp {
	switch o {
	case opLt:
		return opGt
	case opLe:
		return opGe
	case opGt:
		return opLt
	case opGe:
		return opLe
	}
	return o
}

// holds reports whether the operator holds for a three-way comparison
// result c.
func (o cmpOp) holds(c int) bool {
	switch o {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	}
	return c >= 0
}

func compareKernel(op string, t types.Type) ScalarKernel {
	o := decodeCmp(op)
	return WithConstFold(types.Bool, func(_ *Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		x, y := args[0], args[1]
		out := make([]bool, n)
		switch t {
		case types.Long, types.Int, types.DateTime, types.TimeSpan:
			cmpOrdered(o, x, y, x.Ints, y.Ints, out)
		case types.Real:
			cmpOrdered(o, x, y, x.Reals, y.Reals, out)
		case types.Decimal:
			cmpDecs(o, x, y, out)
		case types.Bool:
			for i := range out {
				out[i] = o.holds(boolCmp(x.Bool(i), y.Bool(i)))
			}
		case types.String, types.Guid:
			return compareStrings(o, x, y, n), nil
		case types.Dynamic:
			for i := range out {
				a, b := x.Dyn(i), y.Dyn(i)
				if a == nil || b == nil {
					continue
				}
				if o == opEq || o == opNe {
					out[i] = value.Equal(a, b) == (o == opEq)
					continue
				}
				c, ok := dynOrder(a, b)
				out[i] = ok && o.holds(c)
			}
			return column.FromBools(out, compareNulls(o, x, y, out, n)), nil
		}
		return column.FromBools(out, compareNulls(o, x, y, out, n)), nil
	})
}

// compareNulls applies the null rules to out and returns the result's
// null mask.
func compareNulls(o cmpOp, x, y *column.Vector, out []bool, n int) column.Bitmap {
	nx, ny := NullMask(x, n), NullMask(y, n)
	if nx == nil && ny == nil {
		return nil
	}
	var nulls column.Bitmap
	for i := range out {
		a := nx != nil && nx.Get(i)
		b := ny != nil && ny.Get(i)
		switch {
		case a && b, (a || b) && o != opEq && o != opNe:
			nulls = setBit(nulls, i, n)
			out[i] = false
		case a || b:
			out[i] = o == opNe
		}
	}
	return nulls
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// dynOrder orders two dynamic values for < and >: numbers by value,
// strings ordinally, datetimes and timespans by ticks; other pairs are
// not ordered.
func dynOrder(a, b any) (int, bool) {
	if fa, ok := dynNumber(a); ok {
		if fb, ok := dynNumber(b); ok {
			return value.Compare(fa, fb), true
		}
		return 0, false
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case value.DateTime:
		if y, ok := b.(value.DateTime); ok {
			return value.Compare(x, y), true
		}
	case value.TimeSpan:
		if y, ok := b.(value.TimeSpan); ok {
			return value.Compare(x, y), true
		}
	}
	return 0, false
}

// cmpOrdered compares int64 or float64 columns, with loops specialised
// for a constant operand (the common `where X > 5`).
func cmpOrdered[T int64 | float64](o cmpOp, x, y *column.Vector, xs, ys []T, out []bool) {
	n := len(out)
	switch {
	case y.IsConst():
		cmpConst(o, xs[:n], ys[0], out)
	case x.IsConst():
		cmpConst(o.flip(), ys[:n], xs[0], out)
	default:
		xs, ys = xs[:n], ys[:n]
		switch o {
		case opEq:
			for i := range out {
				out[i] = xs[i] == ys[i]
			}
		case opNe:
			for i := range out {
				out[i] = xs[i] != ys[i]
			}
		case opLt:
			for i := range out {
				out[i] = xs[i] < ys[i]
			}
		case opLe:
			for i := range out {
				out[i] = xs[i] <= ys[i]
			}
		case opGt:
			for i := range out {
				out[i] = xs[i] > ys[i]
			}
		case opGe:
			for i := range out {
				out[i] = xs[i] >= ys[i]
			}
		}
	}
}

func cmpConst[T int64 | float64](o cmpOp, xs []T, c T, out []bool) {
	switch o {
	case opEq:
		for i, x := range xs {
			out[i] = x == c
		}
	case opNe:
		for i, x := range xs {
			out[i] = x != c
		}
	case opLt:
		for i, x := range xs {
			out[i] = x < c
		}
	case opLe:
		for i, x := range xs {
			out[i] = x <= c
		}
	case opGt:
		for i, x := range xs {
			out[i] = x > c
		}
	case opGe:
		for i, x := range xs {
			out[i] = x >= c
		}
	}
}

// compareStrings compares string (or guid) vectors ordinally; a constant
// side makes it one comparison per distinct value of the other.
func compareStrings(o cmpOp, x, y *column.Vector, n int) *column.Vector {
	if y.IsConst() && !y.IsNull(0) {
		c := strings.Clone(y.Str(0))
		r := MapStrBool(x, n, func(s string) bool { return o.holds(strings.Compare(s, c)) })
		return fixStringNulls(o, r, x, y, n)
	}
	if x.IsConst() && !x.IsNull(0) {
		c := strings.Clone(x.Str(0))
		f := o.flip()
		r := MapStrBool(y, n, func(s string) bool { return f.holds(strings.Compare(s, c)) })
		return fixStringNulls(o, r, x, y, n)
	}
	out := make([]bool, n)
	for i := range out {
		out[i] = o.holds(strings.Compare(x.Str(i), y.Str(i)))
	}
	return column.FromBools(out, compareNulls(o, x, y, out, n))
}

// fixStringNulls applies the null rules after MapStrBool, which only
// knows the mapped side's nulls (guid vectors can hold nulls).
func fixStringNulls(o cmpOp, r, x, y *column.Vector, n int) *column.Vector {
	if NullMask(x, n) == nil && NullMask(y, n) == nil {
		return r
	}
	if r.IsConst() {
		r = Materialize(r, n)
	}
	out := r.Bools
	return column.FromBools(out, compareNulls(o, x, y, out, n))
}

// Materialize expands a constant vector into a plain one of n rows.
func Materialize(v *column.Vector, n int) *column.Vector {
	if !v.IsConst() {
		return v
	}
	b := NewBuilder(v.Type, n)
	for i := 0; i < n; i++ {
		b.AppendFrom(v, 0)
	}
	return b.Build()
}

func bindEqualFold(op string, negate bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) != 2 {
			return nil, ArgCountError(op, 2, 2, len(args))
		}
		a, b := args[0].Type, args[1].Type
		if anyUnknown(args) {
			return unknownBound(types.Bool, args), nil
		}
		if !IsStringLike(a) || !IsStringLike(b) {
			return nil, OperatorError(op, a, b)
		}
		k := stringPredicate(args, func(n *Needle) func(string) bool {
			if negate {
				return func(s string) bool { return !n.Equal(s) }
			}
			return n.Equal
		}, false)
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.String, types.String}, Eval: k}, nil
	}
}
