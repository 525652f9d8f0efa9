package functions

import (
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

const (
	B  = types.Bool
	I  = types.Int
	L  = types.Long
	R  = types.Real
	D  = types.Decimal
	S  = types.String
	DT = types.DateTime
	TS = types.TimeSpan
	G  = types.Guid
	DY = types.Dynamic
)

type opCase struct {
	name  string
	fn    string
	args  []targ
	want  []any
	wantT types.Type
}

func runCases(t *testing.T, cases []opCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.want)
			got, typ := call(t, c.fn, n, c.args...)
			if c.wantT != types.Unknown && typ != c.wantT {
				t.Errorf("type %s, want %s", typ, c.wantT)
			}
			checkRows(t, c.fn, got, c.want)
		})
	}
}

func dt(s string) value.DateTime {
	d, ok := value.ParseDateTime(s)
	if !ok {
		panic(s)
	}
	return d
}

func TestArithmetic(t *testing.T) {
	day := value.TimeSpan(value.Day)
	hour := value.TimeSpan(value.Hour)
	runCases(t, []opCase{
		{"long+long", "+", []targ{col(L, int64(1), nil, int64(-5)), cst(L, int64(2))}, rows(int64(3), nil, int64(-3)), L},
		{"int+int is long", "+", []targ{col(I, int32(1)), col(I, int32(2))}, rows(int64(3)), L},
		{"long+real", "+", []targ{col(L, int64(1)), cst(R, 0.5)}, rows(1.5), R},
		{"decimal wins over real", "*", []targ{col(D, 2.0), cst(R, 1.5)}, rows(value.Decimal("3")), D},
		{"integer division truncates", "/", []targ{col(L, int64(7), int64(-7), int64(1)), cst(L, int64(2))}, rows(int64(3), int64(-3), int64(0)), L},
		{"integer division by zero is null", "/", []targ{col(L, int64(7)), col(L, int64(0))}, rows(nil), L},
		{"real division by zero", "/", []targ{col(R, 1.0, -1.0), cst(R, 0.0)}, rows(math.Inf(1), math.Inf(-1)), R},
		{"modulo is non-negative", "%", []targ{col(L, int64(14), int64(-14), int64(14), int64(-14)), col(L, int64(12), int64(12), int64(-12), int64(-12))}, rows(int64(2), int64(10), int64(2), int64(10)), L},
		{"modulo by zero", "%", []targ{col(L, int64(3)), cst(L, int64(0))}, rows(nil), L},
		{"real modulo", "%", []targ{col(R, -1.5), cst(R, 1.0)}, rows(0.5), R},
		{"datetime-datetime", "-", []targ{cst(DT, dt("2020-01-02")), col(DT, dt("2020-01-01"), nil)}, rows(day, nil), TS},
		{"datetime+timespan", "+", []targ{col(DT, dt("2020-01-01")), cst(TS, hour)}, rows(dt("2020-01-01T01:00:00Z")), DT},
		{"timespan+datetime", "+", []targ{cst(TS, hour), col(DT, dt("2020-01-01"))}, rows(dt("2020-01-01T01:00:00Z")), DT},
		{"datetime-timespan", "-", []targ{col(DT, dt("2020-01-01")), cst(TS, day)}, rows(dt("2019-12-31")), DT},
		{"timespan*long", "*", []targ{col(TS, hour), cst(L, int64(3))}, rows(3 * hour), TS},
		{"long*timespan", "*", []targ{cst(L, int64(2)), col(TS, hour)}, rows(2 * hour), TS},
		{"timespan*real", "*", []targ{col(TS, hour), cst(R, 0.5)}, rows(hour / 2), TS},
		{"timespan/timespan", "/", []targ{col(TS, day), cst(TS, hour)}, rows(24.0), R},
		{"datetime/timespan", "/", []targ{col(DT, value.DateTime(3*value.Hour)), cst(TS, hour)}, rows(3.0), R},
		{"timespan/long", "/", []targ{col(TS, day), cst(L, int64(2))}, rows(day / 2), TS},
		{"timespan%timespan", "%", []targ{col(TS, day+hour), cst(TS, day)}, rows(hour), TS},
		{"datetime overflow is null", "+", []targ{col(DT, value.DateTime(value.MaxDateTime)), cst(TS, day)}, rows(nil), DT},
		{"all constant", "+", []targ{cst(L, int64(1)), cst(L, int64(2))}, rows(int64(3), int64(3)), L},
		{"dynamic+long", "+", []targ{col(DY, int64(1), 2.5, "x", nil), cst(L, int64(1))}, rows(int64(2), int64(3), nil, nil), L},
		{"dynamic+real", "+", []targ{col(DY, int64(1), 2.5), cst(R, 1.0)}, rows(2.0, 3.5), R},
		{"dynamic+dynamic", "+", []targ{col(DY, int64(1), 2.5, "x"), col(DY, int64(1), int64(1), int64(1))}, rows(int64(2), 3.5, nil), DY},
		{"neg long", "neg", []targ{col(L, int64(1), nil)}, rows(int64(-1), nil), L},
		{"neg int is long", "neg", []targ{col(I, int32(1))}, rows(int64(-1)), L},
		{"neg timespan", "neg", []targ{col(TS, hour)}, rows(-hour), TS},
		{"neg real const", "neg", []targ{cst(R, 1.5)}, rows(-1.5), R},
	})
}

