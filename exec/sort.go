package exec

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

type sortSpec struct{ desc, nullsFirst bool }

func sortSpecs(keys []plan.SortKey) []sortSpec {
	out := make([]sortSpec, len(keys))
	for i, k := range keys {
		out[i] = sortSpec{desc: k.Desc, nullsFirst: k.NullsFirst}
	}
	return out
}

// rowCmp compares two rows of one set of key vectors.
type rowCmp func(a, b int32) int

// keyComparator builds one comparison per key, specialised to the key's
// storage so that sorting does no type switch per comparison. Strings
// from a dictionary are compared by the rank of their dictionary entry.
func keyComparator(v *column.Vector, s sortSpec) rowCmp {
	dir := 1
	if s.desc {
		dir = -1
	}
	nullDir := 1 // null sorts after values
	if s.nullsFirst {
		nullDir = -1
	}
	var cmpVal rowCmp
	switch {
	case v.IsConst():
		return func(a, b int32) int { return 0 }
	case v.Ints != nil:
		xs := v.Ints
		cmpVal = func(a, b int32) int { return cmp.Compare(xs[a], xs[b]) }
	case v.Reals != nil:
		xs := v.Reals
		cmpVal = func(a, b int32) int { return column.CompareReals(xs[a], xs[b]) }
	case v.Decs != nil:
		xs := v.Decs
		cmpVal = func(a, b int32) int { return value.CompareDec(xs[a], xs[b]) }
	case v.Bools != nil:
		xs := v.Bools
		cmpVal = func(a, b int32) int {
			x, y := xs[a], xs[b]
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case v.Strs != nil && v.Strs.Dict != nil && v.Strs.Dict.Len() <= v.Len():
		rank := dictRanks(v.Strs.Dict)
		codes := v.Strs.Codes
		cmpVal = func(a, b int32) int { return cmp.Compare(rank[codes[a]], rank[codes[b]]) }
	case v.Strs != nil:
		s := v.Strs
		cmpVal = func(a, b int32) int { return strings.Compare(s.At(int(a)), s.At(int(b))) }
	default:
		cmpVal = func(a, b int32) int { return column.CompareValues(v.Dyn(int(a)), v.Dyn(int(b))) }
	}
	if !v.HasNulls() {
		if dir == 1 {
			return cmpVal
		}
		return func(a, b int32) int { return -cmpVal(a, b) }
	}
	nulls := v.Nulls()
	return func(a, b int32) int {
		an, bn := nulls.Get(int(a)), nulls.Get(int(b))
		if an || bn {
			switch {
			case an && bn:
				return 0
			case an:
				return nullDir
			}
			return -nullDir
		}
		return dir * cmpVal(a, b)
	}
}

// dictRanks orders a dictionary's entries once.
func dictRanks(d *column.Strings) []int32 {
	n := d.Len()
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(d.At(int(a)), d.At(int(b))) })
	rank := make([]int32, n)
	r := int32(0)
	for i, e := range order {
		if i > 0 && d.At(int(order[i-1])) != d.At(int(e)) {
			r++
		}
		rank[e] = r
	}
	return rank
}

func multiComparator(keys []*column.Vector, specs []sortSpec) rowCmp {
	cs := make([]rowCmp, len(keys))
	for i, k := range keys {
		cs[i] = keyComparator(k, specs[i])
	}
	if len(cs) == 1 {
		return cs[0]
	}
	return func(a, b int32) int {
		for _, c := range cs {
			if r := c(a, b); r != 0 {
				return r
			}
		}
		return 0
	}
}

// compareAcross compares row i of key set ka with row j of key set kb.
func compareAcross(ka []*column.Vector, i int, kb []*column.Vector, j int, specs []sortSpec) int {
	for k, s := range specs {
		a, b := ka[k], kb[k]
		an, bn := a.IsNull(i), b.IsNull(j)
		if an || bn {
			if an && bn {
				continue
			}
			r := 1
			if s.nullsFirst {
				r = -1
			}
			if bn {
				r = -r
			}
			return r
		}
		r := column.CompareRows(a, i, b, j)
		if s.desc {
			r = -r
		}
		if r != 0 {
			return r
		}
	}
	return 0
}

