package watchlist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/value"
)

var updated = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func rows(w *Watchlist) [][]any {
	var out [][]any
	for _, b := range w.Table.Batches {
		for i := 0; i < b.N; i++ {
			row := make([]any, len(b.Cols))
			for c, v := range b.Cols {
				row[c] = v.Value(i)
			}
			out = append(out, row)
		}
	}
	return out
}

func TestRead(t *testing.T) {
	csv := "\ufeffIP Address,Owner,Note\n10.0.0.1,alice,\"a, b\"\n10.0.0.2,bob\n\n"
	w, err := Read("Servers", "s.csv", "owner", strings.NewReader(csv), updated)
	if err != nil {
		t.Fatal(err)
	}
	if w.Key != "owner" || w.Table.Name != TableName("Servers") {
		t.Errorf("key %s table %s", w.Key, w.Table.Name)
	}
	if got := w.Table.Schema.String(); got != "(_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, IP Address:string, Owner:string, Note:string)" {
		t.Errorf("schema %s", got)
	}
	rs := rows(w)
	if len(rs) != 2 || rs[0][2] != "alice" || rs[0][5] != "a, b" || rs[1][2] != "bob" || rs[1][5] != "" {
		t.Errorf("rows %v", rs)
	}
	if rs[0][1] != value.FromTime(updated) {
		t.Errorf("LastUpdatedTimeUTC %v", rs[0][1])
	}
	if id := rs[0][0].(string); len(id) != 36 || id == rs[1][0] {
		t.Errorf("item ids %v %v", rs[0][0], rs[1][0])
	}
	// Default key: the first column.
	w, err = Read("S", "s.csv", "", strings.NewReader("A,B\nx,y\n"), updated)
	if err != nil || w.Key != "A" || rows(w)[0][2] != "x" {
		t.Errorf("default key: %v %v", w, err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ csv, key, msg string }{
		{"", "", "empty"},
		{"A,B\n", "C", `search key column "C" is not in the header`},
		{"A,A\n", "", `"A" appears twice`},
		{"A,SearchKey\n", "", `"SearchKey" appears twice`},
		{"A,\n", "", "column 2 has no name"},
		{"A,B\n1,2,3\n", "", "s.csv:2: 3 values for 2 columns"},
		{"A\n\"x\n", "", "s.csv:"},
	} {
		_, err := Read("S", "s.csv", c.key, strings.NewReader(c.csv), updated)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v", c.csv, err)
		}
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "vip.csv")
	os.WriteFile(src, []byte("Upn,Tier\nalice@x,1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "Plain.csv"), []byte("Host\npc1\npc2\n"), 0o644)
	if _, err := Add(dir, "VIP", src, "Tier"); err != nil {
		t.Fatal(err)
	}
	set, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(set.Names(), ",") != "Plain,VIP" {
		t.Errorf("names %v", set.Names())
	}
	vip, ok := set.Get("vip")
	if !ok || vip.Key != "Tier" || rows(vip)[0][2] != "1" {
		t.Errorf("vip %+v", vip)
	}
	if p, _ := set.Get("Plain"); p.Key != "Host" || p.Table.NumRows() != 2 {
		t.Errorf("plain %+v", p)
	}
	// Replacing keeps one entry.
	if _, err := Add(dir, "VIP", src, "Upn"); err != nil {
		t.Fatal(err)
	}
	entries, _ := Entries(dir)
	if len(entries) != 2 || entries[0].Key != "Upn" {
		t.Errorf("entries %+v", entries)
	}
	// A broken CSV is never stored.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("A,B\n1,2,3\n"), 0o644)
	if _, err := Add(dir, "Bad", bad, ""); err == nil {
		t.Error("broken CSV added")
	}
	if _, err := os.Stat(filepath.Join(dir, "Bad.csv")); err == nil {
		t.Error("broken CSV copied")
	}
	if _, err := Add(dir, "../x", src, ""); err == nil {
		t.Error("a name with a path was accepted")
	}
	if err := Remove(dir, "VIP"); err != nil {
		t.Fatal(err)
	}
	if err := Remove(dir, "VIP"); err == nil {
		t.Error("removing twice succeeds")
	}
	set, _ = LoadDir(dir)
	if strings.Join(set.Names(), ",") != "Plain" {
		t.Errorf("after remove: %v", set.Names())
	}
	// A broken index is an error at its line.
	os.WriteFile(filepath.Join(dir, IndexFile), []byte("watchlists:\n  - name: X\n    colour: red\n"), 0o644)
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "watchlists.yaml:3:") {
		t.Errorf("bad index: %v", err)
	}
}

func TestTableFunc(t *testing.T) {
	w, _ := Read("VIP", "v.csv", "", strings.NewReader("Upn\na\n"), updated)
	f := NewSet(w).TableFunc()
	for _, name := range []string{"VIP", "vip"} {
		n, err := f([]any{name})
		sc, ok := n.(*plan.Scan)
		if err != nil || !ok || sc.Table != TableName("VIP") || sc.Columns.String() != w.Table.Schema.String() {
			t.Errorf("%s: %v %v", name, n, err)
		}
	}
	for _, c := range []struct {
		args []any
		err  string
	}{
		{[]any{"Nope"}, "watchlist 'Nope' not found (loaded: VIP)"},
		{nil, "takes one argument"},
		{[]any{"VIP", "x"}, "takes one argument"},
		{[]any{int64(1)}, "as a string"},
	} {
		if _, err := f(c.args); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.err)
		}
	}
	if _, err := NewSet().TableFunc()([]any{"VIP"}); err == nil || !strings.Contains(err.Error(), "none are loaded") {
		t.Errorf("empty set: %v", err)
	}
}
