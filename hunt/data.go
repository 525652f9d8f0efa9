// Package hunt runs Sentinel rules on the user's data: each rule's query
// (with _GetWatchlist resolved), minus the rows its exclusions match,
// within a time window, in parallel; analytics rules apply their trigger
// and map entities. It also checks rules without running them (parse,
// bind, and whether the tables they need hold data).
package hunt

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

// Data is the database rules run against: the binder's schemas and the
// executor's scans. The in-memory table.Store (through FromTables) and
// the on-disk store both provide it.
type Data interface {
	Table(name string) (types.Schema, bool)
	Names() []string
	Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error)
}

// FromTables serves an in-memory store (tables loaded with --table).
func FromTables(st *table.Store) Data { return tableData{st} }

type tableData struct{ *table.Store }

func (t tableData) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	r, err := t.Store.Scan(ctx, sc)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Window is a time range [From, To] in 100 ns ticks; nil ends are open.
type Window struct {
	From, To *int64
}

// IsZero reports an unbounded window.
func (w Window) IsZero() bool { return w.From == nil && w.To == nil }

// timeColumns are the columns a table's rows are dated by, in order of
// preference (Timestamp and TimeGenerated stand in for each other).
var timeColumns = []string{"Timestamp", "TimeGenerated"}

// source is the per-run view of the data: watchlist tables added, every
// table limited to the window, and rows counted per table so that the
// run can say which tables held nothing.
type source struct {
	data   Data
	wl     map[string]*table.Table // by internal table name
	wstore *table.Store
	win    Window

	mu   sync.Mutex
	rows map[string]*atomic.Int64
}

// newSource serves data within win, and every watchlist of wls (all
// loaded ones: which a query reads is only known once its _GetWatchlist
// calls are bound).
func newSource(data Data, wls []*watchlist.Watchlist, win Window) *source {
	s := &source{data: data, win: win, rows: map[string]*atomic.Int64{}}
	if len(wls) > 0 {
		s.wl = map[string]*table.Table{}
		s.wstore = table.NewStore(nil)
		for _, w := range wls {
			s.wl[w.Table.Name] = w.Table
			// Watchlist tables have distinct names: Add cannot fail.
			_ = s.wstore.Add(w.Table)
		}
	}
	return s
}

// Table answers the binder: watchlists first, then the data.
func (s *source) Table(name string) (types.Schema, bool) {
	if t, ok := s.wl[name]; ok {
		return t.Schema, true
	}
	return s.data.Table(name)
}

// Names lists the data's tables.
func (s *source) Names() []string { return s.data.Names() }

func (s *source) counter(name string) *atomic.Int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.rows[name]
	if !ok {
		c = &atomic.Int64{}
		s.rows[name] = c
	}
	return c
}

// scanned returns the rows each scanned data table yielded.
func (s *source) scanned() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.rows))
	for k, v := range s.rows {
		out[k] = v.Load()
	}
	return out
}

// Scan serves watchlists from memory and data tables through the
// window. The window is also passed down as the scan's time range, so a
// store that prunes partitions by time reads only what the window needs.
func (s *source) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	if _, ok := s.wl[sc.Table]; ok {
		r, err := s.wstore.Scan(ctx, sc)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	cnt := s.counter(sc.Table)
	tcols := timeCols(sc.Columns)
	if s.win.IsZero() || len(tcols) == 0 {
		r, err := s.data.Scan(ctx, sc)
		if err != nil {
			return nil, err
		}
		return &countingReader{r: r, n: cnt}, nil
	}
	inner := *sc
	width := len(sc.Columns)
	if sc.Project != nil {
		width = len(sc.Project)
	}
	// Make sure the time columns are read; they are dropped again after
	// filtering when the query did not ask for them.
	pos := make([]int, len(tcols))
	if sc.Project != nil {
		inner.Project = append([]int(nil), sc.Project...)
		for i, tc := range tcols {
			pos[i] = -1
			for j, p := range inner.Project {
				if p == tc {
					pos[i] = j
				}
			}
			if pos[i] < 0 {
				pos[i] = len(inner.Project)
				inner.Project = append(inner.Project, tc)
			}
		}
	} else {
		copy(pos, tcols)
	}
	if inner.TimeColumn == "" || inner.TimeColumn == sc.Columns[tcols[0]].Name {
		inner.TimeColumn = sc.Columns[tcols[0]].Name
		inner.From, inner.To = narrow(sc.From, s.win.From, true), narrow(sc.To, plusOne(s.win.To), false)
	}
	r, err := s.data.Scan(ctx, &inner)
	if err != nil {
		return nil, err
	}
	return &windowReader{r: r, n: cnt, win: s.win, pos: pos, width: width}, nil
}

func plusOne(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p + 1
	return &v
}

// narrow intersects a scan bound with the window's.
func narrow(a, b *int64, lower bool) *int64 {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case lower == (*a > *b):
		return a
	}
	return b
}

// timeCols finds the datetime columns rows are dated by.
func timeCols(s types.Schema) []int {
	var out []int
	for _, name := range timeColumns {
		if i := s.Index(name); i >= 0 && s[i].Type == types.DateTime {
			out = append(out, i)
		}
	}
	return out
}

type countingReader struct {
	r exec.BatchReader
	n *atomic.Int64
}

func (c *countingReader) Next() (*column.Batch, error) {
	b, err := c.r.Next()
	if b != nil {
		c.n.Add(int64(b.N))
	}
	return b, err
}

// windowReader keeps the rows dated inside the window (by the first
// non-null time column) and drops the time columns it added.
type windowReader struct {
	r     exec.BatchReader
	n     *atomic.Int64
	win   Window
	pos   []int // time columns in the inner batches
	width int   // columns the caller asked for
	idx   []int32
}

func (w *windowReader) Next() (*column.Batch, error) {
	for {
		b, err := w.r.Next()
		if err != nil {
			return nil, err
		}
		if b == nil {
			return nil, io.EOF
		}
		keep := w.filter(b)
		var out *column.Batch
		if keep == nil {
			out = b
		} else if len(keep) > 0 {
			out = column.TakeBatch(b, keep)
		}
		if out == nil {
			continue
		}
		if len(out.Cols) > w.width {
			out = column.NewBatch(out.N, out.Cols[:w.width]...)
		}
		w.n.Add(int64(out.N))
		return out, nil
	}
}

// filter returns the rows to keep, or nil when all are kept.
func (w *windowReader) filter(b *column.Batch) []int32 {
	lo, hi := int64(-1<<63), int64(1<<63-1)
	if w.win.From != nil {
		lo = *w.win.From
	}
	if w.win.To != nil {
		hi = *w.win.To
	}
	cols := make([]*column.Vector, len(w.pos))
	for i, p := range w.pos {
		cols[i] = b.Cols[p]
	}
	w.idx = w.idx[:0]
	all := true
	for r := 0; r < b.N; r++ {
		in := false
		for _, c := range cols {
			if c.IsNull(r) {
				continue
			}
			t := c.Int(r)
			in = t >= lo && t <= hi
			break
		}
		if in {
			w.idx = append(w.idx, int32(r))
		} else {
			all = false
		}
	}
	if all {
		return nil
	}
	return append(make([]int32, 0, len(w.idx)), w.idx...)
}
