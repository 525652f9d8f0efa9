package table

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// linesPerChunk is how many JSON lines one parse task holds.
const linesPerChunk = 512

// chunk is a run of input lines parsed by one worker.
type chunk struct {
	first int    // line number of lines[0]
	data  []byte // the lines' bytes
	ends  []int  // end offset of each line in data
	vals  []any  // parsed value per line (nil for a blank line)
	err   error  // first parse error, with its line
	done  chan struct{}
}

// readJSONLines parses lines on all cores (JSON parsing dominates
// loading) while rows are added to the table in input order.
func readJSONLines(r io.Reader, path, name string, known types.Schema) (*Table, error) {
	l := newLoader(name, known, false)
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *chunk, workers)
	order := make(chan *chunk, 2*workers)
	stop := make(chan struct{})
	var readErr error

	go func() { // reader
		defer close(work)
		defer close(order)
		readErr = splitLines(r, func(c *chunk) bool {
			select {
			case order <- c:
			case <-stop:
				return false
			}
			work <- c
			return true
		})
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				parseChunk(c, path)
			}
		}()
	}
	var err error
	for c := range order {
		<-c.done
		if err != nil {
			continue // drain so that the reader and workers finish
		}
		if c.err != nil {
			err = c.err
		} else {
			err = addChunk(l, c, path)
		}
		if err != nil {
			close(stop)
		}
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, fmt.Errorf("%s: %v", path, readErr)
	}
	return l.finish(), nil
}

// splitLines cuts the input into chunks of whole lines, without a limit
// on line length, and hands each to emit until emit returns false.
func splitLines(r io.Reader, emit func(*chunk) bool) error {
	br := bufio.NewReaderSize(r, 1<<20)
	lineNo := 1
	c := &chunk{first: 1, done: make(chan struct{})}
	for {
		line, err := br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			c.data = append(c.data, line...)
			line, err = br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return err
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		c.data = append(c.data, line...)
		c.ends = append(c.ends, len(c.data))
		lineNo++
		if err == io.EOF || len(c.ends) == linesPerChunk || len(c.data) > 4<<20 {
			if !emit(c) {
				return nil
			}
			if err == io.EOF {
				return nil
			}
			c = &chunk{first: lineNo, done: make(chan struct{})}
		}
	}
}

// blankLine marks a line holding only white space.
var blankLine = new(struct{})

func parseChunk(c *chunk, path string) {
	defer close(c.done)
	c.vals = make([]any, len(c.ends))
	start := 0
	for i, end := range c.ends {
		line := bytes.TrimSpace(c.data[start:end])
		start = end
		if len(line) == 0 {
			c.vals[i] = blankLine
			continue
		}
		v, err := value.ParseJSONBytes(line)
		if err != nil {
			c.err = fmt.Errorf("%s:%d: %v", path, c.first+i, err)
			return
		}
		c.vals[i] = v
	}
	c.data = nil // the values hold their own copies
}

func addChunk(l *loader, c *chunk, path string) error {
	for i, v := range c.vals {
		if v == blankLine {
			continue
		}
		if err := addRecord(l, v, 0); err != nil {
			return fmt.Errorf("%s:%d: %v", path, c.first+i, err)
		}
	}
	return nil
}
