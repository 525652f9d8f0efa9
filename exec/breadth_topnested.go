package exec

import (
	"fmt"
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// topNestedOp is top-nested. Each level is one hash aggregation over the
// rows still alive, keyed by (kept group of the level above, Of), so a
// level costs one pass whatever the number of parents. Output rows come
// depth first: each kept group's sub-tree, in rank order, then the
// level's "others" row for that parent.
type topNestedOp struct {
	rt  *engine
	n   *plan.TopNested
	in  operator
	res operator
}

func (rt *engine) compileTopNested(n *plan.TopNested) (operator, error) {
	if len(n.Out) != 2*len(n.Levels) {
		return nil, fmt.Errorf("internal error: top-nested has %d columns for %d levels", len(n.Out), len(n.Levels))
	}
	for _, l := range n.Levels {
		for _, a := range l.Aggs {
			if a.Bound == nil || a.Bound.NewAgg == nil {
				return nil, fmt.Errorf("top-nested: aggregate '%s' has no implementation", aggName(a))
			}
		}
	}
	in, err := rt.compile(n.Input)
	if err != nil {
		return nil, err
	}
	return &topNestedOp{rt: rt, n: n, in: in}, nil
}

func (o *topNestedOp) schema() types.Schema { return o.n.Out }

func (o *topNestedOp) next() (*column.Batch, error) {
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

// tnLevel is the outcome of one level: per kept group, its parent (a
// kept group of the level above, 0 at level 0) in rank order.
type tnLevel struct {
	keys, vals *column.Vector // per group of the level's hash table
	kept       [][]int32      // per parent: its kept groups, best first
	base       []int32        // per parent: the next level's number of its first kept group
	others     *column.Vector // per parent: Value over its groups not kept
	hasOthers  []bool         // per parent: some group was not kept
}

func (o *topNestedOp) run() (*column.Batch, error) {
	all, held, err := o.rt.drainConcat(o.in, "computing top-nested")
	if err != nil {
		return nil, err
	}
	defer o.rt.mem.shrink(held)
	// parent[i] is the kept group (of the level above) row i belongs to,
	// -1 once the row is in no kept group.
	parent := make([]int32, all.N)
	nparents := 1
	levels := make([]*tnLevel, len(o.n.Levels))
	for k, l := range o.n.Levels {
		lv, next, np, err := o.level(all, l, k, parent, nparents)
		if err != nil {
			return nil, err
		}
		levels[k], parent, nparents = lv, next, np
	}
	return o.output(levels)
}

// level computes level k over the rows whose parent is >= 0; it returns
// the rows' parents for the next level (kept groups numbered in order
// of their parents, then rank).
func (o *topNestedOp) level(all *column.Batch, l plan.TopNestedLevel, k int, parent []int32, nparents int) (*tnLevel, []int32, int, error) {
	var alive []int32
	for i, p := range parent {
		if p >= 0 {
			alive = append(alive, int32(i))
		}
	}
	sub := column.TakeBatch(all, alive)
	ofFn, err := o.rt.compileExpr(l.Of)
	if err != nil {
		return nil, nil, 0, err
	}
	of, err := ofFn(sub)
	if err != nil {
		return nil, nil, 0, err
	}
	if of, err = asType(of, o.n.Out[2*k].Type); err != nil {
		return nil, nil, 0, err
	}
	par := make([]int64, len(alive))
	for j, i := range alive {
		par[j] = int64(parent[i])
	}
	table := newHashTable([]types.Type{types.Long, of.Type})
	groups := table.assign([]*column.Vector{column.FromInts(types.Long, par, nil), of}, sub.N, nil)
	ng := table.groups()
	vals, err := o.values(sub, l, k, groups, ng)
	if err != nil {
		return nil, nil, 0, err
	}
	kv := table.keyVectors()
	lv := &tnLevel{keys: kv[1], vals: vals, kept: make([][]int32, nparents)}
	for g := 0; g < ng; g++ {
		p := kv[0].Int(g)
		lv.kept[p] = append(lv.kept[p], int32(g))
	}
	keptAs := make([]int32, ng) // group -> its number at the next level
	for g := range keptAs {
		keptAs[g] = -1
	}
	next := int32(0)
	lv.hasOthers = make([]bool, nparents)
	lv.base = make([]int32, nparents)
	for p, gs := range lv.kept {
		lv.base[p] = next
		rankGroups(gs, vals, l.Desc)
		if l.N >= 0 && int64(len(gs)) > l.N {
			gs = gs[:l.N]
			lv.hasOthers[p] = true
		}
		lv.kept[p] = gs
		for _, g := range gs {
			keptAs[g] = next
			next++
		}
	}
	nextParent := make([]int32, len(parent))
	for i := range nextParent {
		nextParent[i] = -1
	}
	var rest []uint32 // per alive row: its parent when its group is not kept
	var restRows []int32
	for j, i := range alive {
		if g := keptAs[groups[j]]; g >= 0 {
			nextParent[i] = g
		} else if l.Others != nil {
			rest = append(rest, uint32(parent[i]))
			restRows = append(restRows, int32(j))
		}
	}
	if l.Others != nil {
		// The others row aggregates the rows themselves: Value need not
		// be decomposable over the groups (count()*100 + max(X)).
		lv.others, err = o.values(column.TakeBatch(sub, restRows), l, k, rest, nparents)
		if err != nil {
			return nil, nil, 0, err
		}
	}
	return lv, nextParent, int(next), nil
}

// values computes Value per group of rows b grouped by groups.
func (o *topNestedOp) values(b *column.Batch, l plan.TopNestedLevel, k int, groups []uint32, ng int) (*column.Vector, error) {
	res := &column.Batch{N: ng}
	for _, a := range l.Aggs {
		argFs, err := o.rt.compileExprs(a.Args)
		if err != nil {
			return nil, err
		}
		args, err := evalAll(argFs, b)
		if err != nil {
			return nil, err
		}
		var agg functions.Aggregator = a.Bound.NewAgg()
		if err := agg.Update(groups, args); err != nil {
			return nil, err
		}
		vs, err := agg.Result(ng)
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 {
			return nil, fmt.Errorf("top-nested: aggregate '%s' must give one value", aggName(a))
		}
		res.Cols = append(res.Cols, vs[0])
	}
	f, err := o.rt.compileExpr(l.Value)
	if err != nil {
		return nil, err
	}
	v, err := f(res)
	if err != nil {
		return nil, err
	}
	return asType(v, o.n.Out[2*k+1].Type)
}

// rankGroups orders gs best first; nulls rank last either way, ties keep
// the order of first appearance.
func rankGroups(gs []int32, vals *column.Vector, desc bool) {
	sort.SliceStable(gs, func(a, b int) bool {
		i, j := int(gs[a]), int(gs[b])
		ni, nj := vals.IsNull(i), vals.IsNull(j)
		if ni || nj {
			return !ni && nj
		}
		c := column.CompareRows(vals, i, vals, j)
		if desc {
			return c > 0
		}
		return c < 0
	})
}

// output walks the kept groups depth first. Each output row is, per
// level, an index into that level's groups, -1 for the others row and
// -2 below an others row (nulls).
func (o *topNestedOp) output(levels []*tnLevel) (*column.Batch, error) {
	nl := len(levels)
	var rows [][]int32
	var otherOf []int32 // per row: the parent whose others row it is
	path := make([]int32, nl)
	var walk func(k int, p int32)
	walk = func(k int, p int32) {
		lv := levels[k]
		for idx, g := range lv.kept[p] {
			path[k] = g
			if k == nl-1 {
				rows = append(rows, append([]int32(nil), path...))
				otherOf = append(otherOf, -1)
			} else {
				walk(k+1, lv.base[p]+int32(idx))
			}
		}
		if o.n.Levels[k].Others != nil && lv.hasOthers[p] {
			r := append([]int32(nil), path...)
			r[k] = -1
			for d := k + 1; d < nl; d++ {
				r[d] = -2
			}
			rows = append(rows, r)
			otherOf = append(otherOf, p)
		}
	}
	if nl == 0 {
		return &column.Batch{}, nil
	}
	walk(0, 0)
	cols := make([]*column.Vector, 0, 2*nl)
	for k, lv := range levels {
		kidx := make([]int32, len(rows))
		vidx := make([]int32, len(rows))
		keys, vals := lv.keys, lv.vals
		ng := int32(keys.Len())
		if oth := o.n.Levels[k].Others; oth != nil {
			c, err := constVector(o.n.Out[2*k].Type, oth.Value)
			if err != nil {
				return nil, err
			}
			keys = column.Concat(keys.Type, []*column.Vector{keys, c})
			vals = column.Concat(vals.Type, []*column.Vector{vals, lv.others})
		}
		for r, row := range rows {
			switch g := row[k]; g {
			case -1:
				kidx[r], vidx[r] = ng, ng+otherOf[r]
			case -2:
				kidx[r], vidx[r] = -1, -1
			default:
				kidx[r], vidx[r] = g, g
			}
		}
		cols = append(cols, column.Take(keys, kidx), column.Take(vals, vidx))
	}
	return &column.Batch{Cols: cols, N: len(rows)}, nil
}
