package dynamic

import (
	"sort"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "array_sort_asc", Kind: functions.Scalar,
			Sig:  "array_sort_asc(array1: dynamic[, ..., arrayN: dynamic][, nulls_last: bool]): dynamic",
			Doc:  "Sorts the first array ascending and reorders the others to match; nulls last unless nulls_last is false.",
			Bind: bindSort("array_sort_asc", false)},
		&functions.Func{Name: "array_sort_desc", Kind: functions.Scalar,
			Sig:  "array_sort_desc(array1: dynamic[, ..., arrayN: dynamic][, nulls_last: bool]): dynamic",
			Doc:  "Sorts the first array descending and reorders the others to match; nulls last unless nulls_last is false.",
			Bind: bindSort("array_sort_desc", true)},
	)
}

// bindSort binds array_sort_*. With one array the result is the sorted
// array. With several, Kusto yields one column per array (Bound.Outputs);
// the value is the array of the sorted arrays, which is also what
// array_sort_asc(a, b)[1] indexes.
func bindSort(name string, desc bool) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		if len(args) == 0 {
			return nil, errorf("function '%s' expects at least 1 argument, got 0", name)
		}
		arrays := len(args)
		if t := args[len(args)-1].Type; t == types.Bool {
			arrays--
		}
		if arrays < 1 {
			return nil, errorf("function '%s': argument 1 must be a dynamic array", name)
		}
		kinds := make([]functions.ArgClass, len(args))
		for i := range kinds {
			kinds[i] = kDyn
		}
		if arrays < len(args) {
			kinds[len(args)-1] = kBool
		}
		ts, err := functions.CheckKinds(name, args, 1, -1, kinds...)
		if err != nil {
			return nil, err
		}
		eval := rowWise(types.Dynamic, func(row []any) any { return sortArrays(row[:arrays], row[arrays:], desc) })
		b := &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval}
		b.Outputs = sortOutputs(args[:arrays])
		return b, nil
	}
}

// sortOutputs names the result columns as Kusto does: <col>_sorted for a
// column argument, array<i>_sorted (i its position) for any other. One
// array gives one named result too, so `project array_sort_asc(a)` is
// a_sorted (print names it print_N: it ignores a single result's name).
func sortOutputs(arrays []functions.Arg) types.Schema {
	out := make(types.Schema, len(arrays))
	for i, a := range arrays {
		name := a.Name + "_sorted"
		if a.Name == "" {
			name = "array" + strconv.Itoa(i) + "_sorted"
		}
		out[i] = types.Column{Name: name, Type: types.Dynamic}
	}
	return out
}

func sortArrays(arrays []any, flag []any, desc bool) any {
	nullsLast := true
	if len(flag) == 1 {
		b, ok := flag[0].(bool)
		if !ok {
			return nil
		}
		nullsLast = b
	}
	first, ok := asArray(arrays[0])
	if !ok {
		if len(arrays) == 1 {
			return nil
		}
		out := make([]any, len(arrays))
		return out
	}
	perm := make([]int, len(first))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(i, j int) bool {
		a, b := first[perm[i]], first[perm[j]]
		if (a == nil) != (b == nil) {
			return (a == nil) != nullsLast
		}
		if a == nil {
			return false
		}
		c := compareElems(a, b)
		if desc {
			return c > 0
		}
		return c < 0
	})
	apply := func(x any) any {
		a, ok := asArray(x)
		if !ok || len(a) != len(first) {
			return nil
		}
		out := make([]any, len(a))
		for i, p := range perm {
			out[i] = a[p]
		}
		return out
	}
	if len(arrays) == 1 {
		return apply(first)
	}
	out := make([]any, len(arrays))
	for i, x := range arrays {
		out[i] = apply(x)
	}
	return out
}

// sortClass orders element types as Kusto's array sort does: numbers,
// datetimes and timespans first, then strings, then guids, then the rest.
func sortClass(v any) int {
	switch v.(type) {
	case int64, int32, int, float64, value.Decimal, value.DateTime, value.TimeSpan:
		return 0
	case string:
		return 1
	case value.GUID:
		return 2
	}
	return 3
}

func sortNumber(v any) float64 {
	switch x := v.(type) {
	case value.DateTime:
		return float64(x)
	case value.TimeSpan:
		return float64(x)
	}
	f, _ := asReal(v)
	return f
}

func compareElems(a, b any) int {
	ca, cb := sortClass(a), sortClass(b)
	if ca != cb {
		return ca - cb
	}
	switch ca {
	case 0:
		if x, ok := asLong(a); ok {
			if y, ok := asLong(b); ok {
				switch {
				case x < y:
					return -1
				case x > y:
					return 1
				}
				return 0
			}
		}
		if _, ok := a.(value.DateTime); ok {
			if _, ok := b.(value.DateTime); ok {
				return value.Compare(a, b)
			}
		}
		x, y := sortNumber(a), sortNumber(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case 1:
		return strings.Compare(a.(string), b.(string))
	case 2:
		return strings.Compare(string(a.(value.GUID)), string(b.(value.GUID)))
	}
	// Bools, arrays and bags keep their relative order (stable sort).
	return 0
}
