package functions

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/types"
)

// Param is one parameter of a fixed signature.
type Param struct {
	Name string
	Type types.Type
	// Optional parameters may be left out at the end of the call.
	Optional bool
}

// Fixed builds the Bind of a function with one signature: each argument
// must have the parameter's type or convert implicitly to it (int, long,
// real and decimal widen to each other as Kusto allows), and the result
// has type result. Most catalog entries need nothing more.
func Fixed(name string, result types.Type, params []Param, eval ScalarKernel) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		argTypes, err := CheckArgs(name, params, args)
		if err != nil {
			return nil, err
		}
		return &Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
	}
}

// CheckArgs checks args against params and returns the types to convert
// them to; the error is in Kusto's words.
func CheckArgs(name string, params []Param, args []Arg) ([]types.Type, error) {
	min := 0
	for _, p := range params {
		if !p.Optional {
			min++
		}
	}
	if len(args) < min || len(args) > len(params) {
		if min == len(params) {
			return nil, fmt.Errorf("function '%s' expects %d argument(s), got %d", name, min, len(args))
		}
		return nil, fmt.Errorf("function '%s' expects %d to %d arguments, got %d", name, min, len(params), len(args))
	}
	out := make([]types.Type, len(args))
	for i, a := range args {
		p := params[i]
		if !Assignable(a.Type, p.Type) {
			return nil, fmt.Errorf("function '%s': argument %d (%s) expects a value of type %s, got %s", name, i+1, p.Name, p.Type, a.Type)
		}
		out[i] = p.Type
	}
	return out, nil
}

// Assignable reports whether a value of type from may be passed where to
// is expected: the same type, numeric widening or narrowing (Kusto
// converts int, long, real and decimal arguments implicitly), any type to
// dynamic, dynamic to string (converted as tostring prints it), or a null
// of unknown type.
func Assignable(from, to types.Type) bool {
	switch {
	case from == to, to == types.Unknown, from == types.Unknown:
		return true
	case from.IsNumeric() && to.IsNumeric():
		return true
	case to == types.Dynamic, from == types.Dynamic && to == types.String:
		return true
	}
	return false
}

// ArgKind is a class of argument types that a family accepts at a
// position (its own enumeration), with the type it converts them to.
type ArgKind interface {
	// Accepts reports whether an argument of type t fits.
	Accepts(t types.Type) bool
	// Target is the type an accepted argument of type t converts to.
	Target(t types.Type) types.Type
	// Want names the class in errors: "a dynamic array".
	Want() string
}

// CheckKinds checks the argument count (hi < 0: no limit; lo is the minimum) and each
// argument against its position's kind, the last kind repeating for
// variadic functions, and returns the types to convert them to.
func CheckKinds[K ArgKind](name string, args []Arg, lo, hi int, kinds ...K) ([]types.Type, error) {
	if err := CheckCount(name, args, lo, hi); err != nil {
		return nil, err
	}
	out := make([]types.Type, len(args))
	for i, a := range args {
		if a.Star {
			return nil, fmt.Errorf("function '%s' does not accept *", name)
		}
		k := kinds[min(i, len(kinds)-1)]
		if a.Type != types.Unknown && !k.Accepts(a.Type) {
			return nil, fmt.Errorf("function '%s': argument %d must be %s, got %s", name, i+1, k.Want(), a.Type)
		}
		out[i] = k.Target(a.Type)
	}
	return out, nil
}

// BindKinds is the Bind of a function with a fixed result type whose
// arguments CheckKinds checks.
func BindKinds[K ArgKind](name string, result types.Type, eval ScalarKernel, lo, hi int, kinds ...K) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		ts, err := CheckKinds(name, args, lo, hi, kinds...)
		if err != nil {
			return nil, err
		}
		return &Bound{Type: result, ArgTypes: ts, Eval: eval}, nil
	}
}
