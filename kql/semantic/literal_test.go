package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/value"
)

// TestDatetimeLiterals: datetime(...) reads the text forms todatetime()
// reads, and reports text that is no date.
func TestDatetimeLiterals(t *testing.T) {
	iso := func(s string) value.DateTime {
		v, ok := value.ParseDateTime(s)
		if !ok {
			t.Fatalf("bad test date %s", s)
		}
		return v
	}
	cases := []struct {
		lit  string
		want value.DateTime
	}{
		{`datetime(2022-01-16)`, iso("2022-01-16T00:00:00Z")},
		{`datetime("2022-01-16 08:30")`, iso("2022-01-16T08:30:00Z")},
		{`datetime("01/16/2022 00:00:00")`, iso("2022-01-16T00:00:00Z")},
		{`datetime('1/6/2022 3:05 PM')`, iso("2022-01-06T15:05:00Z")},
		{`datetime("Sun, 16 Jan 2022 08:30:00 GMT")`, iso("2022-01-16T08:30:00Z")},
		{`datetime(2022-01-16T08:30:00+02:00)`, iso("2022-01-16T06:30:00Z")},
	}
	for _, c := range cases {
		p, errs := bind(t, "print x = "+c.lit)
		if len(errs) > 0 {
			t.Errorf("%s: %v", c.lit, errs)
			continue
		}
		k, ok := p.Results[0].(*plan.Project).Exprs[0].(*plan.Const)
		if !ok || k.Value != c.want {
			t.Errorf("%s: got %v, want %v", c.lit, p.Results[0].(*plan.Project).Exprs[0], c.want)
		}
	}
	for _, lit := range []string{`datetime("Insert date")`, `datetime(2022-13-01)`, `datetime("02/30/2022")`, `datetime(yesterday)`} {
		_, errs := bind(t, "print x = "+lit)
		if len(errs) == 0 || errs[0].Code != "QRY002" {
			t.Errorf("%s: want QRY002, got %v", lit, errs)
		}
	}
}
