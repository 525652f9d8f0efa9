package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusRules writes the YAML rules of the public query corpus
// (QUARRY_CORPUS=/path/to/queries.jsonl) as Sentinel rule files and runs
// `rules check` and `hunt` over them: nothing may crash, and the counts
// say how many rules bind and run.
func TestCorpusRules(t *testing.T) {
	path := os.Getenv("QUARRY_CORPUS")
	if path == "" {
		t.Skip("set QUARRY_CORPUS to the corpus' queries.jsonl")
	}
	dir := t.TempDir()
	n := writeCorpusRules(t, path, dir)
	t.Setenv("QUARRY_DATA", t.TempDir())

	out, errs, code := runCLI(t, "", "rules", "check", dir, "--format", "json", "--now", "2025-03-01T00:00:00Z")
	var check struct {
		Rules []struct {
			CanRun bool    `json:"can_run"`
			Error  *string `json:"error"`
		}
	}
	if err := json.Unmarshal([]byte(out), &check); err != nil {
		t.Fatalf("rules check (exit %d): %v\n%s", code, err, errs)
	}
	canRun, internal := 0, 0
	for _, r := range check.Rules {
		if r.CanRun {
			canRun++
		}
		if r.Error != nil && strings.Contains(*r.Error, "internal error") {
			internal++
			t.Errorf("internal error: %s", firstLineOf(*r.Error))
		}
	}
	t.Logf("rules check: %d rule files, %d rules, %d parse and bind (%d internal errors), exit %d", n, len(check.Rules), canRun, internal, code)

	out, errs, code = runCLI(t, "", "hunt", dir, "--format", "json", "--now", "2025-03-01T00:00:00Z")
	var rep struct {
		Rules []struct {
			Status string
			Error  *string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("hunt (exit %d): %v\n%s", code, err, errs)
	}
	status := map[string]int{}
	for _, r := range rep.Rules {
		status[r.Status]++
		if r.Error != nil && strings.Contains(*r.Error, "internal error") {
			t.Errorf("internal error: %s", firstLineOf(*r.Error))
		}
	}
	t.Logf("hunt: %d rules: %d ran (%d clean, %d findings, %d below trigger), %d errors, exit %d",
		len(rep.Rules), len(rep.Rules)-status["error"], status["clean"], status["findings"], status["not_triggered"], status["error"], code)
	if len(rep.Rules) != len(check.Rules) {
		t.Errorf("hunt saw %d rules, check %d", len(rep.Rules), len(check.Rules))
	}
}

func firstLineOf(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// writeCorpusRules writes each YAML-kind record as a rule file and
// returns how many it wrote.
func writeCorpusRules(t *testing.T, path, dir string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		var rec struct {
			QID        string   `json:"qid"`
			Kind       string   `json:"kind"`
			ID         string   `json:"id"`
			Name       string   `json:"name"`
			Tactics    []string `json:"tactics"`
			Techniques []string `json:"techniques"`
			Connectors []string `json:"connectors"`
			DataTypes  []string `json:"data_types"`
			Query      string   `json:"query"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Kind != "yaml" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, rec.QID+".yaml"), []byte(ruleYAML(rec.ID, rec.Name, rec.Tactics, rec.Techniques, rec.Connectors, rec.DataTypes, rec.Query)), 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// ruleYAML renders a Sentinel hunting rule; strings are JSON-quoted (valid
// YAML) and the query is a literal block with an explicit indentation.
func ruleYAML(id, name string, tactics, techniques, connectors, dataTypes []string, query string) string {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	list := func(ss []string) string {
		parts := make([]string, len(ss))
		for i, s := range ss {
			parts[i] = q(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "id: %s\nname: %s\n", q(id), q(name))
	if len(connectors) > 0 || len(dataTypes) > 0 {
		b.WriteString("requiredDataConnectors:\n")
		if len(connectors) == 0 {
			connectors = []string{"Unknown"}
		}
		for _, c := range connectors {
			fmt.Fprintf(&b, "  - connectorId: %s\n    dataTypes: %s\n", q(c), list(dataTypes))
		}
	}
	fmt.Fprintf(&b, "tactics: %s\nrelevantTechniques: %s\nquery: |2\n", list(tactics), list(techniques))
	for _, line := range strings.Split(strings.TrimRight(strings.ReplaceAll(query, "\r\n", "\n"), "\n"), "\n") {
		b.WriteString("  " + line + "\n")
	}
	return b.String()
}
