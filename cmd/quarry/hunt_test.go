package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// huntArgs loads the bundled example tables (the seed's fixture).
var huntArgs = []string{"--now", "2024-06-01T00:00:00Z",
	"--table", "AlertInfo=../../examples/AlertInfo.jsonl",
	"--table", "AlertEvidence=../../examples/AlertEvidence.jsonl",
	"--table", "UrlClickEvents=../../examples/UrlClickEvents.csv"}

func runHunt(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	t.Setenv("QUARRY_DATA", t.TempDir())
	return runCLI(t, "", append(args, huntArgs...)...)
}

func TestHuntExitCodes(t *testing.T) {
	out, errs, code := runHunt(t, "hunt", "../../examples/rules")
	if code != 1 || !strings.Contains(out, "status: findings · hits: 3") || !strings.Contains(errs, "1 of 1 rules have findings (3 rows)") {
		t.Errorf("findings: exit %d\n%s\n%s", code, out, errs)
	}
	// A month later the alerts are older than the query's ago(30d).
	t.Setenv("QUARRY_DATA", t.TempDir())
	out, _, code = runCLI(t, "", append([]string{"hunt", "../../examples/rules"}, append(huntArgs, "--now", "2024-08-01T00:00:00Z")...)...)
	if code != 0 || !strings.Contains(out, "status: clean") {
		t.Errorf("clean: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.kql")
	os.WriteFile(bad, []byte("AlertInfo\n| where Nope"), 0o644)
	out, errs, code = runHunt(t, "hunt", "../../examples/rules", bad)
	if code != 2 || !strings.Contains(out, "bad.kql:2:9:") || !strings.Contains(errs, "1 of 2 rules failed") {
		t.Errorf("error: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestHuntFormats(t *testing.T) {
	for _, f := range []string{"table", "json", "ndjson", "csv", "sarif", "markdown"} {
		out, errs, code := runHunt(t, "hunt", "../../examples/rules", "--format", f, "--exclusions", "../../examples/exclusions/seed-benign.yaml")
		if code != 1 || out == "" {
			t.Errorf("%s: exit %d %s", f, code, errs)
		}
		switch f {
		case "json", "sarif":
			if !json.Valid([]byte(out)) {
				t.Errorf("%s: invalid JSON", f)
			}
		case "ndjson":
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if !json.Valid([]byte(l)) {
					t.Errorf("ndjson line %q", l)
				}
			}
		}
	}
	var doc struct {
		Rules []struct {
			Status        string
			Hits          int
			MissingTables []string `json:"missing_tables"`
			Exclusions    []struct{ Name string }
		}
	}
	out, _, _ := runHunt(t, "hunt", "../../examples/rules", "--format", "json", "--exclusions", "../../examples/exclusions/seed-benign.yaml")
	json.Unmarshal([]byte(out), &doc)
	if len(doc.Rules) != 1 || doc.Rules[0].Hits != 3 || len(doc.Rules[0].Exclusions) != 5 || strings.Join(doc.Rules[0].MissingTables, ",") != "EmailEvents" {
		t.Errorf("json: %+v", doc)
	}
}

func TestHuntUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badEx := filepath.Join(dir, "ex.yaml")
	os.WriteFile(badEx, []byte("exclusions:\n  - name: x\n    wher: y\n"), 0o644)
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"hunt", "../../examples/rules", "--format", "xml"}, `--format "xml"`},
		{[]string{"hunt", "../../examples/rules", "--since", "a while"}, `--since "a while"`},
		{[]string{"hunt", "../../examples/rules", "--since", "1d", "--from", "2024-01-01"}, "either --since or --from"},
		{[]string{"hunt", "../../examples/rules", "--from", "2024-05-02", "--to", "2024-05-01"}, "--from is after --to"},
		{[]string{"hunt", "../../examples/rules", "--to", "soon"}, `--to "soon"`},
		{[]string{"hunt", "../../examples/rules", "--exclusions", badEx}, "ex.yaml:3:5: unknown key \"wher\""},
		{[]string{"hunt", "../../examples/rules", "--exclusions", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{[]string{"hunt", filepath.Join(dir, "nope")}, "nope"},
		{[]string{"hunt", dir}, "no rules found"},
		{[]string{"hunt", "../../examples/rules", "--watchlists", filepath.Join(dir, "nowl")}, "nowl"},
	} {
		_, errs, code := runHunt(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d %q", c.args, code, errs)
		}
	}
}

func TestHuntWindow(t *testing.T) {
	// The example clicks are from 2024-05-20 and 21; with --since 11d only
	// the second alert's two rows remain.
	out, _, code := runHunt(t, "hunt", "../../examples/rules", "--since", "11d", "--format", "json")
	var doc struct{ Rules []struct{ Hits int } }
	json.Unmarshal([]byte(out), &doc)
	if code != 1 || len(doc.Rules) != 1 || doc.Rules[0].Hits != 2 {
		t.Errorf("since: exit %d %s", code, out)
	}
	out, _, code = runHunt(t, "hunt", "../../examples/rules", "--from", "2024-05-20T00:00:00Z", "--to", "2024-05-21T00:00:00Z", "--format", "json")
	json.Unmarshal([]byte(out), &doc)
	if code != 1 || doc.Rules[0].Hits != 1 {
		t.Errorf("from/to: exit %d %s", code, out)
	}
}

