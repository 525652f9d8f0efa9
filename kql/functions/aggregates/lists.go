package aggregates

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/dynamic"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// maxListSize is Kusto's default and largest maxSize; the deprecated
// makelist/makeset default to 128.
const (
	maxListSize    = 1 << 20
	legacyListSize = 128
)

func init() {
	functions.Register(
		&functions.Func{Name: "make_list", Kind: functions.Aggregate,
			Sig: "make_list(expr[, maxSize: long]): dynamic", Doc: "Array of the group's values of expr (elements of arrays are added one by one), nulls skipped, in input order.",
			Bind: bindMakeList("make_list", false, false, maxListSize)},
		&functions.Func{Name: "makelist", Kind: functions.Aggregate,
			Sig: "makelist(expr[, maxSize: long]): dynamic", Doc: "Deprecated make_list with a default maxSize of 128.",
			Bind: bindMakeList("makelist", false, false, legacyListSize)},
		&functions.Func{Name: "make_list_if", Kind: functions.Aggregate,
			Sig: "make_list_if(expr, predicate: bool[, maxSize: long]): dynamic", Doc: "Array of expr over the rows where predicate is true.",
			Bind: bindMakeList("make_list_if", true, false, maxListSize)},
		&functions.Func{Name: "make_list_with_nulls", Kind: functions.Aggregate,
			Sig: "make_list_with_nulls(expr): dynamic", Doc: "Array of the group's values of expr, nulls included.",
			Bind: bindMakeList("make_list_with_nulls", false, true, maxListSize)},
		&functions.Func{Name: "make_set", Kind: functions.Aggregate,
			Sig: "make_set(expr[, maxSize: long]): dynamic", Doc: "Array of the distinct values of expr (elements of arrays are added one by one), in order of first appearance.",
			Bind: bindMakeSet("make_set", false, maxListSize)},
		&functions.Func{Name: "makeset", Kind: functions.Aggregate,
			Sig: "makeset(expr[, maxSize: long]): dynamic", Doc: "Deprecated make_set with a default maxSize of 128.",
			Bind: bindMakeSet("makeset", false, legacyListSize)},
		&functions.Func{Name: "make_set_if", Kind: functions.Aggregate,
			Sig: "make_set_if(expr, predicate: bool[, maxSize: long]): dynamic", Doc: "Array of the distinct values of expr over the rows where predicate is true.",
			Bind: bindMakeSet("make_set_if", true, maxListSize)},
		&functions.Func{Name: "make_bag", Kind: functions.Aggregate,
			Sig: "make_bag(bag: dynamic[, maxSize: long]): dynamic", Doc: "Property bag merging the group's property bags (first value of a key wins; non-bags are skipped).",
			Bind: bindMakeBag("make_bag", "bag", false, maxListSize)},
		&functions.Func{Name: "make_dictionary", Kind: functions.Aggregate,
			Sig: "make_dictionary(bag: dynamic[, maxSize: long]): dynamic", Doc: "Deprecated make_bag with a default maxSize of 128.",
			Bind: bindMakeBag("make_dictionary", "dictionary", false, legacyListSize)},
		&functions.Func{Name: "make_bag_if", Kind: functions.Aggregate,
			Sig: "make_bag_if(bag: dynamic, predicate: bool[, maxSize: long]): dynamic", Doc: "make_bag over the rows where predicate is true.",
			Bind: bindMakeBag("make_bag_if", "bag", true, maxListSize)},
	)
}

// listArgs validates (expr[, pred][, maxSize]) and returns the predicate
// position (-1 none) and the size limit.
func listArgs(name string, args []functions.Arg, withPred, withSize bool, first class, def int64) ([]types.Type, int, int64, error) {
	classes := []class{first}
	req := 1
	if withPred {
		classes = append(classes, cBool)
		req = 2
	}
	max := req
	if withSize {
		classes = append(classes, cInteger)
		max++
	}
	ts, err := check(name, args, req, max, classes...)
	if err != nil {
		return nil, 0, 0, err
	}
	pred := -1
	if withPred {
		pred = 1
	}
	limit := def
	if len(args) > req {
		if limit, err = constInt(name, args[req], "maxSize"); err != nil {
			return nil, 0, 0, err
		}
		if limit < 1 || limit > maxListSize {
			return nil, 0, 0, errorf("function '%s': maxSize must be between 1 and %d, got %d", name, maxListSize, limit)
		}
	}
	return ts, pred, limit, nil
}

