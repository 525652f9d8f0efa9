package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestGenPhishing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	out, errs, code := runCLI(t, "", "gen", "phishing", "--out", dir, "--scale", "0.02", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"AlertInfo", "UrlClickEvents", "total", "MB/s", "truth:", "malicious"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// The seed rule over the generated files finds exactly the truth.
	data, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		End    string
		Clicks []struct{ Rows int }
	}
	if err := json.Unmarshal(data, &truth); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range truth.Clicks {
		want += c.Rows
	}
	q := `AlertInfo
| where Title contains "Potentially malicious" and Timestamp > ago (30d)
| join kind=inner (AlertEvidence| where EntityType == "MailMessage") on AlertId
| join UrlClickEvents on NetworkMessageId
| count`
	out, errs, code = runCLI(t, "", "query", q, "--format", "csv", "--now", truth.End,
		"--table", filepath.Join(dir, "AlertInfo.jsonl"), "--table", filepath.Join(dir, "AlertEvidence.jsonl"),
		"--table", filepath.Join(dir, "UrlClickEvents.jsonl"))
	if code != 0 {
		t.Fatalf("query: exit %d: %s", code, errs)
	}
	if lines := strings.Fields(out); len(lines) != 2 || lines[1] != strconv.Itoa(want) || want == 0 {
		t.Errorf("seed rule count: %q, truth.json has %d rows", out, want)
	}
}

func TestGenPhishingUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"gen"},
		{"gen", "phishing"},
		{"gen", "phishing", "--out", dir, "--scale", "0"},
		{"gen", "phishing", "--out", dir, "--split", "week"},
		{"gen", "phishing", "--out", dir, "--end", "yesterday"},
		{"gen", "phishing", "--out", dir, "--seed", "-1"},
	} {
		_, errs, code := runCLI(t, "", args...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, errs)
		}
	}
	if _, errs, code := runCLI(t, "", "gen", "phishing", "--out", dir, "--days", "5"); code != 1 || !strings.Contains(errs, "days 5") {
		t.Errorf("--days 5: exit %d, %q", code, errs)
	}
}