// sortedPerm returns the stable ordering of rows 0..n-1 by the keys.
// Ties break on the row number, which makes an unstable O(n log n) sort
// stable; a single integer (or dictionary string) key sorts (key, row)
// pairs directly, without indirection per comparison.
func sortedPerm(keys []*column.Vector, specs []sortSpec, n int) []int32 {
	if len(keys) == 1 && !keys[0].IsConst() {
		if xs, ok := intSortKeys(keys[0], n); ok {
			return sortIntKeys(xs, keys[0], specs[0], n)
		}
	}
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	c := multiComparator(keys, specs)
	slices.SortFunc(perm, func(a, b int32) int {
		if r := c(a, b); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	return perm
}

// intSortKeys gives a key's rows as integers whose order is the key's
// order: the values of int-stored keys, dictionary ranks of strings.
func intSortKeys(v *column.Vector, n int) ([]int64, bool) {
	switch {
	case v.Ints != nil:
		return v.Ints[:n], true
	case v.Strs != nil && v.Strs.Dict != nil && v.Strs.Dict.Len() <= n:
		rank := dictRanks(v.Strs.Dict)
		xs := make([]int64, n)
		for i, c := range v.Strs.Codes[:n] {
			xs[i] = int64(rank[c])
		}
		return xs, true
	}
	return nil, false
}

func sortIntKeys(xs []int64, v *column.Vector, s sortSpec, n int) []int32 {
	keys := make([]uint64, 0, n)
	rowsOf := make([]int32, 0, n)
	var nullRows []int32
	hasNulls := v.HasNulls()
	for i, x := range xs {
		if hasNulls && v.IsNull(i) {
			nullRows = append(nullRows, int32(i))
			continue
		}
		// Flip the sign bit so that unsigned order is signed order, and
		// every bit for descending order.
		u := uint64(x) ^ (1 << 63)
		if s.desc {
			u = ^u
		}
		keys = append(keys, u)
		rowsOf = append(rowsOf, int32(i))
	}
	sorted := radixSort(keys, rowsOf)
	perm := make([]int32, 0, n)
	if s.nullsFirst {
		perm = append(perm, nullRows...)
	}
	perm = append(perm, sorted...)
	if !s.nullsFirst {
		perm = append(perm, nullRows...)
	}
	return perm
}

// radixSort orders rows by keys with a stable least-significant-digit
// radix sort (byte digits; passes where every key has the same digit are
// skipped), so ties keep input order.
func radixSort(keys []uint64, rows []int32) []int32 {
	n := len(keys)
	if n < 256 {
		idx := make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
		out := make([]int32, n)
		for i, j := range idx {
			out[i] = rows[j]
		}
		return out
	}
	k2 := make([]uint64, n)
	r2 := make([]int32, n)
	var counts [8][256]int
	for _, k := range keys {
		for d := 0; d < 8; d++ {
			counts[d][byte(k>>(8*d))]++
		}
	}
	for d := 0; d < 8; d++ {
		c := &counts[d]
		if c[byte(keys[0]>>(8*d))] == n {
			continue
		}
		pos := 0
		for b := 0; b < 256; b++ {
			x := c[b]
			c[b] = pos
			pos += x
		}
		shift := uint(8 * d)
		for i, k := range keys {
			p := c[byte(k>>shift)]
			c[byte(k>>shift)]++
			k2[p] = k
			r2[p] = rows[i]
		}
		keys, k2 = k2, keys
		rows, r2 = r2, rows
	}
	return rows
}

// sortOp orders its whole input (sort, order by).
type sortOp struct {
	rt    *engine
	in    operator
	keys  []evalFn
	specs []sortSpec
	res   operator
}

func (rt *engine) compileSort(n *plan.Sort) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	keys, err := rt.compileSortKeys(n.Keys)
	if err != nil {
		return nil, err
	}
	return &sortOp{rt: rt, in: in, keys: keys, specs: sortSpecs(n.Keys)}, nil
}

func (rt *engine) compileSortKeys(ks []plan.SortKey) ([]evalFn, error) {
	es := make([]plan.Expr, len(ks))
	for i, k := range ks {
		es[i] = k.X
	}
	return rt.compileExprs(es)
}

func (o *sortOp) schema() types.Schema { return o.in.schema() }

func (o *sortOp) next() (*column.Batch, error) {
	if o.res == nil {
		all, held, err := o.rt.drainConcat(o.in, "sorting")
		if err != nil {
			return nil, err
		}
		sorted, err := sortBatch(all, o.keys, o.specs)
		if err != nil {
			o.rt.mem.shrink(held)
			return nil, err
		}
		o.res = &sliceOp{sch: o.in.schema(), batches: []*column.Batch{sorted}, release: o.rt.releaser(held)}
	}
	return o.res.next()
}

func sortBatch(b *column.Batch, keys []evalFn, specs []sortSpec) (*column.Batch, error) {
	if b.N <= 1 {
		return b, nil
	}
	kv, err := evalAll(keys, b)
	if err != nil {
		return nil, err
	}
	return column.TakeBatch(b, sortedPerm(kv, specs, b.N)), nil
}

// topOp keeps the first N rows in sort order without sorting the whole
// input: it holds at most about 2N+BatchSize candidate rows, compacting
// them to the best N as they accumulate, and skips incoming rows that
// cannot beat the current N-th row.
type topOp struct {
	rt    *engine
	in    operator
	n     int
	keys  []evalFn
	specs []sortSpec

	best     *column.Batch    // sorted, at most n rows
	bestKeys []*column.Vector // keys of best
	pending  []*column.Batch
	pendRows int
	res      operator
}

func (rt *engine) compileTop(n *plan.Top) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	keys, err := rt.compileSortKeys(n.Keys)
	if err != nil {
		return nil, err
	}
	lim := n.N
	if lim < 0 {
		lim = 0
	}
	if lim > 1<<31 {
		lim = 1 << 31
	}
	return &topOp{rt: rt, in: in, n: int(lim), keys: keys, specs: sortSpecs(n.Keys)}, nil
}

