package exclusion

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

func TestParse(t *testing.T) {
	src := `# tuning
exclusions:
  - name: internal-infrastructure
    rules: [03e61096-20d0-46eb-b8e0-a507dd00a19f, "Some rule"]
    reason: admins open internal maintenance links
    where: |
      Url has "internal.company.com"
      or ipv4_is_in_range(IPAddress, "10.0.0.0/8")
    expires: 2027-06-30
  - name: all-rules
    rule: single
    where: AccountUpn == "svc@company.com"
    expires: 2027-06-30T12:00:00Z
  - name: "ünïcode ✓"
    where: true
`
	xs, err := Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 3 {
		t.Fatalf("%d exclusions", len(xs))
	}
	a := xs[0]
	if a.Name != "internal-infrastructure" || a.Line != 3 || a.Reason != "admins open internal maintenance links" || len(a.Rules) != 2 {
		t.Errorf("first: %+v", a)
	}
	if !strings.HasPrefix(a.Where, `Url has "internal.company.com"`) || a.WhereAt.Src.Line != 7 || a.WhereAt.Src.Indent != 6 {
		t.Errorf("where %q at %d indent %d", a.Where, a.WhereAt.Src.Line, a.WhereAt.Src.Indent)
	}
	if !a.Expires.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a date is valid through its day: %v", a.Expires)
	}
	if !xs[1].Expires.Equal(time.Date(2027, 6, 30, 12, 0, 0, 0, time.UTC)) || strings.Join(xs[1].Rules, ",") != "single" {
		t.Errorf("second: %+v", xs[1])
	}
	if !xs[2].Expires.IsZero() || xs[2].Expired(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)) || xs[2].Name != "ünïcode ✓" {
		t.Errorf("third: %+v", xs[2])
	}
	if xs[0].At() != "x.yaml:3" {
		t.Errorf("At %s", xs[0].At())
	}
}

func TestAppliesTo(t *testing.T) {
	x := &Exclusion{Rules: []string{"03E61096-20D0-46EB-B8E0-A507DD00A19F", " Named rule "}}
	for _, c := range []struct {
		id, name string
		want     bool
	}{
		{"03e61096-20d0-46eb-b8e0-a507dd00a19f", "", true},
		{"other", "Named rule", true},
		{"other", "named rule", false},
		{"other", "", false},
	} {
		if x.AppliesTo(c.id, c.name) != c.want {
			t.Errorf("%q %q: %v", c.id, c.name, !c.want)
		}
	}
	if !(&Exclusion{}).AppliesTo("any", "thing") {
		t.Error("an exclusion without rules applies to every rule")
	}
}

func TestExpired(t *testing.T) {
	x := &Exclusion{Expires: time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)}
	if x.Expired(time.Date(2027, 6, 30, 23, 59, 59, 0, time.UTC)) || !x.Expired(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("expiry boundary")
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"unknown top key", "exclusion:\n  - name: a\n", 1, `unknown key "exclusion"`},
		{"unknown key", "exclusions:\n  - name: a\n    wehre: x\n", 3, `unknown key "wehre"`},
		{"no name", "exclusions:\n  - where: x\n", 2, "no name"},
		{"no where", "exclusions:\n  - name: a\n    reason: b\n", 2, "has no where"},
		{"empty where", "exclusions:\n  - name: a\n    where: \"\"\n", 2, "has no where"},
		{"bad date", "exclusions:\n  - name: a\n    where: x\n    expires: next year\n", 4, "not a date"},
		{"duplicate", "exclusions:\n  - name: a\n    where: x\n  - name: a\n    where: y\n", 4, "already used at line 2"},
		{"not a list", "exclusions:\n  name: a\n", 2, "expected a list"},
		{"bad yaml", "exclusions:\n  - name: [a\n", 0, "invalid YAML"},
		{"where is a list", "exclusions:\n  - name: a\n    where: [x]\n", 3, "single value"},
	}
	for _, c := range cases {
		_, err := Parse("e.yaml", []byte(c.src))
		var pe *yamlx.Error
		if !errors.As(err, &pe) || pe.File != "e.yaml" || (c.line > 0 && pe.Line != c.line) || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	b := filepath.Join(dir, "b.yaml")
	os.WriteFile(a, []byte("exclusions:\n  - name: a\n    where: x\n"), 0o644)
	os.WriteFile(b, []byte("exclusions: []\n"), 0o644)
	xs, err := LoadFiles(a, b)
	if err != nil || len(xs) != 1 || xs[0].File != a {
		t.Errorf("%v %v", xs, err)
	}
	if _, err := LoadFiles(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("a missing file is not an error")
	}
}
