package ingest

import (
	"strings"

	"github.com/quarryhunt/quarry/column"
)

// part is the rows of one table found in one chunk of input: the schema
// columns converted by the worker that parsed the chunk, the columns the
// schema lacks kept raw until the appender fixes their types (workers run
// ahead of each other, and one column must get one type).
type part struct {
	def   *tableDef
	text  bool // values are CSV cells
	n     int
	cols  []*colBuf
	vecs  []*column.Vector // cols, built
	extra []*rawCol
	extAt map[string]int
	bytes int64     // input bytes of the part's records
	hint  *sizeHint // its size, for the next part of the table

	// Per-row state of a JSON row.
	slots   []slot
	touched []int
	cache   []cacheEnt // column of the key at each member position
	fails   []fail     // values that did not convert, per column
	unnamed int64      // values of properties named "" (dropped)
}

type rawCol struct {
	name string
	vals []raw
}

type slot struct {
	set bool
	key span
	v   span
}

type cacheEnt struct {
	key string
	col int
}

// fail counts the values of a column that did not convert to its type,
// with the first one.
type fail struct {
	col   int // index into the part's columns (schema, then extra)
	count int64
	line  int
	text  string
}

func newPart(def *tableDef, text bool, h *sizeHint) *part {
	p := &part{def: def, text: text, cols: make([]*colBuf, len(def.cols)), extAt: map[string]int{}}
	rows := 1024
	if h != nil {
		rows = h.rows + h.rows/8 + 16
	}
	for i, c := range def.cols {
		p.cols[i] = newColBuf(c.Type, rows)
		if h != nil && i < len(h.bytes) && p.cols[i].strs != nil {
			b := h.bytes[i]
			p.cols[i].strs.Data = make([]byte, 0, b+b/8+64)
		}
	}
	p.slots = make([]slot, len(def.cols))
	return p
}

// column finds the column of key (schema, else extra, created on first
// sight).
func (p *part) column(key string) int {
	if i := p.def.column(key); i >= 0 {
		return i
	}
	if i, ok := p.extAt[key]; ok {
		return len(p.cols) + i
	}
	name := strings.Clone(key)
	p.extAt[name] = len(p.extra)
	p.extra = append(p.extra, &rawCol{name: name, vals: make([]raw, p.n, p.n+1024)})
	p.slots = append(p.slots, slot{})
	return len(p.cols) + len(p.extra) - 1
}

// columnAt is column with a cache by member position: records of one
// table repeat their keys in the same order.
func (p *part) columnAt(pos int, key string) int {
	if pos < len(p.cache) && p.cache[pos].key == key {
		return p.cache[pos].col
	}
	col := p.column(key)
	for len(p.cache) <= pos {
		p.cache = append(p.cache, cacheEnt{col: -1})
	}
	p.cache[pos] = cacheEnt{key: strings.Clone(key), col: col}
	return col
}

// countFail counts another failure of col; false when it is the first
// (noteFail records it).
func (p *part) countFail(col int) bool {
	for i := range p.fails {
		if p.fails[i].col == col {
			p.fails[i].count++
			return true
		}
	}
	return false
}

func (p *part) noteFail(col, line int, text string) {
	if len(text) > 80 {
		text = text[:80] + "…"
	}
	p.fails = append(p.fails, fail{col: col, count: 1, line: line, text: strings.Clone(text)})
}

// endRow pads the extra columns a row did not set.
func (p *part) endRow() {
	p.n++
	for _, e := range p.extra {
		if len(e.vals) < p.n {
			e.vals = append(e.vals, raw{})
		}
	}
}

// finish builds the schema columns' vectors (in the worker, in parallel
// with other chunks).
func (p *part) finish() {
	p.hint = &sizeHint{rows: p.n, bytes: make([]int, len(p.cols))}
	for i, c := range p.cols {
		if c.strs != nil {
			p.hint.bytes[i] = len(c.strs.Data)
		}
	}
	p.vecs = make([]*column.Vector, len(p.cols))
	for i, c := range p.cols {
		p.vecs[i] = c.build()
	}
	p.cols = nil
	p.slots, p.cache, p.touched = nil, nil, nil
}
