package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// macroExpand binds `macro-expand [kind=K] [isfuzzy=B] Group as X
// (Subquery)`: the union of Subquery run once per entity of the group,
// with X standing for that entity. Quarry has one database, and every
// database("d") reference reads it, so the one group it can serve is a
// single database entity: the subquery is then run once. A group of
// several entities would union the same tables several times, which is
// not what Kusto computes over distinct databases; it is refused.
func (b *binder) macroExpand(o *syntax.MacroExpandOp, in plan.Node, sc *scope) plan.Node {
	if in != nil {
		b.unsupported(o.Pos(), "macro-expand after '|' (it takes no input: start the query with it)")
		return nil
	}
	group := b.entityGroup(o.EntityGroup, sc)
	if group == nil {
		return nil
	}
	if len(group.Args) != 1 {
		b.unsupported(group.Pos(), "macro-expand over an entity group of several entities (Quarry has a single database; list one)")
		return nil
	}
	if !isDatabaseRef(group.Args[0]) {
		b.unsupported(group.Args[0].Pos(), "macro-expand over an entity that is not a database (write database(\"name\"))")
		return nil
	}
	if o.As == nil || o.Subquery == nil {
		return nil // a syntax error, reported by the parser
	}
	inner := newScope(sc)
	inner.define(o.As.Name, &symbol{kind: symEntity})
	return b.tabular(o.Subquery, inner, nil)
}

// entityGroup resolves macro-expand's group: `entity_group [...]` written
// in place, or the name of a let-defined one.
func (b *binder) entityGroup(x syntax.Expr, sc *scope) *syntax.Call {
	if g := entityGroupCall(x); g != nil {
		return g
	}
	if id, ok := x.(*syntax.Ident); ok {
		if sym := sc.lookup(id.Name); sym != nil && sym.kind == symEntityGroup {
			return sym.group
		}
		b.errorf(id.Pos(), "KS204", "The name '%s' does not refer to any known entity group. Define it with `let %s = entity_group [database(\"name\")];`.", id.Name, id.Name)
		return nil
	}
	if x != nil {
		b.errorf(x.Pos(), "KS205", "An entity group expected: entity_group [database(\"name\"), ...] or the name of one.")
	}
	return nil
}

// entityGroupCall returns x as an `entity_group [...]` (parsed as a call
// of entity_group), or nil.
func entityGroupCall(x syntax.Expr) *syntax.Call {
	c, ok := x.(*syntax.Call)
	if !ok {
		return nil
	}
	if id, ok := c.Fun.(*syntax.Ident); ok && id.Name == "entity_group" {
		return c
	}
	return nil
}

// isEntityAlias reports whether x is the entity alias of an enclosing
// macro-expand, so that X.T reads table T of the entity.
func isEntityAlias(x syntax.Expr, sc *scope) bool {
	id, ok := x.(*syntax.Ident)
	if !ok {
		return false
	}
	sym := sc.lookup(id.Name)
	return sym != nil && sym.kind == symEntity
}

// entityMisused reports an entity group or alias used as a value.
func (b *binder) entityMisused(x *syntax.Ident) {
	b.errorf(x.Pos(), "KS204", "'%s' is an entity group or entity: it can only be used by macro-expand (`macro-expand G as X (X.Table | ...)`).", x.Name)
}
