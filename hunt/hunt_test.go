package hunt

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/kql/value"
)

// clicks is a small UrlClickEvents table: Url, AccountUpn, IPAddress.
const clicks = `{"Timestamp":"2025-02-27T10:00:00Z","Url":"https://internal.company.com/ops","AccountUpn":"admin@company.com","IPAddress":"10.1.2.3","NetworkMessageId":"m1","ReportId":"r1"}
{"Timestamp":"2025-02-27T11:00:00Z","Url":"https://evil.example/login","AccountUpn":"alice@company.com","IPAddress":"203.0.113.9","NetworkMessageId":"m2","ReportId":"r2"}
{"Timestamp":"2025-02-20T11:00:00Z","Url":"https://marketing.company.com/x","AccountUpn":"bob@company.com","IPAddress":"198.51.100.4","NetworkMessageId":"m3","ReportId":"r3"}
{"Timestamp":"2025-01-01T11:00:00Z","Url":"https://old.example/","AccountUpn":"carol@company.com","IPAddress":"198.51.100.5","NetworkMessageId":"m4","ReportId":"r4"}
`

const emails = `{"Timestamp":"2025-02-27T09:00:00Z","NetworkMessageId":"m1","SenderFromAddress":"support@company.com"}
{"Timestamp":"2025-02-27T09:00:00Z","NetworkMessageId":"m2","SenderFromAddress":"billing@evil.example"}
`

const clickRule = `id: 11111111-2222-3333-4444-555555555555
name: Clicks
tactics: [InitialAccess]
relevantTechniques: [T1566]
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes: [UrlClickEvents]
query: |
  UrlClickEvents
  | project Timestamp, Url, AccountUpn, IPAddress, NetworkMessageId, ReportId
`

func TestRunHunting(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	res := run(t, st, oneRule(t, "r.yaml", clickRule), Options{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Status != Findings || res.Hits != 4 || res.Total != 4 || res.Excluded != 0 || !res.Triggered {
		t.Errorf("status %s hits %d total %d excluded %d", res.Status, res.Hits, res.Total, res.Excluded)
	}
	if len(res.MissingTables) != 0 {
		t.Errorf("missing %v", res.MissingTables)
	}
	if got := strings.Join(colText(t, res, "ReportId"), " "); got != "r1 r2 r3 r4" {
		t.Errorf("rows %s", got)
	}
}

func TestExclusions(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks, "EmailEvents": emails})
	r := oneRule(t, "r.yaml", clickRule)
	xs := exclusions(t, `exclusions:
  - name: internal
    rules: [11111111-2222-3333-4444-555555555555]
    where: Url has "internal.company.com" or ipv4_is_in_range(IPAddress, "10.0.0.0/8")
  - name: by-name
    rules: [Clicks]
    where: ipv4_is_in_range(IPAddress, "10.0.0.0/8")
  - name: other-rule
    rules: [some-other-rule]
    where: true
  - name: subquery
    where: |
      NetworkMessageId in (EmailEvents | where SenderFromAddress =~ "support@company.com" | project NetworkMessageId)
        or Url startswith "https://marketing."
  - name: expired
    where: Url has "evil"
    expires: 2025-02-28
  - name: valid-today
    where: AccountUpn == "nobody"
    expires: 2025-03-01
  - name: null-is-no-match
    where: toint(AccountUpn) > 0
`)
	res := run(t, st, r, Options{Exclusions: xs})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Hits != 2 || res.Excluded != 2 || res.Total != 4 {
		t.Errorf("hits %d excluded %d total %d", res.Hits, res.Excluded, res.Total)
	}
	if got := strings.Join(colText(t, res, "ReportId"), " "); got != "r2 r4" {
		t.Errorf("rows %s", got)
	}
	for _, c := range res.Schema {
		if strings.HasPrefix(c.Name, "__quarry") {
			t.Errorf("exclusion column %s left in the results", c.Name)
		}
	}
	got := map[string]string{}
	for _, x := range res.Exclusions {
		s := "applied"
		if x.Expired {
			s = "expired"
		}
		got[x.Exclusion.Name] = s + ":" + string(rune('0'+x.Matched))
	}
	want := map[string]string{"internal": "applied:1", "by-name": "applied:1", "subquery": "applied:2", "expired": "expired:0", "valid-today": "applied:0", "null-is-no-match": "applied:0"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("exclusion %s: %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["other-rule"]; ok {
		t.Error("an exclusion for another rule was applied")
	}
	// Order follows the exclusions file.
	if res.Exclusions[0].Exclusion.Name != "internal" || res.Exclusions[3].Exclusion.Name != "expired" {
		t.Errorf("order: %s, %s", res.Exclusions[0].Exclusion.Name, res.Exclusions[3].Exclusion.Name)
	}
}

func TestExclusionExpiresAtEndOfDay(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	xs := exclusions(t, "exclusions:\n  - name: e\n    where: Url has \"evil\"\n    expires: 2025-03-01\n")
	r := oneRule(t, "r.yaml", clickRule)
	for _, c := range []struct {
		now     string
		expired bool
	}{{"2025-03-01T23:59:59Z", false}, {"2025-03-02T00:00:00Z", true}} {
		now, _ := value.ParseDateTime(c.now)
		res := run(t, st, r, Options{Exclusions: xs, Now: now.Time()})
		if res.Exclusions[0].Expired != c.expired || (c.expired && res.Hits != 4) || (!c.expired && res.Hits != 3) {
			t.Errorf("now %s: expired %v hits %d", c.now, res.Exclusions[0].Expired, res.Hits)
		}
	}
}

func TestBrokenExclusionIsRuleError(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "r.yaml", clickRule)
	cases := []struct {
		name, where string
		line, col   int
		msg         string
	}{
		{"unknown column", "where: |\n      Url has \"x\" or\n        Nope == 1\n", 7, 9, "Nope"},
		{"syntax", "where: Url has\n", 5, 19, ""},
		{"not boolean", "where: strlen(Url)\n", 5, 12, "boolean"},
		{"unknown table", "where: Url in (NoTable | project X)\n", 5, 20, "NoTable"},
	}
	for _, c := range cases {
		xs := exclusions(t, "# comment\nexclusions:\n  - name: bad\n    reason: r\n    "+c.where)
		res := run(t, st, r, Options{Exclusions: xs})
		if res.Status != Failed {
			t.Errorf("%s: status %s", c.name, res.Status)
			continue
		}
		var pe *yamlx.Error
		if !errors.As(res.Err, &pe) {
			t.Errorf("%s: error %v has no position", c.name, res.Err)
			continue
		}
		if !strings.HasSuffix(pe.File, "exclusions.yaml") || pe.Line != c.line || (c.col > 0 && pe.Col != c.col) || !strings.Contains(pe.Msg, c.msg) || !strings.Contains(pe.Msg, `exclusion "bad"`) {
			t.Errorf("%s: %s:%d:%d %s", c.name, pe.File, pe.Line, pe.Col, pe.Msg)
		}
	}
	// The same exclusion for another rule leaves this one alone.
	xs := exclusions(t, "exclusions:\n  - name: bad\n    rules: [x]\n    where: Nope\n")
	if res := run(t, st, r, Options{Exclusions: xs}); res.Status != Findings {
		t.Errorf("unrelated broken exclusion: %s %v", res.Status, res.Err)
	}
}

