package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// reduce binds `reduce [kind=source] by Expr [with threshold=T,
// characters=C]`. Expr must be a string. The result is Pattern, Count,
// Representative; with kind=source, the input rows with Pattern appended,
// as the documentation says (the oracle appends all three columns).
func (b *binder) reduce(o *syntax.ReduceOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	n := &plan.Reduce{Input: in, Threshold: 0.1, By: b.expr(o.By, sc, newRow(inS))}
	ok := !isBad(n.By)
	if ok && n.By.Type() != types.String {
		b.errorf(o.By.Pos(), "KS141", "The expression must have the type string.")
		ok = false
	}
	if k := paramText(o.Param("kind")); k != "" {
		if lowerName(k) != "source" {
			b.errorf(o.Pos(), "KS107", "The reduce kind '%s' is not supported; the only kind is 'source'.", k)
			ok = false
		}
		n.Source = true
	}
	for _, p := range o.With {
		e := b.expr(p.Value, sc, nil)
		v, isConst := constValue(e)
		switch lowerName(p.Name) {
		case "threshold":
			f, good := toFloat(v)
			if !isConst || !good || f <= 0 || f > 1 {
				b.errorf(p.Value.Pos(), "KS107", "The threshold of reduce must be a constant between 0 and 1.")
				ok = false
			}
			n.Threshold = f
		case "characters":
			s, good := v.(string)
			if !isConst || !good {
				b.errorf(p.Value.Pos(), "KS107", "The characters of reduce must be a constant string.")
				ok = false
			}
			n.Characters = s
		default:
			b.errorf(p.NamePos, "KS107", "reduce has no parameter '%s'; it takes threshold and characters.", p.Name)
			ok = false
		}
	}
	if n.Source {
		n.Out = append(append(types.Schema(nil), inS...), types.Column{Name: "Pattern", Type: types.String})
	} else {
		n.Out = types.Schema{{Name: "Pattern", Type: types.String}, {Name: "Count", Type: types.Long}, {Name: "Representative", Type: types.String}}
	}
	if !ok {
		return b.opaque(o, []plan.Node{in}, n.Out)
	}
	return n
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	}
	return 0, false
}

// projectByNames binds `project-by-names Spec, ...`: each Spec is a
// constant column name, name pattern (with *) or dynamic array of them
// (column_names_of(T) gives one). Columns come in the order named or
// matched, once each; names that match nothing are ignored.
func (b *binder) projectByNames(o *syntax.ProjectByNamesOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	taken := make([]bool, len(inS))
	var out types.Schema
	var exprs []plan.Expr
	add := func(pattern string) {
		for i, c := range inS {
			if !taken[i] && matchPattern(pattern, c.Name) {
				taken[i] = true
				out = append(out, c)
				exprs = append(exprs, &plan.ColRef{Index: i, Name: c.Name, T: c.Type})
			}
		}
	}
	for _, it := range o.Cols {
		e := b.expr(it, sc, nil)
		if isBad(e) {
			continue
		}
		v, _ := constValue(e)
		switch x := v.(type) {
		case string:
			add(x)
			continue
		case []any:
			good := true
			for _, el := range x {
				if s, isStr := el.(string); isStr {
					add(s)
				} else {
					good = false
				}
			}
			if good {
				continue
			}
		}
		b.errorf(it.Pos(), "KS107", "project-by-names takes constant column names, name patterns or dynamic arrays of them.")
	}
	return &plan.Project{Input: in, Exprs: exprs, Out: out}
}

// assertSchema binds `assert-schema (A:t, ...)`: the input must have
// the listed columns with those types (others may follow: the operator is
// undocumented and Kusto's parser accepts no `*` in it); the rows pass
// unchanged.
func (b *binder) assertSchema(o *syntax.AssertSchemaOp, in plan.Node) plan.Node {
	if o.Schema == nil {
		return in
	}
	inS := in.Schema()
	for _, c := range b.columnDecls(o.Schema.Columns) {
		i := inS.Index(c.Name)
		switch {
		case i < 0:
			b.errorf(o.Pos(), "KS142", "assert-schema: the input has no column '%s'.", c.Name)
		case c.Type != types.Unknown && inS[i].Type != c.Type:
			b.errorf(o.Pos(), "KS107", "assert-schema: column '%s' has type %s, not %s.", c.Name, inS[i].Type, c.Type)
		}
	}
	return in
}

// columnNamesOf is column_names_of(T): T's column names, known when the
// query is bound, as a dynamic array.
func (b *binder) columnNamesOf(x *syntax.Call, sc *scope) plan.Expr {
	if len(x.Args) != 1 {
		b.errorf(x.Pos(), "KS119", "The function 'column_names_of' expects 1 argument.")
		return bad()
	}
	n := b.tabular(x.Args[0], sc, nil)
	if n == nil {
		return bad()
	}
	s := n.Schema()
	names := make([]any, len(s))
	for i, c := range s {
		names[i] = c.Name
	}
	return &plan.Const{Value: names, T: types.Dynamic}
}
