package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// The store is the executor's data source.
var _ exec.Source = (*Store)(nil)

// Scan reads the columns sc asks for (sc.Project positions into
// sc.Columns, all of them when nil), in that order, matched by name: a
// column the table or an older file lacks reads as nulls. Columns are
// returned with their stored type (the executor converts where the query
// expects another). When sc.TimeColumn, sc.From and sc.To are set, files
// and row groups wholly outside [From, To) are skipped; rows outside may
// still be returned. A table the store does not hold reads as empty.
func (s *Store) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	r, err := s.OpenScan(ctx, sc)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// OpenScan is Scan with the concrete reader type.
func (s *Store) OpenScan(ctx context.Context, sc *plan.Scan) (*Reader, error) {
	m, err := s.snapshot()
	if err != nil {
		return nil, err
	}
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
	r := &Reader{ctx: ctx, s: s, table: sc.Table, cols: make([]readCol, len(want))}
	t := m.table(sc.Table)
	for i, c := range want {
		r.cols[i] = readCol{name: c.Name, typ: c.Type}
		if t != nil {
			if j := t.schema.Index(c.Name); j >= 0 {
				r.cols[i].typ = t.schema[j].Type
			}
		}
	}
	if t == nil {
		return r, nil
	}
	if sc.TimeColumn != "" && (sc.From != nil || sc.To != nil) {
		if j := t.schema.Index(sc.TimeColumn); j >= 0 && t.schema[j].Type == types.DateTime {
			r.timeCol, r.from, r.to = sc.TimeColumn, sc.From, sc.To
		}
	}
	byTime := r.timeCol != "" && r.timeCol == t.TimeColumn
	for _, p := range t.Partitions {
		if byTime && p.Key != undatedKey {
			day, _ := parseDayKey(p.Key)
			if !r.overlaps(day*value.Day, (day+1)*value.Day-1) {
				continue
			}
		}
		for _, f := range p.Files {
			if byTime && f.MinTime != nil && !r.overlaps(*f.MinTime, *f.MaxTime) {
				continue
			}
			r.files = append(r.files, f)
		}
	}
	return r, nil
}

// Reader yields a scan's batches, then io.EOF. It is used by one
// goroutine.
type Reader struct {
	ctx     context.Context
	s       *Store
	table   string
	cols    []readCol
	timeCol string
	from    *int64
	to      *int64

	files   []*fileMeta
	next    int // index into files
	cur     *parquetFile
	rg      int // next row group of cur
	opened  int
	pending *column.Batch
	off     int
}

type readCol struct {
	name string
	typ  types.Type
}

type parquetFile struct {
	path string
	f    *os.File
	pf   *parquet.File
	leaf []int // per read column: leaf index in the file, -1 when absent
	tcol int   // leaf of the pruning time column, -1 when absent
}

// overlaps reports whether [lo, hi] meets [from, to).
func (r *Reader) overlaps(lo, hi int64) bool {
	if r.to != nil && lo >= *r.to {
		return false
	}
	if r.from != nil && hi < *r.from {
		return false
	}
	return true
}

// Files is the number of files the scan opened so far.
func (r *Reader) Files() int { return r.opened }

// Planned is the number of files the scan will read after pruning.
func (r *Reader) Planned() int { return len(r.files) }

// Close releases the open file; Next after Close reports io.EOF.
func (r *Reader) Close() error {
	r.next = len(r.files)
	r.pending = nil
	return r.closeFile()
}

func (r *Reader) closeFile() error {
	if r.cur == nil {
		return nil
	}
	err := r.cur.f.Close()
	r.cur = nil
	return err
}

// Next returns the next batch of at most column.BatchSize rows.
func (r *Reader) Next() (*column.Batch, error) {
	for {
		if r.ctx != nil {
			if err := r.ctx.Err(); err != nil {
				r.closeFile()
				return nil, err
			}
		}
		if r.pending != nil && r.off < r.pending.N {
			hi := r.off + column.BatchSize
			if hi > r.pending.N {
				hi = r.pending.N
			}
			b := column.SliceBatch(r.pending, r.off, hi)
			r.off = hi
			return b, nil
		}
		r.pending = nil
		if err := r.nextRowGroup(); err != nil {
			if err != io.EOF {
				r.closeFile()
			}
			return nil, err
		}
	}
}

// nextRowGroup decodes the next row group that pruning keeps into
// r.pending.
func (r *Reader) nextRowGroup() error {
	for {
		if r.cur == nil {
			if r.next >= len(r.files) {
				return io.EOF
			}
			f := r.files[r.next]
			r.next++
			if err := r.openFile(f); err != nil {
				return err
			}
		}
		groups := r.cur.pf.RowGroups()
		if r.rg >= len(groups) {
			if err := r.closeFile(); err != nil {
				return err
			}
			continue
		}
		rg := groups[r.rg]
		r.rg++
		if !r.keepGroup(rg) {
			continue
		}
		b, err := r.decodeGroup(rg)
		if err != nil {
			return fmt.Errorf("reading table '%s' from %s: %w", r.table, r.cur.path, err)
		}
		if b.N > 0 {
			r.pending, r.off = b, 0
			return nil
		}
	}
}

