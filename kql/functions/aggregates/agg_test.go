package aggregates

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var col = fntest.Vec

func longs(xs ...any) *column.Vector { return col(types.Long, xs...) }
func reals(xs ...any) *column.Vector { return col(types.Real, xs...) }
func strs(xs ...any) *column.Vector  { return col(types.String, xs...) }
func bools(xs ...any) *column.Vector { return col(types.Bool, xs...) }
func dyns(xs ...any) *column.Vector  { return col(types.Dynamic, xs...) }

func js(s string) any {
	v, err := value.ParseJSON(s)
	if err != nil {
		panic(err)
	}
	return v
}

// argsOf describes vectors as bind-time arguments named a0, a1, ...
// unless names are given; constants are passed through extra.
func argsOf(vs []*column.Vector, names []string) []functions.Arg {
	out := make([]functions.Arg, len(vs))
	for i, v := range vs {
		out[i] = functions.Arg{Type: v.Type}
		if i < len(names) {
			out[i].Name = names[i]
		}
		if v.IsConst() {
			out[i].IsConst = true
			out[i].Value = v.Value(0)
		}
	}
	return out
}

func render(v *column.Vector, i int) string {
	x := v.Value(i)
	if x == nil {
		return "null"
	}
	switch y := x.(type) {
	case []any, *value.Bag:
		return string(value.AppendJSON(nil, y))
	case float64:
		return value.FormatReal(y)
	case value.DateTime:
		return value.FormatDateTime(y)
	}
	return value.ToString(x)
}

func renderAll(vs []*column.Vector, n int) string {
	var rows []string
	for g := 0; g < n; g++ {
		var cells []string
		for _, v := range vs {
			if v.Len() != n {
				return fmt.Sprintf("vector of %d rows for %d groups", v.Len(), n)
			}
			cells = append(cells, render(v, g))
		}
		rows = append(rows, strings.Join(cells, ","))
	}
	return strings.Join(rows, " | ")
}

// subset takes rows [lo, hi) of v.
func subset(v *column.Vector, lo, hi int) *column.Vector {
	if v.IsConst() {
		return v.WithLen(hi - lo)
	}
	b := column.NewBuilder(v.Type, hi-lo)
	for i := lo; i < hi; i++ {
		b.AppendFrom(v, i)
	}
	return b.Build()
}

// convertArgs does what the binder's Convert nodes do for the numeric
// widenings aggregates ask for (int to long, numbers to real).
func convertArgs(vs []*column.Vector, ts []types.Type) []*column.Vector {
	out := make([]*column.Vector, len(vs))
	for i, v := range vs {
		out[i] = v
		to := ts[i]
		if to == v.Type || to == types.Unknown || v.IsConst() {
			continue
		}
		b := column.NewBuilder(to, v.Len())
		for r := 0; r < v.Len(); r++ {
			switch x := v.Value(r).(type) {
			case nil:
				b.AppendNull()
			case int32:
				if to == types.Real {
					b.AppendReal(float64(x))
				} else {
					b.AppendInt(int64(x))
				}
			case int64:
				b.AppendReal(float64(x))
			default:
				b.AppendValue(x)
			}
		}
		out[i] = b.Build()
	}
	return out
}

func bind(t *testing.T, name string, args []functions.Arg) *functions.Bound {
	t.Helper()
	f, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("%s is not registered", name)
	}
	if f.Kind != functions.Aggregate {
		t.Fatalf("%s is not an aggregate", name)
	}
	b, err := f.Bind(args)
	if err != nil {
		t.Fatalf("%s: bind: %v", name, err)
	}
	return b
}

