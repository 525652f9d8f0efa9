package semantic

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// aggCollector gathers the aggregate calls of one summarize. Aggregates
// nested in a larger expression (`count() * 2`, `round(avg(x), 2)`) are
// computed as hidden columns of the Aggregate and combined by a Project
// above it.
type aggCollector struct {
	input types.Schema
	nkeys int
	aggs  []plan.AggCall
	outs  types.Schema // the Aggregate's output columns after the keys
}

// add appends an aggregate's output columns and returns the position of
// the first in the Aggregate's output.
func (c *aggCollector) add(call plan.AggCall, outs types.Schema) int {
	at := c.nkeys + len(c.outs)
	c.aggs = append(c.aggs, call)
	c.outs = append(c.outs, outs...)
	return at
}

// nested binds an aggregate used inside an expression and returns a
// reference to its result.
func (c *aggCollector) nested(b *binder, fn *functions.Func, x *syntax.Call, sc *scope) plan.Expr {
	call, _, ok := b.bindAgg(fn, x, sc, c.input, nil)
	if !ok {
		return bad()
	}
	if len(call.Bound.Outputs) > 1 {
		b.errorf(x.Pos(), "KS108", "The aggregate '%s' gives several columns and cannot be used inside an expression.", fn.Name)
		return bad()
	}
	t := call.Bound.Type
	if len(call.Bound.Outputs) == 1 {
		t = call.Bound.Outputs[0].Type
	}
	name := "__agg" + strconv.Itoa(len(c.outs))
	at := c.add(call, types.Schema{{Name: name, Type: t}})
	return &plan.ColRef{Index: at, Name: name, T: t}
}

// bindAgg binds an aggregate call's arguments over the input rows. A `*`
// argument expands to the input columns except those in exclude and
// those the call names explicitly (arg_max(Timestamp, *) lists Timestamp
// once).
func (b *binder) bindAgg(fn *functions.Func, x *syntax.Call, sc *scope, in types.Schema, exclude map[string]bool) (plan.AggCall, []functions.Arg, bool) {
	row := newRow(in)
	explicit := map[string]bool{}
	for _, a := range x.Args {
		if id, ok := a.(*syntax.Ident); ok && in.Index(id.Name) >= 0 {
			explicit[id.Name] = true
		}
	}
	var args []plan.Expr
	var infos []functions.Arg
	ok := true
	for _, a := range x.Args {
		if ne, isNamed := a.(*syntax.NamedExpr); isNamed && len(ne.Names) == 1 {
			a = ne.X
		}
		if _, isStar := a.(*syntax.Star); isStar {
			for i, c := range in {
				if exclude[c.Name] || explicit[c.Name] {
					continue
				}
				e := &plan.ColRef{Index: i, Name: c.Name, T: c.Type}
				inf := argInfo(e, c.Name, in)
				inf.FromStar = true
				args = append(args, e)
				infos = append(infos, inf)
			}
			if len(x.Args) == 1 {
				// count(*) and the like: a lone star is an argument of its own.
				infos = append(infos[:0:0], functions.Arg{Star: true, Columns: in})
				args = nil
			}
			continue
		}
		e := b.expr(a, sc, row)
		if isBad(e) {
			ok = false
		}
		args = append(args, e)
		infos = append(infos, argInfo(e, exprName(a, row, sc), in))
	}
	if !ok {
		return plan.AggCall{}, nil, false
	}
	bound, err := fn.Bind(infos)
	if err != nil {
		b.callError(x.Fun.Pos(), fn.Name, err)
		return plan.AggCall{}, nil, false
	}
	if bound.Type == types.Unknown && len(bound.Outputs) == 0 {
		bound.Type = types.Dynamic
	}
	for i := range args {
		if i < len(bound.ArgTypes) {
			args[i] = convertTo(args[i], bound.ArgTypes[i])
		}
	}
	return plan.AggCall{Fn: fn, Bound: bound, Args: args}, infos, true
}

// aggOutputNames names the columns of a multi-column aggregate: the
// catalog's names where it gives them, else each argument's name.
func aggOutputNames(fn *functions.Func, bound *functions.Bound, infos []functions.Arg) []string {
	out := make([]string, len(bound.Outputs))
	rule := nameRules[fn.Name]
	prefix := rule.prefix
	if prefix == "" {
		prefix = fn.Name
	}
	var named []functions.Arg
	for _, a := range infos {
		if !a.Star {
			named = append(named, a)
		}
	}
	for i, o := range bound.Outputs {
		switch {
		case o.Name != "":
			out[i] = o.Name
		case len(bound.Outputs) == len(named) && named[i].Name != "":
			if rule.kind == prefixFirstArg {
				out[i] = prefix + "_" + named[i].Name
			} else {
				out[i] = named[i].Name
			}
		case strings.HasPrefix(fn.Name, "percentile") && len(named) > i+1 && named[i+1].IsConst:
			out[i] = percentileName(named[0].Name, named[i+1].Value)
		}
	}
	return out
}

