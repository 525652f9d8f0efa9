package exec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
)

// Source reads tables for Scan nodes.
type Source interface {
	// Scan returns the columns s.Project lists (all of s.Columns when
	// nil), in that order.
	Scan(ctx context.Context, s *plan.Scan) (BatchReader, error)
}

// BatchReader yields batches until it returns io.EOF.
type BatchReader interface {
	Next() (*column.Batch, error)
}

// Options tune one run.
type Options struct {
	// Now is now() in 100 ns ticks, fixed for the whole query.
	Now int64
	// Parallelism is the number of workers for parallel operators
	// (0 = GOMAXPROCS).
	Parallelism int
	// MemoryLimit bounds the bytes operators may hold (0 = default).
	MemoryLimit int64
	// ExternalData says what externaldata may read.
	ExternalData ExternalDataOptions
}

// DefaultMemoryLimit applies when Options.MemoryLimit is 0.
const DefaultMemoryLimit int64 = 4 << 30

// Result is a query's output table.
type Result struct {
	Schema  types.Schema
	Batches []*column.Batch
	// Render is the render request of the query's last operator, if any.
	Render *plan.Render
}

// Rows returns the number of rows of the result.
func (r *Result) Rows() int {
	n := 0
	for _, b := range r.Batches {
		n += b.N
	}
	return n
}

// Run executes root and collects its output.
func Run(ctx context.Context, root plan.Node, src Source, opts Options) (*Result, error) {
	// Parallel operators' workers end with the query, also when an
	// operator above stops reading before its input's end.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rt := newEngine(ctx, src, opts)
	op, err := rt.compile(root)
	if err != nil {
		return nil, err
	}
	var out []*column.Batch
	for {
		b, err := op.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if b.N > 0 {
			out = append(out, b)
		}
	}
	res := &Result{Schema: op.schema(), Batches: out}
	if r, ok := root.(*plan.Render); ok {
		res.Render = r
	}
	return res, nil
}

// operator is a physical operator: next returns the next non-nil batch
// or io.EOF. schema is the output schema; operators whose columns are
// discovered from data (bag_unpack) know it after their first next.
type operator interface {
	next() (*column.Batch, error)
	schema() types.Schema
}

// engine is the state shared by all operators of one Run.
type engine struct {
	ctx     context.Context
	src     Source
	fctx    *functions.Ctx
	workers int
	mem     *memory

	*shared
	// apply binds the leaves of mv-apply sub-queries to the rows of the
	// input row being applied (set on child engines only).
	apply map[*plan.ApplyRows]*column.Batch
}

// shared is the state every engine of one Run shares, child engines of
// mv-apply included.
type shared struct {
	mu        sync.Mutex
	materials map[*plan.Materialize]*materialized
	subs      map[plan.Node]*subResult
	sets      map[inSetKey]*inSet
	ext       ExternalDataOptions
}

func newShared() *shared {
	return &shared{
		materials: map[*plan.Materialize]*materialized{},
		subs:      map[plan.Node]*subResult{},
		sets:      map[inSetKey]*inSet{},
	}
}

func newEngine(ctx context.Context, src Source, opts Options) *engine {
	w := opts.Parallelism
	if w <= 0 {
		w = gomaxprocs()
	}
	limit := opts.MemoryLimit
	if limit <= 0 {
		limit = DefaultMemoryLimit
	}
	rt := &engine{
		ctx:     ctx,
		src:     src,
		fctx:    &functions.Ctx{Now: opts.Now},
		workers: w,
		mem:     &memory{limit: limit},
		shared:  newShared(),
	}
	rt.ext = opts.ExternalData
	return rt
}

func gomaxprocs() int { return runtime.GOMAXPROCS(0) }

