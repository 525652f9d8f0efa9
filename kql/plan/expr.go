// Package plan is the typed logical plan: what the binder produces and
// every executor (local vectorized, ClickHouse SQL) consumes. Nodes carry
// their output schema; expressions carry their type and reference input
// columns by position, so no executor ever resolves a name.
package plan

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Expr is a typed scalar expression over the columns of one input.
type Expr interface {
	Type() types.Type
	String() string
}

// ColRef reads input column Index.
type ColRef struct {
	Index int
	Name  string
	T     types.Type
}

// Const is a constant, boxed as described in package value (nil = null).
type Const struct {
	Value any
	T     types.Type
}

// Call applies a scalar, window or operator function. Bound comes from the
// catalog; Args are already of the types Bound.ArgTypes asked for (the
// binder inserts Convert nodes).
type Call struct {
	Fn    *functions.Func
	Bound *functions.Bound
	Args  []Expr
}

// Convert changes an expression's type with Kusto's conversion rules (as
// tostring, tolong, todouble, ... do). The binder inserts it for implicit
// promotions (int to long, long to real) and explicit conversions.
type Convert struct {
	X Expr
	T types.Type
}

// InSubquery is `X in (tabular)`: the first column of Sub is the set.
type InSubquery struct {
	X               Expr
	Sub             Node
	Negated         bool
	CaseInsensitive bool
}

// ScalarSubquery is toscalar(tabular): the first column of the first row
// of Sub, or null when Sub is empty.
type ScalarSubquery struct {
	Sub Node
	T   types.Type
}

func (e *ColRef) Type() types.Type         { return e.T }
func (e *Const) Type() types.Type          { return e.T }
func (e *Call) Type() types.Type           { return e.Bound.Type }
func (e *Convert) Type() types.Type        { return e.T }
func (e *InSubquery) Type() types.Type     { return types.Bool }
func (e *ScalarSubquery) Type() types.Type { return e.T }

func (e *ColRef) String() string { return fmt.Sprintf("%s#%d", e.Name, e.Index) }
func (e *Const) String() string {
	if e.Value == nil {
		return e.T.String() + "(null)"
	}
	return fmt.Sprintf("%s(%v)", e.T, e.Value)
}
func (e *Call) String() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	return e.Fn.Name + "(" + strings.Join(args, ", ") + ")"
}
func (e *Convert) String() string { return fmt.Sprintf("to%s(%s)", e.T, e.X) }
func (e *InSubquery) String() string {
	op := "in"
	if e.CaseInsensitive {
		op += "~"
	}
	if e.Negated {
		op = "!" + op
	}
	return fmt.Sprintf("%s %s (subquery)", e.X, op)
}
func (e *ScalarSubquery) String() string { return "toscalar(subquery)" }
