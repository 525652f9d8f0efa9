package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
)

// TestBreadthOperators: the result schemas of the less common operators,
// checked against Kusto's binder (where it and the documentation agree),
// and the consistency of their plans before and after optimization.
func TestBreadthOperators(t *testing.T) {
	cases := []struct{ q, want string }{
		{`Events | top-nested 3 of Title by count()`, "Title:string, aggregated_Title:long"},
		{`Events | top-nested 3 of Title by sum(Count), top-nested 2 of Id by max(Size)`, "Title:string, aggregated_Title:long, Id:int, aggregated_Id:real"},
		{`Events | top-nested 3 of Title with others = "other" by c = count() desc, top-nested of tostring(Id) by avg(Size) asc`, "Title:string, c:long, Id:string, aggregated_Id:real"},
		{`Events | top-nested of t = Title by sum(Count)`, "t:string, aggregated_t:long"},
		{`Events | top-nested 3 of bin(Timestamp, 1h) by count() * 2`, "Timestamp:datetime, aggregated_Timestamp:long"},
		{`Events | top-nested 3 of strlen(Title) by count()`, "strlen_Title:long, aggregated_strlen_Title:long"},
		{`Events | top-hitters 3 of Title`, "Title:string, approximate_count_Title:long"},
		{`Events | top-hitters 3 of Title by Count`, "Title:string, approximate_sum_Count:long"},
		{`Events | top-hitters 3 of Title by Size`, "Title:string, approximate_sum_Size:real"},
		{`Events | sample-distinct 3 of Title`, "Title:string"},
		{`Events | project-by-names "Title", "C*", "Nope", "Title"`, "Title:string, Count:long"},
		{`Events | project-by-names dynamic(["Id", "Title"])`, "Id:int, Title:string"},
		{`Events | project-by-names column_names_of(Users)`, "Id:int, Title:string"},
		{`Events | consume`, ""},
		{`Events | assert-schema (Title:string, Count:long) | count`, "Count:long"},
		{`Events | reduce by Title`, "Pattern:string, Count:long, Representative:string"},
		{`Events | reduce by Title with threshold=0.5, characters="x"`, "Pattern:string, Count:long, Representative:string"},
		{`Events | project Title | reduce kind=source by Title`, "Title:string, Pattern:string"},
		{`Events | partition by Title (take 3 | extend x = 1) | project Title, x`, "Title:string, x:long"},
		{`Events | partition hint.strategy=native by Title (summarize count())`, "count_:long"},
		{`Events | partition by Title { Users | where Title == toscalar(Title) }`, "Id:int, Title:string, Name:string"},
		{`Events | partition by Title (order by Timestamp asc | extend p = prev(Count)) | project p`, "p:long"},
		{`Events | scan declare (f:real = 0.0) with (step s: true => f = s.f + Size;) | project f`, "f:real"},
		{`Events | project Timestamp, Count | scan with_match_id = m declare (f:long) with (step s1: Count > 1 => f = Count; step s2 output=last: Count > s1.f;)`, "Timestamp:datetime, Count:long, f:long, m:long"},
		{`Events | project Title | evaluate narrow()`, "Row:long, Column:string, Value:string"},
		{`let L = datatable(net:string, loc:string)["10.0.0.0/8", "x"]; Users | extend ip = "10.1.2.3" | evaluate ipv4_lookup(L, ip, net)`, "Id:int, Title:string, Name:string, ip:string, net:string, loc:string"},
		{`let L = datatable(net:string, Title:string, Name:string)["10.0.0.0/8", "x", "y"]; Users | extend ip = "10.1.2.3" | evaluate ipv4_lookup(L, ip, net, Title, return_unmatched = true)`, "Id:int, Title:string, Name:string, ip:string, net:string, Name1:string"},
		{`let L = datatable(net:string)["::1/128"]; Users | extend ip = "::1" | evaluate ipv6_lookup(L, ip, net, true)`, "Id:int, Title:string, Name:string, ip:string, net:string"},
		{`Events | getschema | evaluate schema_merge(PreferLatest = true)`, "ColumnName:string, ColumnOrdinal:long, DataType:string, ColumnType:string"},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		got := ""
		if len(p.Results) > 0 {
			got = resultSchema(p)
		}
		if got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.want)
		}
		checkPlans(t, c.q, p)
	}
}