// compile builds the operator for one plan node.
func (rt *engine) compile(n plan.Node) (operator, error) {
	if rt.workers > 1 && streaming(n) {
		return rt.compileStreaming(n)
	}
	switch n := n.(type) {
	case *plan.Scan:
		return rt.compileScan(n)
	case *plan.Values:
		return newValuesOp(n)
	case *plan.Range:
		return rt.compileRange(n)
	case *plan.Filter:
		return rt.compileFilter(n)
	case *plan.Project:
		return rt.compileProject(n)
	case *plan.Aggregate:
		return rt.compileAggregate(n)
	case *plan.Join:
		return rt.compileJoin(n)
	case *plan.Union:
		return rt.compileUnion(n)
	case *plan.Sort:
		return rt.compileSort(n)
	case *plan.Top:
		return rt.compileTop(n)
	case *plan.Limit:
		return rt.compileLimit(n)
	case *plan.MvExpand:
		return rt.compileMvExpand(n)
	case *plan.Parse:
		return rt.compileParse(n)
	case *plan.Serialize:
		return rt.compile(n.Input)
	case *plan.Materialize:
		return rt.compileMaterialize(n)
	case *plan.Render:
		return rt.compile(n.Input)
	case *plan.BagUnpack:
		return rt.compileBagUnpack(n)
	case *plan.Sample:
		return rt.compileSample(n)
	case *plan.MvApply:
		return rt.compileMvApply(n)
	case *plan.ApplyRows:
		return rt.compileApplyRows(n)
	case *plan.ParseKv:
		return rt.compileParseKv(n)
	case *plan.MakeSeries:
		return rt.compileMakeSeries(n)
	case *plan.Pivot:
		return rt.compilePivot(n)
	case *plan.TopNested:
		return rt.compileTopNested(n)
	case *plan.TopHitters:
		return rt.compileTopHitters(n)
	case *plan.Partition:
		return rt.compilePartition(n)
	case *plan.PartitionRows:
		return rt.compilePartitionRows(n)
	case *plan.Narrow:
		return rt.compileNarrow(n)
	case *plan.SchemaMerge:
		return rt.compileSchemaMerge(n)
	case *plan.IPLookup:
		return rt.compileIPLookup(n)
	case *plan.GeoPolygonLookup:
		return rt.compileGeoPolygonLookup(n)
	case *plan.ScanSteps:
		return rt.compileScanSteps(n)
	case *plan.Reduce:
		return rt.compileReduce(n)
	case *plan.Timeline, *plan.SequenceDetect, *plan.DcountIntersect:
		return rt.compilePlugin(n)
	case *plan.Basket:
		return rt.compileBasket(n)
	case *plan.PatternPlugin:
		return rt.compilePatternPlugin(n)
	case *plan.ExternalData:
		return rt.compileExternalData(n)
	case plan.GraphPlan:
		return rt.compileGraphOp(n) // graph.go
	case *plan.Unsupported:
		return nil, fmt.Errorf("operator '%s' is not supported yet", n.Op)
	case nil:
		return nil, errors.New("internal error: empty plan node")
	}
	return nil, fmt.Errorf("operator %T is not supported by the local executor yet", n)
}

// drain reads op to the end, accounting the retained bytes to the query's
// memory budget under the given purpose (used in the error message). It
// returns the bytes accounted, for the caller to release once it no
// longer holds the batches.
func (rt *engine) drain(op operator, purpose string) ([]*column.Batch, int64, error) {
	var out []*column.Batch
	var held int64
	for {
		b, err := op.next()
		if err == io.EOF {
			return out, held, nil
		}
		if err != nil {
			rt.mem.shrink(held)
			return nil, 0, err
		}
		if b.N == 0 {
			continue
		}
		size := column.SizeOfBatch(b)
		if err := rt.mem.grow(size, purpose); err != nil {
			rt.mem.shrink(held + size)
			return nil, 0, err
		}
		held += size
		out = append(out, b)
	}
}

// drainConcat drains op into one batch; see drain.
func (rt *engine) drainConcat(op operator, purpose string) (*column.Batch, int64, error) {
	bs, held, err := rt.drain(op, purpose)
	if err != nil {
		return nil, 0, err
	}
	return column.ConcatBatches(schemaTypes(op.schema()), bs), held, nil
}

func schemaTypes(s types.Schema) []types.Type {
	ts := make([]types.Type, len(s))
	for i, c := range s {
		ts[i] = c.Type
	}
	return ts
}

func (rt *engine) checkCtx() error {
	if err := rt.ctx.Err(); err != nil {
		return fmt.Errorf("query canceled: %w", err)
	}
	return nil
}

// sliceOp emits a fixed list of batches, cutting big ones to BatchSize so
// that downstream kernels stay cache-sized.
type sliceOp struct {
	sch     types.Schema
	batches []*column.Batch
	i, off  int
	// release, when set, runs once at the end: the operator that filled
	// the list gives its memory back.
	release func()
}

func (o *sliceOp) schema() types.Schema { return o.sch }

func (o *sliceOp) next() (*column.Batch, error) {
	for o.i < len(o.batches) {
		b := o.batches[o.i]
		if o.off >= b.N {
			o.i++
			o.off = 0
			continue
		}
		hi := o.off + column.BatchSize
		if hi > b.N {
			hi = b.N
		}
		out := column.SliceBatch(b, o.off, hi)
		o.off = hi
		return out, nil
	}
	if o.release != nil {
		o.release()
		o.release = nil
	}
	o.batches = nil
	return nil, io.EOF
}

// releaser returns a function giving n bytes back to the budget.
func (rt *engine) releaser(n int64) func() { return func() { rt.mem.shrink(n) } }
