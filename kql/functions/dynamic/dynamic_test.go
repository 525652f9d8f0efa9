package dynamic

import (
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func js(t *testing.T, s string) any {
	t.Helper()
	v, err := value.ParseJSON(s)
	if err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

func show(v any) string {
	if v == nil {
		return "null"
	}
	if s, ok := v.(string); ok {
		return s
	}
	return string(value.AppendJSON(nil, v))
}

// call binds name over constant-free vectors built from boxed values (one
// row) and returns the single result rendered as JSON.
func call(t *testing.T, name string, args ...any) (string, error) {
	t.Helper()
	f, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s not registered", name)
	}
	bargs := make([]functions.Arg, len(args))
	vecs := make([]*column.Vector, len(args))
	for i, a := range args {
		typ := typeOf(a)
		if w, ok := a.(dyn); ok {
			a = w.v
		}
		bargs[i] = functions.Arg{Type: typ, IsConst: true, Value: a}
		b := column.NewBuilder(typ, 1)
		b.AppendValue(a)
		vecs[i] = b.Build()
	}
	bound, err := f.Bind(bargs)
	if err != nil {
		return "", err
	}
	for i, t2 := range bound.ArgTypes {
		if t2 != vecs[i].Type && t2 != types.Unknown {
			if vecs[i], err = functions.Convert(vecs[i], t2); err != nil {
				t.Fatalf("%s: converting argument %d: %v", name, i+1, err)
			}
		}
	}
	out, err := bound.Eval(&functions.Ctx{}, vecs, 1)
	if err != nil {
		return "", err
	}
	if out.Type != bound.Type {
		t.Fatalf("%s: kernel returned %s, bound says %s", name, out.Type, bound.Type)
	}
	return show(out.Value(0)), nil
}

// dyn marks a scalar test argument as a dynamic value.
type dyn struct{ v any }

func typeOf(v any) types.Type {
	switch v.(type) {
	case nil:
		return types.Dynamic
	case bool:
		return types.Bool
	case int32:
		return types.Int
	case int64:
		return types.Long
	case float64:
		return types.Real
	case string:
		return types.String
	case value.DateTime:
		return types.DateTime
	case value.TimeSpan:
		return types.TimeSpan
	case types.Type:
		return types.Unknown
	case dyn:
		return types.Dynamic
	}
	return types.Dynamic
}

func TestScalarFunctions(t *testing.T) {
	d := func(s string) any { return js(t, s) }
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"array_length", []any{d(`[1,2,3,"four"]`)}, "4"},
		{"array_length", []any{d(`{"a":1}`)}, "null"},
		{"array_length", []any{nil}, "null"},
		{"array_length", []any{d(`[]`)}, "0"},
		{"array_concat", []any{d(`[1]`), d(`[2,3]`), d(`[]`)}, "[1,2,3]"},
		{"array_concat", []any{d(`[1]`), dyn{int64(5)}}, "null"},
		{"array_slice", []any{d(`[1,2,3]`), int64(1), int64(2)}, "[2,3]"},
		{"array_slice", []any{d(`[1,2,3,4,5]`), int64(2), int64(-1)}, "[3,4,5]"},
		{"array_slice", []any{d(`[1,2,3,4,5]`), int64(-3), int64(-2)}, "[3,4]"},
		{"array_slice", []any{d(`[1,2,3]`), int64(5), int64(9)}, "[]"},
		{"array_slice", []any{d(`[1,2,3]`), int64(-9), int64(0)}, "[1]"},
		{"array_reverse", []any{d(`["this","is","an","example"]`)}, `["example","an","is","this"]`},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "an"}, "2"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "example", int64(1), int64(3)}, "3"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "example", int64(1), int64(2)}, "-1"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "is", int64(2), int64(4)}, "-1"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "an", int64(1), int64(-1), int64(2)}, "4"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "an", int64(-3)}, "4"},
		{"array_index_of", []any{d(`["this","is","an","example","an","example"]`), "is", int64(-4)}, "-1"},
		{"array_index_of", []any{d(`[1,2,3]`), int64(2), int64(0), int64(-2)}, "null"},
		{"array_index_of", []any{d(`[1.0,2,3]`), int32(1)}, "0"},
		{"array_iff", []any{d(`[true,false,true]`), d(`[1,2,3]`), d(`[4,5,6]`)}, "[1,5,3]"},
		{"array_iff", []any{d(`[1,0,50]`), "yes", "no"}, `["yes","no","yes"]`},
		{"array_iff", []any{d(`["x",null]`), int64(1), int64(0)}, "[null,null]"},
		{"array_iff", []any{d(`[true,true,true]`), d(`[1,2]`), d(`[3,4]`)}, "[1,2,null]"},
		{"array_iif", []any{d(`[false]`), int64(1), int64(0)}, "[0]"},
		{"array_rotate_left", []any{d(`[1,2,3,4,5]`), int64(2)}, "[3,4,5,1,2]"},
		{"array_rotate_left", []any{d(`[1,2,3,4,5]`), int64(-2)}, "[4,5,1,2,3]"},
		{"array_rotate_right", []any{d(`[1,2,3,4,5]`), int64(-2)}, "[3,4,5,1,2]"},
		{"array_rotate_right", []any{d(`[1,2,3,4,5]`), int64(7)}, "[4,5,1,2,3]"},
		{"array_rotate_left", []any{d(`[]`), int64(3)}, "[]"},
		{"array_shift_left", []any{d(`[1,2,3,4,5]`), int64(2)}, "[3,4,5,null,null]"},
		{"array_shift_left", []any{d(`[1,2,3,4,5]`), int64(2), int64(-1)}, "[3,4,5,-1,-1]"},
		{"array_shift_left", []any{d(`[1,2,3,4,5]`), int64(-2), int64(-1)}, "[-1,-1,1,2,3]"},
		{"array_shift_right", []any{d(`[1,2,3,4,5]`), int64(1)}, "[null,1,2,3,4]"},
		{"array_split", []any{d(`[1,2,3,4,5]`), int64(2)}, "[[1,2],[3,4,5]]"},
		{"array_split", []any{d(`[1,2,3,4,5]`), d(`[1,3]`)}, "[[1],[2,3],[4,5]]"},
		{"array_split", []any{d(`[1,2,3,4,5]`), int64(-1)}, "[[1,2,3,4],[5]]"},
		{"array_sum", []any{d(`[1,2.5,3]`)}, "6.5"},
		{"array_sum", []any{d(`[1,"a"]`)}, "null"},
		{"array_sort_asc", []any{d(`[null,"blue","yellow","green",null]`)}, `["blue","green","yellow",null,null]`},
		{"array_sort_asc", []any{d(`[null,"blue","yellow","green",null]`), false}, `[null,null,"blue","green","yellow"]`},
		{"array_sort_desc", []any{d(`[null,"blue","yellow","green",null]`)}, `["yellow","green","blue",null,null]`},
		{"array_sort_desc", []any{d(`[1,3,4,5,2]`), d(`["a","b","c","d","e"]`)}, `[[5,4,3,2,1],["d","c","b","e","a"]]`},
		{"array_sort_asc", []any{d(`[1,3,4,5,2]`), d(`["a","b","c","d","e"]`)}, `[[1,2,3,4,5],["a","e","b","c","d"]]`},
		{"array_sort_asc", []any{d(`[2,1]`), d(`["a"]`)}, `[[1,2],null]`},
		{"array_sort_asc", []any{d(`["b",2,"a",1.5,true]`)}, `[1.5,2,"a","b",true]`},
		{"array_sort_asc", []any{dyn{"x"}}, "null"},
		{"zip", []any{d(`[1,2,3]`), d(`["one","two"]`)}, `[[1,"one"],[2,"two"],[3,null]]`},
		{"set_has_element", []any{d(`["this","is","an","example"]`), "example"}, "true"},
		{"set_has_element", []any{d(`[1,2]`), int64(3)}, "false"},
		{"set_union", []any{d(`[1,2,1,4]`), d(`[1,2]`), d(`[8]`)}, "[1,2,4,8]"},
		{"set_union", []any{d(`["A4","A2","A7","A2"]`), d(`["A4","A2","A7","A2"]`)}, `["A4","A2","A7"]`},
		{"set_intersect", []any{d(`[1,2,3]`), d(`[4,5]`)}, "[]"},
		{"set_intersect", []any{d(`[1,2,3,2]`), d(`[2,3,4]`), d(`[3,2]`)}, "[2,3]"},
		{"set_difference", []any{d(`[1,2,1,4]`), d(`[1,2]`), d(`[8]`)}, "[4]"},
		{"set_difference", []any{d(`[1,2,3]`), d(`[1,2,3]`)}, "[]"},
		{"set_equals", []any{d(`[1,2,2]`), d(`[2,1]`)}, "true"},
		{"set_equals", []any{d(`[1,2]`), d(`[2,3]`)}, "false"},
		{"set_union", []any{d(`[{"a":1,"b":2}]`), d(`[{"b":2,"a":1}]`)}, `[{"a":1,"b":2}]`},
		{"jaccard_index", []any{d(`[1,2,3]`), d(`[2,3,4]`)}, "0.5"},
		{"bag_keys", []any{d(`{"a":"b","c":123}`)}, `["a","c"]`},
		{"bag_keys", []any{d(`{}`)}, `[]`},
		{"bag_keys", []any{d(`[]`)}, `null`},
		{"bag_keys", []any{dyn{"a"}}, `null`},
		{"bag_merge", []any{d(`{"A1":12,"B1":2,"C1":3}`), d(`{"A2":81,"B2":82,"A1":1}`)}, `{"A1":12,"B1":2,"C1":3,"A2":81,"B2":82}`},
		{"bag_remove_keys", []any{d(`{"key1":123,"key2":"abc"}`), d(`["key2","key4"]`)}, `{"key1":123}`},
		{"bag_remove_keys", []any{d(`{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"},"key3":[100,200]}`), d(`["$.key2.prop1","key3"]`)}, `{"key1":123,"key2":{"prop2":"xyz"}}`},
		{"bag_set_key", []any{d(`{"key1":1,"key3":"abc"}`), "key3", int64(3)}, `{"key1":1,"key3":3}`},
		{"bag_set_key", []any{d(`{"key1":123}`), "$.key2.prop1", "abc"}, `{"key1":123,"key2":{"prop1":"abc"}}`},
		{"bag_set_key", []any{d(`[1]`), "a", int64(1)}, `null`},
		{"bag_has_key", []any{d(`{"key1":123,"key2":"abc"}`), "key2"}, "true"},
		{"bag_has_key", []any{d(`{"key1":123,"key3":"abc"}`), "key2"}, "false"},
		{"bag_has_key", []any{d(`{"key2":{"prop1":"abc"}}`), "$.key2.prop1"}, "true"},
		{"bag_has_key", []any{d(`{"key2":{"prop1":"abc"}}`), "$['key2']['prop2']"}, "false"},
		{"bag_pack", []any{"a", int64(1), "b", "x"}, `{"a":1,"b":"x"}`},
		{"pack", []any{"a", nil}, `{"a":null}`},
		{"pack_dictionary", []any{"k", 1.5}, `{"k":1.5}`},
		{"pack_array", []any{int64(1), "2", value.TimeSpan(2 * value.Second)}, `[1,"2","00:00:02"]`},
		{"bag_zip", []any{d(`["a","b","c"]`), d(`[1,"2",3.4]`)}, `{"a":1,"b":"2","c":3.4}`},
		{"bag_zip", []any{d(`["a","b","c"]`), d(`[1,"2"]`)}, `{"a":1,"b":"2","c":null}`},
		{"bag_zip", []any{d(`["a",8,"b"]`), d(`[1,"2",2.5]`)}, `{"a":1,"b":2.5}`},
		{"bag_zip", []any{dyn{"a"}, d(`[1]`)}, `null`},
		{"treepath", []any{d(`{"a":"b","c":123}`)}, `["['a']","['c']"]`},
		{"treepath", []any{d(`{"prop1":[1,2,3,4],"prop2":"value2"}`)}, `["['prop1']","['prop1'][0]","['prop2']"]`},
		{"treepath", []any{d(`{"listProperty":[100,200,300,"abcde",{"x":"y"}]}`)}, `["['listProperty']","['listProperty'][0]","['listProperty'][0]['x']"]`},
		{"range", []any{int64(1), int64(8), int64(3)}, "[1,4,7]"},
		{"range", []any{int64(1), int64(3)}, "[1,2,3]"},
		{"range", []any{int64(5), int64(1), int64(-2)}, "[5,3,1]"},
		{"range", []any{int64(1), int64(3), int64(0)}, "null"},
		{"range", []any{1.5, int64(3)}, "[1.5,2.5]"},
		{"range", []any{value.TimeSpan(value.Hour), value.TimeSpan(3 * value.Hour)}, `["01:00:00","02:00:00","03:00:00"]`},
		{"repeat", []any{"a", int64(3)}, `["a","a","a"]`},
		{"repeat", []any{int64(1), int64(-1)}, `null`},
		{"__member", []any{d(`{"a":{"b":1}}`), "a"}, `{"b":1}`},
		{"__member", []any{d(`[1]`), "a"}, `null`},
		{"__index", []any{d(`[1,2,3]`), int64(-1)}, `3`},
		{"__index", []any{d(`[1,2,3]`), int64(3)}, `null`},
		{"__index", []any{d(`{"a b":1}`), "a b"}, `1`},
		{"__index", []any{d(`[10,20]`), d(`1`)}, `20`},
		{"extract_json", []any{"$.name", `{"name":"John","age":30}`}, "John"},
		{"extract_json", []any{"$.age", `{"name":"John","age":30}`, types.Long}, "30"},
		{"extract_json", []any{"$['a'][1].b", `{"a":[0,{"b":[1,2]}]}`}, "[1,2]"},
		{"extractjson", []any{"$.missing", `{}`}, ""},
		{"extract_json", []any{"$.a", `not json`}, ""},
	}
	for _, c := range cases {
		got, err := call(t, c.name, c.args...)
		if err != nil {
			t.Errorf("%s%v: error %v", c.name, c.args, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s(%s) = %s, want %s", c.name, showArgs(c.args), got, c.want)
		}
	}
}

