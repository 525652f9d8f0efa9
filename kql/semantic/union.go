package semantic

import (
	"sort"
	"strconv"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// union binds `[T |] union [kind=inner|outer] [withsource=C] [isfuzzy=true] Tables`.
func (b *binder) union(o *syntax.UnionOp, in plan.Node, sc *scope) plan.Node {
	var parts []plan.Node
	var names []string
	if in != nil {
		parts = append(parts, in)
		names = append(names, b.sourceName(in, len(parts)-1))
	}
	fuzzy := o.IsFuzzy
	if p := o.Param("isfuzzy"); p != nil {
		fuzzy = lowerName(propText(p.Value)) == "true"
	}
	for _, t := range o.Tables {
		switch x := t.(type) {
		case *syntax.NamePattern:
			matched := b.matchTables(x.Pattern, sc)
			for _, name := range matched {
				parts = append(parts, b.tabular(&syntax.Ident{NamePos: x.NamePos, Name: name, EndPos: x.EndPos}, sc, nil))
				names = append(names, name)
			}
			if len(matched) == 0 && !fuzzy {
				b.errorf(x.Pos(), "KS204", "The name '%s' does not refer to any known table, tabular variable or function.", x.Pattern)
			}
		case *syntax.Ident:
			if fuzzy && sc.lookup(x.Name) == nil && b.scan(x.Name) == nil {
				continue // isfuzzy: a missing table is skipped
			}
			var n plan.Node
			if fuzzy {
				// A function (an ASIM parser) over a missing table too.
				n = b.fuzzyPart(x, sc)
			} else {
				n = b.tabular(x, sc, nil)
			}
			if n != nil {
				parts = append(parts, n)
				names = append(names, x.Name)
			}
		default:
			var n plan.Node
			if fuzzy {
				n = b.fuzzyPart(x, sc)
			} else {
				n = b.tabular(x, sc, nil)
			}
			if n != nil {
				parts = append(parts, n)
				names = append(names, b.sourceName(n, len(parts)-1))
			}
		}
	}
	if len(parts) == 0 {
		if fuzzy {
			b.errorf(o.Pos(), "KS204", "union has no table to read.")
		}
		return nil
	}
	inner := lowerName(o.Kind) == "inner"
	u := unionOutput(parts, inner)
	u.SourceCol = -1
	if o.WithSource != nil {
		u.Out = append(types.Schema{{Name: o.WithSource.Name, Type: types.String}}, u.Out...)
		for i := range u.Maps {
			u.Maps[i] = append([]int{-1}, u.Maps[i]...)
		}
		u.SourceCol = 0
		u.SourceNames = names
	}
	return u
}

// fuzzyPart binds a union input under isfuzzy=true: an input that reads
// a table that does not exist is left out, with its errors.
func (b *binder) fuzzyPart(x syntax.Expr, sc *scope) plan.Node {
	mark := len(b.errs)
	n := b.tabular(x, sc, nil)
	missing := false
	for _, e := range b.errs[mark:] {
		if e.Code == "KS204" {
			missing = true
		}
	}
	if !missing {
		return n
	}
	for _, e := range b.errs[mark:] {
		delete(b.seen, errKey{e.File, e.Pos, e.Message})
	}
	b.errs = b.errs[:mark]
	return nil
}

// sourceName is the withsource value of a union input: the name `as`
// gave it, the table's name, or union_argN for a computed input.
func (b *binder) sourceName(n plan.Node, i int) string {
	if name, ok := b.asNames[n]; ok {
		return name
	}
	if s, ok := n.(*plan.Scan); ok {
		return s.Table
	}
	return "union_arg" + strconv.Itoa(i)
}

// matchTables lists the tables (and tabular let names) matching a
// wildcard, in name order.
func (b *binder) matchTables(pattern string, sc *scope) []string {
	seen := map[string]bool{}
	var out []string
	if b.env.Tables != nil {
		for _, n := range b.env.Tables.Names() {
			if matchPattern(pattern, n) && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	for s := sc; s != nil; s = s.parent {
		for n, sym := range s.syms {
			if sym.kind == symTabular && matchPattern(pattern, n) && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// unionOutput lays out a union's columns: by name, in order of first
// appearance. A name that comes with several types becomes one column per
// type, named Name_type. With inner, only the columns every input has
// are kept.
func unionOutput(parts []plan.Node, inner bool) *plan.Union {
	type key struct {
		name string
		t    types.Type
	}
	var order []string
	typesOf := map[string][]types.Type{}
	count := map[string]int{}
	for _, p := range parts {
		seenHere := map[string]bool{}
		for _, c := range p.Schema() {
			ts, ok := typesOf[c.Name]
			if !ok {
				order = append(order, c.Name)
			}
			found := false
			for _, t := range ts {
				if t == c.Type {
					found = true
				}
			}
			if !found {
				typesOf[c.Name] = append(ts, c.Type)
			}
			if !seenHere[c.Name] {
				seenHere[c.Name] = true
				count[c.Name]++
			}
		}
	}
	u := &plan.Union{Parts: parts, Maps: make([][]int, len(parts))}
	colOf := map[key]int{}
	// A Name_type that an input already has as a column name is made
	// unique (x_long1) rather than merged with it.
	used := map[string]bool{}
	for _, name := range order {
		used[name] = true
	}
	for _, name := range order {
		if inner && count[name] < len(parts) {
			continue
		}
		ts := typesOf[name]
		for _, t := range ts {
			colName := name
			if len(ts) > 1 {
				colName = uniqueName(name+"_"+t.String(), used)
				used[colName] = true
			}
			colOf[key{name, t}] = len(u.Out)
			u.Out = append(u.Out, types.Column{Name: colName, Type: t})
		}
	}
	for i, p := range parts {
		m := make([]int, len(u.Out))
		for j := range m {
			m[j] = -1
		}
		for ci, c := range p.Schema() {
			if j, ok := colOf[key{c.Name, c.Type}]; ok {
				m[j] = ci
			}
		}
		u.Maps[i] = m
	}
	return u
}
