package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions"
)

func TestCatalogCoverage(t *testing.T) {
	rows := catalogCoverage()
	if len(rows) < 400 {
		t.Fatalf("official catalog has %d functions; the embedded list is truncated", len(rows))
	}
	byName := map[string]coverageRow{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	for _, name := range []string{"strlen", "count", "column_ifexists", "table"} {
		if byName[name].Status != "implemented" {
			t.Errorf("%s: %q, want implemented", name, byName[name].Status)
		}
	}
	// A not-applicable reason must name an official function that Quarry
	// does not implement; otherwise the table is stale.
	for name := range notApplicable {
		r, ok := byName[name]
		if !ok {
			t.Errorf("notApplicable names %q, which is not in Kusto's catalog", name)
		} else if r.Status != "not applicable" {
			t.Errorf("notApplicable names %q, which is %s", name, r.Status)
		}
	}
	// Every catalog function Quarry registers is either official or one of
	// Kusto's hidden or deprecated spellings; a typo would show up here.
	official := map[string]bool{}
	for _, f := range functions.Official() {
		official[f.Name] = true
	}
	var extra []string
	for _, f := range functions.All() {
		if f.Kind != functions.Operator && !official[f.Name] {
			extra = append(extra, f.Name)
		}
	}
	t.Logf("not in Kusto's public catalog: %v", extra)
	if len(extra) > 15 {
		t.Errorf("%d catalog functions are not in Kusto's catalog: %v", len(extra), extra)
	}
}

func TestFunctionsCoverageCommand(t *testing.T) {
	var out bytes.Buffer
	if err := writeCoverage(&out, catalogCoverage(), false); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"strlen", "implemented", "scalar: ", "aggregate: ", "current_principal", "not applicable: no Microsoft Entra principals"} {
		if !strings.Contains(s, want) {
			t.Errorf("coverage output lacks %q", want)
		}
	}
}
