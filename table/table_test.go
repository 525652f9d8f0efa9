package table

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var alertSchema = types.Schema{
	{Name: "Timestamp", Type: types.DateTime},
	{Name: "AlertId", Type: types.String},
	{Name: "Severity", Type: types.String},
	{Name: "Count", Type: types.Int},
	{Name: "Score", Type: types.Real},
	{Name: "IsActive", Type: types.Bool},
	{Name: "AdditionalFields", Type: types.Dynamic},
	{Name: "Id", Type: types.Guid},
	{Name: "TimeGenerated", Type: types.DateTime},
}

func read(t *testing.T, format, body string, known types.Schema) *Table {
	t.Helper()
	tb, err := Read(strings.NewReader(body), "in."+format, format, "AlertInfo", known)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// rows renders a table as text lines of ToString values, for comparison.
func rows(t *Table) []string {
	var out []string
	for _, b := range t.Batches {
		for i := 0; i < b.N; i++ {
			var cells []string
			for _, c := range b.Cols {
				x := c.Value(i)
				if x == nil {
					cells = append(cells, "null")
				} else if d, ok := x.(value.DateTime); ok {
					cells = append(cells, value.FormatDateTime(d))
				} else {
					cells = append(cells, value.ToString(x))
				}
			}
			out = append(out, strings.Join(cells, "|"))
		}
	}
	return out
}

func check(t *testing.T, tb *Table, schema string, want ...string) {
	t.Helper()
	if got := tb.Schema.String(); got != schema {
		t.Errorf("schema\n got  %s\n want %s", got, schema)
	}
	got := rows(tb)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n got  %q\n want %q", got, want)
	}
}

const alertSchemaText = "(Timestamp:datetime, AlertId:string, Severity:string, Count:int, Score:real, IsActive:bool, AdditionalFields:dynamic, Id:guid, TimeGenerated:datetime"

func TestJSONLinesTyped(t *testing.T) {
	body := `{"Timestamp":"2024-01-01T10:00:00Z","AlertId":"a1","Count":"3","Score":1,"IsActive":true,"AdditionalFields":"{\"k\":[1,2]}","Id":"0F8FAD5B-D9CB-469F-A165-70867728950E","Extra":5}
{"TimeGenerated":"2024-01-02 11:00","AlertId":"a2","Count":4000000000,"Score":"2.5","IsActive":"false","AdditionalFields":{"x":"y"},"Extra":6.5,"Note":"n"}

{"AlertId":"a3","Severity":null,"Count":1.9,"Score":"bad","AdditionalFields":"plain text","Id":"nope","Extra":null}
`
	tb := read(t, FormatJSONLines, body, alertSchema)
	check(t, tb, alertSchemaText+", Extra:real, Note:string)",
		`2024-01-01T10:00:00Z|a1||3|1|true|{"k":[1,2]}|0f8fad5b-d9cb-469f-a165-70867728950e|2024-01-01T10:00:00Z|5|`,
		`2024-01-02T11:00:00Z|a2||null|2.5|false|{"x":"y"}||2024-01-02T11:00:00Z|6.5|n`,
		`null|a3||1|null|null|plain text||null|null|`,
	)
}

func TestTimestampAlias(t *testing.T) {
	onlyTS := types.Schema{{Name: "Timestamp", Type: types.DateTime}, {Name: "A", Type: types.String}}
	tb := read(t, FormatJSONLines, `{"TimeGenerated":"2024-01-01T00:00:00Z","A":"x"}`, onlyTS)
	check(t, tb, "(Timestamp:datetime, A:string)", "2024-01-01T00:00:00Z|x")
	onlyTG := types.Schema{{Name: "TimeGenerated", Type: types.DateTime}}
	tb = read(t, FormatJSONLines, `{"Timestamp":"2024-01-01T00:00:00Z"}`, onlyTG)
	check(t, tb, "(TimeGenerated:datetime)", "2024-01-01T00:00:00Z")
}

