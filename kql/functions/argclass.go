package functions

import "github.com/quarryhunt/quarry/kql/types"

// ArgClass is the ArgKind of the families whose parameters fall in the
// usual classes (the dynamic and series functions).
type ArgClass uint8

const (
	ScalarArg  ArgClass = iota // any scalar, passed unchanged
	DynamicArg                 // dynamic
	ArrayArg                   // dynamic, an array at run time
	LongArg                    // int or long, converted to long
	RealArg                    // any number, converted to real
	BoolArg                    // bool
	StringArg                  // string
	NumberArg                  // any number; int widens to long, decimal to real
	OperandArg                 // dynamic, or a number as NumberArg
)

var argClassWords = [...]string{
	"a scalar value", "a dynamic value", "a dynamic array", "an integer (int or long)", "a number",
	"a bool", "a string", "a number", "a dynamic array or a number",
}

// Accepts implements ArgKind.
func (c ArgClass) Accepts(t types.Type) bool {
	switch c {
	case ScalarArg:
		return true
	case DynamicArg, ArrayArg:
		return t == types.Dynamic
	case LongArg:
		return t.IsInteger()
	case RealArg, NumberArg:
		return t.IsNumeric()
	case BoolArg:
		return t == types.Bool
	case StringArg:
		return t == types.String
	case OperandArg:
		return t == types.Dynamic || t.IsNumeric()
	}
	return false
}

// Target implements ArgKind.
func (c ArgClass) Target(t types.Type) types.Type {
	switch c {
	case DynamicArg, ArrayArg:
		return types.Dynamic
	case LongArg:
		return types.Long
	case RealArg:
		return types.Real
	case BoolArg:
		return types.Bool
	case StringArg:
		return types.String
	case NumberArg, OperandArg:
		switch t {
		case types.Int:
			return types.Long
		case types.Decimal:
			return types.Real
		}
	}
	return t
}

// Want implements ArgKind.
func (c ArgClass) Want() string { return argClassWords[c] }
