// Package fntest holds what the tests of the function families share:
// describing arguments, binding and evaluating a catalog function the way
// the binder and the executor do, and checking the rows it returns.
package fntest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Arg is a test argument: a column of boxed values (nil = null), a
// constant, or a prepared vector.
type Arg struct {
	Type  types.Type
	Vals  []any
	Const bool
	// Dict asks for a dictionary-encoded string column.
	Dict bool
	// Raw is used as it is when set.
	Raw *column.Vector
	// Name is the column name the binder passes for a column reference.
	Name string
}

// Col is a column of type t.
func Col(t types.Type, vals ...any) Arg { return Arg{Type: t, Vals: vals} }

// Lit is a constant of type t.
func Lit(t types.Type, v any) Arg { return Arg{Type: t, Vals: []any{v}, Const: true} }

// DictCol is a dictionary-encoded string column holding vals.
func DictCol(vals ...string) Arg {
	a := Arg{Type: types.String, Dict: true}
	for _, v := range vals {
		a.Vals = append(a.Vals, v)
	}
	return a
}

// DictCodes is a dictionary-encoded string column given by its
// dictionary and codes, for dictionaries with unused or repeated entries.
func DictCodes(dict []string, codes []uint32) Arg {
	s := &column.Strings{Dict: column.StringsOf(dict...), Codes: codes}
	return Arg{Type: types.String, Raw: column.FromStrings(types.String, s)}
}

// Named gives a column argument the name of the column it reads.
func Named(a Arg, name string) Arg {
	a.Name = name
	return a
}

// JSON parses a dynamic value, panicking on bad text (test input is
// fixed).
func JSON(text string) any {
	v, err := value.ParseJSON(text)
	if err != nil {
		panic(fmt.Sprintf("bad JSON %q: %v", text, err))
	}
	return v
}

// DynLit is a dynamic constant parsed from JSON text.
func DynLit(text string) Arg { return Lit(types.Dynamic, JSON(text)) }

// DynCol is a dynamic column, one JSON text per row.
func DynCol(texts ...string) Arg {
	a := Arg{Type: types.Dynamic}
	for _, s := range texts {
		a.Vals = append(a.Vals, JSON(s))
	}
	return a
}

// Box stores a Go test value the way package value boxes type t, so that
// tests may write 3 for a long or a real.
func Box(v any, t types.Type) any {
	switch t {
	case types.Long, types.Int:
		switch x := v.(type) {
		case int32:
			return int64(x)
		case int:
			return int64(x)
		case float64:
			return int64(x)
		}
	case types.Real, types.Decimal:
		switch x := v.(type) {
		case int32:
			return float64(x)
		case int64:
			return float64(x)
		case int:
			return float64(x)
		}
	}
	return v
}

// Vec builds a column of type t.
func Vec(t types.Type, vals ...any) *column.Vector {
	b := functions.NewBuilder(t, len(vals))
	for _, x := range vals {
		b.AppendValue(Box(x, t))
	}
	return b.Build()
}

// Vector builds the argument over n rows as a vector of type t (its own
// type unless it has none).
func (a Arg) Vector(t types.Type, n int) *column.Vector {
	switch {
	case a.Raw != nil:
		return a.Raw
	case a.Const:
		return functions.ConstOf(t, Box(a.Vals[0], t), n)
	case a.Dict:
		var distinct []string
		index := map[string]uint32{}
		codes := make([]uint32, len(a.Vals))
		for i, v := range a.Vals {
			s := v.(string)
			c, ok := index[s]
			if !ok {
				c = uint32(len(distinct))
				index[s] = c
				distinct = append(distinct, s)
			}
			codes[i] = c
		}
		return column.FromStrings(t, &column.Strings{Dict: column.StringsOf(distinct...), Codes: codes})
	}
	return Vec(t, a.Vals...)
}

// Rows is the row count of a call: that of its longest column, 1 when
// every argument is constant.
func Rows(args []Arg) int {
	n, cols := 0, false
	for _, a := range args {
		switch {
		case a.Raw != nil:
			cols = true
			n = max(n, a.Raw.Len())
		case !a.Const:
			cols = true
			n = max(n, len(a.Vals))
		}
	}
	if !cols {
		return 1
	}
	return n
}

// BindArgs describes test arguments as the binder would.
func BindArgs(args []Arg) []functions.Arg {
	out := make([]functions.Arg, len(args))
	for i, a := range args {
		out[i] = functions.Arg{Type: a.Type, Name: a.Name}
		if a.Const {
			out[i].IsConst = true
			out[i].Value = a.Vals[0]
		}
	}
	return out
}

// Bind binds a catalog function over test arguments.
func Bind(name string, args ...Arg) (*functions.Bound, error) {
	f, ok := functions.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("function %s is not registered", name)
	}
	return f.Bind(BindArgs(args))
}

// Now is the now() of the queries the helpers run.
var Now = DT("2024-03-10T12:34:56.789Z")

// Call binds name and evaluates it over Rows(args) rows.
func Call(t testing.TB, name string, args ...Arg) ([]any, types.Type, error) {
	t.Helper()
	return CallN(t, name, Rows(args), args...)
}

