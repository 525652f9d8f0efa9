package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
)

func TestBuiltinMerge(t *testing.T) {
	def, err := Parse(defenderJSON, "defender")
	if err != nil {
		t.Fatal(err)
	}
	sen, err := Parse(sentinelJSON, "sentinel")
	if err != nil {
		t.Fatal(err)
	}
	c := Builtin()
	seen := map[string]bool{}
	for _, n := range c.Names() {
		if seen[n] {
			t.Fatalf("table %s listed twice", n)
		}
		seen[n] = true
	}
	for _, n := range def.Names() {
		seen[n] = false
	}
	for _, n := range sen.Names() {
		seen[n] = false
	}
	for n, extra := range seen {
		if extra {
			t.Errorf("table %s is in neither source", n)
		}
	}
	if c.Len() != len(seen) {
		t.Errorf("%d tables, want %d", c.Len(), len(seen))
	}
	for _, n := range c.Names() {
		got, _ := c.Table(n)
		d, inDef := def.Table(n)
		s, inSen := sen.Table(n)
		var want types.Schema
		switch {
		case inDef:
			want = append(want, d...)
			for _, col := range s {
				if want.Index(col.Name) < 0 {
					want = append(want, col)
				}
			}
			if want.Index("Timestamp") >= 0 && want.Index("TimeGenerated") < 0 {
				want = append(want, types.Column{Name: "TimeGenerated", Type: types.DateTime})
			}
		case inSen:
			want = s
		}
		if got.String() != want.String() {
			t.Errorf("%s:\n got  %v\n want %v", n, got, want)
		}
	}
}

func TestBuiltinKnownTables(t *testing.T) {
	c := Builtin()
	for _, n := range []string{"AlertInfo", "AlertEvidence", "UrlClickEvents", "DeviceProcessEvents", "EmailEvents"} {
		s, ok := c.Table(n)
		if !ok {
			t.Fatalf("missing %s", n)
		}
		for _, col := range []string{"Timestamp", "TimeGenerated"} {
			i := s.Index(col)
			if i < 0 || s[i].Type != types.DateTime {
				t.Errorf("%s.%s missing or not datetime: %v", n, col, s)
			}
		}
	}
	s, _ := c.Table("AlertInfo")
	if s[0].Name != "Timestamp" || s.Index("AlertId") != 1 {
		t.Errorf("AlertInfo should start with the Defender columns: %v", s)
	}
	// Defender's type wins over the Log Analytics one.
	s, _ = c.Table("DeviceProcessEvents")
	if i := s.Index("AdditionalFields"); i < 0 || s[i].Type != types.String {
		t.Errorf("DeviceProcessEvents.AdditionalFields: %v", s)
	}
	s, _ = c.Table("SigninLogs")
	if s.Index("TimeGenerated") < 0 || s.Index("Timestamp") >= 0 {
		t.Errorf("SigninLogs is a Sentinel table without Timestamp: %v", s)
	}
	if _, ok := c.Table("alertinfo"); ok {
		t.Error("table names are case-sensitive")
	}
	if n, ok := c.Lookup("alertinfo"); !ok || n != "AlertInfo" {
		t.Error("Lookup should ignore case")
	}
}

func TestBuiltinIsACopy(t *testing.T) {
	a := Builtin()
	a.Extend("AlertInfo", types.Schema{{Name: "Extra", Type: types.Long}})
	b := Builtin()
	s, _ := b.Table("AlertInfo")
	if s.Index("Extra") >= 0 {
		t.Error("changing one Builtin() result changed another")
	}
}

func TestExtendAndMerge(t *testing.T) {
	c := New()
	c.Extend("T", types.Schema{{Name: "A", Type: types.String}, {Name: "B", Type: types.Long}})
	o := New()
	o.Extend("T", types.Schema{{Name: "B", Type: types.String}, {Name: "C", Type: types.Dynamic}})
	o.Extend("U", types.Schema{{Name: "X", Type: types.Real}})
	c.Merge(o)
	s, _ := c.Table("T")
	if s.String() != "(A:string, B:long, C:dynamic)" {
		t.Errorf("T = %v", s)
	}
	if strings.Join(c.Names(), ",") != "T,U" {
		t.Errorf("names %v", c.Names())
	}
}

func TestOverlay(t *testing.T) {
	c := Builtin()
	o := New()
	o.Extend("AlertInfo", types.Schema{{Name: "Only", Type: types.Long}})
	o.Extend("Mine", types.Schema{{Name: "X", Type: types.String}})
	n := c.Len()
	c.Overlay(o)
	s, _ := c.Table("AlertInfo")
	if s.String() != "(Only:long)" || c.Len() != n+1 {
		t.Errorf("overlay: %v, %d tables", s, c.Len())
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "s.json")
	os.WriteFile(good, []byte(`{"tables":[{"name":"MyLogs","columns":[{"name":"Time","type":"datetime"},{"name":"N","type":"int64"},{"name":"Bag","type":"dynamic"}]}]}`), 0o644)
	c, err := LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := c.Table("MyLogs")
	if !ok || s.String() != "(Time:datetime, N:long, Bag:dynamic)" {
		t.Errorf("MyLogs = %v", s)
	}
	bad := []struct{ body, want string }{
		{`{"tables":[{"name":"T","columns":[{"name":"A","type":"varchar"}]}]}`, `unknown type "varchar"`},
		{`{"tables":[{"columns":[]}]}`, "has no name"},
		{`{"tables":[{"name":"T","columns":[{"name":"A","type":"int"},{"name":"A","type":"int"}]}]}`, "twice"},
		{`not json`, "not a schema file"},
	}
	for _, b := range bad {
		p := filepath.Join(dir, "bad.json")
		os.WriteFile(p, []byte(b.body), 0o644)
		if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("LoadFile(%s) error %v, want %q", b.body, err, b.want)
		}
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file should fail")
	}
}
