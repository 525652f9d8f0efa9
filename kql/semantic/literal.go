package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

var litTypes = [...]types.Type{
	syntax.LitInvalid:  types.Unknown,
	syntax.LitBool:     types.Bool,
	syntax.LitInt:      types.Int,
	syntax.LitLong:     types.Long,
	syntax.LitReal:     types.Real,
	syntax.LitDecimal:  types.Decimal,
	syntax.LitString:   types.String,
	syntax.LitDatetime: types.DateTime,
	syntax.LitTimespan: types.TimeSpan,
	syntax.LitGuid:     types.Guid,
	syntax.LitDynamic:  types.Dynamic,
}

// literal turns a literal into a constant boxed as package value wants.
func (b *binder) literal(x *syntax.Literal) plan.Expr {
	if x.Bad && x.Problem != "" {
		// The parser leaves bad datetime/timespan/guid text to us.
		b.errorf(x.Pos(), codeBadLiteral, "%s", x.Problem)
		return bad()
	}
	if x.Bad || int(x.Kind) >= len(litTypes) || x.Kind == syntax.LitInvalid {
		return bad() // the parser reported it
	}
	t := litTypes[x.Kind]
	if x.Null {
		if t == types.String {
			return &plan.Const{Value: "", T: t}
		}
		return &plan.Const{T: t}
	}
	v, ok := boxLiteral(x.Kind, x.Value)
	if !ok {
		b.errorf(x.Pos(), "KS107", "The literal %s could not be read.", x.Raw)
		return bad()
	}
	return &plan.Const{Value: v, T: t}
}

func boxLiteral(k syntax.LitKind, v any) (any, bool) {
	switch k {
	case syntax.LitBool:
		x, ok := v.(bool)
		return x, ok
	case syntax.LitInt:
		x, ok := v.(int64)
		return int32(x), ok
	case syntax.LitLong:
		x, ok := v.(int64)
		return x, ok
	case syntax.LitReal:
		x, ok := v.(float64)
		return x, ok
	case syntax.LitDecimal:
		// Canonical text; more than 38 digits cannot be read.
		x, ok := v.(string)
		d, ok2 := value.ParseDec(x)
		return d.Box(), ok && ok2
	case syntax.LitString:
		x, ok := v.(string)
		return x, ok
	case syntax.LitDatetime:
		x, ok := v.(int64)
		return value.DateTime(x), ok
	case syntax.LitTimespan:
		x, ok := v.(int64)
		return value.TimeSpan(x), ok
	case syntax.LitGuid:
		x, ok := v.(string)
		return value.GUID(x), ok
	case syntax.LitDynamic:
		return dynamicValue(v), true
	}
	return nil, false
}

// dynamicValue converts the parser's decoded JSON (objects as
// *syntax.DynamicObject) into package value's model (objects as *Bag).
func dynamicValue(v any) any {
	switch x := v.(type) {
	case *syntax.DynamicObject:
		bag := value.NewBag(len(x.Keys))
		for i, k := range x.Keys {
			bag.Set(k, dynamicValue(x.Values[i]))
		}
		return bag
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = dynamicValue(e)
		}
		return out
	}
	return v
}
