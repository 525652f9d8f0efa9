package storage

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var clickSchema = types.Schema{
	{Name: "Timestamp", Type: types.DateTime},
	{Name: "Url", Type: types.String},
	{Name: "ActionType", Type: types.String},
}

// dayRows makes n rows on each of days consecutive days from 2024-03-01.
func dayRows(t testing.TB, days, n int) [][]any {
	t.Helper()
	start := ticks(t, "2024-03-01T00:00:00Z")
	var rows [][]any
	for d := 0; d < days; d++ {
		for i := 0; i < n; i++ {
			ts := start + value.DateTime(int64(d)*value.Day+int64(i)*value.Minute)
			rows = append(rows, []any{ts, "https://x.com/" + itoa(d*n+i), "ClickAllowed"})
		}
	}
	return rows
}

func TestPartitionPruning(t *testing.T) {
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	commitRows(t, s, "Clicks", clickSchema, dayRows(t, 10, 100), "")
	infos, _ := s.Tables()
	if infos[0].Files != 10 || infos[0].Partitions != 10 {
		t.Fatalf("want 10 day partitions, got %+v", infos[0])
	}
	from := int64(ticks(t, "2024-03-04T12:00:00Z"))
	to := int64(ticks(t, "2024-03-06T00:00:00Z"))
	cases := []struct {
		name     string
		from, to *int64
		col      string
		files    int
	}{
		// Each day's rows span 00:00-01:39, so 03-04 ends before from.
		{"both bounds", &from, &to, "Timestamp", 1},
		{"from only", &from, nil, "Timestamp", 6},
		{"to only", nil, &to, "Timestamp", 5},
		{"other column: no pruning", &from, &to, "Url", 10},
		{"no bounds", nil, nil, "Timestamp", 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.filesOpened.Load()
			r, err := s.OpenScan(ctx(), &plan.Scan{Table: "Clicks", Columns: clickSchema, TimeColumn: c.col, From: c.from, To: c.to})
			if err != nil {
				t.Fatal(err)
			}
			rows := drain(t, r)
			if r.Files() != c.files || int(s.filesOpened.Load()-before) != c.files {
				t.Fatalf("opened %d files, want %d", r.Files(), c.files)
			}
			// Pruning may keep extra rows, never drop one in range.
			inRange := 0
			for _, row := range rows {
				ts := int64(row[0].(value.DateTime))
				if (c.from == nil || ts >= *c.from) && (c.to == nil || ts < *c.to) {
					inRange++
				}
			}
			want := 0
			for _, row := range dayRows(t, 10, 100) {
				ts := int64(row[0].(value.DateTime))
				if c.col != "Timestamp" || (c.from == nil || ts >= *c.from) && (c.to == nil || ts < *c.to) {
					want++
				}
			}
			if c.col == "Timestamp" && inRange != want || len(rows) < want {
				t.Fatalf("%d rows in range (of %d), want %d", inRange, len(rows), want)
			}
		})
	}
}

func TestRowGroupPruning(t *testing.T) {
	s, err := Open(t.TempDir(), &Options{RowGroupRows: 100})
	if err != nil {
		t.Fatal(err)
	}
	commitRows(t, s, "Clicks", clickSchema, dayRows(t, 1, 1000), "")
	from := int64(ticks(t, "2024-03-01T10:00:00Z")) // row 600
	r, err := s.OpenScan(ctx(), &plan.Scan{Table: "Clicks", Columns: clickSchema, TimeColumn: "Timestamp", From: &from})
	if err != nil {
		t.Fatal(err)
	}
	if rows := drain(t, r); len(rows) != 400 {
		t.Fatalf("got %d rows, want the 4 row groups at or after 10:00 (400 rows)", len(rows))
	}
}

func TestUndatedRows(t *testing.T) {
	s, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{nil, "a", "x"}, {ticks(t, "2024-01-01T00:00:00Z"), "b", "y"}}
	commitRows(t, s, "Clicks", clickSchema, rows, "")
	noTime := types.Schema{{Name: "Name", Type: types.String}}
	commitRows(t, s, "Plain", noTime, [][]any{{"n"}}, "")
	from := int64(ticks(t, "2030-01-01T00:00:00Z"))
	got := readAll(t, s, &plan.Scan{Table: "Clicks", Columns: clickSchema, TimeColumn: "Timestamp", From: &from})
	if len(got) != 1 || got[0][1] != "a" {
		t.Fatalf("undated partition must never be pruned: %v", got)
	}
	if got := readAll(t, s, scanAll("Plain", noTime)); len(got) != 1 {
		t.Fatalf("table without a time column: %v", got)
	}
	infos, _ := s.Tables()
	if infos[0].Name != "Clicks" || infos[1].Name != "Plain" || infos[1].HasTime || infos[1].TimeColumn != "" {
		t.Fatalf("tables: %+v", infos)
	}
}