func TestRuleErrorsPointIntoTheFile(t *testing.T) {
	st := store(t, nil)
	cases := []struct {
		file, text string
		line, col  int
		msg        string
	}{
		{"block.yaml", "id: a\nname: b\nquery: |\n  AlertInfo\n  | where Titel == 1\n", 5, 11, "Titel"},
		{"indent.yaml", "id: a\nquery: |\n      AlertInfo\n      | take\n", 4, 13, ""},
		{"quoted.yaml", "id: a\nquery: \"AlertInfo | where Nope\"\n", 2, 27, "Nope"},
		{"plain.kql", "// c\nAlertInfo\n| extend x = nofunc(1)\n", 3, 14, "nofunc"},
	}
	for _, c := range cases {
		res := run(t, st, oneRule(t, c.file, c.text), Options{})
		var pe *yamlx.Error
		if !errors.As(res.Err, &pe) {
			t.Errorf("%s: error %v", c.file, res.Err)
			continue
		}
		if !strings.HasSuffix(pe.File, c.file) || pe.Line != c.line || pe.Col != c.col || !strings.Contains(pe.Msg, c.msg) || pe.Snippet == "" {
			t.Errorf("%s: got %s:%d:%d %q", c.file, pe.File, pe.Line, pe.Col, pe.Msg)
		}
	}
}

func TestLoadErrorIsResult(t *testing.T) {
	r := oneRule(t, "bad.yaml", "id: x\nname: [a\n")
	res := run(t, store(t, nil), r, Options{})
	if res.Status != Failed || res.Err == nil || !strings.Contains(res.Err.Error(), "bad.yaml:") {
		t.Errorf("%s %v", res.Status, res.Err)
	}
}

