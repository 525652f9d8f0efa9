package exec

import (
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// stepper is a per-worker step over each batch a stage's chain makes (a
// join's probe): start takes the batch, step returns the output a
// bounded piece at a time, and nil once the batch is done. Pieces keep
// a serial consumer lazy and bound what a worker buffers. pre marks the
// driver's pre batches, which were read (and filtered: see joinSide)
// before.
type stepper interface {
	start(b *column.Batch, pre bool) error
	step() (*column.Batch, error)
}

// driver runs a stage on its workers and yields the results in input
// order: the same batches in the same order as a serial run, whatever
// the timing, so results stay deterministic. Worker w runs chain w of the
// stage and steps[w] (none: the chain's output is the result). With one
// worker it runs inline in the consumer and pulls lazily.
type driver struct {
	rt    *engine
	st    *stage
	steps []stepper
	sch   types.Schema
	par   bool

	// pre are batches to step before the stage's: chain output read
	// earlier (a join's probe side, read while sizing the sides).
	pre     []*column.Batch
	preNext int
	base    uint64 // the stage's batch number when the driver started

	// Serial state.
	fed, stepping, halted bool

	// Parallel state, under mu.
	mu       sync.Mutex
	cond     *sync.Cond
	started  bool
	stopped  bool
	err      error
	slots    map[uint64]*outSlot
	want     uint64 // the batch number whose output goes next
	reserved uint64 // batches workers set out to take
	live     int
	quit     chan struct{}
	finished bool
}

// outSlot is the output of one base batch, as far as it is made.
type outSlot struct {
	batches []*column.Batch
	rows    int
	done    bool
}

// maxSlotRows bounds what a worker buffers for a batch that is not next
// in line; past it the worker waits for the consumer.
const maxSlotRows = 4 * column.BatchSize

func newDriver(rt *engine, st *stage, steps []stepper, sch types.Schema, parallel bool) *driver {
	return newDriverAfter(rt, st, steps, sch, parallel, nil)
}

// newDriverAfter is newDriver with batches to step first (see pre); they
// need steps.
func newDriverAfter(rt *engine, st *stage, steps []stepper, sch types.Schema, parallel bool, pre []*column.Batch) *driver {
	d := &driver{rt: rt, st: st, steps: steps, sch: sch, par: parallel && st.workers() > 1, pre: pre}
	d.cond = sync.NewCond(&d.mu)
	return d
}

func (d *driver) schema() types.Schema { return d.sch }

// window is how many base batches may be in flight ahead of the
// consumer.
func (d *driver) window() uint64 { return uint64(2*d.st.workers() + 2) }

func (d *driver) next() (*column.Batch, error) {
	if d.par {
		return d.nextParallel()
	}
	return d.nextSerial()
}

// stop makes the driver take no more base batches: what it has taken is
// still yielded, then io.EOF. A later driver may go on with the stage.
func (d *driver) stop() {
	if !d.par {
		d.halted = true
		return
	}
	d.mu.Lock()
	d.stopped = true
	d.cond.Broadcast()
	d.mu.Unlock()
}

func (d *driver) nextSerial() (*column.Batch, error) {
	for {
		if d.stepping {
			x, err := d.steps[0].step()
			if err != nil {
				return nil, err
			}
			if x != nil {
				if x.N > 0 {
					return x, nil
				}
				continue
			}
			d.stepping = false
		}
		if d.fed {
			x, err := d.st.pull(0)
			if err != nil {
				return nil, err
			}
			if x == nil {
				d.fed = false
				continue
			}
			if d.steps == nil {
				return x, nil
			}
			if err := d.steps[0].start(x, false); err != nil {
				return nil, err
			}
			d.stepping = true
			continue
		}
		if d.preNext < len(d.pre) {
			x := d.pre[d.preNext]
			d.pre[d.preNext] = nil
			d.preNext++
			if err := d.steps[0].start(x, true); err != nil {
				return nil, err
			}
			d.stepping = true
			continue
		}
		if d.halted {
			return nil, io.EOF
		}
		if err := d.rt.checkCtx(); err != nil {
			return nil, err
		}
		b, _, err := d.st.take()
		if err != nil {
			return nil, err
		}
		d.st.feed(0, b)
		d.fed = true
	}
}

func (d *driver) start() {
	d.started = true
	d.slots = map[uint64]*outSlot{}
	// Output numbers: pre batches first, then the stage's batches from
	// where the stage stands.
	d.st.mu.Lock()
	d.base = d.st.seq
	d.st.mu.Unlock()
	d.quit = make(chan struct{})
	n := d.st.workers()
	d.live = n
	for w := 0; w < n; w++ {
		go d.work(w)
	}
	// Workers waiting on the consumer, or the consumer on them, wake up
	// when the query is canceled (Run cancels its context on return, so
	// an abandoned driver does not outlive its query).
	go func() {
		select {
		case <-d.rt.ctx.Done():
			d.fail(fmt.Errorf("query canceled: %w", d.rt.ctx.Err()))
		case <-d.quit:
		}
	}()
}

func (d *driver) fail(err error) {
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.cond.Broadcast()
	d.mu.Unlock()
}

// finish releases the cancellation watcher; call with mu held.
func (d *driver) finish() {
	if !d.finished {
		d.finished = true
		close(d.quit)
	}
}

func (d *driver) nextParallel() (*column.Batch, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.started {
		d.start()
	}
	for {
		if d.err != nil {
			d.finish()
			return nil, d.err
		}
		sl := d.slots[d.want]
		switch {
		case sl != nil && len(sl.batches) > 0:
			x := sl.batches[0]
			sl.batches[0] = nil
			sl.batches = sl.batches[1:]
			sl.rows -= x.N
			d.cond.Broadcast()
			return x, nil
		case sl != nil && sl.done:
			delete(d.slots, d.want)
			d.want++
			d.cond.Broadcast()
			continue
		case sl == nil && d.live == 0:
			// Batches are numbered without gaps and every worker has
			// finished its own: nothing is left.
			d.finish()
			return nil, io.EOF
		}
		d.cond.Wait()
	}
}

func (d *driver) work(w int) {
	defer func() {
		if r := recover(); r != nil {
			d.fail(fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack()))
		}
		d.mu.Lock()
		d.live--
		d.cond.Broadcast()
		d.mu.Unlock()
	}()
	for {
		d.mu.Lock()
		for d.err == nil && !d.stopped && d.reserved-d.want >= d.window() {
			d.cond.Wait()
		}
		if d.err != nil || d.stopped {
			d.mu.Unlock()
			return
		}
		d.reserved++
		b, seq, chained, err := d.takeLocked()
		if err == io.EOF {
			return
		}
		if err != nil {
			d.fail(err)
			return
		}
		sl := &outSlot{}
		d.mu.Lock()
		d.slots[seq] = sl
		d.mu.Unlock()
		if err := d.process(w, seq, sl, b, chained); err != nil {
			d.fail(err)
			return
		}
		d.mu.Lock()
		sl.done = true
		d.cond.Broadcast()
		d.mu.Unlock()
	}
}

