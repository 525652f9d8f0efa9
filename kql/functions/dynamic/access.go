package dynamic

import (
	"math"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// The binder lowers d.name to __member(d, "name") and d[i] or d["k"] to
// __index(d, i) so that property access goes through the catalog like any
// other call.
func init() {
	functions.Register(
		&functions.Func{Name: "__member", Kind: functions.Operator,
			Sig:  "__member(object: dynamic, name: string): dynamic",
			Doc:  "d.name: the property's value, or null when d is not a bag or lacks it.",
			Bind: functions.BindKinds("__member", types.Dynamic, memberKernel, 2, 2, kDyn, kString)},
		&functions.Func{Name: "__index", Kind: functions.Operator,
			Sig:  "__index(object: dynamic, index: long or string): dynamic",
			Doc:  "d[i] (negative i counts from the end) or d[\"name\"]; null when absent.",
			Bind: bindIndex},
		&functions.Func{Name: "extract_json", Aliases: []string{"extractjson"}, Kind: functions.Scalar,
			Sig:  "extract_json(jsonPath: string, jsonText: string[, type]): string",
			Doc:  "The element at jsonPath in the JSON text, as a string or converted to type.",
			Bind: bindExtractJSON},
	)
}

func member(x any, k string) any {
	b, ok := asBag(x)
	if !ok {
		return nil
	}
	v, _ := b.Get(k)
	return v
}

// memberKernel handles the common constant-name case without boxing the
// name per row.
func memberKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	obj, key := args[0], args[1]
	if functions.AllConst(args) {
		return column.Const(types.Dynamic, member(obj.Dyn(0), key.Str(0)), n), nil
	}
	out := make([]any, n)
	if key.IsConst() {
		k := key.Str(0)
		for i := range out {
			out[i] = member(obj.Dyn(i), k)
		}
	} else {
		for i := range out {
			out[i] = member(obj.Dyn(i), key.Str(i))
		}
	}
	return column.FromDyns(out), nil
}

func index(x any, i int64) any {
	a, ok := asArray(x)
	if !ok {
		return nil
	}
	if i < 0 {
		i += int64(len(a))
	}
	if i < 0 || i >= int64(len(a)) {
		return nil
	}
	return a[i]
}

func bindIndex(args []functions.Arg) (*functions.Bound, error) {
	ts, err := functions.CheckKinds("__index", args, 2, 2, kDyn, kAny)
	if err != nil {
		return nil, err
	}
	switch t := args[1].Type; {
	case t.IsInteger():
		ts[1] = types.Long
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: indexKernel}, nil
	case t == types.String:
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: memberKernel}, nil
	case t == types.Dynamic || t == types.Unknown:
		// A dynamic subscript (d[other["i"]]): a number indexes arrays, a
		// string names a property.
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: rowWise(types.Dynamic, func(row []any) any {
			if s, ok := row[1].(string); ok {
				return member(row[0], s)
			}
			if i, ok := asLong(row[1]); ok {
				return index(row[0], i)
			}
			return nil
		})}, nil
	}
	return nil, errorf("an index into a dynamic value must be an integer or a string, got %s", args[1].Type)
}

func indexKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	obj, ix := args[0], args[1]
	if functions.AllConst(args) {
		if ix.IsNull(0) {
			return column.Const(types.Dynamic, nil, n), nil
		}
		return column.Const(types.Dynamic, index(obj.Dyn(0), ix.Int(0)), n), nil
	}
	out := make([]any, n)
	for i := range out {
		if ix.IsNull(i) {
			continue
		}
		out[i] = index(obj.Dyn(i), ix.Int(i))
	}
	return column.FromDyns(out), nil
}