// percentileName is percentile_X_95 (percentile_X_99_9 for 99.9).
func percentileName(arg string, v any) string {
	var s string
	switch x := v.(type) {
	case int64:
		s = strconv.FormatInt(x, 10)
	case int32:
		s = strconv.FormatInt(int64(x), 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		s = fmt.Sprint(v)
	}
	return "percentile_" + arg + "_" + strings.ReplaceAll(s, ".", "_")
}

// summarize groups by the `by` expressions and computes the aggregates:
// output columns are the keys, then the aggregates in order.
func (b *binder) summarize(o *syntax.SummarizeOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	row := b.rowFor(in)
	nm := b.newOut(nil)
	var keys []plan.Expr
	var keyCols types.Schema
	keyRefs := map[string]bool{}
	for _, it := range o.ByExprs {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		b.checkGroupable(e, x.Pos(), row)
		name, ok := nm.take(names, x, row, sc, it.Pos())
		if !ok {
			continue
		}
		if id, ok := x.(*syntax.Ident); ok && inS.Index(id.Name) >= 0 {
			keyRefs[id.Name] = true
		}
		keys = append(keys, e)
		keyCols = append(keyCols, types.Column{Name: name, Type: e.Type()})
	}

	coll := &aggCollector{input: inS, nkeys: len(keys)}
	var finalExprs []plan.Expr
	var finalCols types.Schema
	needProject := false
	for _, it := range o.Aggs {
		names, x := splitNamed(it)
		if call, fn := b.directAgg(x, sc); fn != nil {
			ac, infos, ok := b.bindAgg(fn, call, sc, inS, keyRefs)
			if !ok {
				continue
			}
			var outs types.Schema
			var implicit []string
			if len(ac.Bound.Outputs) > 0 {
				outs = append(types.Schema(nil), ac.Bound.Outputs...)
				implicit = aggOutputNames(fn, ac.Bound, infos)
			} else {
				outs = types.Schema{{Type: ac.Bound.Type}}
				implicit = []string{exprName(x, row, sc)}
			}
			// Inferred aggregate names are made unique (count_, count_1);
			// written ones must be.
			for i := range outs {
				if i < len(names) {
					outs[i].Name, _ = nm.add(names[i].Name, false, names[i].Pos())
				} else if implicit[i] != "" {
					outs[i].Name, _ = nm.add(implicit[i], true, it.Pos())
				} else {
					outs[i].Name, _ = nm.add(nm.generate(), true, it.Pos())
				}
			}
			at := coll.add(ac, outs)
			for i, c := range outs {
				finalExprs = append(finalExprs, &plan.ColRef{Index: at + i, Name: c.Name, T: c.Type})
				finalCols = append(finalCols, c)
			}
			continue
		}
		needProject = true
		post := &rowCtx{agg: coll}
		e := b.expr(x, sc, post)
		name, gen := nm.nameOf(names, x, row, sc)
		name, _ = nm.add(name, gen || len(names) == 0, it.Pos())
		finalExprs = append(finalExprs, e)
		finalCols = append(finalCols, types.Column{Name: name, Type: e.Type()})
	}
	agg := &plan.Aggregate{Input: in, Keys: keys, Aggs: coll.aggs, Out: append(append(types.Schema(nil), keyCols...), coll.outs...)}
	if !needProject {
		return agg
	}
	exprs := identity(keyCols)
	out := append(append(types.Schema(nil), keyCols...), finalCols...)
	exprs = append(exprs, finalExprs...)
	return &plan.Project{Input: agg, Exprs: exprs, Out: out}
}

// directAgg reports whether x is a call of a catalog aggregate (not
// hidden by a user function of the same name).
func (b *binder) directAgg(x syntax.Expr, sc *scope) (*syntax.Call, *functions.Func) {
	for {
		p, ok := x.(*syntax.Paren)
		if !ok {
			break
		}
		x = p.X
	}
	call, ok := x.(*syntax.Call)
	if !ok {
		return nil, nil
	}
	id, ok := call.Fun.(*syntax.Ident)
	if !ok || sc.lookup(id.Name) != nil {
		return nil, nil
	}
	fn, ok := catalogAgg(id.Name)
	if !ok {
		return nil, nil
	}
	return call, fn
}

// distinct is an Aggregate with keys only.
func (b *binder) distinct(o *syntax.DistinctOp, in plan.Node, sc *scope) plan.Node {
	inS := in.Schema()
	if len(o.Cols) == 1 {
		if star, ok := o.Cols[0].(*syntax.Star); ok {
			for _, k := range identity(inS) {
				b.checkGroupable(k, star.Pos(), nil)
			}
			return &plan.Aggregate{Input: in, Keys: identity(inS), Out: append(types.Schema(nil), inS...)}
		}
	}
	row := b.rowFor(in)
	nm := b.newOut(nil)
	var keys []plan.Expr
	var out types.Schema
	for _, it := range o.Cols {
		names, x := splitNamed(it)
		e := b.expr(x, sc, row)
		b.checkGroupable(e, x.Pos(), row)
		name, ok := nm.take(names, x, row, sc, it.Pos())
		if !ok {
			continue
		}
		keys = append(keys, e)
		out = append(out, types.Column{Name: name, Type: e.Type()})
	}
	return &plan.Aggregate{Input: in, Keys: keys, Out: out}
}

// checkGroupable rejects a dynamic grouping or ordering key (summarize
// by, distinct, sort by), as Kusto does: dynamic values have no equality
// or order of their own, so the key must be converted first.
func (b *binder) checkGroupable(e plan.Expr, pos syntax.Pos, row *rowCtx) {
	if c, ok := e.(*plan.ColRef); ok && row != nil && row.fromData[c.Name] {
		return
	}
	if !isBad(e) && e.Type() == types.Dynamic {
		b.errorf(pos, "KS116", "The value of type 'dynamic' is not allowed in this context. Convert it first, for example with tostring().")
	}
}
