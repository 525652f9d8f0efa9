package hunt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

var testNow = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// write creates a file under dir and returns its path.
func write(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// store loads JSON lines per table into a store over the built-in
// schemas.
func store(t testing.TB, tables map[string]string) *table.Store {
	t.Helper()
	st := table.NewStore(schema.Builtin())
	for name, text := range tables {
		known, _ := st.Table(name)
		tb, err := table.Read(strings.NewReader(text), name, table.FormatJSONLines, name, known)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Add(tb); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// oneRule loads the single rule of a YAML or KQL text.
func oneRule(t *testing.T, name, text string) *rule.Rule {
	t.Helper()
	p := write(t, t.TempDir(), name, text)
	rs := rule.LoadFile(p, true)
	if len(rs) != 1 {
		t.Fatalf("%d rules", len(rs))
	}
	return rs[0]
}

func exclusions(t testing.TB, text string) []*exclusion.Exclusion {
	t.Helper()
	p := write(t, t.TempDir(), "exclusions.yaml", text)
	xs, err := exclusion.LoadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return xs
}

func run(t *testing.T, st *table.Store, r *rule.Rule, opts Options) *Result {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	return NewRunner(FromTables(st), opts).RunRule(context.Background(), r)
}

// column returns the text of a result column, row by row.
func colText(t *testing.T, res *Result, name string) []string {
	t.Helper()
	c := res.Schema.Index(name)
	if c < 0 {
		t.Fatalf("no column %s in %v", name, res.Schema)
	}
	var out []string
	for _, b := range res.Batches {
		for i := 0; i < b.N; i++ {
			out = append(out, format.CellText(b.Cols[c], i))
		}
	}
	return out
}

func wlSet(t *testing.T, name, key, csv string) *watchlist.Set {
	t.Helper()
	w, err := watchlist.Read(name, name+".csv", key, strings.NewReader(csv), testNow)
	if err != nil {
		t.Fatal(err)
	}
	return watchlist.NewSet(w)
}
