package functions

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Type rules shared by the operator and function binders, and the error
// messages Kusto gives when they fail.

// Widest is the type of arithmetic between two numeric types. Kusto
// widens int < long < real < decimal, and int op int is long.
func Widest(a, b types.Type) types.Type {
	rank := func(t types.Type) int {
		switch t {
		case types.Int:
			return 1
		case types.Long:
			return 2
		case types.Real:
			return 3
		case types.Decimal:
			return 4
		}
		return 0
	}
	w := a
	if rank(b) > rank(a) {
		w = b
	}
	if w == types.Int {
		return types.Long
	}
	return w
}

// IsStringLike reports whether t is string or dynamic: the operand types
// of the string operators.
func IsStringLike(t types.Type) bool { return t == types.String || t == types.Dynamic }

// IsSummable reports whether t is numeric, datetime or timespan.
func IsSummable(t types.Type) bool { return t.IsNumeric() || t.IsTemporal() }

// OperatorError is Kusto's message for operand types an operator does not
// accept.
func OperatorError(op string, ts ...types.Type) error {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.String()
	}
	if len(ts) == 1 {
		return fmt.Errorf("the operator '%s' is not defined for the operand type %s", op, names[0])
	}
	last := len(names) - 1
	list := names[0]
	if last > 1 {
		list = strings.Join(names[:last], ", ")
	}
	return fmt.Errorf("the operator '%s' is not defined for the operand types %s and %s", op, list, names[last])
}

// ArgTypeError says which argument of a function has the wrong type.
func ArgTypeError(fn string, i int, want string, got types.Type) error {
	return fmt.Errorf("function '%s': argument %d must be %s, got %s", fn, i+1, want, got)
}

// ArgCountError says that a call has the wrong number of arguments.
func ArgCountError(fn string, min, max, got int) error {
	switch {
	case min == max:
		return fmt.Errorf("function '%s' expects %d argument(s), got %d", fn, min, got)
	case max < 0:
		return fmt.Errorf("function '%s' expects at least %d argument(s), got %d", fn, min, got)
	}
	return fmt.Errorf("function '%s' expects %d to %d arguments, got %d", fn, min, max, got)
}

// CheckCount checks the number of arguments; max < 0 means no limit.
func CheckCount(fn string, args []Arg, min, max int) error {
	if len(args) < min || (max >= 0 && len(args) > max) {
		return ArgCountError(fn, min, max, len(args))
	}
	return nil
}

// anyUnknown reports whether an argument failed to bind; the binder has
// already reported that, so callers avoid cascading errors.
func anyUnknown(args []Arg) bool {
	for _, a := range args {
		if a.Type == types.Unknown {
			return true
		}
	}
	return false
}

// unknownBound is what a Bind returns when an argument failed to bind: a
// result of the expected type whose kernel is never run.
func unknownBound(t types.Type, args []Arg) *Bound {
	ts := make([]types.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type
	}
	return &Bound{Type: t, ArgTypes: ts, Eval: unboundKernel}
}

func unboundKernel(*Ctx, []*column.Vector, int) (*column.Vector, error) {
	return nil, fmt.Errorf("internal error: evaluating an expression that failed to bind")
}

// Types returns the types of args.
func Types(args []Arg) []types.Type {
	ts := make([]types.Type, len(args))
	for i, a := range args {
		ts[i] = a.Type
	}
	return ts
}

// Same returns n copies of t.
func Same(t types.Type, n int) []types.Type {
	ts := make([]types.Type, n)
	for i := range ts {
		ts[i] = t
	}
	return ts
}
