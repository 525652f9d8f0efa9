package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Txn is one commit unit: the rows appended to it become visible together
// at Commit, or not at all. A Txn is used by one goroutine; a store has at
// most one open Txn (or compaction) at a time, across processes.
type Txn struct {
	s      *Store
	base   *manifest
	gen    int64
	tables map[string]*txnTable
	order  []*txnTable
	open   []*openFile   // writers being filled, least recently used first
	done   []*openFile   // finished files, still under their temporary name
	retire []string      // live files this commit replaces (compaction)
	sample *column.Batch // the batch being appended
	rows   int64
	err    error
	closed bool
}

type txnTable struct {
	name    string
	dir     string
	sch     types.Schema
	timeCol string
	timeI   int
	writers map[string]*openFile
}

type openFile struct {
	t       *txnTable
	key     string
	fw      *fileWriter
	size    int64
	lastUse int64 // t.rows when last written
}

// idleRows is how many rows may be appended to other files while a file
// gets none before it is finished: time-ordered input moves from day to
// day, and the days left behind should not hold memory until the commit.
const idleRows = 64 << 10

// Begin starts a transaction, waiting (up to Options.LockTimeout) while
// another process writes.
func (s *Store) Begin() (*Txn, error) {
	if _, err := s.lock(true); err != nil {
		return nil, err
	}
	m, err := s.snapshot()
	if err != nil {
		s.unlockWriter()
		return nil, err
	}
	if !s.cleaned {
		if err := s.cleanup(m); err != nil {
			s.unlockWriter()
			return nil, err
		}
		s.cleaned = true
	}
	return &Txn{s: s, base: m, gen: m.Generation + 1, tables: map[string]*txnTable{}}, nil
}

// Rows is the number of rows appended so far.
func (t *Txn) Rows() int64 { return t.rows }

// Append adds a batch of rows to a table; schema names and types the
// batch's columns. A new table is created with this schema; an existing
// one gains the columns it lacks (at the end: rows stored before read them
// as null), while a column it has must keep its type.
func (t *Txn) Append(table string, schema types.Schema, b *column.Batch) error {
	if t.closed {
		return errors.New("storage: append to a finished transaction")
	}
	if t.err != nil {
		return t.err
	}
	if err := t.append(table, schema, b); err != nil {
		t.err = err
		return err
	}
	return nil
}

func (t *Txn) append(table string, schema types.Schema, b *column.Batch) error {
	if table == "" {
		return errors.New("storage: a table needs a name")
	}
	if len(schema) == 0 {
		return fmt.Errorf("table %s: no columns", table)
	}
	if len(schema) != len(b.Cols) {
		return fmt.Errorf("table %s: the schema has %d columns, the batch %d", table, len(schema), len(b.Cols))
	}
	for i, c := range schema {
		v := b.Cols[i]
		if v.Len() != b.N {
			return fmt.Errorf("table %s: column %s has %d rows, the batch %d", table, c.Name, v.Len(), b.N)
		}
		if v.Type != c.Type {
			return fmt.Errorf("table %s: column %s is declared %s but holds %s values", table, c.Name, c.Type, v.Type)
		}
	}
	tt, err := t.table(table, schema)
	if err != nil {
		return err
	}
	if b.N == 0 {
		return nil
	}
	b = conform(b, schema, tt.sch)
	// A new file picks its encodings from the whole batch: one day's
	// share of it may be too few rows to judge.
	t.sample = b
	for _, part := range splitByDay(b, tt.timeI) {
		if err := t.write(tt, part.key, part.b); err != nil {
			return err
		}
	}
	t.sample = nil
	// Files written by this batch have lastUse == t.rows: only files
	// idle for idleRows rows before it are finished.
	for i := 0; i < len(t.open); {
		if of := t.open[i]; t.rows-of.lastUse > idleRows {
			if err := t.finish(of); err != nil {
				return err
			}
			continue
		}
		i++
	}
	t.rows += int64(b.N)
	return nil
}

// table returns the transaction's state of a table, merging schema into
// its columns.
func (t *Txn) table(name string, schema types.Schema) (*txnTable, error) {
	tt := t.tables[name]
	if tt == nil {
		tt = &txnTable{name: name, writers: map[string]*openFile{}, timeI: -1}
		if bt := t.base.table(name); bt != nil {
			tt.dir, tt.sch, tt.timeCol = bt.Dir, append(types.Schema(nil), bt.schema...), bt.TimeColumn
		} else {
			tt.timeCol = timeColumnOf(schema)
			// Directories of tables new in this transaction count too.
			probe := &manifest{Tables: append([]*tableMeta(nil), t.base.Tables...)}
			for _, o := range t.order {
				probe.Tables = append(probe.Tables, &tableMeta{Dir: o.dir})
			}
			tt.dir = newTableDir(probe, name)
		}
		t.tables[name] = tt
		t.order = append(t.order, tt)
	}
	grown := false
	seen := map[string]bool{}
	for _, c := range schema {
		if seen[c.Name] {
			return nil, fmt.Errorf("table %s: column %s appears twice", name, c.Name)
		}
		seen[c.Name] = true
		i := tt.sch.Index(c.Name)
		if i < 0 {
			tt.sch = append(tt.sch, c)
			grown = true
			continue
		}
		if tt.sch[i].Type != c.Type {
			return nil, fmt.Errorf("table %s: column %s is stored as %s, these rows have it as %s; convert it to %s, or ingest into another table", name, c.Name, tt.sch[i].Type, c.Type, tt.sch[i].Type)
		}
	}
	if grown {
		// Open files have the old columns: finish them.
		for key, of := range tt.writers {
			if err := t.finish(of); err != nil {
				return nil, err
			}
			delete(tt.writers, key)
		}
	}
	if tt.timeCol != "" {
		tt.timeI = tt.sch.Index(tt.timeCol)
	}
	return tt, nil
}

