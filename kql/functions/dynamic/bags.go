package dynamic

import (
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "bag_keys", Kind: functions.Scalar,
			Sig: "bag_keys(bag: dynamic): dynamic",
			Doc: "Array of the bag's root keys; null when the value is not a property bag.",
			Bind: functions.BindKinds("bag_keys", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				b, ok := asBag(row[0])
				if !ok {
					return nil
				}
				out := make([]any, b.Len())
				for i, k := range b.Keys {
					out[i] = k
				}
				return out
			}), 1, 1, kDyn)},
		&functions.Func{Name: "bag_merge", Kind: functions.Scalar,
			Sig: "bag_merge(bag1: dynamic, bag2: dynamic, ...): dynamic",
			Doc: "Merges property bags; a key present in several keeps its first value.",
			Bind: functions.BindKinds("bag_merge", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				out := value.NewBag(8)
				for _, x := range row {
					b, ok := asBag(x)
					if !ok {
						continue
					}
					for i, k := range b.Keys {
						if _, dup := out.Get(k); !dup {
							out.Set(k, b.Values[i])
						}
					}
				}
				return out
			}), 2, 64, kDyn)},
		&functions.Func{Name: "bag_remove_keys", Kind: functions.Scalar,
			Sig: "bag_remove_keys(bag: dynamic, keys: dynamic): dynamic",
			Doc: "The bag without the given keys (root names or JSONPaths).",
			Bind: functions.BindKinds("bag_remove_keys", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				b, ok := asBag(row[0])
				keys, ok2 := asArray(row[1])
				if !ok || !ok2 {
					return nil
				}
				for _, k := range keys {
					s, ok := k.(string)
					if !ok {
						continue
					}
					p, err := keyPath(s)
					if err != nil {
						continue
					}
					b = removePath(b, p)
				}
				return b
			}), 2, 2, kDyn, kDyn)},
		&functions.Func{Name: "bag_set_key", Kind: functions.Scalar,
			Sig: "bag_set_key(bag: dynamic, key: string, value): dynamic",
			Doc: "The bag with key (a root name or a JSONPath) set to value; null when the value is not a bag.",
			Bind: functions.BindKinds("bag_set_key", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				b, ok := asBag(row[0])
				k, ok2 := row[1].(string)
				if !ok || !ok2 {
					return nil
				}
				p, err := keyPath(k)
				if err != nil {
					return nil
				}
				nb, ok := setPath(b, p, row[2])
				if !ok {
					return nil
				}
				return nb
			}), 3, 3, kDyn, kString, kAny)},
		&functions.Func{Name: "bag_has_key", Kind: functions.Scalar,
			Sig: "bag_has_key(bag: dynamic, key: string): bool",
			Doc: "Whether the bag has key (a root name or a JSONPath).",
			Bind: functions.BindKinds("bag_has_key", types.Bool, boxedTo(types.Bool, func(row []any) (bool, bool) {
				b, ok := asBag(row[0])
				k, ok2 := row[1].(string)
				if !ok || !ok2 {
					return false, false
				}
				p, err := keyPath(k)
				if err != nil {
					return false, true
				}
				_, found := walk(b, p)
				return found, true
			}), 2, 2, kDyn, kString)},
		&functions.Func{Name: "bag_pack", Aliases: []string{"pack", "pack_dictionary"}, Kind: functions.Scalar,
			Sig:  "bag_pack(key1: string, value1, key2: string, value2, ...): dynamic",
			Doc:  "Property bag from alternating keys and values.",
			Bind: bindPack},
		&functions.Func{Name: "pack_array", Kind: functions.Scalar,
			Sig: "pack_array(value1, value2, ...): dynamic",
			Doc: "Array of the arguments.",
			Bind: functions.BindKinds("pack_array", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				return append(make([]any, 0, len(row)), row...)
			}), 1, -1, kAny)},
		&functions.Func{Name: "pack_all", Kind: functions.Scalar,
			Sig:  "pack_all([ignore_null_empty: bool]): dynamic",
			Doc:  "Property bag of all the input's columns (skipping nulls and empty strings when ignore_null_empty is true).",
			Bind: bindPackAll},
		&functions.Func{Name: "bag_pack_columns", Kind: functions.Scalar,
			Sig:  "bag_pack_columns(column1, column2, ...): dynamic",
			Doc:  "Property bag of the given columns, keyed by column name.",
			Bind: bindPackColumns},
		&functions.Func{Name: "bag_zip", Kind: functions.Scalar,
			Sig: "bag_zip(keys: dynamic, values: dynamic): dynamic",
			Doc: "Property bag pairing string keys with values (null for missing values, or all null when values is not an array; non-string keys are skipped).",
			Bind: functions.BindKinds("bag_zip", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				keys, ok := asArray(row[0])
				if !ok {
					return nil
				}
				// Values that are not an array give every key a null
				// value (documented example).
				vals, _ := asArray(row[1])
				out := value.NewBag(len(keys))
				for i, k := range keys {
					s, ok := k.(string)
					if !ok {
						continue
					}
					var v any
					if i < len(vals) {
						v = vals[i]
					}
					out.Set(s, v)
				}
				return out
			}), 2, 2, kDyn, kDyn)},
		&functions.Func{Name: "treepath", Kind: functions.Scalar,
			Sig: "treepath(object: dynamic): dynamic",
			Doc: "Array of the path expressions of every node under the object (arrays contribute one [0] step).",
			Bind: functions.BindKinds("treepath", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				if _, ok := asBag(row[0]); !ok {
					if _, ok := asArray(row[0]); !ok {
						return nil
					}
				}
				return treePaths(row[0])
			}), 1, 1, kDyn)},
	)
}

