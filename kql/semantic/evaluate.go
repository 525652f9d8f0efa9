package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// evaluate binds `evaluate plugin(args) [: (schema)]`. Each plugin binds
// in its own file; an unknown one reports that it is not supported, with
// the declared output schema when the query gives one, and plugins that
// call outside services report that they are not available.
func (b *binder) evaluate(o *syntax.EvaluateOp, in plan.Node, sc *scope) plan.Node {
	id, ok := o.Call.Fun.(*syntax.Ident)
	if !ok {
		b.unsupported(o.Call.Pos(), "this evaluate plugin")
		return nil
	}
	var declared types.Schema
	star := false
	if o.Schema != nil {
		declared = b.columnDecls(o.Schema.Columns)
		star = o.Schema.Star
	}
	switch lowerName(id.Name) {
	case "bag_unpack":
		if in == nil {
			b.errorf(o.Pos(), "KS205", "bag_unpack needs an input table.")
			return nil
		}
		return b.bagUnpack(o.Call, in, sc, declared, star)
	case "pivot":
		if in == nil {
			b.errorf(o.Pos(), "KS205", "pivot needs an input table.")
			return nil
		}
		return b.pivot(o.Call, in, sc, declared, star)
	case "narrow", "ipv4_lookup", "ipv6_lookup", "schema_merge":
		if in == nil {
			b.errorf(o.Pos(), "KS205", "%s needs an input table.", id.Name)
			return nil
		}
		return b.plugin(lowerName(id.Name), o.Call, in, sc)
	case "basket", "autocluster", "diffpatterns":
		return b.patternPlugin(lowerName(id.Name), o.Call, in, sc)
	case "geo_polygon_lookup":
		return b.geoPolygonLookup(o.Call, in, sc)
	}
	if n, ok := b.morePlugins(id, o.Call, in, sc); ok {
		return n
	}
	b.unsupported(id.Pos(), "the evaluate plugin '"+id.Name+"'")
	var ins []plan.Node
	if in != nil {
		ins = []plan.Node{in}
	}
	return b.opaque(o, ins, declared)
}

