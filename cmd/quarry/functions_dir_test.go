package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFunctionsFlag(t *testing.T) {
	data := t.TempDir()
	t.Setenv("QUARRY_DATA", data)
	fdir := t.TempDir()
	writeFile(t, filepath.Join(fdir, "clicks.kql"), `.create-or-alter function with (folder='demo') AllowedClicks(domain:string = "example") {
    UrlClickEvents
    | where ActionType == "ClickAllowed" and Url has domain
    | project AccountUpn, Url
}`)
	// The data folder's functions/ folder is read too.
	writeFile(t, filepath.Join(data, "functions", "count.csl"), "let ClickCount = () { AllowedClicks | count };")
	clicks := "UrlClickEvents=../../examples/UrlClickEvents.csv"

	out, errs, code := runCLI(t, "", "query", "--functions", fdir, "--table", clicks, "--format", "csv", "AllowedClicks | take 1 | project AccountUpn")
	if code != 0 || strings.ReplaceAll(out, "\r\n", "\n") != "AccountUpn\nmegan@contoso.com\n" {
		t.Errorf("query: exit %d %q %s", code, out, errs)
	}
	out, errs, code = runCLI(t, "", "query", "--functions", fdir, "--table", clicks, "--format", "csv", "ClickCount")
	if code != 0 || strings.ReplaceAll(out, "\r\n", "\n") != "Count\n1\n" {
		t.Errorf("query (data folder's function): exit %d %q %s", code, out, errs)
	}
	out, errs, code = runCLI(t, "", "check", "--functions", fdir, "AllowedClicks('contoso')")
	if code != 0 || !strings.Contains(out, "AccountUpn") || !strings.Contains(out, "Url") {
		t.Errorf("check: exit %d %q %s", code, out, errs)
	}
	// Without the folder, the name is unknown.
	if _, errs, code := runCLI(t, "", "check", "AllowedClicks"); code == 0 || !strings.Contains(errs, "AllowedClicks") {
		t.Errorf("check without --functions: exit %d %s", code, errs)
	}
	// A rule calling a stored function.
	rule := filepath.Join(t.TempDir(), "r.kql")
	writeFile(t, rule, "AllowedClicks(domain='contoso')")
	out, errs, code = runCLI(t, "", "hunt", rule, "--functions", fdir, "--table", clicks, "--format", "json", "--now", "2024-06-01T00:00:00Z")
	if code != 1 || !strings.Contains(out, "intranet.contoso.com") {
		t.Errorf("hunt: exit %d %s %s", code, out, errs)
	}
	if _, errs, code := runCLI(t, "", "rules", "check", rule, "--functions", fdir); code != 0 {
		t.Errorf("rules check: exit %d %s", code, errs)
	}
}

func TestFunctionsFlagErrors(t *testing.T) {
	t.Setenv("QUARRY_DATA", t.TempDir())
	if _, errs, code := runCLI(t, "", "query", "--functions", filepath.Join(t.TempDir(), "none"), "print 1"); code != 2 || !strings.Contains(errs, "no such folder") {
		t.Errorf("missing folder: exit %d %s", code, errs)
	}
	fdir := t.TempDir()
	bad := filepath.Join(fdir, "bad.kql")
	writeFile(t, bad, "// a broken parser\n.create function Bad(x:long { x }\n")
	_, errs, code := runCLI(t, "", "query", "--functions", fdir, "print 1")
	if code != 1 || !strings.Contains(errs, bad+":2:") || !strings.Contains(errs, "^") {
		t.Errorf("broken file: exit %d %s", code, errs)
	}
	// An error in a function's body, found when a query calls it.
	writeFile(t, bad, "let Bad = () {\n  print x = 1\n  | where y > 1\n};")
	_, errs, code = runCLI(t, "", "query", "--functions", fdir, "Bad")
	if code != 1 || !strings.Contains(errs, bad+":3:11: The name 'y'") {
		t.Errorf("error in a body: exit %d %s", code, errs)
	}
}
