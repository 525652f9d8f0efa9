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
	index   groupIndex
	lgroup  []int32 // per left row: its group, -1 for null keys
	matched []bool  // per group

	rightBuf []*column.Batch
	rb       *column.Batch
	rgroups  []int32
	ri       int     // next right row
	pend     []int32 // left rows still to pair with right row ri-1
	done     bool
	tail     operator

	lidx, ridx []int32
}

func newLeftBuild(j *joinOp, lbs, rbs []*column.Batch) *leftBuild {
	return &leftBuild{j: j, left: column.ConcatBatches(schemaTypes(j.left.schema()), lbs), rightBuf: rbs}
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
	o.index = newGroupIndex(o.lgroup, ng)
	o.matched = make([]bool, ng)
	size := o.table.bytes() + int64(o.left.N*8)
	j.held += size
	return j.rt.mem.grow(size, buildPurpose)
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
		if o.rb == nil || (o.ri >= o.rb.N && len(o.pend) == 0) {
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
			o.pend = nil
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
	for o.ri < b.N || len(o.pend) > 0 {
		room := column.BatchSize - len(o.ridx)
		if room <= 0 {
			break
		}
		if len(o.pend) > 0 {
			k := min(room, len(o.pend))
			r := int32(o.ri - 1)
			for _, l := range o.pend[:k] {
				o.lidx = append(o.lidx, l)
				o.ridx = append(o.ridx, r)
			}
			o.pend = o.pend[k:]
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
			o.pend = o.index.rowsOf(g)
		case plan.InnerUnique:
			if g >= 0 {
				o.lidx = append(o.lidx, o.index.first(g))
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
		return &sliceOp{sch: j.n.Out, release: j.rt.releaser(j.held)}
	}
	var batches []*column.Batch
	for lo := 0; lo < len(rows); lo += column.BatchSize {
		hi := min(lo+column.BatchSize, len(rows))
		batches = append(batches, j.emit(o.left, nil, rows[lo:hi], nil))
	}
	return &sliceOp{sch: j.n.Out, batches: batches, release: j.rt.releaser(j.held)}
}