func TestWatchlists(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	wl := wlSet(t, "VIP", "Upn", "Upn,Tier\nalice@company.com,1\nbob@company.com,2\n")
	r := oneRule(t, "r.yaml", `id: w
query: |
  let vip = _GetWatchlist('VIP') | project SearchKey;
  UrlClickEvents
  | where AccountUpn in (vip)
  | join kind=inner (_GetWatchlist("vip") | project Upn, Tier) on $left.AccountUpn == $right.Upn
  | project ReportId, Tier
`)
	res := run(t, st, r, Options{Watchlists: wl})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := strings.Join(colText(t, res, "ReportId"), " ") + "/" + strings.Join(colText(t, res, "Tier"), " "); got != "r2 r3/1 2" {
		t.Errorf("rows %s", got)
	}
	// In an exclusion.
	xs := exclusions(t, "exclusions:\n  - name: vips\n    where: AccountUpn in ((_GetWatchlist('VIP') | project SearchKey))\n")
	res = run(t, st, oneRule(t, "r.yaml", clickRule), Options{Watchlists: wl, Exclusions: xs})
	if res.Err != nil || res.Hits != 2 || res.Exclusions[0].Matched != 2 {
		t.Errorf("watchlist exclusion: %v hits %d", res.Err, res.Hits)
	}
	// The columns Sentinel gives.
	res = run(t, st, oneRule(t, "r.kql", "_GetWatchlist('VIP')"), Options{Watchlists: wl})
	if res.Err != nil || res.Schema.String() != "(_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, Upn:string, Tier:string)" || res.Hits != 2 {
		t.Errorf("schema %v rows %d err %v", res.Schema, res.Hits, res.Err)
	}
	// Unknown watchlist: an error at the call.
	res = run(t, st, oneRule(t, "r.kql", "UrlClickEvents\n| where AccountUpn in (_GetWatchlist('Nope'))"), Options{Watchlists: wl})
	var pe *yamlx.Error
	if !errors.As(res.Err, &pe) || pe.Line != 2 || pe.Col != 24 || !strings.Contains(pe.Msg, "watchlist 'Nope' not found") || !strings.Contains(pe.Msg, "VIP") {
		t.Errorf("unknown watchlist: %v", res.Err)
	}
	// Any constant names it, as in Sentinel; a column does not.
	res = run(t, st, oneRule(t, "r.kql", "let n = 'VIP';\n_GetWatchlist(n)"), Options{Watchlists: wl})
	if res.Err != nil || res.Hits != 2 {
		t.Errorf("let-named watchlist: %v hits %d", res.Err, res.Hits)
	}
	res = run(t, st, oneRule(t, "r.kql", "UrlClickEvents\n| extend n = toscalar(_GetWatchlist(AccountUpn) | count)"), Options{Watchlists: wl})
	if !errors.As(res.Err, &pe) || pe.Line != 2 || !strings.Contains(pe.Msg, "AccountUpn") {
		t.Errorf("column as the name: %v", res.Err)
	}
}

func TestStoredFunctions(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	fdir := t.TempDir()
	write(t, fdir, "clicks.kql", `.create-or-alter function with (folder='demo') ExternalClicks(domain:string = "company.com") {
  UrlClickEvents
  | where not(Url has domain)
  | project Timestamp, AccountUpn, Url
}
let Broken = () {
  UrlClickEvents | where NoSuch == 1
};`)
	fns, err := engine.LoadFunctions(fdir)
	if err != nil {
		t.Fatal(err)
	}
	wl := wlSet(t, "VIP", "Upn", "Upn\nalice@company.com\n")
	res := run(t, st, oneRule(t, "r.kql", "ExternalClicks | where AccountUpn in ((_GetWatchlist('VIP') | project SearchKey))"), Options{Functions: fns, Watchlists: wl})
	if res.Err != nil || strings.Join(colText(t, res, "Url"), " ") != "https://evil.example/login" {
		t.Errorf("stored function: %v %v", res.Err, colText(t, res, "Url"))
	}
	// In an exclusion too.
	xs := exclusions(t, "exclusions:\n  - name: ext\n    where: ReportId in ((ExternalClicks(domain='example') | join kind=inner UrlClickEvents on Url | project ReportId))\n")
	res = run(t, st, oneRule(t, "r.yaml", clickRule), Options{Functions: fns, Exclusions: xs})
	if res.Err != nil || res.Exclusions[0].Matched == 0 {
		t.Errorf("stored function in an exclusion: %v %+v", res.Err, res.Exclusions)
	}
	// An error in a function's body is reported in its file, by run and check.
	r := oneRule(t, "r.kql", "Broken")
	res = run(t, st, r, Options{Functions: fns})
	var pe *yamlx.Error
	if !errors.As(res.Err, &pe) || pe.File != filepath.Join(fdir, "clicks.kql") || pe.Line != 7 || pe.Col != 26 {
		t.Errorf("error in a function: %v", res.Err)
	}
	c := NewRunner(FromTables(st), Options{Now: testNow, Functions: fns}).CheckRule(context.Background(), r)
	if !errors.As(c.Err, &pe) || pe.File != filepath.Join(fdir, "clicks.kql") || pe.Line != 7 {
		t.Errorf("check, error in a function: %v", c.Err)
	}
}

