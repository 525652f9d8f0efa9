package temporal

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// checkInts rejects real and decimal arguments at the given positions:
// Kusto wants whole numbers there (offsets, amounts) and does not
// truncate silently.
func checkInts(name string, args []functions.Arg, idx ...int) error {
	for _, i := range idx {
		if i < len(args) {
			if t := args[i].Type; t == types.Real || t == types.Decimal {
				return fmt.Errorf("function '%s': argument %d must be an integer (int or long), got %s", name, i+1, t)
			}
		}
	}
	return nil
}

// literalString returns argument i, which must be a constant string.
func literalString(name string, args []functions.Arg, i int) (string, error) {
	a := args[i]
	s, ok := a.Value.(string)
	if !a.IsConst || !ok {
		return "", fmt.Errorf("function '%s': argument %d must be a string literal", name, i+1)
	}
	return s, nil
}

// fixedInts is functions.Fixed plus checkInts on the listed positions.
func fixedInts(name string, result types.Type, params []functions.Param, ints []int, eval functions.ScalarKernel) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		argTypes, err := functions.CheckArgs(name, params, args)
		if err != nil {
			return nil, err
		}
		if err := checkInts(name, args, ints...); err != nil {
			return nil, err
		}
		return &functions.Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
	}
}

// oneOf renders a list of accepted words for an error message.
func oneOf(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
