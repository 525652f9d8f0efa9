package ingest

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a one-line status of the file being ingested (for a
// terminal): how far through the file, rows, MB and rate.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	in    *input
	read  *atomic.Int64
	rows  *atomic.Int64
	t0    time.Time
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	drawn bool
	// committing: the file is read; its last data files are written and
	// the commit is made.
	committing bool
}

func startProgress(w io.Writer) *progress {
	p := &progress{w: w, done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

func (p *progress) startFile(in *input, read, rows *atomic.Int64) {
	p.mu.Lock()
	p.in, p.read, p.rows, p.t0, p.committing = in, read, rows, time.Now(), false
	p.mu.Unlock()
}

func (p *progress) commit() {
	p.mu.Lock()
	p.committing = true
	p.mu.Unlock()
}

func (p *progress) endFile() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.in = nil
	p.clear()
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.in == nil || time.Since(p.t0) < 500*time.Millisecond {
		return
	}
	read := p.read.Load()
	var rows int64
	if p.rows != nil {
		rows = p.rows.Load()
	}
	secs := time.Since(p.t0).Seconds()
	name := p.in.name()
	if len(name) > 40 {
		name = "…" + name[len(name)-39:]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\r%s ", name)
	if p.in.size > 0 {
		frac := float64(read) / float64(p.in.size)
		if frac > 1 {
			frac = 1
		}
		const width = 24
		n := int(frac * width)
		fmt.Fprintf(&b, "[%s%s] %3.0f%% ", strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100)
		fmt.Fprintf(&b, " %s rows  %.1f/%.1f MB", groupDigits(rows), float64(read)/1e6, float64(p.in.size)/1e6)
	} else {
		fmt.Fprintf(&b, " %s rows  %.1f MB", groupDigits(rows), float64(read)/1e6)
	}
	fmt.Fprintf(&b, "  %.1f MB/s", float64(read)/1e6/secs)
	if p.committing {
		b.WriteString("  committing")
	}
	b.WriteString("\x1b[K")
	io.WriteString(p.w, b.String())
	p.drawn = true
}

func (p *progress) stop() {
	p.once.Do(func() {
		close(p.done)
		p.wg.Wait()
		p.mu.Lock()
		p.clear()
		p.mu.Unlock()
	})
}

// groupDigits writes n with thousands separators.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
