package ingest

import (
	"errors"
	"strconv"
	"sync/atomic"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Sink takes converted rows: a store transaction (storage.Txn), or memory
// in tests.
type Sink interface {
	Append(table string, schema types.Schema, b *column.Batch) error
}

// errNoTable: a file's first record names no table and nothing else
// does (a walked folder skips such files).
var errNoTable = errors.New("no table")

type noTableError struct{ err error }

func (e *noTableError) Error() string { return e.err.Error() }
func (e *noTableError) Unwrap() []error {
	return []error{errNoTable, e.err}
}

// appender consumes a file's chunk results in order, on one goroutine:
// it types the columns the schemas lack, hands batches to the sink, and
// sends bad records to the quarantine.
type appender struct {
	sink   Sink
	reg    *registry
	source string
	quar   *quarantine // nil: bad records fail the file (never reached then)
	first  bool

	tables  map[string]*fileTable
	order   []string
	bad     int64
	records int64
	rows    *atomic.Int64 // for progress
}

// fileTable is what one file put into one table.
type fileTable struct {
	rows  int64
	bytes int64 // input bytes of its records
	fails map[string]*fail
	order []string
	// unnamed counts values of properties named "", which were dropped.
	unnamed int64
}

func newAppender(sink Sink, reg *registry, source string, quar *quarantine, rows *atomic.Int64) *appender {
	return &appender{sink: sink, reg: reg, source: source, quar: quar, first: true, tables: map[string]*fileTable{}, rows: rows}
}

func (a *appender) consume(res *chunkResult) error {
	first := a.first
	a.first = false
	if first && res.noTable {
		msg := res.err
		if msg == nil && len(res.bad) > 0 {
			msg = errors.New(a.source + ":" + strconv.Itoa(res.bad[0].line) + ": " + res.bad[0].msg)
		}
		return &noTableError{msg}
	}
	if res.err != nil {
		return res.err
	}
	for _, b := range res.bad {
		if a.quar == nil {
			return errors.New(a.source + ":" + strconv.Itoa(b.line) + ": " + b.msg)
		}
		if err := a.quar.add(a.source, b); err != nil {
			return err
		}
		a.bad++
	}
	a.records += res.records
	for _, p := range res.parts {
		if p.n == 0 {
			continue
		}
		if err := a.put(p); err != nil {
			return err
		}
	}
	return nil
}

// put types a part's extra columns and appends it.
func (a *appender) put(p *part) error {
	name := p.def.name
	cur := a.reg.def(name)
	sch := append(types.Schema(nil), p.def.cols...)
	cols := append([]*column.Vector(nil), p.vecs...)
	var add types.Schema
	ft := a.table(name)
	for _, e := range p.extra {
		t := types.String
		if i, ok := cur.byName[e.name]; ok {
			t = cur.cols[i].Type
		} else {
			t = inferType(e.vals, p.text)
			add = append(add, types.Column{Name: e.name, Type: t})
		}
		cb := newColBuf(t, p.n)
		for _, r := range e.vals {
			if !cb.putRaw(r, p.text) {
				ft.addFail(e.name, t, fail{count: 1, text: r.s})
			}
		}
		cols = append(cols, cb.build())
		sch = append(sch, types.Column{Name: e.name, Type: t})
	}
	if len(add) > 0 {
		a.reg.fix(name, add)
	}
	for _, f := range p.fails {
		if f.col < len(p.def.cols) {
			ft.addFail(p.def.cols[f.col].Name, p.def.cols[f.col].Type, f)
		}
	}
	if p.hint != nil {
		a.reg.setHint(name, p.hint)
	}
	if err := a.sink.Append(name, sch, column.NewBatch(p.n, cols...)); err != nil {
		return err
	}
	ft.rows += int64(p.n)
	ft.bytes += p.bytes
	ft.unnamed += p.unnamed
	a.rows.Add(int64(p.n))
	return nil
}

func (a *appender) table(name string) *fileTable {
	ft := a.tables[name]
	if ft == nil {
		ft = &fileTable{fails: map[string]*fail{}}
		a.tables[name] = ft
		a.order = append(a.order, name)
	}
	return ft
}

// failKey names a column and its type in conversion reports.
func failKey(col string, t types.Type) string { return col + " (" + t.String() + ")" }

func (ft *fileTable) addFail(col string, t types.Type, f fail) {
	k := failKey(col, t)
	if cur := ft.fails[k]; cur != nil {
		cur.count += f.count
		return
	}
	c := f
	ft.fails[k] = &c
	ft.order = append(ft.order, k)
}
