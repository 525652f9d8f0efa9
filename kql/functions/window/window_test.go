package window

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var col = fntest.Vec

func eval(t *testing.T, name string, args []functions.Arg, vs []*column.Vector, n int) string {
	t.Helper()
	f, ok := functions.Lookup(name)
	if !ok || f.Kind != functions.Window {
		t.Fatalf("%s is not a registered window function", name)
	}
	b, err := f.Bind(args)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out, err := b.Eval(&functions.Ctx{}, vs, n)
	if err != nil {
		t.Fatal(err)
	}
	if out.Type != b.Type || out.Len() != n {
		t.Fatalf("%s: got %s x %d, want %s x %d", name, out.Type, out.Len(), b.Type, n)
	}
	cells := make([]string, n)
	for i := range cells {
		if out.IsNull(i) {
			cells[i] = "null"
		} else if d, ok := out.Value(i).(value.DateTime); ok {
			cells[i] = value.FormatDateTime(d)
		} else {
			cells[i] = value.ToString(out.Value(i))
		}
	}
	return strings.Join(cells, ",")
}

func arg(t types.Type) functions.Arg { return functions.Arg{Type: t} }

func konst(t types.Type, x any) functions.Arg { return functions.Arg{Type: t, IsConst: true, Value: x} }

func TestWindow(t *testing.T) {
	longs := col(types.Long, int64(1), int64(2), nil, int64(4))
	names := col(types.String, "Alice", "Alice", "Alice", "Bob", "Bob", "Bob")
	salary := col(types.Long, int64(1000), int64(2000), int64(1400), int64(1000), int64(1950), int64(1450))
	restart := col(types.Bool, true, false, false, true, false, false)
	deps := col(types.Long, int64(2), int64(3), int64(3), int64(3), int64(100))
	dt := func(s string) any {
		d, ok := value.ParseDateTime(s)
		if !ok {
			t.Fatalf("bad datetime %s", s)
		}
		return d
	}
	times := col(types.DateTime, dt("2024-04-11 10:00:00"), dt("2024-04-11 11:00:00"), dt("2024-04-11 10:16:00"),
		dt("2024-04-11 10:18:00"), dt("2024-04-11 13:30:00"), dt("2024-04-11 11:30:00"))
	idChange := col(types.Bool, true, false, true, false, false, true)
	hour := column.Const(types.TimeSpan, value.TimeSpan(value.Hour), 6)
	five := column.Const(types.TimeSpan, value.TimeSpan(5*value.Minute), 6)

	cases := []struct {
		name string
		args []functions.Arg
		vs   []*column.Vector
		n    int
		want string
	}{
		{"prev", []functions.Arg{arg(types.Long)}, []*column.Vector{longs}, 4, "null,1,2,null"},
		{"prev", []functions.Arg{arg(types.Long), konst(types.Long, int64(2)), arg(types.Long)},
			[]*column.Vector{longs, column.Const(types.Long, int64(2), 4), column.Const(types.Long, int64(-1), 4)}, 4, "-1,-1,1,2"},
		{"next", []functions.Arg{arg(types.Long)}, []*column.Vector{longs}, 4, "2,null,4,null"},
		{"next", []functions.Arg{arg(types.String), konst(types.Long, int64(3))}, []*column.Vector{names, column.Const(types.Long, int64(3), 6)}, 6, "Bob,Bob,Bob,,,"},
		{"prev", []functions.Arg{arg(types.String)}, []*column.Vector{names}, 6, ",Alice,Alice,Alice,Bob,Bob"},
		{"row_number", nil, nil, 3, "1,2,3"},
		{"row_number", []functions.Arg{konst(types.Long, int64(0))}, []*column.Vector{column.Const(types.Long, int64(0), 3)}, 3, "0,1,2"},
		{"row_number", []functions.Arg{konst(types.Long, int64(1)), arg(types.Bool)}, []*column.Vector{column.Const(types.Long, int64(1), 6), restart}, 6, "1,2,3,1,2,3"},
		{"row_cumsum", []functions.Arg{arg(types.Long)}, []*column.Vector{col(types.Long, int64(2), int64(4), int64(6), int64(8), int64(10))}, 5, "2,6,12,20,30"},
		{"row_cumsum", []functions.Arg{arg(types.Long), arg(types.Bool)}, []*column.Vector{salary, restart}, 6, "1000,3000,4400,1000,2950,4400"},
		{"row_cumsum", []functions.Arg{arg(types.Long)}, []*column.Vector{longs}, 4, "1,3,3,7"},
		{"row_cumsum", []functions.Arg{arg(types.Real)}, []*column.Vector{col(types.Real, 0.5, nil, 1.25)}, 3, "0.5,0.5,1.75"},
		{"row_rank_dense", []functions.Arg{arg(types.Long)}, []*column.Vector{deps}, 5, "1,2,2,2,3"},
		{"row_rank_min", []functions.Arg{arg(types.Long)}, []*column.Vector{deps}, 5, "1,2,2,2,5"},
		{"row_rank_dense", []functions.Arg{arg(types.Long), arg(types.Bool)},
			[]*column.Vector{col(types.Long, int64(2), int64(3), int64(3), int64(3), int64(100), int64(1), int64(1)), col(types.Bool, true, false, false, false, false, true, false)}, 7, "1,2,2,2,3,1,1"},
		{"row_rank_min", []functions.Arg{arg(types.String)}, []*column.Vector{col(types.String, "a", "a", "b", "c", "c")}, 5, "1,1,3,4,4"},
		{"row_window_session", []functions.Arg{arg(types.DateTime), konst(types.TimeSpan, value.TimeSpan(value.Hour)), konst(types.TimeSpan, value.TimeSpan(5*value.Minute)), arg(types.Bool)},
			[]*column.Vector{times, hour, five, idChange}, 6,
			"2024-04-11T10:00:00Z,2024-04-11T11:00:00Z,2024-04-11T10:16:00Z,2024-04-11T10:16:00Z,2024-04-11T13:30:00Z,2024-04-11T11:30:00Z"},
		{"row_window_session", []functions.Arg{arg(types.DateTime), arg(types.TimeSpan), arg(types.TimeSpan)},
			[]*column.Vector{col(types.DateTime, dt("2024-01-01 00:00:00"), nil, dt("2024-01-01 00:01:00")), hour.WithLen(3), five.WithLen(3)}, 3,
			"2024-01-01T00:00:00Z,null,2024-01-01T00:01:00Z"},
	}
	for _, c := range cases {
		if got := eval(t, c.name, c.args, c.vs, c.n); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestWindowBindErrors(t *testing.T) {
	cases := []struct {
		name string
		args []functions.Arg
		want string
	}{
		{"prev", []functions.Arg{arg(types.Long), arg(types.Long)}, "constant"},
		{"prev", []functions.Arg{arg(types.Long), konst(types.Long, int64(1)), arg(types.String)}, "default"},
		{"row_cumsum", []functions.Arg{arg(types.String)}, "number"},
		{"row_cumsum", []functions.Arg{arg(types.TimeSpan)}, "number"},
		{"row_number", []functions.Arg{arg(types.String)}, "integer"},
		{"row_window_session", []functions.Arg{arg(types.Long), arg(types.TimeSpan), arg(types.TimeSpan)}, "datetime"},
		{"row_rank_dense", nil, "expects 1 to 2"},
	}
	for _, c := range cases {
		fntest.WantBindError(t, c.name, c.args, c.want)
	}
}

// A constant default of another type is converted to the column's type.
func TestShiftDefaultConverted(t *testing.T) {
	day := fntest.DT("2024-01-02")
	cases := []fntest.Case{
		{"next", []fntest.Arg{fntest.Col(types.DateTime, day, day), fntest.Long(1), fntest.Long(0)}, "2024-01-02T00:00:00Z|0001-01-01T00:00:00Z"},
		{"prev", []fntest.Arg{fntest.Col(types.String, "a", "b"), fntest.Long(1), fntest.Long(0)}, "0|a"},
		{"prev", []fntest.Arg{fntest.Col(types.Long, 5, 6), fntest.Long(1), fntest.Real(2.5)}, "2|5"},
		{"prev", []fntest.Arg{fntest.Col(types.Long, 5, 6), fntest.Long(1), fntest.Col(types.String, "x", "y")}, "error: must be a constant"},
	}
	fntest.RunCases(t, fntest.Text, cases)
}