// bagUnpack binds bag_unpack(Col [, Prefix [, ColumnsConflict [,
// IgnoredProperties]]]). The properties are found in the data: without
// an output schema it takes the columns Env.Data found (foundBag), or else
// binds open, the input without Col plus the names later operators use
// (rowFor). An output schema `(A:t, ...)` gives exactly its columns;
// `(*, A:t, ...)` the input's columns (but Col and the declared names)
// followed by the declared ones.
func (b *binder) bagUnpack(call *syntax.Call, in plan.Node, sc *scope, declared types.Schema, star bool) plan.Node {
	inS := in.Schema()
	// Arguments: Column, OutputColumnPrefix, columnsConflict,
	// ignoredProperties, by position or (but the first) by name.
	args := map[string]syntax.Expr{}
	names := []string{"", "outputcolumnprefix", "columnsconflict", "ignoredproperties"}
	npos := 0
	for _, a := range call.Args {
		if ne, named := a.(*syntax.NamedExpr); named && len(ne.Names) == 1 {
			k := lowerName(ne.Names[0].Name)
			if k == "" || (k != names[1] && k != names[2] && k != names[3]) {
				b.errorf(a.Pos(), "KS107", "bag_unpack has no parameter '%s'.", ne.Names[0].Name)
				return nil
			}
			args[k] = ne.X
			continue
		}
		if npos >= len(names) {
			b.errorf(call.Pos(), "KS119", "The function 'bag_unpack' expects 1 to 4 arguments.")
			return nil
		}
		args[names[npos]] = a
		npos++
	}
	first, ok := args[""]
	if !ok {
		b.errorf(call.Pos(), "KS119", "The function 'bag_unpack' expects the column to unpack.")
		return nil
	}
	id, ok := first.(*syntax.Ident)
	if !ok || inS.Index(id.Name) < 0 {
		b.errorf(first.Pos(), "KS109", "Column name expected.")
		return nil
	}
	col := inS.Index(id.Name)
	if t := inS[col].Type; t != types.Dynamic {
		b.errorf(first.Pos(), "KS107", "A value of type dynamic expected.")
		return nil
	}
	n := &plan.BagUnpack{Input: in, Col: col}
	if x, ok := args["outputcolumnprefix"]; ok {
		e := b.expr(x, sc, nil)
		v, _ := constValue(e)
		s, ok := v.(string)
		if !ok {
			b.errorf(x.Pos(), "KS107", "A constant value of type string expected.")
			return nil
		}
		n.Prefix = s
	}
	if x, ok := args["columnsconflict"]; ok {
		e := b.expr(x, sc, nil)
		v, _ := constValue(e)
		switch s, _ := v.(string); s {
		case "error", "replace_source", "keep_source":
			n.ColumnsConflict = s
		default:
			if !isBad(e) {
				b.errorf(x.Pos(), "KS107", "bag_unpack's columnsConflict must be the constant 'error', 'replace_source' or 'keep_source'.")
			}
			return nil
		}
	}
	if x, ok := args["ignoredproperties"]; ok {
		props, ok := b.constStrings(x, sc)
		if !ok {
			b.errorf(x.Pos(), "KS107", "bag_unpack's ignoredProperties must be a constant dynamic array of strings, such as dynamic(['a', 'b']).")
			return nil
		}
		n.IgnoredProperties = props
	}
	for i, c := range inS {
		if i != col {
			n.Out = append(n.Out, c)
		}
	}
	if declared == nil && !star {
		if !b.foundBag(call, n, inS) {
			b.openBags[n] = true
		}
	} else {
		n.Fixed = true
		n.Out = nil
		// replace_source: a declared name that an input column has too
		// is unpacked from the bag, in that input column's place.
		replace := n.ColumnsConflict == "replace_source"
		if star {
			for i, c := range inS {
				if i == col {
					continue
				}
				if j := declared.Index(c.Name); j >= 0 {
					if !replace {
						continue
					}
					c = declared[j]
					n.Declared = append(n.Declared, c)
				}
				n.Out = append(n.Out, c)
			}
		}
		for _, c := range declared {
			inInput := inS.Index(c.Name) >= 0 && c.Name != inS[col].Name
			if star && inInput && replace {
				continue // placed above
			}
			if !inInput || replace {
				n.Declared = append(n.Declared, c)
			}
			n.Out = append(n.Out, c)
		}
	}
	return n
}

// foundBag binds n, a bag_unpack without an output schema over columns
// inS, with the columns that Env.Data found in the data for it, and
// reports whether there were any. A column found under the name of a
// kept input column replaces it in place (columnsConflict=
// 'replace_source'; the other modes do not find such columns).
func (b *binder) foundBag(call *syntax.Call, n *plan.BagUnpack, inS types.Schema) bool {
	found := b.foundData(n)
	if found == nil {
		return false
	}
	n.Fixed = true
	n.Declared = append(types.Schema(nil), found...)
	n.Out = n.Out[:0]
	kept := map[string]bool{}
	for j, c := range inS {
		if j == n.Col {
			continue
		}
		kept[c.Name] = true
		if k := found.Index(c.Name); k >= 0 {
			if n.ColumnsConflict != "replace_source" {
				b.errorf(call.Pos(), "KS107", "bag_unpack: the unpacked column '%s' already exists; give a prefix, columnsConflict='replace_source' or 'keep_source', or rename the existing column first.", c.Name)
				return true
			}
			c = found[k]
		}
		n.Out = append(n.Out, c)
	}
	for _, c := range found {
		if !kept[c.Name] {
			n.Out = append(n.Out, c)
		}
	}
	return true
}