// run aggregates all rows in one aggregator and, to check Merge, again
// split in two halves aggregated separately (the second with its groups
// numbered in reverse) and merged; both must agree.
func run(t *testing.T, name string, args []functions.Arg, vs []*column.Vector, groups []uint32, n int) string {
	t.Helper()
	b := bind(t, name, args)
	vs = convertArgs(vs, b.ArgTypes)
	a := b.NewAgg()
	if err := a.Update(groups, vs); err != nil {
		t.Fatal(err)
	}
	res, err := a.Result(n)
	if err != nil {
		t.Fatal(err)
	}
	if b.Outputs != nil && len(res) != len(b.Outputs) {
		t.Fatalf("%s: %d result vectors for %d outputs", name, len(res), len(b.Outputs))
	}
	for k, r := range res {
		want := b.Type
		if b.Outputs != nil {
			want = b.Outputs[k].Type
		}
		if r.Type != want {
			t.Errorf("%s: result %d has type %s, declared %s", name, k, r.Type, want)
		}
	}
	whole := renderAll(res, n)

	mid := len(groups) / 2
	a1, a2 := b.NewAgg(), b.NewAgg()
	first := make([]*column.Vector, len(vs))
	second := make([]*column.Vector, len(vs))
	for i, v := range vs {
		first[i], second[i] = subset(v, 0, mid), subset(v, mid, len(groups))
	}
	rev := make([]uint32, len(groups)-mid)
	for i, g := range groups[mid:] {
		rev[i] = uint32(n-1) - g
	}
	if err := a1.Update(groups[:mid], first); err != nil {
		t.Fatal(err)
	}
	if err := a2.Update(rev, second); err != nil {
		t.Fatal(err)
	}
	mapping := make([]uint32, n)
	for g := range mapping {
		mapping[g] = uint32(n-1) - uint32(g)
	}
	if err := a1.Merge(a2, mapping); err != nil {
		t.Fatal(err)
	}
	res2, err := a1.Result(n)
	if err != nil {
		t.Fatal(err)
	}
	if merged := renderAll(res2, n); merged != whole {
		t.Errorf("%s: merged partials give %s, one pass gives %s", name, merged, whole)
	}
	return whole
}

