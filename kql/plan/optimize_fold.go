package plan

import (
	"math"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// volatile lists functions whose value is not fixed by their arguments
// (the clock, randomness, the row's position): they are never folded
// before the query runs, as their value belongs to execution.
var volatile = map[string]bool{
	"now": true, "ago": true, "rand": true, "new_guid": true, "newguid": true,
	"ingestion_time": true, "cursor_current": true, "current_cursor": true,
	"prev": true, "next": true, "row_number": true, "row_cumsum": true,
	"row_rank_dense": true, "row_rank_min": true, "row_window_session": true,
	"estimate_data_size": true, "hash_unique": true,
}

func isVolatile(name string) bool {
	return volatile[name] || strings.HasPrefix(name, "current_") || strings.HasPrefix(name, "row_")
}

// clockOnly lists the functions whose only hidden input is the query's
// now: they fold once now is fixed (Optimize), never at bind time.
var clockOnly = map[string]bool{"now": true, "ago": true}

// FoldCall evaluates a call whose arguments are all constants and returns
// the constant, or the call unchanged when it cannot be folded (a
// volatile function, an aggregate, or an evaluation error, which is left
// to execution to report).
func FoldCall(c *Call) Expr {
	if c.Fn == nil || isVolatile(c.Fn.Name) {
		return c
	}
	return foldCall(c, 0)
}

// foldWithNow is FoldCall with the query's now fixed, so that now() and
// ago(...) fold too.
func foldWithNow(c *Call, now int64) Expr {
	if c.Fn == nil || (isVolatile(c.Fn.Name) && !clockOnly[c.Fn.Name]) {
		return c
	}
	return foldCall(c, now)
}

func foldCall(c *Call, now int64) Expr {
	if c.Bound == nil || c.Bound.Eval == nil {
		return c
	}
	if c.Fn.Kind != functions.Scalar && c.Fn.Kind != functions.Operator {
		return c
	}
	args := make([]*column.Vector, len(c.Args))
	for i, a := range c.Args {
		k, ok := a.(*Const)
		if !ok || k.T == types.Unknown {
			return c
		}
		if !constFits(k) {
			return c
		}
		args[i] = column.Const(k.T, k.Value, 1)
	}
	v, ok := evalSafely(c.Bound.Eval, args, now)
	if !ok || v == nil || v.Len() < 1 {
		return c
	}
	return &Const{Value: v.Value(0), T: c.Bound.Type}
}

func evalSafely(k functions.ScalarKernel, args []*column.Vector, now int64) (v *column.Vector, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = nil, false
		}
	}()
	out, err := k(&functions.Ctx{Now: now}, args, 1)
	if err != nil {
		return nil, false
	}
	return out, true
}

// constFits reports whether a constant's boxed value matches its type, so
// that building a vector from it cannot go wrong.
func constFits(k *Const) bool {
	if k.Value == nil {
		return true
	}
	switch k.T {
	case types.Bool:
		_, ok := k.Value.(bool)
		return ok
	case types.Int:
		_, ok := k.Value.(int32)
		return ok
	case types.Long:
		_, ok := k.Value.(int64)
		return ok
	case types.Real:
		_, ok := k.Value.(float64)
		return ok
	case types.String:
		_, ok := k.Value.(string)
		return ok
	}
	return true
}

// ConvertConst converts a constant between types where the result is
// certain (nulls, numeric widening and narrowing, anything to dynamic);
// other conversions are left to execution.
func ConvertConst(v any, from, to types.Type) (any, bool) {
	if from == to {
		return v, true
	}
	if v == nil {
		if to == types.String {
			return "", true
		}
		return nil, true
	}
	if to == types.Dynamic {
		return v, true
	}
	var f float64
	var i int64
	isInt := false
	switch x := v.(type) {
	case int32:
		i, isInt = int64(x), true
	case int64:
		i, isInt = x, true
	case float64:
		f = x
	default:
		return nil, false
	}
	switch to {
	case types.Long:
		if isInt {
			return i, true
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, true
		}
		return int64(f), true
	case types.Int:
		if isInt {
			return int32(i), true
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, true
		}
		return int32(int64(f)), true
	case types.Real:
		if isInt {
			return float64(i), true
		}
		return f, true
	}
	return nil, false
}
