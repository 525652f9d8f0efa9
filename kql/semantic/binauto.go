package semantic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// Query options set by `set name = value;` that change a query's
// meaning. They are kept in the query's scope under a name no
// identifier can spell, so that they follow the statements' order.
const setOptionPrefix = "set "

// setOption records a `set` statement whose value the binder needs
// (bin_auto's size and fixed point); other request properties do not
// change a query's result here and are ignored.
func (b *binder) setOption(s *syntax.SetStmt, sc *scope) {
	if s.Name == nil || s.Value == nil {
		return
	}
	switch s.Name.Name {
	case "query_bin_auto_size", "query_bin_auto_at":
	default:
		return
	}
	e := b.expr(s.Value, sc, nil)
	if _, ok := constValue(e); !ok && !isBad(e) {
		b.errorf(s.Value.Pos(), "KS107", "The value of '%s' must be a constant.", s.Name.Name)
		return
	}
	sc.define(setOptionPrefix+s.Name.Name, &symbol{kind: symScalar, expr: e})
}

// binAuto binds bin_auto(x): bin(x, size), or bin_at(x, size, at) when
// query_bin_auto_at is set, with the values of the `set` statements
// before the query.
func (b *binder) binAuto(x *syntax.Call, sc *scope, row *rowCtx) plan.Expr {
	if len(x.Args) != 1 {
		b.errorf(x.Pos(), "KS119", "The function 'bin_auto' expects 1 argument.")
		return bad()
	}
	size := sc.lookup(setOptionPrefix + "query_bin_auto_size")
	if size == nil {
		b.errorf(x.Pos(), "KS107", "bin_auto() needs the bin size: add `set query_bin_auto_size = <size>;` before the query.")
		return bad()
	}
	arg := b.expr(x.Args[0], sc, row)
	if isBad(arg) || isBad(size.expr) {
		return bad()
	}
	name, args := "bin", []plan.Expr{arg, size.expr}
	if at := sc.lookup(setOptionPrefix + "query_bin_auto_at"); at != nil {
		if isBad(at.expr) {
			return bad()
		}
		name, args = "bin_at", append(args, at.expr)
	}
	fn, ok := functions.Lookup(name)
	if !ok {
		b.unsupported(x.Pos(), "bin_auto")
		return bad()
	}
	infos := make([]functions.Arg, len(args))
	for i, e := range args {
		infos[i] = argInfo(e, "", rowCols(row))
	}
	bound, err := fn.Bind(infos)
	if err != nil {
		b.callError(x.Fun.Pos(), "bin_auto", err)
		return bad()
	}
	return b.finishCall(fn, bound, args)
}
