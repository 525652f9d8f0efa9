package storage

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// batchOf builds a batch from boxed rows (nil = null).
func batchOf(t testing.TB, sch types.Schema, rows [][]any) *column.Batch {
	t.Helper()
	cols := make([]*column.Vector, len(sch))
	for c, col := range sch {
		b := column.NewBuilder(col.Type, len(rows))
		for _, r := range rows {
			b.AppendValue(r[c])
		}
		cols[c] = b.Build()
	}
	return column.NewBatch(len(rows), cols...)
}

// readAll scans a table and returns its rows boxed.
func readAll(t testing.TB, s *Store, sc *plan.Scan) [][]any {
	t.Helper()
	r, err := s.OpenScan(context.Background(), sc)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return drain(t, r)
}

func drain(t testing.TB, r *Reader) [][]any {
	t.Helper()
	var rows [][]any
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		if b.N > column.BatchSize {
			t.Fatalf("batch of %d rows exceeds BatchSize", b.N)
		}
		for i := 0; i < b.N; i++ {
			row := make([]any, len(b.Cols))
			for c, v := range b.Cols {
				if v.Len() != b.N {
					t.Fatalf("column %d has %d rows in a batch of %d", c, v.Len(), b.N)
				}
				row[c] = v.Value(i)
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func scanAll(table string, sch types.Schema) *plan.Scan {
	return &plan.Scan{Table: table, Columns: sch}
}

// sameValue compares boxed values; dynamic trees by Kusto equality, reals
// bit for bit (NaN included).
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case []any, *value.Bag:
		return value.Equal(a, b) && string(value.AppendJSON(nil, a)) == string(value.AppendJSON(nil, b))
	}
	return a == b
}

func sameRows(t testing.TB, got, want [][]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("row %d: got %d columns, want %d", i, len(got[i]), len(want[i]))
		}
		for c := range want[i] {
			if !sameValue(got[i][c], want[i][c]) {
				t.Fatalf("row %d column %d: got %s, want %s", i, c, show(got[i][c]), show(want[i][c]))
			}
		}
	}
}

func show(x any) string {
	s := fmt.Sprintf("%T(%v)", x, x)
	if b, ok := x.(*value.Bag); ok {
		s = string(value.AppendJSON(nil, b))
	}
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

func mustJSON(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseJSON(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ticks(t testing.TB, s string) value.DateTime {
	t.Helper()
	d, ok := value.ParseDateTime(s)
	if !ok {
		t.Fatalf("bad datetime %q", s)
	}
	return d
}

func commitRows(t testing.TB, s *Store, table string, sch types.Schema, rows [][]any, hash string) {
	t.Helper()
	tx, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Append(table, sch, batchOf(t, sch, rows)); err != nil {
		tx.Abort()
		t.Fatal(err)
	}
	if err := tx.Commit(hash); err != nil {
		t.Fatal(err)
	}
}

func ctx() context.Context { return context.Background() }

func itoa(i int) string { return fmt.Sprint(i) }

func rowsOf(b *column.Batch) [][]any {
	var rows [][]any
	for i := 0; i < b.N; i++ {
		row := make([]any, len(b.Cols))
		for c, v := range b.Cols {
			row[c] = v.Value(i)
		}
		rows = append(rows, row)
	}
	return rows
}

var _ = strings.Repeat
