package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvSplitter cuts CSV input into chunks of whole records: a line break
// ends a record when the quotes before it balance (a quoted cell may hold
// line breaks, as JSON cells of the portal export do).
type csvSplitter struct {
	br     *bufio.Reader
	size   int
	line   int
	done   bool
	header []string
	units  int
}

func newCSVSplitter(r io.Reader, size int, path string) (*csvSplitter, error) {
	// A byte order mark stays: it is trimmed from the first header.
	br := bufio.NewReaderSize(r, 1<<20)
	s := &csvSplitter{br: br, size: size, line: 1}
	var fields []string
	for {
		rec, n, err := s.record()
		if err != nil {
			return nil, err
		}
		if len(rec) == 0 {
			s.done = true
			return s, nil
		}
		first := s.line
		s.line += n
		cr := csv.NewReader(bytes.NewReader(rec))
		cr.FieldsPerRecord = -1
		fields, err = cr.Read()
		if err == nil {
			break
		}
		if err != io.EOF {
			return nil, csvError(path, first, err)
		}
		// Empty lines before the header are skipped, as CSV readers do.
		if s.done {
			return s, nil
		}
	}
	s.header = headerNames(fields)
	return s, nil
}

// headerNames names the columns as the --table loader does: trimmed, a
// blank name becomes ColumnN, a repeated one gets a number.
func headerNames(fields []string) []string {
	names := make([]string, len(fields))
	used := map[string]bool{}
	for i, h := range fields {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if h == "" {
			h = fmt.Sprintf("Column%d", i+1)
		}
		base := h
		for k := 1; used[h]; k++ {
			h = fmt.Sprintf("%s%d", base, k)
		}
		used[h] = true
		names[i] = h
	}
	return names
}

// record reads one record's lines; lines is how many it spans.
func (s *csvSplitter) record() ([]byte, int, error) {
	var rec []byte
	quotes := 0
	n := 0
	for {
		line, err := s.br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			rec = append(rec, line...)
			if len(rec) > maxUnit {
				return nil, 0, &lineError{s.line, fmt.Sprintf("a record longer than %d MB: a quoted cell is not closed", maxUnit>>20)}
			}
			line, err = s.br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return nil, 0, err
		}
		rec = append(rec, line...)
		quotes += bytes.Count(line, []byte{'"'})
		if len(line) > 0 {
			n++
		}
		if err == io.EOF {
			s.done = true
			return rec, n, nil
		}
		if quotes%2 == 0 {
			return rec, n, nil
		}
		if len(rec) > maxUnit {
			return nil, 0, &lineError{s.line, fmt.Sprintf("a record longer than %d MB: a quoted cell is not closed", maxUnit>>20)}
		}
	}
}

func (s *csvSplitter) next() (*chunk, error) {
	c := newChunk(s.size, &s.units)
	for !s.done && !c.full(s.size) {
		rec, n, err := s.record()
		if err != nil {
			return nil, err
		}
		if len(rec) > 0 {
			c.add(rec, s.line, 0)
		}
		s.line += n
	}
	if len(c.ends) == 0 {
		return nil, nil
	}
	s.units = len(c.ends)
	return c, nil
}

func csvError(path string, base int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", path, base+pe.Line-1, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// csvWorker converts chunks of CSV records of one table.
type csvWorker struct {
	table   string
	header  []string
	reg     *registry
	path    string
	skipBad bool
}

func (w *csvWorker) chunk(c *chunk) *chunkResult {
	res := &chunkResult{}
	def := w.reg.def(w.table)
	p := res.part(def, true, w.reg)
	// Each header's column; two headers of one column (case, or
	// Timestamp for TimeGenerated): the first counts.
	colOf := make([]int, len(w.header))
	seen := map[int]bool{}
	for i, h := range w.header {
		col := p.column(h)
		if seen[col] {
			col = -1
		}
		seen[col] = true
		colOf[i] = col
	}
	cellOf := make([]int, len(p.slots)) // column -> header index, -1 unset
	for i := range cellOf {
		cellOf[i] = -1
	}
	for i, col := range colOf {
		if col >= 0 {
			cellOf[col] = i
		}
	}
	// Timestamp and TimeGenerated stand in for each other.
	if def.ts >= 0 && def.tg >= 0 {
		switch {
		case cellOf[def.ts] < 0 && cellOf[def.tg] >= 0:
			cellOf[def.ts] = cellOf[def.tg]
		case cellOf[def.tg] < 0 && cellOf[def.ts] >= 0:
			cellOf[def.tg] = cellOf[def.ts]
		}
	}
	cr := csv.NewReader(bytes.NewReader(c.data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	base := c.lines[0]
	for {
		from := cr.InputOffset()
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A quote error leaves no safe place to resume: it fails the
			// file even when bad records are skipped.
			res.err = csvError(w.path, base, err)
			break
		}
		if len(rec) != len(w.header) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			line, _ := cr.FieldPos(0)
			msg := fmt.Sprintf("%d fields, but the header has %d", len(rec), len(w.header))
			if !w.skipBad {
				res.err = fmt.Errorf("%s:%d: %s", w.path, base+line-1, msg)
				break
			}
			res.bad = append(res.bad, badRecord{line: base + line - 1, msg: msg, text: bytes.TrimSpace(bytes.Clone(c.data[from:cr.InputOffset()]))})
			continue
		}
		res.records++
		p.bytes += cr.InputOffset() - from
		line := 0
		for col, cb := range p.cols {
			i := cellOf[col]
			if i < 0 {
				cb.null()
				continue
			}
			if !cb.putString(rec[i], true) && !p.countFail(col) {
				line, _ = cr.FieldPos(i)
				p.noteFail(col, base+line-1, rec[i])
			}
		}
		for k, e := range p.extra {
			if i := cellOf[len(p.cols)+k]; i >= 0 {
				e.vals = append(e.vals, raw{kind: kString, s: strings.Clone(rec[i])})
			}
		}
		p.endRow()
	}
	p.finish()
	return res
}
