package ingest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// memSink collects what an ingest appends, per table, conformed to each
// table's final schema (as the store does).
type memSink struct {
	tables map[string]*memTable
	order  []string
}

type memTable struct {
	sch     types.Schema
	batches []*column.Batch
	schemas []types.Schema
}

func newMemSink() *memSink { return &memSink{tables: map[string]*memTable{}} }

func (m *memSink) Append(name string, sch types.Schema, b *column.Batch) error {
	if len(sch) != len(b.Cols) {
		return fmt.Errorf("schema has %d columns, batch %d", len(sch), len(b.Cols))
	}
	for i, c := range sch {
		if b.Cols[i].Len() != b.N {
			return fmt.Errorf("column %s: %d rows, batch %d", c.Name, b.Cols[i].Len(), b.N)
		}
		if b.Cols[i].Type != c.Type {
			return fmt.Errorf("column %s: declared %s, holds %s", c.Name, c.Type, b.Cols[i].Type)
		}
	}
	t := m.tables[name]
	if t == nil {
		t = &memTable{}
		m.tables[name] = t
		m.order = append(m.order, name)
	}
	for _, c := range sch {
		if i := t.sch.Index(c.Name); i < 0 {
			t.sch = append(t.sch, c)
		} else if t.sch[i].Type != c.Type {
			return fmt.Errorf("column %s: stored as %s, appended as %s", c.Name, t.sch[i].Type, c.Type)
		}
	}
	t.batches = append(t.batches, b)
	t.schemas = append(t.schemas, sch)
	return nil
}

// rows returns the table's rows as boxed values in its final schema.
func (t *memTable) rows() [][]any {
	var out [][]any
	for k, b := range t.batches {
		sch := t.schemas[k]
		for r := 0; r < b.N; r++ {
			row := make([]any, len(t.sch))
			for i, c := range t.sch {
				if j := sch.Index(c.Name); j >= 0 {
					row[i] = b.Cols[j].Value(r)
				} else if c.Type == types.String {
					row[i] = ""
				}
			}
			out = append(out, row)
		}
	}
	return out
}

// readMemCat ingests data (one file named path) into memory; with
// skipBad the quarantine goes to a temporary folder.
func readMemCat(t testing.TB, cat Catalog, data, path, format, forced string, skipBad bool, chunk int) (*memSink, *appender, error) {
	t.Helper()
	reg := newRegistry(cat, nil)
	sink := newMemSink()
	var quar *quarantine
	if skipBad {
		dir := t.TempDir()
		quar = &quarantine{dir: dir, base: "q", tmp: dir + "/.q.jsonl.tmp"}
	}
	var rows atomic.Int64
	app := newAppender(sink, reg, path, quar, &rows)
	rt := &route{format: format, forced: forced, folder: folderTable(path)}
	rt.file = knownName(reg, baseName(path))
	if chunk <= 0 {
		chunk = 4 << 20
	}
	err := convertInput(context.Background(), strings.NewReader(data), path, rt, reg, app, skipBad, 2, chunk)
	if err == nil && quar != nil {
		err = quar.publish("sha256:0")
	}
	return sink, app, err
}

// tableRowsCat loads data with the --table loader, as the query
// command does.
func tableRowsCat(t testing.TB, cat Catalog, data, format, name string) (types.Schema, [][]any, error) {
	t.Helper()
	known, _ := cat.Table(name)
	tb, err := table.Read(strings.NewReader(data), "x", format, name, known)
	if err != nil {
		return nil, nil, err
	}
	var out [][]any
	for _, b := range tb.Batches {
		for r := 0; r < b.N; r++ {
			row := make([]any, len(tb.Schema))
			for i := range tb.Schema {
				row[i] = b.Cols[i].Value(r)
			}
			out = append(out, row)
		}
	}
	return tb.Schema, out, nil
}

// sameValue compares boxed values (NaN equals NaN; dynamic by JSON).
func sameValue(a, b any) bool {
	if fa, ok := a.(float64); ok {
		if fb, ok := b.(float64); ok {
			return fa == fb || math.IsNaN(fa) && math.IsNaN(fb)
		}
	}
	switch a.(type) {
	case []any, *value.Bag:
		return bytes.Equal(value.AppendJSON(nil, a), value.AppendJSON(nil, b))
	}
	return value.Equal(a, b) || fmt.Sprintf("%T %v", a, a) == fmt.Sprintf("%T %v", b, b)
}

// sameTable compares a table read both ways: schema and rows, in order.
func sameTable(t testing.TB, got *memTable, wantSch types.Schema, want [][]any) {
	t.Helper()
	if got == nil {
		if len(want) > 0 {
			t.Fatalf("ingest produced no table, the loader %d rows", len(want))
		}
		return
	}
	if got.sch.String() != wantSch.String() {
		t.Fatalf("schema:\n ingest %s\n loader %s", got.sch, wantSch)
	}
	rows := got.rows()
	if len(rows) != len(want) {
		t.Fatalf("rows: ingest %d, loader %d", len(rows), len(want))
	}
	for r := range rows {
		for i, c := range got.sch {
			if !sameValue(rows[r][i], want[r][i]) {
				t.Fatalf("row %d column %s: ingest %#v, loader %#v", r, c.Name, rows[r][i], want[r][i])
			}
		}
	}
}

type bufioReader = bufio.Reader

func newBufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 1<<20) }
