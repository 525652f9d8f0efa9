package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
)

// TestWindowNeedsSerializedInput: window functions are allowed only over
// serialized rows (serialize, sort, top, range, getschema, and what keeps
// their order), as the Kusto documentation lists.
func TestWindowNeedsSerializedInput(t *testing.T) {
	ok := []string{
		`Events | serialize | extend n = row_number()`,
		`Events | serialize n = row_number()`,
		`Events | sort by Timestamp asc | extend p = prev(Count)`,
		`Events | order by Timestamp asc | where next(Count) > Count`,
		`Events | top 5 by Count | project c = row_cumsum(Count)`,
		`Events | sort by Timestamp | take 10 | where Count > 1 | extend p = prev(Count) | project Title, p`,
		`range x from 1 to 5 step 1 | extend n = row_number()`,
		`Events | getschema | extend n = row_number()`,
		`print n = row_number()`,
		`let S = Events | sort by Timestamp; S | extend p = prev(Title)`,
		`union (DeviceA | sort by Timestamp), (DeviceB | sort by Timestamp) | extend n = row_number()`,
		`Events | extend n = 1`,
	}
	for _, q := range ok {
		if _, errs := bind(t, q); len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", q, errs)
		}
	}
	bad := []struct {
		q, fn string
		col   int
	}{
		{`Events | extend n = row_number()`, "row_number", 21},
		{`Events | where prev(Count) > 1`, "prev", 16},
		{`Events | sort by Timestamp | summarize count() by Title | extend p = prev(Title)`, "prev", 70},
		{`Events | sort by Timestamp | join (Users) on Id | extend p = next(Id)`, "next", 62},
		{`Events | sort by Timestamp | mv-expand Props | project c = row_cumsum(Count)`, "row_cumsum", 60},
		{`Events | sort by Timestamp | distinct Title | extend n = row_number()`, "row_number", 58},
		{`datatable(a:long) [1, 2] | extend c = row_cumsum(a)`, "row_cumsum", 39},
		{`union DeviceA, (DeviceB | sort by Timestamp) | extend n = row_number()`, "row_number", 59},
	}
	for _, c := range bad {
		_, errs := bind(t, c.q)
		if len(errs) != 1 {
			t.Errorf("%s: want one error, got %v", c.q, errs)
			continue
		}
		e := errs[0]
		want := "Function '" + c.fn + "' cannot be invoked in current context."
		if e.Code != "QRY003" || e.Col != c.col || len(e.Message) < len(want) || e.Message[:len(want)] != want {
			t.Errorf("%s: got %s %d:%d %s", c.q, e.Code, e.Line, e.Col, e.Message)
		}
	}
}

// TestWindowWhere: a where that calls window functions computes its
// condition in a window projection, so that filters are not evaluated
// batch by batch or moved below other filters.
func TestWindowWhere(t *testing.T) {
	q := `Events | sort by Timestamp asc | where Count > 0 | where prev(Count) != Count | project Title`
	p, errs := bind(t, q)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	found := false
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		if pr, ok := n.(*plan.Project); ok && pr.Window {
			found = true
		}
		if f, ok := n.(*plan.Filter); ok && callsWindow(f.Pred) {
			t.Errorf("window condition left in a filter: %s", f.Pred)
		}
		for _, in := range n.Inputs() {
			walk(in)
		}
	}
	walk(p.Results[0])
	if !found {
		t.Error("no window projection in the plan")
	}
	if got := resultSchema(p); got != "Title:string" {
		t.Errorf("schema %s", got)
	}
	checkPlans(t, q, p)
}

func callsWindow(e plan.Expr) bool {
	switch x := e.(type) {
	case *plan.Call:
		if x.Fn.Kind == functions.Window {
			return true
		}
		for _, a := range x.Args {
			if callsWindow(a) {
				return true
			}
		}
	case *plan.Convert:
		return callsWindow(x.X)
	}
	return false
}