func TestAggregates(t *testing.T) {
	g3 := []uint32{0, 1, 0, 1, 0, 1}
	cases := []struct {
		name   string
		vs     []*column.Vector
		names  []string
		groups []uint32
		n      int
		want   string
	}{
		{"count", nil, nil, g3, 3, "3 | 3 | 0"},
		{"countif", []*column.Vector{bools(true, false, nil, true, true, true)}, nil, g3, 2, "2 | 2"},
		{"count", []*column.Vector{bools(true, true, nil, true, true, true)}, nil, g3, 2, "2 | 3"},
		{"sum", []*column.Vector{longs(1, 2, nil, 4, 5, 6)}, nil, g3, 3, "6 | 12 | 0"},
		{"sum", []*column.Vector{reals(1.5, nil, 2.5, 4.0, nil, nil)}, nil, g3, 2, "4 | 4"},
		{"sum", []*column.Vector{col(types.TimeSpan, value.TimeSpan(10), value.TimeSpan(20))}, nil, []uint32{0, 0}, 1, "00:00:00.0000030"},
		{"sumif", []*column.Vector{longs(1, 2, 3, 4, 5, 6), bools(true, true, false, nil, true, true)}, nil, g3, 2, "6 | 8"},
		{"avg", []*column.Vector{longs(1, 2, nil, 4, 5, 6)}, nil, g3, 3, "3 | 4 | NaN"},
		{"avg", []*column.Vector{reals(nil, nil, nil, 1.0)}, nil, []uint32{0, 0, 1, 1}, 2, "NaN | 1"},
		{"avg", []*column.Vector{col(types.DateTime, value.DateTime(638000000000000000), value.DateTime(638000000000000002), value.DateTime(3155378975999999999), value.DateTime(3155378975999999999))}, nil, []uint32{0, 0, 1, 1}, 2, value.FormatDateTime(638000000000000001) + " | 9999-12-31T23:59:59.9999999Z"},
		{"avgif", []*column.Vector{longs(1, 2, 3, 4), bools(true, false, true, false)}, nil, []uint32{0, 0, 0, 0}, 1, "2"},
		{"min", []*column.Vector{longs(5, 2, nil, 4, -5, 6)}, nil, g3, 3, "-5 | 2 | null"},
		{"max", []*column.Vector{strs("b", "", "a", "zz", "c", "")}, nil, g3, 2, "c | zz"},
		{"min", []*column.Vector{strs("b", "", "a", "zz", "c", "")}, nil, g3, 2, "a | "},
		{"max", []*column.Vector{reals(1.0, math.NaN(), 3.0, nil)}, nil, []uint32{0, 0, 0, 1}, 2, "3 | null"},
		{"max", []*column.Vector{bools(false, true, false, nil)}, nil, []uint32{0, 0, 1, 1}, 2, "true | false"},
		{"minif", []*column.Vector{longs(5, 2, 3, 4), bools(true, false, true, true)}, nil, []uint32{0, 0, 0, 0}, 1, "3"},
		{"maxif", []*column.Vector{longs(5, 2, 3, 4), bools(false, false, false, nil)}, nil, []uint32{0, 0, 0, 0}, 1, "null"},
		{"dcount", []*column.Vector{strs("a", "b", "a", "b", "c", "a")}, nil, g3, 3, "2 | 2 | 0"},
		{"dcount", []*column.Vector{longs(1, nil, 1, 2, 1, 1)}, nil, g3, 2, "1 | 2"},
		{"dcountif", []*column.Vector{longs(1, 2, 3, 4, 5, 6), bools(true, true, false, false, true, true)}, nil, g3, 2, "2 | 2"},
		{"count_distinct", []*column.Vector{reals(1.0, 2.0, 1.0, 2.0, 1.5, 2.0)}, nil, g3, 2, "2 | 1"},
		{"count_distinctif", []*column.Vector{longs(1, 2, 1, 2, 3, 2), bools(true, true, true, true, false, true)}, nil, g3, 2, "1 | 1"},
		{"make_list", []*column.Vector{longs(1, 2, nil, 4, 5, 6)}, nil, g3, 3, "[1,5] | [2,4,6] | []"},
		{"make_list", []*column.Vector{dyns(js(`[1,2]`), js(`{"a":1}`), nil, js(`"x"`))}, nil, []uint32{0, 0, 0, 0}, 1, `[1,2,{"a":1},"x"]`},
		{"make_list_with_nulls", []*column.Vector{dyns(js(`[1,2]`), nil, js(`"x"`))}, nil, []uint32{0, 0, 0}, 1, `[[1,2],null,"x"]`},
		{"make_list", []*column.Vector{longs(1, 2, 3, 4), column.Const(types.Long, int64(2), 4)}, nil, []uint32{0, 0, 0, 0}, 1, "[1,2]"},
		{"makelist", []*column.Vector{strs("a", "b")}, nil, []uint32{0, 0}, 1, `["a","b"]`},
		{"make_list_if", []*column.Vector{strs("John", "Paul", "George", "Ringo"), bools(false, false, true, true)}, nil, []uint32{0, 0, 0, 0}, 1, `["George","Ringo"]`},
		{"make_list_with_nulls", []*column.Vector{col(types.Int, nil, int32(4), int32(4))}, nil, []uint32{0, 0, 0}, 1, `[null,4,4]`},
		{"make_set", []*column.Vector{col(types.Int, int32(1), int32(5), int32(7), int32(5))}, nil, []uint32{0, 0, 0, 0}, 1, "[1,5,7]"},
		{"make_set", []*column.Vector{dyns(js(`["A1","A2","A3"]`), js(`["A2","C1"]`), js(`["C2","A3"]`), js(`["C2","A1"]`))}, nil, []uint32{0, 0, 0, 0}, 1, `["A1","A2","A3","C1","C2"]`},
		{"make_set", []*column.Vector{dyns(js(`{"a":1,"b":2}`), js(`{"b":2,"a":1}`), js(`1`), js(`1.0`), nil, js(`[null]`))}, nil, g3, 2, `[{"a":1,"b":2},1] | [{"b":2,"a":1},1]`},
		{"make_set", []*column.Vector{strs("x", "", "x", "y", "z"), column.Const(types.Long, int64(2), 5)}, nil, []uint32{0, 0, 0, 0, 0}, 1, `["x",""]`},
		{"makeset", []*column.Vector{col(types.DateTime, value.DateTime(0), value.DateTime(0), nil)}, nil, []uint32{0, 0, 0}, 1, `["0001-01-01T00:00:00.0000000Z"]`},
		{"make_set_if", []*column.Vector{strs("John", "Paul", "George", "Ringo", "George"), bools(false, false, true, true, true)}, nil, []uint32{0, 0, 0, 0, 0}, 1, `["George","Ringo"]`},
		{"make_bag", []*column.Vector{dyns(js(`{"prop01":"val_a"}`), js(`{"prop02":"val_b"}`), js(`[1]`), js(`{"prop01":"other","prop03":"val_c"}`), nil)}, nil, []uint32{0, 0, 0, 0, 0}, 1, `{"prop01":"val_a","prop02":"val_b","prop03":"val_c"}`},
		{"make_bag", []*column.Vector{dyns(nil)}, nil, []uint32{0}, 2, `{} | {}`},
		{"make_bag_if", []*column.Vector{dyns(js(`{"a":1}`), js(`{"b":2}`), js(`{"c":3}`)), bools(true, false, true)}, nil, []uint32{0, 0, 0}, 1, `{"a":1,"c":3}`},
		{"take_any", []*column.Vector{strs("", "b", "", "c")}, []string{"s"}, []uint32{0, 0, 1, 1}, 3, "b | c | "},
		{"take_any", []*column.Vector{longs(nil, 2, nil, nil)}, []string{"x"}, []uint32{0, 0, 1, 1}, 2, "2 | null"},
		{"take_any", []*column.Vector{longs(nil, 2), strs("a", "b")}, []string{"x", "s"}, []uint32{0, 0}, 1, "null,a"},
		{"take_anyif", []*column.Vector{longs(1, 2, 3), bools(false, true, true)}, []string{"x"}, []uint32{0, 0, 0}, 1, "2"},
		{"arg_max", []*column.Vector{longs(1, 3, 2, nil), strs("a", "b", "c", "d")}, []string{"x", "s"}, []uint32{0, 0, 0, 0}, 1, "3,b"},
		{"arg_min", []*column.Vector{longs(1, 3, 2, nil), strs("a", "b", "c", "d")}, []string{"x", "s"}, []uint32{0, 0, 0, 0}, 1, "1,a"},
		{"arg_max", []*column.Vector{longs(2, 2, 1), strs("first", "second", "third")}, []string{"x", "s"}, []uint32{0, 0, 0}, 1, "2,first"},
		// The documented null handling: Banana has only null versions.
		{"arg_max", []*column.Vector{col(types.Int, int32(1), nil, nil, nil, int32(1), int32(2)), strs("Red", "Green", "Yellow", "Green", "Brown", "Green")}, []string{"Version", "Color"}, []uint32{0, 0, 1, 1, 2, 2}, 3, "1,Red | null,Yellow | 2,Green"},
		{"arg_min", []*column.Vector{col(types.Int, int32(1), nil, nil, nil, int32(1), int32(2)), strs("Red", "Green", "Yellow", "Green", "Brown", "Green")}, []string{"Version", "Color"}, []uint32{0, 0, 1, 1, 2, 2}, 3, "1,Red | null,Yellow | 1,Brown"},
		{"arg_max", []*column.Vector{strs("b", "c", "a"), dyns(js(`[1]`), js(`{"k":2}`), nil)}, []string{"s", "d"}, []uint32{0, 0, 0}, 2, `c,{"k":2} | ,null`},
		{"arg_max", []*column.Vector{reals(math.NaN(), 1.5, nil)}, []string{"x"}, []uint32{0, 0, 0}, 1, "1.5"},
		{"percentile", []*column.Vector{longs(1, 2, 3, 4, 5, nil), column.Const(types.Long, int64(50), 6)}, []string{"x"}, []uint32{0, 0, 0, 0, 0, 0}, 2, "3 | null"},
		{"percentiles", []*column.Vector{longs(10, 20, 30, 40), column.Const(types.Long, int64(0), 4), column.Const(types.Long, int64(25), 4), column.Const(types.Real, 50.5, 4), column.Const(types.Long, int64(100), 4)}, []string{"x"}, []uint32{0, 0, 0, 0}, 1, "10,10,30,40"},
		{"percentiles_array", []*column.Vector{reals(0.5, 0.1, 0.9), column.Const(types.Long, int64(50), 3), column.Const(types.Long, int64(95), 3)}, []string{"x"}, []uint32{0, 0, 0}, 1, "[0.5,0.9]"},
		{"percentilesw_array", []*column.Vector{longs(10, 20, 30, 40), longs(8, 6, 3, 1), column.Const(types.Dynamic, js(`[50,75,99.9]`), 4)}, []string{"LatencyBucket", "ReqCount"}, []uint32{0, 0, 0, 0}, 1, "[20,20,40]"},
		{"percentilew", []*column.Vector{longs(10, 20), longs(1, 0), column.Const(types.Long, int64(100), 2)}, []string{"x", "w"}, []uint32{0, 0}, 1, "10"},
		{"percentile", []*column.Vector{col(types.TimeSpan, value.TimeSpan(3), value.TimeSpan(1), value.TimeSpan(2)), column.Const(types.Long, int64(50), 3)}, []string{"t"}, []uint32{0, 0, 0}, 1, "00:00:00.0000002"},
		{"stdev", []*column.Vector{longs(1, 2, 3, 4, 5)}, nil, []uint32{0, 0, 0, 0, 0}, 2, "1.5811388300841898 | 0"},
		{"stdev", []*column.Vector{reals(7.0)}, nil, []uint32{0}, 1, "0"},
		{"variance", []*column.Vector{reals(1.0, 2.0, 3.0, 4.0)}, nil, []uint32{0, 0, 0, 0}, 2, "1.6666666666666667 | 0"},
		{"variancep", []*column.Vector{reals(1.0, 2.0, 3.0, 4.0)}, nil, []uint32{0, 0, 0, 0}, 2, "1.25 | null"},
		{"stdevp", []*column.Vector{reals(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0)}, nil, []uint32{0, 0, 0, 0, 0, 0, 0, 0}, 1, "2"},
		{"stdevif", []*column.Vector{reals(1.0, 100.0, 3.0), bools(true, false, true)}, nil, []uint32{0, 0, 0}, 1, "1.4142135623730951"},
		{"varianceif", []*column.Vector{reals(1.0, 100.0, 3.0), bools(true, false, true)}, nil, []uint32{0, 0, 0}, 1, "2"},
		{"binary_all_and", []*column.Vector{longs(0xFFFFFFFF, 0xFFFFF00F, 0xCFFFFFFD, 0xFAFEFFFF)}, []string{"num"}, []uint32{0, 0, 0, 0}, 2, fmt.Sprint(int64(0xCAFEF00D)) + " | null"},
		{"binary_all_xor", []*column.Vector{longs(0x44404440, 0x1E1E1E1E, 0x90ABBA09, 0x000B105A)}, []string{"num"}, []uint32{0, 0, 0, 0}, 1, fmt.Sprint(int64(0xCAFEF00D))},
		{"binary_all_or", []*column.Vector{longs(1, nil, 4)}, []string{"num"}, []uint32{0, 0, 0}, 1, "5"},
	}
	for _, c := range cases {
		got := run(t, c.name, argsOf(c.vs, c.names), c.vs, c.groups, c.n)
		if got != c.want {
			t.Errorf("%s%v: got %s, want %s", c.name, c.names, got, c.want)
		}
	}
}

