package semantic

import (
	"sort"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// splitNamed separates `Name = X` into its names and expression.
func splitNamed(x syntax.Expr) ([]*syntax.Ident, syntax.Expr) {
	if ne, ok := x.(*syntax.NamedExpr); ok {
		return ne.Names, ne.X
	}
	return nil, x
}

// identity returns column references to every column of s.
func identity(s types.Schema) []plan.Expr {
	out := make([]plan.Expr, len(s))
	for i, c := range s {
		out[i] = &plan.ColRef{Index: i, Name: c.Name, T: c.Type}
	}
	return out
}

// extend adds or replaces columns. A replaced column keeps its position;
// new ones are appended. Later items may use earlier ones.
func (b *binder) extend(items []syntax.Expr, in plan.Node, sc *scope, window bool) plan.Node {
	inS := in.Schema()
	out := append(types.Schema(nil), inS...)
	exprs := identity(inS)
	row := &rowCtx{cols: out, inline: map[int]plan.Expr{}}
	nm := b.newOut(func(n string) bool { return row.cols.Index(n) >= 0 })
	explicit := map[string]bool{}
	for _, it := range items {
		names, x := splitNamed(it)
		if len(names) > 1 {
			for i, part := range b.tupleParts(x, names, sc, row) {
				name := names[i].Name
				if explicit[name] {
					b.errorf(names[i].Pos(), "KS171", "A column with the name '%s' is already declared.", name)
					continue
				}
				explicit[name] = true
				if j := out.Index(name); j >= 0 {
					out[j].Type = part.Type()
					exprs[j] = part
					row.inline[j] = part
				} else {
					out = append(out, types.Column{Name: name, Type: part.Type()})
					exprs = append(exprs, part)
					row.inline[len(out)-1] = part
				}
				row.cols = out
			}
			continue
		}
		e := b.expr(x, sc, row)
		if call, ok := e.(*plan.Call); ok && len(call.Bound.Outputs) > 1 {
			// A function with several results: the first takes the
			// column's name, the others the names the function gives.
			first := ""
			if len(names) == 1 {
				first = names[0].Name
			} else if first = exprName(x, row, sc); first == "" {
				first = nm.generate()
			}
			for i, part := range b.outputParts(call, len(call.Bound.Outputs), x.Pos(), row) {
				name := first
				if i > 0 {
					if name = call.Bound.Outputs[i].Name; name == "" {
						name = nm.generate()
					}
				}
				if j := out.Index(name); j >= 0 {
					out[j].Type = part.Type()
					exprs[j] = part
					row.inline[j] = part
				} else {
					out = append(out, types.Column{Name: name, Type: part.Type()})
					exprs = append(exprs, part)
					row.inline[len(out)-1] = part
				}
				row.cols = out
			}
			continue
		}
		var name string
		if len(names) == 1 {
			name = names[0].Name
			if explicit[name] {
				b.errorf(names[0].Pos(), "KS171", "A column with the name '%s' is already declared.", name)
				continue
			}
			explicit[name] = true
		} else if name = exprName(x, row, sc); name == "" {
			name = nm.generate()
		}
		if i := out.Index(name); i >= 0 {
			out[i].Type = e.Type()
			exprs[i] = e
			row.inline[i] = e
		} else {
			out = append(out, types.Column{Name: name, Type: e.Type()})
			exprs = append(exprs, e)
			row.inline[len(out)-1] = e
		}
		row.cols = out
	}
	return &plan.Project{Input: in, Exprs: exprs, Out: out, Window: window || row.window}
}

// project computes exactly the listed columns.
func (b *binder) project(o *syntax.ProjectOp, in plan.Node, sc *scope) plan.Node {
	row := b.rowFor(in)
	var out types.Schema
	var exprs []plan.Expr
	nm := b.newOut(nil)
	for _, it := range o.Cols {
		names, x := splitNamed(it)
		if len(names) > 1 {
			b.unsupported(it.Pos(), "assigning to several columns at once")
			continue
		}
		e := b.expr(x, sc, row)
		name, ok := nm.take(names, x, row, sc, it.Pos())
		if !ok {
			continue
		}
		out = append(out, types.Column{Name: name, Type: e.Type()})
		exprs = append(exprs, e)
	}
	return &plan.Project{Input: in, Exprs: exprs, Out: out, Window: row.window}
}

// columnsMatching resolves a project-away/keep list to input positions:
// names must exist, patterns may match nothing.
func (b *binder) columnsMatching(items []syntax.Expr, s types.Schema) map[int]bool {
	set := map[int]bool{}
	for _, it := range items {
		switch x := it.(type) {
		case *syntax.Ident:
			i := s.Index(x.Name)
			if i < 0 {
				b.errorf(x.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name)
				continue
			}
			set[i] = true
		case *syntax.NamePattern:
			for i, c := range s {
				if matchPattern(x.Pattern, c.Name) {
					set[i] = true
				}
			}
		case *syntax.Star:
			for i := range s {
				set[i] = true
			}
		default:
			b.errorf(it.Pos(), "KS109", "Column name expected.")
		}
	}
	return set
}

// projectAway drops (or with keep, keeps) the listed columns, preserving
// the input order.
func (b *binder) projectAway(items []syntax.Expr, in plan.Node, keep bool) plan.Node {
	s := in.Schema()
	set := b.columnsMatching(items, s)
	var out types.Schema
	var exprs []plan.Expr
	for i, c := range s {
		if set[i] == keep {
			out = append(out, c)
			exprs = append(exprs, &plan.ColRef{Index: i, Name: c.Name, T: c.Type})
		}
	}
	return &plan.Project{Input: in, Exprs: exprs, Out: out}
}

// projectRename renames columns in place.
func (b *binder) projectRename(o *syntax.ProjectRenameOp, in plan.Node) plan.Node {
	s := in.Schema()
	out := append(types.Schema(nil), s...)
	for _, ne := range o.Cols {
		if len(ne.Names) != 1 {
			b.errorf(ne.Pos(), "KS109", "Column name expected.")
			continue
		}
		old, ok := ne.X.(*syntax.Ident)
		if !ok {
			b.errorf(ne.X.Pos(), "KS109", "Column name expected.")
			continue
		}
		i := s.Index(old.Name)
		if i < 0 {
			b.errorf(old.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", old.Name)
			continue
		}
		newName := ne.Names[0].Name
		if j := out.Index(newName); j >= 0 && j != i {
			b.errorf(ne.Names[0].Pos(), "KS171", "A column with the name '%s' is already declared.", newName)
			continue
		}
		out[i].Name = newName
	}
	return &plan.Project{Input: in, Exprs: identity(s), Out: out}
}

// projectReorder puts the listed columns first, in the order given (a
// pattern's matches sorted by name when asc/desc is given), and the rest
// after them in their input order.
func (b *binder) projectReorder(o *syntax.ProjectReorderOp, in plan.Node) plan.Node {
	s := in.Schema()
	taken := make([]bool, len(s))
	var order []int
	for _, k := range o.Cols {
		var group []int
		switch x := k.X.(type) {
		case *syntax.Ident:
			i := s.Index(x.Name)
			if i < 0 {
				b.errorf(x.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name)
				continue
			}
			group = []int{i}
		case *syntax.NamePattern:
			for i, c := range s {
				if matchPattern(x.Pattern, c.Name) {
					group = append(group, i)
				}
			}
		case *syntax.Star:
			for i := range s {
				group = append(group, i)
			}
		default:
			b.errorf(k.X.Pos(), "KS109", "Column name expected.")
			continue
		}
		switch lowerName(k.Order) {
		case "asc", "granny-asc":
			sort.SliceStable(group, func(a, c int) bool { return s[group[a]].Name < s[group[c]].Name })
		case "desc", "granny-desc":
			sort.SliceStable(group, func(a, c int) bool { return s[group[a]].Name > s[group[c]].Name })
		}
		for _, i := range group {
			if !taken[i] {
				taken[i] = true
				order = append(order, i)
			}
		}
	}
	for i := range s {
		if !taken[i] {
			order = append(order, i)
		}
	}
	out := make(types.Schema, len(order))
	exprs := make([]plan.Expr, len(order))
	for j, i := range order {
		out[j] = s[i]
		exprs[j] = &plan.ColRef{Index: i, Name: s[i].Name, T: s[i].Type}
	}
	return &plan.Project{Input: in, Exprs: exprs, Out: out}
}

// tupleParts binds `(a, b, c) = f(x)` for a function with several
// results (Bound.Outputs): f's value is a dynamic array holding one
// element per result, and part i is element i converted to its type.
func (b *binder) tupleParts(x syntax.Expr, names []*syntax.Ident, sc *scope, row *rowCtx) []plan.Expr {
	e := b.expr(x, sc, row)
	if isBad(e) {
		return nil
	}
	call, ok := e.(*plan.Call)
	if !ok || len(call.Bound.Outputs) < len(names) {
		b.errorf(x.Pos(), "KS107", "The expression gives one value; it cannot be assigned to %d columns.", len(names))
		return nil
	}
	return b.outputParts(call, len(names), x.Pos(), row)
}

// outputParts extracts the first n results of a several-result call:
// element i of the dynamic array it returns, converted to result i's type.
func (b *binder) outputParts(call *plan.Call, n int, pos syntax.Pos, row *rowCtx) []plan.Expr {
	parts := make([]plan.Expr, n)
	for i := 0; i < n; i++ {
		idx := &plan.Const{Value: int64(i), T: types.Long}
		p := b.operator("__index", "[]", pos, []plan.Expr{call, idx}, row)
		parts[i] = convertTo(p, call.Bound.Outputs[i].Type)
	}
	return parts
}
