package ruletest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/schema"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const ruleYAML = `id: 7e57e57e-0000-4000-8000-000000000001
name: Clicks
query: |
  UrlClickEvents
  | where Timestamp > ago(7d)
  | project Timestamp, AccountUpn, Url, IsClickedThrough, ReportId, N = 2, Bag = dynamic({"a": [1, 2]})
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: AccountUpn
`

func setup(t *testing.T) (string, Options) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "rules/clicks.yaml", ruleYAML)
	write(t, dir, "ex.yaml", "exclusions:\n  - name: internal\n    where: Url has \"internal.company.com\"\n")
	write(t, dir, "wl/Admins.csv", "Upn\nadmin@company.com\n")
	write(t, dir, "data/clicks.jsonl", `{"Timestamp":"2026-11-26T10:00:00Z","AccountUpn":"carol@company.com","Url":"https://x.example/","ReportId":"f1"}`+"\n")
	rules, err := rule.Load(filepath.Join(dir, "rules"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, Options{Catalog: schema.Builtin(), Rules: rules}
}

const passing = `name: finds the phishing click
rule: rules/clicks.yaml
now: 2026-11-27T12:00:00Z
exclusions: [ex.yaml]
tables:
  UrlClickEvents: |
    {"Timestamp": "2026-11-27T10:00:00Z", "AccountUpn": "alice@contoso.com", "Url": "https://evil.example/", "IsClickedThrough": true, "ReportId": "a"}
    {"Timestamp": "2026-11-27T11:00:00Z", "AccountUpn": "admin@company.com", "Url": "https://internal.company.com/x", "ReportId": "b"}

    {"Timestamp": "2026-10-01T11:00:00Z", "AccountUpn": "old@contoso.com", "Url": "https://evil.example/", "ReportId": "c"}
expect:
  status: findings
  count: 1
  excluded: 1
  excluded_by: {internal: 1}
  contains:
    - {AccountUpn: alice@contoso.com, IsClickedThrough: true, N: 2, Timestamp: "2026-11-27T10:00:00.000Z"}
    - {Bag: {a: [1, 2]}, ReportId: a}
  not_contains:
    - {ReportId: b}
    - {ReportId: c}
  entities:
    - {type: Account, FullName: alice@contoso.com}
`

func TestPass(t *testing.T) {
	dir, opts := setup(t)
	p := write(t, dir, "a.test.yaml", passing)
	outs := RunFile(context.Background(), p, opts)
	if len(outs) != 1 || !outs[0].Passed() {
		t.Fatalf("%+v %v", outs[0].Failures, outs[0].Err)
	}
	if outs[0].Name != "finds the phishing click" {
		t.Errorf("name %q", outs[0].Name)
	}
}

func TestRuleByIDAndListRowsAndFiles(t *testing.T) {
	dir, opts := setup(t)
	p := write(t, dir, "b.test.yaml", `tests:
  - rule: 7E57E57E-0000-4000-8000-000000000001
    now: 2026-11-27T12:00:00Z
    tables:
      UrlClickEvents:
        - {Timestamp: "2026-11-27T10:00:00Z", AccountUpn: alice@contoso.com, ReportId: a}
        - {Timestamp: "2026-11-27T10:00:00Z", AccountUpn: bob@contoso.com, ReportId: b}
    expect: {count: 2}
  - name: by name, from a file
    rule: Clicks
    now: 2026-11-27T12:00:00Z
    tables:
      UrlClickEvents: data/clicks.jsonl
    expect: {count: 1, contains: [{ReportId: f1}]}
  - name: nothing
    rule: Clicks
    now: 2026-11-27T12:00:00Z
    expect: {count: 0, status: clean}
