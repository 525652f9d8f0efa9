package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// value binds an expression that may be tabular or scalar: a let value,
// a function body, a query body, an argument of toscalar.
func (b *binder) value(x syntax.Expr, sc *scope, row *rowCtx) binding {
	switch x := x.(type) {
	case *syntax.PipeExpr:
		return binding{node: b.tabular(x, sc, nil)}
	case *syntax.Paren:
		return b.value(x.X, sc, row)
	case *syntax.Ident:
		if _, ok := row.column(x.Name); ok {
			return binding{expr: b.expr(x, sc, row)}
		}
		if sym := sc.lookup(x.Name); sym != nil {
			switch sym.kind {
			case symScalar:
				return binding{expr: sym.expr}
			case symTabular:
				return binding{node: sym.node}
			case symEntityGroup, symEntity:
				b.entityMisused(x) // macro_expand.go
				return binding{}
			default:
				return b.invokeBare(sym, sc, row, x.Pos())
			}
		}
		if n := b.scan(x.Name); n != nil {
			return binding{node: n}
		}
	case *syntax.Call:
		if id, ok := x.Fun.(*syntax.Ident); ok {
			if sym := sc.lookup(id.Name); sym != nil && sym.kind == symFunc {
				return b.invoke(sym, x.Args, nil, sc, row, x.Pos())
			}
			if _, ok := b.env.TableFuncs[id.Name]; ok && sc.lookup(id.Name) == nil {
				return binding{node: b.tabular(x, sc, nil)}
			}
			switch id.Name {
			case "table", "materialize", "view":
				return binding{node: b.tabular(x, sc, nil)}
			}
		}
	case *syntax.Member:
		if isDatabaseRef(x.X) || isEntityAlias(x.X, sc) {
			return binding{node: b.tabular(x, sc, nil)}
		}
	}
	return binding{expr: b.expr(x, sc, row)}
}

// tabular binds a tabular expression. input is the implicit input of a
// pipeline whose innermost source is missing (the sub-queries of
// mv-apply, facet, partition...); it is nil elsewhere.
func (b *binder) tabular(x syntax.Expr, sc *scope, input plan.Node) plan.Node {
	switch x := x.(type) {
	case *syntax.PipeExpr:
		src := input
		if x.Source != nil {
			src = b.tabular(x.Source, sc, input)
			if src == nil {
				return nil
			}
		}
		n := b.op(x.Op, src, sc)
		if _, multi := n.(*multiResult); multi && x != b.top {
			b.errorf(x.Op.Pos(), "KS107", "The operator '%s' gives several result tables; it must be the last operator of the query.", x.Op.OpName())
			return nil
		}
		return n
	case *syntax.Paren:
		return b.tabular(x.X, sc, input)
	case *syntax.Ident:
		if sym := sc.lookup(x.Name); sym != nil {
			switch sym.kind {
			case symTabular:
				return sym.node
			case symFunc:
				v := b.invokeBare(sym, sc, nil, x.Pos())
				if v.node == nil && v.expr != nil {
					b.errorf(x.Pos(), "KS204", "The name '%s' does not refer to any known table, tabular variable or function.", x.Name)
				}
				return v.node
			}
		}
		if n := b.scan(x.Name); n != nil {
			return n
		}
		b.errorf(x.Pos(), "KS204", "The name '%s' does not refer to any known table, tabular variable or function.", x.Name)
		return nil
	case *syntax.Call:
		return b.tabularCall(x, sc)
	case *syntax.Member:
		if isDatabaseRef(x.X) || isEntityAlias(x.X, sc) {
			return b.tabular(x.Name, sc, nil)
		}
	case *syntax.BadExpr:
		return nil
	}
	b.errorf(x.Pos(), "KS205", "Tabular expression expected.")
	return nil
}

// tabularCall binds table("T"), materialize(T), view and user function
// calls in a tabular context.
func (b *binder) tabularCall(x *syntax.Call, sc *scope) plan.Node {
	id, ok := x.Fun.(*syntax.Ident)
	if !ok {
		if m, isMember := x.Fun.(*syntax.Member); isMember && isDatabaseRef(m.X) {
			// database("d").F(args): a stored function of another database.
			b.errorf(m.Name.Pos(), "KS211", "The name '%s' does not refer to any known function.", m.Name.Name)
			return nil
		}
		b.errorf(x.Pos(), "KS205", "Tabular expression expected.")
		return nil
	}
	if sym := sc.lookup(id.Name); sym != nil && sym.kind == symFunc {
		v := b.invoke(sym, x.Args, nil, sc, nil, x.Pos())
		if v.node == nil && v.expr != nil {
			b.errorf(x.Pos(), "KS205", "Tabular expression expected.")
		}
		return v.node
	}
	if f, ok := b.env.TableFuncs[id.Name]; ok && sc.lookup(id.Name) == nil {
		return b.tableFunc(f, x, id.Name, sc)
	}
	switch id.Name {
	case "table":
		if len(x.Args) < 1 {
			b.errorf(x.Pos(), "KS119", "The function 'table' expects 1 argument.")
			return nil
		}
		e := b.expr(x.Args[0], sc, nil)
		v, _ := constValue(e)
		name, ok := v.(string)
		if !ok {
			if !isBad(e) {
				b.errorf(x.Args[0].Pos(), "KS107", "A constant value of type string expected.")
			}
			return nil
		}
		if n := b.scan(name); n != nil {
			return n
		}
		if sym := sc.lookup(name); sym != nil && sym.kind == symTabular {
			return sym.node
		}
		b.errorf(x.Args[0].Pos(), "KS204", "The name '%s' does not refer to any known table, tabular variable or function.", name)
		return nil
	case "graph":
		b.graphFuncUnsupported(x.Pos()) // graph.go
		return nil
	case "materialize":
		if len(x.Args) != 1 {
			b.errorf(x.Pos(), "KS119", "The function 'materialize' expects 1 argument.")
			return nil
		}
		in := b.tabular(x.Args[0], sc, nil)
		if in == nil {
			return nil
		}
		return &plan.Materialize{Input: in}
	}
	b.errorf(id.Pos(), "KS211", "The name '%s' does not refer to any known function.", id.Name)
	return nil
}

// isDatabaseRef reports whether x is database("d") or
// cluster("c").database("d"): the tables of another database, which are
// looked up in the one database Quarry has.
func isDatabaseRef(x syntax.Expr) bool {
	c, ok := x.(*syntax.Call)
	if !ok {
		return false
	}
	switch f := c.Fun.(type) {
	case *syntax.Ident:
		return f.Name == "database"
	case *syntax.Member:
		return f.Name.Name == "database"
	}
	return false
}

// scan reads a table of the environment, or returns nil.
func (b *binder) scan(name string) plan.Node {
	if b.env.Tables == nil {
		return nil
	}
	s, ok := b.env.Tables.Table(name)
	if !ok {
		return nil
	}
	return &plan.Scan{Table: name, Columns: s}
}
