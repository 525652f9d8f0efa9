package semantic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// callExpr binds a function call in a scalar context: a user function, a
// binder special form (toscalar, column_ifexists), or a catalog function.
func (b *binder) callExpr(x *syntax.Call, sc *scope, row *rowCtx) plan.Expr {
	id, ok := x.Fun.(*syntax.Ident)
	if !ok {
		b.unsupported(x.Pos(), "calling a function of another database")
		return bad()
	}
	if sym := sc.lookup(id.Name); sym != nil {
		if sym.kind != symFunc {
			b.errorf(id.Pos(), "KS211", "The name '%s' does not refer to any known function.", id.Name)
			return bad()
		}
		v := b.invoke(sym, x.Args, nil, sc, row, x.Pos())
		if v.expr != nil {
			return v.expr
		}
		if v.node != nil {
			b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		}
		return bad()
	}
	if _, ok := b.env.TableFuncs[id.Name]; ok {
		b.errorf(x.Pos(), "KS108", "Scalar value expected: '%s' gives a table.", id.Name)
		return bad()
	}
	if e, ok := b.graphCall(x, id, sc, row); ok { // graph_match.go
		return e
	}
	switch id.Name {
	case "toscalar":
		return b.toscalar(x, sc, row)
	case "column_ifexists", "columnifexists":
		return b.columnIfExists(x, sc, row)
	case "column_names_of":
		return b.columnNamesOf(x, sc)
	case "bin_auto":
		return b.binAuto(x, sc, row)
	case "materialize", "table", "database", "cluster", "view", "externaldata":
		b.errorf(x.Pos(), "KS108", "Scalar value expected.")
		return bad()
	}
	fn, ok := functions.Lookup(id.Name)
	if !ok {
		b.errorf(id.Pos(), "KS211", "The name '%s' does not refer to any known function.", id.Name)
		return bad()
	}
	if sf, ok := functions.Lookup("scalar " + id.Name); ok && fn.Kind == functions.Aggregate && (row == nil || row.agg == nil) {
		fn = sf // the scalar form of an aggregate (merge_tdigest(a, b)), see aggregates.ScalarFormPrefix
	}
	if fn.Kind == functions.Aggregate {
		if row == nil || row.agg == nil {
			b.errorf(id.Pos(), "KS144", "The aggregate function '%s' is not allowed in this context.", id.Name)
			return bad()
		}
		return row.agg.nested(b, fn, x, sc)
	}
	argx := x.Args
	if id.Name == "pack_all" {
		// pack_all() packs every column: its arguments are the row's
		// columns, marked FromStar, after the optional flag.
		argx = append(append([]syntax.Expr(nil), x.Args...), &syntax.Star{Star: x.Rparen})
	}
	args, infos, ok := b.callArgs(argx, sc, row)
	if !ok {
		return bad()
	}
	bound, err := fn.Bind(infos)
	if err != nil {
		b.callError(id.Pos(), id.Name, err)
		return bad()
	}
	if fn.Kind == functions.Window && row != nil && !row.window {
		row.window, row.windowFn, row.windowPos = true, id.Name, id.Pos()
	}
	return b.finishCall(fn, bound, args)
}

// callArgs binds the arguments of a scalar call. Named arguments
// (`name = value`) are passed by position.
func (b *binder) callArgs(xs []syntax.Expr, sc *scope, row *rowCtx) ([]plan.Expr, []functions.Arg, bool) {
	args := make([]plan.Expr, 0, len(xs))
	infos := make([]functions.Arg, 0, len(xs))
	ok := true
	for _, a := range xs {
		if ne, isNamed := a.(*syntax.NamedExpr); isNamed && len(ne.Names) == 1 {
			a = ne.X
		}
		if _, isStar := a.(*syntax.Star); isStar {
			cols := rowCols(row)
			if row != nil && row.star != nil {
				cols = row.star
			}
			for i, c := range cols {
				e := &plan.ColRef{Index: i, Name: c.Name, T: c.Type}
				args = append(args, e)
				inf := argInfo(e, c.Name, rowCols(row))
				inf.FromStar = true
				infos = append(infos, inf)
			}
			continue
		}
		if to, isType := a.(*syntax.TypeOfExpr); isType {
			// typeof(T) reaches the catalog as a constant whose value is
			// the types.Type, and the plan as a null of type T.
			e := b.typeOfConst(to)
			args = append(args, e)
			inf := argInfo(e, "", rowCols(row))
			if !isBad(e) {
				inf.Value = e.Type()
			}
			infos = append(infos, inf)
			continue
		}
		e := b.expr(a, sc, row)
		if isBad(e) {
			ok = false
		}
		args = append(args, e)
		infos = append(infos, argInfo(e, exprName(a, row, sc), rowCols(row)))
	}
	return args, infos, ok
}

// typeOfConst turns typeof(T) into a null of type T, the way type
// arguments (extractjson(..., typeof(long))) are passed to the catalog.
func (b *binder) typeOfConst(x *syntax.TypeOfExpr) plan.Expr {
	if x.Type == nil || x.Type.Tabular {
		b.errorf(x.Pos(), "KS107", "A scalar type expected.")
		return bad()
	}
	t := b.typeRef(x.Type)
	if t == types.Unknown {
		return bad()
	}
	return &plan.Const{T: t}
}

// toscalar(T) is the first column of T's first row; toscalar(x) of a
// scalar is x.
func (b *binder) toscalar(x *syntax.Call, sc *scope, row *rowCtx) plan.Expr {
	args := x.Args
	for len(args) > 1 {
		// toscalar(kind=nonconcurrent, T): the hint does not matter here.
		if _, ok := args[0].(*syntax.NamedExpr); !ok {
			break
		}
		args = args[1:]
	}
	if len(args) != 1 {
		b.errorf(x.Pos(), "KS119", "The function 'toscalar' expects 1 argument.")
		return bad()
	}
	v := b.value(args[0], sc, nil)
	switch {
	case v.node != nil:
		s := v.node.Schema()
		if len(s) == 0 {
			b.errorf(args[0].Pos(), "KS108", "toscalar needs a tabular expression with at least one column.")
			return bad()
		}
		return &plan.ScalarSubquery{Sub: v.node, T: s[0].Type}
	case v.expr != nil:
		return v.expr
	}
	return bad()
}

// column_ifexists("Name", default) is the column when the row scope has
// it, else the default.
func (b *binder) columnIfExists(x *syntax.Call, sc *scope, row *rowCtx) plan.Expr {
	if len(x.Args) != 2 {
		b.errorf(x.Pos(), "KS119", "The function 'column_ifexists' expects 2 arguments.")
		return bad()
	}
	nameExpr := b.expr(x.Args[0], sc, nil)
	v, ok := constValue(nameExpr)
	name, isStr := v.(string)
	if !ok || !isStr {
		b.errorf(x.Args[0].Pos(), "KS107", "A constant value of type string expected.")
		return bad()
	}
	def := b.expr(x.Args[1], sc, row)
	if i, ok := row.column(name); ok {
		return &plan.ColRef{Index: i, Name: name, T: row.cols[i].Type}
	}
	return def
}

// catalogAgg looks up an aggregate function by name.
func catalogAgg(name string) (*functions.Func, bool) {
	fn, ok := functions.Lookup(name)
	if !ok || fn.Kind != functions.Aggregate {
		return nil, false
	}
	return fn, true
}