func checkPlans(t *testing.T, q string, p *plan.Query) {
	t.Helper()
	for _, r := range p.Results {
		if err := plan.Check(r); err != nil {
			t.Errorf("%s: bound plan is inconsistent: %v", q, err)
		}
	}
	o := plan.Optimize(p, 0)
	for i, r := range o.Results {
		if err := plan.Check(r); err != nil {
			t.Errorf("%s: optimized plan is inconsistent: %v", q, err)
		}
		if r.Schema().String() != p.Results[i].Schema().String() {
			t.Errorf("%s: optimization changed the schema to %s", q, r.Schema())
		}
	}
}

// TestSeveralResultTables: fork and facet give one result per branch or
// column, and only as the last operator of a statement.
func TestSeveralResultTables(t *testing.T) {
	cases := []struct {
		q    string
		want []string
	}{
		{`Events | fork (take 3 | project Title) (summarize count())`, []string{"Title:string", "count_:long"}},
		{`Events | fork a = (where Count > 1) b = (count)`, []string{"Timestamp:datetime, Title:string, Count:long, Size:real, Flag:bool, Props:dynamic, Id:int", "Count:long"}},
		{`Events | facet by Title, Id`, []string{"Title:string, count_Title:long", "Id:int, count_Id:long"}},
		{`Events | facet by Title with (take 5 | project Count)`, []string{"Count:long", "Title:string, count_Title:long"}},
	}
	for _, c := range cases {
		p, errs := bind(t, c.q)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if len(p.Results) != len(c.want) {
			t.Errorf("%s: %d results, want %d", c.q, len(p.Results), len(c.want))
			continue
		}
		for i, r := range p.Results {
			got := ""
			for j, col := range r.Schema() {
				if j > 0 {
					got += ", "
				}
				got += col.Name + ":" + col.Type.String()
			}
			if got != c.want[i] {
				t.Errorf("%s: result %d is %s, want %s", c.q, i, got, c.want[i])
			}
		}
		checkPlans(t, c.q, p)
	}
	for _, q := range []string{
		`Events | fork (take 3) (count) | count`,
		`let x = Events | facet by Title; x`,
		`Events | join (Users | fork (take 1) (take 2)) on Id`,
	} {
		if _, errs := bind(t, q); len(errs) == 0 {
			t.Errorf("%s: no error", q)
		}
	}
}

func TestBreadthErrors(t *testing.T) {
	for _, c := range []struct{ q, code string }{
		{`Events | top-hitters 3 of strlen(Title)`, "KS109"},
		{`Events | sample-distinct 3 of Nope`, "KS142"},
		{`Events | reduce by Count`, "KS141"},
		{`Events | reduce by Title with threshold = 2`, "KS107"},
		{`Events | assert-schema (Title:long)`, "KS107"},
		{`Events | assert-schema (Nope:string)`, "KS142"},
		{`Events | scan with (step s: true => Title = "x";)`, "KS107"},
		{`Events | scan declare (f:real) with (step s: true => f = "x";)`, "KS107"},
		{`Events | scan with (step s: true; step s: false;)`, "KS171"},
		{`Events | scan declare (f:real) with (step s1: s2.f > 1; step s2: true;)`, "KS142"},
		{`Events | scan with (step s: Count;)`, "KS141"},
		{`Events | top-nested 3 of Title by Count`, "KS142"},
		{`Events | top-nested 3 of Title with others = 1 by count()`, "KS107"},
		{`Events | top-nested 3 of Title by count() | extend n = row_number()`, "QRY003"},
		{`Events | partition by Props (take 1)`, "KS116"},
		{`Users | evaluate ipv4_lookup(Users, Id, Title)`, "KS107"},
		{`Events | evaluate narrow(1)`, "KS119"},
	} {
		_, errs := bind(t, c.q)
		if len(errs) == 0 || errs[0].Code != c.code {
			t.Errorf("%s: want %s, got %v", c.q, c.code, errs)
		}
	}
}
