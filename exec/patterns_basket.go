package exec

import (
	"fmt"
	"io"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// basketOp is evaluate basket(): it reads its whole input, encoding each
// mined column's values as dense codes (one hash table per column) and
// each row as the tuple of its codes (one more table), weighing the
// distinct tuples; the mining then works on those tuples only.
type basketOp struct {
	rt  *engine
	n   *plan.Basket
	in  operator
	res operator
}

func (rt *engine) compileBasket(n *plan.Basket) (operator, error) {
	if n.Threshold < 0.015 || n.Threshold > 1 {
		return nil, fmt.Errorf("basket's Threshold must be between 0.015 and 1, not %s", strconv.FormatFloat(n.Threshold, 'g', -1, 64))
	}
	if n.MaxDims < 1 {
		return nil, fmt.Errorf("basket's MaxDimensions must be at least 1, not %d", n.MaxDims)
	}
	if n.Weight >= 0 {
		c := n.Input.Schema()[n.Weight]
		if !c.Type.IsNumeric() {
			return nil, fmt.Errorf("basket's weight column '%s' must be numeric (int, long or real), not %s", c.Name, c.Type)
		}
		if t := c.Type; t != types.Int && t != types.Long {
			return nil, fmt.Errorf("basket with a %s weight column is not supported: the documentation does not say how Kusto rounds the summed weights into the long Count; convert the weights with tolong() first", t)
		}
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &basketOp{rt: rt, n: n, in: in}, nil
}

func (o *basketOp) schema() types.Schema { return o.n.Out }

func (o *basketOp) next() (*column.Batch, error) {
	if o.res == nil {
		b, err := o.run()
		if err != nil {
			return nil, err
		}
		var bs []*column.Batch
		if b.N > 0 {
			bs = []*column.Batch{b}
		}
		o.res = &sliceOp{sch: o.n.Out, batches: bs}
	}
	return o.res.next()
}

// basketInput is the input reduced to distinct code tuples.
type basketInput struct {
	dims   []int            // input column of each mined dimension
	values []*column.Vector // per dimension: its distinct values, by code
	tx     [][]int32        // per distinct tuple: one code per dimension
	w      []int64          // per distinct tuple: summed weight
	total  int64
	orig   [][]int32 // per dimension: the value code of each miner code
}

func (o *basketOp) run() (*column.Batch, error) {
	inS := o.in.schema()
	bi, held, err := o.read(inS)
	defer o.rt.mem.shrink(held)
	if err != nil {
		return nil, err
	}
	if bi.total == 0 || len(bi.dims) == 0 {
		return &column.Batch{}, nil
	}
	thr, total := o.n.Threshold, float64(bi.total)
	frequent := func(s int64) bool { return s > 0 && float64(s)/total >= thr }
	m := bi.compact(frequent)
	m.frequent = frequent
	m.maxDims = o.n.MaxDims
	m.budget = 2_000_000
	ps, err := m.mine()
	if err != nil {
		return nil, err
	}
	sortPatterns(ps)
	return o.output(bi, ps), nil
}

// read drains the input into distinct code tuples and their weights.
func (o *basketOp) read(inS types.Schema) (*basketInput, int64, error) {
	bi := &basketInput{}
	var tables []*hashTable
	var tupleTypes []types.Type
	for c, col := range inS {
		if c == o.n.Weight {
			continue
		}
		bi.dims = append(bi.dims, c)
		tables = append(tables, newHashTable([]types.Type{col.Type}))
		tupleTypes = append(tupleTypes, types.Long)
	}
	tuples := newHashTable(tupleTypes)
	var held int64
	size := func() int64 {
		s := tuples.bytes() + int64(len(bi.w))*8
		for _, t := range tables {
			s += t.bytes()
		}
		return s
	}
	codes := make([][]uint32, len(tables))
	var tupleOf []uint32
	for {
		b, err := o.in.next()
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, held, err
		}
		if b.N == 0 {
			continue
		}
		keys := make([]*column.Vector, len(tables))
		for j, t := range tables {
			codes[j] = t.assign([]*column.Vector{b.Cols[bi.dims[j]]}, b.N, codes[j])
			wide := make([]int64, b.N)
			for i, c := range codes[j] {
				wide[i] = int64(c)
			}
			keys[j] = column.FromInts(types.Long, wide, nil)
		}
		tupleOf = tuples.assign(keys, b.N, tupleOf)
		for len(bi.w) < tuples.groups() {
			bi.w = append(bi.w, 0)
		}
		if err := o.weigh(b, tupleOf, bi); err != nil {
			return nil, held, err
		}
		if s := size(); s > held {
			if err := o.rt.mem.grow(s-held, "finding basket patterns"); err != nil {
				return nil, held, err
			}
			held = s
		}
	}
	for _, t := range tables {
		bi.values = append(bi.values, t.keyVectors()[0])
	}
	if len(tables) > 0 {
		cols := tuples.keyVectors()
		bi.tx = make([][]int32, tuples.groups())
		for g := range bi.tx {
			row := make([]int32, len(cols))
			for j, v := range cols {
				row[j] = int32(v.Int(g))
			}
			bi.tx[g] = row
		}
	}
	return bi, held, nil
}

// weigh adds each row's weight to its tuple.
func (o *basketOp) weigh(b *column.Batch, tupleOf []uint32, bi *basketInput) error {
	if o.n.Weight < 0 {
		for _, g := range tupleOf {
			bi.w[g]++
		}
		bi.total += int64(b.N)
		return nil
	}
	wv := b.Cols[o.n.Weight]
	name := o.n.Input.Schema()[o.n.Weight].Name
	for i, g := range tupleOf {
		if wv.IsNull(i) {
			return fmt.Errorf("basket's weight column '%s' holds a null; the documentation does not say how Kusto weighs it: filter those rows out or replace them with coalesce()", name)
		}
		x := wv.Int(i)
		if x < 0 {
			return fmt.Errorf("basket's weight column '%s' holds a negative weight (%d); weights must be 0 or more", name, x)
		}
		if bi.total+x < bi.total {
			return fmt.Errorf("basket's weights in column '%s' add up to more than a long can hold", name)
		}
		bi.w[g] += x
		bi.total += x
	}
	return nil
}

// compact maps each dimension's frequent codes to 0..k-1 (the others to
// -1, in order of first appearance), merges the tuples that become
// equal and drops those weighing nothing. The miner's codes index
// orig, per dimension, to find the code of bi.values.
func (bi *basketInput) compact(frequent func(int64) bool) *patternMiner {
	nd := len(bi.dims)
	m := &patternMiner{ncodes: make([]int, nd)}
	remap := make([][]int32, nd)
	for d := 0; d < nd; d++ {
		sums := make([]int64, bi.values[d].Len())
		for t, row := range bi.tx {
			sums[row[d]] += bi.w[t]
		}
		remap[d] = make([]int32, len(sums))
		for c, s := range sums {
			remap[d][c] = -1
			if frequent(s) {
				remap[d][c] = int32(m.ncodes[d])
				m.ncodes[d]++
			}
		}
	}
	seen := map[string]int{}
	key := make([]byte, 0, 4*nd)
	for t, row := range bi.tx {
		if bi.w[t] == 0 {
			continue
		}
		mapped := make([]int32, nd)
		key = key[:0]
		for d, c := range row {
			mapped[d] = remap[d][c]
			key = strconv.AppendInt(key, int64(mapped[d]), 36)
			key = append(key, ',')
		}
		if i, ok := seen[string(key)]; ok {
			m.w[i] += bi.w[t]
			continue
		}
		seen[string(key)] = len(m.tx)
		m.tx = append(m.tx, mapped)
		m.w = append(m.w, bi.w[t])
	}
	// Back from the miner's codes to the value codes.
	bi.orig = make([][]int32, nd)
	for d := range remap {
		bi.orig[d] = make([]int32, m.ncodes[d])
		for c, k := range remap[d] {
			if k >= 0 {
				bi.orig[d][k] = int32(c)
			}
		}
	}
	return m
}

// output builds the result: SegmentId, Count, Percent, then each input
// column holding the pattern's value or the wildcard of its type.
func (o *basketOp) output(bi *basketInput, ps []minedPattern) *column.Batch {
	n := len(ps)
	seg, cnt := make([]int64, n), make([]int64, n)
	pct := make([]float64, n)
	for i, p := range ps {
		seg[i], cnt[i] = int64(i), p.count
		pct[i] = 100 * float64(p.count) / float64(bi.total)
	}
	cols := []*column.Vector{column.FromInts(types.Long, seg, nil), column.FromInts(types.Long, cnt, nil), column.FromReals(types.Real, pct, nil)}
	dimOf := map[int]int{}
	for d, c := range bi.dims {
		dimOf[c] = d
	}
	inS := o.in.schema()
	for c, col := range inS {
		wild := o.wildcard(col.Type)
		b := column.NewBuilder(col.Type, n)
		d, mined := dimOf[c]
		for _, p := range ps {
			set := false
			if mined {
				for _, it := range p.items {
					if it.dim == d {
						b.AppendFrom(bi.values[d], int(bi.orig[d][it.code]))
						set = true
						break
					}
				}
			}
			if !set {
				b.AppendValue(wild)
			}
		}
		cols = append(cols, b.Build())
	}
	return &column.Batch{N: n, Cols: cols}
}

// wildcard is the value shown for a column the pattern leaves free: the
// custom wildcard of its type, else "" for strings and null otherwise.
func (o *basketOp) wildcard(t types.Type) any {
	for _, w := range o.n.Wildcards {
		if w.T == t {
			return w.Value
		}
	}
	if t == types.String {
		return ""
	}
	return nil
}
