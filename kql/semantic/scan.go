package semantic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// scanOp binds the scan operator. Its steps see the current row (the
// input's columns and the declared ones) and, as StepName.Column, the
// state of their own step and of the steps before it. The output is the
// input with the declared columns appended, and the with_match_id column
// when one is named (the oracle always appends match_id; the
// documentation only with with_match_id).
func (b *binder) scanOp(o *syntax.ScanOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	n := &plan.ScanSteps{Input: in, OrderBy: b.sortKeys(o.OrderBy, in, sc)}
	ok := true
	for _, x := range o.PartitionBy {
		e := b.expr(x, sc, newRow(inS))
		b.checkGroupable(e, x.Pos(), nil)
		n.PartitionBy = append(n.PartitionBy, e)
	}
	for _, p := range o.Declare {
		name := p.Name.Name
		if inS.Index(name) >= 0 || n.Declared.Index(name) >= 0 {
			b.errorf(p.Name.Pos(), "KS171", "A column with the name '%s' is already declared.", name)
			ok = false
			continue
		}
		t := b.typeRef(p.Type)
		def := &plan.Const{T: t}
		if t == types.String {
			def.Value = ""
		}
		if p.Default != nil {
			e := b.expr(p.Default, sc, nil)
			k, isConst := convertTo(e, t).(*plan.Const)
			switch {
			case isBad(e):
				ok = false
			case !isConst || k.T != t || !functions.Assignable(e.Type(), t):
				b.errorf(p.Default.Pos(), "KS107", "The default of '%s' must be a constant of type %s.", name, t)
				ok = false
			default:
				def = k
			}
		}
		n.Declared = append(n.Declared, types.Column{Name: name, Type: t})
		n.Defaults = append(n.Defaults, def)
	}
	cur := append(append(types.Schema(nil), inS...), n.Declared...)
	width := len(cur)
	scope := append(types.Schema(nil), cur...)
	steps := map[string]int{}
	for i, st := range o.Steps {
		name := st.Name.Name
		if _, dup := steps[name]; dup {
			b.errorf(st.Name.Pos(), "KS171", "The scan step name '%s' is already used; step names must be unique.", name)
			ok = false
			continue
		}
		steps[name] = (i + 1) * width
		for _, c := range cur {
			scope = append(scope, types.Column{Name: name + "." + c.Name, Type: c.Type})
		}
		visible := make(map[string]int, len(steps))
		for k, v := range steps {
			visible[k] = v
		}
		row := &rowCtx{cols: scope, steps: visible, stepWidth: width}
		step, good := b.scanStep(st, sc, row, n.Declared, len(inS))
		ok = ok && good
		n.Steps = append(n.Steps, step)
	}
	n.Out = cur
	if o.MatchID != nil {
		if cur.Index(o.MatchID.Name) >= 0 {
			b.errorf(o.MatchID.Pos(), "KS171", "A column with the name '%s' is already declared.", o.MatchID.Name)
			ok = false
		}
		n.MatchID = o.MatchID.Name
		n.Out = append(n.Out, types.Column{Name: n.MatchID, Type: types.Long})
	}
	if !ok {
		return b.opaque(o, []plan.Node{in}, n.Out)
	}
	return n
}

// scanStep binds one step: its condition and its assignments to declared
// columns (converted to their types).
func (b *binder) scanStep(st *syntax.ScanStep, sc *scope, row *rowCtx, declared types.Schema, ninput int) (plan.ScanStep, bool) {
	step := plan.ScanStep{Name: st.Name.Name, Optional: st.Optional, Output: "all"}
	ok := true
	for _, p := range st.Params {
		if lowerName(p.Name) != "output" {
			b.errorf(p.NamePos, "KS107", "A scan step has no parameter '%s'; it takes output=all|last|none.", p.Name)
			ok = false
			continue
		}
		switch v := lowerName(propText(p.Value)); v {
		case "all", "last", "none":
			step.Output = v
		default:
			b.errorf(p.Value.Pos(), "KS107", "The output of a scan step is all, last or none, not '%s'.", v)
			ok = false
		}
	}
	step.Cond = b.expr(st.Cond, sc, row)
	if isBad(step.Cond) {
		ok = false
	} else if step.Cond.Type() != types.Bool {
		b.errorf(st.Cond.Pos(), "KS141", "The expression must have the type bool.")
		ok = false
	}
	for _, a := range st.Assigns {
		if len(a.Names) != 1 {
			b.errorf(a.Pos(), "KS107", "A scan assignment sets one column.")
			ok = false
			continue
		}
		name := a.Names[0].Name
		col := declared.Index(name)
		if col < 0 {
			b.errorf(a.Names[0].Pos(), "KS107", "scan can only assign the columns of its declare clause; '%s' is not one of them.", name)
			ok = false
			continue
		}
		e := b.expr(a.X, sc, row)
		if isBad(e) {
			ok = false
			continue
		}
		t := declared[col].Type
		if !functions.Assignable(e.Type(), t) {
			b.errorf(a.X.Pos(), "KS107", "A value of type %s expected for '%s', got %s.", t, name, e.Type())
			ok = false
			continue
		}
		step.Assigns = append(step.Assigns, plan.ScanAssign{Col: col, X: convertTo(e, t)})
	}
	return step, ok
}

// stepMember resolves `StepName.Column` inside a scan step to the
// column of that step's state, or returns nil when x is not one.
func (b *binder) stepMember(x *syntax.Member, row *rowCtx) plan.Expr {
	id, ok := x.X.(*syntax.Ident)
	if !ok || row == nil || row.steps == nil {
		return nil
	}
	base, ok := row.steps[id.Name]
	if !ok {
		return nil
	}
	i := row.cols[:row.stepWidth].Index(x.Name.Name)
	if i < 0 {
		b.errorf(x.Name.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name.Name)
		return bad()
	}
	c := row.cols[base+i]
	return &plan.ColRef{Index: base + i, Name: c.Name, T: c.Type}
}
