package geo

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

// arg is a test argument: a column of boxed values, or a constant.
type arg struct {
	t     types.Type
	vals  []any
	konst bool
}

func lit(t types.Type, v any) arg { return arg{t: t, vals: []any{v}, konst: true} }
func r(v float64) arg             { return lit(types.Real, v) }
func l(v int64) arg               { return lit(types.Long, v) }
func s(v string) arg              { return lit(types.String, v) }
func b(v bool) arg                { return lit(types.Bool, v) }
func nullReal() arg               { return lit(types.Real, nil) }
func reals(vs ...any) arg         { return arg{t: types.Real, vals: vs} }
func strs(vs ...any) arg          { return arg{t: types.String, vals: vs} }

// j is a dynamic constant parsed from JSON text.
func j(text string) arg {
	v, err := value.ParseJSON(text)
	if err != nil {
		panic(err)
	}
	return lit(types.Dynamic, v)
}

func dyns(texts ...string) arg {
	a := arg{t: types.Dynamic}
	for _, t := range texts {
		v, err := value.ParseJSON(t)
		if err != nil {
			panic(err)
		}
		a.vals = append(a.vals, v)
	}
	return a
}

func toType(v any, t types.Type) any {
	if v == nil {
		return nil
	}
	switch t {
	case types.Real:
		switch x := v.(type) {
		case int64:
			return float64(x)
		case int:
			return float64(x)
		}
	case types.Long:
		switch x := v.(type) {
		case float64:
			return int64(x)
		case int:
			return int64(x)
		}
	}
	return v
}

func vectorOf(a arg, t types.Type, n int) *column.Vector {
	if a.konst {
		return functions.ConstOf(t, toType(a.vals[0], t), n)
	}
	bl := functions.NewBuilder(t, len(a.vals))
	for _, v := range a.vals {
		bl.AppendValue(toType(v, t))
	}
	return bl.Build()
}

// call binds and runs a registered function over the arguments.
func call(t *testing.T, name string, args ...arg) ([]any, error) {
	t.Helper()
	f, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	bargs := make([]functions.Arg, len(args))
	n := 1
	for i, a := range args {
		bargs[i] = functions.Arg{Type: a.t}
		if a.konst {
			bargs[i].IsConst = true
			bargs[i].Value = a.vals[0]
		} else {
			n = len(a.vals)
		}
	}
	bd, err := f.Bind(bargs)
	if err != nil {
		return nil, err
	}
	vecs := make([]*column.Vector, len(args))
	for i, a := range args {
		vecs[i] = vectorOf(a, bd.ArgTypes[i], n)
	}
	out, err := bd.Eval(&functions.Ctx{}, vecs, n)
	if err != nil {
		return nil, err
	}
	if out.Type != bd.Type {
		t.Fatalf("%s: kernel returned %s, bound type is %s", name, out.Type, bd.Type)
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
		label := c.fn
		if c.name != "" {
			label += "/" + c.name
		}
		res, err := call(t, c.fn, c.args...)
		if strings.HasPrefix(c.want, "error") {
			want := strings.TrimPrefix(strings.TrimPrefix(c.want, "error"), ": ")
			if err == nil {
				t.Errorf("%s: want error %q, got %v", label, want, res)
			} else if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not mention %q", label, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		}
		got := make([]string, len(res))
		for i, v := range res {
			got[i] = render(v)
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("%s = %s, want %s", label, g, c.want)
		}
	}
}

// meters formats a distance as render does, for expectations computed
// from the sphere's radius.
func meters(radians float64) string { return render(radians * earthRadius) }

func deg(d float64) float64 { return d * math.Pi / 180 }
