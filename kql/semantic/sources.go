package semantic

import (
	"strconv"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// print computes one row; unnamed expressions are print_0, print_1, ...
// by their position. A function with several results gives one column per
// result, named by the function, or only as many as names are written.
func (b *binder) print(o *syntax.PrintOp, sc *scope) plan.Node {
	row := newRow(nil)
	var out types.Schema
	var exprs []plan.Expr
	used := map[string]bool{}
	add := func(name string, e plan.Expr, pos syntax.Pos) {
		if used[name] {
			b.errorf(pos, "KS171", "A column with the name '%s' is already declared.", name)
			return
		}
		used[name] = true
		out = append(out, types.Column{Name: name, Type: e.Type()})
		exprs = append(exprs, e)
	}
	for i, it := range o.Exprs {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		call, ok := b.multiResult(e, x, len(names), false)
		if !ok {
			continue
		}
		if call != nil {
			n := len(call.Bound.Outputs)
			if len(names) > 0 {
				n = len(names)
			}
			for j, part := range b.outputParts(call, n, x.Pos(), row) {
				if j < len(names) {
					add(names[j].Name, part, names[j].Pos())
				} else if name := call.Bound.Outputs[j].Name; name != "" {
					add(uniqueName(name, used), part, it.Pos())
				} else {
					add(uniqueName("print_"+strconv.Itoa(i), used), part, it.Pos())
				}
			}
			continue
		}
		name := "print_" + strconv.Itoa(i)
		if len(names) == 1 {
			name = names[0].Name
		}
		add(name, e, it.Pos())
	}
	// One row is in order: print may call window functions.
	one := oneRow()
	b.ordered[one] = true
	return &plan.Project{Input: one, Exprs: exprs, Out: out, Window: row.window}
}

// rangeOp binds `range x from A to B step S`. The column is datetime or
// timespan when A is, real when A or B is, else long.
func (b *binder) rangeOp(o *syntax.RangeOp, sc *scope) plan.Node {
	from := b.expr(o.From, sc, nil)
	to := b.expr(o.To, sc, nil)
	step := b.expr(o.Step, sc, nil)
	if isBad(from) || isBad(to) || isBad(step) {
		return &plan.Range{Out: types.Schema{{Name: o.Name.Name, Type: types.Unknown}}, From: from, To: to, Step: step}
	}
	var t types.Type
	switch ft := from.Type(); {
	case ft.IsTemporal():
		t = ft
		if to.Type() != ft {
			b.errorf(o.To.Pos(), "KS107", "A value of type %s expected.", ft)
		}
		if step.Type() != types.TimeSpan {
			b.errorf(o.Step.Pos(), "KS107", "A value of type timespan expected.")
		}
	case ft.IsNumeric() && to.Type().IsNumeric() && step.Type().IsNumeric():
		t = types.Long
		if ft == types.Real || to.Type() == types.Real || ft == types.Decimal || to.Type() == types.Decimal {
			t = types.Real
		}
		from, to, step = convertTo(from, t), convertTo(to, t), convertTo(step, t)
	default:
		b.errorf(o.From.Pos(), "KS107", "range needs numbers, datetimes or timespans.")
		t = types.Unknown
	}
	return &plan.Range{Out: types.Schema{{Name: o.Name.Name, Type: t}}, From: from, To: to, Step: step}
}

// datatable binds a literal table; every value must be a constant of the
// column's type (numbers convert).
func (b *binder) datatable(o *syntax.DataTableOp, sc *scope) plan.Node {
	out := b.columnDecls(o.Columns)
	n := &plan.Values{Out: out}
	if len(out) == 0 {
		return n
	}
	if len(o.Values)%len(out) != 0 {
		b.errorf(o.Pos(), "KS107", "datatable has %d values, which is not a multiple of its %d columns.", len(o.Values), len(out))
	}
	var cur []any
	for i, vx := range o.Values {
		c := out[i%len(out)]
		e := b.expr(vx, sc, nil)
		v, ok := constValue(e)
		if !ok {
			if !isBad(e) {
				b.errorf(vx.Pos(), "KS107", "A constant value expected in datatable.")
			}
		} else if e.Type() != c.Type {
			v = b.datatableValue(vx.Pos(), v, e.Type(), c.Type)
		}
		cur = append(cur, v)
		if len(cur) == len(out) {
			n.Rows = append(n.Rows, cur)
			cur = nil
		}
	}
	return n
}

// columnDecls turns `(a:string, b:long)` into a schema.
func (b *binder) columnDecls(cols []*syntax.ColumnDecl) types.Schema {
	var out types.Schema
	seen := map[string]bool{}
	for _, c := range cols {
		if seen[c.Name.Name] {
			b.errorf(c.Pos(), "KS171", "A column with the name '%s' is already declared.", c.Name.Name)
			continue
		}
		seen[c.Name.Name] = true
		out = append(out, types.Column{Name: c.Name.Name, Type: b.typeRef(c.Type)})
	}
	return out
}

// externalData binds externaldata; its rows are fetched by the executor.
func (b *binder) externalData(o *syntax.ExternalDataOp, sc *scope) plan.Node {
	n := &plan.ExternalData{Out: b.columnDecls(o.Columns), Props: map[string]string{}}
	for _, u := range o.URIs {
		e := b.expr(u, sc, nil)
		v, _ := constValue(e)
		s, ok := v.(string)
		if !ok {
			if !isBad(e) {
				b.errorf(u.Pos(), "KS107", "A constant value of type string expected.")
			}
			continue
		}
		n.URIs = append(n.URIs, s)
	}
	for _, p := range o.Props {
		n.Props[p.Name] = propText(p.Value)
	}
	return n
}

// datatableValue converts a datatable value to its column's type. Numbers
// convert to each other and, as Kusto accepts, to their text in a string
// column; anything goes into a dynamic column.
func (b *binder) datatableValue(pos syntax.Pos, v any, from, to types.Type) any {
	if v == nil {
		cv, _ := plan.ConvertConst(nil, from, to)
		return cv
	}
	if from.IsNumeric() && to == types.String {
		switch x := v.(type) {
		case int32:
			return strconv.FormatInt(int64(x), 10)
		case int64:
			return strconv.FormatInt(x, 10)
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	if from.IsNumeric() == to.IsNumeric() || to == types.Dynamic {
		if cv, ok := plan.ConvertConst(v, from, to); ok {
			return cv
		}
	}
	b.errorf(pos, "KS107", "A value of type %s expected.", to)
	return nil
}
