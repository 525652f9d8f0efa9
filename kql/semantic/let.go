package semantic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// let binds `let Name = Value` into sc. Scalars are bound once and
// inlined where used; tabular values are bound once and their plan is
// shared by every reference; functions are bound at each call.
func (b *binder) let(s *syntax.LetStmt, sc *scope) { b.letIn(s, sc, nil) }

// letIn binds a let of a function body called in the row scope row: its
// value may read the caller's row through the function's parameters
// (`let y = x + 1` with x bound to a column), and is then usable in that
// row scope only.
func (b *binder) letIn(s *syntax.LetStmt, sc *scope, row *rowCtx) {
	name := s.Name.Name
	if _, dup := sc.syms[name]; dup {
		b.errorf(s.Name.Pos(), "KS201", "A variable with the name '%s' has already been declared.", name)
	}
	if fl, ok := s.Value.(*syntax.FuncLit); ok {
		sc.define(name, &symbol{kind: symFunc, fn: fl, closure: sc})
		return
	}
	if g := entityGroupCall(s.Value); g != nil { // macro_expand.go
		sc.define(name, &symbol{kind: symEntityGroup, group: g})
		return
	}
	v := b.value(s.Value, sc, row)
	switch {
	case v.node != nil:
		sc.define(name, &symbol{kind: symTabular, node: v.node})
	case v.expr != nil:
		sym := &symbol{kind: symScalar, expr: v.expr}
		if row != nil && readsColumns(v.expr) {
			sym.row = row
		}
		sc.define(name, sym)
	default:
		// The value failed to bind (reported); an unknown scalar keeps
		// later references from reporting the name again.
		sc.define(name, &symbol{kind: symScalar, expr: bad()})
	}
}

// invoke binds a call of a user function: the arguments in the caller's
// scope, the body in a new scope under the function's own. pipeIn, when
// set, is the first argument (`T | invoke f()`).
func (b *binder) invoke(sym *symbol, args []syntax.Expr, pipeIn plan.Node, caller *scope, row *rowCtx, pos syntax.Pos) binding {
	if b.depth >= maxInvokeDepth {
		b.errorf(pos, "KS212", "The function '%s' is recursive or nested too deeply.", sym.name)
		return binding{}
	}
	fn := sym.fn
	body := newScope(sym.closure)
	params := fn.Params
	if pipeIn != nil {
		if len(params) == 0 || params[0].Type == nil || !params[0].Type.Tabular {
			b.errorf(pos, "KS119", "The function '%s' must have a tabular first parameter to be used with invoke.", sym.name)
			return binding{}
		}
		body.define(params[0].Name.Name, &symbol{kind: symTabular, node: pipeIn})
		params = params[1:]
	}
	// Match arguments to parameters: positional first, then by name.
	given := make([]syntax.Expr, len(params))
	pos0 := 0
	for _, a := range args {
		if ne, ok := a.(*syntax.NamedExpr); ok && len(ne.Names) == 1 {
			found := false
			for i, p := range params {
				if p.Name.Name == ne.Names[0].Name {
					given[i] = ne.X
					found = true
				}
			}
			if !found {
				b.errorf(ne.Names[0].Pos(), "KS196", "The argument name '%s' does not refer to a declared parameter of '%s'.", ne.Names[0].Name, sym.name)
				return binding{}
			}
			continue
		}
		if pos0 >= len(params) {
			b.errorf(a.Pos(), "KS119", "The function '%s' expects %d argument(s).", sym.name, len(params))
			return binding{}
		}
		given[pos0] = a
		pos0++
	}
	for i, p := range params {
		isTab := p.Type != nil && p.Type.Tabular
		arg := given[i]
		if arg == nil {
			if p.Default == nil {
				b.errorf(pos, "KS119", "The function '%s' expects a value for parameter '%s'.", sym.name, p.Name.Name)
				return binding{}
			}
			// Defaults are constants bound in the function's scope.
			restore := b.inSource(sym.src)
			e := b.paramConvert(b.expr(p.Default, sym.closure, nil), p, p.Default.Pos())
			restore()
			body.define(p.Name.Name, &symbol{kind: symScalar, expr: e})
			continue
		}
		if isTab {
			n := b.tabular(arg, caller, nil)
			if n == nil {
				return binding{}
			}
			b.checkTabularParam(n, p, arg.Pos())
			body.define(p.Name.Name, &symbol{kind: symTabular, node: n})
			continue
		}
		e := b.expr(arg, caller, row)
		sym := &symbol{kind: symScalar, expr: b.paramConvert(e, p, arg.Pos())}
		if readsColumns(e) {
			sym.row = row
		}
		body.define(p.Name.Name, sym)
	}
	b.depth++
	defer func() { b.depth-- }()
	defer b.inSource(sym.src)()
	return b.block(fn.Body, body, row)
}

// invokeBare binds a function named without an argument list (`F` for
// `F()`), which Kusto allows when every parameter has a default.
func (b *binder) invokeBare(sym *symbol, sc *scope, row *rowCtx, pos syntax.Pos) binding {
	for _, p := range sym.fn.Params {
		if p.Default == nil {
			b.errorf(pos, "KS117", "The function '%s' requires an argument list.", sym.name)
			return binding{}
		}
	}
	return b.invoke(sym, nil, nil, sc, row, pos)
}

// paramConvert converts an argument to its parameter's declared type;
// pos is the argument's (a mismatch is reported there).
func (b *binder) paramConvert(e plan.Expr, p *syntax.Param, pos syntax.Pos) plan.Expr {
	if p.Type == nil || isBad(e) {
		return e
	}
	t, ok := types.Parse(p.Type.Name)
	if !ok || t == e.Type() {
		return e
	}
	if !functions.Assignable(e.Type(), t) {
		b.errorf(pos, "KS107", "A value of type %s expected.", t)
		return bad()
	}
	return convertTo(e, t)
}

// checkTabularParam verifies that a tabular argument has the columns the
// parameter declares (`T:(Name:string, *)`).
func (b *binder) checkTabularParam(n plan.Node, p *syntax.Param, pos syntax.Pos) {
	s := n.Schema()
	for _, c := range p.Type.Columns {
		if s.Index(c.Name.Name) < 0 {
			b.errorf(pos, "KS142", "The name '%s' does not refer to any known column, table, variable or function.", c.Name.Name)
		}
	}
}

// block binds a function body: its lets, then its final expression.
func (b *binder) block(blk *syntax.Block, sc *scope, row *rowCtx) binding {
	var last syntax.Expr
	for _, st := range blk.Stmts {
		switch s := st.(type) {
		case *syntax.LetStmt:
			b.letIn(s, sc, row)
		case *syntax.ExprStmt:
			last = s.X
		case *syntax.DeclareQueryParamsStmt:
			b.declareParams(s, sc)
		}
	}
	if last == nil {
		b.errorf(blk.Pos(), "KS208", "The function body has no result expression.")
		return binding{}
	}
	return b.value(last, sc, row)
}

// readsColumns reports whether e reads columns of its row.
func readsColumns(e plan.Expr) bool {
	switch x := e.(type) {
	case *plan.ColRef:
		return true
	case *plan.Call:
		for _, a := range x.Args {
			if readsColumns(a) {
				return true
			}
		}
	case *plan.Convert:
		return readsColumns(x.X)
	case *plan.InSubquery:
		return readsColumns(x.X)
	}
	return false
}
