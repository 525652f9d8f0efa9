package parsers

import (
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
	dict  bool // strings dictionary-encoded
}

// dictCol is a dictionary-encoded string column.
func dictCol(vals ...string) targ {
	a := targ{t: types.String, dict: true}
	for _, v := range vals {
		a.vals = append(a.vals, v)
	}
	return a
}

func col(t types.Type, vals ...any) targ { return targ{t: t, vals: vals} }
func lit(t types.Type, v any) targ       { return targ{t: t, vals: []any{v}, konst: true} }

// convert boxes v as type t, widening numbers the way the binder's
// implicit conversions would.
func convert(v any, t types.Type) any {
	if v == nil {
		return nil
	}
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

func vectorOf(a targ, t types.Type, n int) *column.Vector {
	if a.konst {
		return column.Const(t, convert(a.vals[0], t), n)
	}
	if a.dict {
		var distinct []string
		index := map[string]uint32{}
		codes := make([]uint32, len(a.vals))
		for i, v := range a.vals {
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
	b := column.NewBuilder(t, len(a.vals))
	for _, v := range a.vals {
		b.AppendValue(convert(v, t))
	}
	return b.Build()
}

// call binds and evaluates a catalog function over test arguments.
func call(t *testing.T, name string, args ...targ) ([]any, types.Type, error) {
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
		} else if len(a.vals) > n || n == 1 {
			n = len(a.vals)
		}
	}
	b, err := f.Bind(bargs)
	if err != nil {
		return nil, types.Unknown, err
	}
	vecs := make([]*column.Vector, len(args))
	for i, a := range args {
		at := a.t
		if i < len(b.ArgTypes) && b.ArgTypes[i] != types.Unknown {
			at = b.ArgTypes[i]
		}
		vecs[i] = vectorOf(a, at, n)
	}
	ctx := &functions.Ctx{Now: testNow}
	out, err := b.Eval(ctx, vecs, n)
	if err != nil {
		return nil, b.Type, err
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
	return res, b.Type, nil
}

// one evaluates a call over constants and returns its single value.
func one(t *testing.T, name string, args ...targ) any {
	t.Helper()
	r, _, err := call(t, name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r[0]
}

var testNow = int64(mustDT("2024-03-10T12:34:56.789Z"))

func mustDT(s string) value.DateTime {
	d, ok := value.ParseDateTime(s)
	if !ok {
		panic("bad datetime " + s)
	}
	return d
}

func mustTS(s string) value.TimeSpan {
	d, ok := value.ParseTimeSpan(s)
	if !ok {
		panic("bad timespan " + s)
	}
	return d
}

func dtv(s string) targ  { return lit(types.DateTime, mustDT(s)) }
func tsv(s string) targ  { return lit(types.TimeSpan, mustTS(s)) }
func strv(s string) targ { return lit(types.String, s) }
func lng(v int64) targ   { return lit(types.Long, v) }
func real(v float64) targ {
	return lit(types.Real, v)
}

// fmtv renders a result for comparison in table tests.
func fmtv(v any) string {
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

type tcase struct {
	fn   string
	args []targ
	want string // fmtv of the single result, or "error: <substring>"
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		res, _, err := call(t, c.fn, c.args...)
		if strings.HasPrefix(c.want, "error") {
			if err == nil {
				t.Errorf("%s%v: want %s, got %v", c.fn, c.args, c.want, fmtv(res[0]))
			} else if sub := strings.TrimPrefix(strings.TrimPrefix(c.want, "error"), ": "); !strings.Contains(err.Error(), sub) {
				t.Errorf("%s: error %q does not mention %q", c.fn, err, sub)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s%v: %v", c.fn, c.args, err)
			continue
		}
		if got := fmtv(res[0]); got != c.want {
			t.Errorf("%s%v = %s, want %s", c.fn, c.args, got, c.want)
		}
	}
}