`)
	outs := RunFile(context.Background(), p, opts)
	if len(outs) != 3 {
		t.Fatalf("%d outcomes", len(outs))
	}
	for _, o := range outs {
		if !o.Passed() {
			t.Errorf("%s: %v %v", o.Name, o.Failures, o.Err)
		}
	}
	if outs[0].Name != "b.test #1" || outs[1].Name != "by name, from a file" {
		t.Errorf("names %q %q", outs[0].Name, outs[1].Name)
	}
}

func TestFailures(t *testing.T) {
	dir, opts := setup(t)
	p := write(t, dir, "c.test.yaml", `rule: rules/clicks.yaml
now: 2026-11-27T12:00:00Z
exclusions: [ex.yaml]
tables:
  UrlClickEvents: |
    {"Timestamp": "2026-11-27T10:00:00Z", "AccountUpn": "alice@contoso.com", "ReportId": "a"}
expect:
  status: clean
  count: 2
  excluded: 1
  excluded_by: {internal: 3, nope: 1}
  contains:
    - {AccountUpn: bob@contoso.com}
    - {NoColumn: 1}
  not_contains:
    - {AccountUpn: alice@contoso.com}
  entities:
    - {type: Host}
`)
	o := RunFile(context.Background(), p, opts)[0]
	if o.Passed() || o.Err != nil {
		t.Fatalf("passed or errored: %v", o.Err)
	}
	want := []string{
		"expected status clean, got findings",
		"expected 2 rows, got 1 (1 before exclusions; internal 0)",
		"expected 1 rows excluded, got 0",
		`c.test.yaml:11: expected exclusion "internal" to match 3 rows, it matched 0`,
		`c.test.yaml:11: exclusion "nope" did not apply`,
		`c.test.yaml:13: no row has {AccountUpn: "bob@contoso.com"}; rows have: {AccountUpn: "alice@contoso.com"}`,
		`c.test.yaml:14: column "NoColumn" is not in the results`,
		`c.test.yaml:16: a row has {AccountUpn: "alice@contoso.com"}, which it should not`,
		`c.test.yaml:18: no entity has {type: "Host"}; entities: Account:FullName=alice@contoso.com`,
	}
	got := strings.Join(o.Failures, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("failures lack %q:\n%s", w, got)
		}
	}
}

func TestExpectError(t *testing.T) {
	dir, opts := setup(t)
	write(t, dir, "rules/bad.kql", "UrlClickEvents | where Nope")
	p := write(t, dir, "d.test.yaml", `tests:
  - rule: rules/bad.kql
    now: 2026-11-27T12:00:00Z
    expect: {error: "Nope"}
  - rule: rules/bad.kql
    now: 2026-11-27T12:00:00Z
    expect: {count: 0}
  - rule: rules/clicks.yaml
    now: 2026-11-27T12:00:00Z
    expect: {error: "x"}
`)
	outs := RunFile(context.Background(), p, opts)
	if !outs[0].Passed() {
		t.Errorf("expected error: %v", outs[0].Failures)
	}
	if outs[1].Passed() || !strings.Contains(outs[1].Failures[0], "the rule failed: ") || !strings.Contains(outs[1].Failures[0], "bad.kql:1:24") {
		t.Errorf("unexpected error: %v", outs[1].Failures)
	}
	if outs[2].Passed() || !strings.Contains(outs[2].Failures[0], "expected the rule to fail") {
		t.Errorf("missing error: %v", outs[2].Failures)
	}
}

func TestWatchlistInTest(t *testing.T) {
	dir, opts := setup(t)
	write(t, dir, "rules/wl.kql", "UrlClickEvents | where AccountUpn in ((_GetWatchlist('Admins') | project SearchKey))")
	p := write(t, dir, "e.test.yaml", `rule: rules/wl.kql
now: 2026-11-27T12:00:00Z
watchlists: wl
tables:
  UrlClickEvents: |
    {"AccountUpn": "admin@company.com"}
    {"AccountUpn": "alice@contoso.com"}