func TestInferredColumns(t *testing.T) {
	body := `[{"s":"x","i":1,"r":1,"b":true,"d":"2024-01-01T00:00:00Z","o":{"a":1},"m":1,"e":null,"n":""},
	          {"s":"y","i":2,"r":2.5,"b":false,"d":"2024-01-02","o":"str","m":"two","n":3}]`
	tb := read(t, FormatJSON, body, nil)
	check(t, tb, "(s:string, i:long, r:real, b:bool, d:datetime, o:dynamic, m:string, e:string, n:long)",
		`x|1|1|true|2024-01-01T00:00:00Z|{"a":1}|1||null`,
		`y|2|2.5|false|2024-01-02T00:00:00Z|str|two||3`,
	)
}

func TestJSONShapes(t *testing.T) {
	s := types.Schema{{Name: "Timestamp", Type: types.DateTime}, {Name: "Url", Type: types.String}}
	cases := map[string]string{
		"records": `{"records":[{"Timestamp":"2024-01-01T00:00:00Z","Url":"u1"},{"Timestamp":"2024-01-01T00:00:01Z","Url":"u2"}]}`,
		"streaming": `{"time":"x","tenantId":"t","category":"AdvancedHunting-UrlClickEvents","properties":{"Timestamp":"2024-01-01T00:00:00Z","Url":"u1"}}
{"time":"x","tenantId":"t","category":"AdvancedHunting-AlertInfo","properties":{"Timestamp":"2024-01-01T00:00:00Z","Url":"skipped"}}
{"time":"x","tenantId":"t","category":"AdvancedHunting-UrlClickEvents","properties":{"Timestamp":"2024-01-01T00:00:01Z","Url":"u2"}}`,
		"envelope of streaming": `{"records":[{"category":"AdvancedHunting-UrlClickEvents","properties":{"Timestamp":"2024-01-01T00:00:00Z","Url":"u1"}},
			{"category":"AdvancedHunting-UrlClickEvents","properties":{"Timestamp":"2024-01-01T00:00:01Z","Url":"u2"}}]}`,
		"lines in .json": "{\"Timestamp\":\"2024-01-01T00:00:00Z\",\"Url\":\"u1\"}\n{\"Timestamp\":\"2024-01-01T00:00:01Z\",\"Url\":\"u2\"}\n",
		"array":          "\ufeff[{\"Timestamp\":\"2024-01-01T00:00:00Z\",\"Url\":\"u1\"},{\"Timestamp\":\"2024-01-01T00:00:01Z\",\"Url\":\"u2\"}]",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			tb, err := Read(strings.NewReader(body), "in.json", FormatJSON, "UrlClickEvents", s)
			if err != nil {
				t.Fatal(err)
			}
			check(t, tb, "(Timestamp:datetime, Url:string)", "2024-01-01T00:00:00Z|u1", "2024-01-01T00:00:01Z|u2")
		})
	}
}

func TestCSV(t *testing.T) {
	body := "\ufeffTimestamp,AlertId,Count,AdditionalFields,Extra,Flag,Blank\r\n" +
		"2023-10-18T14:37:28.2012261Z,a1,3,\"{\"\"Key\"\":\"\"Val\"\"}\",1,true,\n" +
		"2023-10-18T14:37:29Z,\"multi\nline\",,,2.5,false,\n" +
		"\n"
	tb := read(t, FormatCSV, body, alertSchema)
	check(t, tb, alertSchemaText+", Extra:real, Flag:bool, Blank:string)",
		`2023-10-18T14:37:28.2012261Z|a1||3|null|null|{"Key":"Val"}||2023-10-18T14:37:28.2012261Z|1|true|`,
		"2023-10-18T14:37:29Z|multi\nline||null|null|null|null||2023-10-18T14:37:29Z|2.5|false|",
	)
	tb = read(t, FormatCSV, "a,b,a,\n1,[1],x,\n", nil)
	check(t, tb, "(a:long, b:dynamic, a1:string, Column4:string)", "1|[1]|x|")
	tb = read(t, FormatCSV, "", alertSchema[:2])
	check(t, tb, "(Timestamp:datetime, AlertId:string)")
}

