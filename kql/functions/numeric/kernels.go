// Package numeric registers Kusto's math functions: rounding, powers and
// logarithms, trigonometry, bitwise operations, random numbers,
// format_bytes, the error and beta functions and welch_test. (max_of,
// min_of, isnan, isinf and isfinite live in the core package.)
//
// Powers, logarithms and trigonometry go through package crmath, whose
// correctly rounded results match the digits Kusto prints where Go's
// math package can be one ulp off.
package numeric

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// checkNumbers rejects arguments that are not numbers (Kusto: "The
// expression value must be a number").
func checkNumbers(name string, args []functions.Arg, idx ...int) error {
	for _, i := range idx {
		if i >= len(args) {
			continue
		}
		if t := args[i].Type; !t.IsNumeric() && t != types.Unknown {
			return fmt.Errorf("function '%s': argument %d must be a number, got %s", name, i+1, t)
		}
	}
	return nil
}

// checkIntegers rejects arguments that are not int or long.
func checkIntegers(name string, args []functions.Arg, idx ...int) error {
	for _, i := range idx {
		if i >= len(args) {
			continue
		}
		if t := args[i].Type; !t.IsInteger() && t != types.Unknown {
			return fmt.Errorf("function '%s': argument %d must be an integer (int or long), got %s", name, i+1, t)
		}
	}
	return nil
}

// numericFixed binds a function of numbers with a fixed result type:
// arguments must be numbers (not datetimes or strings) and are converted
// to the parameter types.
func numericFixed(name string, result types.Type, params []functions.Param, ints []int, eval functions.ScalarKernel) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		argTypes, err := functions.CheckArgs(name, params, args)
		if err != nil {
			return nil, err
		}
		all := make([]int, len(args))
		for i := range all {
			all[i] = i
		}
		if err := checkNumbers(name, args, all...); err != nil {
			return nil, err
		}
		if err := checkIntegers(name, args, ints...); err != nil {
			return nil, err
		}
		return &functions.Bound{Type: result, ArgTypes: argTypes, Eval: eval}, nil
	}
}