func showArgs(args []any) string {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = show(a)
	}
	return strings.Join(s, ", ")
}

func TestBindErrors(t *testing.T) {
	cases := []struct {
		name string
		args []functions.Arg
		want string
	}{
		{"array_length", []functions.Arg{{Type: types.String}}, "must be a dynamic"},
		{"array_slice", []functions.Arg{{Type: types.Dynamic}, {Type: types.Long}}, "expects 3"},
		{"bag_pack", []functions.Arg{{Type: types.String}}, "even number"},
		{"bag_pack", []functions.Arg{{Type: types.Long}, {Type: types.Long}}, "must be a string"},
		{"extract_json", []functions.Arg{{Type: types.String, IsConst: true, Value: "a.b"}, {Type: types.String}}, "must start with $"},
		{"range", []functions.Arg{{Type: types.String}, {Type: types.String}}, "must be a number"},
		{"pack_all", []functions.Arg{{Type: types.Long}}, "ignore_null_empty"},
		{"pack_all", nil, "not supported in this context"},
	}
	for _, c := range cases {
		fntest.WantBindError(t, c.name, c.args, c.want)
	}
}

func TestPackAll(t *testing.T) {
	f, _ := functions.Lookup("pack_all")
	args := []functions.Arg{
		{Type: types.Bool, IsConst: true, Value: true},
		{Type: types.String, FromStar: true, Name: "Source"},
		{Type: types.String, FromStar: true, Name: "Target"},
		{Type: types.Long, FromStar: true, Name: "Count"},
	}
	b, err := f.Bind(args)
	if err != nil {
		t.Fatal(err)
	}
	cnt := column.FromInts(types.Long, []int64{46, 0}, nil)
	nulls := column.NewBitmap(2)
	nulls.Set(1)
	cnt.SetNulls(nulls)
	out, err := b.Eval(nil, []*column.Vector{
		column.Const(types.Bool, true, 2),
		column.FromStrings(types.String, column.StringsOf("555-1234", "555-2424")),
		column.FromStrings(types.String, column.StringsOf("555-1212", "")),
		cnt,
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"Source":"555-1234","Target":"555-1212","Count":46}`, `{"Source":"555-2424"}`}
	for i, w := range want {
		if got := show(out.Value(i)); got != w {
			t.Errorf("row %d: %s, want %s", i, got, w)
		}
	}
}

func TestSortOutputs(t *testing.T) {
	f, _ := functions.Lookup("array_sort_asc")
	b, err := f.Bind([]functions.Arg{{Type: types.Dynamic, Name: "array1"}, {Type: types.Dynamic, Name: "array2"}, {Type: types.Bool}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Outputs) != 2 || b.Outputs[0].Name != "array1_sorted" || b.Outputs[1].Name != "array2_sorted" {
		t.Errorf("outputs %v", b.Outputs)
	}
	// One array still names its result (a_sorted); arguments that are not
	// columns are named by position.
	b, _ = f.Bind([]functions.Arg{{Type: types.Dynamic, Name: "a"}, {Type: types.Bool}})
	if len(b.Outputs) != 1 || b.Outputs[0].Name != "a_sorted" {
		t.Errorf("one column array: outputs %v", b.Outputs)
	}
	b, _ = f.Bind([]functions.Arg{{Type: types.Dynamic, Name: "a"}, {Type: types.Dynamic}, {Type: types.Dynamic, Name: "a_x"}})
	if len(b.Outputs) != 3 || b.Outputs[0].Name != "a_sorted" || b.Outputs[1].Name != "array1_sorted" || b.Outputs[2].Name != "a_x_sorted" {
		t.Errorf("mixed arrays: outputs %v", b.Outputs)
	}
}

func TestMemberOverColumn(t *testing.T) {
	f, _ := functions.Lookup("__member")
	b, err := f.Bind([]functions.Arg{{Type: types.Dynamic}, {Type: types.String, IsConst: true, Value: "k"}})
	if err != nil {
		t.Fatal(err)
	}
	col := column.FromDyns([]any{js(t, `{"k":"v"}`), nil, js(t, `[1]`), js(t, `{"k":{"x":[1]}}`)})
	out, err := b.Eval(nil, []*column.Vector{col, column.Const(types.String, "k", 4)}, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"v", "null", "null", `{"x":[1]}`}
	for i, w := range want {
		if got := show(out.Value(i)); got != w {
			t.Errorf("row %d: %s, want %s", i, got, w)
		}
	}
}

func TestImmutability(t *testing.T) {
	in := js(t, `{"a":{"b":1},"c":2}`)
	before := show(in)
	for _, name := range []string{"bag_set_key", "bag_remove_keys"} {
		switch name {
		case "bag_set_key":
			if _, err := call(t, name, in, "$.a.b", int64(5)); err != nil {
				t.Fatal(err)
			}
		case "bag_remove_keys":
			if _, err := call(t, name, in, js(t, `["$.a.b","c"]`)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if show(in) != before {
		t.Errorf("input modified: %s, was %s", show(in), before)
	}
}

func TestHashAgreesWithEqual(t *testing.T) {
	pairs := [][2]any{
		{int64(1), 1.0},
		{int32(7), int64(7)},
		{js(t, `{"a":1,"b":[1,2]}`), js(t, `{"b":[1,2],"a":1}`)},
		{0.0, math.Copysign(0, -1)},
	}
	for _, p := range pairs {
		if !value.Equal(p[0], p[1]) {
			t.Fatalf("test assumes %v equals %v", p[0], p[1])
		}
		if Hash(p[0]) != Hash(p[1]) {
			t.Errorf("Hash(%s) != Hash(%s)", show(p[0]), show(p[1]))
		}
	}
	distinct := []any{nil, false, true, int64(0), "0", value.DateTime(0), value.TimeSpan(0), value.GUID("0"), []any{}, value.NewBag(0), "", 0.5}
	seen := map[uint64]any{}
	for _, v := range distinct {
		h := Hash(v)
		if o, dup := seen[h]; dup {
			t.Errorf("Hash collision between %#v and %#v", o, v)
		}
		seen[h] = v
	}
	if HashString("abcdefghijk") == HashString("abcdefghijl") {
		t.Error("tail bytes not hashed")
	}
}
