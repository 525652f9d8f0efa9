package exec

import (
	"fmt"
	"io"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// joinNullsMatch says whether a null key equals a null key in a join. It
// does not: a join matches rows whose keys are equal, and null == null is
// not true in Kusto (empty strings, which are not null, do match).
const joinNullsMatch = false

// joinOp is a hash join. The right side (Kusto's inner side) is read
// whole and indexed by key; the left side streams through and probes.
// Right rows that must appear unmatched (rightouter, fullouter,
// rightanti) or matched once (rightsemi) are emitted after the left side
// is exhausted.
type joinOp struct {
	rt   *engine
	n    *plan.Join
	left operator
	rOp  operator

	keyTypes []types.Type
	built    bool

	right   *column.Batch
	table   *hashTable
	index   groupIndex
	rgroup  []int32 // per right row: its group, -1 for null keys
	matched []bool  // per group: some left row matched it
	claimed []bool  // per group (innerunique): a left row already used it

	// Probe state, so that one left batch can yield several output
	// batches when keys repeat.
	lb       *column.Batch
	lgroups  []int32
	li       int     // next left row to visit
	pend     []int32 // right rows still to pair with left row li-1
	leftDone bool
	tail     operator // right rows emitted after the left side

	lidx, ridx []int32
	held       int64 // bytes accounted for the join's data, released at its end

	leftBuf []*column.Batch // left batches read while sizing the sides
	swap    *leftBuild      // set when the left side is indexed instead
}

func (rt *engine) compileJoin(n *plan.Join) (operator, error) {
	if len(n.LeftKeys) != len(n.RightKeys) || len(n.LeftKeys) == 0 {
		return nil, fmt.Errorf("join: expected matching key lists, got %d left and %d right keys", len(n.LeftKeys), len(n.RightKeys))
	}
	left, err := rt.compile(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := rt.compile(n.Right)
	if err != nil {
		return nil, err
	}
	ls, rs := left.schema(), right.schema()
	o := &joinOp{rt: rt, n: n, left: left, rOp: right}
	for i := range n.LeftKeys {
		l, r := n.LeftKeys[i], n.RightKeys[i]
		if l < 0 || l >= len(ls) || r < 0 || r >= len(rs) {
			return nil, fmt.Errorf("internal error: join key out of range")
		}
		t, err := keyType(ls[l].Type, rs[r].Type)
		if err != nil {
			return nil, fmt.Errorf("join: cannot match column '%s' (%s) with '%s' (%s): %v", ls[l].Name, ls[l].Type, rs[r].Name, rs[r].Type, err)
		}
		o.keyTypes = append(o.keyTypes, t)
	}
	for _, c := range n.OutCols {
		s := ls
		if c.Right {
			s = rs
		}
		if c.Index < 0 || c.Index >= len(s) {
			return nil, fmt.Errorf("internal error: join output column out of range")
		}
	}
	if len(n.OutCols) != len(n.Out) {
		return nil, fmt.Errorf("internal error: join has %d output sources for %d columns", len(n.OutCols), len(n.Out))
	}
	return o, nil
}

func (o *joinOp) schema() types.Schema { return o.n.Out }

func joinKeys(b *column.Batch, idx []int, ts []types.Type) ([]*column.Vector, error) {
	out := make([]*column.Vector, len(idx))
	for i, c := range idx {
		v, err := keyVector(b.Cols[c], ts[i], false)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// joinSwapRows is the right-side size past which a join checks whether
// its left side is smaller, and then indexes the left side instead: a
// small table joined with a huge one (Kusto's advice is to put the small
// one on the left) then holds only the small one in memory.
var joinSwapRows = 1 << 18

const buildPurpose = "building the hash table of a join"

// pull reads one batch of op and accounts for keeping it.
func (o *joinOp) pull(op operator, bs *[]*column.Batch, rows *int) (bool, error) {
	b, err := op.next()
	if err == io.EOF {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if err := o.rt.checkCtx(); err != nil {
		return false, err
	}
	if b.N == 0 {
		return false, nil
	}
	size := column.SizeOfBatch(b)
	if err := o.rt.mem.grow(size, buildPurpose); err != nil {
		return false, err
	}
	o.held += size
	*bs = append(*bs, b)
	*rows += b.N
	return false, nil
}

// readRight reads the whole right side; but once it is big, and the
// left side turns out to be smaller, it switches the join to index the
// left side (o.swap) and returns what it read for that to stream.
func (o *joinOp) readRight() ([]*column.Batch, error) {
	var rbs []*column.Batch
	rrows := 0
	sized := false
	for {
		done, err := o.pull(o.rOp, &rbs, &rrows)
		if err != nil || done {
			return rbs, err
		}
		if sized || rrows <= joinSwapRows {
			continue
		}
		// Read the left side as far as the right side's size, to see
		// whether it is the smaller one.
		sized = true
		var lbs []*column.Batch
		lrows := 0
		leftDone := false
		for !leftDone && lrows <= rrows {
			if leftDone, err = o.pull(o.left, &lbs, &lrows); err != nil {
				return nil, err
			}
		}
		if leftDone {
			o.swap = newLeftBuild(o, lbs, rbs)
			return nil, o.swap.build()
		}
		o.leftBuf = lbs
	}
}

func (o *joinOp) build() error {
	o.built = true
	rbs, err := o.readRight()
	if err != nil || o.swap != nil {
		return err
	}
	right := column.ConcatBatches(schemaTypes(o.rOp.schema()), rbs)
	o.right = right
	keys, err := joinKeys(right, o.n.RightKeys, o.keyTypes)
	if err != nil {
		return err
	}
	o.table = newHashTable(o.keyTypes)
	o.rgroup = o.table.insertRows(keys, right.N, nil, !joinNullsMatch)
	ng := o.table.groups()
	o.index = newGroupIndex(o.rgroup, ng)
	o.matched = make([]bool, ng)
	if o.n.Kind == plan.InnerUnique {
		o.claimed = make([]bool, ng)
	}
	size := o.table.bytes() + int64(right.N*8+ng*6)
	o.held += size
	return o.rt.mem.grow(size, buildPurpose)
}

func (o *joinOp) next() (*column.Batch, error) {
	if !o.built {
		if err := o.build(); err != nil {
			return nil, err
		}
	}
	if o.swap != nil {
		return o.swap.next()
	}
	for !o.leftDone {
		if o.lb == nil || (o.li >= o.lb.N && len(o.pend) == 0) {
			b, err := o.nextLeft()
			if err == io.EOF {
				o.leftDone = true
				break
			}
			if err != nil {
				return nil, err
			}
			if err := o.rt.checkCtx(); err != nil {
				return nil, err
			}
			keys, err := joinKeys(b, o.n.LeftKeys, o.keyTypes)
			if err != nil {
				return nil, err
			}
			o.lb = b
			o.lgroups = o.table.find(keys, b.N, o.lgroups, !joinNullsMatch)
			o.li = 0
			o.pend = nil
		}
		if out := o.probe(); out != nil {
			return out, nil
		}
	}
	if o.tail == nil {
		o.tail = o.rightTail()
	}
	return o.tail.next()
}

func (o *joinOp) nextLeft() (*column.Batch, error) {
	if len(o.leftBuf) > 0 {
		b := o.leftBuf[0]
		o.leftBuf = o.leftBuf[1:]
		return b, nil
	}
	return o.left.next()
}

// probe emits up to BatchSize output rows from the current left batch.
func (o *joinOp) probe() *column.Batch {
	o.lidx, o.ridx = o.lidx[:0], o.ridx[:0]
	kind := o.n.Kind
	b := o.lb
	for o.li < b.N || len(o.pend) > 0 {
		room := column.BatchSize - len(o.lidx)
		if room <= 0 {
			break
		}
		if len(o.pend) > 0 {
			// Pair the previous left row with its right rows in bulk.
			k := min(room, len(o.pend))
			l := int32(o.li - 1)
			for _, r := range o.pend[:k] {
				o.lidx = append(o.lidx, l)
				o.ridx = append(o.ridx, r)
			}
			o.pend = o.pend[k:]
			continue
		}
		i := o.li
		o.li++
		g := o.lgroups[i]
		switch kind {
		case plan.Inner, plan.RightOuter, plan.FullOuter, plan.LeftOuter, plan.InnerUnique:
			if g < 0 {
				if kind == plan.LeftOuter || kind == plan.FullOuter {
					o.lidx = append(o.lidx, int32(i))
					o.ridx = append(o.ridx, -1)
				}
				continue
			}
			if kind == plan.InnerUnique {
				if o.claimed[g] {
					continue
				}
				o.claimed[g] = true
			}
			o.matched[g] = true
			o.pend = o.index.rowsOf(g)
		case plan.LeftSemi:
			if g >= 0 {
				o.lidx = append(o.lidx, int32(i))
			}
		case plan.LeftAnti:
			if g < 0 {
				o.lidx = append(o.lidx, int32(i))
			}
		case plan.RightSemi, plan.RightAnti:
			if g >= 0 {
				o.matched[g] = true
			}
		}
	}
	if len(o.lidx) == 0 {
		return nil
	}
	return o.emit(o.lb, o.right, o.lidx, o.ridx)
}

// emit gathers output columns: rows lidx of lb paired with rows ridx of
// rb (-1 = no row: its columns are null). Either list may be empty for
// output that comes from one side only.
func (o *joinOp) emit(lb, rb *column.Batch, lidx, ridx []int32) *column.Batch {
	n := len(lidx)
	if n == 0 {
		n = len(ridx)
	}
	cols := make([]*column.Vector, len(o.n.OutCols))
	for i, c := range o.n.OutCols {
		t := o.n.Out[i].Type
		var v *column.Vector
		if c.Right {
			if len(ridx) == 0 || rb == nil {
				v = column.Null(t, n)
			} else {
				v = gather(rb.Cols[c.Index], ridx)
			}
		} else {
			if len(lidx) == 0 || lb == nil {
				v = column.Null(t, n)
			} else {
				v = gather(lb.Cols[c.Index], lidx)
			}
		}
		if r, err := asType(v, t); err == nil {
			v = r
		}
		cols[i] = v
	}
	return &column.Batch{Cols: cols, N: n}
}

// gather is Take, except that a run of consecutive rows (every left row
// matching once, the common case of lookups and outer joins) is sliced
// without copying.
func gather(v *column.Vector, idx []int32) *column.Vector {
	if len(idx) == 0 {
		return column.Take(v, idx)
	}
	lo := idx[0]
	if lo >= 0 && int(lo)+len(idx) <= v.Len() && idx[len(idx)-1] == lo+int32(len(idx)-1) {
		run := true
		for k, i := range idx {
			if i != lo+int32(k) {
				run = false
				break
			}
		}
		if run {
			return column.Slice(v, int(lo), int(lo)+len(idx))
		}
	}
	return column.Take(v, idx)
}

// rightTail yields what the join emits from the right side alone once the
// left side is done.
func (o *joinOp) rightTail() operator {
	var rows []int32
	switch o.n.Kind {
	case plan.RightOuter, plan.FullOuter, plan.RightAnti:
		for r, g := range o.rgroup {
			if g < 0 || !o.matched[g] {
				rows = append(rows, int32(r))
			}
		}
	case plan.RightSemi:
		for r, g := range o.rgroup {
			if g >= 0 && o.matched[g] {
				rows = append(rows, int32(r))
			}
		}
	default:
		return &sliceOp{sch: o.n.Out, release: o.rt.releaser(o.held)}
	}
	var batches []*column.Batch
	for lo := 0; lo < len(rows); lo += column.BatchSize {
		hi := lo + column.BatchSize
		if hi > len(rows) {
			hi = len(rows)
		}
		batches = append(batches, o.emit(nil, o.right, nil, rows[lo:hi]))
	}
	return &sliceOp{sch: o.n.Out, batches: batches, release: o.rt.releaser(o.held)}
}

// groupIndex lists the rows of each group contiguously, in row order, so
// that pairing a probe row with its matches reads one run of memory.
type groupIndex struct {
	start []int32 // per group: where its rows begin in rows; len groups+1
	rows  []int32
}

// newGroupIndex indexes rows by group (rows of group -1 are left out).
func newGroupIndex(groups []int32, ng int) groupIndex {
	start := make([]int32, ng+1)
	for _, g := range groups {
		if g >= 0 {
			start[g+1]++
		}
	}
	for g := 0; g < ng; g++ {
		start[g+1] += start[g]
	}
	rows := make([]int32, start[ng])
	fill := append([]int32(nil), start[:ng]...)
	for r, g := range groups {
		if g >= 0 {
			rows[fill[g]] = int32(r)
			fill[g]++
		}
	}
	return groupIndex{start: start, rows: rows}
}

func (x *groupIndex) rowsOf(g int32) []int32 { return x.rows[x.start[g]:x.start[g+1]] }

// first is the first row of group g.
func (x *groupIndex) first(g int32) int32 { return x.rows[x.start[g]] }