func TestArithmeticBindErrors(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []targ
	}{
		{"+", []targ{col(S, "a"), col(L, int64(1))}},
		{"+", []targ{col(DT, dt("2020-01-01")), col(DT, dt("2020-01-01"))}},
		{"-", []targ{col(TS, value.TimeSpan(1)), col(DT, dt("2020-01-01"))}},
		{"*", []targ{col(DT, dt("2020-01-01")), col(L, int64(1))}},
		{"+", []targ{col(B, true), col(L, int64(1))}},
		{"neg", []targ{col(S, "a")}},
		{"neg", []targ{col(B, true)}},
	} {
		if _, err := bindCall(c.fn, c.args...); err == nil {
			t.Errorf("%s%v: bound, want error", c.fn, c.args)
		} else if !strings.Contains(err.Error(), "not defined") {
			t.Errorf("%s: error %q does not say the operator is not defined", c.fn, err)
		}
	}
}

func TestComparison(t *testing.T) {
	runCases(t, []opCase{
		{"long==long", "==", []targ{col(L, int64(1), int64(2), nil), cst(L, int64(1))}, rows(true, false, false), B},
		{"null==null is null", "==", []targ{col(L, nil, int64(1)), col(L, nil, nil)}, rows(nil, false), B},
		{"null!=x is true", "!=", []targ{col(L, nil, int64(1), nil), col(L, int64(1), int64(1), nil)}, rows(true, false, nil), B},
		{"ordering with null is null", "<", []targ{col(L, nil, int64(1)), cst(L, int64(2))}, rows(nil, true), B},
		{"int vs real", "==", []targ{col(I, int32(1)), cst(R, 1.0)}, rows(true), B},
		{"const on the left flips", "<", []targ{cst(L, int64(2)), col(L, int64(1), int64(3))}, rows(false, true), B},
		{">=", ">=", []targ{col(R, 1.0, 2.0, math.NaN()), cst(R, 2.0)}, rows(false, true, false), B},
		{"datetime", ">", []targ{col(DT, dt("2020-01-02"), dt("2019-01-01")), cst(DT, dt("2020-01-01"))}, rows(true, false), B},
		{"strings ordinal", "==", []targ{col(S, "abc", "ABC", ""), cst(S, "abc")}, rows(true, false, false), B},
		{"strings !=", "!=", []targ{col(S, "abc", "ABC"), col(S, "abc", "abc")}, rows(false, true), B},
		{"bool", "==", []targ{col(B, true, false, nil), cst(B, true)}, rows(true, false, false), B},
		{"guid vs string", "==", []targ{col(G, value.GUID("01234567-89ab-cdef-0123-456789abcdef"), nil), cst(S, "01234567-89AB-CDEF-0123-456789ABCDEF")}, rows(true, false), B},
		{"string column vs number", "==", []targ{col(S, "0", "50126", ""), cst(L, int64(0))}, rows(true, false, false), B},
		{"string column != number", "!=", []targ{col(S, "0", "50126", ""), cst(L, int64(0))}, rows(false, true, true), B},
		{"int column vs string", "==", []targ{col(I, int32(4624), int32(4625)), cst(S, "4624")}, rows(true, false), B},
		{"datetime vs string", "==", []targ{col(DT, dt("2020-01-01")), cst(S, "2020-01-01")}, rows(true), B},
		{"dynamic vs string", "==", []targ{col(DY, "foo", int64(1), nil), cst(S, "foo")}, rows(true, false, false), B},
		{"dynamic vs long", "==", []targ{col(DY, int64(5), "5", nil), cst(L, int64(5))}, rows(true, true, false), B},
		{"dynamic < long", "<", []targ{col(DY, int64(5), 7.5), cst(L, int64(6))}, rows(true, false), B},
		{"dynamic vs dynamic", "==", []targ{col(DY, int64(1), "a", []any{int64(1)}), col(DY, 1.0, "a", []any{int64(1)})}, rows(true, true, true), B},
		{"=~", "=~", []targ{col(S, "ABC", "abd", "Straße"), cst(S, "abc")}, rows(true, false, false), B},
		{"!~", "!~", []targ{col(S, "ABC", "abd"), cst(S, "abc")}, rows(false, true), B},
		{"=~ unicode", "=~", []targ{col(S, "ÉCOLE", "école"), cst(S, "École")}, rows(true, true), B},
		{"=~ column needle", "=~", []targ{col(S, "ABC", "x"), col(S, "abc", "y")}, rows(true, false), B},
		{"=~ dynamic", "=~", []targ{col(DY, "ABC", nil), cst(S, "abc")}, rows(true, false), B},
	})
}