func (o *topOp) schema() types.Schema { return o.in.schema() }

func (o *topOp) next() (*column.Batch, error) {
	if o.res != nil {
		return o.res.next()
	}
	if o.n == 0 {
		o.res = &sliceOp{sch: o.schema()}
		return nil, io.EOF
	}
	for {
		b, err := o.in.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := o.add(b); err != nil {
			return nil, err
		}
	}
	if err := o.compact(); err != nil {
		return nil, err
	}
	var bs []*column.Batch
	if o.best != nil {
		bs = []*column.Batch{o.best}
	}
	o.res = &sliceOp{sch: o.schema(), batches: bs}
	return o.res.next()
}

func (o *topOp) add(b *column.Batch) error {
	if o.best != nil && o.best.N == o.n {
		// Keep only rows strictly better than the current last one.
		kv, err := evalAll(o.keys, b)
		if err != nil {
			return err
		}
		last := o.best.N - 1
		var sel []int32
		for i := 0; i < b.N; i++ {
			if compareAcross(kv, i, o.bestKeys, last, o.specs) < 0 {
				sel = append(sel, int32(i))
			}
		}
		if len(sel) == 0 {
			return nil
		}
		if len(sel) < b.N {
			b = column.TakeBatch(b, sel)
		}
	}
	o.pending = append(o.pending, b)
	o.pendRows += b.N
	limit := 2 * o.n
	if limit < column.BatchSize {
		limit = column.BatchSize
	}
	if o.pendRows > limit {
		return o.compact()
	}
	return nil
}

func (o *topOp) compact() error {
	if len(o.pending) == 0 {
		return nil
	}
	parts := o.pending
	if o.best != nil {
		parts = append([]*column.Batch{o.best}, parts...)
	}
	all := column.ConcatBatches(schemaTypes(o.schema()), parts)
	o.pending, o.pendRows = nil, 0
	kv, err := evalAll(o.keys, all)
	if err != nil {
		return err
	}
	perm := sortedPerm(kv, o.specs, all.N)
	if len(perm) > o.n {
		perm = perm[:o.n]
	}
	o.best = column.TakeBatch(all, perm)
	o.bestKeys = make([]*column.Vector, len(kv))
	for i, k := range kv {
		o.bestKeys[i] = column.Take(k, perm)
	}
	return nil
}

// limitOp passes the first N rows and stops pulling its input then.
type limitOp struct {
	in   operator
	left int64
}

func (rt *engine) compileLimit(n *plan.Limit) (operator, error) {
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	left := n.N
	if left < 0 {
		left = 0
	}
	return &limitOp{in: in, left: left}, nil
}

func (o *limitOp) schema() types.Schema { return o.in.schema() }

func (o *limitOp) next() (*column.Batch, error) {
	if o.left <= 0 {
		return nil, io.EOF
	}
	b, err := o.in.next()
	if err != nil {
		return nil, err
	}
	if int64(b.N) > o.left {
		b = column.SliceBatch(b, 0, int(o.left))
	}
	o.left -= int64(b.N)
	return b, nil
}