// bindExtractJSON accepts the optional third argument as a constant
// types.Type (what typeof(T) binds to) or a constant type name.
func bindExtractJSON(args []functions.Arg) (*functions.Bound, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, errorf("function 'extract_json' expects 2 to 3 arguments, got %d", len(args))
	}
	for i := 0; i < 2; i++ {
		if t := args[i].Type; !functions.Assignable(t, types.String) {
			return nil, errorf("function 'extract_json': argument %d must be a string, got %s", i+1, t)
		}
	}
	result := types.String
	ts := []types.Type{types.String, types.String}
	if len(args) == 3 {
		a := args[2]
		ts = append(ts, a.Type)
		switch v := a.Value.(type) {
		case types.Type:
			result = v
		case string:
			t, ok := types.Parse(v)
			if !ok {
				return nil, errorf("function 'extract_json': unknown type %q", v)
			}
			result = t
		default:
			return nil, errorf("function 'extract_json': argument 3 must be a type literal such as typeof(long)")
		}
	}
	var fixed []step
	if args[0].IsConst {
		s, _ := args[0].Value.(string)
		p, err := parsePath(s)
		if err != nil {
			return nil, errorf("function 'extract_json': %v", err)
		}
		fixed = p
	}
	eval := rowWise(result, func(row []any) any {
		path := fixed
		if path == nil {
			s, _ := row[0].(string)
			p, err := parsePath(s)
			if err != nil {
				return nil
			}
			path = p
		}
		text, _ := row[1].(string)
		doc, err := value.ParseJSON(text)
		if err != nil {
			return nil
		}
		v, ok := walk(doc, path)
		if !ok {
			return nil
		}
		return convertJSON(v, result)
	})
	return &functions.Bound{Type: result, ArgTypes: ts, Eval: eval}, nil
}

// convertJSON converts an extracted JSON element to t; null when it does
// not convert.
func convertJSON(v any, t types.Type) any {
	if v == nil {
		return nil
	}
	switch t {
	case types.Dynamic:
		return v
	case types.String:
		if s, ok := v.(string); ok {
			return s
		}
		return value.ToString(v)
	case types.Long, types.Int:
		var x int64
		switch y := v.(type) {
		case string:
			i, err := strconv.ParseInt(strings.TrimSpace(y), 10, 64)
			if err != nil {
				f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
				if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
					return nil
				}
				i = int64(f)
			}
			x = i
		case bool:
			if y {
				x = 1
			}
		default:
			f, ok := asReal(v)
			if !ok {
				return nil
			}
			if i, ok := asLong(v); ok {
				x = i
			} else {
				x = int64(f)
			}
		}
		if t == types.Int {
			return int32(x)
		}
		return x
	case types.Decimal:
		// Exact from text and numbers alike.
		if y, ok := v.(string); ok {
			v = value.Decimal(y)
		}
		if d, ok := value.DecOf(v); ok {
			return d
		}
		if y, ok := v.(bool); ok {
			if y {
				return value.DecFromInt(1)
			}
			return value.Dec{}
		}
		return nil
	case types.Real:
		switch y := v.(type) {
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
			if err != nil {
				return nil
			}
			return f
		case bool:
			if y {
				return 1.0
			}
			return 0.0
		}
		f, ok := asReal(v)
		if !ok {
			return nil
		}
		return f
	case types.Bool:
		switch y := v.(type) {
		case bool:
			return y
		case string:
			switch strings.ToLower(strings.TrimSpace(y)) {
			case "true":
				return true
			case "false":
				return false
			}
			return nil
		}
		if f, ok := asReal(v); ok {
			return f != 0
		}
	case types.DateTime:
		switch y := v.(type) {
		case value.DateTime:
			return y
		case string:
			if d, ok := value.ParseDateTime(y); ok {
				return d
			}
		}
	case types.TimeSpan:
		switch y := v.(type) {
		case value.TimeSpan:
			return y
		case string:
			if d, ok := value.ParseTimeSpan(y); ok {
				return d
			}
		}
	case types.Guid:
		if s, ok := v.(string); ok {
			return value.GUID(strings.ToLower(s))
		}
	}
	return nil
}