func TestReadErrors(t *testing.T) {
	cases := []struct{ format, body, want string }{
		{FormatJSONLines, "{\"a\":1}\n{\"a\":\n", "in:2: invalid JSON"},
		{FormatJSONLines, "{\"a\":1}\n\n42\n", "in:3: expected a JSON object (one record), found a number"},
		{FormatJSONLines, "{\"a\":1}\nnull\n", "in:2: expected a JSON object (one record), found null"},
		{FormatJSONLines, "[[{\"a\":1}]]", "in:1: expected a JSON object (one record), found an array inside an array"},
		{FormatJSON, "[{\"a\":1},\n{\"a\":2},\n{\"a\" 3}]", "in:3: invalid JSON"},
		{FormatJSON, "{\"a\":1}\n\"x\"", "in:2: expected a JSON object"},
		{FormatCSV, "a,b\n1,2\n1,2,3\n", "in:3: 3 fields, but the header has 2"},
		{FormatCSV, "a,b\n1,\"2\n", "in:2:"},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.body), "in", c.format, "T", nil)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s %q: error %v, want prefix %q", c.format, c.body, err, c.want)
		}
	}
	if _, err := ReadFile("x.parquet", "T", nil); err == nil || !strings.Contains(err.Error(), "unknown file type") {
		t.Errorf("unknown extension: %v", err)
	}
}

func TestHugeLine(t *testing.T) {
	big := strings.Repeat("é", 1<<21) // 4 MiB of UTF-8
	body := `{"a":1}` + "\n" + `{"a":2,"s":"` + big + `"}` + "\n" + `{"a":3}`
	tb := read(t, FormatJSONLines, body, nil)
	if tb.NumRows() != 3 {
		t.Fatalf("rows %d", tb.NumRows())
	}
	if got := tb.Batches[0].Cols[1].Str(1); got != big {
		t.Errorf("long value lost: %d bytes", len(got))
	}
}

func TestBatchesAndDictionary(t *testing.T) {
	var sb strings.Builder
	n := column.BatchSize + 100
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, `{"Severity":"%s","AlertId":"id-%d","X":%d}`+"\n", []string{"High", "Low", "Medium"}[i%3], i, i)
	}
	tb := read(t, FormatJSONLines, sb.String(), alertSchema)
	if len(tb.Batches) != 2 || tb.Batches[0].N != column.BatchSize || tb.Batches[1].N != 100 {
		t.Fatalf("batches: %d", len(tb.Batches))
	}
	sev := tb.Batches[0].Cols[2]
	if sev.Strs.Dict == nil || sev.Strs.Dict.Len() != 3 {
		t.Errorf("low-cardinality Severity should be dictionary-encoded")
	}
	id := tb.Batches[0].Cols[1]
	if id.Strs.Dict != nil {
		t.Errorf("unique AlertId should be plain")
	}
	if id.Str(5) != "id-5" || sev.Str(5) != "Medium" {
		t.Errorf("values: %q %q", id.Str(5), sev.Str(5))
	}
	x := tb.Batches[1].Cols[len(alertSchema)]
	if tb.Schema[len(alertSchema)].Type != types.Long || x.Len() != 100 || x.Int(0) != int64(column.BatchSize) {
		t.Errorf("extra column across batches wrong")
	}
}

func TestFromRows(t *testing.T) {
	s := types.Schema{{Name: "A", Type: types.Long}, {Name: "B", Type: types.String}, {Name: "D", Type: types.Dynamic}}
	tb := FromRows("T", s, [][]any{{int64(1), "x", `{"a":1}`}, {nil, nil}, {"7", 5, []any{int64(1)}}})
	check(t, tb, "(A:long, B:string, D:dynamic)", `1|x|{"a":1}`, "null||null", "7|5|[1]")
}

type catalog map[string]types.Schema

func (c catalog) Table(n string) (types.Schema, bool) { s, ok := c[n]; return s, ok }
func (c catalog) Names() []string {
	var out []string
	for n := range c {
		out = append(out, n)
	}
	return out
}

func drain(t *testing.T, r *Reader) []string {
	t.Helper()
	var out []string
	for {
		b, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rows(&Table{Batches: []*column.Batch{b}})...)
	}
}

