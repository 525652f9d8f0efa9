// Package engine is the one entry point that runs KQL text: it parses,
// binds against a set of tables, optimizes and executes each result
// statement, and reports errors of every stage in one typed form. The CLI,
// the server and the test runner all go through it.
package engine

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Engine runs queries against one database: the schemas that names bind
// to, and the source that scans read rows from.
type Engine struct {
	tables semantic.Tables
	src    exec.Source
	// funcs are the stored functions and tableFuncs the table-valued
	// functions of the environment that every query sees.
	funcs      map[string]*semantic.Function
	tableFuncs map[string]semantic.TableFunc
	// external says what externaldata may read.
	external exec.ExternalDataOptions
}

// New returns an engine over tables (for binding) and src (for scans).
func New(tables semantic.Tables, src exec.Source) *Engine {
	return &Engine{tables: tables, src: src}
}

// QueryOptions tune one query.
type QueryOptions struct {
	// Now is now() in 100 ns ticks since 0001-01-01 (as value.DateTime);
	// 0 means the current time. It is fixed for the whole query.
	Now int64
}

// Query runs text and returns one result per result statement, in order.
// On failure the error is an ErrorList holding every error of the first
// stage that failed.
func (e *Engine) Query(ctx context.Context, text string, opts QueryOptions) (out []*exec.Result, err error) {
	// A bug in any stage must fail one query, not the process serving it.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, runError(fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack()))
		}
	}()
	now := opts.Now
	if now == 0 {
		now = int64(value.FromTime(time.Now()))
	}
	xopts := exec.Options{Now: now, ExternalData: e.external}
	q, src, err := e.compileRun(ctx, text, xopts)
	if err != nil {
		return nil, err
	}
	q = optimize(q, now)
	out = make([]*exec.Result, 0, len(q.Results))
	for _, root := range q.Results {
		// An ill-formed plan is a binder or optimizer bug; say so rather
		// than let an operator index out of range.
		if err := plan.Check(root); err != nil {
			return nil, runError(fmt.Errorf("internal error: invalid plan: %v (this is a Quarry bug; please report it with the query)", err))
		}
		res, err := run(ctx, root, src, xopts)
		if err != nil {
			return nil, runError(err)
		}
		out = append(out, res)
	}
	return out, nil
}

// Check parses and binds text without running it. It returns the schema
// of the last result statement (nil when there is none) as far as binding
// got, and the syntax and semantic errors. Binding is skipped when the
// text does not parse. Without data, a bag_unpack without an output
// schema knows only the columns that later operators name.
func (e *Engine) Check(text string) (types.Schema, syntax.ErrorList, semantic.ErrorList) {
	ast, serrs := syntax.Parse(text)
	if len(serrs) > 0 {
		return nil, serrs, nil
	}
	src := syntax.NewSource("", text)
	q, berrs := semantic.Bind(ast, e.env(src))
	if q == nil || len(q.Results) == 0 {
		return nil, nil, berrs
	}
	return q.Results[len(q.Results)-1].Schema(), nil, berrs
}

// run executes one plan, turning a panic in an operator or kernel into an
// error: a bug must fail one query, not the process serving it.
func run(ctx context.Context, root plan.Node, src exec.Source, opts exec.Options) (res *exec.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (this is a Quarry bug; please report it with the query)\n%s", r, debug.Stack())
		}
	}()
	return exec.Run(ctx, root, src, opts)
}
