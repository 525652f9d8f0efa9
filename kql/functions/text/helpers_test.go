package text

import (
	"reflect"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
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

type targ = fntest.Arg

var (
	col     = fntest.Col
	cst     = fntest.Lit
	dictArg = fntest.DictCodes
)

// call binds and evaluates over n rows; the call must succeed.
func call(t *testing.T, name string, n int, args ...targ) ([]any, types.Type) {
	t.Helper()
	res, typ, err := fntest.CallN(t, name, n, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res, typ
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
	if _, err := fntest.Bind(name, args...); err == nil {
		t.Errorf("%s%v: bound, want an error", name, args)
	}
}
