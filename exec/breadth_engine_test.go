package exec_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// The breadth operators are tested through the whole engine: their plans
// come from the binder, and the queries read inline datatables.

const sales = `datatable(Region:string, Person:string, Amount:long)[
"east","ann",10, "east","bob",30, "east","cat",5,
"west","dan",20, "west","eve",1, "north","fay",7]`

// query runs q and renders each row as its cells joined by "|" (nulls as
// "<null>").
func query(t *testing.T, q string) []string {
	t.Helper()
	res, err := engine.FromStore(table.NewStore(nil)).Query(context.Background(), q, engine.QueryOptions{})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var out []string
	for _, b := range res[len(res)-1].Batches {
		for i := 0; i < b.N; i++ {
			cells := make([]string, len(b.Cols))
			for c, v := range b.Cols {
				if v.IsNull(i) {
					cells[c] = "<null>"
				} else {
					cells[c] = value.ToString(v.Value(i))
				}
			}
			out = append(out, strings.Join(cells, "|"))
		}
	}
	return out
}

func expect(t *testing.T, q string, want ...string) {
	t.Helper()
	got := query(t, q)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s\ngot:\n%s\nwant:\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTopNestedBreadth(t *testing.T) {
	// Others at both levels; the deeper columns of the upper others row
	// are empty. Rows come depth first.
	expect(t, sales+` | top-nested 2 of Region with others="rest" by sum(Amount), top-nested 1 of Person with others="zz" by sum(Amount)`,
		"east|45|bob|30", "east|45|zz|15", "west|21|dan|20", "west|21|zz|1", "rest|7||<null>")
	// No N keeps every group; asc ranks smallest first.
	expect(t, sales+` | top-nested of Region by s=sum(Amount) asc`, "north|7", "west|21", "east|45")
	// A non-decomposable value: the others row aggregates the rows.
	expect(t, sales+` | top-nested 1 of Region with others="rest" by count() * 100 + max(Amount)`, "east|330", "rest|320")
	// An expression key, and a level keeping nothing.
	expect(t, sales+` | top-nested 1 of Amount > 9 by count()`, "true|3")
	expect(t, sales+` | top-nested 0 of Region by count()`)
	expect(t, sales+` | where Amount > 100 | top-nested 2 of Region by count()`)
	// Null values rank last.
	expect(t, `datatable(K:string, V:long)["a",long(null),"b",1] | top-nested 1 of K by max(V)`, "b|1")
}

func TestTopHittersBreadth(t *testing.T) {
	expect(t, sales+` | top-hitters 1 of Region`, "east|3")
	expect(t, sales+` | top-hitters 5 of Region by Amount`, "east|45", "west|21", "north|7")
	// Null sums are ignored; ties keep the order of first appearance.
	expect(t, `datatable(K:string, V:long)["a",long(null),"b",2,"a",2,"c",1] | top-hitters 3 of K by V`, "a|2", "b|2", "c|1")
}

func TestPartitionBreadth(t *testing.T) {
	expect(t, sales+` | partition by Region (summarize c = count()) | order by c asc`, "1", "2", "3")
	expect(t, sales+` | where Amount > 100 | partition by Region (summarize c = count())`)
	// Nested partitions each read their own rows.
	expect(t, sales+` | partition by Region (partition by Person (summarize s = sum(Amount))) | order by s desc | take 2`, "30", "20")
}

func TestNarrowBreadth(t *testing.T) {
	expect(t, `datatable(A:long, B:string, C:dynamic, D:datetime)[long(null), "x", dynamic({"k":[1,2]}), datetime(2024-01-02), 2, "", dynamic(null), datetime(null)] | evaluate narrow()`,
		"0|A|", "0|B|x", `0|C|{"k":[1,2]}`, "0|D|2024-01-02T00:00:00.0000000Z",
		"1|A|2", "1|B|", "1|C|", "1|D|")
}

func TestSchemaMergeBreadth(t *testing.T) {
	q := `union (datatable(A:long, B:string)[] | getschema), (datatable(B:long, C:real)[] | getschema) | evaluate schema_merge(%s)`
	expect(t, strings.Replace(q, "%s", "", 1),
		"A|0|System.Int64|long", "B|1|System.String|string", "C|2|System.Double|real")
	expect(t, strings.Replace(q, "%s", "PreferLatest=true", 1),
		"A|0|System.Int64|long", "B|1|System.Int64|long", "C|2|System.Double|real")
}

func TestIPLookupBreadth(t *testing.T) {
	nets := `datatable(Net:string, Site:string, Zone:string)["10.0.0.0/8","corp","a", "10.1.0.0/16","lab","a", "192.168.0.0/255.255.0.0","home","b", "bad","x","a", "10.1.2.3","host","b"]`
	in := `datatable(Ip:string, Zone:string)["10.1.2.3","a", "10.200.0.1","a", "192.168.9.9","b", "not an ip","a", "","b"]`
	// Every containing range matches, like a join.
	expect(t, in+` | evaluate ipv4_lookup(`+nets+`, Ip, Net) | project Ip, Site | order by Ip asc, Site asc`,
		"10.1.2.3|corp", "10.1.2.3|host", "10.1.2.3|lab", "10.200.0.1|corp", "192.168.9.9|home")
	// Extra keys must be equal too; unmatched rows keep empty lookup columns.
	expect(t, in+` | evaluate ipv4_lookup(`+nets+`, Ip, Net, Zone, return_unmatched=true) | project Ip, Site | order by Ip asc, Site asc`,
		"|", "10.1.2.3|corp", "10.1.2.3|lab", "10.200.0.1|corp", "192.168.9.9|home", "not an ip|")
	v6 := `datatable(Net:string, Site:string)["2001:db8::/32","doc", "fe80::/10","link", "10.0.0.0/8","v4"]`
	expect(t, `datatable(Ip:string)["2001:db8:1::5", "fe80::1", "::1", "10.9.9.9"] | evaluate ipv6_lookup(`+v6+`, Ip, Net) | order by Ip asc`,
		"10.9.9.9|10.0.0.0/8|v4", "2001:db8:1::5|2001:db8::/32|doc", "fe80::1|fe80::/10|link")
}

func TestScanBreadth(t *testing.T) {
	ev := `datatable(T:long, E:string)[1,"start", 2,"x", 3,"stop", 4,"start", 5,"stop", 6,"stop"]`
	// check 1 moves a sequence to the next step; check 2 keeps matching
	// the step it is at; each first-step match starts a new match id.
	expect(t, ev+` | scan with_match_id=m declare (st:long) with (step s1: E == "start" => st = T; step s2: E == "stop" => st = s1.st;)`,
		"1|start|1|0", "3|stop|1|0", "4|start|4|1", "5|stop|4|1", "6|stop|4|1")
	// output=none hides a step's rows; unassigned declared columns keep
	// their default.
	expect(t, ev+` | scan declare (st:long = -1) with (step s1 output=none: E == "start"; step s2: E == "stop";)`,
		"3|stop|-1", "5|stop|-1", "6|stop|-1")
	for _, q := range []string{
		ev + ` | scan with (step s1 output=last: E == "start";)`,
		ev + ` | scan declare (st:long = 0) with (step s1: true => st = st + T;)`,
	} {
		if _, err := engine.FromStore(table.NewStore(nil)).Query(context.Background(), q, engine.QueryOptions{}); err == nil || !strings.Contains(err.Error(), "not supported yet") {
			t.Errorf("%s: want a not-supported error, got %v", q, err)
		}
	}
}