func TestDcountLarge(t *testing.T) {
	for _, n := range []int{999, 1000, 1001, 20000, 300000} {
		for acc := int64(0); acc <= 4; acc++ {
			xs := make([]int64, n)
			groups := make([]uint32, n)
			for i := range xs {
				xs[i] = int64(i) * 7919
			}
			v := column.FromInts(types.Long, xs, nil)
			args := []functions.Arg{{Type: types.Long, Name: "x"}, {Type: types.Long, IsConst: true, Value: acc}}
			got := run(t, "dcount", args, []*column.Vector{v, column.Const(types.Long, acc, n)}, groups, 1)
			var est float64
			fmt.Sscan(got, &est)
			sigma := []float64{0.016, 0.008, 0.004, 0.0028, 0.002}[acc]
			if n <= exactLimit[acc] {
				if int(est) != n {
					t.Errorf("dcount of %d values at accuracy %d = %v, want exact", n, acc, est)
				}
				continue
			}
			if rel := math.Abs(est-float64(n)) / float64(n); rel > 4*sigma {
				t.Errorf("dcount of %d values at accuracy %d = %v (error %.3f%%)", n, acc, est, rel*100)
			}
		}
	}
}

func TestOutputs(t *testing.T) {
	a := func(name string, typ types.Type) functions.Arg { return functions.Arg{Name: name, Type: typ} }
	star := func(name string, typ types.Type) functions.Arg {
		return functions.Arg{Name: name, Type: typ, FromStar: true}
	}
	num := func(x any) functions.Arg {
		t := types.Long
		if _, ok := x.(float64); ok {
			t = types.Real
		}
		return functions.Arg{Type: t, IsConst: true, Value: x}
	}
	pred := a("b", types.Bool)
	x, y, s, tm := a("x", types.Long), a("y", types.Real), a("s", types.String), a("t", types.DateTime)
	expr := a("", types.Long)
	cases := []struct {
		fn   string
		args []functions.Arg
		want string
	}{
		{"count", nil, "count_:long"},
		{"countif", []functions.Arg{pred}, "countif_b:long"},
		{"countif", []functions.Arg{a("", types.Bool)}, "countif_:long"},
		{"sum", []functions.Arg{x}, "sum_x:long"},
		{"sum", []functions.Arg{a("i", types.Int)}, "sum_i:long"},
		{"sum", []functions.Arg{y}, "sum_y:real"},
		{"sum", []functions.Arg{a("d", types.Decimal)}, "sum_d:decimal"},
		{"sum", []functions.Arg{a("ts", types.TimeSpan)}, "sum_ts:timespan"},
		{"sum", []functions.Arg{expr}, "sum_:long"},
		{"avg", []functions.Arg{x}, "avg_x:real"},
		{"avg", []functions.Arg{a("i", types.Int)}, "avg_i:real"},
		{"avg", []functions.Arg{a("d", types.Decimal)}, "avg_d:decimal"},
		{"avg", []functions.Arg{tm}, "avg_t:datetime"},
		{"min", []functions.Arg{a("i", types.Int)}, "min_i:int"},
		{"max", []functions.Arg{s}, "max_s:string"},
		{"maxif", []functions.Arg{s, pred}, "maxif_s:string"},
		{"dcount", []functions.Arg{s}, "dcount_s:long"},
		{"dcountif", []functions.Arg{x, pred, num(int64(3))}, "dcountif_x:long"},
		{"make_set", []functions.Arg{x}, "set_x:dynamic"},
		{"makeset", []functions.Arg{x}, "set_x:dynamic"},
		{"make_set_if", []functions.Arg{x, pred}, "set_x:dynamic"},
		{"make_list", []functions.Arg{a("d", types.Dynamic)}, "list_d:dynamic"},
		{"make_list_if", []functions.Arg{x, pred, num(int64(5))}, "list_x:dynamic"},
		{"make_list_with_nulls", []functions.Arg{x}, "list_x:dynamic"},
		{"make_bag", []functions.Arg{a("", types.Dynamic)}, "bag_:dynamic"},
		{"make_bag_if", []functions.Arg{a("d", types.Dynamic), pred}, "bag_d:dynamic"},
		{"make_dictionary", []functions.Arg{a("x", types.Dynamic)}, "dictionary_x:dynamic"},
		{"take_any", []functions.Arg{s}, "s:string"},
		{"take_any", []functions.Arg{expr}, "any_arg0:long"},
		{"take_any", []functions.Arg{x, a("", types.Real), s}, "x:long, any_arg1:real, s:string"},
		{"take_any", []functions.Arg{star("x", types.Long), star("y", types.Real)}, "x:long, y:real"},
		{"any", []functions.Arg{x}, "any_x:long"},
		{"any", []functions.Arg{expr}, "any_:long"},
		{"any", []functions.Arg{x, y}, "any_x:long, any_y:real"},
		{"take_anyif", []functions.Arg{x, pred}, "x:long"},
		{"take_anyif", []functions.Arg{expr, pred}, ":long"},
		{"anyif", []functions.Arg{x, pred}, "anyif_x:long"},
		{"arg_max", []functions.Arg{x, star("x", types.Long), star("y", types.Real), star("s", types.String), star("t", types.DateTime)}, "x:long, y:real, s:string, t:datetime"},
		{"arg_min", []functions.Arg{y, s}, "y:real, s:string"},
		{"arg_max", []functions.Arg{expr, star("x", types.Long), star("y", types.Real)}, "max_:long, x:long, y:real"},
		{"arg_max", []functions.Arg{x, a("", types.Real)}, "x:long, max_x_arg1:real"},
		{"arg_max", []functions.Arg{expr, a("", types.Real), s}, "max_:long, max__arg1:real, s:string"},
		{"arg_min", []functions.Arg{expr, a("", types.Real), s}, "min_:long, min__arg1:real, s:string"},
		{"arg_max", []functions.Arg{x, x}, "x:long, x:long"},
		{"arg_max", []functions.Arg{x, star("x", types.Long), star("y", types.Real), y}, "x:long, y:real"},
		{"arg_max", []functions.Arg{y, x, star("x", types.Long), star("y", types.Real), star("s", types.String)}, "y:real, x:long, s:string"},
		{"argmax", []functions.Arg{x, y}, "max_x:long, max_x_y:real"},
		{"argmin", []functions.Arg{x, s}, "min_x:long, min_x_s:string"},
		{"argmax", []functions.Arg{x, star("x", types.Long), star("y", types.Real), star("s", types.String)}, "max_x:long, max_x_y:real, max_x_s:string"},
		{"percentile", []functions.Arg{x, num(int64(50))}, "percentile_x_50:long"},
		{"percentile", []functions.Arg{a("i", types.Int), num(int64(50))}, "percentile_i_50:long"},
		{"percentile", []functions.Arg{y, num(int64(95))}, "percentile_y_95:real"},
		{"percentile", []functions.Arg{tm, num(int64(50))}, "percentile_t_50:datetime"},
		{"percentiles", []functions.Arg{y, num(50.5), num(99.9)}, "percentile_y_50_5:real, percentile_y_99_9:real"},
		{"percentiles", []functions.Arg{expr, num(int64(50))}, "percentile__50:long"},
		{"percentiles_array", []functions.Arg{x, num(int64(50)), num(int64(95))}, "percentiles_x:dynamic"},
		{"percentiles_array", []functions.Arg{x, {Type: types.Dynamic, IsConst: true, Value: []any{int64(1), 2.5}}}, "percentiles_x:dynamic"},
		{"percentilew", []functions.Arg{x, a("w", types.Long), num(int64(50))}, "percentile_x_50:long"},
		{"percentilesw", []functions.Arg{x, a("w", types.Long), num(int64(50)), num(int64(75))}, "percentile_x_50:long, percentile_x_75:long"},
		{"percentilesw_array", []functions.Arg{x, a("w", types.Long), num(int64(50))}, "percentiles_x:dynamic"},
		{"stdev", []functions.Arg{x}, "stdev_x:real"},
		{"stdevp", []functions.Arg{tm}, "stdevp_t:real"},
		{"variance", []functions.Arg{a("i", types.Int)}, "variance_i:real"},
		{"variancep", []functions.Arg{x}, "variancep_x:real"},
		{"stdevif", []functions.Arg{x, pred}, "stdevif_x:real"},
		{"varianceif", []functions.Arg{x, pred}, "varianceif_x:real"},
		{"binary_all_and", []functions.Arg{x}, "x:long"},
		{"binary_all_or", []functions.Arg{a("i", types.Int)}, "i:int"},
		{"binary_all_xor", []functions.Arg{expr}, ":long"},
		{"count_distinct", []functions.Arg{x}, "count_distinct_x:long"},
		{"hll", []functions.Arg{x}, "hll_x:dynamic"},
		{"hll_merge", []functions.Arg{a("h", types.Dynamic)}, "hll_merge_h:dynamic"},
		{"count_distinctif", []functions.Arg{x, pred}, "count_distinctif_x:long"},
	}
	for _, c := range cases {
		b := bind(t, c.fn, c.args)
		var got []string
		for _, o := range b.Outputs {
			got = append(got, o.Name+":"+o.Type.String())
		}
		if g := strings.Join(got, ", "); g != c.want {
			t.Errorf("%s: outputs %s, want %s", c.fn, g, c.want)
		}
		if len(b.ArgTypes) != len(c.args) {
			t.Errorf("%s: %d ArgTypes for %d args", c.fn, len(b.ArgTypes), len(c.args))
		}
	}
}

