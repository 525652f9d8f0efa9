package table

import (
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// loader turns records (name → raw value) into a table. Columns of the
// known schema are converted as rows arrive; columns the schema lacks are
// kept raw until the end, when their types are inferred from all values,
// and are appended after the known columns in first-seen order.
type loader struct {
	name  string
	known types.Schema
	text  bool // values are CSV text

	byName map[string]int // exact name → column (known or extra)
	byFold map[string]int // lower-case name → known column
	ts, tg int            // Timestamp and TimeGenerated among known, or -1

	cols  []*colBuilder // known columns, current batch
	isSet []bool        // per known column, set in the current row
	tsRaw any           // Timestamp/TimeGenerated value of the current row

	extras   []*extraCol
	extraSet []bool

	n       int // rows in the current batch
	total   int
	batches [][]*column.Vector
	sizes   []int
}

type extraCol struct {
	name string
	raw  []any // one per row of the table
}

func newLoader(name string, known types.Schema, text bool) *loader {
	l := &loader{name: name, known: known, text: text, byName: map[string]int{}, byFold: map[string]int{}, ts: -1, tg: -1}
	for i, c := range known {
		l.byName[c.Name] = i
		l.byFold[strings.ToLower(c.Name)] = i
		l.cols = append(l.cols, newColBuilder(c.Type, 1024))
		switch c.Name {
		case "Timestamp":
			l.ts = i
		case "TimeGenerated":
			l.tg = i
		}
	}
	l.isSet = make([]bool, len(known))
	return l
}

// column resolves a record key to a column index: known columns first
// (exactly, then ignoring case), Timestamp and TimeGenerated standing in
// for each other when the schema has only one, else an extra column
// (created on first sight). Extra columns are numbered after the known.
func (l *loader) column(key string) int {
	if i, ok := l.byName[key]; ok {
		return i
	}
	if i, ok := l.byFold[strings.ToLower(key)]; ok {
		return i
	}
	switch {
	case key == "TimeGenerated" && l.ts >= 0 && l.tg < 0:
		return l.ts
	case key == "Timestamp" && l.tg >= 0 && l.ts < 0:
		return l.tg
	}
	i := len(l.known) + len(l.extras)
	l.extras = append(l.extras, &extraCol{name: key, raw: make([]any, l.total, l.total+1024)})
	l.extraSet = append(l.extraSet, false)
	l.byName[key] = i
	return i
}

// set stores one value of the current row; a repeated key keeps the
// first value.
func (l *loader) set(key string, x any) {
	i := l.column(key)
	if i < len(l.known) {
		if l.isSet[i] {
			return
		}
		l.isSet[i] = true
		l.cols[i].appendValue(x, l.text)
		if (i == l.ts || i == l.tg) && l.tsRaw == nil {
			l.tsRaw = x
		}
		return
	}
	e := i - len(l.known)
	if l.extraSet[e] {
		return
	}
	l.extraSet[e] = true
	l.extras[e].raw = append(l.extras[e].raw, x)
}

// endRow completes the current row with nulls (or, for one of
// Timestamp/TimeGenerated, the other's value).
func (l *loader) endRow() {
	for i, ok := range l.isSet {
		if ok {
			l.isSet[i] = false
			continue
		}
		if (i == l.ts || i == l.tg) && l.tsRaw != nil {
			l.cols[i].appendValue(l.tsRaw, l.text)
			continue
		}
		l.cols[i].appendNull()
	}
	l.tsRaw = nil
	for e, ok := range l.extraSet {
		if ok {
			l.extraSet[e] = false
			continue
		}
		l.extras[e].raw = append(l.extras[e].raw, nil)
	}
	l.n++
	l.total++
	if l.n == column.BatchSize {
		l.flush()
	}
}

func (l *loader) flush() {
	if l.n == 0 {
		return
	}
	vecs := make([]*column.Vector, len(l.cols))
	for i, c := range l.cols {
		vecs[i] = c.build()
	}
	l.batches = append(l.batches, vecs)
	l.sizes = append(l.sizes, l.n)
	l.n = 0
}

// finish infers the extra columns' types and assembles the table.
func (l *loader) finish() *Table {
	l.flush()
	schema := append(types.Schema(nil), l.known...)
	for _, e := range l.extras {
		schema = append(schema, types.Column{Name: e.name, Type: inferType(e.raw, l.text)})
	}
	t := &Table{Name: l.name, Schema: schema}
	start := 0
	for bi, vecs := range l.batches {
		n := l.sizes[bi]
		for k, e := range l.extras {
			cb := newColBuilder(schema[len(l.known)+k].Type, n)
			for _, x := range e.raw[start : start+n] {
				cb.appendValue(x, l.text)
			}
			vecs = append(vecs, cb.build())
		}
		t.Batches = append(t.Batches, column.NewBatch(n, vecs...))
		start += n
	}
	return t
}
