package geo

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

type arg = fntest.Arg

// Shorthands for the arguments of this package's test tables.
var (
	lit  = fntest.Lit
	r    = fntest.Real
	l    = fntest.Long
	s    = fntest.Str
	b    = fntest.Bool
	j    = fntest.DynLit
	dyns = fntest.DynCol
)

func nullReal() arg       { return lit(types.Real, nil) }
func nullLong() arg       { return lit(types.Long, nil) }
func reals(vs ...any) arg { return fntest.Col(types.Real, vs...) }
func strs(vs ...any) arg  { return fntest.Col(types.String, vs...) }

// call binds and runs a registered function over the arguments.
func call(t *testing.T, name string, args ...arg) ([]any, error) {
	t.Helper()
	res, _, err := fntest.Call(t, name, args...)
	return res, err
}

// render prints a result compactly, with reals to 10 significant digits
// so that expectations are written in meaningful precision.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case float64:
		if math.Abs(x) < 1e-9 {
			x = 0 // round-off of a computed zero
		}
		return strconv.FormatFloat(x, 'g', 10, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *value.Bag:
		parts := make([]string, len(x.Keys))
		for i, k := range x.Keys {
			parts[i] = k + ":" + render(x.Values[i])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case string:
		return strconv.Quote(x)
	}
	return value.ToString(v)
}

type tcase struct {
	name string
	fn   string
	args []arg
	want string // render of each row joined by "|", or "error: <substring>"
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		fntest.Check(t, render, c.name, fntest.Case{Fn: c.fn, Args: c.args, Want: c.want})
	}
}
