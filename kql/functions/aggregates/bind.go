package aggregates

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Parameter classes, as Kusto's binder names them in its errors.
type class uint8

const (
	cScalar    class = iota // any type
	cNotDyn                 // any type but dynamic
	cSummable               // number, timespan or datetime
	cOrderable              // number, timespan, datetime, string or bool
	cBool                   // bool
	cInteger                // int or long
	cDynamic                // dynamic
)

var classWords = [...]string{
	"a scalar value",
	"a non-dynamic scalar value",
	"summable: a number, timespan or datetime",
	"orderable: a number, timespan, datetime, string or boolean",
	"of type bool",
	"an integer",
	"a dynamic property bag",
}

// Accepts implements functions.ArgKind.
func (c class) Accepts(t types.Type) bool {
	switch c {
	case cScalar:
		return true
	case cNotDyn:
		return t != types.Dynamic
	case cSummable:
		return t.IsNumeric() || t.IsTemporal()
	case cOrderable:
		return t.IsNumeric() || t.IsTemporal() || t == types.String || t == types.Bool
	case cBool:
		return t == types.Bool
	case cInteger:
		return t.IsInteger()
	case cDynamic:
		return t == types.Dynamic
	}
	return false
}

// Target implements functions.ArgKind: arguments keep their types except
// predicates; the caller adjusts integer constants.
func (c class) Target(t types.Type) types.Type {
	if c == cBool {
		return types.Bool
	}
	return t
}

// Want implements functions.ArgKind.
func (c class) Want() string { return classWords[c] }

// check validates args against classes (the last class repeats for extra
// arguments) and the count bounds (max < 0: unbounded).
func check(name string, args []functions.Arg, min, max int, classes ...class) ([]types.Type, error) {
	return functions.CheckKinds(name, args, min, max, classes...)
}

// constInt reads a constant integer argument (maxSize, accuracy).
func constInt(name string, a functions.Arg, what string) (int64, error) {
	if !a.IsConst {
		return 0, fmt.Errorf("function '%s': %s must be a constant", name, what)
	}
	switch x := a.Value.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int:
		return int64(x), nil
	case float64:
		if x == math.Trunc(x) {
			return int64(x), nil
		}
	}
	return 0, fmt.Errorf("function '%s': %s must be an integer constant", name, what)
}

// constNumber reads a constant number (a percentile).
func constNumber(name string, a functions.Arg, what string) (float64, error) {
	if !a.IsConst {
		return 0, fmt.Errorf("function '%s': %s must be a constant", name, what)
	}
	switch x := a.Value.(type) {
	case int64:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case float64:
		return x, nil
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f, nil
		}
	}
	return 0, fmt.Errorf("function '%s': %s must be a numeric constant", name, what)
}

// Output naming follows Kusto's binder. Arg.Name is the argument's
// result name (a column's name, the name Kusto derives for expressions
// such as tostring(x), or "" for an unnamed expression). A returned name
// "" asks the binder for its generic ColumnN name.

// prefixName is Kusto's PrefixAndFirstArgument rule: count_, sum_X.
func prefixName(prefix string, args []functions.Arg) string {
	if len(args) == 0 {
		return prefix + "_"
	}
	return prefix + "_" + args[0].Name
}

func one(name string, t types.Type) types.Schema { return types.Schema{{Name: name, Type: t}} }

// numberFragment renders a percentile for a column name: 50, 99_9.
func numberFragment(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	return strings.NewReplacer(".", "_", "-", "_", "+", "_").Replace(s)
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
