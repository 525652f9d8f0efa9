package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

const clicks = `{"Timestamp":"2025-02-28T10:00:00Z","Url":"https://internal.company.com/ops","AccountUpn":"admin@company.com","IPAddress":"10.1.2.3","ReportId":"r1"}
{"Timestamp":"2025-02-28T11:00:00Z","Url":"https://evil.example/a|b","AccountUpn":"alice@company.com","IPAddress":"203.0.113.9","ReportId":"r2"}
{"Timestamp":"2025-02-28T12:00:00Z","Url":"https://evil.example/<script>","AccountUpn":"bob@company.com","IPAddress":"203.0.113.10","ReportId":"r3"}
`

var rulesText = map[string]string{
	"a-analytics.yaml": `id: aaaaaaaa-0000-0000-0000-000000000001
name: Clicks by user
description: Users clicking | links.
severity: High
tactics: [InitialAccess]
relevantTechniques: [T1566, T1204]
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
query: |
  UrlClickEvents
  | project Timestamp, Url, AccountUpn, IPAddress, ReportId, Score = 1.5, Seen = true
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: AccountUpn
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
alertDetailsOverride:
  alertDisplayNameFormat: Click by {{AccountUpn}}
`,
	"b-clean.kql":   "UrlClickEvents | where Url == 'nothing'\n",
	"c-broken.yaml": "id: broken\nname: Broken rule\nquery: |\n  UrlClickEvents\n  | where Nope\n",
	"d-below.yaml":  "id: below\nname: Below trigger\nseverity: Low\ntriggerOperator: gt\ntriggerThreshold: 10\nquery: UrlClickEvents | project ReportId, Other = 'x'\n",
}

