package table

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// Catalog is the schema source a Store starts from (schema.Catalog
// satisfies it).
type Catalog interface {
	Table(name string) (types.Schema, bool)
	Names() []string
}

// Store is a set of in-memory tables over a schema catalog. Every catalog
// table exists, empty until data is loaded; loaded tables may add columns
// the catalog lacks. It answers the binder's table questions (Table,
// Names) and serves Scan nodes.
type Store struct {
	cat    Catalog
	tables map[string]*Table
	order  []string // loaded tables not in the catalog, in load order
}

// NewStore returns a store over cat (nil for none).
func NewStore(cat Catalog) *Store {
	return &Store{cat: cat, tables: map[string]*Table{}}
}

// Table returns a table's schema: the loaded one when data was loaded,
// else the catalog's.
func (s *Store) Table(name string) (types.Schema, bool) {
	if t, ok := s.tables[name]; ok {
		return t.Schema, true
	}
	if s.cat != nil {
		return s.cat.Table(name)
	}
	return nil, false
}

// Names returns the catalog's tables, then tables loaded beyond it.
func (s *Store) Names() []string {
	var out []string
	if s.cat != nil {
		out = s.cat.Names()
	}
	return append(out, s.order...)
}

// Get returns a loaded table, or an empty one for a catalog table.
func (s *Store) Get(name string) (*Table, bool) {
	if t, ok := s.tables[name]; ok {
		return t, true
	}
	if sch, ok := s.Table(name); ok {
		return Empty(name, sch), true
	}
	return nil, false
}

// LoadFile reads a file into table name, typed by the table's current
// schema (catalog or previously loaded data); loading several files into
// one table appends their rows.
func (s *Store) LoadFile(name, path string) error {
	known, _ := s.Table(name)
	t, err := ReadFile(path, name, known)
	if err != nil {
		return err
	}
	return s.Add(t)
}

// Add stores a table, appending to a table of the same name. Columns
// either side lacks are filled with nulls; a column's type must agree.
func (s *Store) Add(t *Table) error {
	cur, ok := s.tables[t.Name]
	if !ok {
		if s.cat == nil {
			s.order = append(s.order, t.Name)
		} else if _, inCat := s.cat.Table(t.Name); !inCat {
			s.order = append(s.order, t.Name)
		}
		s.tables[t.Name] = t
		return nil
	}
	merged := append(types.Schema(nil), cur.Schema...)
	for _, c := range t.Schema {
		if i := merged.Index(c.Name); i < 0 {
			merged = append(merged, c)
		} else if merged[i].Type != c.Type {
			return fmt.Errorf("table %s: column %s is %s in the data loaded first and %s in the next", t.Name, c.Name, merged[i].Type, c.Type)
		}
	}
	out := &Table{Name: t.Name, Schema: merged}
	for _, src := range []*Table{cur, t} {
		for _, b := range src.Batches {
			out.Batches = append(out.Batches, conform(b, src.Schema, merged))
		}
	}
	s.tables[t.Name] = out
	return nil
}

// conform reorders a batch's columns to schema to, with null columns for
// those from lacks.
func conform(b *column.Batch, from, to types.Schema) *column.Batch {
	cols := make([]*column.Vector, len(to))
	for i, c := range to {
		if j := from.Index(c.Name); j >= 0 {
			cols[i] = b.Cols[j]
		} else {
			cols[i] = nullColumn(c.Type, b.N)
		}
	}
	return column.NewBatch(b.N, cols...)
}

// Loaded lists the names of tables holding data, sorted.
func (s *Store) Loaded() []string {
	out := make([]string, 0, len(s.tables))
	for n := range s.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Scan opens a reader over the columns a Scan node asks for (s.Project
// positions into s.Columns, or all of them), in that order. Columns are
// matched by name, so a catalog table without data, or data lacking a
// column, reads as nulls. Every row is returned: time pruning is left to
// the filter above.
func (s *Store) Scan(ctx context.Context, sc *plan.Scan) (*Reader, error) {
	want := sc.Columns
	if sc.Project != nil {
		want = make(types.Schema, len(sc.Project))
		for i, p := range sc.Project {
			if p < 0 || p >= len(sc.Columns) {
				return nil, fmt.Errorf("scan of %s: column position %d out of range", sc.Table, p)
			}
			want[i] = sc.Columns[p]
		}
	}
	t, ok := s.tables[sc.Table]
	if !ok {
		if _, known := s.Table(sc.Table); !known {
			return nil, fmt.Errorf("table '%s' does not exist: load it with --table %s=FILE", sc.Table, sc.Table)
		}
		return &Reader{ctx: ctx}, nil
	}
	idx := make([]int, len(want))
	for i, c := range want {
		idx[i] = t.Schema.Index(c.Name)
		if idx[i] >= 0 && t.Schema[idx[i]].Type != c.Type {
			return nil, fmt.Errorf("table '%s' column '%s' holds %s, the query expects %s", sc.Table, c.Name, t.Schema[idx[i]].Type, c.Type)
		}
	}
	return &Reader{ctx: ctx, t: t, idx: idx, want: want}, nil
}

// Reader yields a table's batches projected to the scanned columns, then
// io.EOF.
type Reader struct {
	ctx  context.Context
	t    *Table
	idx  []int
	want types.Schema
	next int
}

// Next returns the next batch, or io.EOF at the end.
func (r *Reader) Next() (*column.Batch, error) {
	if r.ctx != nil {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
	}
	if r.t == nil || r.next >= len(r.t.Batches) {
		return nil, io.EOF
	}
	b := r.t.Batches[r.next]
	r.next++
	cols := make([]*column.Vector, len(r.idx))
	for i, j := range r.idx {
		if j >= 0 {
			cols[i] = b.Cols[j]
		} else {
			cols[i] = nullColumn(r.want[i].Type, b.N)
		}
	}
	return column.NewBatch(b.N, cols...), nil
}

// nullColumn is an all-null column stored row by row: operators may index
// a scanned vector's storage directly, so scans never hand out constant
// vectors.
func nullColumn(t types.Type, n int) *column.Vector {
	b := newColBuilder(t, n)
	for i := 0; i < n; i++ {
		b.appendNull()
	}
	return b.build()
}
