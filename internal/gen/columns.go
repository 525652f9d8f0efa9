package gen

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

// writer accumulates one column of the current batch.
type writer interface {
	vector(n int) *column.Vector // the batch's vector; starts the next one
}

// dictCol is a dictionary-encoded string column: every batch shares one
// dictionary, as a column chunk read from Parquet would.
type dictCol struct {
	dict  *column.Strings
	index map[string]uint32
	codes []uint32
}

func newDict(vocab []string) *dictCol {
	d := &dictCol{dict: column.StringsOf(vocab...), index: make(map[string]uint32, len(vocab))}
	for i, s := range vocab {
		if _, dup := d.index[s]; !dup {
			d.index[s] = uint32(i)
		}
	}
	return d
}

func (d *dictCol) add(code int) { d.codes = append(d.codes, uint32(code)) }

// addStr appends a vocabulary word by value (it must be in the vocabulary).
func (d *dictCol) addStr(s string) {
	c, ok := d.index[s]
	if !ok {
		panic("gen: " + s + " is not in the column's vocabulary")
	}
	d.codes = append(d.codes, c)
}

func (d *dictCol) vector(n int) *column.Vector {
	v := column.FromStrings(types.String, &column.Strings{Dict: d.dict, Codes: d.codes})
	d.codes = make([]uint32, 0, column.BatchSize)
	return v
}

// plainCol is a string column in one arena (high-cardinality values);
// width is the typical value length, to size the arena once per batch.
type plainCol struct {
	s     *column.Strings
	width int
}

func newPlain(width int) *plainCol {
	return &plainCol{s: column.NewStrings(column.BatchSize, column.BatchSize*width), width: width}
}

func (p *plainCol) add(s string) { p.s.Append(s) }

func (p *plainCol) vector(n int) *column.Vector {
	v := column.FromStrings(types.String, p.s)
	p.s = column.NewStrings(column.BatchSize, column.BatchSize*p.width)
	return v
}

// intCol holds long, int, datetime or timespan values, with nulls.
type intCol struct {
	t     types.Type
	vals  []int64
	nulls column.Bitmap
}

func newInts(t types.Type) *intCol { return &intCol{t: t} }

func (c *intCol) add(x int64) { c.vals = append(c.vals, x) }

func (c *intCol) addNull() {
	if c.nulls == nil {
		c.nulls = column.NewBitmap(column.BatchSize)
	}
	c.nulls.Set(len(c.vals))
	c.vals = append(c.vals, 0)
}

func (c *intCol) vector(n int) *column.Vector {
	v := column.FromInts(c.t, c.vals, c.nulls)
	c.vals, c.nulls = make([]int64, 0, column.BatchSize), nil
	return v
}

type boolCol struct{ vals []bool }

func (c *boolCol) add(x bool) { c.vals = append(c.vals, x) }

func (c *boolCol) vector(n int) *column.Vector {
	v := column.FromBools(c.vals, nil)
	c.vals = make([]bool, 0, column.BatchSize)
	return v
}

// tableWriter cuts generated rows into batches following a schema;
// columns without a writer are constants (the empty string, or null, or
// a fixed value from consts).
type tableWriter struct {
	t      *table.Table
	cols   map[string]writer
	consts map[string]any
	n      int
	rows   int
}

func newTableWriter(name string, s types.Schema) *tableWriter {
	return &tableWriter{t: &table.Table{Name: name, Schema: s}, cols: map[string]writer{}, consts: map[string]any{}}
}

// col registers w as the named column. A schema without that column
// drops the values at each batch cut.
func (tw *tableWriter) col(name string, w writer) { tw.cols[name] = w }

// endRow counts a finished row and cuts a batch when it is full.
func (tw *tableWriter) endRow() {
	tw.n++
	tw.rows++
	if tw.n == column.BatchSize {
		tw.flush()
	}
}

func (tw *tableWriter) flush() {
	if tw.n == 0 {
		return
	}
	built := make(map[string]*column.Vector, len(tw.cols))
	for name, w := range tw.cols {
		built[name] = w.vector(tw.n)
	}
	vecs := make([]*column.Vector, len(tw.t.Schema))
	for i, c := range tw.t.Schema {
		if v, ok := built[c.Name]; ok {
			if v.Type != c.Type {
				panic("gen: " + tw.t.Name + "." + c.Name + " is " + c.Type.String() + ", generated as " + v.Type.String())
			}
			vecs[i] = v
			continue
		}
		x, ok := tw.consts[c.Name]
		if !ok && c.Type == types.String {
			x = ""
		}
		vecs[i] = column.Const(c.Type, x, tw.n)
	}
	tw.t.Batches = append(tw.t.Batches, column.NewBatch(tw.n, vecs...))
	tw.n = 0
}

func (tw *tableWriter) finish() *table.Table {
	tw.flush()
	return tw.t
}
