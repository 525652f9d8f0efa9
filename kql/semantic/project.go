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
	row := &rowCtx{cols: out, inline: map[int]plan.Expr{}, star: append(types.Schema{}, inS...)}
	nm := b.newOut(func(n string) bool { return row.cols.Index(n) >= 0 })
	explicit := map[string]bool{}
	// set gives column name the value e: in place when the name exists.
	set := func(name string, e plan.Expr) {
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
	// written reports a clash between two names written in this extend.
	written := func(id *syntax.Ident) bool {
		if explicit[id.Name] {
			b.errorf(id.Pos(), "KS171", "A column with the name '%s' is already declared.", id.Name)
			return false
		}
		explicit[id.Name] = true
		return true
	}
	for _, it := range items {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		call, ok := b.multiResult(e, x, len(names), true)
		if !ok {
			continue
		}
		if call != nil {
			// Written names take the first results; the others keep the
			// function's names, made unique rather than replacing a column.
			for i, part := range b.outputParts(call, len(call.Bound.Outputs), x.Pos(), row) {
				if i < len(names) {
					if written(names[i]) {
						set(names[i].Name, part)
					}
					continue
				}
				set(uniqueName(b.resultName(call, i, nm), columnNames(out)), part)
			}
			continue
		}
		var name string
		if len(names) == 1 {
			if !written(names[0]) {
				continue
			}
			name = names[0].Name
		} else if name = exprName(x, row, sc); name == "" {
			name = nm.generate()
		}
		set(name, e)
	}
	b.checkSerialized(row, in)
	return &plan.Project{Input: in, Exprs: exprs, Out: out, Window: window || row.window}
}

// multiResult checks an item assigned to n names (0: unnamed): it
// returns e as a call whose results are named by the function (several
// results, or with single, one named result such as array_sort_asc(a)'s
// a_sorted), nil for an ordinary value, and false when the names do not
// fit (reported).
func (b *binder) multiResult(e plan.Expr, x syntax.Expr, n int, single bool) (*plan.Call, bool) {
	if isBad(e) {
		return nil, n <= 1
	}
	call, ok := e.(*plan.Call)
	if ok && (len(call.Bound.Outputs) > 1 || single && len(call.Bound.Outputs) == 1 && call.Bound.Outputs[0].Name != "") {
		if n > len(call.Bound.Outputs) {
			b.errorf(x.Pos(), "KS107", "The expression gives %d values; it cannot be assigned to %d columns.", len(call.Bound.Outputs), n)
			return nil, false
		}
		return call, true
	}
	if n > 1 {
		b.errorf(x.Pos(), "KS107", "The expression gives one value; it cannot be assigned to %d columns.", n)
		return nil, false
	}
	return nil, true
}

// resultName is the name of result i of a several-result call, as the
// function gives it, or a generated ColumnN.
func (b *binder) resultName(call *plan.Call, i int, nm *outNames) string {
	if name := call.Bound.Outputs[i].Name; name != "" {
		return name
	}
	return nm.generate()
}

func columnNames(s types.Schema) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, c := range s {
		m[c.Name] = true
	}
	return m
}

// project computes exactly the listed columns.
func (b *binder) project(o *syntax.ProjectOp, in plan.Node, sc *scope) plan.Node {
	row := b.rowFor(in)
	var out types.Schema
	var exprs []plan.Expr
	nm := b.newOut(nil)
	for _, it := range o.Cols {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		call, ok := b.multiResult(e, x, len(names), true)
		if !ok {
			continue
		}
		if call != nil {
			for i, part := range b.outputParts(call, len(call.Bound.Outputs), x.Pos(), row) {
				var name string
				if i < len(names) {
					name, ok = nm.add(names[i].Name, false, names[i].Pos())
				} else {
					name, ok = nm.add(b.resultName(call, i, nm), true, it.Pos())
				}
				if ok {
					out = append(out, types.Column{Name: name, Type: part.Type()})
					exprs = append(exprs, part)
				}
			}
			continue
		}
		name, ok := nm.take(names, x, row, sc, it.Pos())
		if !ok {
			continue
		}
		out = append(out, types.Column{Name: name, Type: e.Type()})
		exprs = append(exprs, e)
	}
	b.checkSerialized(row, in)
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

// outputParts extracts the first n results of a call with named
// results: element i of the dynamic array it returns, converted to result
// i's type. A call with one result returns it directly.
func (b *binder) outputParts(call *plan.Call, n int, pos syntax.Pos, row *rowCtx) []plan.Expr {
	if len(call.Bound.Outputs) == 1 {
		return []plan.Expr{convertTo(call, call.Bound.Outputs[0].Type)}
	}
	parts := make([]plan.Expr, n)
	for i := 0; i < n; i++ {
		idx := &plan.Const{Value: int64(i), T: types.Long}
		p := b.operator("__index", "[]", pos, []plan.Expr{call, idx}, row)
		parts[i] = convertTo(p, call.Bound.Outputs[i].Type)
	}
	return parts
}