expect: {count: 1}
`)
	if o := RunFile(context.Background(), p, opts)[0]; !o.Passed() {
		t.Errorf("%v %v", o.Failures, o.Err)
	}
}

func TestFileErrors(t *testing.T) {
	dir, opts := setup(t)
	cases := []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"bad yaml", "rule: [x\nnow: 1\n", 0, 0, "invalid YAML"},
		{"no rule", "now: 2026-11-27T12:00:00Z\nexpect: {count: 1}\n", 1, 0, "names no rule"},
		{"no now", "rule: Clicks\nexpect: {count: 1}\n", 1, 0, "has no now"},
		{"bad now", "rule: Clicks\nnow: tomorrow\nexpect: {count: 1}\n", 2, 0, "not a datetime"},
		{"no expect", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\n", 1, 0, "has no expect"},
		{"unknown key", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexpekt: {}\n", 3, 0, `unknown key "expekt"`},
		{"unknown expectation", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexpect: {rows: 1}\n", 3, 0, `unknown expectation "rows"`},
		{"bad count", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexpect: {count: lots}\n", 3, 0, "not a whole number"},
		{"bad status", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexpect: {status: great}\n", 3, 0, `status "great"`},
		{"unknown rule", "rule: Nope\nnow: 2026-11-27T12:00:00Z\nexpect: {count: 1}\n", 1, 0, `rule "Nope" not found`},
		{"bad inline json", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\ntables:\n  UrlClickEvents: |\n    {\"a\": 1}\n    {\"a\": 2,}\nexpect: {count: 1}\n", 6, 5, "table UrlClickEvents: this row is not valid JSON"},
		{"missing fixture file", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\ntables:\n  UrlClickEvents: nope.jsonl\nexpect: {count: 1}\n", 4, 0, "table UrlClickEvents"},
		{"missing exclusions", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexclusions: [nope.yaml]\nexpect: {count: 1}\n", 0, 0, "nope.yaml"},
		{"row not a map", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\ntables:\n  UrlClickEvents:\n    - 1\nexpect: {count: 1}\n", 5, 0, "must be a mapping"},
	}
	for _, c := range cases {
		p := write(t, dir, "f.test.yaml", c.text)
		outs := RunFile(context.Background(), p, opts)
		if len(outs) != 1 || outs[0].Err == nil {
			t.Errorf("%s: no error (%+v)", c.name, outs[0])
			continue
		}
		err := outs[0].Err
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var pe *yamlx.Error
		if c.line > 0 && (!errors.As(err, &pe) || pe.Line != c.line || (c.col > 0 && pe.Col != c.col) || !strings.HasSuffix(pe.File, "f.test.yaml")) {
			t.Errorf("%s: position of %v", c.name, err)
		}
	}
}

func TestJUnit(t *testing.T) {
	dir, opts := setup(t)
	a := write(t, dir, "a.test.yaml", passing)
	b := write(t, dir, "b.test.yaml", "rule: Clicks\nnow: 2026-11-27T12:00:00Z\nexpect: {count: 5}\n")
	c := write(t, dir, "c.test.yaml", "rule: [\n")
	var all []*Outcome
	for _, p := range []string{a, b, c} {
		all = append(all, RunFile(context.Background(), p, opts)...)
	}
	if p, f, e := Summary(all); p != 1 || f != 1 || e != 1 {
		t.Errorf("summary %d %d %d", p, f, e)
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, all); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 3 || doc.Failures != 1 || doc.Errors != 1 || len(doc.Suites) != 3 {
		t.Errorf("%+v", doc)
	}
	if doc.Suites[1].Cases[0].Failure == nil || !strings.Contains(doc.Suites[1].Cases[0].Failure.Message, "expected 5 rows, got 0") {
		t.Errorf("failure %+v", doc.Suites[1].Cases[0])
	}
	if doc.Suites[2].Cases[0].Error == nil || !strings.Contains(doc.Suites[2].Cases[0].Error.Message, "invalid YAML") {
		t.Errorf("error %+v", doc.Suites[2].Cases[0])
	}
	if !strings.HasPrefix(buf.String(), "<?xml") {
		t.Error("no XML header")
	}
}
