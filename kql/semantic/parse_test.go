package semantic_test

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
)

// kind=relaxed captures typed columns as text (the executor nulls what
// does not convert); the other kinds only match text of the type.
func TestParseRelaxed(t *testing.T) {
	cases := []struct {
		q       string
		relaxed bool
		group   string // the long column's capture group
	}{
		{`Events | parse kind=relaxed Title with "n=" n:long ", m=" m`, true, `(-?\d+|.*?)`},
		{`Events | parse kind=simple Title with "n=" n:long ", m=" m`, false, `(-?\d+)`},
		{`Events | parse Title with "n=" n:long ", m=" m`, false, `(-?\d+)`},
		{`Events | parse-where kind=relaxed Title with "n=" n:long ", m=" m`, true, `(-?\d+|.*?)`},
		{`Events | parse kind=relaxed Title with "m=" m ", n=" n:long`, true, `(-?\d+|.*)`},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		n, ok := p.Results[len(p.Results)-1].(*plan.Parse)
		if !ok {
			t.Errorf("%s: result is %T, want *plan.Parse", c.q, p.Results[len(p.Results)-1])
			continue
		}
		if n.Relaxed != c.relaxed {
			t.Errorf("%s: Relaxed %v, want %v", c.q, n.Relaxed, c.relaxed)
		}
		if !strings.Contains(n.Regex, c.group) {
			t.Errorf("%s: regex %q lacks the group %s", c.q, n.Regex, c.group)
		}
		if got := resultSchema(p); !strings.Contains(got, "n:long") || !strings.Contains(got, "m:string") {
			t.Errorf("%s: schema %s", c.q, got)
		}
	}
}
