package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/storage"
)

// run ingests paths into the store in dir and returns the summary and
// what was logged.
func run(t testing.TB, dir string, opts Options, paths ...string) (*Summary, string, error) {
	t.Helper()
	st, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if opts.Catalog == nil {
		opts.Catalog = schema.Builtin()
	}
	opts.Log = &log
	g, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := g.Run(context.Background(), paths)
	return sum, log.String(), err
}

// query runs KQL over the store in dir; rows are rendered as JSON text
// per row.
func query(t testing.TB, dir, q string) (types.Schema, []string) {
	t.Helper()
	st, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.New(st, st).Query(context.Background(), q, engine.QueryOptions{Now: int64(value.FromTime(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)))})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	r := res[len(res)-1]
	var rows []string
	for _, b := range r.Batches {
		for i := 0; i < b.N; i++ {
			var sb []byte
			sb = append(sb, '[')
			for c := range b.Cols {
				if c > 0 {
					sb = append(sb, ',')
				}
				sb = value.AppendJSON(sb, b.Cols[c].Value(i))
			}
			rows = append(rows, string(append(sb, ']')))
		}
	}
	return r.Schema, rows
}

func write(t testing.TB, path, data string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gz(t testing.TB, data string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(data))
	w.Close()
	return b.String()
}

func streamRec(table, props string) string {
	return fmt.Sprintf(`{"time":"2025-01-02T10:00:05.1234567Z","tenantId":"c787baed-0fcb-3528-ed14-f22f348a6648","operationName":"Publish","category":"AdvancedHunting-%s","properties":%s}`, table, props)
}

