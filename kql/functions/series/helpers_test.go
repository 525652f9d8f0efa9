package series

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/value"
)

type (
	targ  = fntest.Arg
	tcase = fntest.Case
)

// Shorthands for the arguments of this package's test tables.
var (
	dyn   = fntest.DynLit
	dyns  = fntest.DynCol
	named = fntest.Named
	lng   = fntest.Long
	rl    = fntest.Real
	bl    = fntest.Bool
	str   = fntest.Str
	null  = fntest.Null
)

// show renders a value with its type visible: reals always carry a
// decimal point or exponent ("2.0"), longs never do.
func show(v any) string {
	var sb strings.Builder
	write(&sb, v)
	return sb.String()
}

func write(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		sb.WriteString("null")
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	case int64:
		sb.WriteString(strconv.FormatInt(x, 10))
	case float64:
		switch {
		case math.IsNaN(x):
			sb.WriteString("NaN")
		case math.IsInf(x, 1):
			sb.WriteString("+Inf")
		case math.IsInf(x, -1):
			sb.WriteString("-Inf")
		default:
			s := strconv.FormatFloat(x, 'g', -1, 64)
			if !strings.ContainsAny(s, ".e") {
				s += ".0"
			}
			sb.WriteString(s)
		}
	case []any:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteByte(',')
			}
			write(sb, e)
		}
		sb.WriteByte(']')
	case *value.Bag:
		sb.WriteByte('{')
		for i, k := range x.Keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(k)
			sb.WriteByte(':')
			write(sb, x.Values[i])
		}
		sb.WriteByte('}')
	default:
		sb.WriteString(value.ToString(v))
	}
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	fntest.RunCases(t, show, cases)
}

// near compares reals to a relative tolerance.
func near(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// floats reads a dynamic array of reals.
func floats(t *testing.T, v any) []float64 {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("not an array: %s", show(v))
	}
	out := make([]float64, len(a))
	for i, e := range a {
		f, ok := e.(float64)
		if !ok {
			t.Fatalf("element %d is not a real: %s", i, show(v))
		}
		out[i] = f
	}
	return out
}
