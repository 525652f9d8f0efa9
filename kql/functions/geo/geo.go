// Package geo registers Kusto's geospatial functions (geo_*): distances,
// point containment, S2, geohash and H3 cells, and the line and polygon
// measures.
//
// Kusto computes on a sphere of radius 6371010 m (the S2 library's Earth
// radius) with geodesic edges, so this package computes with the S2
// geometry library in the same model. Boolean operations (bool_*.go) use
// an overlay that follows S2's output conventions; simplification
// (simplify_*.go) follows S2Builder's snapping and edge-chain
// simplification and refuses the inputs whose output it cannot pin down.
// Functions whose Kusto results come from algorithms that cannot be
// reproduced exactly here (buffers, geo_polygon_to_h3cells' cell order)
// are deliberately not registered: an "unknown function" error is better
// than a subtly different answer.
package geo

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// earthRadius is the radius, in meters, of the sphere Kusto measures on.
const earthRadius = 6371010.0

// pkind is what a geo parameter accepts.
type pkind uint8

const (
	kReal   pkind = iota // any number, converted to real
	kInt                 // any number, converted to long (levels, resolutions)
	kDyn                 // dynamic only (GeoJSON): a constant must be a bag
	kDynArr              // dynamic only: a constant must be an array (of GeoJSON)
	kStr                 // string only (cell tokens, WKT)
	kBool                // bool only (use_spheroid)
)

type param struct {
	name     string
	kind     pkind
	optional bool
}

func num(name string) param    { return param{name: name, kind: kReal} }
func optNum(name string) param { return param{name: name, kind: kReal, optional: true} }
func integer(name string) param {
	return param{name: name, kind: kInt}
}
func optInt(name string) param { return param{name: name, kind: kInt, optional: true} }
func dyn(name string) param    { return param{name: name, kind: kDyn} }
func dynArr(name string) param { return param{name: name, kind: kDynArr} }
func str(name string) param    { return param{name: name, kind: kStr} }
func optBool(name string) param {
	return param{name: name, kind: kBool, optional: true}
}

// bind checks a call against params the way Kusto's binder does for the
// geo functions: numbers must be numbers, GeoJSON must be dynamic, tokens
// must be strings.
func bind(name string, result types.Type, params []param, eval functions.ScalarKernel) func([]functions.Arg) (*functions.Bound, error) {
	min := 0
	for _, p := range params {
		if !p.optional {
			min++
		}
	}
	return func(args []functions.Arg) (*functions.Bound, error) {
		if err := functions.CheckCount(name, args, min, len(params)); err != nil {
			return nil, err
		}
		ts := make([]types.Type, len(args))
		for i, a := range args {
			p := params[i]
			ok := a.Type == types.Unknown
			switch p.kind {
			case kReal:
				ok = ok || a.Type.IsNumeric()
				ts[i] = types.Real
			case kInt:
				ok = ok || a.Type.IsNumeric()
				ts[i] = types.Long
			case kDyn, kDynArr:
				ok = ok || a.Type == types.Dynamic
				ts[i] = types.Dynamic
				if ok {
					if err := checkConstShape(name, i, p, a); err != nil {
						return nil, err
					}
				}
			case kStr:
				ok = ok || functions.IsStringLike(a.Type)
				ts[i] = types.String
			case kBool:
				ok = ok || a.Type == types.Bool
				ts[i] = types.Bool
			}
			if !ok {
				return nil, fmt.Errorf("function '%s': argument %d (%s) must be %s, got %s", name, i+1, p.name, kindName(p.kind), a.Type)
			}
		}
		return &functions.Bound{Type: result, ArgTypes: ts, Eval: eval}, nil
	}
}

// checkConstShape rejects a constant GeoJSON argument of the wrong shape
// as Kusto's binder does ("The expression must be a dynamic bag", or
// "... a dynamic array" for the *_array functions); a null constant
// passes and gives a null result. Kusto also knows the shape of
// non-constant dynamic expressions such as pack_array(x); Quarry only
// sees constants (including folded calls of constant arguments).
func checkConstShape(name string, i int, p param, a functions.Arg) error {
	if !a.IsConst || a.Value == nil {
		return nil
	}
	switch v := a.Value; p.kind {
	case kDyn:
		if _, ok := v.(*value.Bag); !ok {
			return fmt.Errorf("function '%s': argument %d (%s) must be a dynamic bag (a GeoJSON object), got the constant %s", name, i+1, p.name, value.AppendJSON(nil, v))
		}
	case kDynArr:
		if _, ok := v.([]any); !ok {
			return fmt.Errorf("function '%s': argument %d (%s) must be a dynamic array (of GeoJSON objects), got the constant %s", name, i+1, p.name, value.AppendJSON(nil, v))
		}
	}
	return nil
}

func kindName(k pkind) string {
	switch k {
	case kDyn, kDynArr:
		return "a dynamic value (GeoJSON)"
	case kStr:
		return "a string"
	case kBool:
		return "a bool"
	}
	return "a number"
}

// fn builds a scalar catalog entry.
func fn(name, sig, doc string, result types.Type, params []param, eval functions.ScalarKernel) *functions.Func {
	return &functions.Func{
		Name: name, Kind: functions.Scalar, Sig: sig, Doc: doc,
		Bind: bind(name, result, params, eval),
	}
}

// checkSphere rejects use_spheroid = true: Kusto then measures on the
// WGS-84 spheroid, which this package does not reproduce.
func checkSphere(fn string, v *column.Vector, n int) error {
	for i := 0; i < n; i++ {
		if !v.IsNull(i) && v.Bool(i) {
			return fmt.Errorf("%s: use_spheroid=true (measuring on the WGS-84 spheroid) is not supported; omit it or pass false to measure on the sphere", fn)
		}
		if v.IsConst() {
			break
		}
	}
	return nil
}
