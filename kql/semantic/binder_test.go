package semantic_test

import (
	"sort"
	"strings"
	"testing"

	_ "github.com/quarryhunt/quarry/kql/functions/builtin"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

type testTables map[string]types.Schema

func (t testTables) Table(n string) (types.Schema, bool) { s, ok := t[n]; return s, ok }
func (t testTables) Names() []string {
	var out []string
	for n := range t {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func schema(spec string) types.Schema {
	var s types.Schema
	for _, part := range strings.Split(spec, ",") {
		name, typ, _ := strings.Cut(strings.TrimSpace(part), ":")
		t, ok := types.Parse(typ)
		if !ok {
			panic("bad type " + typ)
		}
		s = append(s, types.Column{Name: name, Type: t})
	}
	return s
}

var tables = testTables{
	"Events":    schema("Timestamp:datetime, Title:string, Count:long, Size:real, Flag:bool, Props:dynamic, Id:int"),
	"Users":     schema("Id:int, Title:string, Name:string"),
	"DeviceA":   schema("Timestamp:datetime, Device:string"),
	"DeviceB":   schema("Timestamp:datetime, Device:string, Port:long"),
	"Conflicts": schema("Timestamp:string, Device:string"),
}

func bind(t *testing.T, q string) (*plan.Query, semantic.ErrorList) {
	t.Helper()
	pq, perrs := syntax.Parse(q)
	if len(perrs) > 0 {
		t.Fatalf("parse %q: %v", q, perrs)
	}
	return semantic.Bind(pq, &semantic.Env{Tables: tables, Source: syntax.NewSource("", q)})
}

func resultSchema(p *plan.Query) string {
	if p == nil || len(p.Results) == 0 {
		return "<none>"
	}
	s := p.Results[len(p.Results)-1].Schema()
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.Name + ":" + c.Type.String()
	}
	return strings.Join(parts, ", ")
}

func TestResultSchemas(t *testing.T) {
	cases := []struct{ q, want string }{
		{`Events | project Title, Count`, "Title:string, Count:long"},
		{`Events | project Title, n = Count + 1, Timestamp + 1h`, "Title:string, n:long, Column1:datetime"},
		{`Events | extend Count = "x" | project-away Props, Flag, Id, Size`, "Timestamp:datetime, Title:string, Count:string"},
		{`Events | extend a = Count * 2, b = a + 1 | project a, b`, "a:long, b:long"},
		{`print 1, x = 2, "s"`, "print_0:long, x:long, print_2:string"},
		{`print d = dynamic({"a": {"b": 1}}) | extend d.a.b, d["a"]`, "d:dynamic, d_a_b:dynamic, d_a:dynamic"},
		{`Events | summarize count(), max(Timestamp), avg(Size) by Title`, "Title:string, count_:long, max_Timestamp:datetime, avg_Size:real"},
		{`Events | summarize count() by bin(Timestamp, 1h)`, "Timestamp:datetime, count_:long"},
		{`Events | summarize n = count() * 2 by Title`, "Title:string, n:long"},
		{`Events | summarize count(), count()`, "count_:long, count_1:long"},
		{`Events | distinct Title, Count`, "Title:string, Count:long"},
		{`Events | count`, "Count:long"},
		{`Events | top 3 by Count | take 2 | sort by Title asc`, "Timestamp:datetime, Title:string, Count:long, Size:real, Flag:bool, Props:dynamic, Id:int"},
		{`Events | project Id, Title | join (Users) on Id`, "Id:int, Title:string, Id1:int, Title1:string, Name:string"},
		{`Events | project Id, Title | join kind=leftsemi (Users) on Id`, "Id:int, Title:string"},
		{`Events | project Id, Title | join kind=rightanti (Users) on $left.Id == $right.Id`, "Id:int, Title:string, Name:string"},
		{`Events | project Id, Title | lookup (Users) on Id`, "Id:int, Title:string, Title1:string, Name:string"},
		{`union DeviceA, DeviceB`, "Timestamp:datetime, Device:string, Port:long"},
		{`union withsource=T Device*`, "T:string, Timestamp:datetime, Device:string, Port:long"},
		{`union DeviceA, Conflicts`, "Timestamp_datetime:datetime, Timestamp_string:string, Device:string"},
		{`union kind=inner DeviceA, DeviceB`, "Timestamp:datetime, Device:string"},
		{`union isfuzzy=true DeviceA, NoSuchTable`, "Timestamp:datetime, Device:string"},
		{`Events | project-rename T = Title | project-reorder T, C* | project-keep T, Count`, "T:string, Count:long"},
		{`Events | project-reorder * asc | project-away P*, S*, T*`, "Count:long, Flag:bool, Id:int"},
		{`Events | project Props | mv-expand Props`, "Props:dynamic"},
		{`Events | project Props | mv-expand with_itemindex=I x = Props to typeof(long)`, "Props:dynamic, x:long, I:long"},
		{`Events | project Title | parse Title with "a=" A:long " b=" B`, "Title:string, A:long, B:string"},
		{`Events | project Title | parse kind=regex Title with "(x)" A:int`, "Title:string, A:int"},
		{`datatable(a:string, b:long) ["x", 1, "y", 2]`, "a:string, b:long"},
		{`range x from 1 to 10 step 2`, "x:long"},
		{`range x from datetime(2020-01-01) to datetime(2020-01-02) step 1h`, "x:datetime"},
		{`Events | getschema`, "ColumnName:string, ColumnOrdinal:long, DataType:string, ColumnType:string"},
		{`let T = Events | where Count > 1; T | project Title`, "Title:string"},
		{`let n = 5; Events | take n | project Count`, "Count:long"},
		{`let f = (t:(Title:string), n:long = 2) { t | take n | project Title }; f(Events)`, "Title:string"},
		{`let f = (x:long) { x * 2 }; Events | project y = f(Count)`, "y:long"},
		{`let f = (t:(*)) { t | count }; Events | invoke f()`, "Count:long"},
		{`let m = materialize(Events | project Title); m | join (m) on Title`, "Title:string, Title1:string"},
		{`Events | where Title in ((Users | project Title))`, "Timestamp:datetime, Title:string, Count:long, Size:real, Flag:bool, Props:dynamic, Id:int"},
		{`print x = toscalar(Events | count)`, "x:long"},
		{`table("Users") | project Name`, "Name:string"},
		{`database("db").Users | project Name`, "Name:string"},
		{`Events | summarize arg_max(Timestamp, *) by Title | project-away Props`, "Title:string, Timestamp:datetime, Count:long, Size:real, Flag:bool, Id:int"},
		{`Events | search "x" | project $table, Title`, "$table:string, Title:string"},
		{`Events | project Title | as T | render table`, "Title:string"},
		{`Events | serialize | project Title`, "Title:string"},
		{`Events | serialize n = row_number() | project n`, "n:long"},
		{`Events | extend strlen(Title) | project-away Timestamp, Count, Size, Flag, Props, Id`, "Title:string, strlen_Title:long"},
		{`print a = 1; print b = "x"`, "b:string"},
		{`Events | extend Count * 2, round(Size)`, "Timestamp:datetime, Title:string, Count:long, Size:real, Flag:bool, Props:dynamic, Id:int, Column1:long"},
		{`Events | make-series n = count() default = 0 on Timestamp step 1h by Title`, "Title:string, n:dynamic, Timestamp:dynamic"},
		{`Events | evaluate bag_unpack(Props) | where x == 1 | project Title, x`, "Title:string, x:dynamic"},
		{`Events | project Title, Count | evaluate pivot(Title)`, "Count:long"},
		{`Events | sample 3 | project Title`, "Title:string"},
		{`print s = "a=1, b=x" | parse-kv s as (a:long, b:string) with (pair_delimiter=",", kv_delimiter="=")`, "s:string, a:long, b:string"},
		{`Events | summarize count() by bin(T = Timestamp, 1d)`, "T:datetime, count_:long"},
		{`print Column1 = 1 | extend 2 | project Column1, 3`, "Column1:long, Column3:long"},
		{`Events | project Title, Props | mv-apply p = Props on (summarize c = count())`, "Title:string, Props:dynamic, c:long"},
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

func TestErrors(t *testing.T) {
	cases := []struct {
		q, code, msg string
		line, col    int
	}{
		{"Events\n| where Titel == 'x'", "KS142", "The name 'Titel' does not refer to any known column, table, variable or function.", 2, 9},
		{"Nope | take 1", "KS204", "The name 'Nope' does not refer to any known table, tabular variable or function.", 1, 1},
		{"Events | where Title", "KS141", "The expression must have the type bool.", 1, 16},
		{"Events | extend x = count()", "KS144", "The aggregate function 'count' is not allowed in this context.", 1, 21},
		{"print x = nosuchfn(1)", "KS211", "The name 'nosuchfn' does not refer to any known function.", 1, 11},
		{"print x = 1, x = 2", "KS171", "A column with the name 'x' is already declared.", 1, 14},
		{"let a = 1; let a = 2; print a", "KS201", "A variable with the name 'a' has already been declared.", 1, 16},
		{"Events | project Title | evaluate preview(5)", "QRY001", "the evaluate plugin 'preview' is not supported yet", 1, 35},
		{"let f = (x:long) { toscalar(Users | where Id == x | count) }; Events | extend y = f(Count)", "KS223", "can't use 'x' as it is defined outside its row-context scope.", 1, 49},
		{"Events | extend x = Title.a", "KS142", "The name 'a' does not refer to any known column, table, variable or function.", 1, 27},
	}
	for _, c := range cases {
		_, errs := bind(t, c.q)
		if len(errs) == 0 {
			t.Errorf("%s: no error, want %s", c.q, c.msg)
			continue
		}
		e := errs[0]
		if e.Code != c.code || e.Message != c.msg || e.Line != c.line || e.Col != c.col {
			t.Errorf("%s:\n got  %s %d:%d %s\n want %s %d:%d %s", c.q, e.Code, e.Line, e.Col, e.Message, c.code, c.line, c.col, c.msg)
		}
	}
}

func TestUnsupportedKeepsSchema(t *testing.T) {
	p, errs := bind(t, "Events | evaluate preview(5) : (Title:string, Count:long)")
	if len(errs) == 0 || errs[0].Code != "QRY001" {
		t.Fatalf("want QRY001, got %v", errs)
	}
	if got, want := resultSchema(p), "Title:string, Count:long"; got != want {
		t.Errorf("got %s want %s", got, want)
	}
}

func TestPlanShape(t *testing.T) {
	p, errs := bind(t, "Events | where Count > 1 | project Title")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	pr, ok := p.Results[0].(*plan.Project)
	if !ok {
		t.Fatalf("top is %T", p.Results[0])
	}
	f, ok := pr.Input.(*plan.Filter)
	if !ok {
		t.Fatalf("below project is %T", pr.Input)
	}
	if _, ok := f.Input.(*plan.Scan); !ok {
		t.Fatalf("below filter is %T", f.Input)
	}
	if f.Pred.Type() != types.Bool {
		t.Errorf("predicate type %s", f.Pred.Type())
	}
}

func FuzzBind(f *testing.F) {
	for _, q := range []string{
		"Events | where Count > 1 | project Title",
		"let f = (t:(*)) { t | take 1 }; Events | invoke f()",
		"Events | summarize arg_max(Timestamp, *) by Title",
		"union Device* | join kind=leftouter (Users) on $left.Device == $right.Name",
		"print x = dynamic({'a': [1, 2]}) | mv-expand x.a",
		"Events | parse Title with * 'a=' A:long * | make-series count() on Timestamp step 1h",
		"Events | top-nested 3 of Title with others = 'x' by count(), top-nested of Id by max(Size)",
		"Events | partition by Title (top 1 by Count) | fork (take 1) (count)",
		"Events | scan with_match_id = m declare (f:long = 0) with (step s: Count > s.f => f = Count;)",
		"Events | facet by Title with (take 1) ",
		"Users | extend ip = '1.2.3.4' | evaluate ipv4_lookup(Users, ip, Title, return_unmatched = true)",
		"print a = dynamic([1]) | extend (x, y) = series_stats(a) | serialize n = row_number()",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		pq, perrs := syntax.Parse(q)
		if len(perrs) > 0 {
			return
		}
		p, errs := semantic.Bind(pq, &semantic.Env{Tables: tables, Source: syntax.NewSource("", q)})
		if len(errs) > 0 {
			return
		}
		for _, r := range p.Results {
			if err := plan.Check(r); err != nil {
				t.Fatalf("%q: bound plan is inconsistent: %v", q, err)
			}
		}
		o := plan.Optimize(p, 0)
		for _, r := range o.Results {
			if err := plan.Check(r); err != nil {
				t.Fatalf("%q: optimized plan is inconsistent: %v", q, err)
			}
		}
	})
}
