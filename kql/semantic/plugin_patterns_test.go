package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
)

func TestPatternPluginSchemas(t *testing.T) {
	cases := []struct{ q, want string }{
		{`Events | project Title, Id | evaluate basket()`, "SegmentId:long, Count:long, Percent:real, Title:string, Id:int"},
		{`Events | project Title, Size | evaluate basket(0.2, Size, 3, '*', real(-1))`, "SegmentId:long, Count:long, Percent:real, Title:string, Size:real"},
		{`Events | project Title, Flag | evaluate basket('~', '~', '~', '~')`, "SegmentId:long, Count:long, Percent:real, Title:string, Flag:bool"},
		{`Events | project Title, Id | evaluate autocluster(0.6, '~', 10, '*')`, "SegmentId:long, Count:long, Percent:real, Title:string, Id:int"},
		// As Kusto's binder says, the split column stays in the result.
		{`Events | project Title, Id | evaluate diffpatterns(Title, "a", "b", '~', 0.1)`,
			"SegmentId:long, CountA:long, CountB:long, PercentA:real, PercentB:real, PercentDiffAB:real, Title:string, Id:int"},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if got := resultSchema(p); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.want)
		}
	}
}

func TestBasketArguments(t *testing.T) {
	p, errs := bind(t, `Events | project Title, Id, n = Count | evaluate basket(0.25, n, 4, '*', int(-1))`)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	_ = p
	for _, c := range []struct{ q, code string }{
		{`Events | project Title | evaluate basket("x")`, "KS107"},
		{`Events | project Title | evaluate basket(0.1, '~', 2.5)`, "KS134"},
		{`Events | project Title | evaluate basket(0.1, Nope)`, "KS142"},
		{`Events | project Title | evaluate basket(0.1, '~', '~', rand())`, "KS107"},
		{`Events | project Title | evaluate basket(0.1, '~', '~', '*', 'x')`, "KS107"},
		{`Events | project Title | evaluate basket(threshold = 0.1)`, "KS107"},
		{`Events | project Title, Count | evaluate basket()`, "KS107"},
		{`Events | project Title | evaluate diffpatterns(Title, "a")`, "KS120"},
		{`Events | project Title | evaluate diffpatterns(Title, 1, "b")`, "KS107"},
	} {
		if _, errs := bind(t, c.q); len(errs) == 0 || errs[0].Code != c.code {
			t.Errorf("%s: want %s, got %v", c.q, c.code, errs)
		}
	}
}

func TestBasketPlanNode(t *testing.T) {
	p, errs := bind(t, `Events | project Title, n = Count, Id | evaluate basket(0.25, n, 4, '*', int(-1))`)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	var found *plan.Basket
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		if b, ok := n.(*plan.Basket); ok {
			found = b
		}
		for _, in := range n.Inputs() {
			walk(in)
		}
	}
	walk(p.Results[len(p.Results)-1])
	if found == nil {
		t.Fatal("no Basket node in the plan")
	}
	if found.Threshold != 0.25 || found.Weight != 1 || found.MaxDims != 4 || len(found.Wildcards) != 2 {
		t.Fatalf("got threshold %v, weight %d, max %d, wildcards %v", found.Threshold, found.Weight, found.MaxDims, found.Wildcards)
	}
}
