package plan_test

import (
	"sort"
	"testing"

	_ "github.com/quarryhunt/quarry/kql/functions/builtin"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

type tables map[string]types.Schema

func (t tables) Table(n string) (types.Schema, bool) { s, ok := t[n]; return s, ok }
func (t tables) Names() []string {
	var out []string
	for n := range t {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var testTables = tables{
	"Events": {
		{Name: "Timestamp", Type: types.DateTime}, {Name: "Title", Type: types.String},
		{Name: "Count", Type: types.Long}, {Name: "Id", Type: types.Int}, {Name: "Props", Type: types.Dynamic},
	},
	"Users": {{Name: "Id", Type: types.Int}, {Name: "Name", Type: types.String}},
}

// now is 2024-01-01T00:00:00Z in ticks.
const now = int64(638396640000000000)

func optimize(t *testing.T, q string) (*plan.Query, *plan.Query) {
	t.Helper()
	pq, perrs := syntax.Parse(q)
	if len(perrs) > 0 {
		t.Fatalf("parse %q: %v", q, perrs)
	}
	p, errs := semantic.Bind(pq, &semantic.Env{Tables: testTables})
	if len(errs) > 0 {
		t.Fatalf("bind %q: %v", q, errs)
	}
	o := plan.Optimize(p, now)
	for i, r := range o.Results {
		if err := plan.Check(r); err != nil {
			t.Fatalf("%s: optimized plan is inconsistent: %v", q, err)
		}
		if got, want := r.Schema().String(), p.Results[i].Schema().String(); got != want {
			t.Fatalf("%s: optimizing changed the schema from %s to %s", q, want, got)
		}
	}
	return p, o
}

// find returns the nodes of type T in the plan, depth first.
func find[T plan.Node](n plan.Node) []T {
	var out []T
	var walk func(plan.Node)
	walk = func(n plan.Node) {
		if x, ok := n.(T); ok {
			out = append(out, x)
		}
		for _, in := range n.Inputs() {
			walk(in)
		}
	}
	walk(n)
	return out
}

func TestProjectionPushdown(t *testing.T) {
	orig, o := optimize(t, "Events | where Count > 1 | project Title")
	scans := find[*plan.Scan](o.Results[0])
	if len(scans) != 1 {
		t.Fatalf("want one scan, got %d", len(scans))
	}
	if got := scans[0].Schema().Names(); len(got) != 2 || got[0] != "Title" || got[1] != "Count" {
		t.Errorf("scan reads %v, want [Title Count]", got)
	}
	if s := find[*plan.Scan](orig.Results[0])[0]; s.Project != nil {
		t.Errorf("the input plan was modified: %v", s.Project)
	}
}

func TestCountKeepsOneColumn(t *testing.T) {
	_, o := optimize(t, "Events | count")
	s := find[*plan.Scan](o.Results[0])[0]
	if len(s.Schema()) != 1 {
		t.Errorf("scan under count reads %v, want one column", s.Schema().Names())
	}
}

func TestFilterPushdown(t *testing.T) {
	_, o := optimize(t, `Events | extend x = Count * 2 | where Title == "a" | project x`)
	fs := find[*plan.Filter](o.Results[0])
	if len(fs) != 1 {
		t.Fatalf("want one filter, got %d", len(fs))
	}
	if _, ok := fs[0].Input.(*plan.Scan); !ok {
		t.Errorf("filter is above %T, want the scan", fs[0].Input)
	}
}

func TestNoPushdownBelowTake(t *testing.T) {
	_, o := optimize(t, "Events | take 5 | where Count > 1")
	f, ok := o.Results[0].(*plan.Filter)
	if !ok {
		t.Fatalf("top is %T, want the filter", o.Results[0])
	}
	if _, ok := f.Input.(*plan.Limit); !ok {
		t.Errorf("filter moved below take: input %T", f.Input)
	}
}

func TestJoinPushdown(t *testing.T) {
	// A condition on the right side moves into it; one on the left side
	// of an innerunique join stays (the join picks one left row per key).
	_, o := optimize(t, `Events | join (Users) on Id | where Name == "x" and Title == "y"`)
	j := find[*plan.Join](o.Results[0])[0]
	if len(find[*plan.Filter](j.Right)) != 1 {
		t.Errorf("right-side condition not pushed into the right input")
	}
	if len(find[*plan.Filter](j.Left)) != 0 {
		t.Errorf("left-side condition pushed below an innerunique join")
	}
	_, o = optimize(t, `Events | join kind=inner (Users) on Id | where Title == "y"`)
	j = find[*plan.Join](o.Results[0])[0]
	if len(find[*plan.Filter](j.Left)) != 1 {
		t.Errorf("left-side condition not pushed into an inner join's left input")
	}
}

func TestTimeRange(t *testing.T) {
	_, o := optimize(t, "Events | where Timestamp > ago(1d) and Count > 0 | project Title")
	s := find[*plan.Scan](o.Results[0])[0]
	if s.TimeColumn != "Timestamp" || s.From == nil || s.To != nil {
		t.Fatalf("time range %q %v %v", s.TimeColumn, s.From, s.To)
	}
	if want := now - value.Day + 1; *s.From != want {
		t.Errorf("from %d, want %d", *s.From, want)
	}
	_, o = optimize(t, "Events | where Timestamp between (datetime(2024-01-01) .. datetime(2024-01-02))")
	s = find[*plan.Scan](o.Results[0])[0]
	if s.From == nil || s.To == nil || *s.To-*s.From != value.Day+1 {
		t.Errorf("between range %v %v", s.From, s.To)
	}
	_, o = optimize(t, "Events | summarize count() by Title | where Title == 'a'")
	if s := find[*plan.Scan](o.Results[0])[0]; s.TimeColumn != "" {
		t.Errorf("time range without a time condition: %q", s.TimeColumn)
	}
}

func TestConstantFolding(t *testing.T) {
	_, o := optimize(t, "Events | where Timestamp > now() - 2h")
	f := find[*plan.Filter](o.Results[0])[0]
	c, ok := f.Pred.(*plan.Call)
	if !ok {
		t.Fatalf("predicate %s", f.Pred)
	}
	k, ok := c.Args[1].(*plan.Const)
	if !ok {
		t.Fatalf("now() - 2h not folded: %s", c.Args[1])
	}
	if got, want := k.Value, value.DateTime(now-2*value.Hour); got != want {
		t.Errorf("folded to %v, want %v", got, want)
	}
}

func TestMaterializeStaysShared(t *testing.T) {
	_, o := optimize(t, "let m = materialize(Events | project Title, Count); m | join kind=inner (m) on Title | project Title")
	ms := find[*plan.Materialize](o.Results[0])
	if len(ms) != 2 || ms[0] != ms[1] {
		t.Errorf("materialize not shared after optimizing: %d nodes", len(ms))
	}
}

func TestUnionPushdown(t *testing.T) {
	_, o := optimize(t, "union Events, (Events | project Title) | where Title == 'x'")
	u := find[*plan.Union](o.Results[0])[0]
	for i, p := range u.Parts {
		if len(find[*plan.Filter](p)) != 1 {
			t.Errorf("union part %d has no filter", i)
		}
	}
}