func TestComparisonBindErrors(t *testing.T) {
	for _, c := range []struct {
		fn   string
		args []targ
	}{
		{"<", []targ{col(S, "a"), col(S, "b")}},
		{"==", []targ{col(DT, dt("2020-01-01")), col(L, int64(1))}},
		{"==", []targ{col(TS, value.TimeSpan(1)), col(DT, dt("2020-01-01"))}},
		{"<", []targ{col(G, nil), col(G, nil)}},
		{"=~", []targ{col(L, int64(1)), col(L, int64(1))}},
		{"<", []targ{col(DY, nil), col(S, "a")}},
	} {
		if _, err := bindCall(c.fn, c.args...); err == nil {
			t.Errorf("%s(%s, %s): bound, want error", c.fn, c.args[0].t, c.args[1].t)
		}
	}
}

func TestLogic(t *testing.T) {
	runCases(t, []opCase{
		{"and", "and", []targ{col(B, true, true, false, nil, nil, nil), col(B, true, false, nil, false, true, nil)}, rows(true, false, false, false, nil, nil), B},
		{"or", "or", []targ{col(B, true, true, false, nil, nil, nil), col(B, true, false, nil, false, true, nil)}, rows(true, true, nil, nil, true, nil), B},
		{"and false const", "and", []targ{col(B, true, nil), cst(B, false)}, rows(false, false), B},
		{"and true const", "and", []targ{col(B, true, false), cst(B, true)}, rows(true, false), B},
		{"and null const", "and", []targ{col(B, true, false), cst(B, nil)}, rows(nil, false), B},
		{"or true const", "or", []targ{cst(B, true), col(B, false, nil)}, rows(true, true), B},
		{"not", "not", []targ{col(B, true, false, nil)}, rows(false, true, nil), B},
		{"and dynamic", "and", []targ{col(DY, true, "false"), cst(B, true)}, rows(true, false), B},
	})
	if _, err := bindCall("and", col(L, int64(1)), col(B, true)); err == nil {
		t.Error("long and bool bound")
	}
	if _, err := bindCall("not", col(DY, true)); err == nil {
		t.Error("not(dynamic) bound")
	}
}

