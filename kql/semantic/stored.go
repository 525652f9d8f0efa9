package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// storedScope is the scope of the database's stored functions, the
// parent of the query's own scope. A stored function's body sees the
// stored functions (an ASIM parser calls others) but not the query's let
// names.
func (b *binder) storedScope() *scope {
	if len(b.env.Functions) == 0 {
		return nil
	}
	db := newScope(nil)
	for name, f := range b.env.Functions {
		if f == nil || f.Lit == nil {
			continue
		}
		src := f.Source
		if src == nil {
			// No text to point into: errors name the function.
			src = syntax.NewSource("function "+name, "")
		}
		db.define(name, &symbol{kind: symFunc, fn: f.Lit, closure: db, src: src})
	}
	return db
}

// inSource makes errors point into src (a stored function's file) until
// the returned function restores the previous text. A nil src (a let
// function of the text being bound) changes nothing.
func (b *binder) inSource(src *syntax.Source) func() {
	if src == nil {
		return func() {}
	}
	prev, prevIn := b.src, b.inFile
	b.src, b.inFile = src, true
	return func() { b.src, b.inFile = prev, prevIn }
}

// tableFunc binds a call of one of the environment's table functions
// (`_GetWatchlist('VIPs')`). Its arguments must be constants.
func (b *binder) tableFunc(f TableFunc, x *syntax.Call, name string, sc *scope) plan.Node {
	args := make([]any, 0, len(x.Args))
	for _, a := range x.Args {
		e := b.expr(a, sc, nil)
		if isBad(e) {
			return nil
		}
		v, ok := constValue(e)
		if !ok {
			b.errorf(a.Pos(), "KS107", "The arguments of '%s' must be constants.", name)
			return nil
		}
		args = append(args, v)
	}
	n, err := f(args)
	if err != nil {
		b.errorf(x.Pos(), codeTableFunc, "%s", err.Error())
		return nil
	}
	if n == nil {
		b.errorf(x.Pos(), codeTableFunc, "The function '%s' gave no table.", name)
	}
	return n
}
