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
// dynamic, or a null of unknown type.
func Assignable(from, to types.Type) bool {
	switch {
	case from == to, to == types.Unknown, from == types.Unknown:
		return true
	case from.IsNumeric() && to.IsNumeric():
		return true
	case to == types.Dynamic:
		return true
	}
	return false
}
