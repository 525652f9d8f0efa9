package text

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

const (
	B  = types.Bool
	I  = types.Int
	L  = types.Long
	R  = types.Real
	S  = types.String
	DT = types.DateTime
	TS = types.TimeSpan
	G  = types.Guid
	DY = types.Dynamic
)

// targ is a test argument: a column or a constant.
type targ struct {
	t     types.Type
	konst bool
	vals  []any
	raw   *column.Vector
}

func col(t types.Type, vals ...any) targ { return targ{t: t, vals: vals} }
func cst(t types.Type, x any) targ       { return targ{t: t, konst: true, vals: []any{x}} }

// dictArg is a dictionary-encoded string column.
func dictArg(dict []string, codes []uint32) targ {
	s := &column.Strings{Dict: column.StringsOf(dict...), Codes: codes}
	return targ{t: types.String, raw: column.FromStrings(types.String, s)}
}

func (a targ) vector(n int) *column.Vector {
	if a.raw != nil {
		return a.raw
	}
	if a.konst {
		return functions.ConstOf(a.t, a.vals[0], n)
	}
	b := functions.NewBuilder(a.t, len(a.vals))
	for _, x := range a.vals {
		b.AppendValue(x)
	}
	return b.Build()
}

func bindCall(name string, args ...targ) (*functions.Bound, error) {
	f, ok := functions.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("no function %q", name)
	}
	as := make([]functions.Arg, len(args))
	for i, a := range args {
		as[i] = functions.Arg{Type: a.t, IsConst: a.konst}
		if a.konst {
			as[i].Value = a.vals[0]
		}
	}
	return f.Bind(as)
}

// call binds and evaluates over n rows, converting arguments as the
// binder does, and returns the rows boxed.
func call(t *testing.T, name string, n int, args ...targ) ([]any, types.Type) {
	t.Helper()
	b, err := bindCall(name, args...)
	if err != nil {
		t.Fatalf("%s: bind: %v", name, err)
	}
	vs := make([]*column.Vector, len(args))
	for i, a := range args {
		v := a.vector(n)
		if i < len(b.ArgTypes) && b.ArgTypes[i] != types.Unknown && b.ArgTypes[i] != v.Type {
			if v, err = functions.Convert(v, b.ArgTypes[i]); err != nil {
				t.Fatalf("%s: convert arg %d: %v", name, i, err)
			}
		}
		vs[i] = v
	}
	out, err := b.Eval(&functions.Ctx{}, vs, n)
	if err != nil {
		t.Fatalf("%s: eval: %v", name, err)
	}
	if out.Len() != n || out.Type != b.Type {
		t.Fatalf("%s: result %s of %d rows, want %s of %d", name, out.Type, out.Len(), b.Type, n)
	}
	res := make([]any, n)
	for i := range res {
		res[i] = out.Value(i)
	}
	return res, b.Type
}

func rows(xs ...any) []any { return xs }

type tcase struct {
	name string
	fn   string
	args []targ
	want []any
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := call(t, c.fn, len(c.want), c.args...)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s:\n got  %#v\n want %#v", c.fn, got, c.want)
			}
		})
	}
}

// bindFails checks that a call is refused at bind time.
func bindFails(t *testing.T, name string, args ...targ) {
	t.Helper()
	if _, err := bindCall(name, args...); err == nil {
		t.Errorf("%s%v: bound, want an error", name, args)
	}
}