func TestWindow(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "r.yaml", clickRule)
	from := int64(value.FromTime(testNow.AddDate(0, 0, -7)))
	to := int64(value.FromTime(testNow))
	res := run(t, st, r, Options{Window: Window{From: &from, To: &to}})
	if res.Err != nil || strings.Join(colText(t, res, "ReportId"), " ") != "r1 r2" {
		t.Errorf("since 7d: %v %v", res.Err, colText(t, res, "ReportId"))
	}
	// A query that does not read the time column is windowed too.
	res = run(t, st, oneRule(t, "r.kql", "UrlClickEvents | summarize n=count()"), Options{Window: Window{From: &from, To: &to}})
	if res.Err != nil || colText(t, res, "n")[0] != "2" {
		t.Errorf("count in window: %v %v", res.Err, res.Schema)
	}
	// A window holding nothing: the table is reported missing.
	old := int64(value.FromTime(testNow.AddDate(-1, 0, 0)))
	res = run(t, st, r, Options{Window: Window{From: &old, To: &old}})
	if res.Status != Clean || strings.Join(res.MissingTables, ",") != "UrlClickEvents" {
		t.Errorf("empty window: %s %v", res.Status, res.MissingTables)
	}
	// An analytics rule reads its queryPeriod.
	ar := oneRule(t, "a.yaml", clickRule+"queryPeriod: 2d\nqueryFrequency: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\n")
	res = run(t, st, ar, Options{})
	if res.Err != nil || strings.Join(colText(t, res, "ReportId"), " ") != "r1 r2" || res.Window.From == nil {
		t.Errorf("queryPeriod: %v %v", res.Err, colText(t, res, "ReportId"))
	}
}

func TestAnalyticsTrigger(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	cases := []struct {
		op        string
		threshold int
		status    Status
	}{
		{"gt", 0, Findings}, {"gt", 4, NotTriggered}, {"GreaterThan", 3, Findings},
		{"lt", 5, Findings}, {"lt", 4, NotTriggered}, {"eq", 4, Findings}, {"eq", 3, NotTriggered},
		{"ne", 3, Findings}, {"ne", 4, NotTriggered},
	}
	for _, c := range cases {
		text := clickRule + "severity: High\ntriggerOperator: " + c.op + "\ntriggerThreshold: " + string(rune('0'+c.threshold)) + "\n"
		res := run(t, st, oneRule(t, "a.yaml", text), Options{})
		if res.Status != c.status || res.Hits != 4 {
			t.Errorf("%s %d: %s (%d rows) %v", c.op, c.threshold, res.Status, res.Hits, res.Err)
		}
	}
	// lt 1 fires on no rows at all (a "data stopped" rule).
	res := run(t, store(t, nil), oneRule(t, "a.yaml", clickRule+"triggerOperator: lt\ntriggerThreshold: 1\n"), Options{})
	if res.Status != Findings || res.Hits != 0 {
		t.Errorf("lt 1 on nothing: %s %d", res.Status, res.Hits)
	}
}

