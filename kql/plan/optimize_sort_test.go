package plan_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
)

func TestSortBelowSummarize(t *testing.T) {
	cases := []struct {
		q     string
		sorts int
	}{
		// Order cannot change these aggregates: the sort is dropped.
		{"Events | sort by Count | summarize make_set(Title), dcount(Id) by Title", 0},
		{"Events | sort by Count | where Id > 1 | extend y = Count * 2 | summarize sum(y)", 0},
		// make_list follows its input's order.
		{"Events | sort by Count | summarize make_list(Title)", 1},
		{"Events | order by Count | summarize make_list_if(Title, Id > 1) by Id", 1},
		// A window function reads the sorted order.
		{"Events | sort by Count | extend r = row_number() | summarize max(r)", 1},
		// top keeps its rows, and a sort that is not below a summarize stays.
		{"Events | top 3 by Count | summarize count()", 0},
		{"Events | sort by Count | project Title", 1},
	}
	for _, c := range cases {
		_, o := optimize(t, c.q)
		if got := len(find[*plan.Sort](o.Results[0])); got != c.sorts {
			t.Errorf("%s: %d sorts after optimizing, want %d", c.q, got, c.sorts)
		}
	}
	// top is a sort with a limit: it is never dropped.
	if _, o := optimize(t, "Events | top 3 by Count | summarize count()"); len(find[*plan.Top](o.Results[0])) != 1 {
		t.Errorf("top was dropped")
	}
}
