package semantic

import (
	"strings"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// search binds `[T |] search [kind=case_sensitive] [in (Tables)] Predicate`:
// a union of the tables (with the source table in $table, or the
// withsource column) filtered by the predicate, in which a bare string
// term matches any column.
func (b *binder) search(o *syntax.SearchOp, in plan.Node, sc *scope) plan.Node {
	var parts []plan.Node
	var names []string
	add := func(n plan.Node, name string) {
		if n != nil {
			parts = append(parts, n)
			names = append(names, name)
		}
	}
	switch {
	case in != nil:
		add(in, b.sourceName(in, 0))
	case len(o.Tables) > 0:
		parts, names = b.tableList(o.Tables, sc)
	default:
		if b.env.Tables != nil {
			for _, name := range b.env.Tables.Names() {
				add(b.scan(name), name)
			}
		}
	}
	if len(parts) == 0 {
		b.errorf(o.Pos(), "KS204", "search has no table to read.")
		return nil
	}
	u := unionOutput(parts, false)
	col := "$table"
	if o.WithSource != nil {
		col = o.WithSource.Name
	}
	u.Out = append(types.Schema{{Name: col, Type: types.String}}, u.Out...)
	for i := range u.Maps {
		u.Maps[i] = append([]int{-1}, u.Maps[i]...)
	}
	u.SourceCol = 0
	u.SourceNames = names
	if o.Pred == nil {
		return u
	}
	if _, all := o.Pred.(*syntax.Star); all {
		return u
	}
	cs := lowerName(o.Kind) == "case_sensitive"
	row := newRow(u.Out)
	pred := b.searchPred(o.Pred, sc, row, cs)
	if !isBad(pred) && pred.Type() != types.Bool {
		b.errorf(o.Pred.Pos(), "KS141", "The expression must have the type bool.")
		pred = bad()
	}
	return &plan.Filter{Input: u, Pred: pred}
}

// tableList binds the `in (...)` tables of search and find: names,
// wildcards and tabular expressions, each with its source name.
func (b *binder) tableList(tables []syntax.Expr, sc *scope) ([]plan.Node, []string) {
	var parts []plan.Node
	var names []string
	add := func(n plan.Node, name string) {
		if n != nil {
			parts, names = append(parts, n), append(names, name)
		}
	}
	for _, t := range tables {
		switch x := t.(type) {
		case *syntax.NamePattern:
			for _, name := range b.matchTables(x.Pattern, sc) {
				add(b.tabular(&syntax.Ident{NamePos: x.NamePos, Name: name, EndPos: x.EndPos}, sc, nil), name)
			}
		case *syntax.Ident:
			add(b.tabular(x, sc, nil), x.Name)
		default:
			if n := b.tabular(x, sc, nil); n != nil {
				add(n, b.sourceName(n, len(parts)))
			}
		}
	}
	return parts, names
}

// searchPred binds a search predicate: string terms search every column,
// `Col:"term"` one column, and anything else is an ordinary condition.
func (b *binder) searchPred(x syntax.Expr, sc *scope, row *rowCtx, cs bool) plan.Expr {
	switch x := x.(type) {
	case *syntax.Paren:
		return b.searchPred(x.X, sc, row, cs)
	case *syntax.Literal:
		if s, ok := x.Value.(string); ok && x.Kind == syntax.LitString {
			op, term := termOperator(s, cs)
			return b.starOp(op, &plan.Const{Value: term, T: types.String}, x.Pos(), row)
		}
	case *syntax.Binary:
		switch x.Op {
		case syntax.OpAnd, syntax.OpOr:
			l := b.searchPred(x.X, sc, row, cs)
			r := b.searchPred(x.Y, sc, row, cs)
			return b.operator(x.Op.String(), x.Op.String(), x.OpPos, []plan.Expr{l, r}, row)
		case syntax.OpColon:
			lit, ok := x.Y.(*syntax.Literal)
			s, isStr := "", false
			if ok {
				s, isStr = lit.Value.(string)
			}
			if isStr {
				op, term := termOperator(s, cs)
				l := b.expr(x.X, sc, row)
				if isBad(l) {
					return bad()
				}
				return b.operator(op, op, x.OpPos, []plan.Expr{convertTo(l, types.String), &plan.Const{Value: term, T: types.String}}, row)
			}
		}
	case *syntax.Call:
		if id, ok := x.Fun.(*syntax.Ident); ok && id.Name == "not" && len(x.Args) == 1 {
			e := b.searchPred(x.Args[0], sc, row, cs)
			return b.operator("not", "not", x.Pos(), []plan.Expr{e}, row)
		}
	}
	return b.expr(x, sc, row)
}

// termOperator picks the string operator a search term means: has for a
// whole term, hasprefix/hassuffix/contains for terms with * at an end.
func termOperator(term string, cs bool) (string, string) {
	op := "has"
	pre, suf := strings.HasPrefix(term, "*"), strings.HasSuffix(term, "*")
	term = strings.Trim(term, "*")
	switch {
	case pre && suf:
		op = "contains"
	case pre:
		op = "hassuffix"
	case suf:
		op = "hasprefix"
	}
	if cs {
		op += "_cs"
	}
	return op, term
}

// starOp applies a string operator to every column (`* has "x"`): true
// when any column, as text, satisfies it.
func (b *binder) starOp(op string, rhs plan.Expr, pos syntax.Pos, row *rowCtx) plan.Expr {
	var acc plan.Expr
	for i, c := range rowCols(row) {
		if c.Type == types.Unknown {
			continue
		}
		col := convertTo(&plan.ColRef{Index: i, Name: c.Name, T: c.Type}, types.String)
		e := b.operator(op, op, pos, []plan.Expr{col, rhs}, row)
		if isBad(e) {
			return e
		}
		if acc == nil {
			acc = e
		} else {
			acc = b.operator("or", "or", pos, []plan.Expr{acc, e}, row)
		}
	}
	if acc == nil {
		return &plan.Const{Value: false, T: types.Bool}
	}
	return acc
}
