package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

var seedArgs = []string{"--now", "2024-06-01T00:00:00Z",
	"--table", "AlertInfo=../../examples/AlertInfo.jsonl",
	"--table", "AlertEvidence=../../examples/AlertEvidence.jsonl",
	"--table", "UrlClickEvents=../../examples/UrlClickEvents.csv"}

func TestSeedExample(t *testing.T) {
	args := append([]string{"query", "-f", "../../examples/seed.kql", "--format", "json"}, seedArgs...)
	out, errs, code := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Columns []struct{ Name, Type string }
		Rows    [][]any
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Columns) != 83 || res.Columns[14].Name != "Timestamp1" {
		t.Errorf("columns: %d", len(res.Columns))
	}
	// Alerts 1 and 2 (3 is older than 30 days, 4 is another title);
	// alert 2's mail was clicked twice.
	rep := -1
	for i, c := range res.Columns {
		if c.Name == "ReportId" {
			rep = i
		}
	}
	var ids []string
	for _, r := range res.Rows {
		ids = append(ids, r[1].(string)+"/"+r[rep].(string))
	}
	if got := strings.Join(ids, " "); got != "da1f2c3b4e-0001/r-0001 da1f2c3b4e-0002/r-0002 da1f2c3b4e-0002/r-0003" {
		t.Errorf("rows: %s", got)
	}
}

func TestQueryInputs(t *testing.T) {
	out, _, code := runCLI(t, "print x=1+1", "query", "--format", "csv")
	if code != 0 || out != "x\r\n2\r\n" {
		t.Errorf("stdin query: %d %q", code, out)
	}
	out, _, code = runCLI(t, "", "query", "--format", "ndjson", "print", "y='a'")
	if code != 0 || out != "{\"y\":\"a\"}\n" {
		t.Errorf("query from args: %d %q", code, out)
	}
	out, _, code = runCLI(t, "", "query", "--format", "json", "--now", "2024-01-02T03:04:05Z", "print t=now()")
	if code != 0 || !strings.Contains(out, `"2024-01-02T03:04:05Z"`) {
		t.Errorf("--now: %d %q", code, out)
	}
	out, _, code = runCLI(t, "", "query", "--format", "json", "AlertInfo | count")
	if code != 0 || !strings.Contains(out, `"rows":[[0]]`) {
		t.Errorf("empty catalog table: %d %q", code, out)
	}
}

func TestQueryErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"query", "--format", "xml", "print 1"}, 2, "--format"},
		{[]string{"query", "--now", "yesterday", "print 1"}, 2, "--now"},
		{[]string{"query", "--bogus"}, 2, "unknown flag"},
		{[]string{"query", "AlertInfo | where"}, 1, "1:18:"},
		{[]string{"query", "NoSuchTable"}, 1, "NoSuchTable"},
		{[]string{"query", "--table", "T=missing.jsonl", "print 1"}, 1, "missing.jsonl"},
		{[]string{"query", "--table", "=x.csv", "print 1"}, 2, "NAME=PATH"},
		{[]string{"query", "-f", "x.kql", "print 1"}, 2, "not both"},
	}
	for _, c := range cases {
		_, errs, code := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

func TestTableFromFileName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "MyLogs.jsonl")
	os.WriteFile(p, []byte(`{"User":"a","N":1}`+"\n"+`{"User":"b","N":2}`+"\n"), 0o644)
	out, errs, code := runCLI(t, "", "query", "--format", "csv", "--table", p, "MyLogs | summarize sum(N)")
	if code != 0 || out != "sum_N\r\n3\r\n" {
		t.Errorf("exit %d %q %s", code, out, errs)
	}
}

func TestCheck(t *testing.T) {
	out, _, code := runCLI(t, "", "check", "AlertInfo | project AlertId, Timestamp")
	if code != 0 || out != "AlertId    string\nTimestamp  datetime\n" {
		t.Errorf("check: %d %q", code, out)
	}
	_, errs, code := runCLI(t, "", "check", "AlertInfo\n| project Nope")
	if code != 1 || !strings.Contains(errs, "2:11: The name 'Nope'") || !strings.Contains(errs, "| project Nope\n          ^") {
		t.Errorf("check error: %d %q", code, errs)
	}
}

func TestCheckJSONL(t *testing.T) {
	in := `{"id":1,"query":"print x=1"}
{"id":"s","query":"AlertInfo | where"}

{"id":{"k":[1,2]},"query":"AlertInfo | project Nope"}
not json
`
	out, _, code := runCLI(t, in, "check", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		`{"id":1,"syntax_errors":[],"semantic_errors":[],"result_columns":[{"name":"x","type":"long"}]}`,
		`{"id":"s","syntax_errors":[{"code":"","message":"expected expression, found end of input","line":1,"col":18}],"semantic_errors":[],"result_columns":[]}`,
	}
	if len(lines) != 4 || lines[0] != want[0] || lines[1] != want[1] {
		t.Fatalf("got\n%s", out)
	}
	if !strings.HasPrefix(lines[2], `{"id":{"k":[1,2]},"syntax_errors":[],"semantic_errors":[{"code":"KS142"`) {
		t.Errorf("line 3: %s", lines[2])
	}
	if !strings.HasPrefix(lines[3], `{"id":null,"error":"stdin:5:`) {
		t.Errorf("line 4: %s", lines[3])
	}
}

func TestSchemaFlag(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.json")
	os.WriteFile(p, []byte(`{"tables":[{"name":"Custom","columns":[{"name":"A","type":"long"}]}]}`), 0o644)
	out, errs, code := runCLI(t, "", "check", "--schema", p, "Custom | extend B = A * 2")
	if code != 0 || out != "A  long\nB  long\n" {
		t.Errorf("exit %d %q %s", code, out, errs)
	}
}

func TestFunctionsAndVersion(t *testing.T) {
	out, _, code := runCLI(t, "", "functions", "--kind", "aggregate")
	if code != 0 || !strings.Contains(out, "count") {
		t.Errorf("functions: %d %q", code, out)
	}
	out, _, code = runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "quarry ") {
		t.Errorf("version: %d %q", code, out)
	}
}
