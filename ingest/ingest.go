package ingest

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quarryhunt/quarry/storage"
)

// Summary is what an ingest did.
type Summary struct {
	Files      int        // files committed
	Skipped    []Skipped  // files not ingested, and why
	Tables     []TableSum // per table, in name order
	Rows       int64
	InBytes    int64 // bytes read (as stored on disk: compressed files count compressed)
	Bad        int64 // malformed records quarantined
	Elapsed    time.Duration
	Quarantine []string // quarantine files written
	Compact    storage.CompactStats
}

// Skipped is a file an ingest passed over.
type Skipped struct {
	Path   string
	Reason string
}

// TableSum is what an ingest added to one table.
type TableSum struct {
	Name string
	Rows int64
	// InBytes is the input read for the table's records (uncompressed
	// record text); StoredBytes the growth of the table in the store.
	InBytes     int64
	StoredBytes int64
	// Seconds is the table's share of the time, by its share of each
	// file's bytes.
	Seconds float64
}

// Ingester loads files into a store. It runs once (New, then Run).
type Ingester struct {
	st   *storage.Store
	opts Options

	sum      Summary
	tables   map[string]*TableSum
	reported map[string]bool // columns and tables already reported
	cleaned  bool
	prog     *progress
}

// New returns an ingester into st.
func New(st *storage.Store, opts Options) (*Ingester, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Ingester{st: st, opts: opts, tables: map[string]*TableSum{}, reported: map[string]bool{}}, nil
}

// Run ingests paths (files, folders walked recursively, "-" for stdin),
// each file in its own commit. It stops at the first file that fails
// (files committed before it stay committed) and returns the summary so
// far with the error.
func (g *Ingester) Run(ctx context.Context, paths []string) (*Summary, error) {
	start := time.Now()
	inputs, err := expand(paths, g.st.Dir())
	if err != nil {
		return &g.sum, err
	}
	before := g.storedBytes()
	if g.opts.Progress != nil {
		g.prog = startProgress(g.opts.Progress)
		defer g.prog.stop()
	}
	var runErr error
	for _, in := range inputs {
		if in.skip != "" {
			g.skip(in, in.skip)
			continue
		}
		if err := g.file(ctx, in); err != nil {
			if in.walked && errors.Is(err, errNoTable) {
				g.skip(in, "cannot tell which table it holds (give --table NAME to ingest it)")
				continue
			}
			runErr = err
			break
		}
	}
	if g.prog != nil {
		g.prog.stop()
	}
	if runErr == nil && g.sum.Files > 0 {
		cs, err := g.st.Compact()
		if err != nil {
			runErr = err
		}
		g.sum.Compact = cs
	}
	after := g.storedBytes()
	for name, t := range g.tables {
		t.StoredBytes = after[name] - before[name]
		g.sum.Tables = append(g.sum.Tables, *t)
	}
	sort.Slice(g.sum.Tables, func(i, j int) bool { return g.sum.Tables[i].Name < g.sum.Tables[j].Name })
	g.sum.Elapsed = time.Since(start)
	return &g.sum, runErr
}

func (g *Ingester) storedBytes() map[string]int64 {
	out := map[string]int64{}
	tis, _ := g.st.Tables()
	for _, t := range tis {
		out[t.Name] = t.Bytes
	}
	return out
}

func (g *Ingester) skip(in *input, reason string) {
	g.sum.Skipped = append(g.sum.Skipped, Skipped{Path: in.name(), Reason: reason})
	fmt.Fprintf(g.opts.Log, "skipped %s: %s\n", in.name(), reason)
}

