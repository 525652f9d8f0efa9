package rule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const hunting = `id: 03e61096-20d0-46eb-b8e0-a507dd00a19f
name: URLClick details based on malicious URL click alert
description: |
  Url clicks on emails that raised an alert.
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - UrlClickEvents
      - Alertinfo
  - connectorId: Other
    dataTypes: [UrlClickEvents, AlertEvidence]
tactics:
  - InitialAccess
relevantTechniques:
  - T1566
query: |
  AlertInfo
  | where Title contains "Potentially malicious"
version: 1.0.0
metadata:
  source: {kind: Community}
`

const analytics = `id: 5a1c2c4e-0000-4000-8000-000000000001
name: Sign-ins from a watchlisted IP
description: 'An analytics rule'
severity: High
kind: Scheduled
status: Available
queryFrequency: 1h
queryPeriod: P14D
triggerOperator: GreaterThan
triggerThreshold: 2
tactics: [InitialAccess]
relevantTechniques: [T1078]
query: SigninLogs | take 10
entityMappings:
  - entityType: account
    fieldMappings:
      - identifier: fullname
        columnName: UserPrincipalName
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
  - entityType: Host
    fieldMappings:
      - identifier: HostNameX
        columnName: DeviceName
  - entityType: Gadget
    fieldMappings:
      - identifier: Id
        columnName: G
customDetails:
  Country: Location
  App: AppDisplayName
alertDetailsOverride:
  alertDisplayNameFormat: Sign-in by {{UserPrincipalName}}
  alertSeverityColumnName: Sev
eventGroupingSettings:
  aggregationKind: AlertPerResult
`