func TestBindErrors(t *testing.T) {
	a := func(typ types.Type) functions.Arg { return functions.Arg{Type: typ} }
	cases := []struct {
		fn   string
		args []functions.Arg
		want string
	}{
		{"sum", []functions.Arg{a(types.String)}, "summable"},
		{"sum", []functions.Arg{a(types.Bool)}, "summable"},
		{"avg", []functions.Arg{a(types.Dynamic)}, "summable"},
		{"min", []functions.Arg{a(types.Dynamic)}, "orderable"},
		{"max", []functions.Arg{a(types.Guid)}, "orderable"},
		{"countif", []functions.Arg{a(types.Long)}, "bool"},
		{"count", []functions.Arg{{Star: true}}, "no arguments"},
		{"dcount", []functions.Arg{a(types.String), {Type: types.Long, IsConst: true, Value: int64(7)}}, "accuracy"},
		{"dcount", []functions.Arg{a(types.String), a(types.Long)}, "constant"},
		{"make_set", []functions.Arg{a(types.String), {Type: types.Long, IsConst: true, Value: int64(0)}}, "maxSize"},
		{"make_bag", []functions.Arg{a(types.String)}, "dynamic"},
		{"percentile", []functions.Arg{a(types.Long), a(types.Long)}, "constant"},
		{"percentile", []functions.Arg{a(types.Long), {Type: types.Long, IsConst: true, Value: int64(101)}}, "between 0 and 100"},
		{"percentiles", []functions.Arg{a(types.Long)}, "at least 2"},
		{"percentilew", []functions.Arg{a(types.Long), a(types.Real), {Type: types.Long, IsConst: true, Value: int64(5)}}, "integer"},
		{"arg_max", []functions.Arg{{Type: types.Long, FromStar: true, Name: "x"}}, "not *"},
		{"arg_max", []functions.Arg{a(types.Dynamic), a(types.Long)}, "orderable"},
		{"binary_all_and", []functions.Arg{a(types.Real)}, "integer"},
		{"count_distinct", []functions.Arg{a(types.Dynamic)}, "non-dynamic"},
	}
	for _, c := range cases {
		fntest.WantBindError(t, c.fn, c.args, c.want)
	}
}

