package functions

import (
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestConditional(t *testing.T) {
	g := value.GUID("01234567-89ab-cdef-0123-456789abcdef")
	runCases(t, []opCase{
		{"iff", "iff", []targ{col(B, true, false, nil), cst(L, int64(1)), col(L, int64(2), int64(3), int64(4))}, rows(int64(1), int64(3), int64(4)), L},
		{"iif alias widens", "iif", []targ{col(B, true, false), cst(L, int64(1)), cst(R, 1.5)}, rows(1.0, 1.5), R},
		{"iff ints stay int", "iff", []targ{col(B, true), cst(I, int32(1)), cst(I, int32(2))}, rows(int32(1)), I},
		{"iff const condition", "iff", []targ{cst(B, false), col(S, "a", "b"), col(S, "c", "d")}, rows("c", "d"), S},
		{"iff null const condition", "iff", []targ{cst(B, nil), cst(S, "a"), cst(S, "b")}, rows("b"), S},
		{"iff strings", "iff", []targ{col(B, true, false), col(S, "a", "b"), cst(S, "x")}, rows("a", "x"), S},
		{"iff dynamic takes other type", "iff", []targ{col(B, true, false), cst(S, "a"), col(DY, "b", int64(1))}, rows("a", "1"), S},
		{"iff no common type is dynamic", "iff", []targ{col(B, true, false), cst(L, int64(1)), cst(S, "a")}, rows(int64(1), "a"), DY},
		{"iff guid nulls", "iff", []targ{col(B, true, false), col(G, nil, nil), cst(G, g)}, rows(nil, g), G},
		{"iff null value", "iff", []targ{col(B, true), cst(L, nil), cst(L, int64(1))}, rows(nil), L},
		{"case", "case", []targ{col(B, true, false, false), cst(S, "a"), col(B, true, true, false), cst(S, "b"), cst(S, "c")}, rows("a", "b", "c"), S},
		{"case const first pair", "case", []targ{cst(B, true), cst(L, int64(1)), cst(L, int64(2))}, rows(int64(1)), L},
		{"coalesce", "coalesce", []targ{col(L, nil, int64(1), nil), col(L, int64(2), int64(3), nil), cst(L, int64(9))}, rows(int64(2), int64(1), int64(9)), L},
		{"coalesce strings skip empty", "coalesce", []targ{col(S, "", "a"), cst(S, "b")}, rows("b", "a"), S},
		{"coalesce all null", "coalesce", []targ{col(R, nil), cst(R, nil)}, rows(nil), R},
		{"coalesce dynamic", "coalesce", []targ{col(DY, nil, int64(1)), cst(DY, "x")}, rows("x", int64(1)), DY},
		{"max_of", "max_of", []targ{col(I, int32(1), int32(8), nil, int32(1), nil), col(I, int32(6), int32(1), int32(2), nil, nil)}, rows(int32(6), int32(8), int32(2), int32(1), nil), I},
		{"min_of", "min_of", []targ{col(I, int32(5), int32(10), nil, int32(1), nil), col(I, int32(2), int32(1), int32(3), nil, nil)}, rows(int32(2), int32(1), int32(3), int32(1), nil), I},
		{"max_of mixed", "max_of", []targ{col(L, int64(1)), cst(R, 2.5), cst(I, int32(2))}, rows(2.5), R},
		{"max_of strings", "max_of", []targ{col(S, "a", "c"), cst(S, "b")}, rows("b", "c"), S},
		{"max_of datetime", "max_of", []targ{col(DT, dt("2024-12-15T07:15:22Z")), col(DT, dt("2024-12-15T07:15:24Z"))}, rows(dt("2024-12-15T07:15:24Z")), DT},
		{"max_of dynamic", "max_of", []targ{col(DY, int64(5), "x"), cst(L, int64(3))}, rows(int64(5), int64(3)), L},
		{"isnull", "isnull", []targ{col(L, nil, int64(1))}, rows(true, false), B},
		{"isnull string", "isnull", []targ{col(S, "", "a")}, rows(false, false), B},
		{"isnull dynamic", "isnull", []targ{col(DY, nil, "", []any{})}, rows(true, false, false), B},
		{"isnotnull", "isnotnull", []targ{col(G, nil, g)}, rows(false, true), B},
		{"isempty", "isempty", []targ{col(S, "", "x")}, rows(true, false), B},
		{"isempty null long", "isempty", []targ{col(L, nil, int64(0))}, rows(true, false), B},
		{"isempty dynamic", "isempty", []targ{col(DY, nil, "", []any{}, value.NewBag(0))}, rows(true, true, false, false), B},
		{"isnotempty", "isnotempty", []targ{col(S, "", "x")}, rows(false, true), B},
		{"isnotempty const", "isnotempty", []targ{cst(DT, nil)}, rows(false), B},
		{"isnan", "isnan", []targ{col(R, math.NaN(), 1.0, nil)}, rows(true, false, nil), B},
		{"isinf", "isinf", []targ{col(R, math.Inf(-1), 1.0)}, rows(true, false), B},
		{"isfinite long", "isfinite", []targ{col(L, int64(1))}, rows(true), B},
		{"gettype", "gettype", []targ{col(L, int64(1))}, rows("long"), S},
		{"gettype dynamic", "gettype", []targ{col(DY, int64(1), int64(1)<<40, 1.5, "a", nil, []any{}, value.NewBag(0), true)}, rows("int", "long", "real", "string", "null", "array", "dictionary", "bool"), S},
	})
	for _, bad := range [][]targ{
		{col(L, int64(1)), cst(L, int64(1)), cst(L, int64(2))},
		{col(DY, true), cst(L, int64(1)), cst(L, int64(2))},
	} {
		if _, err := bindCall("iff", bad...); err == nil {
			t.Errorf("iff(%s, ...) bound", bad[0].t)
		}
	}
	if _, err := bindCall("coalesce", col(L, int64(1)), col(S, "a")); err == nil {
		t.Error("coalesce(long, string) bound")
	}
	if _, err := bindCall("coalesce", col(L, int64(1))); err == nil {
		t.Error("coalesce with one argument bound")
	}
	if _, err := bindCall("case", col(B, true), cst(L, int64(1))); err == nil {
		t.Error("case without else bound")
	}
	if _, err := bindCall("max_of", col(L, int64(1)), col(S, "a")); err == nil {
		t.Error("max_of(long, string) bound")
	}
	if _, err := bindCall("isnan", col(S, "a")); err == nil {
		t.Error("isnan(string) bound")
	}
}

func TestGeneral(t *testing.T) {
	minute := value.TimeSpan(value.Minute)
	runCases(t, []opCase{
		{"around numbers", "around", []targ{col(L, int64(9), int64(12), int64(13), nil), cst(L, int64(10)), cst(R, 2.0)}, rows(true, true, false, nil), B},
		{"around datetime", "around", []targ{col(DT, dt("2021-01-01T01:29:00Z"), dt("2021-01-01T01:32:00Z")), cst(DT, dt("2021-01-01T01:30:00Z")), cst(TS, minute)}, rows(true, false), B},
		{"assert column", "assert", []targ{col(B, true, true), cst(S, "ok")}, rows(true, true), B},
	})
	if _, err := bindCall("assert", cst(B, false), cst(S, "Length must be positive")); err == nil || !strings.Contains(err.Error(), "Length must be positive") {
		t.Errorf("assert(false): %v", err)
	}
	if _, err := bindCall("assert", cst(B, true), col(S, "x")); err == nil {
		t.Error("assert with a column message bound")
	}
	b, _ := bindCall("assert", col(B), cst(S, "m"))
	if _, err := b.Eval(&Ctx{}, []*column.Vector{col(B, true, false).vector(2), ConstOf(S, "m", 2)}, 2); err == nil {
		t.Error("assert over a false row did not fail")
	}
	if _, err := bindCall("around", col(S, "a"), cst(S, "a"), cst(S, "b")); err == nil {
		t.Error("around(string...) bound")
	}
}