// foundData counts n, an operator whose columns come from the data, and
// returns the columns Env.Data found for it, or nil when none were found
// (then n may become Env.Data.Open).
func (b *binder) foundData(n plan.Node) types.Schema {
	d := b.env.Data
	if d == nil {
		return nil
	}
	i := b.dataN
	b.dataN++
	if i >= len(d.Found) {
		if i == len(d.Found) && len(b.errs) == 0 {
			d.Open = n
		}
		return nil
	}
	for len(d.Nodes) <= i {
		d.Nodes = append(d.Nodes, nil)
	}
	d.Nodes[i] = n
	return d.Found[i]
}

// rowFor is the row scope of an operator over in. Below a bag_unpack
// whose columns come from the data (reached through operators that pass
// their input's columns on), a name that is not a known column is one of
// those: it is added to the bag_unpack as a dynamic column.
func (b *binder) rowFor(in plan.Node) *rowCtx {
	row := newRow(in.Schema())
	n := in
	for {
		switch x := n.(type) {
		case *plan.BagUnpack:
			if !b.openBags[x] {
				return row
			}
			row.fromData = map[string]bool{}
			for _, c := range x.Declared {
				row.fromData[c.Name] = true
			}
			row.open = func(name string) int {
				c := types.Column{Name: name, Type: types.Dynamic}
				row.fromData[name] = true
				x.Declared = append(x.Declared, c)
				x.Out = append(x.Out, c)
				row.cols = in.Schema()
				return len(row.cols) - 1
			}
			return row
		case *plan.Filter:
			n = x.Input
		case *plan.Sort:
			n = x.Input
		case *plan.Top:
			n = x.Input
		case *plan.Limit:
			n = x.Input
		case *plan.Serialize:
			n = x.Input
		default:
			return row
		}
	}
}

// pivot binds evaluate pivot(Col[, Agg][, Keys...]). Without keys, every
// column that is neither Col nor read by Agg is a key.
//
// A declared output schema gives exactly its columns: key columns and
// pivoted values are found by name, converted to the declared types, and
// a declared column that the data does not produce is null.
func (b *binder) pivot(call *syntax.Call, in plan.Node, sc *scope, declared types.Schema, star bool) plan.Node {
	inS := in.Schema()
	if len(call.Args) < 1 {
		b.errorf(call.Pos(), "KS119", "The function 'pivot' expects at least 1 argument.")
		return nil
	}
	id, ok := call.Args[0].(*syntax.Ident)
	if !ok || inS.Index(id.Name) < 0 {
		b.errorf(call.Args[0].Pos(), "KS109", "Column name expected.")
		return nil
	}
	n := &plan.Pivot{Input: in, Col: inS.Index(id.Name)}
	used := map[string]bool{id.Name: true}
	rest := call.Args[1:]
	if len(rest) > 0 {
		if c, fn := b.directAgg(rest[0], sc); fn != nil {
			ac, _, ok := b.bindAgg(fn, c, sc, inS, nil)
			if !ok {
				return nil
			}
			n.Agg = ac
			for _, a := range c.Args {
				if aid, ok := a.(*syntax.Ident); ok {
					used[aid.Name] = true
				}
			}
			rest = rest[1:]
		}
	}
	if n.Agg.Fn == nil {
		fn, ok := catalogAgg("count")
		if !ok {
			b.unsupported(call.Pos(), "pivot without a count aggregate in the catalog")
			return nil
		}
		bound, err := fn.Bind(nil)
		if err != nil {
			b.callError(call.Pos(), "count", err)
			return nil
		}
		n.Agg = plan.AggCall{Fn: fn, Bound: bound}
	}
	if len(rest) > 0 {
		for _, k := range rest {
			kid, ok := k.(*syntax.Ident)
			if !ok || inS.Index(kid.Name) < 0 {
				b.errorf(k.Pos(), "KS109", "Column name expected.")
				return nil
			}
			n.Keys = append(n.Keys, inS.Index(kid.Name))
		}
	} else {
		for i, c := range inS {
			if !used[c.Name] {
				n.Keys = append(n.Keys, i)
			}
		}
	}
	for _, k := range n.Keys {
		n.Out = append(n.Out, inS[k])
	}
	if star {
		b.unsupported(call.Pos(), "a pivot output schema with '*' (the docs define only a full list of columns)")
		return nil
	}
	if declared == nil {
		if found := b.foundData(n); found != nil {
			n.Out = found
		}
		return n
	}
	if sameSchema(declared, n.Out) {
		b.unsupported(call.Pos(), "a pivot output schema of exactly its key columns (no pivoted column); project the keys after pivot instead")
		return nil
	}
	n.Out = declared
	return n
}

