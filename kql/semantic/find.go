package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// find is bound as one branch per source table, each filtered by the
// predicate read against that table's own columns (a column the table
// lacks reads as null), then shaped to one output schema and unioned:
//
//	source_, the columns every table has (first table's order), the
//	predicate's other columns, pack_ (a bag of the row's remaining columns)
//
// With a single table the output is simply its columns. `project` lists
// the output columns instead and packs nothing.
func (b *binder) find(o *syntax.FindOp, sc *scope) plan.Node {
	parts, names := b.findSources(o, sc)
	if parts == nil {
		return nil
	}
	var predCols []string
	for _, c := range findPredicateColumns(o.Pred) {
		// A let-bound name is a value, not a column, unless a table has it.
		if sc.lookup(c) == nil || anyHas(parts, c) {
			predCols = append(predCols, c)
		}
	}
	for _, c := range predCols {
		if !anyHas(parts, c) {
			b.errorf(o.Pred.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", c)
			return nil
		}
	}
	// Tables that have none of the predicate's columns are left out; a
	// predicate of bare terms or `*` reads every column of every table.
	if len(predCols) > 0 {
		var keep []plan.Node
		var keepNames []string
		for i, p := range parts {
			if hasAnyColumn(p.Schema(), predCols) {
				keep, keepNames = append(keep, p), append(keepNames, names[i])
			}
		}
		parts, names = keep, keepNames
	}
	if len(parts) == 0 {
		b.errorf(o.Pred.Pos(), "KS204", "find has no table with the columns its predicate uses.")
		return nil
	}
	typeOf := map[string][]types.Type{}
	for _, p := range parts {
		for _, c := range p.Schema() {
			typeOf[c.Name] = appendType(typeOf[c.Name], c.Type)
		}
	}
	for _, c := range predCols {
		if len(typeOf[c]) > 1 && !sameKindNumbers(typeOf[c]) {
			b.unsupported(o.Pred.Pos(), "find over column '"+c+"', which has different types in different tables,")
			return nil
		}
	}
	var out types.Schema
	pack := false
	switch {
	case o.ProjectKind == "project":
		var ok bool
		if out, ok = b.findProjectList(o, typeOf); !ok {
			return nil
		}
	case len(parts) == 1:
		out = append(out, parts[0].Schema()...)
	default:
		inOut := map[string]bool{}
		for _, c := range parts[0].Schema() {
			if inAll(parts, c.Name) {
				out = append(out, types.Column{Name: c.Name, Type: mergedType(typeOf[c.Name])})
				inOut[c.Name] = true
			}
		}
		for _, c := range predCols {
			if !inOut[c] {
				out = append(out, types.Column{Name: c, Type: mergedType(typeOf[c])})
				inOut[c] = true
			}
		}
		// pack_ holds what is left; with nothing left there is none.
		for _, p := range parts {
			for _, c := range p.Schema() {
				if !inOut[c.Name] {
					pack = true
				}
			}
		}
	}
	src := "source_"
	if o.WithSource != nil {
		src = o.WithSource.Name
	}
	final := append(types.Schema{{Name: src, Type: types.String}}, out...)
	if pack {
		final = append(final, types.Column{Name: "pack_", Type: types.Dynamic})
	}
	u := &plan.Union{Out: final, SourceCol: -1}
	for i, p := range parts {
		branch := b.findBranch(o, sc, p, names[i], predCols, typeOf, out, pack)
		if branch == nil {
			return nil
		}
		u.Parts = append(u.Parts, branch)
		m := make([]int, len(final))
		for j := range m {
			m[j] = j
		}
		u.Maps = append(u.Maps, m)
	}
	return u
}

// findSources lists find's tables: those of `in (...)`, or every table.
func (b *binder) findSources(o *syntax.FindOp, sc *scope) ([]plan.Node, []string) {
	var parts []plan.Node
	var names []string
	if o.Tables == nil && b.env.Tables != nil {
		for _, name := range b.env.Tables.Names() {
			if n := b.scan(name); n != nil {
				parts, names = append(parts, n), append(names, name)
			}
		}
	} else {
		parts, names = b.tableList(o.Tables, sc)
	}
	if len(parts) == 0 {
		b.errorf(o.Pos(), "KS204", "find has no table to read.")
		return nil, nil
	}
	return parts, names
}

// findBranch filters one table and shapes its rows to the output schema.
func (b *binder) findBranch(o *syntax.FindOp, sc *scope, p plan.Node, name string, predCols []string,
	typeOf map[string][]types.Type, out types.Schema, pack bool) plan.Node {
	in := p.Schema()
	// Columns the predicate names but this table lacks read as nulls.
	wide := append(types.Schema(nil), in...)
	exprs := make([]plan.Expr, 0, len(in)+len(predCols))
	for i, c := range in {
		exprs = append(exprs, &plan.ColRef{Index: i, Name: c.Name, T: c.Type})
	}
	for _, c := range predCols {
		if in.Index(c) < 0 {
			t := mergedType(typeOf[c])
			wide = append(wide, types.Column{Name: c, Type: t})
			exprs = append(exprs, &plan.Const{T: t})
		}
	}
	var node plan.Node = p
	if len(wide) > len(in) {
		node = &plan.Project{Input: p, Exprs: exprs, Out: wide}
	}
	row := newRow(wide)
	pred := b.searchPred(o.Pred, sc, row, false)
	if isBad(pred) {
		return nil
	}
	if pred.Type() != types.Bool {
		b.errorf(o.Pred.Pos(), "KS141", "The expression must have the type bool.")
		return nil
	}
	node = &plan.Filter{Input: node, Pred: pred}

	shaped := []plan.Expr{&plan.Const{Value: name, T: types.String}}
	used := map[string]bool{}
	for _, c := range out {
		i := wide.Index(c.Name)
		if i < 0 {
			shaped = append(shaped, &plan.Const{T: c.Type})
			continue
		}
		used[c.Name] = true
		shaped = append(shaped, convertTo(&plan.ColRef{Index: i, Name: c.Name, T: wide[i].Type}, c.Type))
	}
	final := append(types.Schema{{Name: "source_", Type: types.String}}, out...)
	if pack {
		var args []plan.Expr
		for i, c := range in {
			if !used[c.Name] {
				args = append(args, &plan.Const{Value: c.Name, T: types.String},
					&plan.ColRef{Index: i, Name: c.Name, T: c.Type})
			}
		}
		bag := plan.Expr(&plan.Const{Value: value.NewBag(0), T: types.Dynamic})
		if len(args) > 0 {
			if bag = b.operator("bag_pack", "find", o.Pos(), args, row); isBad(bag) {
				return nil
			}
		}
		shaped = append(shaped, bag)
		final = append(final, types.Column{Name: "pack_", Type: types.Dynamic})
	}
	return &plan.Project{Input: node, Exprs: shaped, Out: final}
}

// findProjectList reads `project Col[:type], ...`.
func (b *binder) findProjectList(o *syntax.FindOp, typeOf map[string][]types.Type) (types.Schema, bool) {
	var out types.Schema
	for _, x := range o.Cols {
		var id *syntax.Ident
		var t types.Type
		switch x := x.(type) {
		case *syntax.Ident:
			id = x
		case *syntax.Binary:
			name, nok := x.X.(*syntax.Ident)
			tn, tok := x.Y.(*syntax.Ident)
			if x.Op == syntax.OpColon && nok && tok {
				id = name
				var ok bool
				if t, ok = types.Parse(tn.Name); !ok {
					b.errorf(tn.Pos(), "KS109", "Unknown type '%s'.", tn.Name)
					return nil, false
				}
			}
		}
		if id == nil {
			b.errorf(x.Pos(), "KS109", "Column name expected.")
			return nil, false
		}
		ts := typeOf[id.Name]
		if len(ts) == 0 {
			b.errorf(id.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
			return nil, false
		}
		if t == types.Unknown {
			if len(ts) > 1 && !sameKindNumbers(ts) {
				b.errorf(id.Pos(), "KS109", "Column '%s' has different types in different tables: write its type, as in %s:string.", id.Name, id.Name)
				return nil, false
			}
			t = mergedType(ts)
		}
		out = append(out, types.Column{Name: id.Name, Type: t})
	}
	return out, true
}

// findPredicateColumns lists the plain names a find predicate uses, in
// order of appearance; function names are not columns.
func findPredicateColumns(pred syntax.Expr) []string {
	var out []string
	seen := map[string]bool{}
	syntax.Inspect(pred, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.Call:
			for _, a := range x.Args {
				for _, c := range findPredicateColumns(a) {
					if !seen[c] {
						seen[c] = true
						out = append(out, c)
					}
				}
			}
			return false
		case *syntax.Ident:
			if !seen[x.Name] {
				seen[x.Name] = true
				out = append(out, x.Name)
			}
		}
		return true
	})
	return out
}

func hasAnyColumn(s types.Schema, cols []string) bool {
	for _, c := range cols {
		if s.Index(c) >= 0 {
			return true
		}
	}
	return false
}

func anyHas(parts []plan.Node, name string) bool {
	for _, p := range parts {
		if p.Schema().Index(name) >= 0 {
			return true
		}
	}
	return false
}

func inAll(parts []plan.Node, name string) bool {
	for _, p := range parts {
		if p.Schema().Index(name) < 0 {
			return false
		}
	}
	return true
}

func appendType(ts []types.Type, t types.Type) []types.Type {
	for _, x := range ts {
		if x == t {
			return ts
		}
	}
	return append(ts, t)
}

// sameKindNumbers reports int and long mixed, which Kusto merges to long.
func sameKindNumbers(ts []types.Type) bool {
	for _, t := range ts {
		if !t.IsInteger() {
			return false
		}
	}
	return true
}

// mergedType is a column's output type over tables: its type if they
// agree, long for int and long, else dynamic.
func mergedType(ts []types.Type) types.Type {
	switch {
	case len(ts) == 1:
		return ts[0]
	case sameKindNumbers(ts):
		return types.Long
	}
	return types.Dynamic
}