// takeLocked takes the next pre batch, or else the stage's next batch
// (chained: it still goes through the chain), with its output number;
// it is called with mu held and releases it.
func (d *driver) takeLocked() (*column.Batch, uint64, bool, error) {
	if d.preNext < len(d.pre) {
		b, seq := d.pre[d.preNext], uint64(d.preNext)
		d.pre[d.preNext] = nil
		d.preNext++
		d.mu.Unlock()
		return b, seq, false, nil
	}
	d.mu.Unlock()
	b, at, err := d.st.take()
	return b, uint64(len(d.pre)) + at - d.base, true, err
}

// process runs one base batch through worker w's chain and step (a pre
// batch, not chained, through the step only).
func (d *driver) process(w int, seq uint64, sl *outSlot, b *column.Batch, chained bool) error {
	if chained {
		d.st.feed(w, b)
	}
	for {
		x := b
		if chained {
			var err error
			if x, err = d.st.pull(w); err != nil || x == nil {
				return err
			}
		} else if b == nil {
			return nil
		}
		b = nil
		if d.steps == nil {
			if err := d.put(seq, sl, x); err != nil {
				return err
			}
			continue
		}
		if err := d.steps[w].start(x, !chained); err != nil {
			return err
		}
		for {
			y, err := d.steps[w].step()
			if err != nil {
				return err
			}
			if y == nil {
				break
			}
			if y.N == 0 {
				continue
			}
			if err := d.put(seq, sl, y); err != nil {
				return err
			}
		}
	}
}

// put hands one output batch of base batch seq to the consumer, waiting
// while too much of a batch that is not next in line is buffered.
func (d *driver) put(seq uint64, sl *outSlot, x *column.Batch) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	sl.batches = append(sl.batches, x)
	sl.rows += x.N
	d.cond.Broadcast()
	for d.err == nil && sl.rows > maxSlotRows && d.want != seq {
		d.cond.Wait()
	}
	return d.err
}
