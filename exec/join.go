package exec

import (
	"fmt"
	"io"
	"sync/atomic"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// joinNullsMatch says whether a null key equals a null key in a join. It
// does not: a join matches rows whose keys are equal, and null == null is
// not true in Kusto (empty strings, which are not null, do match).
const joinNullsMatch = false

// joinOp is a hash join. One side (the build side) is read whole and
// indexed by key; the other (the probe side) streams through and probes,
// on every worker at once, with the output kept in probe-side order. A
// small left side is indexed (Kusto's advice puts the small table on
// the left); otherwise the right side (Kusto's inner side) is, unless it
// is big and the left side turns out smaller. Build rows that must
// appear unmatched (outer and anti kinds) or matched once (semi kinds)
// are emitted after the probe side is exhausted.
type joinOp struct {
	rt          *engine
	n           *plan.Join
	left, right joinSide
	keyTypes    []types.Type

	built   bool
	swapped bool // the left side is indexed and the right side streams
	roles   joinRoles

	build   *column.Batch
	refs    []*column.Strings // per build string column: storage output rows refer to (column.RefStrings)
	refSize int64
	table   *hashTable
	index   groupIndex
	bgroup  []int32 // per build row: its group, -1 for null keys
	claimed []bool  // per group (dedupProbe): a probe row already took it
	emitted atomic.Int64

	probe  *driver
	states []*probeState
	tail   operator
	held   int64 // bytes accounted for the join's data, released at its end
}

// joinSide is one input of a join. A filter on top of it is applied by
// the join itself (pred, one evaluator per worker) rather than by the
// stage: the probe side then evaluates it, probes the passing rows'
// keys, and gathers the other columns only for rows that match, instead
// of copying every passing row first.
type joinSide struct {
	st   *stage
	pred []evalFn
	keys []int
}

func (rt *engine) compileJoinSide(n plan.Node, keys []int) (joinSide, error) {
	s := joinSide{keys: keys}
	f, filtered := n.(*plan.Filter)
	if filtered {
		if t := f.Pred.Type(); t != types.Bool && t != types.Unknown {
			return s, fmt.Errorf("where: the predicate is of type %s, expected bool", t)
		}
		n = f.Input
	}
	st, err := rt.compileStage(n, rt.workers)
	if err != nil {
		return s, err
	}
	s.st = st
	if filtered {
		for range st.workers() {
			p, err := rt.compileExpr(f.Pred)
			if err != nil {
				return s, err
			}
			s.pred = append(s.pred, p)
		}
	}
	return s, nil
}

// reader reads a side in input order, its filter applied.
func (o *joinOp) reader(s *joinSide) *driver {
	var steps []stepper
	for _, p := range s.pred {
		steps = append(steps, &filterStep{pred: p})
	}
	return newDriver(o.rt, s.st, steps, s.st.schema(), true)
}

// filterStep applies a side's filter for a reader.
type filterStep struct {
	pred evalFn
	b    *column.Batch
	sel  []int32
}

func (f *filterStep) start(b *column.Batch, pre bool) error {
	f.b = b
	if pre {
		return nil
	}
	m, err := f.pred(b)
	if err != nil {
		return err
	}
	sel, all := selection(m, b.N, f.sel)
	f.sel = sel[:0]
	if !all {
		f.b = column.TakeBatch(b, sel)
	}
	return nil
}

func (f *filterStep) step() (*column.Batch, error) {
	b := f.b
	f.b = nil
	return b, nil
}

func (rt *engine) compileJoin(n *plan.Join) (operator, error) {
	if len(n.LeftKeys) != len(n.RightKeys) || len(n.LeftKeys) == 0 {
		return nil, fmt.Errorf("join: expected matching key lists, got %d left and %d right keys", len(n.LeftKeys), len(n.RightKeys))
	}
	left, err := rt.compileJoinSide(n.Left, n.LeftKeys)
	if err != nil {
		return nil, err
	}
	right, err := rt.compileJoinSide(n.Right, n.RightKeys)
	if err != nil {
		return nil, err
	}
	ls, rs := left.st.schema(), right.st.schema()
	o := &joinOp{rt: rt, n: n, left: left, right: right}
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

// leftBuildRows: a left side that ends within this many rows is
// indexed, and the right side streams.
var leftBuildRows = 1 << 16

// joinSwapRows is the right-side size past which a join checks whether
// its left side is smaller, and then indexes the left side instead: a
// small table joined with a huge one then holds only the small one in
// memory.
var joinSwapRows = 1 << 18

const buildPurpose = "building the hash table of a join"

// pull reads one batch of a side and accounts for keeping it.
func (o *joinOp) pull(d *driver, bs *[]*column.Batch, rows *int) (bool, error) {
	b, err := d.next()
	if err == io.EOF {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if err := o.rt.checkCtx(); err != nil {
		return false, err
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

// drainInto stops a reader and reads what it still holds.
func (o *joinOp) drainInto(d *driver, bs *[]*column.Batch, rows *int) error {
	d.stop()
	for {
		done, err := o.pull(d, bs, rows)
		if err != nil || done {
			return err
		}
	}
}

// buildSide picks the side to index, reads it whole and indexes it: the
// left side when it is small, else the right side, unless that is big
// and the left side turns out to be smaller. Batches of the other side
// read on the way are probed first.
func (o *joinOp) buildSide() error {
	o.built = true
	var lbs, rbs []*column.Batch
	lrows, rrows := 0, 0
	ld := o.reader(&o.left)
	for lrows <= leftBuildRows {
		done, err := o.pull(ld, &lbs, &lrows)
		if err != nil {
			return err
		}
		if done {
			return o.indexSide(true, lbs, nil)
		}
	}
	if err := o.drainInto(ld, &lbs, &lrows); err != nil {
		return err
	}
	rd := o.reader(&o.right)
	sized := false
	for {
		done, err := o.pull(rd, &rbs, &rrows)
		if err != nil {
			return err
		}
		if done {
			break
		}
		if sized || rrows <= joinSwapRows || rrows <= lrows {
			continue
		}
		// Read the left side as far as the right side's size, to see
		// whether it is the smaller one.
		sized = true
		ld := o.reader(&o.left)
		leftDone := false
		for !leftDone && lrows <= rrows {
			if leftDone, err = o.pull(ld, &lbs, &lrows); err != nil {
				return err
			}
		}
		if leftDone {
			if err := o.drainInto(rd, &rbs, &rrows); err != nil {
				return err
			}
			return o.indexSide(true, lbs, rbs)
		}
		if err := o.drainInto(ld, &lbs, &lrows); err != nil {
			return err
		}
	}
	return o.indexSide(false, rbs, lbs)
}

// indexSide builds the hash table over the build side's batches and
// sets up the probe of the other side, whose batches read so far (pre)
// go first.
func (o *joinOp) indexSide(swapped bool, bbs, pre []*column.Batch) error {
	o.swapped = swapped
	o.roles = joinRolesFor(o.n.Kind, swapped)
	bs, ps := &o.right, &o.left
	if swapped {
		bs, ps = &o.left, &o.right
	}
	o.build = column.ConcatBatches(schemaTypes(bs.st.schema()), bbs)
	keys, err := joinKeys(o.build, bs.keys, o.keyTypes)
	if err != nil {
		return err
	}
	o.table = newHashTable(o.keyTypes)
	o.bgroup = o.table.insertRows(keys, o.build.N, nil, !joinNullsMatch)
	o.table.seal()
	ng := o.table.groups()
	o.index = newGroupIndex(o.bgroup, ng)
	if o.roles.dedupProbe {
		o.claimed = make([]bool, ng)
	}
	o.refs = make([]*column.Strings, len(o.build.Cols))
	for i, c := range o.build.Cols {
		if o.refs[i] = column.RefStrings(c, o.roles.probeOuter); o.refs[i] != nil {
			o.refSize += column.SizeOf(column.FromStrings(c.Type, o.refs[i]))
		}
	}
	size := o.table.bytes() + int64(o.build.N*8+ng*6)
	o.held += size
	if err := o.rt.mem.grow(size, buildPurpose); err != nil {
		return err
	}
	// innerunique with the right side indexed pairs a key with the first
	// left row that has it: the claims must be made in input order, so
	// that probe runs on one worker.
	workers := ps.st.workers()
	if o.roles.dedupProbe {
		workers = 1
	}
	steps := make([]stepper, workers)
	for w := range steps {
		s := o.newState(ps, w)
		o.states = append(o.states, s)
		steps[w] = s
	}
	o.probe = newDriverAfter(o.rt, ps.st, steps, o.n.Out, workers > 1, pre)
	return nil
}

func (o *joinOp) next() (*column.Batch, error) {
	if !o.built {
		if err := o.buildSide(); err != nil {
			return nil, err
		}
	}
	if o.probe != nil {
		x, err := o.probe.next()
		if err == nil {
			return x, nil
		}
		if err != io.EOF {
			return nil, err
		}
		o.probe = nil
	}
	if o.tail == nil {
		o.tail = o.buildTail()
	}
	return o.tail.next()
}

// joinRoles is what a join kind asks of its probe and build sides, once
// it is known which side is indexed.
type joinRoles struct {
	pairs      bool // matching (probe, build) row pairs are output
	probeOuter bool // probe rows without a match are output, with nulls
	probeSemi  bool // probe rows with a match are output alone
	probeAnti  bool // probe rows without a match are output alone
	tail       tailKind
	tailAlone  bool // tail rows are output alone (semi, anti), not with nulls
	dedupProbe bool // innerunique, right side indexed: a key pairs with its first left row only
	firstBuild bool // innerunique, left side indexed: a right row pairs with its key's first left row only
}

type tailKind uint8

const (
	tailNone      tailKind = iota
	tailUnmatched          // build rows no probe row matched (outer, anti)
	tailMatched            // build rows some probe row matched (semi)
)

func joinRolesFor(k plan.JoinKind, swapped bool) joinRoles {
	probeLeft := !swapped
	outer := func(left bool) bool {
		return k == plan.FullOuter || (k == plan.LeftOuter && left) || (k == plan.RightOuter && !left)
	}
	var r joinRoles
	switch k {
	case plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter:
		r.pairs = true
		r.probeOuter = outer(probeLeft)
		if outer(!probeLeft) {
			r.tail = tailUnmatched
		}
	case plan.InnerUnique:
		r.pairs = true
		r.dedupProbe = !swapped
		r.firstBuild = swapped
	case plan.LeftSemi, plan.RightSemi, plan.LeftAnti, plan.RightAnti:
		semi := k == plan.LeftSemi || k == plan.RightSemi
		leftKind := k == plan.LeftSemi || k == plan.LeftAnti
		switch {
		case leftKind == probeLeft && semi:
			r.probeSemi = true
		case leftKind == probeLeft:
			r.probeAnti = true
		case semi:
			r.tail, r.tailAlone = tailMatched, true
		default:
			r.tail, r.tailAlone = tailUnmatched, true
		}
	}
	return r
}

// probeState is one worker's probe: the batch being probed, how far it
// got, and the groups this worker matched (merged for the tail).
type probeState struct {
	o       *joinOp
	side    *joinSide
	pred    evalFn // the probe side's filter, or nil
	pr      *prober
	b       *column.Batch
	sel     []int32 // rows of b that passed the filter; nil: all
	n       int     // rows probed: len(sel), or b.N
	groups  []int32 // per probed row
	i       int     // next probed row to visit
	last    int32   // the row of b that pend pairs with
	pend    []int32 // build rows still to pair with row last
	matched []bool  // per group, when the kind has a tail
	pidx    []int32 // rows of b
	bidx    []int32
	selBuf  []int32
}

func (o *joinOp) newState(side *joinSide, w int) *probeState {
	s := &probeState{o: o, side: side, pr: o.table.prober()}
	if side.pred != nil {
		s.pred = side.pred[w]
	}
	if o.roles.tail != tailNone {
		s.matched = make([]bool, o.table.groups())
	}
	return s
}

func (s *probeState) start(b *column.Batch, pre bool) error {
	s.b, s.sel, s.n = b, nil, b.N
	s.i, s.pend = 0, nil
	kb := b
	if s.pred != nil && !pre {
		m, err := s.pred(b)
		if err != nil {
			return err
		}
		sel, all := selection(m, b.N, s.selBuf)
		s.selBuf = sel[:0]
		if !all {
			// Only the keys of passing rows are gathered now; the
			// other columns wait for a match.
			s.sel, s.n = sel, len(sel)
			kb = &column.Batch{Cols: make([]*column.Vector, len(b.Cols)), N: len(sel)}
			for _, k := range s.side.keys {
				kb.Cols[k] = column.Take(b.Cols[k], sel)
			}
		}
	}
	keys, err := joinKeys(kb, s.side.keys, s.o.keyTypes)
	if err != nil {
		return err
	}
	s.groups = s.pr.find(keys, s.n, s.groups, !joinNullsMatch)
	return nil
}

// step emits up to BatchSize output rows of the current batch; nil once
// the batch is done.
func (s *probeState) step() (*column.Batch, error) {
	o := s.o
	r := &o.roles
	s.pidx, s.bidx = s.pidx[:0], s.bidx[:0]
	for s.i < s.n || len(s.pend) > 0 {
		room := column.BatchSize - len(s.pidx)
		if room <= 0 {
			break
		}
		if len(s.pend) > 0 {
			// Pair the previous probe row with its build rows in bulk.
			k := min(room, len(s.pend))
			for _, b := range s.pend[:k] {
				s.pidx = append(s.pidx, s.last)
				s.bidx = append(s.bidx, b)
			}
			s.pend = s.pend[k:]
			continue
		}
		g := s.groups[s.i]
		row := int32(s.i)
		if s.sel != nil {
			row = s.sel[s.i]
		}
		s.i++
		if g >= 0 && s.matched != nil {
			s.matched[g] = true
		}
		switch {
		case r.pairs:
			switch {
			case g < 0:
				if r.probeOuter {
					s.pidx = append(s.pidx, row)
					s.bidx = append(s.bidx, -1)
				}
			case r.dedupProbe:
				if !o.claimed[g] {
					o.claimed[g] = true
					s.last, s.pend = row, o.index.rowsOf(g)
				}
			case r.firstBuild:
				s.pidx = append(s.pidx, row)
				s.bidx = append(s.bidx, o.index.first(g))
			default:
				s.last, s.pend = row, o.index.rowsOf(g)
			}
		case r.probeSemi && g >= 0, r.probeAnti && g < 0:
			s.pidx = append(s.pidx, row)
		}
	}
	if len(s.pidx) == 0 {
		return nil, nil
	}
	var bidx []int32
	if r.pairs {
		bidx = s.bidx
	}
	return o.emit(s.b, s.pidx, bidx), nil
}

// emit gathers output columns: probe rows pidx of pb paired with build
// rows bidx (-1 = no row: its columns are null). Either list may be nil
// for output that comes from one side only.
func (o *joinOp) emit(pb *column.Batch, pidx, bidx []int32) *column.Batch {
	n := len(pidx)
	if pidx == nil {
		n = len(bidx)
	}
	ref := o.referBuild(n)
	var codes []uint32 // shared by the build columns that refer to storage
	cols := make([]*column.Vector, len(o.n.OutCols))
	for i, c := range o.n.OutCols {
		t := o.n.Out[i].Type
		var v *column.Vector
		switch {
		case c.Right == o.swapped: // a probe-side column
			if pidx == nil || pb == nil {
				v = column.Null(t, n)
			} else {
				v = gather(pb.Cols[c.Index], pidx)
			}
		case bidx == nil:
			v = column.Null(t, n)
		case ref && o.refs[c.Index] != nil:
			if codes == nil {
				codes = refCodes(bidx, o.build.N)
			}
			v = column.TakeRef(o.build.Cols[c.Index], bidx, o.refs[c.Index], codes)
		default:
			v = gather(o.build.Cols[c.Index], bidx)
		}
		if r, err := asType(v, t); err == nil {
			v = r
		}
		cols[i] = v
	}
	return &column.Batch{Cols: cols, N: n}
}

// refSmallBytes: build-side string storage up to this size is referred
// to by output rows from the start, bigger storage once the output is
// an eighth of the build side's rows (before that, rows are copied, so
// that a few output rows do not keep a big build side alive).
const refSmallBytes = 4 << 20

// referBuild reports whether output rows refer to build-side string
// storage instead of copying it, and counts the rows.
func (o *joinOp) referBuild(n int) bool {
	done := o.emitted.Add(int64(n))
	return done*8 >= int64(o.build.N) || o.refSize <= refSmallBytes
}

// refCodes maps build rows to codes into RefStrings' storage, -1 to the
// empty string past the end.
func refCodes(idx []int32, n int) []uint32 {
	codes := make([]uint32, len(idx))
	for k, i := range idx {
		if i < 0 {
			codes[k] = uint32(n)
		} else {
			codes[k] = uint32(i)
		}
	}
	return codes
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

// buildTail yields what the join emits from the build side alone once
// the probe side is done.
func (o *joinOp) buildTail() operator {
	release := o.rt.releaser(o.held)
	if o.roles.tail == tailNone {
		return &sliceOp{sch: o.n.Out, release: release}
	}
	matched := make([]bool, o.table.groups())
	for _, s := range o.states {
		for g, m := range s.matched {
			matched[g] = matched[g] || m
		}
	}
	want := o.roles.tail == tailMatched
	var rows []int32
	for r, g := range o.bgroup {
		if (g >= 0 && matched[g]) == want {
			rows = append(rows, int32(r))
		}
	}
	var batches []*column.Batch
	for lo := 0; lo < len(rows); lo += column.BatchSize {
		hi := min(lo+column.BatchSize, len(rows))
		batches = append(batches, o.emit(nil, nil, rows[lo:hi]))
	}
	return &sliceOp{sch: o.n.Out, batches: batches, release: release}
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