func sameSchema(a, b types.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// makeSeries binds make-series: keys, then one dynamic array per
// aggregate, then the axis as a dynamic array.
func (b *binder) makeSeries(o *syntax.MakeSeriesOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := newRow(inS)
	nm := b.newOut(nil)
	n := &plan.MakeSeries{Input: in, NonEmpty: lowerName(paramText(o.Param("kind"))) == "nonempty"}
	for _, it := range o.ByExprs {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		if name, ok := nm.take(names, x, row, sc, it.Pos()); ok {
			n.Keys = append(n.Keys, e)
			n.Out = append(n.Out, types.Column{Name: name, Type: e.Type()})
		}
	}
	ok := true
	for _, a := range o.Aggs {
		names, x := splitNamed(a.X)
		call, fn := b.directAgg(x, sc)
		if fn == nil {
			// Kusto takes a constant here (`other=-1`): its value in the
			// bins that have rows, the default elsewhere, as take_any gives.
			nerr := len(b.errs)
			if _, isConst := constValue(b.expr(x, sc, nil)); isConst {
				call = &syntax.Call{Fun: &syntax.Ident{NamePos: x.Pos(), Name: "take_any"}, Args: []syntax.Expr{x}}
				fn, _ = catalogAgg("take_any")
			}
			b.errs = b.errs[:nerr]
		}
		if fn == nil {
			b.errorf(x.Pos(), "KS107", "An aggregate function call expected.")
			ok = false
			continue
		}
		ac, _, good := b.bindAgg(fn, call, sc, inS, nil)
		if !good {
			ok = false
			continue
		}
		if len(ac.Bound.Outputs) > 1 {
			b.errorf(x.Pos(), "KS107", "The aggregate '%s' gives several columns and cannot be used in make-series.", fn.Name)
			ok = false
			continue
		}
		var def any
		if a.Default != nil {
			e := b.expr(a.Default, sc, nil)
			v, isConst := constValue(e)
			if !isConst {
				if !isBad(e) {
					b.errorf(a.Default.Pos(), "KS107", "The default of make-series must be a constant.")
				}
				ok = false
			}
			def = v
		}
		name, gen := nm.nameOf(names, x, row, sc)
		name, _ = nm.add(name, gen || len(names) == 0, a.Pos())
		n.Aggs = append(n.Aggs, ac)
		n.Defaults = append(n.Defaults, def)
		n.HasDefault = append(n.HasDefault, a.Default != nil)
		n.Out = append(n.Out, types.Column{Name: name, Type: types.Dynamic})
	}
	n.Axis = b.expr(o.Axis, sc, row)
	if !isBad(n.Axis) && !n.Axis.Type().IsNumeric() && !n.Axis.Type().IsTemporal() {
		b.errorf(o.Axis.Pos(), "KS107", "The axis of make-series must be a number, a datetime or a timespan.")
		ok = false
	}
	if o.InRange != nil {
		if len(o.InRange.Args) != 3 {
			b.errorf(o.InRange.Pos(), "KS119", "The function 'range' expects 3 arguments.")
			ok = false
		} else {
			n.From = b.expr(o.InRange.Args[0], sc, nil)
			n.To = b.expr(o.InRange.Args[1], sc, nil)
			n.Step = b.expr(o.InRange.Args[2], sc, nil)
		}
	} else {
		if o.From != nil {
			n.From = b.expr(o.From, sc, nil)
		}
		if o.To != nil {
			n.To = b.expr(o.To, sc, nil)
		}
		if o.Step != nil {
			n.Step = b.expr(o.Step, sc, nil)
		} else {
			b.errorf(o.Pos(), "KS107", "make-series needs a step.")
			ok = false
		}
	}
	name := exprName(o.Axis, row, sc)
	if name == "" {
		name = nm.generate()
	}
	if name, good := nm.add(name, false, o.Axis.Pos()); good {
		n.Out = append(n.Out, types.Column{Name: name, Type: types.Dynamic})
	}
	if !ok {
		return b.opaque(o, []plan.Node{in}, n.Out)
	}
	return n
}

// paramText is an operator parameter's value as text ("" when absent).
func paramText(p *syntax.NamedParam) string {
	if p == nil {
		return ""
	}
	return propText(p.Value)
}

// mvApply binds mv-apply: the sub-query runs over the expansion of each
// input row; input columns that were not expanded and that the sub-query
// dropped are added back in front of its result.
func (b *binder) mvApply(o *syntax.MvApplyOp, in plan.Node, sc *scope) plan.Node {
	src, cols, ok := b.expandItems(o.Items, in, sc)
	if !ok {
		return nil
	}
	s := src.Schema()
	out := append(types.Schema(nil), s...)
	expanded := map[int]bool{}
	for _, c := range cols {
		out[c.Index].Type = c.T
		expanded[c.Index] = true
	}
	exp := &plan.MvExpand{Input: src, Cols: cols, BagExpansion: "bag", Out: out}
	if o.ItemIndex != nil {
		exp.ItemIndex = o.ItemIndex.Name
		exp.Out = append(exp.Out, types.Column{Name: o.ItemIndex.Name, Type: types.Long})
	}
	if o.Limit != nil {
		exp.Limit, _ = b.constInt(o.Limit, sc, "The limit of mv-apply")
	}
	sub := b.tabular(o.Subquery, sc, &plan.ApplyRows{Out: exp.Out})
	if sub == nil {
		return nil
	}
	subS := sub.Schema()
	n := &plan.MvApply{Input: src, Expand: exp, Sub: sub}
	for i, c := range s {
		if !expanded[i] && subS.Index(c.Name) < 0 {
			n.Carry = append(n.Carry, i)
			n.Out = append(n.Out, c)
		}
	}
	n.Out = append(n.Out, subS...)
	return mvApplyOrder(n, s, expanded)
}

// mvApplyOrder puts mv-apply's columns in Kusto's order: the input's
// columns that were not expanded, in input order (the subquery's value
// when it gives the same name), then the subquery's other columns.
func mvApplyOrder(n *plan.MvApply, in types.Schema, expanded map[int]bool) plan.Node {
	var order []int
	used := make([]bool, len(n.Out))
	for i, c := range in {
		if expanded[i] {
			continue
		}
		if j := n.Out.Index(c.Name); j >= 0 && !used[j] {
			order, used[j] = append(order, j), true
		}
	}
	for j := range n.Out {
		if !used[j] {
			order = append(order, j)
		}
	}
	identity := true
	for k, j := range order {
		identity = identity && k == j
	}
	if identity {
		return n
	}
	p := &plan.Project{Input: n}
	for _, j := range order {
		c := n.Out[j]
		p.Exprs = append(p.Exprs, &plan.ColRef{Index: j, Name: c.Name, T: c.Type})
		p.Out = append(p.Out, c)
	}
	return p
}

// constStrings reads a constant dynamic array of strings.
func (b *binder) constStrings(x syntax.Expr, sc *scope) ([]string, bool) {
	e := b.expr(x, sc, nil)
	v, ok := constValue(e)
	if !ok {
		return nil, false
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, a := range arr {
		s, ok := a.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
