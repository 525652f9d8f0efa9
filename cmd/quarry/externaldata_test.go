package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExternalDataFlag(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(p, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	q := `externaldata(id:string)[@"` + p + `"] | count`
	cases := []struct {
		env    string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"", nil, 0, "2", ""},
		{"", []string{"--externaldata=local"}, 0, "2", ""},
		{"", []string{"--externaldata=deny"}, 1, "", "--externaldata=deny"},
		{"deny", nil, 1, "", "--externaldata=deny"},
		{"deny", []string{"--externaldata", "allow"}, 0, "2", ""},
		{"", []string{"--externaldata=sometimes"}, 2, "", "use allow, local or deny"},
		{"never", nil, 2, "", "QUARRY_EXTERNALDATA"},
	}
	for _, c := range cases {
		t.Setenv("QUARRY_EXTERNALDATA", c.env)
		args := append([]string{"query", "--format", "csv"}, c.args...)
		out, errOut, code := runCLI(t, "", append(args, q)...)
		if code != c.code || !strings.Contains(out, c.stdout) || !strings.Contains(errOut, c.stderr) {
			t.Errorf("env %q args %v: code %d, stdout %q, stderr %q", c.env, c.args, code, out, errOut)
		}
	}
	t.Setenv("QUARRY_EXTERNALDATA", "local")
	_, errOut, code := runCLI(t, "", "query", `externaldata(id:string)["https://example.com/ids.txt?sig=x"]`)
	if code != 1 || !strings.Contains(errOut, "only local files") {
		t.Errorf("local, URL: code %d, stderr %q", code, errOut)
	}
}