func (r *Reader) openFile(fm *fileMeta) error {
	p := filepath.Join(r.s.dir, filepath.FromSlash(fm.Path))
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("reading table '%s': file %s is gone: the store changed under this query (a compaction or removal); run the query again", r.table, fm.Path)
		}
		return fmt.Errorf("reading table '%s': %w", r.table, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	pf, err := openParquet(f, st.Size())
	if err != nil {
		f.Close()
		return fmt.Errorf("reading table '%s': %s is not a readable Parquet file: %v", r.table, fm.Path, err)
	}
	r.opened++
	r.s.filesOpened.Add(1)
	cur := &parquetFile{path: fm.Path, f: f, pf: pf, leaf: make([]int, len(r.cols)), tcol: -1}
	sch := pf.Schema()
	for i, c := range r.cols {
		cur.leaf[i] = -1
		if lc, ok := sch.Lookup(c.name); ok {
			if err := checkKind(lc.Node.Type().Kind(), c.typ); err != nil {
				f.Close()
				return fmt.Errorf("reading table '%s': %s column %s: %v", r.table, fm.Path, c.name, err)
			}
			cur.leaf[i] = lc.ColumnIndex
		}
	}
	if r.timeCol != "" {
		if lc, ok := sch.Lookup(r.timeCol); ok && lc.Node.Type().Kind() == parquet.Int64 {
			cur.tcol = lc.ColumnIndex
		}
	}
	r.cur, r.rg = cur, 0
	return nil
}

func openParquet(f *os.File, size int64) (pf *parquet.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			pf, err = nil, fmt.Errorf("%w (%v)", errDamaged, p)
		}
	}()
	return parquet.OpenFile(f, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
}

// keepGroup prunes a row group by its time column statistics.
func (r *Reader) keepGroup(rg parquet.RowGroup) (keep bool) {
	if r.cur.tcol < 0 {
		return true
	}
	defer func() {
		if recover() != nil {
			keep = true // damaged statistics: read the group, which reports it
		}
	}()
	bc, ok := rg.ColumnChunks()[r.cur.tcol].(interface {
		Bounds() (min, max parquet.Value, ok bool)
	})
	if !ok {
		return true
	}
	lo, hi, ok := bc.Bounds()
	if !ok || lo.IsNull() || hi.IsNull() {
		return true
	}
	return r.overlaps(lo.Int64(), hi.Int64())
}

// decodeGroup decodes the read columns of one row group, in parallel
// when there are several.
func (r *Reader) decodeGroup(rg parquet.RowGroup) (*column.Batch, error) {
	n := int(rg.NumRows())
	chunks := rg.ColumnChunks()
	cols := make([]*column.Vector, len(r.cols))
	errs := make([]error, len(r.cols))
	decode := func(i int) {
		// The Parquet library may panic on a damaged file: that is an
		// error of this scan, not a crash of the process.
		defer func() {
			if p := recover(); p != nil {
				errs[i] = fmt.Errorf("column %s: %w (%v)", r.cols[i].name, errDamaged, p)
			}
		}()
		leaf := r.cur.leaf[i]
		if leaf < 0 {
			cols[i] = column.Null(r.cols[i].typ, n)
			return
		}
		if leaf >= len(chunks) {
			errs[i] = fmt.Errorf("column %s: no such column chunk", r.cols[i].name)
			return
		}
		v, err := decodeChunk(chunks[leaf], r.cols[i].typ, n)
		if err != nil {
			errs[i] = fmt.Errorf("column %s: %w", r.cols[i].name, err)
			return
		}
		cols[i] = v
	}
	workers := runtime.GOMAXPROCS(0)
	if workers > len(r.cols) {
		workers = len(r.cols)
	}
	if workers <= 1 {
		for i := range r.cols {
			decode(i)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int, len(r.cols))
		for i := range r.cols {
			next <- i
		}
		close(next)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					decode(i)
				}
			}()
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return column.NewBatch(n, cols...), nil
}

// checkKind verifies that a file's physical column type can hold t.
func checkKind(k parquet.Kind, t types.Type) error {
	want := parquet.ByteArray
	switch t {
	case types.Bool:
		want = parquet.Boolean
	case types.Int:
		want = parquet.Int32
	case types.Long, types.DateTime, types.TimeSpan:
		want = parquet.Int64
	case types.Real:
		want = parquet.Double
	case types.Decimal:
		// Text since exact decimals; reals in stores written before.
		if k == parquet.Double {
			return nil
		}
	}
	if k != want {
		return fmt.Errorf("stored as Parquet %s, which cannot hold %s", k, t)
	}
	return nil
}