// conform orders a batch's columns as the table's schema, with nulls for
// the columns the batch lacks.
func conform(b *column.Batch, from, to types.Schema) *column.Batch {
	if len(from) == len(to) {
		same := true
		for i := range from {
			if from[i].Name != to[i].Name {
				same = false
				break
			}
		}
		if same {
			return b
		}
	}
	cols := make([]*column.Vector, len(to))
	for i, c := range to {
		if j := from.Index(c.Name); j >= 0 {
			cols[i] = b.Cols[j]
		} else {
			cols[i] = column.Null(c.Type, b.N)
		}
	}
	return column.NewBatch(b.N, cols...)
}

type dayPart struct {
	key string
	b   *column.Batch
}

// splitByDay splits a batch by the UTC day of column ti (all in the
// undated partition when ti < 0 or the time is null).
func splitByDay(b *column.Batch, ti int) []dayPart {
	if ti < 0 {
		return []dayPart{{undatedKey, b}}
	}
	v := b.Cols[ti]
	dayAt := func(i int) int64 {
		if v.IsNull(i) {
			return -1 << 62
		}
		return dayOf(v.Int(i))
	}
	first := dayAt(0)
	same := true
	for i := 1; i < b.N; i++ {
		if dayAt(i) != first {
			same = false
			break
		}
	}
	key := func(d int64) string {
		if d == -1<<62 {
			return undatedKey
		}
		return dayKey(d)
	}
	if same {
		return []dayPart{{key(first), b}}
	}
	rows := map[int64][]int32{}
	var days []int64
	for i := 0; i < b.N; i++ {
		d := dayAt(i)
		if rows[d] == nil {
			days = append(days, d)
		}
		rows[d] = append(rows[d], int32(i))
	}
	out := make([]dayPart, len(days))
	for i, d := range days {
		out[i] = dayPart{key(d), column.TakeBatch(b, rows[d])}
	}
	return out
}

// write appends rows of one partition, starting new files as they fill.
func (t *Txn) write(tt *txnTable, key string, b *column.Batch) error {
	for lo := 0; lo < b.N; {
		of := tt.writers[key]
		if of == nil {
			sample := column.SliceBatch(b, lo, b.N)
			if t.sample != nil && t.sample.N > sample.N && len(t.sample.Cols) == len(tt.sch) {
				sample = t.sample
			}
			var err error
			if of, err = t.newFile(tt, key, sample); err != nil {
				return err
			}
		}
		t.touch(of)
		hi := b.N
		if room := t.s.opts.FileRows - of.fw.rows; int64(hi-lo) > room {
			hi = lo + int(room)
		}
		if err := of.fw.write(column.SliceBatch(b, lo, hi)); err != nil {
			return fmt.Errorf("table %s: %w", tt.name, err)
		}
		// The open files share the memory budget: past its share, a file
		// writes out its row group early.
		if of.fw.buffered() > t.s.opts.WriteMemory/int64(len(t.open)) {
			if err := of.fw.flushGroup(); err != nil {
				return fmt.Errorf("table %s: %w", tt.name, err)
			}
		}
		if of.fw.rows >= t.s.opts.FileRows {
			if err := t.finish(of); err != nil {
				return err
			}
		}
		lo = hi
	}
	return nil
}

func (t *Txn) newFile(tt *txnTable, key string, first *column.Batch) (*openFile, error) {
	for len(t.open) >= t.s.opts.MaxOpenFiles {
		if err := t.finish(t.open[0]); err != nil {
			return nil, err
		}
	}
	rel := fmt.Sprintf("%s/%s/%06d-%s.parquet", tt.dir, key, t.gen, randomID())
	fw, err := newFileWriter(t.s.dir, rel, tt.sch, tt.timeCol, first, t.s.opts.RowGroupRows)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", tt.name, err)
	}
	of := &openFile{t: tt, key: key, fw: fw}
	tt.writers[key] = of
	t.open = append(t.open, of)
	return of, nil
}

// touch marks of as the most recently used open file.
func (t *Txn) touch(of *openFile) {
	of.lastUse = t.rows
	if n := len(t.open); n > 0 && t.open[n-1] == of {
		return
	}
	for i, o := range t.open {
		if o == of {
			copy(t.open[i:], t.open[i+1:])
			t.open[len(t.open)-1] = of
			return
		}
	}
}

// finish completes an open file (durable under its temporary name).
func (t *Txn) finish(of *openFile) error {
	for i, o := range t.open {
		if o == of {
			t.open = append(t.open[:i], t.open[i+1:]...)
			break
		}
	}
	if of.t.writers[of.key] == of {
		delete(of.t.writers, of.key)
	}
	size, err := of.fw.finish()
	if err != nil {
		of.fw.discard()
		return fmt.Errorf("table %s: finishing a file: %w", of.t.name, err)
	}
	of.size = size
	t.done = append(t.done, of)
	return nil
}

// Abort drops everything appended; the store is unchanged.
func (t *Txn) Abort() error {
	if t.closed {
		return nil
	}
	t.closed = true
	t.discardAll(false)
	t.s.unlockWriter()
	return nil
}

func (t *Txn) discardAll(renamed bool) {
	for _, of := range t.open {
		of.fw.discard()
	}
	for _, of := range t.done {
		of.fw.discard()
		if renamed {
			os.Remove(filepath.Join(t.s.dir, filepath.FromSlash(of.fw.rel)))
		}
	}
	t.open, t.done = nil, nil
}