// file ingests one input in one transaction. A file's content hash is
// computed while it is read (by a second reader, so that a file the
// store already holds is recognised early and abandoned); stdin's is
// computed from what the pipeline reads.
func (g *Ingester) file(ctx context.Context, in *input) error {
	start := time.Now()
	var read, rows atomic.Int64
	o, err := open(in, g.opts.Stdin, &read)
	if err != nil {
		return err
	}
	defer o.Close()
	format := detect(in, o, g.opts.Format)
	tx, err := g.st.Begin()
	if err != nil {
		return err
	}
	if !g.cleaned {
		cleanQuarantine(g.st.Dir())
		g.cleaned = true
	}
	if g.prog != nil {
		g.prog.startFile(in, &read, &rows)
		defer g.prog.endFile()
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		key      string
		dup      atomic.Bool
		hashDone = make(chan error, 1)
	)
	if in.path != "-" {
		// The writer lock is held from here on, so no other ingest can
		// commit this source between the check and the commit.
		go func() {
			sum, err := hashFile(cctx, in.path)
			if err == nil {
				key = sourceKey(sum, &g.opts)
				var done bool
				if done, err = g.st.HasSource(key); err == nil && done && !g.opts.Force {
					dup.Store(true)
				}
			}
			if err != nil || dup.Load() {
				cancel()
			}
			hashDone <- err
		}()
	}
	var quar *quarantine
	if g.opts.SkipBad {
		quar = newQuarantine(g.st.Dir(), in.path)
	}
	reg := newRegistry(g.opts.Catalog, g.st)
	app := newAppender(tx, reg, in.name(), quar, &rows)
	err = g.convert(cctx, in, o, format, reg, app)
	if format == FormatParquet && in.size > read.Load() {
		read.Store(in.size) // read in place, not through the counter
	}
	if in.path != "-" {
		if err != nil && !dup.Load() {
			cancel() // the hash is not needed
		}
		if herr := <-hashDone; herr != nil && err == nil {
			err = herr
		}
	} else if err == nil {
		key = sourceKey(hex.EncodeToString(o.hash.Sum(nil)), &g.opts)
		var done bool
		if done, err = g.st.HasSource(key); err == nil && done && !g.opts.Force {
			dup.Store(true)
		}
	}
	if dup.Load() {
		tx.Abort()
		if quar != nil {
			quar.discard()
		}
		g.skip(in, "already ingested (same content; --force ingests it again)")
		return nil
	}
	if err == nil && quar != nil {
		err = quar.publish(key)
	}
	if err != nil {
		tx.Abort()
		if quar != nil {
			quar.discard()
			quar.unpublish()
		}
		var nt *noTableError
		if errors.As(err, &nt) {
			return err
		}
		return fmt.Errorf("%w\nnothing of %s was stored", err, in.name())
	}
	if g.prog != nil {
		g.prog.commit()
	}
	if err := tx.Commit(key); err != nil {
		if quar != nil {
			quar.unpublish()
		}
		return fmt.Errorf("%s: %w", in.name(), err)
	}
	g.account(in, app, read.Load(), time.Since(start))
	if quar != nil && app.bad > 0 {
		g.sum.Quarantine = append(g.sum.Quarantine, quar.final)
		fmt.Fprintf(g.opts.Log, "%s: %d malformed record%s skipped, kept in %s\n", in.name(), app.bad, plural(app.bad), quar.final)
	}
	return nil
}

// account adds a committed file to the summary and reports what is new
// about its tables.
func (g *Ingester) account(in *input, app *appender, read int64, took time.Duration) {
	g.sum.Files++
	g.sum.InBytes += read
	g.sum.Bad += app.bad
	var total int64
	for _, name := range app.order {
		total += app.tables[name].bytes
	}
	for _, name := range app.order {
		ft := app.tables[name]
		ts := g.tables[name]
		if ts == nil {
			ts = &TableSum{Name: name}
			g.tables[name] = ts
		}
		ts.Rows += ft.rows
		ts.InBytes += ft.bytes
		if total > 0 {
			ts.Seconds += took.Seconds() * float64(ft.bytes) / float64(total)
		}
		g.sum.Rows += ft.rows
		g.reportColumns(name, app.reg.def(name))
		g.reportFails(in, name, ft)
	}
}

// reportColumns says, once per table, which columns no schema had.
func (g *Ingester) reportColumns(table string, d *tableDef) {
	var cols []string
	for _, c := range d.cols[d.known:] {
		k := table + "\x00" + c.Name
		if g.reported[k] {
			continue
		}
		g.reported[k] = true
		cols = append(cols, c.Name+" ("+c.Type.String()+")")
	}
	if len(cols) == 0 {
		return
	}
	if d.inferred && !g.reported[table] {
		g.reported[table] = true
		fmt.Fprintf(g.opts.Log, "%s: not a known table; its columns were inferred from the data: %s\n", table, strings.Join(cols, ", "))
		return
	}
	fmt.Fprintf(g.opts.Log, "%s: %d column%s not in the table's schema, kept: %s\n", table, len(cols), plural(int64(len(cols))), strings.Join(cols, ", "))
}

