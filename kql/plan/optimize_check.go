package plan

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/types"
)

// Check verifies a plan's internal consistency: every column reference
// is within its input and has the input column's type, and every node's
// bookkeeping (output lists, key positions, union maps) agrees with its
// schema. The binder's and the optimizer's tests run it on every plan
// they produce; executors may run it in debug builds.
func Check(n Node) error {
	return checkNode(n, map[Node]bool{})
}

func checkNode(n Node, seen map[Node]bool) error {
	if seen[n] {
		return nil
	}
	seen[n] = true
	for _, in := range n.Inputs() {
		if in == nil {
			return fmt.Errorf("%T has a nil input", n)
		}
		if err := checkNode(in, seen); err != nil {
			return err
		}
	}
	exprs := func(s types.Schema, xs ...Expr) error {
		for _, x := range xs {
			if err := checkExpr(x, s, seen); err != nil {
				return fmt.Errorf("%T: %v", n, err)
			}
		}
		return nil
	}
	switch n := n.(type) {
	case *Scan:
		for _, p := range n.Project {
			if p < 0 || p >= len(n.Columns) {
				return fmt.Errorf("scan of %s projects column %d of %d", n.Table, p, len(n.Columns))
			}
		}
	case *Filter:
		if n.Pred.Type() != types.Bool {
			return fmt.Errorf("filter predicate has type %s", n.Pred.Type())
		}
		return exprs(n.Input.Schema(), n.Pred)
	case *Project:
		if len(n.Exprs) != len(n.Out) {
			return fmt.Errorf("project has %d expressions for %d columns", len(n.Exprs), len(n.Out))
		}
		for i, e := range n.Exprs {
			if e.Type() != n.Out[i].Type {
				return fmt.Errorf("project column %s has type %s, its expression %s", n.Out[i].Name, n.Out[i].Type, e.Type())
			}
		}
		return exprs(n.Input.Schema(), n.Exprs...)
	case *Aggregate:
		outs := len(n.Keys)
		for _, a := range n.Aggs {
			if len(a.Bound.Outputs) > 0 {
				outs += len(a.Bound.Outputs)
			} else {
				outs++
			}
			if err := exprs(n.Input.Schema(), a.Args...); err != nil {
				return err
			}
		}
		if outs != len(n.Out) {
			return fmt.Errorf("aggregate computes %d columns for %d", outs, len(n.Out))
		}
		return exprs(n.Input.Schema(), n.Keys...)
	case *Join:
		ls, rs := n.Left.Schema(), n.Right.Schema()
		if len(n.LeftKeys) != len(n.RightKeys) {
			return fmt.Errorf("join has %d left keys and %d right keys", len(n.LeftKeys), len(n.RightKeys))
		}
		for i := range n.LeftKeys {
			if n.LeftKeys[i] < 0 || n.LeftKeys[i] >= len(ls) || n.RightKeys[i] < 0 || n.RightKeys[i] >= len(rs) {
				return fmt.Errorf("join key %d out of range", i)
			}
		}
		if len(n.OutCols) != len(n.Out) {
			return fmt.Errorf("join maps %d columns for %d", len(n.OutCols), len(n.Out))
		}
		for i, oc := range n.OutCols {
			s := ls
			if oc.Right {
				s = rs
			}
			if oc.Index < 0 || oc.Index >= len(s) || s[oc.Index].Type != n.Out[i].Type {
				return fmt.Errorf("join output %s does not match its source", n.Out[i].Name)
			}
		}
	case *Union:
		if len(n.Maps) != len(n.Parts) {
			return fmt.Errorf("union has %d maps for %d parts", len(n.Maps), len(n.Parts))
		}
		for p, m := range n.Maps {
			if len(m) != len(n.Out) {
				return fmt.Errorf("union map %d has %d entries for %d columns", p, len(m), len(n.Out))
			}
			ps := n.Parts[p].Schema()
			for c, src := range m {
				if src >= len(ps) || (src >= 0 && ps[src].Type != n.Out[c].Type) {
					return fmt.Errorf("union part %d column %d does not match", p, c)
				}
			}
		}
	case *Sort:
		for _, k := range n.Keys {
			if err := exprs(n.Input.Schema(), k.X); err != nil {
				return err
			}
		}
	case *Top:
		for _, k := range n.Keys {
			if err := exprs(n.Input.Schema(), k.X); err != nil {
				return err
			}
		}
	case *MvExpand:
		in := n.Input.Schema()
		for _, c := range n.Cols {
			if c.Index < 0 || c.Index >= len(in) || n.Out[c.Index].Type != c.T {
				return fmt.Errorf("mv-expand column %d does not match", c.Index)
			}
		}
	case *Parse:
		for _, c := range n.Cols {
			if c.Index < 0 || c.Index >= len(n.Out) || n.Out[c.Index].Type != c.T {
				return fmt.Errorf("parse column %d does not match", c.Index)
			}
		}
		return exprs(n.Input.Schema(), n.Source)
	}
	return nil
}

func checkExpr(e Expr, s types.Schema, seen map[Node]bool) error {
	switch x := e.(type) {
	case nil:
		return fmt.Errorf("nil expression")
	case *ColRef:
		if x.Index < 0 || x.Index >= len(s) {
			return fmt.Errorf("column %s#%d out of range (%d columns)", x.Name, x.Index, len(s))
		}
		if s[x.Index].Type != x.T {
			return fmt.Errorf("column %s#%d has type %s, the reference %s", x.Name, x.Index, s[x.Index].Type, x.T)
		}
	case *Call:
		for _, a := range x.Args {
			if err := checkExpr(a, s, seen); err != nil {
				return err
			}
		}
	case *Convert:
		return checkExpr(x.X, s, seen)
	case *InSubquery:
		if err := checkNode(x.Sub, seen); err != nil {
			return err
		}
		return checkExpr(x.X, s, seen)
	case *ScalarSubquery:
		return checkNode(x.Sub, seen)
	}
	return nil
}
