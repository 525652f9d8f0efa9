package kqltest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kqltest"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

// TestEngine runs every testdata/**/*.kqltest file against the local
// engine.
func TestEngine(t *testing.T) {
	kqltest.RunDir(t, "../testdata", kqltest.Config{Open: openEngine, Catalog: schema.Builtin().Table})
}

type engineBackend struct{ e *engine.Engine }

func openEngine(tables []*kqltest.Table) (kqltest.Backend, error) {
	s := table.NewStore(nil)
	for _, t := range tables {
		if err := s.Add(toTable(t)); err != nil {
			return nil, err
		}
	}
	return engineBackend{engine.FromStore(s)}, nil
}

// toTable builds column batches from the file's boxed rows.
func toTable(t *kqltest.Table) *table.Table {
	out := &table.Table{Name: t.Name, Schema: t.Schema}
	for start := 0; start < len(t.Rows) || start == 0; start += column.BatchSize {
		end := min(start+column.BatchSize, len(t.Rows))
		cols := make([]*column.Vector, len(t.Schema))
		for c, col := range t.Schema {
			b := column.NewBuilder(col.Type, end-start)
			for _, row := range t.Rows[start:end] {
				b.AppendValue(row[c])
			}
			cols[c] = b.Build()
		}
		if end > start {
			out.Batches = append(out.Batches, column.NewBatch(end-start, cols...))
		}
		if len(t.Rows) == 0 {
			break
		}
	}
	return out
}

// WithFunctions loads the file's stored functions, each parsed at its
// own line of the test file so that errors point there.
func (b engineBackend) WithFunctions(path string, fns []*kqltest.Function) (kqltest.Backend, error) {
	var defs []*semantic.Function
	for _, f := range fns {
		got, err := engine.ParseFunctions(path, strings.Repeat("\n", f.Line-1)+f.Text)
		if err != nil {
			return nil, err
		}
		defs = append(defs, got...)
	}
	return engineBackend{b.e.WithFunctions(defs)}, nil
}

func (b engineBackend) Query(ctx context.Context, q string, opts kqltest.Options) ([]kqltest.Result, error) {
	res, err := b.e.Query(ctx, q, engine.QueryOptions{Now: int64(opts.Now)})
	if err != nil {
		return nil, err
	}
	out := make([]kqltest.Result, len(res))
	for i, r := range res {
		out[i].Schema = append(types.Schema(nil), r.Schema...)
		for _, batch := range r.Batches {
			for row := 0; row < batch.N; row++ {
				vals := make([]any, len(batch.Cols))
				for c, v := range batch.Cols {
					vals[c] = v.Value(row)
				}
				out[i].Rows = append(out[i].Rows, vals)
			}
		}
	}
	return out, nil
}