// testReport runs four rules: findings (with an exclusion and
// entities), clean, an error and one below its trigger.
func testReport(t *testing.T) *hunt.Report {
	t.Helper()
	dir := t.TempDir()
	for name, text := range rulesText {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := rule.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := table.NewStore(schema.Builtin())
	known, _ := st.Table("UrlClickEvents")
	tb, err := table.Read(strings.NewReader(clicks), "c", table.FormatJSONLines, "UrlClickEvents", known)
	if err != nil {
		t.Fatal(err)
	}
	st.Add(tb)
	xp := filepath.Join(dir, "x.yaml")
	os.WriteFile(xp, []byte("exclusions:\n  - name: internal\n    rules: [aaaaaaaa-0000-0000-0000-000000000001]\n    reason: admins\n    where: Url has \"internal.company.com\"\n  - name: gone\n    where: true\n    expires: 2020-01-01\n"), 0o644)
	xs, err := exclusion.LoadFile(xp)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	return hunt.NewRunner(hunt.FromTables(st), hunt.Options{Now: now, Exclusions: xs}).Run(context.Background(), rules)
}

func render(t *testing.T, rep *hunt.Report, format string, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, rep, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestJSON(t *testing.T) {
	rep := testReport(t)
	out := render(t, rep, JSON, Options{})
	var doc struct {
		Rules   []map[string]json.RawMessage
		Summary struct{ Rules, Findings, Errors, Hits int }
		Now     string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Summary.Rules != 4 || doc.Summary.Findings != 1 || doc.Summary.Errors != 1 || doc.Summary.Hits != 2 || doc.Now != "2025-03-01T00:00:00Z" {
		t.Errorf("summary %+v now %s", doc.Summary, doc.Now)
	}
	for _, k := range []string{"id", "name", "tactics", "techniques", "status", "error", "hits", "excluded", "missing_tables", "columns", "rows", "entities"} {
		for i, r := range doc.Rules {
			if _, ok := r[k]; !ok {
				t.Errorf("rule %d lacks key %q", i, k)
			}
		}
	}
	// The documented keys come first, in order.
	first := out[strings.Index(out, `{"id"`):]
	prev := -1
	for _, k := range []string{`"id"`, `"name"`, `"tactics"`, `"techniques"`, `"status"`, `"error"`, `"hits"`, `"excluded"`, `"missing_tables"`, `"columns"`, `"rows"`, `"entities"`} {
		i := strings.Index(first, k+":")
		if i < prev {
			t.Errorf("key %s out of order", k)
		}
		prev = i
	}
	var a struct {
		Status   string
		Error    *string
		Hits     int
		Excluded int
		Columns  []struct{ Name, Type string }
		Rows     [][]any
		Entities []struct {
			Type        string
			Identifiers map[string]string
			Count       int
		}
		Exclusions []struct {
			Name    string
			Matched int
			Expired bool
		}
		Trigger string
	}
	json.Unmarshal(doc.Rules[0]["status"], &a.Status)
	b, _ := json.Marshal(doc.Rules[0])
	json.Unmarshal(b, &a)
	if a.Status != "findings" || a.Error != nil || a.Hits != 2 || a.Excluded != 1 || a.Trigger != "> 0" {
		t.Errorf("rule a: %+v", a)
	}
	if len(a.Columns) != 7 || a.Columns[5].Type != "real" || len(a.Rows) != 2 || a.Rows[0][4] != "r2" || a.Rows[0][5] != 1.5 || a.Rows[0][6] != true {
		t.Errorf("rows %v columns %v", a.Rows, a.Columns)
	}
	if len(a.Entities) != 4 || a.Entities[0].Type != "Account" || a.Entities[0].Identifiers["FullName"] != "alice@company.com" {
		t.Errorf("entities %+v", a.Entities)
	}
	if len(a.Exclusions) != 2 || a.Exclusions[0].Matched != 1 || !a.Exclusions[1].Expired {
		t.Errorf("exclusions %+v", a.Exclusions)
	}
	var c struct {
		Status string
		Error  *string
	}
	b, _ = json.Marshal(doc.Rules[2])
	json.Unmarshal(b, &c)
	if c.Status != "error" || c.Error == nil || !strings.Contains(*c.Error, "c-broken.yaml:5:11:") {
		t.Errorf("broken rule: %+v", c)
	}
}

func TestNDJSON(t *testing.T) {
	out := render(t, testReport(t), NDJSON, Options{})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var kinds []string
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		kinds = append(kinds, m["type"].(string))
		if m["type"] == "finding" {
			row := m["row"].(map[string]any)
			if m["rule_id"] != "aaaaaaaa-0000-0000-0000-000000000001" || row["ReportId"] == nil || len(m["entities"].([]any)) != 2 {
				t.Errorf("finding %s", l)
			}
		}
		if m["type"] == "rule" && m["rows"] != nil && len(m["rows"].([]any)) != 0 {
			t.Errorf("rule line carries rows: %s", l)
		}
	}
	if strings.Join(kinds, ",") != "rule,finding,finding,rule,rule,rule" {
		t.Errorf("lines %v", kinds)
	}
}

func TestCSV(t *testing.T) {
	out := render(t, testReport(t), CSV, Options{})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "rule_id,rule_name,severity,tactics,techniques,Timestamp,Url,AccountUpn,IPAddress,ReportId,Score,Seen" {
		t.Errorf("header %v", recs[0])
	}
	if len(recs) != 3 || recs[1][9] != "r2" || recs[1][6] != "https://evil.example/a|b" || recs[1][4] != "T1566,T1204" || recs[1][11] != "true" {
		t.Errorf("rows %v", recs)
	}
	if !strings.Contains(out, "\r\n") {
		t.Error("CSV lines end with CRLF")
	}
}

func TestSARIF(t *testing.T) {
	out := render(t, testReport(t), SARIF, Options{ToolVersion: "1.2.3", MaxRows: 1})
	var log struct {
		Version string `json:"version"`
		Schema  string `json:"$schema"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct {
						ID               string
						ShortDescription struct{ Text string }
						Properties       map[string]any
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level     string
					Message   struct{ Text string }
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn int }
						}
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("header %s %s", log.Version, log.Schema)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "quarry" || run.Tool.Driver.Version != "1.2.3" || len(run.Tool.Driver.Rules) != 4 {
		t.Errorf("driver %+v", run.Tool.Driver)
	}
	if tags := run.Tool.Driver.Rules[0].Properties["tags"].([]any); len(tags) != 4 || run.Tool.Driver.Rules[0].Properties["security-severity"] != "8.0" {
		t.Errorf("rule properties %v", run.Tool.Driver.Rules[0].Properties)
	}
	// MaxRows 1: one of two findings listed, and a note says so.
	if len(run.Results) != 1 {
		t.Fatalf("%d results", len(run.Results))
	}
	r := run.Results[0]
	if r.RuleIndex != 0 || r.Level != "error" || r.Message.Text != "Click by alice@company.com: Account FullName=alice@company.com; IP Address=203.0.113.9" ||
		!strings.HasSuffix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "a-analytics.yaml") || r.Locations[0].PhysicalLocation.Region.StartLine != 12 ||
		len(r.PartialFingerprints["quarryFinding/v1"]) != 32 {
		t.Errorf("result %+v", r)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("a failed rule leaves executionSuccessful true")
	}
	var levels []string
	for _, n := range inv.ToolExecutionNotifications {
		levels = append(levels, n.Level)
		if n.Level == "error" {
			loc := n.Locations[0].PhysicalLocation
			if !strings.HasSuffix(loc.ArtifactLocation.URI, "c-broken.yaml") || loc.Region.StartLine != 5 || loc.Region.StartColumn != 11 {
				t.Errorf("error location %+v", loc)
			}
		}
	}
	if strings.Join(levels, ",") != "note,error" {
		t.Errorf("notifications %v", levels)
	}
}

func TestMarkdown(t *testing.T) {
	out := render(t, testReport(t), Markdown, Options{MaxRows: 1})
	for _, want := range []string{
		"# Hunt report",
		"4 rules: 1 with findings (2 hits), 1 error.",
		"| [Clicks by user](#clicks-by-user) | **findings** | 2 | 1 | InitialAccess | T1566, T1204 |",
		"| [Broken rule](#broken-rule) | **error** | 0 | 0 |",
		"| [Below trigger](#below-trigger) | below trigger | 3 | 0 |",
		"## Clicks by user",
		"Users clicking | links.",
		"### Exclusions",
		"| internal | 1 | admins |",
		"| gone | expired 2020-01-02 |",
		"### Entities",
		"| Account | FullName: alice@company.com | 1 |",
		"### Rows (first 1 of 2)",
		"https://evil.example/a\\|b",
		"**Error:**",
		"c-broken.yaml:5:11:",
		"**Nothing found**",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "<script>") {
		t.Error("HTML is not escaped")
	}
}

func TestTable(t *testing.T) {
	out := render(t, testReport(t), Table, Options{})
	for _, want := range []string{
		"== Clicks by user\n",
		"   tactics: InitialAccess · techniques: T1566, T1204\n",
		"   status: findings · hits: 2 · excluded: 1 · trigger: count > 0 · window: 2025-02-28T00:00:00Z .. 2025-03-01T00:00:00Z\n",
		"   exclusion internal: 1 rows\n",
		"   exclusion gone: expired 2020-01-02 00:00Z, not applied",
		"   entities: Account FullName=alice@company.com (1)",
		"alice@company.com",
		"== Broken rule\n",
		"   error: ",
		"c-broken.yaml:5:11:",
		"status: not_triggered · hits: 3",
		"4 rules: 1 with findings (2 hits), 2 clean, 1 error\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q\n%s", want, out)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", &hunt.Report{}, Options{}); err == nil {
		t.Error("unknown format accepted")
	}
	for _, f := range Formats() {
		var b bytes.Buffer
		if err := Write(&b, f, &hunt.Report{}, Options{}); err != nil {
			t.Errorf("%s on an empty report: %v", f, err)
		}
	}
}