func bindMakeList(name string, withPred, withNulls bool, def int64) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, pred, limit, err := listArgs(name, args, withPred, !withNulls, cScalar, def)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("list", args), types.Dynamic),
			NewAgg: func() functions.Aggregator { return &listAgg{pred: pred, limit: int(limit), nulls: withNulls} }}, nil
	}
}

// listAgg collects values in arrival order.
type listAgg struct {
	pred  int
	limit int
	nulls bool
	lists [][]any
}

func (a *listAgg) Update(groups []uint32, args []*column.Vector) error {
	a.lists = grow(a.lists, groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	for i, g := range groups {
		if len(a.lists[g]) >= a.limit || (p != nil && !truthy(p, i)) || (!a.nulls && isNull(v, i)) {
			continue
		}
		// As make_set does, make_list adds an array's elements one by one
		// (the documented examples wrap a value in pack_array() to keep
		// it whole); make_list_with_nulls keeps every value as it is.
		if !a.nulls && v.Type == types.Dynamic {
			if arr, ok := v.Dyn(i).([]any); ok {
				room := a.limit - len(a.lists[g])
				a.lists[g] = append(a.lists[g], arr[:min(len(arr), room)]...)
				continue
			}
		}
		a.lists[g] = append(a.lists[g], v.Value(i))
	}
	return nil
}

func (a *listAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*listAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.lists = grow(a.lists, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.lists))] {
		room := a.limit - len(a.lists[g])
		src := o.lists[og]
		if len(src) > room {
			src = src[:room]
		}
		a.lists[g] = append(a.lists[g], src...)
	}
	return nil
}

func (a *listAgg) Result(n int) ([]*column.Vector, error) {
	a.lists = grow(a.lists, n)
	out := make([]any, n)
	for g := range out {
		if a.lists[g] == nil {
			out[g] = []any{}
		} else {
			out[g] = a.lists[g]
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}

func bindMakeSet(name string, withPred bool, def int64) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, pred, limit, err := listArgs(name, args, withPred, true, cScalar, def)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName("set", args), types.Dynamic),
			NewAgg: func() functions.Aggregator { return &setAgg{pred: pred, limit: int(limit)} }}, nil
	}
}

// setAgg collects distinct values per group in order of first
// appearance; the elements of a dynamic array are added one by one, as
// Kusto's make_set does.
type setAgg struct {
	pred  int
	limit int
	lists [][]any
	seen  groupTable
}

// rowHash hashes row i of v (not null) without boxing it, consistently
// with dynamic.Hash of the boxed value.
func rowHash(v *column.Vector, i int) uint64 {
	switch v.Type {
	case types.Int, types.Long:
		return dynamic.HashInt(v.Int(i))
	case types.DateTime:
		return dynamic.HashDateTime(v.Int(i))
	case types.TimeSpan:
		return dynamic.HashTimeSpan(v.Int(i))
	case types.Real:
		return dynamic.HashReal(v.Real(i))
	case types.Bool:
		return dynamic.HashBool(v.Bool(i))
	case types.String:
		return dynamic.HashString(v.Str(i))
	case types.Guid:
		return dynamic.HashGUID(v.Str(i))
	}
	return dynamic.Hash(v.Value(i))
}

// sameRow reports whether the boxed x equals row i of v, without boxing
// the row.
func sameRow(x any, v *column.Vector, i int) bool {
	switch v.Type {
	case types.Int:
		y, ok := x.(int32)
		return ok && int64(y) == v.Int(i)
	case types.Long:
		y, ok := x.(int64)
		return ok && y == v.Int(i)
	case types.DateTime:
		y, ok := x.(value.DateTime)
		return ok && int64(y) == v.Int(i)
	case types.TimeSpan:
		y, ok := x.(value.TimeSpan)
		return ok && int64(y) == v.Int(i)
	case types.Decimal:
		y, ok := value.DecOf(x)
		return ok && y == v.Dec(i)
	case types.Real:
		y, ok := x.(float64)
		r := v.Real(i)
		return ok && (y == r || (y != y && r != r))
	case types.Bool:
		y, ok := x.(bool)
		return ok && y == v.Bool(i)
	case types.String:
		y, ok := x.(string)
		return ok && y == v.Str(i)
	case types.Guid:
		y, ok := x.(value.GUID)
		return ok && string(y) == v.Str(i)
	}
	return value.Equal(x, v.Value(i))
}

