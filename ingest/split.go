package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// A chunk is a run of input units (JSON lines, the records of a JSON
// document, or CSV records) that one worker converts.
type chunk struct {
	data  []byte
	ends  []int // end of each unit in data
	lines []int // first line of each unit
	depth []int // JSON nesting of each unit's value (0: top level)
}

func (c *chunk) add(unit []byte, line, depth int) {
	c.data = append(c.data, unit...)
	c.ends = append(c.ends, len(c.data))
	c.lines = append(c.lines, line)
	c.depth = append(c.depth, depth)
}

func (c *chunk) full(size int) bool { return len(c.data) >= size || len(c.ends) >= 1<<16 }

// lineError is a problem of the input at a line.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// maxUnit bounds one record: a document whose brackets never balance
// must not be read into memory whole.
const maxUnit = 512 << 20

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// jsonSplitter cuts JSON input into chunks of whole records without
// parsing it. JSON lines (one record, or one records envelope, per line)
// are cut at line ends, so that a damaged line is one bad record. A JSON
// document that spans lines (an array of records, a pretty-printed
// envelope or object) is cut by structure: each element of a top-level
// array or of a {"records":[...]} envelope is a unit.
type jsonSplitter struct {
	br    *bufio.Reader
	size  int // chunk size
	lines bool
	line  int // line of the next byte
	state int
	// enveloped: the elements being read are a records envelope's.
	enveloped bool
	done      bool
	vs        valScan
	cur       []byte // the unit being read
	start     int    // line where cur starts
	units     int    // units in the last chunk
}

const (
	stTop      = iota // between top-level values
	stElements        // inside a top-level array or a records envelope's array
	stTail            // the members after a records envelope's array
)

func newJSONSplitter(r io.Reader, size int) (*jsonSplitter, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	s := &jsonSplitter{br: br, size: size, line: 1, lines: sniffLines(br)}
	return s, nil
}

// sniffLines decides between JSON lines and a JSON document: a first
// value that ends on its first line (or is not an array and runs past the
// first MB without a line break) means JSON lines.
func sniffLines(br *bufio.Reader) bool {
	b, _ := br.Peek(1 << 20)
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	if i == len(b) || b[i] == '[' {
		return i == len(b)
	}
	if b[i] != '{' {
		return true
	}
	var vs valScan
	n, done := vs.feed(b[i:])
	if !done {
		return bytes.IndexByte(b[i:], '\n') < 0
	}
	return bytes.IndexByte(b[i:i+n], '\n') < 0
}

// next returns the next chunk, nil at the end of the input.
func (s *jsonSplitter) next() (*chunk, error) {
	if s.done {
		return nil, nil
	}
	c := s.newChunk()
	var err error
	if s.lines {
		err = s.fillLines(c)
	} else {
		err = s.fillDoc(c)
	}
	if err != nil {
		return nil, err
	}
	if len(c.ends) == 0 {
		return nil, nil
	}
	s.units = len(c.ends)
	return c, nil
}

// newChunk allocates a chunk sized like the last one, so that filling it
// does not grow it step by step.
func (s *jsonSplitter) newChunk() *chunk {
	return newChunk(s.size, &s.units)
}

func newChunk(size int, units *int) *chunk {
	n := *units + *units/8 + 16
	return &chunk{data: make([]byte, 0, size+size/8), ends: make([]int, 0, n), lines: make([]int, 0, n), depth: make([]int, 0, n)}
}

func (s *jsonSplitter) fillLines(c *chunk) error {
	for !c.full(s.size) {
		line, err := s.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long := append([]byte(nil), line...)
			for err == bufio.ErrBufferFull {
				if len(long) > maxUnit {
					return &lineError{s.line, fmt.Sprintf("a line longer than %d MB; is this JSON lines?", maxUnit>>20)}
				}
				line, err = s.br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return err
		}
		if len(line) > 0 {
			c.add(line, s.line, 0)
			s.line++
		}
		if err == io.EOF {
			s.done = true
			return nil
		}
	}
	return nil
}

