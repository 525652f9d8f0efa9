package table

import "github.com/quarryhunt/quarry/column"

// AppendText adds one row of text cells (a delimited-text record), each
// converted to its column's type as ingestion from CSV does: a cell that
// does not convert, or is empty in a column of another type than
// string, is null; any cell that is JSON text becomes that JSON value in
// a dynamic column. Missing cells are null; extra cells are ignored.
func (b *Builder) AppendText(row []string) {
	for i, c := range b.cols {
		if i < len(row) {
			c.appendValue(row[i], true)
		} else {
			c.appendNull()
		}
	}
	b.n++
	if b.n == column.BatchSize {
		b.flush()
	}
}
