package kqltest

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// echoBackend answers a query naming a table with that table's rows, and
// `fail: msg` with an error; enough to exercise the runner itself.
type echoBackend struct{ tables []*Table }

func (b echoBackend) Query(_ context.Context, q string, _ Options) ([]Result, error) {
	if msg, ok := strings.CutPrefix(q, "fail: "); ok {
		return nil, errors.New(msg)
	}
	var out []Result
	for _, name := range strings.Split(q, ";") {
		found := false
		for _, t := range b.tables {
			if t.Name == strings.TrimSpace(name) {
				out = append(out, Result{Schema: t.Schema, Rows: t.Rows})
				found = true
			}
		}
		if !found {
			return nil, errors.New("no table " + name)
		}
	}
	return out, nil
}

func echoOpen(tables []*Table) (Backend, error) { return echoBackend{tables}, nil }

func TestSplitCells(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`1, "a,b", datetime(2024-01-01)`, []string{"1", `"a,b"`, "datetime(2024-01-01)"}},
		{`dynamic({"a":[1,2]}), 'x\'y',`, []string{`dynamic({"a":[1,2]})`, `'x\'y'`}},
		{`@"c:\dir", "q\"q"`, []string{`@"c:\dir"`, `"q\"q"`}},
		{``, nil},
		{`"", ""`, []string{`""`, `""`}},
	}
	for _, c := range cases {
		got, err := splitCells(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("splitCells(%s) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, bad := range []string{`"open`, `(1, 2`, `1)`} {
		if _, err := splitCells(bad); err == nil {
			t.Errorf("splitCells(%s): want error", bad)
		}
	}
}

func TestParseCell(t *testing.T) {
	dt := func(s string) value.DateTime { d, _ := parseDateTime(s); return d }
	cases := []struct {
		t    types.Type
		in   string
		want any
	}{
		{types.Long, "42", int64(42)},
		{types.Long, "int(7)", int64(7)},
		{types.Long, "long(null)", nil},
		{types.Int, "-3", int32(-3)},
		{types.Real, "1.5", 1.5},
		{types.Real, "real(2)", 2.0},
		{types.Bool, "true", true},
		{types.String, `"héllo\n"`, "héllo\n"},
		{types.String, `'it''s'`, nil}, // not valid: doubled quotes only in @'' strings
		{types.String, `@'it''s'`, "it's"},
		{types.String, `""`, ""},
		{types.DateTime, "2024-05-01T10:00:00Z", value.DateTime(638501544000000000)},
		{types.DateTime, "datetime(2024-05-01 10:00)", dt("2024-05-01T10:00:00Z")},
		{types.DateTime, "2024-05-01T10:00:00.1234567Z", dt("2024-05-01T10:00:00Z") + 1234567},
		{types.TimeSpan, "1d", value.TimeSpan(value.Day)},
		{types.TimeSpan, "timespan(1.5h)", value.TimeSpan(90 * value.Minute)},
		{types.TimeSpan, "1.02:03:04.5", value.TimeSpan(value.Day + 2*value.Hour + 3*value.Minute + 4*value.Second + 5000000)},
		{types.TimeSpan, "-00:10:00", value.TimeSpan(-10 * value.Minute)},
		{types.Guid, "74BE27DE-1E4E-49D9-B579-FE0B331D3642", value.GUID("74be27de-1e4e-49d9-b579-fe0b331d3642")},
		{types.Dynamic, "null", nil},
	}
	for _, c := range cases {
		got, err := parseCell(c.t, c.in)
		if c.want == nil && c.in == `'it''s'` {
			if err == nil {
				t.Errorf("parseCell(%s): want error", c.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseCell(%s, %s): %v", c.t, c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("parseCell(%s, %s) = %#v, want %#v", c.t, c.in, got, c.want)
		}
	}
	for _, bad := range []struct {
		t  types.Type
		in string
	}{{types.String, "null"}, {types.String, "abc"}, {types.Long, "1.5"}, {types.Int, "3000000000"}, {types.Long, "datetime(2024-01-01)"}, {types.DateTime, "yesterday"}, {types.Dynamic, "{bad}"}} {
		if v, err := parseCell(bad.t, bad.in); err == nil {
			t.Errorf("parseCell(%s, %s) = %#v, want error", bad.t, bad.in, v)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	vals := []struct {
		t types.Type
		v any
	}{
		{types.String, "tab\there \"quoted\" ünï \x01"},
		{types.DateTime, value.DateTime(638501112001234567)},
		{types.TimeSpan, value.TimeSpan(-(3*value.Day + 5*value.Second + 7))},
		{types.Real, math.Inf(-1)},
		{types.Real, 0.1},
		{types.Long, int64(math.MinInt64)},
		{types.Guid, value.GUID("74be27de-1e4e-49d9-b579-fe0b331d3642")},
	}
	for _, c := range vals {
		s := formatCell(c.t, c.v)
		back, err := parseCell(c.t, s)
		if err != nil || back != c.v {
			t.Errorf("%s %#v -> %s -> %#v (%v)", c.t, c.v, s, back, err)
		}
	}
	d, _ := parseCell(types.Dynamic, `{"b":[1,2.5,"x",null,true],"a":{}}`)
	if s := formatCell(types.Dynamic, d); s != `{"b":[1,2.5,"x",null,true],"a":{}}` {
		t.Errorf("dynamic round trip: %s", s)
	}
	c1, _ := canon(types.Dynamic, d)
	d2, _ := parseCell(types.Dynamic, `{"a":{},"b":[1,2.5,"x",null,true]}`)
	c2, _ := canon(types.Dynamic, d2)
	if c1 != c2 {
		t.Errorf("bag key order should not matter: %v vs %v", c1, c2)
	}
	d3, _ := parseCell(types.Dynamic, `{"a":{},"b":[1.0,2.5,"x",null,true]}`)
	if c3, _ := canon(types.Dynamic, d3); c3 == c1 {
		t.Errorf("1 and 1.0 are different dynamic values")
	}
}

const sample = `# a comment
now 2024-06-01T00:00:00Z

table T (A:long, B:string,
         C:dynamic)
1, "x", dynamic({"k":1})
2, "y,z", [1,2]

table J (A:long, D:datetime) json
{"A":1,"D":"2024-01-01T00:00:00Z"}
{"A":2}

table Wide builtin (A)
5

query
T
----
(A:long, B:string, C:dynamic)
2, "y,z", [1,2]
1, "x", {"k":1}

query ordered
J
----
(A:long, D:datetime)
1, 2024-01-01T00:00:00Z
2, null

query
Wide
----
(A:long, Z:string)
1 row

query
T; J
----
(A:long, B:string, C:dynamic)
2 rows
----
(A:long, D:datetime)
2 rows

query error no TABLE
Nope

skip known bug
query
Nope
----
(A:long)
`

func wideCatalog(name string) (types.Schema, bool) {
	if name == "Wide" {
		return types.Schema{{Name: "A", Type: types.Long}, {Name: "Z", Type: types.String}}, true
	}
	return nil, false
}

func TestParseSample(t *testing.T) {
	f, err := Parse("sample.kqltest", sample, wideCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) != 6 {
		t.Fatalf("got %d cases", len(f.Cases))
	}
	c := f.Cases[0]
	if c.Now != value.DateTime(638527968000000000) || len(c.Tables) != 3 || c.Ordered || c.Line != 16 {
		t.Errorf("case 0: %+v", c)
	}
	wide := c.Tables[2]
	if len(wide.Rows) != 1 || wide.Rows[0][0] != int64(5) || wide.Rows[0][1] != "" {
		t.Errorf("builtin subset row: %#v", wide.Rows)
	}
	if !f.Cases[1].Ordered || f.Cases[2].Results[0].RowCount != 1 || len(f.Cases[3].Results) != 2 {
		t.Errorf("options not parsed")
	}
	if e := f.Cases[4]; !e.WantError || e.ErrorText != "no TABLE" {
		t.Errorf("error case: %+v", e)
	}
	if f.Cases[5].Skip != "known bug" || f.Cases[4].Skip != "" {
		t.Errorf("skip applies to the next query only")
	}
}

func TestRunSample(t *testing.T) {
	f, err := Parse("sample.kqltest", sample, wideCatalog)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := echoOpen(f.Cases[0].Tables)
	for _, c := range f.Cases[:5] {
		if msg := Check(context.Background(), b, c); msg != "" {
			t.Errorf("line %d: %s", c.Line, msg)
		}
	}
	if msg := Check(context.Background(), b, f.Cases[5]); !strings.Contains(msg, "no table Nope") {
		t.Errorf("skipped case should fail: %q", msg)
	}
}

func TestParseErrors(t *testing.T) {
	bad := map[string]string{
		"frobnicate":                          "unknown directive",
		"table T\n1":                          "needs its columns",
		"table T (A:long)\n\"x\"":             "bad long",
		"table T (A:long)\n1, 2":              "row has 2 values",
		"table T (A:nosuch)":                  "unknown type",
		"table T (A:long) csv":                "want nothing or json",
		"table T (A:string) json\n{\"B\":1}":  `no column "B"`,
		"query\nT":                            "needs '----'",
		"query\nT\n----\nA:long":              "result header",
		"query error x\nT\n----\n(A:long)":    "no result table",
		"query sorted\nT":                     "unknown query option",
		"skip":                                "needs a reason",
		"skip why\n":                          "applies to no query",
		"now tomorrow":                        "now needs a datetime",
		"table W builtin (A)":                 "no built-in catalog",
		"query\nT\n----\n(A:long)\n3 rows\n1": "not both",
	}
	for src, want := range bad {
		_, err := Parse("f", src, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", src, err, want)
		}
	}
}

func TestFailureReport(t *testing.T) {
	f, err := Parse("f", "table T (A:long, B:real)\n1, 0.5\n2, 1\n\nquery ordered\nT\n----\n(A:long, B:real)\n1, 0.5000000000001\n3, 1\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := echoOpen(f.Cases[0].Tables)
	msg := Check(context.Background(), b, f.Cases[0])
	for _, want := range []string{"query:\n    T", "row 2 differs", "expected (ordered)", "| actual", "3, 1", "≠ 2, 1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("report lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "≠ 1, 0.5") {
		t.Errorf("reals within tolerance should match:\n%s", msg)
	}
	// Unordered comparison ignores row order; a schema difference is shown.
	f, _ = Parse("f", "table T (A:long)\n1\n2\n\nquery\nT\n----\n(A:int)\n2\n1\n", nil)
	msg = Check(context.Background(), b2(f), f.Cases[0])
	if !strings.Contains(msg, "columns differ") || strings.Contains(msg, "row") {
		t.Errorf("unexpected report:\n%s", msg)
	}
}

func b2(f *File) Backend { b, _ := echoOpen(f.Cases[0].Tables); return b }

func TestRunFileSubtests(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/x.kqltest"
	if err := writeFile(path, sample); err != nil {
		t.Fatal(err)
	}
	RunFile(t, path, Config{Open: echoOpen, Catalog: wideCatalog})
}

func TestCaseComment(t *testing.T) {
	f, err := Parse("f", "table T (A:long)\n1\n\n# unrelated\n\n# the oracle disagrees\n# here\nquery\nT\n----\n(A:long)\n1\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Cases[0].Comment; got != "the oracle disagrees\nhere" {
		t.Errorf("comment %q", got)
	}
}
