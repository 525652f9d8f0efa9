package phishing

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Split says how a table's rows are cut into files.
type Split int

const (
	// SplitNone writes one file per table: DIR/<Table>.jsonl.
	SplitNone Split = iota
	// SplitDay writes DIR/<Table>/<YYYY-MM-DD>.jsonl.
	SplitDay
	// SplitHour writes the storage-account layout of the streaming API:
	// DIR/insights-logs-advancedhunting-<table>/tenantId=<id>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
	// (JSON lines despite the extension).
	SplitHour
)

// ParseSplit reads a --split value.
func ParseSplit(s string) (Split, error) {
	switch strings.ToLower(s) {
	case "none", "":
		return SplitNone, nil
	case "day":
		return SplitDay, nil
	case "hour":
		return SplitHour, nil
	}
	return 0, fmt.Errorf("split %q: use none, day or hour", s)
}

func (sp Split) String() string { return [...]string{"none", "day", "hour"}[sp] }

// Tables are the tables generated, in the order they are reported.
var Tables = []string{"AlertInfo", "AlertEvidence", "EmailEvents", "EmailUrlInfo", "UrlClickEvents"}

const (
	tabAlertInfo = iota
	tabAlertEvidence
	tabEmailEvents
	tabEmailUrlInfo
	tabUrlClickEvents
)

const chunkSize = 256 << 10

// chunk is a run of whole records of one partition. With gzip, a
// worker compresses it into its own gzip member (a file of concatenated
// members is valid gzip), so compression runs on every core while the
// file still gets chunks in order.
type chunk struct {
	part int64
	data []byte
	z    []byte        // the gzip member
	done chan struct{} // closed when z is ready; nil without gzip
}

// output holds one writer per table. Rows are formatted on the
// generating goroutine; each table's file writing (and compression) runs
// on its own goroutine, fed full buffers in order.
type output struct {
	dir    string
	split  Split
	gz     bool
	tenant string
	tables [5]*tableWriter
	free   chan []byte // spent buffers, reused
	zjobs  chan *chunk // chunks to compress
	mu     sync.Mutex
	failed error
}

type tableWriter struct {
	out   *output
	name  string
	head  []byte // after "time": up to and including "properties":{
	buf   []byte
	o     obj
	part  int64
	rows  int64
	raw   int64
	ch    chan *chunk
	done  chan struct{}
	files int
	bytes int64 // written to disk (compressed when gzip)
}

func newOutput(dir string, split Split, gz bool, tenant string) (*output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	o := &output{dir: dir, split: split, gz: gz, tenant: tenant}
	o.free = make(chan []byte, 32)
	if gz {
		o.zjobs = make(chan *chunk, 16)
		for i := 0; i < runtime.GOMAXPROCS(0); i++ {
			go compressor(o.zjobs)
		}
	}
	for i, name := range Tables {
		head := fmt.Appendf(nil, `,"tenantId":"%s","operationName":"Publish","category":"AdvancedHunting-%s","properties":{`, tenant, name)
		w := &tableWriter{out: o, name: name, head: head, part: -1, ch: make(chan *chunk, 8), done: make(chan struct{})}
		w.buf = o.buffer()
		o.tables[i] = w
		go w.loop()
	}
	return o, nil
}

func (o *output) buffer() []byte {
	select {
	case b := <-o.free:
		return b
	default:
		return make([]byte, 0, chunkSize+64<<10)
	}
}

func (o *output) partition(t int64) int64 {
	switch o.split {
	case SplitDay:
		return t / day
	case SplitHour:
		return t / hour
	}
	return 0
}

func (o *output) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed
}

func (o *output) fail(err error) {
	o.mu.Lock()
	if o.failed == nil {
		o.failed = err
	}
	o.mu.Unlock()
}

// begin starts a record at event time t and returns the properties
// object to fill; end closes it.
func (w *tableWriter) begin(s *sim, t int64) *obj {
	if p := w.out.partition(t); p != w.part {
		w.flush()
		w.part = p
	}
	// The record's "time" is when Defender received the event, a little
	// after it happened.
	recv := t + 5*second + s.r.expTicks(40*second, 10*minute)
	b := append(w.buf, `{"time":`...)
	b = appendTime(b, recv)
	b = append(b, w.head...)
	w.o = obj{b: b, first: true}
	return &w.o
}

func (w *tableWriter) end(o *obj) {
	w.buf = append(o.b, '}', '}', '\n')
	o.b = nil
	w.rows++
	if len(w.buf) >= chunkSize {
		w.flush()
	}
}