func TestArgMaxAscendingBatches(t *testing.T) {
	// Ascending input replaces the best row on every row; values copied
	// from one batch must survive the next batch overwriting its arena.
	b := bind(t, "arg_max", []functions.Arg{{Name: "x", Type: types.Long}, {Name: "s", Type: types.String}})
	a := b.NewAgg()
	for batch := 0; batch < 3; batch++ {
		xs := []any{int64(batch*2 + 1), int64(batch*2 + 2)}
		ss := []any{fmt.Sprintf("row%d", batch*2+1), fmt.Sprintf("row%d", batch*2+2)}
		if err := a.Update([]uint32{0, 1}, []*column.Vector{longs(xs...), strs(ss...)}); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := a.Result(2)
	if got := renderAll(res, 2); got != "5,row5 | 6,row6" {
		t.Errorf("got %s", got)
	}
}

func TestResultGrowsGroups(t *testing.T) {
	// Groups that never received a row still get a row of defaults.
	for _, name := range []string{"count", "sum", "make_set", "make_list", "dcount"} {
		vs := []*column.Vector{longs(1)}
		if name == "count" {
			vs = nil
		}
		b := bind(t, name, argsOf(vs, []string{"x"}))
		a := b.NewAgg()
		if err := a.Update([]uint32{0}, vs); err != nil {
			t.Fatal(err)
		}
		res, err := a.Result(3)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Len() != 3 {
				t.Errorf("%s: %d rows for 3 groups", name, r.Len())
			}
		}
	}
}

func TestMergeMismatch(t *testing.T) {
	a := bind(t, "count", nil).NewAgg()
	b := bind(t, "sum", []functions.Arg{{Type: types.Long}}).NewAgg()
	if err := a.Merge(b, nil); err == nil {
		t.Error("merging a sum into a count should fail")
	}
}
