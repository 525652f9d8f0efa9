package semantic_test

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
)

// TestUnionSourceNames checks the values of union's withsource column
// (and search's $table): the `as` name when the input has one, else the
// table's name, else union_argN.
func TestUnionSourceNames(t *testing.T) {
	cases := []struct{ q, want string }{
		{`union withsource=S DeviceA, DeviceB`, "DeviceA,DeviceB"},
		{`union withsource=S (DeviceA | as First), (DeviceB | as Second)`, "First,Second"},
		{`DeviceA | as Left | union withsource=S DeviceB`, "Left,DeviceB"},
		{`union withsource=S (DeviceA | where Device == "x"), DeviceB`, "union_arg0,DeviceB"},
		{`DeviceA | as D | search "x"`, "D"},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: %v", c.q, errs)
			continue
		}
		var u *plan.Union
		var find func(n plan.Node)
		find = func(n plan.Node) {
			if x, ok := n.(*plan.Union); ok && u == nil {
				u = x
			}
			for _, in := range n.Inputs() {
				find(in)
			}
		}
		find(p.Results[0])
		if u == nil {
			t.Errorf("%s: no union in the plan", c.q)
			continue
		}
		if got := strings.Join(u.SourceNames, ","); got != c.want {
			t.Errorf("%s: source names %s, want %s", c.q, got, c.want)
		}
	}
}
