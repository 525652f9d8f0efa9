package exec

import (
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
)

// leftBuild runs a join whose left side turned out to be the smaller
// one: the left side is indexed and the right side streams through.
// Every kind keeps its meaning: innerunique pairs each right row with the
// first left row of its key only; left rows that must appear unmatched
// (leftouter, fullouter, leftanti) or matched once (leftsemi) are emitted
// after the right side is exhausted.
type leftBuild struct {
	j *joinOp

	left    *column.Batch
	table   *hashTable
	head    []int32 // per group: first left row
	nextRow []int32 // per left row: next left row of its group, -1 at end
	lgroup  []int32 // per left row: its group, -1 for null keys
	matched []bool  // per group

	rightBuf []*column.Batch
	rb       *column.Batch
	rgroups  []int32
	ri       int   // next right row
	chain    int32 // next left row of the current right row's chain
	done     bool
	tail     operator

	lidx, ridx []int32
}

func newLeftBuild(j *joinOp, lbs, rbs []*column.Batch) *leftBuild {
	return &leftBuild{j: j, left: column.ConcatBatches(schemaTypes(j.left.schema()), lbs), rightBuf: rbs, chain: -1}
}

func (o *leftBuild) build() error {
	j := o.j
	keys, err := joinKeys(o.left, j.n.LeftKeys, j.keyTypes)
	if err != nil {
		return err
	}
	o.table = newHashTable(j.keyTypes)
	o.lgroup = o.table.insertRows(keys, o.left.N, nil, !joinNullsMatch)
	ng := o.table.groups()
	o.head = make([]int32, ng)
	for i := range o.head {
		o.head[i] = -1
	}
	o.nextRow = make([]int32, o.left.N)
	for r := o.left.N - 1; r >= 0; r-- {
		g := o.lgroup[r]
		o.nextRow[r] = -1
		if g < 0 {
			continue
		}
		o.nextRow[r] = o.head[g]
		o.head[g] = int32(r)
	}
	o.matched = make([]bool, ng)
	return j.rt.mem.grow(o.table.bytes()+int64(o.left.N*8), buildPurpose)
}

func (o *leftBuild) nextRight() (*column.Batch, error) {
	if len(o.rightBuf) > 0 {
		b := o.rightBuf[0]
		o.rightBuf = o.rightBuf[1:]
		return b, nil
	}
	return o.j.rOp.next()
}

func (o *leftBuild) next() (*column.Batch, error) {
	j := o.j
	for !o.done {
		if o.rb == nil || (o.ri >= o.rb.N && o.chain < 0) {
			b, err := o.nextRight()
			if err == io.EOF {
				o.done = true
				break
			}
			if err != nil {
				return nil, err
			}
			if err := j.rt.checkCtx(); err != nil {
				return nil, err
			}
			keys, err := joinKeys(b, j.n.RightKeys, j.keyTypes)
			if err != nil {
				return nil, err
			}
			o.rb = b
			o.rgroups = o.table.find(keys, b.N, o.rgroups, !joinNullsMatch)
			o.ri = 0
			o.chain = -1
		}
		if out := o.probe(); out != nil {
			return out, nil
		}
	}
	if o.tail == nil {
		o.tail = o.leftTail()
	}
	return o.tail.next()
}

func (o *leftBuild) probe() *column.Batch {
	o.lidx, o.ridx = o.lidx[:0], o.ridx[:0]
	kind := o.j.n.Kind
	b := o.rb
	for o.ri < b.N || o.chain >= 0 {
		if len(o.ridx) >= column.BatchSize {
			break
		}
		if o.chain >= 0 {
			o.lidx = append(o.lidx, o.chain)
			o.ridx = append(o.ridx, int32(o.ri-1))
			o.chain = o.nextRow[o.chain]
			continue
		}
		i := o.ri
		o.ri++
		g := o.rgroups[i]
		if g >= 0 {
			o.matched[g] = true
		}
		switch kind {
		case plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter:
			if g < 0 {
				if kind == plan.RightOuter || kind == plan.FullOuter {
					o.lidx = append(o.lidx, -1)
					o.ridx = append(o.ridx, int32(i))
				}
				continue
			}
			o.chain = o.head[g]
		case plan.InnerUnique:
			if g >= 0 {
				o.lidx = append(o.lidx, o.head[g])
				o.ridx = append(o.ridx, int32(i))
			}
		case plan.RightSemi:
			if g >= 0 {
				o.ridx = append(o.ridx, int32(i))
			}
		case plan.RightAnti:
			if g < 0 {
				o.ridx = append(o.ridx, int32(i))
			}
		}
	}
	if len(o.ridx) == 0 {
		return nil
	}
	lidx := o.lidx
	if kind == plan.RightSemi || kind == plan.RightAnti {
		lidx = nil
	}
	return o.j.emit(o.left, o.rb, lidx, o.ridx)
}

// leftTail yields the left rows emitted once the right side is done.
func (o *leftBuild) leftTail() operator {
	j := o.j
	var rows []int32
	switch j.n.Kind {
	case plan.LeftOuter, plan.FullOuter, plan.LeftAnti:
		for r, g := range o.lgroup {
			if g < 0 || !o.matched[g] {
				rows = append(rows, int32(r))
			}
		}
	case plan.LeftSemi:
		for r, g := range o.lgroup {
			if g >= 0 && o.matched[g] {
				rows = append(rows, int32(r))
			}
		}
	default:
		return &sliceOp{sch: j.n.Out}
	}
	var batches []*column.Batch
	for lo := 0; lo < len(rows); lo += column.BatchSize {
		hi := min(lo+column.BatchSize, len(rows))
		batches = append(batches, j.emit(o.left, nil, rows[lo:hi], nil))
	}
	return &sliceOp{sch: j.n.Out, batches: batches}
}