// TestFormats ingests every input format and reads the rows back through
// a query.
func TestFormats(t *testing.T) {
	in := t.TempDir()
	dir := t.TempDir()
	// Defender streaming API, JSON lines, several tables in one file.
	write(t, filepath.Join(in, "stream.json"), strings.Join([]string{
		streamRec("AlertInfo", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"a1","Title":"A potentially malicious URL click was detected","Severity":"High","AttackTechniques":"[\"Phishing (T1566)\"]"}`),
		streamRec("UrlClickEvents", `{"Timestamp":"2025-01-02T10:00:01Z","Url":"https://x.example/a","IsClickedThrough":true,"NetworkMessageId":"0F8FAD5B-D9CB-469F-A165-70867728950E","ReportId":"r1"}`),
		streamRec("AlertInfo", `{"Timestamp":"2025-01-03T11:00:00Z","AlertId":"a2","Title":"other","Severity":"Low"}`),
	}, "\n")+"\n")
	// Event Hub envelope, pretty-printed, gzip.
	env := "{\n  \"records\": [\n    " + streamRec("AlertEvidence", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"a1","EntityType":"MailMessage","NetworkMessageId":"0f8fad5b-d9cb-469f-a165-70867728950e","AdditionalFields":"{\"Count\":2}"}`) + ",\n    " +
		streamRec("AlertEvidence", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"a1","EntityType":"Url","RemoteUrl":"https://x.example/a"}`) + "\n  ]\n}\n"
	write(t, filepath.Join(in, "hub", "message.json.gz"), gz(t, env))
	// Log Analytics export: the am-<Table> folder names the table.
	write(t, filepath.Join(in, "am-securityevent", "WorkspaceResourceId=x", "y=2025", "m=01", "d=02", "h=10", "m=00", "PT05M.json"),
		`{"TimeGenerated":"2025-01-02T10:01:00Z","Computer":"dc1","EventID":4624,"Account":"CONTOSO\\alice","Type":"SecurityEvent"}`+"\n"+
			`{"TimeGenerated":"2025-01-02T10:02:00Z","Computer":"dc1","EventID":"4625","Account":"CONTOSO\\bob","Type":"SecurityEvent"}`+"\n")
	// Log Analytics rows whose Type names the table: JSON lines, and an
	// Event Hub message of rows of two tables.
	write(t, filepath.Join(in, "la", "rows.jsonl"), `{"TimeGenerated":"2025-01-02T10:03:00Z","UserPrincipalName":"alice@contoso.com","ResultType":"0","Type":"SigninLogs"}`+"\n")
	write(t, filepath.Join(in, "la", "hub.json"), `{"records":[{"TimeGenerated":"2025-01-02T10:04:00Z","UserPrincipalName":"bob@contoso.com","ResultType":"50126","Type":"SigninLogs","Status":{"errorCode":50126}},`+
		`{"TimeGenerated":"2025-01-02T10:05:00Z","Computer":"dc2","EventID":4740,"Type":"SecurityEvent"}]}`)
	// Portal CSV export: JSON inside quoted cells, a cell with a line break.
	write(t, filepath.Join(in, "csv", "UrlClickEvents.csv"), "Timestamp,Url,ActionType,AccountUpn,IsClickedThrough,UrlChain,ReportId\n"+
		"2025-01-04T09:13:55.5000000Z,https://pay.example.com/login,ClickAllowed,megan@contoso.com,true,\"[\"\"https://pay.example.com/login\"\"]\",r2\n"+
		"2025-01-04T09:14:00Z,\"https://multi.example.com/\nline\",ClickBlocked,alex@contoso.com,0,,r3\n")
	// Parquet, table from --table (separate run).
	type pqRow struct {
		Timestamp  time.Time `parquet:"Timestamp,timestamp(microsecond)"`
		DeviceName string    `parquet:"DeviceName"`
		RemotePort int32     `parquet:"RemotePort"`
		Extra      *float64  `parquet:"Extra,optional"`
	}
	half := 0.5
	pq := filepath.Join(t.TempDir(), "net.parquet")
	if err := parquet.WriteFile(pq, []pqRow{
		{Timestamp: time.Date(2025, 1, 5, 1, 2, 3, 456789000, time.UTC), DeviceName: "pc1", RemotePort: 443, Extra: &half},
		{Timestamp: time.Date(2025, 1, 6, 1, 2, 3, 0, time.UTC), DeviceName: "pc2", RemotePort: 80},
	}); err != nil {
		t.Fatal(err)
	}
	// Plain JSON lines, table from --table (separate run).
	jl := write(t, filepath.Join(t.TempDir(), "custom.jsonl"), `{"When":"2025-01-07T00:00:00Z","N":1,"Tags":["a"],"Ok":true}`+"\n"+`{"When":"2025-01-08T00:00:00Z","N":2.5,"Tags":[],"Ok":false}`+"\n")

	sum, log, err := run(t, dir, Options{}, in)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if sum.Files != 6 {
		t.Errorf("files: %d (%v)", sum.Files, sum.Skipped)
	}
	if _, _, err := run(t, dir, Options{Table: "DeviceNetworkEvents"}, pq); err != nil {
		t.Fatal(err)
	}
	_, log, err = run(t, dir, Options{Table: "MyEvents"}, jl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "MyEvents: not a known table; its columns were inferred from the data: When (datetime), N (real), Tags (dynamic), Ok (bool)") {
		t.Errorf("inferred table not reported: %s", log)
	}

	cases := []struct{ q, want string }{
		{`AlertInfo | order by AlertId asc | project AlertId, Timestamp, TimeGenerated, tostring(parse_json(AttackTechniques)[0])`,
			`["a1","2025-01-02T10:00:00.0000000Z","2025-01-02T10:00:00.0000000Z","Phishing (T1566)"] ["a2","2025-01-03T11:00:00.0000000Z","2025-01-03T11:00:00.0000000Z",""]`},
		{`UrlClickEvents | order by ReportId asc | project ReportId, IsClickedThrough, NetworkMessageId, UrlChain, Url`,
			`["r1",true,"0F8FAD5B-D9CB-469F-A165-70867728950E","","https://x.example/a"] ["r2",true,"","[\"https://pay.example.com/login\"]","https://pay.example.com/login"] ["r3",false,"","","https://multi.example.com/\nline"]`},
		{`AlertEvidence | order by EntityType asc | project EntityType, tolong(parse_json(AdditionalFields).Count), NetworkMessageId`,
			`["MailMessage",2,"0f8fad5b-d9cb-469f-a165-70867728950e"] ["Url",null,""]`},
		{`SecurityEvent | order by TimeGenerated asc | project EventID, Account, Computer`,
			`[4624,"CONTOSO\\alice","dc1"] [4625,"CONTOSO\\bob","dc1"] [4740,"","dc2"]`},
		{`SigninLogs | order by TimeGenerated asc | project UserPrincipalName, ResultType, Status.errorCode`, `["alice@contoso.com","0",null] ["bob@contoso.com","50126",50126]`},
		{`DeviceNetworkEvents | order by Timestamp asc | project Timestamp, DeviceName, RemotePort, Extra`,
			`["2025-01-05T01:02:03.4567890Z","pc1",443,0.5] ["2025-01-06T01:02:03.0000000Z","pc2",80,null]`},
		{`MyEvents | order by When asc | project When, N, Tags, Ok`,
			`["2025-01-07T00:00:00.0000000Z",1,["a"],true] ["2025-01-08T00:00:00.0000000Z",2.5,[],false]`},
	}
	for _, c := range cases {
		_, rows := query(t, dir, c.q)
		if got := strings.Join(rows, " "); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.q, got, c.want)
		}
	}
	// Types come from the schemas.
	st, _ := storage.Open(dir, nil)
	want := map[string]string{"AlertInfo.Timestamp": "datetime", "AlertEvidence.FileSize": "long", "SecurityEvent.EventID": "int", "UrlClickEvents.IsClickedThrough": "bool", "DeviceNetworkEvents.RemotePort": "int", "DeviceNetworkEvents.Extra": "real"}
	for k, typ := range want {
		tab, col, _ := strings.Cut(k, ".")
		sch, ok := st.Table(tab)
		if !ok {
			t.Errorf("no table %s", tab)
			continue
		}
		if i := sch.Index(col); i < 0 || sch[i].Type.String() != typ {
			t.Errorf("%s: %v, want %s", k, sch, typ)
		}
	}
}

// TestStdinAndGzip: "-" reads stdin (gzip too); the same content again
// is skipped.
func TestStdinAndGzip(t *testing.T) {
	dir := t.TempDir()
	data := streamRec("AlertInfo", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"s1"}`) + "\n"
	for i, in := range []string{data, gz(t, data)} {
		sum, _, err := run(t, dir, Options{Stdin: strings.NewReader(in)}, "-")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rows != 1 || sum.Files != 1 {
			t.Errorf("run %d: %+v", i, sum)
		}
	}
	sum, _, err := run(t, dir, Options{Stdin: strings.NewReader(data)}, "-")
	if err != nil || sum.Files != 0 || len(sum.Skipped) != 1 {
		t.Errorf("same stdin again: %+v %v", sum, err)
	}
	_, rows := query(t, dir, "AlertInfo | count")
	if rows[0] != "[2]" {
		t.Errorf("rows: %v", rows)
	}
}

// TestReingest: the same file again is a no-op; --force adds it again.
func TestReingest(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(t.TempDir(), "a.json"), streamRec("AlertInfo", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"x"}`)+"\n")
	for i, c := range []struct {
		force bool
		files int
		count string
	}{{false, 1, "[1]"}, {false, 0, "[1]"}, {true, 1, "[2]"}} {
		sum, log, err := run(t, dir, Options{Force: c.force}, f)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Files != c.files {
			t.Errorf("run %d: %d files committed; log %s", i, sum.Files, log)
		}
		if c.files == 0 && !strings.Contains(log, "already ingested") {
			t.Errorf("run %d: log %q", i, log)
		}
		if _, rows := query(t, dir, "AlertInfo | count"); rows[0] != c.count {
			t.Errorf("run %d: count %v", i, rows)
		}
	}
	// The same content under --table is another source.
	if sum, _, _ := run(t, dir, Options{Table: "Other"}, f); sum.Files != 1 {
		t.Errorf("--table: %+v", sum)
	}
}

// TestBadRecords: a malformed record fails its file with PATH:LINE and
// stores nothing of it; with skip the good rows go in and the bad ones
// to the quarantine, with their reasons.
func TestBadRecords(t *testing.T) {
	good := func(id string) string {
		return streamRec("AlertInfo", `{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"`+id+`"}`)
	}
	in := t.TempDir()
	write(t, filepath.Join(in, "1-ok.json"), good("ok")+"\n")
	bad := write(t, filepath.Join(in, "2-bad.json"), strings.Join([]string{
		good("g1"),
		`{"time":"x","category":"AdvancedHunting-AlertInfo","properties":{"AlertId":"trunc"`,
		good("g2"),
		`[[1]]`,
		`{"category":"Audit","properties":{"a":1}}`,
		`"just a string"`,
		good("g3") + ` trailing`,
		"",
		good("g4"),
	}, "\n")+"\n")
	dir := t.TempDir()
	_, _, err := run(t, dir, Options{}, in)
	if err == nil || !strings.HasPrefix(err.Error(), bad+":2: invalid JSON: ") {
		t.Fatalf("error: %v", err)
	}
	if !strings.Contains(err.Error(), "nothing of "+bad+" was stored") {
		t.Errorf("error does not say the file was not stored: %v", err)
	}
	// The file before the bad one is stored; nothing of the bad one.
	if _, rows := query(t, dir, "AlertInfo | project AlertId"); strings.Join(rows, " ") != `["ok"]` {
		t.Errorf("after fail: %v", rows)
	}
	sum, log, err := run(t, dir, Options{SkipBad: true}, in)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Bad != 5 || sum.Files != 1 {
		t.Errorf("summary: %+v", sum)
	}
	if _, rows := query(t, dir, "AlertInfo | order by AlertId asc | project AlertId"); strings.Join(rows, " ") != `["g1"] ["g2"] ["g4"] ["ok"]` {
		t.Errorf("after skip: %v", rows)
	}
	if len(sum.Quarantine) != 1 || !strings.Contains(log, "5 malformed records skipped") {
		t.Fatalf("quarantine: %v %s", sum.Quarantine, log)
	}
	q, err := os.ReadFile(sum.Quarantine[0])
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(q)), "\n") {
		var r struct {
			Source string
			Line   int
			Error  string
			Record string
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Source != bad {
			t.Errorf("source %q", r.Source)
		}
		got = append(got, fmt.Sprintf("%d|%s|%s", r.Line, r.Error, r.Record))
	}
	want := []string{
		`2|invalid JSON: unterminated object|{"time":"x","category":"AdvancedHunting-AlertInfo","properties":{"AlertId":"trunc"`,
		`4|expected a JSON object (one record), found an array inside an array|[1]`,
		`5|category "Audit" does not name an advanced hunting table ("AdvancedHunting-<Table>"); give --table NAME to load such records|{"category":"Audit","properties":{"a":1}}`,
		`6|expected a JSON object (one record), found a string|"just a string"`,
		`7|invalid JSON: unexpected 't' after the JSON value|` + good("g3") + ` trailing`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("quarantine:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBadRecordMessages: what a failing file says, per format.
func TestBadRecordMessages(t *testing.T) {
	cases := []struct {
		name, data, format, table, want string
	}{
		{"a.json", "{\"a\":1}\n{\"a\":\n", FormatJSONL, "T", "a.json:2: invalid JSON: expected a value, found end of input"},
		{"a.json", "{\"a\":1}\n{\"a\":tru}\n", FormatJSONL, "T", "a.json:2: invalid JSON: expected a value, found 't'"},
		{"a.json", "[\n{\"a\":1},\n{\"a\" 2}\n]\n", FormatAuto, "T", "a.json:3: invalid JSON: expected ':' after a property name, found '2'"},
		{"a.json", `{"a":"x` + "\x01" + `"}`, FormatJSONL, "T", "a.json:1: invalid JSON: control character in a string"},
		{"a.json", `{"S":1}`, FormatDefender, "", "a.json:1: not a streaming-API record: expected {\"category\":\"AdvancedHunting-<Table>\",\"properties\":{...}}"},
		{"a.json", `{"S":1}`, FormatAuto, "", "a.json:1: cannot tell which table this record belongs to: the row names no table: it has no \"Type\" column (Log Analytics export) and is not a streaming-API record; give --table NAME"},
		{"a.json", `{"category":"AdvancedHunting-Bad Name","properties":{}}`, FormatAuto, "", `a.json:1: table name "Bad Name" is not valid (letters, digits and '_')`},
		{"a.csv", "A,B\n1,2\n3\n", FormatCSV, "T", "a.csv:3: 1 fields, but the header has 2"},
		{"a.csv", "A,B\n1,2\n\"x\"y,2\n", FormatCSV, "T", `a.csv:3: extraneous or missing " in quoted-field`},
		{"a.csv", "A,B\n1,2\n", FormatCSV, "", "a.csv: cannot tell which table a CSV file holds: give --table NAME"},
	}
	for _, c := range cases {
		_, _, err := readMemCat(t, testCatalog(), c.data, c.name, c.format, c.table, false, 0)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.data, err, c.want)
		}
	}
}

// TestCoercion: values converted to the schema's types, the ones that do
// not convert counted and reported with where the first one was.
func TestCoercion(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(t.TempDir(), "c.json"), strings.Join([]string{
		streamRec("T", `{"TimeGenerated":"2025-01-02 10:00:00","S":42,"B":"TRUE","I":"12","L":" 13 ","R":"1.5","G":"{0F8FAD5B-D9CB-469F-A165-70867728950E}","Dyn":"[\"a\",\"b\"]","Span":"01:00:00","MachineGroup":"g1"}`),
		streamRec("T", `{"Timestamp":"not a date","S":{"k":[1]},"B":1,"I":2147483648,"L":2.9,"R":"x","G":"nope","Dyn":["c"],"MachineGroup":7}`),
		streamRec("T", `{"Timestamp":"2025-01-02T10:00:00.1234567Z","S":"","B":null,"I":null,"Dyn":"","When":"2025-01-02T10:00:00+02:00"}`),
	}, "\n"))
	_, log, err := run(t, dir, Options{Catalog: testCatalog()}, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"T: 1 column not in the table's schema, kept: MachineGroup (string)",
		`T.Timestamp (datetime): 1 value did not convert and was stored as null (first at ` + f + `:2: "not a date")`,
		`T.I (int): 1 value did not convert and was stored as null (first at ` + f + `:2: 2147483648)`,
		`T.G (guid): 1 value did not convert`,
		`T.R (real): 1 value did not convert`,
	} {
		if !strings.Contains(log, w) {
			t.Errorf("log lacks %q:\n%s", w, log)
		}
	}
	// Rows without a time are stored apart (the undated partition) and
	// read last.
	_, rows := query(t, dir, `T | project Timestamp, TimeGenerated, S, B, I, L, R, G, Dyn, Span, When, MachineGroup`)
	want := []string{
		`["2025-01-02T10:00:00.0000000Z","2025-01-02T10:00:00.0000000Z","42",true,12,13,1.5,"0f8fad5b-d9cb-469f-a165-70867728950e",["a","b"],"01:00:00",null,"g1"]`,
		`["2025-01-02T10:00:00.1234567Z","2025-01-02T10:00:00.1234567Z","",null,null,null,null,"",null,null,"2025-01-02T08:00:00.0000000Z",""]`,
		`[null,null,"{\"k\":[1]}",true,null,2,null,"",["c"],null,null,"7"]`,
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

// TestFastISO: the direct parse of the common form agrees with
// todatetime on every kind of input.
func TestFastISO(t *testing.T) {
	for _, s := range []string{
		"2024-05-01T10:00:00Z", "2024-05-01T10:00:00.1234567Z", "2024-05-01T10:00:00.1Z", "2024-02-29T23:59:59.9999999Z",
		"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "0001-01-01T00:00:00Z",
		"9999-12-31T23:59:59.9999999Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.12345678Z", "2000-01-01T00:00:00Z", "1900-03-01T00:00:00Z",
		"0000-01-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01T10:00:0aZ",
	} {
		fast, fok := fastISO(s)
		slow, sok := value.ParseDateTime(s)
		if fok && (!sok || fast != slow) {
			t.Errorf("%s: fast %v %v, todatetime %v %v", s, fast, fok, slow, sok)
		}
		got, gok := dateTimeOf(s)
		if got != slow || gok != sok {
			t.Errorf("%s: dateTimeOf %v %v, todatetime %v %v", s, got, gok, slow, sok)
		}
	}
	for d := int64(0); d < 3_000_000; d += 997 {
		tm := value.DateTime(d*value.Day/3 + d*12345)
		s := value.FormatDateTime(tm)
		if len(s) < 20 {
			continue
		}
		fast, ok := fastISO(s)
		if !ok || fast != tm {
			t.Fatalf("%s: %v %v, want %v", s, fast, ok, tm)
		}
	}
}

// TestExtraColumnAcrossChunks: a column the schema lacks gets its type
// from the first chunk that has it; later values that do not fit are
// nulls, counted.
func TestExtraColumnAcrossChunks(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 2000; i++ {
		v := fmt.Sprint(i)
		if i == 1999 {
			v = `"text"`
		}
		lines = append(lines, streamRec("AlertInfo", fmt.Sprintf(`{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"a%d","Score":%s}`, i, v)))
	}
	f := write(t, filepath.Join(t.TempDir(), "x.json"), strings.Join(lines, "\n"))
	_, log, err := run(t, dir, Options{ChunkBytes: 4096}, f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "Score (long)") || !strings.Contains(log, "1 value did not convert") {
		t.Errorf("log: %s", log)
	}
	_, rows := query(t, dir, "AlertInfo | summarize count(), sum(Score), countif(isnull(Score))")
	if rows[0] != "[2000,1997001,1]" {
		t.Errorf("rows: %v", rows)
	}
}

// TestManyTablesOneFile: rows of several tables interleaved in one file
// are routed; the commit holds all of them.
func TestManyTablesOneFile(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	tabs := []string{"AlertInfo", "AlertEvidence", "EmailEvents", "UrlClickEvents"}
	for i := 0; i < 4000; i++ {
		lines = append(lines, streamRec(tabs[i%4], fmt.Sprintf(`{"Timestamp":"2025-01-%02dT10:00:00Z","ReportId":"%d"}`, 1+i%28, i)))
	}
	f := write(t, filepath.Join(t.TempDir(), "mix.json"), strings.Join(lines, "\n"))
	sum, _, err := run(t, dir, Options{ChunkBytes: 64 << 10}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Tables) != 4 || sum.Rows != 4000 {
		t.Fatalf("%+v", sum)
	}
	for _, tab := range tabs {
		if _, rows := query(t, dir, tab+" | count"); rows[0] != "[1000]" {
			t.Errorf("%s: %v", tab, rows)
		}
	}
}

// TestEmptyInputs: empty files commit nothing and fail nothing.
func TestEmptyInputs(t *testing.T) {
	dir := t.TempDir()
	in := t.TempDir()
	write(t, filepath.Join(in, "empty.json"), "")
	write(t, filepath.Join(in, "blank.json"), "\n\n  \n")
	write(t, filepath.Join(in, "AlertInfo.csv"), "Timestamp,AlertId\n")
	write(t, filepath.Join(in, "README.md"), "# not data\n")
	write(t, filepath.Join(in, ".hidden.json"), "not json\n")
	sum, log, err := run(t, dir, Options{}, in)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 0 || len(sum.Skipped) != 1 || !strings.Contains(log, "README.md: not a data file") {
		t.Errorf("%+v\n%s", sum, log)
	}
}

// TestCatalogVariants: Log Analytics rows of a Defender table (the
// Sentinel variant, TimeGenerated only) fill Timestamp too.
func TestCatalogVariants(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(t.TempDir(), "am-AlertInfo", "PT05M.json"), `{"TimeGenerated":"2025-01-02T10:00:00Z","AlertId":"x","Type":"AlertInfo","TenantId":"t"}`+"\n")
	if _, _, err := run(t, dir, Options{}, f); err != nil {
		t.Fatal(err)
	}
	_, rows := query(t, dir, "AlertInfo | project Timestamp, TimeGenerated, AlertId, TenantId")
	if strings.Join(rows, "") != `["2025-01-02T10:00:00.0000000Z","2025-01-02T10:00:00.0000000Z","x","t"]` {
		t.Errorf("%v", rows)
	}
}

// TestOddKeys: property names that are unusual but valid become columns;
// an empty one (a column needs a name) is dropped and reported.
func TestOddKeys(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(t.TempDir(), "k.json"), `{"Timestamp":"2025-01-01T00:00:00Z","a.b":1,"with space":2,"ünï":3,"x\ny":4,"":5,"$.x":6}`+"\n")
	_, log, err := run(t, dir, Options{Table: "K"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, `K: 1 value of a property named "" dropped`) {
		t.Errorf("log: %s", log)
	}
	st, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	sch, _ := st.Table("K")
	if sch.String() != "(Timestamp:datetime, a.b:long, with space:long, ünï:long, x\ny:long, $.x:long)" {
		t.Errorf("schema %s", sch)
	}
	_, rows := query(t, dir, "K | project ['a.b'], ['with space'], ['$.x']")
	if strings.Join(rows, "") != "[1,2,6]" {
		t.Errorf("rows %v", rows)
	}
}

// TestParquetInputs: Parquet from stdin (spooled), gzip-compressed, and a
// store's own data file (its Kusto types are in its metadata).
func TestParquetInputs(t *testing.T) {
	src := t.TempDir()
	f := write(t, filepath.Join(t.TempDir(), "a.json"), strings.Join([]string{
		streamRec("AlertEvidence", `{"Timestamp":"2025-01-02T10:00:00.5Z","AlertId":"a1","EntityType":"Url","FileSize":12,"ApplicationId":3}`),
		streamRec("AlertEvidence", `{"Timestamp":"2025-01-02T11:00:00Z","AlertId":"a2","EntityType":"File"}`),
	}, "\n"))
	if _, _, err := run(t, src, Options{}, f); err != nil {
		t.Fatal(err)
	}
	var data string
	filepath.WalkDir(filepath.Join(src, "tables"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".parquet") {
			b, _ := os.ReadFile(p)
			data = string(b)
		}
		return nil
	})
	if data == "" {
		t.Fatal("no data file")
	}
	for i, in := range []string{data, gz(t, data)} {
		dir := t.TempDir()
		if _, _, err := run(t, dir, Options{Stdin: strings.NewReader(in), Table: "Copy"}, "-"); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		st, _ := storage.Open(dir, nil)
		sch, _ := st.Table("Copy")
		want, _ := schema.Builtin().Table("AlertEvidence")
		if sch.String() != want.String() {
			t.Errorf("%d: schema %s", i, sch)
		}
		_, rows := query(t, dir, "Copy | order by AlertId asc | project Timestamp, AlertId, EntityType, FileSize, ApplicationId, TimeGenerated")
		if strings.Join(rows, " ") != `["2025-01-02T10:00:00.5000000Z","a1","Url",12,3,"2025-01-02T10:00:00.5000000Z"] ["2025-01-02T11:00:00.0000000Z","a2","File",null,null,"2025-01-02T11:00:00.0000000Z"]` {
			t.Errorf("%d: %v", i, rows)
		}
	}
	// Not Parquet at all.
	bad := write(t, filepath.Join(t.TempDir(), "x.parquet"), "PAR1 this is not parquet")
	if _, _, err := run(t, t.TempDir(), Options{Table: "X"}, bad); err == nil || !strings.Contains(err.Error(), "not a readable Parquet file") {
		t.Errorf("bad parquet: %v", err)
	}
}