func TestStringOperators(t *testing.T) {
	hay := col(S, "FabriKam", "North America", "", "ad67d136-c1db-4f9f-88ef", "cmd.exe /c whoami", "ÉCOLE normale")
	runCases(t, []opCase{
		{"contains", "contains", []targ{hay, cst(S, "BRik")}, rows(true, false, false, false, false, false), B},
		{"contains empty needle", "contains", []targ{hay, cst(S, "")}, rows(true, true, true, true, true, true), B},
		{"!contains", "!contains", []targ{hay, cst(S, "xyz")}, rows(true, true, true, true, true, true), B},
		{"contains_cs", "contains_cs", []targ{hay, cst(S, "Kam")}, rows(true, false, false, false, false, false), B},
		{"contains unicode", "contains", []targ{hay, cst(S, "école")}, rows(false, false, false, false, false, true), B},
		{"startswith", "startswith", []targ{hay, cst(S, "fab")}, rows(true, false, false, false, false, false), B},
		{"!startswith_cs", "!startswith_cs", []targ{hay, cst(S, "fab")}, rows(true, true, true, true, true, true), B},
		{"endswith", "endswith", []targ{hay, cst(S, "KAM")}, rows(true, false, false, false, false, false), B},
		{"endswith_cs", "endswith_cs", []targ{hay, cst(S, "Kam")}, rows(true, false, false, false, false, false), B},
		{"has whole term", "has", []targ{hay, cst(S, "america")}, rows(false, true, false, false, false, false), B},
		{"has not part of term", "has", []targ{hay, cst(S, "amer")}, rows(false, false, false, false, false, false), B},
		{"has term sequence", "has", []targ{hay, cst(S, "c1db-4f9f")}, rows(false, false, false, true, false, false), B},
		{"has punctuation start", "has", []targ{hay, cst(S, ".exe")}, rows(false, false, false, false, true, false), B},
		{"has needs both ends", "has", []targ{hay, cst(S, "d136-c1d")}, rows(false, false, false, false, false, false), B},
		{"!has", "!has", []targ{hay, cst(S, "whoami")}, rows(true, true, true, true, false, true), B},
		{"has_cs", "has_cs", []targ{hay, cst(S, "America")}, rows(false, true, false, false, false, false), B},
		{"has_cs case", "has_cs", []targ{hay, cst(S, "america")}, rows(false, false, false, false, false, false), B},
		{"hasprefix", "hasprefix", []targ{hay, cst(S, "ame")}, rows(false, true, false, false, false, false), B},
		{"hasprefix mid-term", "hasprefix", []targ{hay, cst(S, "mer")}, rows(false, false, false, false, false, false), B},
		{"hassuffix", "hassuffix", []targ{hay, cst(S, "ica")}, rows(false, true, false, false, false, false), B},
		{"hassuffix not at end", "hassuffix", []targ{hay, cst(S, "americ")}, rows(false, false, false, false, false, false), B},
		{"!hassuffix_cs", "!hassuffix_cs", []targ{hay, cst(S, "icA")}, rows(true, true, true, true, true, true), B},
		{"has later occurrence", "has", []targ{col(S, "xabc abc"), cst(S, "abc")}, rows(true), B},
		{"matches regex", "matches regex", []targ{hay, cst(S, `b.*K`)}, rows(true, false, false, false, false, false), B},
		{"matches regex column", "matches regex", []targ{col(S, "abc", "abc"), col(S, "^a", "^b")}, rows(true, false), B},
		{"dynamic left", "contains", []targ{col(DY, "Hello", []any{"Hello"}, nil), cst(S, "hello")}, rows(true, true, false), B},
		{"needle column", "has", []targ{col(S, "a b", "a b"), col(S, "a", "c")}, rows(true, false), B},
	})
	if _, err := bindCall("contains", col(L, int64(1)), cst(S, "1")); err == nil {
		t.Error("1 contains \"1\" bound")
	}
	if _, err := bindCall("has", col(S, "x"), cst(L, int64(1))); err == nil {
		t.Error("has with a long needle bound")
	}
	if _, err := bindCall("matches regex", col(S, "x"), cst(S, "(")); err == nil {
		t.Error("bad regex bound")
	}
}

