package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// The pattern-mining plugins basket, autocluster and diffpatterns. All
// three take optional positional arguments where the string '~' asks
// for the default, and end with custom wildcards (one constant per
// type). Their result is a few counting columns, then the input's
// columns.

const (
	autoclusterReason  = "its Seed-Expand search starts from sampled seeds and keeps patterns by a score that the documentation does not define, so Kusto's patterns cannot be reproduced; evaluate basket() gives the exact frequent patterns instead"
	diffpatternsReason = "Kusto keeps 'a small set' of the patterns that differ between the two sets by a selection the documentation does not define, so its rows cannot be reproduced; compare the sets with evaluate basket() on each, or summarize count() by the columns and the split column"
)

// patternPlugin binds evaluate basket / autocluster / diffpatterns.
func (b *binder) patternPlugin(name string, call *syntax.Call, in plan.Node, sc *scope) plan.Node {
	if in == nil {
		b.errorf(call.Pos(), "KS205", "%s needs an input table.", name)
		return nil
	}
	inS := in.Schema()
	for _, a := range call.Args {
		if _, named := a.(*syntax.NamedExpr); named {
			b.errorf(a.Pos(), "KS107", "The plugin '%s' takes positional arguments only.", name)
			return nil
		}
	}
	args := call.Args
	var prefix types.Schema
	switch name {
	case "basket", "autocluster":
		prefix = types.Schema{{Name: "SegmentId", Type: types.Long}, {Name: "Count", Type: types.Long}, {Name: "Percent", Type: types.Real}}
	case "diffpatterns":
		prefix = types.Schema{{Name: "SegmentId", Type: types.Long}, {Name: "CountA", Type: types.Long}, {Name: "CountB", Type: types.Long},
			{Name: "PercentA", Type: types.Real}, {Name: "PercentB", Type: types.Real}, {Name: "PercentDiffAB", Type: types.Real}}
	}
	out := append(types.Schema(nil), prefix...)
	for _, c := range inS {
		if prefix.Index(c.Name) >= 0 {
			b.errorf(call.Pos(), "KS107", "The input of '%s' has a column named '%s', as its result does; rename the column (project-rename) first.", name, c.Name)
			return nil
		}
		out = append(out, c)
	}
	switch name {
	case "basket":
		return b.basket(args, in, sc, out)
	case "autocluster":
		// SizeWeight, WeightColumn, NumSeeds, CustomWildcard...
		if !b.patternReal(args, 0, sc) || !b.patternWeight(args, 1, inS, new(int)) || !b.patternInt(args, 2, sc, new(int)) {
			return nil
		}
		if _, ok := b.patternWildcards(args, 3, sc); !ok {
			return nil
		}
		return &plan.PatternPlugin{Input: in, Name: name, Reason: autoclusterReason, Out: out}
	}
	// diffpatterns(SplitColumn, SplitValueA, SplitValueB, WeightColumn,
	// Threshold, MaxDimensions, CustomWildcard...)
	if len(args) < 3 {
		b.errorf(call.Pos(), "KS120", "The function 'diffpatterns' expects at least 3 arguments: the split column and its two values.")
		return nil
	}
	if _, ok := b.columnArg(args[0], inS); !ok {
		return nil
	}
	for _, x := range args[1:3] {
		if v, ok := constValue(b.expr(x, sc, nil)); !ok || !isString(v) {
			b.errorf(x.Pos(), "KS107", "A value of type string expected.")
			return nil
		}
	}
	if !b.patternWeight(args, 3, inS, new(int)) || !b.patternReal(args, 4, sc) || !b.patternInt(args, 5, sc, new(int)) {
		return nil
	}
	if _, ok := b.patternWildcards(args, 6, sc); !ok {
		return nil
	}
	return &plan.PatternPlugin{Input: in, Name: name, Reason: diffpatternsReason, Out: out}
}

// basket binds basket([Threshold, WeightColumn, MaxDimensions,
// CustomWildcard, ...]). Range checks on the constants are left to the
// executor, as Kusto's binder accepts any number there.
func (b *binder) basket(args []syntax.Expr, in plan.Node, sc *scope, out types.Schema) plan.Node {
	n := &plan.Basket{Input: in, Threshold: 0.05, Weight: -1, MaxDims: 5, Out: out}
	if len(args) > 0 && !isTilde(args[0]) {
		if !b.patternReal(args, 0, sc) {
			return nil
		}
		v, _ := constValue(b.expr(args[0], sc, nil))
		n.Threshold, _ = toFloat(v)
	}
	if !b.patternWeight(args, 1, in.Schema(), &n.Weight) || !b.patternInt(args, 2, sc, &n.MaxDims) {
		return nil
	}
	w, ok := b.patternWildcards(args, 3, sc)
	if !ok {
		return nil
	}
	n.Wildcards = w
	return n
}

// isTilde reports the '~' argument that asks for a default.
func isTilde(x syntax.Expr) bool {
	l, ok := x.(*syntax.Literal)
	if !ok {
		return false
	}
	v, ok := l.Value.(string)
	return ok && v == "~"
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// patternReal checks the optional real argument at position i.
func (b *binder) patternReal(args []syntax.Expr, i int, sc *scope) bool {
	if i >= len(args) || isTilde(args[i]) {
		return true
	}
	e := b.expr(args[i], sc, nil)
	if isBad(e) {
		return false
	}
	v, ok := constValue(e)
	if _, num := toFloat(v); !ok || !num {
		b.errorf(args[i].Pos(), "KS107", "A value of type real expected.")
		return false
	}
	return true
}

// patternInt reads the optional integer argument at position i into dst.
func (b *binder) patternInt(args []syntax.Expr, i int, sc *scope, dst *int) bool {
	if i >= len(args) || isTilde(args[i]) {
		return true
	}
	e := b.expr(args[i], sc, nil)
	if isBad(e) {
		return false
	}
	v, _ := constValue(e)
	switch x := v.(type) {
	case int64:
		*dst = int(x)
		return true
	case int32:
		*dst = int(x)
		return true
	}
	b.errorf(args[i].Pos(), "KS134", "The expression value must be an integer.")
	return false
}

// patternWeight reads the optional weight column at position i into
// dst. Kusto's binder accepts a column of any type there; the executor
// checks it.
func (b *binder) patternWeight(args []syntax.Expr, i int, s types.Schema, dst *int) bool {
	if i >= len(args) || isTilde(args[i]) {
		return true
	}
	c, ok := b.columnArg(args[i], s)
	if !ok {
		return false
	}
	*dst = c
	return true
}

// patternWildcards reads the custom wildcards from position i on: '~'
// or a constant, at most one per type.
func (b *binder) patternWildcards(args []syntax.Expr, i int, sc *scope) ([]*plan.Const, bool) {
	var out []*plan.Const
	seen := map[types.Type]bool{}
	for ; i < len(args); i++ {
		if isTilde(args[i]) {
			continue
		}
		e := b.expr(args[i], sc, nil)
		if isBad(e) {
			return nil, false
		}
		c, ok := e.(*plan.Const)
		if !ok {
			b.errorf(args[i].Pos(), "KS107", "A custom wildcard must be a constant, such as '*' or int(-1).")
			return nil, false
		}
		if seen[c.T] {
			b.errorf(args[i].Pos(), "KS107", "Two custom wildcards of type %s; give at most one per type.", c.T)
			return nil, false
		}
		seen[c.T] = true
		out = append(out, c)
	}
	return out, true
}
