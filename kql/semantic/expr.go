package semantic

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// bad is the expression that stands for one that failed to bind (its
// error has been reported). Its type, Unknown, is accepted everywhere so
// that one mistake gives one error.
func bad() plan.Expr { return &plan.Const{T: types.Unknown} }

func isBad(e plan.Expr) bool { return e == nil || e.Type() == types.Unknown }

// expr binds a scalar expression in the row scope row (nil: no columns).
func (b *binder) expr(x syntax.Expr, sc *scope, row *rowCtx) plan.Expr {
	switch x := x.(type) {
	case *syntax.Ident:
		return b.ident(x, sc, row)
	case *syntax.Literal:
		return b.literal(x)
	case *syntax.Paren:
		return b.expr(x.X, sc, row)
	case *syntax.Unary:
		e := b.expr(x.X, sc, row)
		if x.Op == syntax.OpAdd {
			if !isBad(e) && !e.Type().IsNumeric() && !e.Type().IsTemporal() && e.Type() != types.Dynamic {
				b.errorf(x.OpPos, "KS106", "The operator '+' is not defined for the operand type %s.", e.Type())
				return bad()
			}
			return e
		}
		return b.operator("neg", "-", x.OpPos, []plan.Expr{e}, row)
	case *syntax.Binary:
		return b.binary(x, sc, row)
	case *syntax.InExpr:
		return b.inExpr(x, sc, row)
	case *syntax.HasAnyExpr:
		return b.hasAny(x, sc, row)
	case *syntax.BetweenExpr:
		name := "between"
		if x.Negated {
			name = "!between"
		}
		args := []plan.Expr{b.expr(x.X, sc, row), b.expr(x.Lo, sc, row), b.expr(x.Hi, sc, row)}
		return b.operator(name, name, x.OpPos, args, row)
	case *syntax.Call:
		return b.callExpr(x, sc, row)
	case *syntax.Member:
		return b.member(x, sc, row)
	case *syntax.Index:
		base := b.expr(x.X, sc, row)
		idx := b.expr(x.Index, sc, row)
		if isBad(base) || isBad(idx) {
			return bad()
		}
		if base.Type() != types.Dynamic {
			b.errorf(x.X.Pos(), "KS141", "The expression must have the type dynamic.")
			return bad()
		}
		return b.operator("__index", "[]", x.Lbrack, []plan.Expr{base, idx}, row)
	case *syntax.BadExpr:
		return bad()
	case *syntax.Star:
		b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		return bad()
	case *syntax.NamedExpr:
		b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		return bad()
	case *syntax.TypeOfExpr:
		b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		return bad()
	case *syntax.PipeExpr, *syntax.FuncLit:
		b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		return bad()
	}
	b.errorf(x.Pos(), "KS108", "Scalar value expected.")
	return bad()
}

// ident resolves a name in a scalar context: a column of the row scope
// first (Kusto lets columns hide let names), then let names and
// parameters, then parameterless user functions.
func (b *binder) ident(x *syntax.Ident, sc *scope, row *rowCtx) plan.Expr {
	if i, ok := row.column(x.Name); ok {
		if e, ok := row.inline[i]; ok {
			return e
		}
		return &plan.ColRef{Index: i, Name: x.Name, T: row.cols[i].Type}
	}
	if sym := sc.lookup(x.Name); sym != nil {
		switch sym.kind {
		case symScalar:
			if sym.row != nil && sym.row != row {
				b.errorf(x.Pos(), "KS223", "can't use '%s' as it is defined outside its row-context scope.", x.Name)
				return bad()
			}
			return sym.expr
		case symFunc:
			v := b.invokeBare(sym, sc, row, x.Pos())
			if v.expr != nil {
				return v.expr
			}
			if v.node != nil {
				b.errorf(x.Pos(), "KS108", "Scalar value expected.")
			}
			return bad()
		default:
			b.errorf(x.Pos(), "KS108", "Scalar value expected.")
			return bad()
		}
	}
	if row != nil && row.open != nil {
		i := row.open(x.Name)
		return &plan.ColRef{Index: i, Name: x.Name, T: row.cols[i].Type}
	}
	b.errorf(x.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name)
	return bad()
}

// binary binds `X op Y` through the catalog's operator functions.
func (b *binder) binary(x *syntax.Binary, sc *scope, row *rowCtx) plan.Expr {
	if _, ok := x.X.(*syntax.Star); ok {
		// `* has "x"`: the operator over every column.
		r := b.expr(x.Y, sc, row)
		if isBad(r) {
			return bad()
		}
		op := x.Op.String()
		if x.Op == syntax.OpColon {
			op = "has"
		}
		return b.starOp(op, r, x.OpPos, row)
	}
	l := b.expr(x.X, sc, row)
	r := b.expr(x.Y, sc, row)
	name := x.Op.String()
	if x.Op == syntax.OpColon {
		name = "has" // `Col : "term"` in search predicates
	}
	return b.operator(name, x.Op.String(), x.OpPos, []plan.Expr{l, r}, row)
}