func TestRulesCheck(t *testing.T) {
	out, errs, code := runHunt(t, "rules", "check", "../../examples/rules")
	if code != 0 || !strings.Contains(out, "ok      URLClick details") || !strings.Contains(out, "AlertInfo (declared as Alertinfo) [declared, used]: has data") || !strings.Contains(out, "1 rule: 1 can run, 0 cannot run, 0 lack data") {
		t.Errorf("check: exit %d\n%s%s", code, out, errs)
	}
	out, _, code = runHunt(t, "rules", "check", "../../examples/rules", "--exclusions", "../../examples/exclusions/seed-benign.yaml")
	if code != 1 || !strings.Contains(out, "EmailEvents [used]: no data in the window") || !strings.Contains(out, "URLClick details based on malicious URL click alert: EmailEvents") {
		t.Errorf("check without EmailEvents: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("id: b\nname: Bad\nquery: |\n  AlertInfo | where\n"), 0o644)
	out, _, code = runHunt(t, "rules", "check", "../../examples/rules", dir, "--format", "json")
	var doc struct {
		Rules []struct {
			CanRun bool    `json:"can_run"`
			Error  *string `json:"error"`
			Tables []struct {
				Table   string
				HasData bool `json:"has_data"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if code != 2 || len(doc.Rules) != 2 || !doc.Rules[0].CanRun || doc.Rules[1].CanRun || doc.Rules[1].Error == nil || !strings.Contains(*doc.Rules[1].Error, "bad.yaml:4:20:") {
		t.Errorf("check json: exit %d %s", code, out)
	}
}

func TestTestCommand(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "junit.xml")
	out, errs, code := runCLI(t, "", "test", "../../examples/tests", "--junit", junit)
	if code != 0 || !strings.Contains(out, "PASS  seed rule with exclusions finds only phishing clicks") || !strings.HasSuffix(out, "2 passed, 0 failed\n") {
		t.Errorf("examples: exit %d\n%s%s", code, out, errs)
	}
	if b, err := os.ReadFile(junit); err != nil || !strings.Contains(string(b), `<testsuites name="quarry test" tests="2" failures="0" errors="0"`) {
		t.Errorf("junit: %v %s", err, b)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "r.kql"), []byte("UrlClickEvents | where Url has 'evil'"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.test.yaml"), []byte("rule: r.kql\nnow: 2026-01-01T00:00:00Z\ntables:\n  UrlClickEvents: |\n    {\"Url\": \"https://evil.example\"}\nexpect: {count: 1}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "fail.test.yaml"), []byte("rule: r.kql\nnow: 2026-01-01T00:00:00Z\nexpect: {count: 1}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.test.yaml"), []byte("rule: r.kql\nnow: 2026-01-01T00:00:00Z\nexpect: {count: 1\n"), 0o644)
	out, errs, code = runCLI(t, "", "test", dir)
	if code != 1 || !strings.Contains(out, "FAIL  fail") || !strings.Contains(out, "expected 1 rows, got 0") || !strings.Contains(out, "ERROR broken") ||
		!strings.Contains(out, "broken.test.yaml:") || !strings.HasSuffix(out, "1 passed, 2 failed (1 could not run)\n") || !strings.Contains(errs, "2 of 3 tests failed") {
		t.Errorf("failing: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := runCLI(t, "", "test", t.TempDir()); code != 2 || !strings.Contains(errs, "no rule tests") {
		t.Errorf("no tests: exit %d %s", code, errs)
	}
}

func TestWatchlistCommands(t *testing.T) {
	data := t.TempDir()
	t.Setenv("QUARRY_DATA", data)
	csv := filepath.Join(t.TempDir(), "vip.csv")
	os.WriteFile(csv, []byte("Upn,Tier\nmegan@contoso.com,1\n"), 0o644)
	out, errs, code := runCLI(t, "", "watchlist", "add", "VIP", csv, "--key", "Upn")
	if code != 0 || !strings.Contains(out, "watchlist VIP: 1 items, search key Upn") {
		t.Fatalf("add: exit %d %s %s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(data, "watchlists", "VIP.csv")); err != nil {
		t.Errorf("not stored in the data folder: %v", err)
	}
	out, _, code = runCLI(t, "", "watchlist", "list")
	if code != 0 || !strings.Contains(out, "VIP") || !strings.Contains(out, "Upn") {
		t.Errorf("list: %d %s", code, out)
	}
	// hunt reads the data folder's watchlists.
	rule := filepath.Join(t.TempDir(), "vip.kql")
	os.WriteFile(rule, []byte("UrlClickEvents | where AccountUpn in ((_GetWatchlist('VIP') | project SearchKey))"), 0o644)
	out, _, code = runCLI(t, "", append([]string{"hunt", rule, "--format", "json"}, huntArgs...)...)
	if code != 1 || !strings.Contains(out, `"hits":1`) {
		t.Errorf("hunt with watchlist: exit %d %s", code, out)
	}
	if _, errs, code := runCLI(t, "", "watchlist", "add", "Bad", filepath.Join(t.TempDir(), "none.csv")); code != 1 || !strings.Contains(errs, "none.csv") {
		t.Errorf("add missing file: %d %s", code, errs)
	}
	if _, _, code := runCLI(t, "", "watchlist", "remove", "VIP"); code != 0 {
		t.Errorf("remove: %d", code)
	}
	out, _, _ = runCLI(t, "", append([]string{"hunt", rule}, huntArgs...)...)
	if !strings.Contains(out, "watchlist 'VIP' not found") {
		t.Errorf("after remove: %s", out)
	}
	// --watchlists reads another folder.
	wdir := t.TempDir()
	os.WriteFile(filepath.Join(wdir, "VIP.csv"), []byte("Upn\nalex@contoso.com\n"), 0o644)
	out, _, code = runCLI(t, "", append([]string{"hunt", rule, "--format", "json", "--watchlists", wdir}, huntArgs...)...)
	if code != 1 || !strings.Contains(out, `"hits":2`) {
		t.Errorf("--watchlists: exit %d %s", code, out)
	}
}