func TestStore(t *testing.T) {
	dir := t.TempDir()
	f1 := filepath.Join(dir, "a.jsonl")
	f2 := filepath.Join(dir, "b.csv")
	os.WriteFile(f1, []byte(`{"AlertId":"a1","Count":1,"X":"x1"}`+"\n"), 0o644)
	os.WriteFile(f2, []byte("AlertId,Y\na2,2\n"), 0o644)
	st := NewStore(catalog{"AlertInfo": alertSchema, "Other": alertSchema[:1]})
	if err := st.LoadFile("AlertInfo", f1); err != nil {
		t.Fatal(err)
	}
	if err := st.LoadFile("AlertInfo", f2); err != nil {
		t.Fatal(err)
	}
	if err := st.LoadFile("Custom", f2); err != nil {
		t.Fatal(err)
	}
	sch, _ := st.Table("AlertInfo")
	if sch.String() != alertSchemaText+", X:string, Y:long)" {
		t.Errorf("merged schema %v", sch)
	}
	ctx := context.Background()
	r, err := st.Scan(ctx, &plan.Scan{Table: "AlertInfo", Columns: sch, Project: []int{10, 1, 3, 9}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(drain(t, r), ";"); got != "null|a1|1|x1;2|a2|null|" {
		t.Errorf("scan: %s", got)
	}
	r, err = st.Scan(ctx, &plan.Scan{Table: "Other", Columns: alertSchema[:1]})
	if err != nil || len(drain(t, r)) != 0 {
		t.Errorf("catalog table without data should be empty: %v", err)
	}
	if _, err := st.Scan(ctx, &plan.Scan{Table: "Nope"}); err == nil {
		t.Error("unknown table should fail")
	}
	names := strings.Join(st.Names(), ",")
	if !strings.HasSuffix(names, ",Custom") || !strings.Contains(names, "Other") {
		t.Errorf("names %s", names)
	}
	if _, err := st.Scan(ctx, &plan.Scan{Table: "AlertInfo", Columns: types.Schema{{Name: "Count", Type: types.String}}}); err == nil {
		t.Error("type mismatch should fail")
	}
}

func TestNormGUID(t *testing.T) {
	for in, want := range map[string]string{
		"0F8FAD5B-D9CB-469F-A165-70867728950E":   "0f8fad5b-d9cb-469f-a165-70867728950e",
		"{0f8fad5b-d9cb-469f-a165-70867728950e}": "0f8fad5b-d9cb-469f-a165-70867728950e",
		"0f8fad5bd9cb469fa16570867728950e":       "0f8fad5b-d9cb-469f-a165-70867728950e",
		"0f8fad5b-d9cb-469f-a165-70867728950g":   "",
		"":                                       "",
	} {
		if got := normGUID(in); got != want {
			t.Errorf("normGUID(%q) = %q", in, got)
		}
	}
}

func TestScanHasNoConstVectors(t *testing.T) {
	st := NewStore(catalog{"T": {{Name: "A", Type: types.Long}, {Name: "S", Type: types.String}}})
	st.Add(FromRows("T", types.Schema{{Name: "A", Type: types.Long}}, [][]any{{int64(1)}, {int64(2)}}))
	st.Add(FromRows("T", types.Schema{{Name: "S", Type: types.String}}, [][]any{{"x"}}))
	sch, _ := st.Table("T")
	r, err := st.Scan(context.Background(), &plan.Scan{Table: "T", Columns: sch})
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		for _, c := range b.Cols {
			if c.IsConst() || c.Len() != b.N {
				t.Fatalf("scan returned a constant or short vector")
			}
		}
	}
}

func TestJSONLinesErrorLineInLaterChunk(t *testing.T) {
	var sb strings.Builder
	for i := 1; i <= 3000; i++ {
		if i == 2500 {
			sb.WriteString("{broken\n")
			continue
		}
		fmt.Fprintf(&sb, "{\"n\":%d}\n", i)
	}
	_, err := Read(strings.NewReader(sb.String()), "f.jsonl", FormatJSONLines, "T", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "f.jsonl:2500: ") {
		t.Errorf("error %v", err)
	}
	tb := read(t, FormatJSONLines, strings.Repeat("{\"n\":1}\n", 1500)+"  \n{\"n\":2}", nil)
	if tb.NumRows() != 1501 {
		t.Errorf("rows %d", tb.NumRows())
	}
}
