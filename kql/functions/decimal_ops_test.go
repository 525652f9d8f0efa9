package functions

import (
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/value"
)

type dec = value.Decimal

func TestDecimalOperators(t *testing.T) {
	runCases(t, []opCase{
		{"exact sum", "+", []targ{col(D, dec("0.1"), dec("-0.1"), nil), cst(D, dec("0.2"))}, rows(dec("0.3"), dec("0.1"), nil), D},
		{"long operand", "-", []targ{col(D, dec("12345678901234567890.5")), cst(L, int64(1))}, rows(dec("12345678901234567889.5")), D},
		{"real operand", "*", []targ{col(D, dec("3")), col(R, 0.1)}, rows(dec("0.3")), D},
		{"division ends", "/", []targ{col(D, dec("1"), dec("-7.5"), dec("5")), col(D, dec("8"), dec("0.5"), dec("0"))}, rows(dec("0.125"), dec("-15"), nil), D},
		{"modulo never negative", "%", []targ{col(D, dec("-7.5"), dec("7.5")), cst(D, dec("2"))}, rows(dec("0.5"), dec("1.5")), D},
		{"negation", "neg", []targ{col(D, dec("2.5"), dec("0"), nil)}, rows(dec("-2.5"), dec("0"), nil), D},
		{"compare with real", "<", []targ{col(D, dec("0.1"), dec("0.3"), nil), cst(R, 0.2)}, rows(true, false, nil), B},
		{"equal across scales", "==", []targ{col(D, dec("1.50")), col(D, dec("1.5"))}, rows(true), B},
		{"ordered past 64-bit floats", ">", []targ{col(D, dec("12345678901234567890.00001")), col(D, dec("12345678901234567890"))}, rows(true), B},
	})
}

func TestDecimalErrors(t *testing.T) {
	for _, c := range []struct {
		op   string
		a, b string
	}{
		{"+", "99999999999999999999999999999999999999", "1"},
		{"*", "10000000000000000000", "10000000000000000000"},
		{"/", "1", "3"},
	} {
		f, _ := Lookup(c.op)
		b, err := f.Bind([]Arg{{Type: D}, {Type: D}})
		if err != nil {
			t.Fatal(err)
		}
		x, y := ConstOf(D, dec(c.a), 1), ConstOf(D, dec(c.b), 1)
		x = PlainOf(x)
		if _, err := b.Eval(nil, []*column.Vector{x, y}, 1); err == nil {
			t.Errorf("%s %s %s: want an error", c.a, c.op, c.b)
		}
	}
}