// fillDoc cuts a JSON document by structure.
func (s *jsonSplitter) fillDoc(c *chunk) error {
	for !c.full(s.size) {
		b, err := s.br.Peek(1)
		if len(b) == 0 {
			if err != nil && err != io.EOF {
				return err
			}
			if s.cur != nil {
				// A value cut short: the worker reports it.
				c.add(s.cur, s.start, s.depth())
				s.cur = nil
			}
			s.done = true
			return nil
		}
		if s.cur != nil {
			if err := s.continueValue(c); err != nil {
				return err
			}
			continue
		}
		ch := b[0]
		if ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' {
			if ch == '\n' {
				s.line++
			}
			s.br.Discard(1)
			continue
		}
		switch s.state {
		case stTop:
			switch {
			case ch == '[':
				s.br.Discard(1)
				s.state = stElements
			case ch == '{' && s.recordsEnvelope():
				s.state = stElements
			default:
				s.startValue()
			}
		case stElements:
			switch ch {
			case ',':
				s.br.Discard(1)
			case ']':
				s.br.Discard(1)
				if s.enveloped {
					s.state = stTail
					s.vs = valScan{depth: 1}
				} else {
					s.state = stTop
				}
			default:
				s.startValue()
			}
		case stTail:
			// Skip the envelope's other members up to its '}'.
			buf, _ := s.br.Peek(s.br.Buffered())
			n, done := s.vs.feed(buf)
			s.line += bytes.Count(buf[:n], []byte{'\n'})
			s.br.Discard(n)
			if done {
				s.state, s.enveloped = stTop, false
			}
		}
	}
	return nil
}

func (s *jsonSplitter) depth() int {
	if s.state == stElements {
		return 1
	}
	return 0
}

func (s *jsonSplitter) startValue() {
	s.vs = valScan{}
	s.cur = []byte{}
	s.start = s.line
}

// continueValue feeds buffered input to the value being read.
func (s *jsonSplitter) continueValue(c *chunk) error {
	buf, _ := s.br.Peek(s.br.Buffered())
	n, done := s.vs.feed(buf)
	s.cur = append(s.cur, buf[:n]...)
	s.line += bytes.Count(buf[:n], []byte{'\n'})
	s.br.Discard(n)
	if len(s.cur) > maxUnit {
		return &lineError{s.start, fmt.Sprintf("a record longer than %d MB: the JSON's brackets do not balance", maxUnit>>20)}
	}
	if done {
		c.add(s.cur, s.start, s.depth())
		s.cur = nil
	}
	return nil
}

// recordsEnvelope consumes `{"records":[` when the input continues so,
// and reports whether it did.
func (s *jsonSplitter) recordsEnvelope() bool {
	b, _ := s.br.Peek(4096)
	i := 1
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
			i++
		}
	}
	ws()
	if !bytes.HasPrefix(b[i:], []byte(`"records"`)) {
		return false
	}
	i += len(`"records"`)
	ws()
	if i >= len(b) || b[i] != ':' {
		return false
	}
	i++
	ws()
	if i >= len(b) || b[i] != '[' {
		return false
	}
	i++
	s.line += bytes.Count(b[:i], []byte{'\n'})
	s.br.Discard(i)
	s.enveloped = true
	return true
}

// valScan finds where a JSON value ends, across buffer refills, without
// validating it (the worker does).
type valScan struct {
	depth   int
	started bool
	inStr   bool
	esc     bool
	scalar  bool
}

// feed consumes b up to the end of the value: it returns how many bytes
// belong to the value, and whether the value ended.
func (v *valScan) feed(b []byte) (int, bool) {
	i := 0
	for i < len(b) {
		if v.inStr {
			j := i
			for j < len(b) {
				c := b[j]
				if v.esc {
					v.esc = false
				} else if c == '\\' {
					v.esc = true
				} else if c == '"' {
					break
				}
				j++
			}
			if j == len(b) {
				return len(b), false
			}
			v.inStr = false
			i = j + 1
			if v.depth == 0 {
				return i, true
			}
			continue
		}
		c := b[i]
		if v.scalar {
			switch c {
			case ' ', '\t', '\r', '\n', ',', ']', '}', '[', '{', '"':
				return i, true
			}
			i++
			continue
		}
		switch c {
		case '"':
			v.inStr = true
			v.started = true
		case '{', '[':
			v.depth++
			v.started = true
		case '}', ']':
			v.depth--
			if v.depth <= 0 {
				return i + 1, true
			}
		case ' ', '\t', '\r', '\n', ',', ':':
		default:
			if !v.started {
				v.scalar, v.started = true, true
			}
		}
		i++
	}
	return len(b), false
}
