package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// plugin binds the evaluate plugins narrow, ipv4_lookup, ipv6_lookup and
// schema_merge.
func (b *binder) plugin(name string, call *syntax.Call, in plan.Node, sc *scope) plan.Node {
	switch name {
	case "narrow":
		if len(call.Args) != 0 {
			b.errorf(call.Pos(), "KS119", "The plugin 'narrow' expects no arguments.")
			return nil
		}
		return &plan.Narrow{Input: in, Out: types.Schema{
			{Name: "Row", Type: types.Long}, {Name: "Column", Type: types.String}, {Name: "Value", Type: types.String}}}
	case "schema_merge":
		return b.schemaMerge(call, in, sc)
	}
	return b.ipLookup(name, call, in, sc)
}

// ipLookup binds ipv4_lookup / ipv6_lookup(Lookup, Key, LookupKey
// [, ExtraKey...] [, return_unmatched]): like lookup, the input's columns
// then the lookup table's (but the extra keys, which both have), clashing
// names suffixed 1, 2, ...
func (b *binder) ipLookup(name string, call *syntax.Call, in plan.Node, sc *scope) plan.Node {
	args := call.Args
	n := &plan.IPLookup{Input: in, V6: name == "ipv6_lookup"}
	// return_unmatched, by name or as a trailing bool constant.
	var pos []syntax.Expr
	for _, a := range args {
		if ne, ok := a.(*syntax.NamedExpr); ok && len(ne.Names) == 1 && lowerName(ne.Names[0].Name) == "return_unmatched" {
			v, ok := b.constBool(ne.X, sc)
			if !ok {
				b.errorf(ne.X.Pos(), "KS107", "return_unmatched must be a constant bool.")
				return nil
			}
			n.ReturnUnmatched = v
			continue
		}
		pos = append(pos, a)
	}
	if len(pos) > 3 {
		// A trailing argument that is no column name is return_unmatched.
		if _, isCol := pos[len(pos)-1].(*syntax.Ident); !isCol {
			v, ok := b.constBool(pos[len(pos)-1], sc)
			if !ok {
				b.errorf(pos[len(pos)-1].Pos(), "KS107", "return_unmatched must be a constant bool.")
				return nil
			}
			n.ReturnUnmatched = v
			pos = pos[:len(pos)-1]
		}
	}
	if len(pos) < 3 {
		b.errorf(call.Pos(), "KS119", "The plugin '%s' expects a lookup table, the input's address column and the lookup's range column.", name)
		return nil
	}
	n.Lookup = b.tabular(pos[0], sc, nil)
	if n.Lookup == nil {
		return nil
	}
	inS, lookS := in.Schema(), n.Lookup.Schema()
	var ok bool
	if n.Key, ok = b.stringColumn(pos[1], inS); !ok {
		return nil
	}
	if n.LookupKey, ok = b.stringColumn(pos[2], lookS); !ok {
		return nil
	}
	drop := map[int]bool{}
	for _, x := range pos[3:] {
		id, isIdent := x.(*syntax.Ident)
		if !isIdent {
			b.errorf(x.Pos(), "KS109", "Column name expected.")
			return nil
		}
		li, ri := inS.Index(id.Name), lookS.Index(id.Name)
		if li < 0 || ri < 0 {
			b.errorf(x.Pos(), "KS142", "The name '%s' does not refer to a column of both the input and the lookup table.", id.Name)
			return nil
		}
		if inS[li].Type != lookS[ri].Type {
			b.errorf(x.Pos(), "KS107", "The key '%s' has type %s in the input and %s in the lookup table.", id.Name, inS[li].Type, lookS[ri].Type)
			return nil
		}
		n.ExtraKeys = append(n.ExtraKeys, li)
		n.LookupExtraKeys = append(n.LookupExtraKeys, ri)
		drop[ri] = true
	}
	n.OutCols, n.Out = joinOutput(inS, lookS, drop)
	return n
}

// stringColumn reads an argument naming a string column of s.
func (b *binder) stringColumn(x syntax.Expr, s types.Schema) (int, bool) {
	i, ok := b.columnArg(x, s)
	if !ok {
		return -1, false
	}
	if s[i].Type != types.String {
		b.errorf(x.Pos(), "KS107", "The column '%s' must be a string, not %s.", s[i].Name, s[i].Type)
		return -1, false
	}
	return i, true
}

// constBool reads a constant bool argument.
func (b *binder) constBool(x syntax.Expr, sc *scope) (bool, bool) {
	e := b.expr(x, sc, nil)
	v, ok := constValue(e)
	t, isBool := v.(bool)
	return t, ok && isBool
}

// schemaMerge binds schema_merge([PreferLatest]) over rows in getschema's
// form; the result has getschema's columns.
func (b *binder) schemaMerge(call *syntax.Call, in plan.Node, sc *scope) plan.Node {
	n := &plan.SchemaMerge{Input: in, Out: getSchema(nil).Schema()}
	switch len(call.Args) {
	case 0:
	case 1:
		x := call.Args[0]
		if ne, ok := x.(*syntax.NamedExpr); ok && len(ne.Names) == 1 {
			x = ne.X
		}
		v, ok := b.constBool(x, sc)
		if !ok {
			b.errorf(x.Pos(), "KS107", "The argument of schema_merge (PreferLatest) must be a constant bool.")
			return nil
		}
		n.PreferLatest = v
	default:
		b.errorf(call.Pos(), "KS119", "The plugin 'schema_merge' expects at most 1 argument.")
		return nil
	}
	inS := in.Schema()
	for _, need := range []string{"ColumnName", "ColumnType"} {
		if i := inS.Index(need); i < 0 || inS[i].Type != types.String {
			b.errorf(call.Pos(), "KS142", "schema_merge needs its input in getschema's form: a string column '%s' is missing.", need)
			return nil
		}
	}
	return n
}