func TestSchemaGrowth(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := ticks(t, "2024-01-01T00:00:00Z")
	v1 := types.Schema{{Name: "Timestamp", Type: types.DateTime}, {Name: "A", Type: types.Long}}
	commitRows(t, s, "G", v1, [][]any{{ts, int64(1)}}, "")
	// New columns, in another order, in one transaction with old-shape rows.
	v2 := types.Schema{{Name: "B", Type: types.String}, {Name: "A", Type: types.Long}, {Name: "Timestamp", Type: types.DateTime}, {Name: "C", Type: types.Dynamic}}
	tx, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Append("G", v1, batchOf(t, v1, [][]any{{ts, int64(2)}})); err != nil {
		t.Fatal(err)
	}
	if err := tx.Append("G", v2, batchOf(t, v2, [][]any{{"b", int64(3), ts, mustJSON(t, `{"k":1}`)}})); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(""); err != nil {
		t.Fatal(err)
	}
	want := types.Schema{{Name: "Timestamp", Type: types.DateTime}, {Name: "A", Type: types.Long}, {Name: "B", Type: types.String}, {Name: "C", Type: types.Dynamic}}
	s2, _ := Open(dir, nil)
	sch, _ := s2.Table("G")
	if sch.String() != want.String() {
		t.Fatalf("schema %v, want %v", sch, want)
	}
	got := readAll(t, s2, scanAll("G", want))
	sameRows(t, got, [][]any{{ts, int64(1), "", nil}, {ts, int64(2), "", nil}, {ts, int64(3), "b", mustJSON(t, `{"k":1}`)}})

	// A type change is refused, naming the column and both types.
	bad := types.Schema{{Name: "A", Type: types.String}}
	tx, _ = s2.Begin()
	err = tx.Append("G", bad, batchOf(t, bad, [][]any{{"x"}}))
	tx.Abort()
	if err == nil || !strings.Contains(err.Error(), "column A is stored as long") {
		t.Fatalf("type change: %v", err)
	}
}

func TestSourcesAndAbort(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	commitRows(t, s, "Clicks", clickSchema, dayRows(t, 1, 3), "sha256:aaa")
	if ok, _ := s.HasSource("sha256:aaa"); !ok {
		t.Fatal("committed source not recorded")
	}
	if ok, _ := s.HasSource("sha256:bbb"); ok {
		t.Fatal("unknown source reported")
	}
	tx, _ := s.Begin()
	if err := tx.Append("Clicks", clickSchema, batchOf(t, clickSchema, dayRows(t, 2, 5))); err != nil {
		t.Fatal(err)
	}
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.HasSource("sha256:bbb"); ok {
		t.Fatal("aborted source recorded")
	}
	if rows := readAll(t, s, scanAll("Clicks", clickSchema)); len(rows) != 3 {
		t.Fatalf("after abort: %d rows", len(rows))
	}
	if n := countFiles(t, dir, ""); n != 1 {
		t.Fatalf("abort left %d files", n)
	}
	// A source with no rows is still recorded (re-ingest stays a no-op).
	tx, _ = s.Begin()
	if err := tx.Commit("sha256:empty"); err != nil {
		t.Fatal(err)
	}
	s2, _ := Open(dir, nil)
	if ok, _ := s2.HasSource("sha256:empty"); !ok {
		t.Fatal("empty source not recorded")
	}
	// Appending to a finished transaction is an error, not a panic.
	if err := tx.Append("Clicks", clickSchema, batchOf(t, clickSchema, nil)); err == nil {
		t.Fatal("append after commit accepted")
	}
}

// countFiles counts files under dir/tables whose name has suffix.
func countFiles(t testing.TB, dir, suffix string) int {
	n := 0
	filepath.WalkDir(filepath.Join(dir, "tables"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			n++
		}
		return nil
	})
	return n
}