// operator calls the catalog's Operator function name (spelled display
// in errors) on already bound operands.
func (b *binder) operator(name, display string, pos syntax.Pos, args []plan.Expr, row *rowCtx) plan.Expr {
	for _, a := range args {
		if isBad(a) {
			return bad()
		}
	}
	fn, ok := functions.Lookup(name)
	if !ok {
		b.errorf(pos, codeUnsupported, "operator '%s' is not supported yet", display)
		return bad()
	}
	infos := make([]functions.Arg, len(args))
	for i, a := range args {
		infos[i] = argInfo(a, "", rowCols(row))
	}
	bound, err := fn.Bind(infos)
	if err != nil {
		if len(args) == 2 {
			b.errorf(pos, "KS106", "The operator '%s' is not defined for the operand types %s and %s.", display, args[0].Type(), args[1].Type())
		} else if len(args) == 1 {
			b.errorf(pos, "KS106", "The operator '%s' is not defined for the operand type %s.", display, args[0].Type())
		} else {
			b.errorf(pos, "KS106", "%s", err.Error())
		}
		return bad()
	}
	return b.finishCall(fn, bound, args)
}

// finishCall inserts the conversions the function asked for and folds
// calls whose arguments are all constant.
func (b *binder) finishCall(fn *functions.Func, bound *functions.Bound, args []plan.Expr) plan.Expr {
	if bound.Type == types.Unknown {
		bound.Type = types.Dynamic
	}
	for i := range args {
		if i < len(bound.ArgTypes) {
			args[i] = convertTo(args[i], bound.ArgTypes[i])
		}
	}
	call := &plan.Call{Fn: fn, Bound: bound, Args: args}
	if len(bound.Outputs) > 0 {
		// Kept as a call: its named results become columns of their own.
		return call
	}
	return plan.FoldCall(call)
}

// convertTo wraps e in a conversion to t unless it already has that type
// (or t is Unknown: no conversion wanted).
func convertTo(e plan.Expr, t types.Type) plan.Expr {
	if t == types.Unknown || e.Type() == t || e.Type() == types.Unknown {
		return e
	}
	if c, ok := e.(*plan.Const); ok {
		if v, ok := plan.ConvertConst(c.Value, c.T, t); ok {
			return &plan.Const{Value: v, T: t}
		}
	}
	return &plan.Convert{X: e, T: t}
}

func rowCols(row *rowCtx) types.Schema {
	if row == nil {
		return nil
	}
	return row.cols
}

// argInfo describes a bound argument to the catalog.
func argInfo(e plan.Expr, name string, cols types.Schema) functions.Arg {
	a := functions.Arg{Type: e.Type(), Name: name, Columns: cols}
	if c, ok := e.(*plan.Const); ok {
		a.IsConst = true
		a.Value = c.Value
	}
	return a
}

// member binds `X.Name`: a property of a dynamic value.
func (b *binder) member(x *syntax.Member, sc *scope, row *rowCtx) plan.Expr {
	if e := b.stepMember(x, row); e != nil {
		return e
	}
	if e, ok := b.graphMember(x, row); ok { // graph_match.go
		return e
	}
	if id, ok := x.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
		b.errorf(id.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", id.Name)
		return bad()
	}
	base := b.expr(x.X, sc, row)
	if isBad(base) {
		return bad()
	}
	if base.Type() != types.Dynamic {
		b.errorf(x.Name.Pos(), "KS142", "The name '%s' does not refer to any known column, table, variable or function.", x.Name.Name)
		return bad()
	}
	key := &plan.Const{Value: x.Name.Name, T: types.String}
	return b.operator("__member", ".", x.Dot, []plan.Expr{base, key}, row)
}

// callError turns a catalog Bind error into a Kusto-style diagnostic.
func (b *binder) callError(pos syntax.Pos, name string, err error) {
	msg := err.Error()
	code := "KS107"
	if containsAll(msg, "expect", "argument") {
		code = "KS119"
	}
	b.errorf(pos, code, "%s", msg)
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !containsFold(s, x) {
			return false
		}
	}
	return true
}

func containsFold(s, sub string) bool {
	n, m := len(s), len(sub)
	for i := 0; i+m <= n; i++ {
		ok := true
		for j := 0; j < m; j++ {
			c1, c2 := s[i+j], sub[j]
			if 'A' <= c1 && c1 <= 'Z' {
				c1 += 'a' - 'A'
			}
			if 'A' <= c2 && c2 <= 'Z' {
				c2 += 'a' - 'A'
			}
			if c1 != c2 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// constValue returns the value of a constant expression.
func constValue(e plan.Expr) (any, bool) {
	if c, ok := e.(*plan.Const); ok && c.T != types.Unknown {
		return c.Value, true
	}
	return nil, false
}

// constInt reads a constant integer (take N, top N, ...).
func (b *binder) constInt(x syntax.Expr, sc *scope, what string) (int64, bool) {
	e := b.expr(x, sc, nil)
	if isBad(e) {
		return 0, false
	}
	v, ok := constValue(e)
	if ok {
		switch n := v.(type) {
		case int64:
			return n, true
		case int32:
			return int64(n), true
		case float64:
			return int64(n), true
		}
	}
	b.errorf(x.Pos(), "KS107", "%s must be a constant integer.", what)
	return 0, false
}

var _ = fmt.Sprintf
