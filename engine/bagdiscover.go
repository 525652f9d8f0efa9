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
	"github.com/quarryhunt/quarry/kql/types"
)

// maxBagRounds bounds the bind-run-rebind rounds of one query: one per
// bag_unpack or pivot without an output schema, which no real query has
// hundreds of.
const maxBagRounds = 256

// compileRun parses and binds text for running. `evaluate bag_unpack(Col)`
// and `evaluate pivot(...)` without an output schema take their columns
// from the data, the data-dependent schemas in Kusto, and the operators
// after them must bind against those columns: so the first such operator
// is bound open, it is run on its input to find its columns, and the
// query is bound again with them, until none is left open. The inputs
// read this way are kept and served to the final run (the returned
// source) rather than computed again. A query without such an operator
// binds once, as before.
func (e *Engine) compileRun(ctx context.Context, text string, opts exec.Options) (*plan.Query, exec.Source, error) {
	src := syntax.NewSource("", text)
	ast, serrs := syntax.Parse(text)
	if len(serrs) > 0 {
		return nil, nil, fromSyntax(serrs)
	}
	env := e.env(src)
	bags := &semantic.DataSchemas{}
	env.Data = bags
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
		// Errors after the open operator may come from its columns
		// being unknown yet; nothing before it failed (the binder says
		// so by reporting it), so finding its columns is sound.
		if round >= maxBagRounds {
			return nil, nil, runError(fmt.Errorf("the query has more than %d bag_unpack or pivot operators without an output schema; give their output schemas (evaluate bag_unpack(Col) : (*, Name:type, ...))", maxBagRounds))
		}
		if !standalone(dataInput(open)) {
			// Inside a partition or mv-apply sub-query the input is
			// only known per partition or row: it stays open.
			bags.Found = append(bags.Found, nil)
			held.inputs = append(held.inputs, nil)
			continue
		}
		found, input, err := discover(ctx, open, held, opts)
		if err != nil {
			return nil, nil, runError(err)
		}
		bags.Found = append(bags.Found, found)
		held.inputs = append(held.inputs, input)
	}
}

// discover runs open (a bag_unpack or pivot, on its input optimized as a
// query of its own) and returns the columns it finds (see
// semantic.DataSchemas) and the input rows.
func discover(ctx context.Context, open plan.Node, src exec.Source, opts exec.Options) (found types.Schema, input *column.Batch, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack())
		}
	}()
	q := optimize(&plan.Query{Results: []plan.Node{dataInput(open)}}, opts.Now)
	var n plan.Node
	switch o := open.(type) {
	case *plan.BagUnpack:
		c := *o
		c.Input = q.Results[0]
		n = &c
	case *plan.Pivot:
		c := *o
		c.Input = q.Results[0]
		n = &c
	default:
		return nil, nil, fmt.Errorf("internal error: %T has no columns to find in the data (this is a Quarry bug; please report it with the query)", open)
	}
	if err := plan.Check(n); err != nil {
		return nil, nil, fmt.Errorf("internal error: invalid plan: %v (this is a Quarry bug; please report it with the query)", err)
	}
	switch o := n.(type) {
	case *plan.BagUnpack:
		res, err := exec.DiscoverBagColumns(ctx, o, src, opts)
		if err != nil {
			return nil, nil, err
		}
		return res.Unpacked, res.Input, nil
	default:
		return exec.DiscoverPivotColumns(ctx, n.(*plan.Pivot), src, opts)
	}
}

// dataInput is the input of n, a bag_unpack or pivot.
func dataInput(n plan.Node) plan.Node {
	switch o := n.(type) {
	case *plan.BagUnpack:
		return o.Input
	case *plan.Pivot:
		return o.Input
	}
	return nil
}

// setDataInput replaces the input of n, a bag_unpack or pivot.
func setDataInput(n, in plan.Node) {
	switch o := n.(type) {
	case *plan.BagUnpack:
		o.Input = in
	case *plan.Pivot:
		o.Input = in
	}
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

// bagInputs serves the inputs of the bag_unpacks and pivots whose
// columns were found (by occurrence), as tables of their own, and every other table
// from Source.
type bagInputs struct {
	exec.Source
	inputs []*column.Batch
}

// bagInputTable names occurrence i's input. No table can have this
// name: table names cannot hold NUL.
func bagInputTable(i int) string { return fmt.Sprintf("\x00bag_unpack input %d", i) }

// serve makes the bound bag_unpacks and pivots read their kept inputs instead of
// computing them again. The binder binds occurrence i's input the same
// way in every round, so the rows found earlier are its rows.
func (s *bagInputs) serve(nodes []plan.Node) {
	for i, n := range nodes {
		if n == nil || i >= len(s.inputs) || s.inputs[i] == nil {
			continue
		}
		in := dataInput(n)
		if sc, ok := in.(*plan.Scan); ok && sc.Table == bagInputTable(i) {
			continue // a node shared by several references
		}
		setDataInput(n, &plan.Scan{Table: bagInputTable(i), Columns: in.Schema()})
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