func (w *tableWriter) flush() {
	if len(w.buf) == 0 {
		return
	}
	w.raw += int64(len(w.buf))
	c := &chunk{part: w.part, data: w.buf}
	if w.out.gz {
		c.done = make(chan struct{})
		w.out.zjobs <- c
	}
	w.ch <- c
	w.buf = w.out.buffer()
}

// close flushes and waits for the table's files to be written.
func (w *tableWriter) close() {
	w.flush()
	close(w.ch)
	<-w.done
}

func (w *tableWriter) path(part int64) string {
	o := w.out
	ext := ".jsonl"
	if o.gz {
		ext += ".gz"
	}
	switch o.split {
	case SplitDay:
		y, m, d := civil(part)
		return filepath.Join(o.dir, w.name, fmt.Sprintf("%04d-%02d-%02d%s", y, m, d, ext))
	case SplitHour:
		y, m, d := civil(part / 24)
		ext = ".json"
		if o.gz {
			ext += ".gz"
		}
		return filepath.Join(o.dir, "insights-logs-advancedhunting-"+strings.ToLower(w.name), "tenantId="+o.tenant,
			fmt.Sprintf("y=%04d", y), fmt.Sprintf("m=%02d", m), fmt.Sprintf("d=%02d", d), fmt.Sprintf("h=%02d", part%24), "m=00", "PT1H"+ext)
	}
	return filepath.Join(o.dir, w.name+ext)
}

// loop writes chunks to files, opening a new file when the partition
// changes. After an error it keeps draining so the generator never
// blocks; the error surfaces through output.err.
func (w *tableWriter) loop() {
	defer close(w.done)
	var (
		f       *os.File
		cf      = &countingFile{}
		bw      = bufio.NewWriterSize(cf, 1<<20) // reused across files
		cur     = int64(-1)
		bad     bool
		lastDir string
	)
	closeFile := func() {
		if f == nil {
			return
		}
		err := bw.Flush()
		w.bytes += cf.n
		if e := f.Close(); err == nil {
			err = e
		}
		if err != nil {
			w.out.fail(fmt.Errorf("writing %s: %w", f.Name(), err))
			bad = true
		}
		f = nil
	}
	open := func(part int64) {
		p := w.path(part)
		if d := filepath.Dir(p); d != lastDir {
			if err := os.MkdirAll(d, 0o755); err != nil {
				w.out.fail(err)
				bad = true
				return
			}
			lastDir = d
		}
		var err error
		f, err = os.Create(p)
		if err != nil {
			w.out.fail(err)
			bad = true
			return
		}
		w.files++
		cf.f, cf.n = f, 0
		bw.Reset(cf)
	}
	write := func(data []byte) {
		if _, err := bw.Write(data); err != nil {
			w.out.fail(fmt.Errorf("writing %s: %w", f.Name(), err))
			bad = true
		}
	}
	for c := range w.ch {
		data := c.data
		if c.done != nil {
			<-c.done
			data = c.z
		}
		if !bad && c.part != cur {
			closeFile()
			cur = c.part
			if !bad {
				open(cur)
			}
		}
		if !bad {
			write(data)
		}
		select {
		case w.out.free <- c.data[:0]:
		default:
		}
	}
	if !bad && cur < 0 && w.out.split == SplitNone {
		open(0) // an empty table still gets its file
		if !bad && w.out.gz {
			write(gzipMember(nil))
		}
	}
	closeFile()
}

// compressor turns chunks into gzip members. Members depend only on
// their data, so the output is the same whichever worker ran.
func compressor(jobs <-chan *chunk) {
	for c := range jobs {
		c.z = gzipMember(c.data)
		close(c.done)
	}
}

// zwPool keeps gzip writers (about 1 MB each) for reuse.
var zwPool sync.Pool

func gzipMember(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/6 + 1024)
	zw, _ := zwPool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(data)
	zw.Close()
	zwPool.Put(zw)
	return buf.Bytes()
}

func (o *output) close() {
	for _, w := range o.tables {
		w.close()
	}
	if o.zjobs != nil {
		close(o.zjobs)
	}
}

// countingFile counts the bytes that reach the file.
type countingFile struct {
	f *os.File
	n int64
}

func (c *countingFile) Write(p []byte) (int, error) {
	n, err := c.f.Write(p)
	c.n += int64(n)
	return n, err
}