// CallN binds name, converts the arguments to the types the bound call
// asks for as the binder does, evaluates n rows and returns them boxed.
// A bind or evaluation error is returned; a kernel that breaks its
// contract (wrong type or length) fails the test.
func CallN(t testing.TB, name string, n int, args ...Arg) ([]any, types.Type, error) {
	t.Helper()
	b, err := Bind(name, args...)
	if err != nil {
		return nil, types.Unknown, err
	}
	vs := make([]*column.Vector, len(args))
	for i, a := range args {
		to := types.Unknown
		if i < len(b.ArgTypes) {
			to = b.ArgTypes[i]
		}
		from := a.Type
		if from == types.Unknown {
			from = to
		}
		v := a.Vector(from, n)
		if to != types.Unknown && to != v.Type {
			if v, err = functions.Convert(v, to); err != nil {
				t.Fatalf("%s: converting argument %d: %v", name, i+1, err)
			}
		}
		vs[i] = v
	}
	out, err := b.Eval(&functions.Ctx{Now: int64(Now)}, vs, n)
	if err != nil {
		return nil, b.Type, err
	}
	if out.Type != b.Type || out.Len() != n {
		t.Fatalf("%s: kernel returned %s of %d rows, want %s of %d", name, out.Type, out.Len(), b.Type, n)
	}
	res := make([]any, n)
	for i := range res {
		res[i] = out.Value(i)
	}
	return res, b.Type, nil
}

// One evaluates a call that must succeed and returns its first row.
func One(t testing.TB, name string, args ...Arg) any {
	t.Helper()
	r, _, err := Call(t, name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r[0]
}

// DT parses a datetime literal.
func DT(s string) value.DateTime {
	d, ok := value.ParseDateTime(s)
	if !ok {
		panic("bad datetime " + s)
	}
	return d
}

// TS parses a timespan literal.
func TS(s string) value.TimeSpan {
	d, ok := value.ParseTimeSpan(s)
	if !ok {
		panic("bad timespan " + s)
	}
	return d
}

// Text renders a result as Kusto prints it ("null" for null).
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case value.DateTime:
		return value.FormatDateTime(x)
	case value.TimeSpan:
		return value.FormatTimeSpan(x)
	}
	return value.ToString(v)
}

// Case is one call and the rows it must give. It is an alias of a struct
// type so that the tables of other packages may list cases unkeyed.
type Case = struct {
	Fn   string
	Args []Arg
	// Want is the rows rendered and joined by "|", or "error: <text>"
	// for a call that must fail with an error mentioning text.
	Want string
}

// RunCases checks cases, rendering results with render.
func RunCases(t *testing.T, render func(any) string, cases []Case) {
	t.Helper()
	for _, c := range cases {
		Check(t, render, "", c)
	}
}

// Check checks one case; name, when not empty, labels it in failures.
func Check(t testing.TB, render func(any) string, name string, c Case) {
	t.Helper()
	label := c.Fn
	if name != "" {
		label += "/" + name
	}
	label += "(" + argsText(c.Args, render) + ")"
	res, _, err := Call(t, c.Fn, c.Args...)
	if want, ok := strings.CutPrefix(c.Want, "error"); ok {
		want = strings.TrimPrefix(want, ": ")
		if err == nil {
			t.Errorf("%s = %s, want an error mentioning %q", label, rowsText(res, render), want)
		} else if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not mention %q", label, err, want)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return
	}
	if got := rowsText(res, render); got != c.Want {
		t.Errorf("%s = %s, want %s", label, got, c.Want)
	}
}

func rowsText(rows []any, render func(any) string) string {
	parts := make([]string, len(rows))
	for i, v := range rows {
		parts[i] = render(v)
	}
	return strings.Join(parts, "|")
}

func argsText(args []Arg, render func(any) string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if a.Raw != nil {
			parts[i] = "<vector>"
			continue
		}
		parts[i] = rowsText(a.Vals, render)
		if !a.Const {
			parts[i] = "[" + parts[i] + "]"
		}
	}
	return strings.Join(parts, ", ")
}

// Str, Long, Real and Bool are constants of their types.
func Str(s string) Arg      { return Lit(types.String, s) }
func Long(v int64) Arg      { return Lit(types.Long, v) }
func Real(v float64) Arg    { return Lit(types.Real, v) }
func Bool(v bool) Arg       { return Lit(types.Bool, v) }
func Null(t types.Type) Arg { return Lit(t, nil) }

// Time and Span are datetime and timespan constants given as literals.
func Time(s string) Arg { return Lit(types.DateTime, DT(s)) }
func Span(s string) Arg { return Lit(types.TimeSpan, TS(s)) }

// WantBindError checks that binding fn over args fails with an error
// mentioning want.
func WantBindError(t testing.TB, fn string, args []functions.Arg, want string) {
	t.Helper()
	f, ok := functions.Lookup(fn)
	if !ok {
		t.Fatalf("function %s is not registered", fn)
	}
	if _, err := f.Bind(args); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error %v, want one mentioning %q", fn, err, want)
	}
}