func TestAppendErrors(t *testing.T) {
	s, _ := Open(t.TempDir(), nil)
	tx, _ := s.Begin()
	defer tx.Abort()
	b := batchOf(t, clickSchema, dayRows(t, 1, 2))
	cases := map[string]func() error{
		"no name":      func() error { return tx.Append("", clickSchema, b) },
		"column count": func() error { return tx.Append("X", clickSchema[:2], b) },
		"wrong type": func() error {
			return tx.Append("X", types.Schema{clickSchema[0], clickSchema[1], {Name: "ActionType", Type: types.Long}}, b)
		},
		"duplicate name": func() error {
			return tx.Append("X", types.Schema{clickSchema[0], clickSchema[1], {Name: "Url", Type: types.String}}, b)
		},
	}
	for name, f := range cases {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSecondWriterWaitsThenFails(t *testing.T) {
	dir := t.TempDir()
	s1, _ := Open(dir, nil)
	s2, _ := Open(dir, &Options{LockTimeout: 200 * time.Millisecond})
	tx, err := s1.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Begin(); err == nil || !strings.Contains(err.Error(), "being written by another quarry process") {
		t.Fatalf("second writer: %v", err)
	}
	tx.Abort()
	tx2, err := s2.Begin()
	if err != nil {
		t.Fatalf("after the first writer finished: %v", err)
	}
	tx2.Abort()
}

func TestCompaction(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, &Options{RetireGrace: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	all := dayRows(t, 2, 50)
	for i := 0; i < 5; i++ {
		var part [][]any
		for j := i; j < len(all); j += 5 {
			part = append(part, all[j])
		}
		commitRows(t, s, "Clicks", clickSchema, part, "")
	}
	// Grow the schema between files: the merged file has every column.
	wide := append(append(types.Schema(nil), clickSchema...), types.Column{Name: "Extra", Type: types.Long})
	commitRows(t, s, "Clicks", wide, [][]any{{ticks(t, "2024-03-01T23:59:00Z"), "w", "ClickBlocked", int64(9)}}, "")
	infos, _ := s.Tables()
	if infos[0].Files != 11 {
		t.Fatalf("files before: %d", infos[0].Files)
	}
	// A reader of the old manifest, started before compaction.
	old, err := s.OpenScan(ctx(), scanAll("Clicks", wide))
	if err != nil {
		t.Fatal(err)
	}
	before := sortByTime(readAll(t, s, scanAll("Clicks", wide)))
	st, err := s.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if st.Partitions != 2 || st.FilesBefore != 11 || st.FilesAfter != 2 || st.Rows != 101 {
		t.Fatalf("stats %+v", st)
	}
	infos, _ = s.Tables()
	if infos[0].Files != 2 || infos[0].Rows != 101 {
		t.Fatalf("after: %+v", infos[0])
	}
	sameRows(t, sortByTime(readAll(t, s, scanAll("Clicks", wide))), before)
	sameRows(t, sortByTime(drain(t, old)), before)
	// Retired files stay for the grace period, then go.
	if n := countFiles(t, dir, ".parquet"); n != 13 {
		t.Fatalf("%d files on disk during the grace period, want 13", n)
	}
	s2, _ := Open(dir, &Options{RetireGrace: time.Nanosecond})
	if n := countFiles(t, dir, ".parquet"); n != 2 {
		t.Fatalf("%d files on disk after the grace period, want 2", n)
	}
	commitRows(t, s2, "Clicks", clickSchema, dayRows(t, 1, 1), "")
	m, _ := s2.snapshot()
	if len(m.Retired) != 0 {
		t.Fatalf("retired list not pruned: %d", len(m.Retired))
	}
	// Nothing to do the second time.
	if st, err := s2.Compact(); err != nil || st.Partitions != 1 {
		t.Fatalf("second compaction: %+v %v", st, err)
	}
	if st, err := s2.Compact(); err != nil || st.Partitions != 0 {
		t.Fatalf("third compaction: %+v %v", st, err)
	}
}

func TestConcurrentReadersDuringCommits(t *testing.T) {
	dir := t.TempDir()
	w, _ := Open(dir, nil)
	commitRows(t, w, "Clicks", clickSchema, dayRows(t, 1, 100), "")
	r, _ := Open(dir, nil) // a separate store value, as another process would have
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				rows := readAll(t, r, scanAll("Clicks", clickSchema))
				// Every commit adds 100 rows: a reader sees whole commits.
				if len(rows)%100 != 0 || len(rows) == 0 {
					errs <- itoa(len(rows))
					return
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		commitRows(t, w, "Clicks", clickSchema, dayRows(t, 2, 50), "")
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("a reader saw a partial commit: %s rows", e)
	}
	if n := len(readAll(t, r, scanAll("Clicks", clickSchema))); n != 2100 {
		t.Fatalf("final rows %d", n)
	}
}

func TestDamagedManifestIsAClearError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, manifestName), []byte(`{"format":"quarry-store","version":1,"tables":[{"name":"X"`), 0o644)
	_, err := Open(dir, nil)
	if err == nil || !strings.Contains(err.Error(), "manifest.json is damaged") {
		t.Fatalf("got %v", err)
	}
	os.WriteFile(filepath.Join(dir, manifestName), []byte(`{"format":"quarry-store","version":7,"generation":1,"tables":[]}`), 0o644)
	if _, err := Open(dir, nil); err == nil || !strings.Contains(err.Error(), "newer quarry") {
		t.Fatalf("got %v", err)
	}
}

func TestDamagedFileIsAClearError(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, nil)
	commitRows(t, s, "Clicks", clickSchema, dayRows(t, 1, 10), "")
	m, _ := s.snapshot()
	p := filepath.Join(dir, m.Tables[0].Partitions[0].Files[0].Path)
	os.WriteFile(p, []byte("PAR1 garbage"), 0o644)
	r, err := s.OpenScan(ctx(), scanAll("Clicks", clickSchema))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "not a readable Parquet file") {
		t.Fatalf("got %v", err)
	}
}

func TestTableNamesNeedingEscapes(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, nil)
	sch := types.Schema{{Name: "A", Type: types.Long}}
	for _, name := range []string{"a/b", "..", "Ab", "ab", "日本"} {
		commitRows(t, s, name, sch, [][]any{{int64(1)}}, "")
	}
	s2, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/b", "..", "Ab", "ab", "日本"} {
		if rows := readAll(t, s2, scanAll(name, sch)); len(rows) != 1 {
			t.Fatalf("%q: %d rows", name, len(rows))
		}
	}
	if got := strings.Join(s2.Names(), ","); got != "..,Ab,a/b,ab,日本" {
		t.Fatalf("names %s", got)
	}
}
