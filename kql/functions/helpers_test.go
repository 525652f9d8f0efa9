package functions

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// targ is a test argument: a column or a constant.
type targ struct {
	t     types.Type
	konst bool
	vals  []any
	raw   *column.Vector // a prepared vector (dictionary-encoded, ...)
}

// dictArg is a dictionary-encoded string column.
func dictArg(dict []string, codes []uint32) targ {
	s := &column.Strings{Dict: column.StringsOf(dict...), Codes: codes}
	return targ{t: types.String, raw: column.FromStrings(types.String, s)}
}

// col is a column argument of type t holding vals (boxed; nil = null).
func col(t types.Type, vals ...any) targ { return targ{t: t, vals: vals} }

// cst is a constant argument.
func cst(t types.Type, x any) targ { return targ{t: t, konst: true, vals: []any{x}} }

func (a targ) vector(n int) *column.Vector {
	if a.raw != nil {
		return a.raw
	}
	if a.konst {
		return ConstOf(a.t, a.vals[0], n)
	}
	b := NewBuilder(a.t, len(a.vals))
	for _, x := range a.vals {
		b.AppendValue(x)
	}
	return b.Build()
}

// bindCall binds a catalog function the way the binder does.
func bindCall(name string, args ...targ) (*Bound, error) {
	f, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("no function %q", name)
	}
	as := make([]Arg, len(args))
	for i, a := range args {
		as[i] = Arg{Type: a.t, IsConst: a.konst}
		if a.konst {
			as[i].Value = a.vals[0]
		}
	}
	return f.Bind(as)
}

// call binds and evaluates a function over n rows, converting arguments
// as the binder would, and returns the result boxed row by row.
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
			v, err = Convert(v, b.ArgTypes[i])
			if err != nil {
				t.Fatalf("%s: convert arg %d: %v", name, i, err)
			}
		}
		vs[i] = v
	}
	out, err := b.Eval(&Ctx{}, vs, n)
	if err != nil {
		t.Fatalf("%s: eval: %v", name, err)
	}
	if out.Len() != n {
		t.Fatalf("%s: result has %d rows, want %d", name, out.Len(), n)
	}
	if out.Type != b.Type {
		t.Fatalf("%s: result vector type %s, bound type %s", name, out.Type, b.Type)
	}
	res := make([]any, n)
	for i := range res {
		res[i] = out.Value(i)
	}
	return res, b.Type
}

func rows(xs ...any) []any { return xs }

func checkRows(t *testing.T, what string, got, want []any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}
