package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func init() {
	// Tests must never read or write the user's own store: the default
	// store of this test binary is a folder that does not exist (tests
	// that need a store name one with --data).
	os.Setenv("QUARRY_DATA", filepath.Join(os.TempDir(), "quarry-cmd-test-no-store"))
}

// queryRows runs a query (JSON output) and returns its column names and
// its rows as JSON text, sorted.
func queryRows(t *testing.T, args ...string) (string, []string) {
	t.Helper()
	out, errs, code := runCLI(t, "", append([]string{"query", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	var res struct {
		Columns []struct{ Name, Type string }
		Rows    []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	var cols []string
	for _, c := range res.Columns {
		cols = append(cols, c.Name+":"+c.Type)
	}
	rows := make([]string, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = string(r)
	}
	sort.Strings(rows)
	return strings.Join(cols, ","), rows
}

// TestStoreQueryEqualsFiles: the seed query (and others) over the store
// gives exactly what it gives over the same generated files loaded with
// --table.
func TestStoreQueryEqualsFiles(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "gen")
	if _, errs, code := runCLI(t, "", "gen", "phishing", "--out", gen, "--scale", "0.2", "--seed", "5"); code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	store := filepath.Join(t.TempDir(), "store")
	out, errs, code := runCLI(t, "", "ingest", "--data", store, gen)
	if code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	for _, w := range []string{"AlertInfo", "EmailEvents", "UrlClickEvents", "5 files", "MB/s"} {
		if !strings.Contains(out, w) {
			t.Errorf("ingest summary lacks %q:\n%s", w, out)
		}
	}
	if !strings.Contains(errs, "skipped "+filepath.Join(gen, "truth.json")+": cannot tell which table") {
		t.Errorf("truth.json not reported as skipped: %s", errs)
	}
	var files []string
	for _, tab := range []string{"AlertInfo", "AlertEvidence", "EmailEvents", "EmailUrlInfo", "UrlClickEvents"} {
		files = append(files, "--table", filepath.Join(gen, tab+".jsonl"))
	}
	empty := t.TempDir()
	seed, err := os.ReadFile("../../examples/seed.kql")
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{
		string(seed),
		"EmailEvents | summarize count(), dcount(SenderFromDomain), sum(UrlCount), max(Timestamp) by DeliveryAction, EmailDirection",
		"UrlClickEvents | where Timestamp between (ago(10d) .. ago(2d)) | project Timestamp, Url, ActionType, IsClickedThrough, ReportId",
		"AlertEvidence | where EntityType == 'Url' | extend f = parse_json(AdditionalFields) | project AlertId, RemoteUrl, f, FileSize, ApplicationId",
		"EmailUrlInfo | join kind=inner (EmailEvents | where DeliveryAction == 'Delivered') on NetworkMessageId | summarize n = count() by UrlDomain | top 20 by n",
	}
	for _, q := range queries {
		now := []string{"--now", "2025-03-01T00:00:00Z", q}
		cs, rs := queryRows(t, append([]string{"--data", store}, now...)...)
		cf, rf := queryRows(t, append(append([]string{"--data", empty}, files...), now...)...)
		if cs != cf {
			t.Errorf("%s\ncolumns over the store: %s\nover the files: %s", q, cs, cf)
		}
		if strings.Join(rs, "\n") != strings.Join(rf, "\n") {
			t.Errorf("%s\n%d rows over the store, %d over the files; first store row %v", q, len(rs), len(rf), first(rs))
		}
		if len(rs) == 0 {
			t.Errorf("%s: no rows", q)
		}
	}
}

func first(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[0]
}

func TestTablesCommand(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	in := filepath.Join(t.TempDir(), "AlertInfo.jsonl")
	os.WriteFile(in, []byte(`{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"a","Title":"t"}`+"\n"+`{"Timestamp":"2025-01-04T10:00:00Z","AlertId":"b","Extra":3}`+"\n"), 0o644)
	if _, errs, code := runCLI(t, "", "ingest", "--data", store, in); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := runCLI(t, "", "tables", "--data", store)
	if code != 0 || !strings.Contains(out, "AlertInfo") || !strings.Contains(out, "2025-01-02T10:00:00Z") || !strings.Contains(out, "2025-01-04T10:00:00Z") {
		t.Errorf("tables: %d %s %s", code, out, errs)
	}
	out, _, code = runCLI(t, "", "tables", "--data", store, "AlertInfo")
	if code != 0 || !strings.Contains(out, "Extra") || !strings.Contains(out, "partitioned by Timestamp") {
		t.Errorf("tables AlertInfo: %s", out)
	}
	out, _, code = runCLI(t, "", "tables", "--data", store, "--format", "json")
	var res struct {
		Tables []struct {
			Name    string
			Rows    int
			From    string
			Columns []struct{ Name, Type string }
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Tables) != 1 || res.Tables[0].Rows != 2 || res.Tables[0].From != "2025-01-02T10:00:00Z" {
		t.Errorf("tables json: %s", out)
	}
	if _, errs, code := runCLI(t, "", "tables", "--data", store, "Nope"); code != 1 || !strings.Contains(errs, "no table \"Nope\"") {
		t.Errorf("unknown table: %d %s", code, errs)
	}
	out, _, code = runCLI(t, "", "tables", "--data", t.TempDir())
	if code != 0 || !strings.Contains(out, "no tables") {
		t.Errorf("empty store: %s", out)
	}
}

// TestStoreAndTableFiles: --table replaces a stored table of the same
// name for that run; tables only the store holds bind in check.
func TestStoreAndTableFiles(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	dir := t.TempDir()
	a := filepath.Join(dir, "AlertInfo.jsonl")
	os.WriteFile(a, []byte(`{"Timestamp":"2025-01-02T10:00:00Z","AlertId":"stored"}`+"\n"), 0o644)
	c := filepath.Join(dir, "custom.jsonl")
	os.WriteFile(c, []byte(`{"When":"2025-01-02T10:00:00Z","Score":1.5}`+"\n"), 0o644)
	if _, errs, code := runCLI(t, "", "ingest", "--data", store, a); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := runCLI(t, "", "ingest", "--data", store, "--table", "Custom", c); code != 0 {
		t.Fatal(errs)
	}
	other := filepath.Join(dir, "other.jsonl")
	os.WriteFile(other, []byte(`{"Timestamp":"2025-01-03T10:00:00Z","AlertId":"file"}`+"\n"), 0o644)
	_, rows := queryRows(t, "--data", store, "AlertInfo | project AlertId")
	if strings.Join(rows, "") != `["stored"]` {
		t.Errorf("store: %v", rows)
	}
	_, rows = queryRows(t, "--data", store, "--table", "AlertInfo="+other, "AlertInfo | project AlertId")
	if strings.Join(rows, "") != `["file"]` {
		t.Errorf("--table over the store: %v", rows)
	}
	_, rows = queryRows(t, "--data", store, "Custom | project Score * 2")
	if strings.Join(rows, "") != `[3]` {
		t.Errorf("custom: %v", rows)
	}
	out, errs, code := runCLI(t, "", "check", "--data", store, "Custom | project When, Score")
	if code != 0 || out != "When   datetime\nScore  real\n" {
		t.Errorf("check: %d %q %s", code, out, errs)
	}
	// The default store comes from $QUARRY_DATA.
	t.Setenv("QUARRY_DATA", store)
	_, rows = queryRows(t, "Custom | count")
	if strings.Join(rows, "") != `[1]` {
		t.Errorf("QUARRY_DATA: %v", rows)
	}
	t.Setenv("QUARRY_DATA", "")
	t.Setenv("XDG_DATA_HOME", filepath.Dir(store)+"/xdg")
	if _, errs, code := runCLI(t, "", "ingest", a); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(store), "xdg", "quarry", "manifest.json")); err != nil {
		t.Errorf("XDG_DATA_HOME: %v", err)
	}
}

func TestIngestErrors(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\"category\":\"AdvancedHunting-AlertInfo\",\"properties\":{\"AlertId\":\"ok\"}}\n{\"category\":\"AdvancedHunting-AlertInfo\",\"properties\":{\"AlertId\":}\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ingest", "--data", store}, 2, "give the files"},
		{[]string{"ingest", "--data", store, "--format", "xml", bad}, 2, "--format \"xml\""},
		{[]string{"ingest", "--data", store, "--on-error", "maybe", bad}, 2, "--on-error"},
		{[]string{"ingest", "--data", store, "--table", "a b", bad}, 2, "not a table name"},
		{[]string{"ingest", "--data", store, filepath.Join(dir, "missing.json")}, 1, "missing.json: no such file"},
		{[]string{"ingest", "--data", store, bad}, 1, bad + ":2: invalid JSON: expected a value, found '}'"},
		{[]string{"query", "--data", filepath.Join(dir, "nostore"), "print 1"}, 1, "no such folder"},
	}
	for _, c := range cases {
		_, errs, code := runCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	out, errs, code := runCLI(t, "", "ingest", "--data", store, "--on-error", "skip", bad)
	if code != 0 || !strings.Contains(out, "1 malformed record quarantined") || !strings.Contains(errs, "quarantine") {
		t.Errorf("skip: %d %s %s", code, out, errs)
	}
}