func TestEntityMapping(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	text := clickRule + `severity: Medium
triggerOperator: gt
triggerThreshold: 0
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: AccountUpn
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
  - entityType: URL
    fieldMappings:
      - identifier: Url
        columnName: Url
  - entityType: host
    fieldMappings:
      - identifier: hostname
        columnName: HostName
  - entityType: Mailbox
    fieldMappings:
      - identifier: MailboxPrimaryAddress
        columnName: AccountUpn
  - entityType: File
    fieldMappings:
      - identifier: Name
        columnName: FileName
      - identifier: Directory
        columnName: Folder
`
	r := oneRule(t, "a.yaml", strings.Replace(text, "| project Timestamp,", "| extend HostName = 'pc1', FileName = iff(ReportId == 'r1', 'a.exe', ''), Folder = 'C:\\\\x'\n  | project HostName, FileName, Folder, Timestamp,", 1))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	res := run(t, st, r, Options{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	keys := map[string]int{}
	for _, e := range res.Entities {
		keys[e.Key()] = e.Count
	}
	for k, n := range map[string]int{
		"Account:FullName=alice@company.com":            1,
		"IP:Address=10.1.2.3":                           1,
		"URL:Url=https://evil.example/login":            1,
		"Host:HostName=pc1":                             4,
		"Mailbox:MailboxPrimaryAddress=bob@company.com": 1,
		`File:Name=a.exe,Directory=C:\x`:                1,
		`File:Directory=C:\x`:                           3,
	} {
		if keys[k] != n {
			t.Errorf("entity %s: %d, want %d (have %v)", k, keys[k], n, keys)
		}
	}
	if res.Entities[0].Key() != "Host:HostName=pc1" {
		t.Errorf("most frequent first: %s", res.Entities[0].Key())
	}
	// Row entities.
	b := res.Batches[0]
	if es := res.RowEntities(b, 0); len(es) != 6 {
		t.Errorf("row 0 entities: %v", es)
	}
	// A mapped column the results lack is a warning.
	r2 := oneRule(t, "a.yaml", clickRule+"entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Sid\n        columnName: AccountSid\n")
	res = run(t, st, r2, Options{})
	if res.Err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"AccountSid" is not in the results`) {
		t.Errorf("warnings %v err %v", res.Warnings, res.Err)
	}
	// Legacy *CustomEntity columns.
	res = run(t, st, oneRule(t, "l.kql", "UrlClickEvents | extend AccountCustomEntity = AccountUpn, IPCustomEntity = IPAddress | take 1"), Options{})
	if len(res.Entities) != 2 || res.Entities[0].Type != "Account" || res.Entities[1].Type != "IP" {
		t.Errorf("legacy entities: %v", res.Entities)
	}
}

func TestAlertDetails(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "a.yaml", clickRule+"severity: Low\nalertDetailsOverride:\n  alertDisplayNameFormat: 'Click by {{AccountUpn}} on {{ Url }} {{Missing}}'\n  alertSeverityColumnName: Sev\n")
	r.Query = strings.Replace(r.Query, "| project Timestamp,", "| extend Sev = iff(ReportId == 'r1', 'High', '')\n| project Sev, Timestamp,", 1)
	res := run(t, st, r, Options{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	b := res.Batches[0]
	if got := res.AlertTitle(b, 0); got != "Click by admin@company.com on https://internal.company.com/ops {{Missing}}" {
		t.Errorf("title %q", got)
	}
	if res.AlertSeverity(b, 0) != "High" || res.AlertSeverity(b, 1) != "Low" {
		t.Errorf("severity %s %s", res.AlertSeverity(b, 0), res.AlertSeverity(b, 1))
	}
}

func TestMissingTables(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "r.yaml", `id: m
requiredDataConnectors:
  - connectorId: x
    dataTypes: [urlclickevents, AlertEvidence, NoSuchTable]
query: |
  UrlClickEvents | join kind=leftouter (EmailEvents) on NetworkMessageId
`)
	res := run(t, st, r, Options{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := strings.Join(res.MissingTables, ","); got != "EmailEvents,AlertEvidence,NoSuchTable" {
		t.Errorf("missing %s", got)
	}
}

func TestRunParallelOrderAndExitCode(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	clean := oneRule(t, "c.kql", "UrlClickEvents | where Url == 'none'")
	good := oneRule(t, "g.kql", "UrlClickEvents | take 1")
	bad := oneRule(t, "b.kql", "UrlClickEvents | where")
	rn := NewRunner(FromTables(st), Options{Now: testNow, Parallel: 2})
	for _, c := range []struct {
		name  string
		rules []*rule.Rule
		code  int
	}{
		{"clean", []*rule.Rule{clean}, 0},
		{"findings", []*rule.Rule{clean, good}, 1},
		{"errors", []*rule.Rule{clean, good, bad}, 2},
	} {
		rep := rn.Run(context.Background(), c.rules)
		if rep.ExitCode() != c.code {
			t.Errorf("%s: exit %d", c.name, rep.ExitCode())
		}
		for i, r := range rep.Results {
			if r.Rule != c.rules[i] {
				t.Errorf("%s: result %d is for another rule", c.name, i)
			}
		}
	}
}

func TestExclusionBeforeRender(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "r.kql", "UrlClickEvents\n| project Url, ReportId\n| render table // chart")
	xs := exclusions(t, "exclusions:\n  - name: e\n    where: Url has \"evil\"\n")
	res := run(t, st, r, Options{Exclusions: xs})
	if res.Err != nil || res.Hits != 3 || res.Excluded != 1 {
		t.Errorf("%v hits %d excluded %d", res.Err, res.Hits, res.Excluded)
	}
}
