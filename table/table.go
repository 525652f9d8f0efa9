// Package table holds in-memory tables (typed column batches) and the
// readers that load a user's log files into them: JSON lines, JSON arrays
// and envelopes (Defender streaming API, Log Analytics export) and CSV
// (the Defender portal export).
package table

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Table is a named table held in memory as batches of column vectors
// matching Schema.
type Table struct {
	Name    string
	Schema  types.Schema
	Batches []*column.Batch
}

// NumRows returns the number of rows.
func (t *Table) NumRows() int {
	n := 0
	for _, b := range t.Batches {
		n += b.N
	}
	return n
}

// Empty returns a table with a schema and no rows.
func Empty(name string, s types.Schema) *Table {
	return &Table{Name: name, Schema: append(types.Schema(nil), s...)}
}

// FromRows builds a table from rows of boxed values (see package value),
// coerced to the schema's types as file loading does: a value that does
// not convert becomes null. Rows shorter than the schema are padded with
// nulls; extra values are ignored.
func FromRows(name string, s types.Schema, rows [][]any) *Table {
	b := NewBuilder(s)
	for _, r := range rows {
		b.Append(r)
	}
	return &Table{Name: name, Schema: append(types.Schema(nil), s...), Batches: b.Finish()}
}

// Builder appends rows of boxed values and cuts them into batches of
// column.BatchSize rows.
type Builder struct {
	cols    []*colBuilder
	n       int
	batches []*column.Batch
}

// NewBuilder returns a builder for rows of schema s.
func NewBuilder(s types.Schema) *Builder {
	b := &Builder{cols: make([]*colBuilder, len(s))}
	for i, c := range s {
		b.cols[i] = newColBuilder(c.Type, 256)
	}
	return b
}

// Append adds one row. Values are coerced to the column types; strings
// holding JSON become dynamic values in dynamic columns.
func (b *Builder) Append(row []any) {
	for i, c := range b.cols {
		if i < len(row) {
			c.appendValue(row[i], false)
		} else {
			c.appendNull()
		}
	}
	b.n++
	if b.n == column.BatchSize {
		b.flush()
	}
}

func (b *Builder) flush() {
	if b.n == 0 {
		return
	}
	vecs := make([]*column.Vector, len(b.cols))
	for i, c := range b.cols {
		vecs[i] = c.build()
	}
	b.batches = append(b.batches, column.NewBatch(b.n, vecs...))
	b.n = 0
}

// Finish returns the batches built so far, including a last partial one.
func (b *Builder) Finish() []*column.Batch {
	b.flush()
	out := b.batches
	b.batches = nil
	return out
}