// addBoxed adds a boxed value to group g's set.
func (a *setAgg) addBoxed(g uint32, x any) {
	if x == nil || len(a.lists[g]) >= a.limit {
		return
	}
	h := dynamic.Hash(x)
	list := a.lists[g]
	if a.seen.find(g, h, func(p int32) bool { return value.Equal(list[p], x) }) >= 0 {
		return
	}
	a.seen.add(g, h, int32(len(list)))
	a.lists[g] = append(list, x)
}

func (a *setAgg) Update(groups []uint32, args []*column.Vector) error {
	a.lists = grow(a.lists, groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	for i, g := range groups {
		if isNull(v, i) || len(a.lists[g]) >= a.limit || (p != nil && !truthy(p, i)) {
			continue
		}
		if v.Type == types.Dynamic {
			x := v.Dyn(i)
			if arr, ok := x.([]any); ok {
				for _, e := range arr {
					a.addBoxed(g, e)
				}
			} else {
				a.addBoxed(g, x)
			}
			continue
		}
		h := rowHash(v, i)
		list := a.lists[g]
		if a.seen.find(g, h, func(p int32) bool { return sameRow(list[p], v, i) }) >= 0 {
			continue
		}
		a.seen.add(g, h, int32(len(list)))
		a.lists[g] = append(list, v.Value(i))
	}
	return nil
}

func (a *setAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*setAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.lists = grow(a.lists, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.lists))] {
		for _, x := range o.lists[og] {
			a.addBoxed(g, x)
		}
	}
	return nil
}

func (a *setAgg) Result(n int) ([]*column.Vector, error) {
	a.lists = grow(a.lists, n)
	out := make([]any, n)
	for g := range out {
		if a.lists[g] == nil {
			out[g] = []any{}
		} else {
			out[g] = a.lists[g]
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}

func bindMakeBag(name, prefix string, withPred bool, def int64) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		ts, pred, limit, err := listArgs(name, args, withPred, true, cDynamic, def)
		if err != nil {
			return nil, err
		}
		return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Outputs: one(prefixName(prefix, args), types.Dynamic),
			NewAgg: func() functions.Aggregator { return &bagAgg{pred: pred, limit: int(limit)} }}, nil
	}
}

// bagAgg merges property bags per group; a key keeps its first value.
// Key membership goes through one table for all groups, so merging wide
// bags stays linear.
type bagAgg struct {
	pred  int
	limit int
	bags  []*value.Bag
	keys  groupTable
}

func (a *bagAgg) add(g uint32, b *value.Bag) {
	for i, k := range b.Keys {
		out := a.bags[g]
		if out == nil {
			out = value.NewBag(b.Len())
			a.bags[g] = out
		}
		if out.Len() >= a.limit {
			return
		}
		h := dynamic.HashString(k)
		if a.keys.find(g, h, func(p int32) bool { return out.Keys[p] == k }) >= 0 {
			continue
		}
		a.keys.add(g, h, int32(out.Len()))
		out.Keys = append(out.Keys, k)
		out.Values = append(out.Values, b.Values[i])
	}
}

func (a *bagAgg) Update(groups []uint32, args []*column.Vector) error {
	a.bags = grow(a.bags, groupsLen(groups))
	v := args[0]
	var p *column.Vector
	if a.pred >= 0 {
		p = args[a.pred]
	}
	for i, g := range groups {
		if p != nil && !truthy(p, i) {
			continue
		}
		if b, ok := v.Dyn(i).(*value.Bag); ok && b != nil {
			a.add(g, b)
		}
	}
	return nil
}

func (a *bagAgg) Merge(other functions.Aggregator, mapping []uint32) error {
	o, ok := other.(*bagAgg)
	if !ok {
		return mismatch(a, other)
	}
	a.bags = grow(a.bags, groupsLen(mapping))
	for og, g := range mapping[:min(len(mapping), len(o.bags))] {
		if o.bags[og] != nil {
			a.add(g, o.bags[og])
		}
	}
	return nil
}

func (a *bagAgg) Result(n int) ([]*column.Vector, error) {
	a.bags = grow(a.bags, n)
	out := make([]any, n)
	for g := range out {
		if a.bags[g] == nil {
			out[g] = value.NewBag(0)
		} else {
			out[g] = a.bags[g]
		}
	}
	return []*column.Vector{column.FromDyns(out)}, nil
}
