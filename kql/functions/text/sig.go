// Package text holds Kusto's string functions: concatenation, search,
// regular expressions, encodings and hashes. Its init registers them in
// the catalog (package functions).
//
// Parameter kinds follow Kusto's binder: a "string" parameter takes only
// strings, a "scalar" parameter takes a value of any type and converts it
// with tostring, "string or dynamic" takes those two, and an integer
// parameter takes int or long.
package text

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// kind is the type class of a parameter.
type kind uint8

const (
	kString    kind = iota // string, or dynamic converted to string
	kScalar                // any scalar, converted to string
	kStrDyn                // string or dynamic, converted to string
	kInt                   // int or long, converted to long
	kDynArray              // dynamic (an array)
	kNotDyn                // any scalar but dynamic, kept as is
	kIntOrDyn              // an integer or a dynamic array of integers
	kTypeLit               // typeof(T)
	kGuid                  // guid
	kAnyKeep               // any scalar, kept as is
	kStringLit             // a constant string
)

type param struct {
	name     string
	k        kind
	optional bool
}

func p(name string, k kind) param   { return param{name: name, k: k} }
func opt(name string, k kind) param { return param{name: name, k: k, optional: true} }

// check validates args against params (the last param repeats when
// variadic) and returns the types the binder converts them to.
func check(name string, params []param, variadic bool, maxArgs int, args []functions.Arg) ([]types.Type, error) {
	min := 0
	for _, q := range params {
		if !q.optional {
			min++
		}
	}
	max := len(params)
	if variadic {
		max = maxArgs
	}
	if err := functions.CheckCount(name, args, min, max); err != nil {
		return nil, err
	}
	out := make([]types.Type, len(args))
	for i, a := range args {
		q := params[len(params)-1]
		if i < len(params) {
			q = params[i]
		}
		t, err := checkKind(name, i, q, a)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

func checkKind(name string, i int, q param, a functions.Arg) (types.Type, error) {
	t := a.Type
	if q.k == kTypeLit {
		if _, ok := typeLiteral(a); !ok {
			return types.Unknown, fmt.Errorf("function '%s': argument %d must be a type literal such as typeof(long)", name, i+1)
		}
		return types.Unknown, nil
	}
	if t == types.Unknown {
		return t, nil
	}
	bad := func(want string) (types.Type, error) {
		return types.Unknown, functions.ArgTypeError(name, i, want, t)
	}
	switch q.k {
	case kString:
		// Kusto passes a dynamic value where a string is expected as
		// tostring would print it.
		if !functions.IsStringLike(t) {
			return bad("a string")
		}
		return types.String, nil
	case kStringLit:
		if t != types.String || !a.IsConst {
			return bad("a constant string")
		}
		return types.String, nil
	case kScalar:
		return types.String, nil
	case kStrDyn:
		if !functions.IsStringLike(t) {
			return bad("a string or dynamic value")
		}
		return types.String, nil
	case kInt:
		if !t.IsInteger() {
			return bad("an integer")
		}
		return types.Long, nil
	case kDynArray:
		if t != types.Dynamic {
			return bad("a dynamic array")
		}
		return t, nil
	case kNotDyn:
		if t == types.Dynamic {
			return bad("a value that is not dynamic")
		}
		return t, nil
	case kIntOrDyn:
		if t == types.Dynamic {
			return t, nil
		}
		if !t.IsInteger() {
			return bad("an integer or a dynamic array of integers")
		}
		return types.Long, nil
	case kGuid:
		if t != types.Guid {
			return bad("a guid")
		}
		return t, nil
	}
	return t, nil
}

// typeLiteral reads a typeof(T) argument: the binder passes it as a
// constant whose value is the types.Type (a type name string is accepted
// too).
func typeLiteral(a functions.Arg) (types.Type, bool) {
	if !a.IsConst {
		return types.Unknown, false
	}
	switch v := a.Value.(type) {
	case types.Type:
		return v, v != types.Unknown
	case string:
		return types.Parse(v)
	}
	return types.Unknown, false
}

// fn registers a function with one fixed signature.
func fn(name string, result types.Type, params []param, sig, doc string, k functions.ScalarKernel, aliases ...string) *functions.Func {
	return &functions.Func{
		Name: name, Aliases: aliases, Kind: functions.Scalar, Sig: sig, Doc: doc,
		Bind: func(args []functions.Arg) (*functions.Bound, error) {
			ts, err := check(name, params, false, 0, args)
			if err != nil {
				return nil, err
			}
			return &functions.Bound{Type: result, ArgTypes: ts, Eval: k}, nil
		},
	}
}

// constStr returns the constant string value of an argument.
func constStr(a functions.Arg) (string, bool) {
	if !a.IsConst {
		return "", false
	}
	s, ok := functions.ConvertValue(a.Value, types.String).(string)
	return s, ok
}

// constInt returns the constant integer value of an argument (ok false
// for a null or a non-constant).
func constInt(a functions.Arg) (int64, bool) {
	if !a.IsConst || a.Value == nil {
		return 0, false
	}
	v, ok := functions.ConvertValue(a.Value, types.Long).(int64)
	return v, ok
}

// restConst reports whether the arguments after the first are constants,
// so a kernel can map the first argument once per distinct value.
func restConst(a []*column.Vector) bool {
	for _, v := range a[1:] {
		if !v.IsConst() {
			return false
		}
	}
	return true
}