func TestHuntingRule(t *testing.T) {
	rs := FromYAML("h.yaml", []byte(hunting), true)
	if len(rs) != 1 {
		t.Fatalf("%d rules", len(rs))
	}
	r := rs[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Kind != Hunting || r.ID != "03e61096-20d0-46eb-b8e0-a507dd00a19f" || r.Name != "URLClick details based on malicious URL click alert" ||
		r.Description != "Url clicks on emails that raised an alert." || r.Version != "1.0.0" {
		t.Errorf("fields: %+v", r)
	}
	if strings.Join(r.Tactics, ",") != "InitialAccess" || strings.Join(r.Techniques, ",") != "T1566" {
		t.Errorf("mitre: %v %v", r.Tactics, r.Techniques)
	}
	if got := strings.Join(r.DataTypes(), ","); got != "UrlClickEvents,Alertinfo,AlertEvidence" {
		t.Errorf("data types %s", got)
	}
	if r.Query != "AlertInfo\n| where Title contains \"Potentially malicious\"\n" {
		t.Errorf("query %q", r.Query)
	}
	if l, c := r.QueryAt.Src.Position(2, 3); l != 18 || c != 5 {
		t.Errorf("query position %d:%d", l, c)
	}
}

func TestAnalyticsRule(t *testing.T) {
	r := FromYAML("a.yaml", []byte(analytics), true)[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Kind != Analytics || r.Severity != "High" || r.QueryFrequency != time.Hour || r.QueryPeriod != 14*24*time.Hour {
		t.Errorf("schedule: %s %s %v %v", r.Kind, r.Severity, r.QueryFrequency, r.QueryPeriod)
	}
	if r.Trigger.Op != "gt" || r.Trigger.Threshold != 2 || r.Trigger.String() != "> 2" || r.Trigger.Fires(2) || !r.Trigger.Fires(3) {
		t.Errorf("trigger %+v", r.Trigger)
	}
	if len(r.EntityMappings) != 4 || r.EntityMappings[0].Type != "Account" || r.EntityMappings[0].Fields[0].Identifier != "FullName" ||
		r.EntityMappings[0].Fields[0].Column != "UserPrincipalName" || r.EntityMappings[1].Type != "IP" {
		t.Errorf("entities %+v", r.EntityMappings)
	}
	if len(r.Warnings) != 2 || !strings.Contains(r.Warnings[0], `"HostNameX" is not an identifier of Host`) || !strings.Contains(r.Warnings[1], `"Gadget" is not a Sentinel entity type`) {
		t.Errorf("warnings %q", r.Warnings)
	}
	if !strings.HasPrefix(r.Warnings[0], "a.yaml:23:") {
		t.Errorf("warning position %q", r.Warnings[0])
	}
	if len(r.CustomDetails) != 2 || r.CustomDetails[1] != (KV{"App", "AppDisplayName"}) {
		t.Errorf("custom details %v", r.CustomDetails)
	}
	if r.AlertDetails == nil || r.AlertDetails.DisplayNameFormat != "Sign-in by {{UserPrincipalName}}" || r.AlertDetails.SeverityColumn != "Sev" {
		t.Errorf("alert details %+v", r.AlertDetails)
	}
}

func TestTriggers(t *testing.T) {
	for _, c := range []struct {
		op     string
		th, n  int64
		fires  bool
		symbol string
	}{{"gt", 0, 1, true, ">"}, {"gt", 0, 0, false, ">"}, {"lt", 1, 0, true, "<"}, {"lt", 1, 1, false, "<"},
		{"eq", 3, 3, true, "=="}, {"eq", 3, 4, false, "=="}, {"ne", 3, 4, true, "!="}, {"ne", 3, 3, false, "!="}, {"", 0, 1, true, ">"}} {
		tr := Trigger{Op: c.op, Threshold: c.th}
		if tr.Fires(c.n) != c.fires || !strings.HasPrefix(tr.String(), c.symbol+" ") {
			t.Errorf("%s %d on %d: %v %s", c.op, c.th, c.n, tr.Fires(c.n), tr)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"5m": 5 * time.Minute, "1h": time.Hour, "14d": 14 * 24 * time.Hour, "PT1H": time.Hour, "P1D": 24 * time.Hour,
		"P1DT2H30M": 26*time.Hour + 30*time.Minute, "pt5m": 5 * time.Minute, "1.02:00:00": 26 * time.Hour, "30s": 30 * time.Second,
	} {
		if got, ok := ParseDuration(s); !ok || got != want {
			t.Errorf("%s: %v %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "P", "PT", "soon", "-1d", "1 week"} {
		if _, ok := ParseDuration(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
}

func TestRuleErrors(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"bad yaml", "id: a\nname: [x\nquery: q\n", 3, "invalid YAML"},
		{"tab indent", "id: a\nquery: |\n\tAlertInfo\n", 0, "invalid YAML"},
		{"no query", "id: a\nname: b\n", 1, "no query"},
		{"empty query", "id: a\nquery: \"  \"\n", 2, "query is empty"},
		{"query is a map", "id: a\nquery:\n  a: b\n", 3, "expected a single value"},
		{"bad trigger", "id: a\nquery: T\ntriggerOperator: above\n", 3, "triggerOperator \"above\""},
		{"bad threshold", "id: a\nquery: T\ntriggerThreshold: many\n", 3, "not a whole number"},
		{"bad period", "id: a\nquery: T\nqueryPeriod: fortnight\n", 3, "not a period"},
		{"tactics map", "id: a\nquery: T\ntactics:\n  x: y\n", 4, "expected a list"},
		{"mapping without type", "id: a\nquery: T\nentityMappings:\n  - fieldMappings:\n      - identifier: Address\n        columnName: IP\n", 4, "needs an entityType"},
		{"field without column", "id: a\nquery: T\nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n", 6, "needs an identifier and a columnName"},
		{"not a mapping", "- a\n- b\n", 1, "expected a mapping"},
	}
	for _, c := range cases {
		rs := FromYAML("r.yaml", []byte(c.text), true)
		if len(rs) != 1 || rs[0].Err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		var pe *yamlx.Error
		if !errors.As(rs[0].Err, &pe) || pe.File != "r.yaml" || (c.line > 0 && pe.Line != c.line) || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%s: %v", c.name, rs[0].Err)
		}
		if rs[0].ID == "" || rs[0].Name == "" {
			t.Errorf("%s: a broken rule still needs an id and name to be reported", c.name)
		}
	}
}

func TestLoadFolders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/hunt.yaml", hunting)
	writeFile(t, dir, "a/analytics.yml", analytics)
	writeFile(t, dir, "a/plain.kql", "SigninLogs | take 1\n")
	writeFile(t, dir, "a/copy.yaml", hunting)
	writeFile(t, dir, "a/tune.yaml", "exclusions:\n  - name: x\n    where: true\n")
	writeFile(t, dir, "a/x.test.yaml", "rule: a\n")
	writeFile(t, dir, "a/other.yaml", "apiVersion: v1\nkind: ConfigMap\n")
	writeFile(t, dir, "a/.git/config.yaml", hunting)
	writeFile(t, dir, "a/broken.yaml", "id: b\nname: broken\nquery: [\n")
	writeFile(t, dir, "a/empty.kql", "\n")
	rs, err := Load(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		s := filepath.Base(r.File) + ":" + string(r.Kind)
		if r.Err != nil {
			s += ":error"
		}
		got = append(got, s)
	}
	if strings.Join(got, " ") != "analytics.yml:analytics broken.yaml::error copy.yaml:hunting empty.kql:kql:error hunt.yaml:hunting plain.kql:kql" {
		t.Errorf("loaded %s", strings.Join(got, " "))
	}
	if len(rs[4].Warnings) != 1 || !strings.Contains(rs[4].Warnings[0], "also used by") {
		t.Errorf("duplicate id not reported: %v", rs[4].Warnings)
	}
	if rs[5].ID != "plain" || rs[5].Query != "SigninLogs | take 1\n" {
		t.Errorf("kql rule: %+v", rs[5])
	}
	// A file named explicitly must be a rule.
	other := LoadFile(filepath.Join(dir, "a/other.yaml"), true)
	if len(other) != 1 || other[0].Err == nil {
		t.Error("an explicit non-rule YAML file loads")
	}
	if _, err := Load(filepath.Join(dir, "nope")); err == nil {
		t.Error("a missing path is not an error")
	}
}

func TestMultiDocument(t *testing.T) {
	rs := FromYAML("m.yaml", []byte("id: a\nquery: T\n---\nid: b\nquery: |\n  U\n"), true)
	if len(rs) != 2 || rs[1].ID != "b" || rs[1].Line != 4 || rs[1].QueryAt.Src.Line != 6 {
		t.Errorf("%d rules; second %+v", len(rs), rs[len(rs)-1])
	}
}
