package ingest

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

type task struct {
	c    *chunk
	res  *chunkResult
	done chan struct{}
}

// pipeline streams a file through: one goroutine cuts the input into
// chunks (next), workers convert chunks in parallel (convert), and the
// caller's goroutine consumes the results in input order (consume: the
// store's writer). At most about three chunks per worker are in flight,
// so memory does not grow with the input.
func pipeline(ctx context.Context, workers int, next func() (*chunk, error), convert func(*chunk) *chunkResult, consume func(*chunkResult) error) error {
	if workers < 1 {
		workers = 1
	}
	work := make(chan *task, workers)
	order := make(chan *task, 2*workers)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		for {
			c, err := next()
			if err != nil {
				readErr = err
				return
			}
			if c == nil {
				return
			}
			t := &task{c: c, done: make(chan struct{})}
			select {
			case order <- t:
			case <-stop:
				return
			}
			work <- t
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				t.res = safeConvert(convert, t.c)
				t.c = nil
				close(t.done)
			}
		}()
	}
	var err error
	stopped := false
	for t := range order {
		<-t.done
		if err == nil {
			if cerr := ctx.Err(); cerr != nil {
				err = cerr
			} else {
				err = consume(t.res)
			}
		}
		t.res = nil
		if err != nil && !stopped {
			close(stop)
			stopped = true
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return readErr
}

// safeConvert turns a panic in a converter into an error of the file: a
// bug must not take the store's writer down with it.
func safeConvert(convert func(*chunk) *chunkResult, c *chunk) (res *chunkResult) {
	defer func() {
		if r := recover(); r != nil {
			res = &chunkResult{err: fmt.Errorf("internal error: %v (this is a quarry bug; please report it)\n%s", r, debug.Stack())}
		}
	}()
	return convert(c)
}