func dictVector(dict []string, codes []uint32) *column.Vector {
	s := &column.Strings{Dict: column.StringsOf(dict...), Codes: codes}
	return column.FromStrings(types.String, s)
}

func TestDictionaryEncodedStrings(t *testing.T) {
	codes := []uint32{0, 1, 2, 1, 0, 2, 2}
	v := dictVector([]string{"alpha", "Beta", "gamma"}, codes)
	n := len(codes)
	eval := func(fn, needle string) *column.Vector {
		b, err := bindCall(fn, col(S), cst(S, needle))
		if err != nil {
			t.Fatal(err)
		}
		out, err := b.Eval(&Ctx{}, []*column.Vector{v, ConstOf(S, needle, n)}, n)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	contains, starts := eval("contains", "A"), eval("startswith", "b")
	wantStarts := []bool{false, true, false, true, false, false, false}
	for i := range codes {
		if !contains.Bool(i) || starts.Bool(i) != wantStarts[i] {
			t.Fatalf("row %d: contains %v startswith %v", i, contains.Bool(i), starts.Bool(i))
		}
	}
	d, err := Convert(v, DY)
	if err != nil || d.Dyn(3) != "Beta" {
		t.Fatalf("convert dictionary to dynamic: %v %v", err, d.Dyn(3))
	}
	l, err := Convert(dictVector([]string{"1", "x"}, []uint32{1, 0, 0}), L)
	if err != nil || !l.IsNull(0) || l.Int(1) != 1 || l.Int(2) != 1 {
		t.Fatalf("convert dictionary to long: %v", err)
	}
}

func TestIn(t *testing.T) {
	runCases(t, []opCase{
		{"in strings", "in", []targ{col(S, "a", "b", "A"), cst(S, "a"), cst(S, "c")}, rows(true, false, false), B},
		{"!in strings", "!in", []targ{col(S, "a", "b"), cst(S, "a")}, rows(false, true), B},
		{"in~", "in~", []targ{col(S, "ABC", "x"), cst(S, "abc")}, rows(true, false), B},
		{"!in~", "!in~", []targ{col(S, "ABC", "x"), cst(S, "abc")}, rows(false, true), B},
		{"in dynamic array", "in", []targ{col(S, "a", "b", "c"), cst(DY, []any{"a", "b"})}, rows(true, true, false), B},
		{"in~ dynamic array", "in~", []targ{col(S, "A", "c"), cst(S, "x"), cst(DY, []any{"a"})}, rows(true, false), B},
		{"in longs", "in", []targ{col(L, int64(1), int64(2), nil), cst(L, int64(1)), cst(L, int64(3))}, rows(true, false, false), B},
		{"!in null left", "!in", []targ{col(L, nil, int64(1)), cst(L, int64(1))}, rows(true, false), B},
		{"in widens to real", "in", []targ{col(L, int64(2), int64(1)), cst(R, 2.5), cst(L, int64(1))}, rows(false, true), B},
		{"in int column", "in", []targ{col(I, int32(4624), int32(1)), cst(L, int64(4624))}, rows(true, false), B},
		{"in column element", "in", []targ{col(L, int64(1), int64(2)), cst(L, int64(9)), col(L, int64(1), int64(3))}, rows(true, false), B},
		{"in dynamic column element", "in", []targ{col(S, "a", "b"), col(DY, []any{"x", "a"}, []any{"a"})}, rows(true, false), B},
		{"in string vs numbers", "in", []targ{col(S, "1", "x"), cst(L, int64(1))}, rows(true, false), B},
		{"in datetime", "in", []targ{col(DT, dt("2020-01-01")), cst(DT, dt("2020-01-01"))}, rows(true), B},
		{"in dynamic left", "in", []targ{col(DY, "a", int64(1)), cst(S, "a"), cst(S, "1")}, rows(true, true), B},
		{"in bool", "in", []targ{col(B, true, false), cst(B, true)}, rows(true, false), B},
	})
	if _, err := bindCall("in~", col(L, int64(1)), cst(L, int64(1))); err == nil {
		t.Error("long in~ bound")
	}
}

func TestHasAny(t *testing.T) {
	hay := col(S, "North America", "cmd.exe /c whoami", "", "South Pole")
	runCases(t, []opCase{
		{"has_any", "has_any", []targ{hay, cst(S, "south"), cst(S, "north")}, rows(true, false, false, true), B},
		{"has_any dynamic", "has_any", []targ{hay, cst(DY, []any{"WHOAMI", "pole"})}, rows(false, true, false, true), B},
		{"has_any multi-term", "has_any", []targ{hay, cst(S, "cmd.exe"), cst(S, "amer")}, rows(false, true, false, false), B},
		{"has_any numbers", "has_any", []targ{col(S, "port 443 open", "4430"), cst(L, int64(443))}, rows(true, false), B},
		{"has_any empty list", "has_any", []targ{hay, cst(DY, []any{})}, rows(false, false, false, false), B},
		{"has_all", "has_all", []targ{hay, cst(S, "north"), cst(S, "america")}, rows(true, false, false, false), B},
		{"has_all repeated term", "has_all", []targ{col(S, "a a", "a b"), cst(S, "a"), cst(S, "b")}, rows(false, true), B},
		{"has_all multi", "has_all", []targ{hay, cst(S, "cmd.exe"), cst(S, "/c")}, rows(false, true, false, false), B},
		{"has_any column needle", "has_any", []targ{col(S, "a b", "a b"), col(S, "b", "c")}, rows(true, false), B},
		{"has_any dynamic left", "has_any", []targ{col(DY, []any{"x", "y"}), cst(S, "y")}, rows(true), B},
		{"has_any long term", "has_any", []targ{col(S, "x "+strings.Repeat("a", 100)), cst(S, strings.Repeat("A", 100))}, rows(true), B},
	})
	if _, err := bindCall("has_any", col(L, int64(1)), cst(S, "1")); err == nil {
		t.Error("long has_any bound")
	}
}

func TestBetween(t *testing.T) {
	runCases(t, []opCase{
		{"numbers", "between", []targ{col(L, int64(1), int64(5), int64(10), int64(11), nil), cst(L, int64(5)), cst(L, int64(10))}, rows(false, true, true, false, nil), B},
		{"not between", "!between", []targ{col(L, int64(1), int64(5), nil), cst(L, int64(5)), cst(L, int64(10))}, rows(true, false, nil), B},
		{"mixed numbers", "between", []targ{col(I, int32(1)), cst(R, 0.5), cst(L, int64(2))}, rows(true), B},
		{"datetimes", "between", []targ{col(DT, dt("2020-01-02"), dt("2020-01-05")), cst(DT, dt("2020-01-01")), cst(DT, dt("2020-01-03"))}, rows(true, false), B},
		{"datetime and timespan", "between", []targ{col(DT, dt("2020-01-02"), dt("2020-01-05")), cst(DT, dt("2020-01-01")), cst(TS, value.TimeSpan(3*value.Day))}, rows(true, false), B},
		{"timespans", "between", []targ{col(TS, value.TimeSpan(value.Hour)), cst(TS, value.TimeSpan(0)), cst(TS, value.TimeSpan(value.Day))}, rows(true), B},
	})
	if _, err := bindCall("between", col(S, "a"), cst(S, "a"), cst(S, "b")); err == nil {
		t.Error("string between bound")
	}
}
