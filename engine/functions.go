package engine

import (
	"maps"

	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// WithFunctions returns a copy of e whose queries also see fns as stored
// functions, by name (a later definition replaces an earlier one of the
// same name, as .create-or-alter does). A query's own let names hide them.
func (e *Engine) WithFunctions(fns []*semantic.Function) *Engine {
	if len(fns) == 0 {
		return e
	}
	c := *e
	c.funcs = maps.Clone(e.funcs)
	if c.funcs == nil {
		c.funcs = make(map[string]*semantic.Function, len(fns))
	}
	for _, f := range fns {
		c.funcs[f.Name] = f
	}
	return &c
}

// WithTableFunc returns a copy of e in which a call name(args...) is the
// table f gives (Sentinel's _GetWatchlist('name')). The table's scans go
// to e's source, which must serve it. Let names and stored functions of
// the same name hide it.
func (e *Engine) WithTableFunc(name string, f semantic.TableFunc) *Engine {
	c := *e
	c.tableFuncs = maps.Clone(e.tableFuncs)
	if c.tableFuncs == nil {
		c.tableFuncs = map[string]semantic.TableFunc{}
	}
	c.tableFuncs[name] = f
	return &c
}

// Functions lists the stored functions e's queries see.
func (e *Engine) Functions() []*semantic.Function {
	out := make([]*semantic.Function, 0, len(e.funcs))
	for _, f := range e.funcs {
		out = append(out, f)
	}
	return out
}

// env is what a query text is bound against.
func (e *Engine) env(src *syntax.Source) *semantic.Env {
	return &semantic.Env{Tables: e.tables, Source: src, Functions: e.funcs, TableFuncs: e.tableFuncs}
}