func bindPack(args []functions.Arg) (*functions.Bound, error) {
	if len(args) == 0 || len(args)%2 != 0 {
		return nil, errorf("function 'bag_pack' expects an even number of arguments (key, value pairs), got %d", len(args))
	}
	ts := make([]types.Type, len(args))
	for i, a := range args {
		if a.Star {
			return nil, errorf("function 'bag_pack' does not accept *")
		}
		ts[i] = a.Type
		if i%2 == 0 && a.Type != types.String && a.Type != types.Unknown {
			return nil, errorf("function 'bag_pack': key argument %d must be a string, got %s", i+1, a.Type)
		}
	}
	eval := rowWise(types.Dynamic, func(row []any) any {
		b := value.NewBag(len(row) / 2)
		for i := 0; i+1 < len(row); i += 2 {
			k, _ := row[i].(string)
			b.Set(k, row[i+1])
		}
		return b
	})
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval}, nil
}

// bindPackAll expects the binder to pass every input column as an
// argument marked FromStar with its Name; a non-star argument is the
// optional ignore_null_empty flag.
func bindPackAll(args []functions.Arg) (*functions.Bound, error) {
	ts := make([]types.Type, len(args))
	names := make([]string, len(args))
	flag := -1
	stars := 0
	for i, a := range args {
		ts[i] = a.Type
		if a.FromStar {
			names[i] = a.Name
			stars++
			continue
		}
		if flag >= 0 || (a.Type != types.Bool && a.Type != types.Unknown) {
			return nil, errorf("function 'pack_all' takes only the optional ignore_null_empty bool argument")
		}
		flag = i
	}
	if stars == 0 {
		// Every input has columns: none here means the caller did not
		// pass them, and an empty bag would be a wrong answer.
		return nil, errorf("pack_all() is not supported in this context: the input's columns are not available to it")
	}
	eval := func(_ *functions.Ctx, vs []*column.Vector, n int) (*column.Vector, error) {
		return functions.Eval(types.Dynamic, vs, n, func(row []any) any {
			skip := false
			if flag >= 0 {
				skip, _ = row[flag].(bool)
			}
			b := value.NewBag(len(row))
			for i, x := range row {
				if i == flag {
					continue
				}
				if skip {
					if s, ok := x.(string); x == nil || (ok && s == "") {
						continue
					}
				}
				b.Set(names[i], x)
			}
			return b
		}), nil
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval}, nil
}

func bindPackColumns(args []functions.Arg) (*functions.Bound, error) {
	if len(args) == 0 {
		return nil, errorf("function 'bag_pack_columns' expects at least 1 argument, got 0")
	}
	ts := make([]types.Type, len(args))
	names := make([]string, len(args))
	for i, a := range args {
		if a.Name == "" {
			return nil, errorf("function 'bag_pack_columns': argument %d must be a column reference", i+1)
		}
		ts[i], names[i] = a.Type, a.Name
	}
	eval := rowWise(types.Dynamic, func(row []any) any {
		b := value.NewBag(len(row))
		for i, x := range row {
			b.Set(names[i], x)
		}
		return b
	})
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval}, nil
}

// treePaths lists node paths depth first, as Kusto's treepath does:
// ['key'] for properties, [0] once for an array (its bag elements'
// properties merged under it).
func treePaths(v any) []any {
	out := []any{}
	seen := map[string]bool{}
	var rec func(prefix string, v any)
	rec = func(prefix string, v any) {
		switch x := v.(type) {
		case *value.Bag:
			if x == nil {
				return
			}
			for i, k := range x.Keys {
				p := prefix + "['" + strings.ReplaceAll(k, "'", "\\'") + "']"
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
				rec(p, x.Values[i])
			}
		case []any:
			if len(x) == 0 {
				return
			}
			p := prefix + "[0]"
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
			for _, e := range x {
				rec(p, e)
			}
		}
	}
	rec("", v)
	return out
}