func (g *Ingester) reportFails(in *input, table string, ft *fileTable) {
	if ft.unnamed > 0 {
		fmt.Fprintf(g.opts.Log, "%s: %s: %d value%s of a property named \"\" dropped (a column needs a name)\n", in.name(), table, ft.unnamed, plural(ft.unnamed))
	}
	for _, k := range ft.order {
		f := ft.fails[k]
		where := ""
		if f.line > 0 {
			where = fmt.Sprintf(" (first at %s:%d: %s)", in.name(), f.line, f.text)
		} else if f.text != "" {
			where = fmt.Sprintf(" (first: %s)", f.text)
		}
		fmt.Fprintf(g.opts.Log, "%s: %s.%s: %d value%s did not convert and %s stored as null%s\n", in.name(), table, k, f.count, plural(f.count), wasWere(f.count), where)
	}
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func wasWere(n int64) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// convert streams one opened input through the pipeline into app.
func (g *Ingester) convert(ctx context.Context, in *input, o *opened, format string, reg *registry, app *appender) error {
	rt := &route{format: format, forced: g.opts.Table, folder: folderTable(in.path)}
	var r io.Reader = o.r
	if in.path != "-" {
		rt.file = knownName(reg, baseName(in.path))
		if format == FormatParquet && !o.gz {
			f, err := os.Open(in.path)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
	}
	return convertInput(ctx, r, in.name(), rt, reg, app, g.opts.SkipBad, g.opts.Workers, g.opts.ChunkBytes)
}

// knownName is name when the store or the catalog knows such a table
// (ignoring case), else "".
func knownName(reg *registry, name string) string {
	if !validTableName(name) {
		return ""
	}
	c := reg.canonical(name)
	for _, cat := range []Catalog{reg.stored, reg.cat} {
		if cat != nil {
			if _, ok := cat.Table(c); ok {
				return c
			}
		}
	}
	return ""
}

// convertInput is the format-specific part of an ingest: r's records into
// app.
func convertInput(ctx context.Context, r io.Reader, path string, rt *route, reg *registry, app *appender, skipBad bool, workers, chunkBytes int) error {
	switch rt.format {
	case FormatCSV:
		table := rt.table()
		if table == "" {
			return &noTableError{fmt.Errorf("%s: cannot tell which table a CSV file holds: give --table NAME", path)}
		}
		if !validTableName(table) {
			return fmt.Errorf("%s: table name %q is not valid", path, table)
		}
		sp, err := newCSVSplitter(r, chunkBytes, path)
		if err != nil {
			return pathError(path, err)
		}
		w := &csvWorker{table: reg.canonical(table), header: sp.header, reg: reg, path: path, skipBad: skipBad}
		if sp.header == nil {
			// A file without even a header row: an empty table.
			return nil
		}
		return pipeline(ctx, workers, wrapErr(path, sp.next), w.chunk, app.consume)
	case FormatParquet:
		f, ok := r.(*os.File)
		if !ok {
			// Parquet is read from its end: spool a stream to a file.
			tmp, err := os.CreateTemp("", "quarry-ingest-*.parquet")
			if err != nil {
				return err
			}
			defer os.Remove(tmp.Name())
			defer tmp.Close()
			if _, err := io.Copy(tmp, r); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			f = tmp
		}
		return convertParquet(ctx, f, path, rt.table(), reg, app)
	}
	sp, err := newJSONSplitter(r, chunkBytes)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// Workers keep their scratch space from chunk to chunk.
	pool := sync.Pool{New: func() any { return newJSONWorker(rt, reg, path, skipBad) }}
	convert := func(c *chunk) *chunkResult {
		w := pool.Get().(*jsonWorker)
		defer pool.Put(w)
		return w.chunk(c)
	}
	return pipeline(ctx, workers, wrapErr(path, sp.next), convert, app.consume)
}

func wrapErr(path string, next func() (*chunk, error)) func() (*chunk, error) {
	return func() (*chunk, error) {
		c, err := next()
		if err != nil {
			return nil, pathError(path, err)
		}
		return c, nil
	}
}

// pathError names the input in a reading error (PATH:LINE: when the line
// is known).
func pathError(path string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%d: %s", path, le.line, le.msg)
	}
	if strings.HasPrefix(err.Error(), path) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// table is the table of a file whose data does not name it.
func (rt *route) table() string {
	switch {
	case rt.forced != "":
		return rt.forced
	case rt.folder != "":
		return rt.folder
	}
	return rt.file
}

var _ Sink = (*storage.Txn)(nil)
