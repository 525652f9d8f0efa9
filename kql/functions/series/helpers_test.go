package series

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// targ is a test argument: a column of values or a constant.
type targ struct {
	t     types.Type
	vals  []any
	konst bool
	name  string
}

// dyn is a constant dynamic argument parsed from JSON ("null" for null).
func dyn(js string) targ {
	v, err := value.ParseJSON(js)
	if err != nil {
		panic(err)
	}
	return targ{t: types.Dynamic, vals: []any{v}, konst: true}
}

// dyns is a dynamic column, one JSON text per row.
func dyns(js ...string) targ {
	a := targ{t: types.Dynamic}
	for _, s := range js {
		v, err := value.ParseJSON(s)
		if err != nil {
			panic(err)
		}
		a.vals = append(a.vals, v)
	}
	return a
}

func named(a targ, n string) targ { a.name = n; return a }

func lng(v int64) targ       { return targ{t: types.Long, vals: []any{v}, konst: true} }
func rl(v float64) targ      { return targ{t: types.Real, vals: []any{v}, konst: true} }
func bl(v bool) targ         { return targ{t: types.Bool, vals: []any{v}, konst: true} }
func str(v string) targ      { return targ{t: types.String, vals: []any{v}, konst: true} }
func null(t types.Type) targ { return targ{t: t, vals: []any{nil}, konst: true} }

func boxAs(v any, t types.Type) any {
	switch x := v.(type) {
	case int64:
		if t == types.Real {
			return float64(x)
		}
	case float64:
		if t == types.Long {
			return int64(x)
		}
	}
	return v
}

// bind binds a catalog function over test arguments.
func bind(t *testing.T, name string, args ...targ) (*functions.Bound, error) {
	t.Helper()
	f, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	bargs := make([]functions.Arg, len(args))
	for i, a := range args {
		bargs[i] = functions.Arg{Type: a.t, Name: a.name}
		if a.konst {
			bargs[i].IsConst = true
			bargs[i].Value = a.vals[0]
		}
	}
	return f.Bind(bargs)
}

// call binds and evaluates; constant-only calls run over one row.
func call(t *testing.T, name string, args ...targ) ([]any, error) {
	t.Helper()
	b, err := bind(t, name, args...)
	if err != nil {
		return nil, err
	}
	n := 1
	for _, a := range args {
		if !a.konst {
			n = len(a.vals)
		}
	}
	vecs := make([]*column.Vector, len(args))
	for i, a := range args {
		at := a.t
		if i < len(b.ArgTypes) && b.ArgTypes[i] != types.Unknown {
			at = b.ArgTypes[i]
		}
		if a.konst {
			vecs[i] = column.Const(at, boxAs(a.vals[0], at), n)
			continue
		}
		bd := column.NewBuilder(at, len(a.vals))
		for _, v := range a.vals {
			bd.AppendValue(boxAs(v, at))
		}
		vecs[i] = bd.Build()
	}
	out, err := b.Eval(&functions.Ctx{}, vecs, n)
	if err != nil {
		return nil, err
	}
	if out.Type != b.Type {
		t.Fatalf("%s: kernel returned %s, bound type is %s", name, out.Type, b.Type)
	}
	if out.Len() != n {
		t.Fatalf("%s: kernel returned %d rows, want %d", name, out.Len(), n)
	}
	res := make([]any, n)
	for i := range res {
		res[i] = out.Value(i)
	}
	return res, nil
}

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

type tcase struct {
	fn   string
	args []targ
	want string // show() of the single result, or "error: <substring>"
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		res, err := call(t, c.fn, c.args...)
		if strings.HasPrefix(c.want, "error") {
			if err == nil {
				t.Errorf("%s: want %s, got %s", c.fn, c.want, show(res[0]))
			} else if sub := strings.TrimPrefix(strings.TrimPrefix(c.want, "error"), ": "); !strings.Contains(err.Error(), sub) {
				t.Errorf("%s: error %q does not mention %q", c.fn, err, sub)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.fn, err)
			continue
		}
		if got := show(res[0]); got != c.want {
			t.Errorf("%s(%v) = %s, want %s", c.fn, argsText(c.args), got, c.want)
		}
	}
}

func argsText(args []targ) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if len(a.vals) == 1 {
			parts[i] = show(a.vals[0])
		} else {
			parts[i] = show(a.vals)
		}
	}
	return strings.Join(parts, ", ")
}

// one evaluates a call over constants and returns its value.
func one(t *testing.T, name string, args ...targ) any {
	t.Helper()
	r, err := call(t, name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r[0]
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
