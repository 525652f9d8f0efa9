package engine

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// maxBagRounds bounds the bind-run-rebind rounds of one query: one per
// bag_unpack without an output schema, which no real query has hundreds
// of.
const maxBagRounds = 256

// compileRun parses and binds text for running. `evaluate bag_unpack(Col)`
// without an output schema takes its columns from the data, the one
// data-dependent schema in Kusto, and the operators after it must bind
// against those columns: so the first such bag_unpack is bound open, its
// input is run to find its columns, and the query is bound again with
// them, until none is left open. The inputs read this way are kept and
// served to the final run (the returned source) rather than computed
// again. A query without such a bag_unpack binds once, as before.
func (e *Engine) compileRun(ctx context.Context, text string, opts exec.Options) (*plan.Query, exec.Source, error) {
	src := syntax.NewSource("", text)
	ast, serrs := syntax.Parse(text)
	if len(serrs) > 0 {
		return nil, nil, fromSyntax(serrs)
	}
	env := e.env(src)
	bags := &semantic.BagColumns{}
	env.Bags = bags
	held := &bagInputs{Source: e.src}
	for round := 0; ; round++ {
		q, berrs := semantic.Bind(ast, env)
		held.serve(bags.Nodes)
		open := bags.Open
		if open == nil {
			if len(berrs) > 0 {
				return nil, nil, fromSemantic(berrs, src)
			}
			if len(held.inputs) == 0 {
				return q, e.src, nil
			}
			return q, held, nil
		}
		// Errors after the open bag_unpack may come from its columns
		// being unknown yet; nothing before it failed (the binder says
		// so by reporting it), so finding its columns is sound.
		if round >= maxBagRounds {
			return nil, nil, runError(fmt.Errorf("the query has more than %d bag_unpack operators without an output schema; give their output schemas (evaluate bag_unpack(Col) : (*, Name:type, ...))", maxBagRounds))
		}
		if !standalone(open.Input) {
			// Inside a partition or mv-apply sub-query the input is
			// only known per partition or row: it stays open.
			bags.Found = append(bags.Found, nil)
			held.inputs = append(held.inputs, nil)
			continue
		}
		found, err := discoverBag(ctx, open, held, opts)
		if err != nil {
			return nil, nil, runError(err)
		}
		bags.Found = append(bags.Found, found.Unpacked)
		held.inputs = append(held.inputs, found.Input)
	}
}

// discoverBag runs the input of open (optimized as a query of its own)
// and returns the columns open unpacks and the input rows.
func discoverBag(ctx context.Context, open *plan.BagUnpack, src exec.Source, opts exec.Options) (res *exec.BagColumns, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack())
		}
	}()
	q := optimize(&plan.Query{Results: []plan.Node{open.Input}}, opts.Now)
	n := *open
	n.Input = q.Results[0]
	if err := plan.Check(&n); err != nil {
		return nil, fmt.Errorf("internal error: invalid plan: %v (this is a Quarry bug; please report it with the query)", err)
	}
	return exec.DiscoverBagColumns(ctx, &n, src, opts)
}

// standalone reports whether n can run on its own: it reads no rows that
// an enclosing partition, mv-apply or partitioned graph supplies.
func standalone(n plan.Node) bool {
	switch n.(type) {
	case *plan.PartitionRows, *plan.ApplyRows, *plan.GraphLeaf:
		return false
	}
	for _, in := range n.Inputs() {
		if in != nil && !standalone(in) {
			return false
		}
	}
	return true
}

// bagInputs serves the inputs of the bag_unpacks whose columns were
// found (by occurrence), as tables of their own, and every other table
// from Source.
type bagInputs struct {
	exec.Source
	inputs []*column.Batch
}

// bagInputTable names occurrence i's input. No table can have this
// name: table names cannot hold NUL.
func bagInputTable(i int) string { return fmt.Sprintf("\x00bag_unpack input %d", i) }

// serve makes the bound bag_unpacks read their kept inputs instead of
// computing them again. The binder binds occurrence i's input the same
// way in every round, so the rows found earlier are its rows.
func (s *bagInputs) serve(nodes []*plan.BagUnpack) {
	for i, n := range nodes {
		if n == nil || i >= len(s.inputs) || s.inputs[i] == nil {
			continue
		}
		if sc, ok := n.Input.(*plan.Scan); ok && sc.Table == bagInputTable(i) {
			continue // a node shared by several references
		}
		n.Input = &plan.Scan{Table: bagInputTable(i), Columns: n.Input.Schema()}
	}
}

func (s *bagInputs) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	for i, b := range s.inputs {
		if b != nil && sc.Table == bagInputTable(i) {
			return &heldReader{b: b, project: sc.Project}, nil
		}
	}
	if s.Source == nil {
		return nil, fmt.Errorf("table '%s' cannot be read: no data source is configured", sc.Table)
	}
	return s.Source.Scan(ctx, sc)
}

// heldReader reads a kept batch in BatchSize slices, with the columns
// the scan projects.
type heldReader struct {
	b       *column.Batch
	project []int
	off     int
}

func (r *heldReader) Next() (*column.Batch, error) {
	if r.off >= r.b.N {
		return nil, io.EOF
	}
	hi := min(r.off+column.BatchSize, r.b.N)
	s := column.SliceBatch(r.b, r.off, hi)
	r.off = hi
	// A fresh batch each time: readers' callers may replace its columns.
	cols := make([]*column.Vector, 0, len(s.Cols))
	if r.project == nil {
		cols = append(cols, s.Cols...)
	} else {
		for _, p := range r.project {
			cols = append(cols, s.Cols[p])
		}
	}
	return &column.Batch{Cols: cols, N: s.N}, nil
}
