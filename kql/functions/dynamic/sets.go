package dynamic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "set_has_element", Kind: functions.Scalar,
			Sig: "set_has_element(set: dynamic, value): bool",
			Doc: "Whether the array holds value.",
			Bind: functions.BindKinds("set_has_element", types.Bool, boxedTo(types.Bool, func(row []any) (bool, bool) {
				a, ok := asArray(row[0])
				if !ok {
					return false, false
				}
				h := Hash(row[1])
				for _, x := range a {
					if Hash(x) == h && equalElem(x, row[1]) {
						return true, true
					}
				}
				return false, true
			}), 2, 2, kDyn, kAny)},
		&functions.Func{Name: "set_union", Kind: functions.Scalar,
			Sig:  "set_union(set1: dynamic, set2: dynamic, ...): dynamic",
			Doc:  "Distinct values of all the arrays, in order of first appearance.",
			Bind: functions.BindKinds("set_union", types.Dynamic, rowWise(types.Dynamic, setUnion), 2, 64, kDyn)},
		&functions.Func{Name: "set_intersect", Kind: functions.Scalar,
			Sig:  "set_intersect(set1: dynamic, set2: dynamic, ...): dynamic",
			Doc:  "Distinct values present in every array.",
			Bind: functions.BindKinds("set_intersect", types.Dynamic, rowWise(types.Dynamic, setIntersect), 2, 64, kDyn)},
		&functions.Func{Name: "set_difference", Kind: functions.Scalar,
			Sig:  "set_difference(set1: dynamic, set2: dynamic, ...): dynamic",
			Doc:  "Distinct values of the first array that are in none of the others.",
			Bind: functions.BindKinds("set_difference", types.Dynamic, rowWise(types.Dynamic, setDifference), 2, 64, kDyn)},
		&functions.Func{Name: "set_equals", Kind: functions.Scalar,
			Sig: "set_equals(set1: dynamic, set2: dynamic): bool",
			Doc: "Whether both arrays hold the same distinct values.",
			Bind: functions.BindKinds("set_equals", types.Bool, boxedTo(types.Bool, func(row []any) (bool, bool) {
				a, ok1 := asArray(row[0])
				b, ok2 := asArray(row[1])
				if !ok1 || !ok2 {
					return false, false
				}
				sa, sb := distinct(a), distinct(b)
				if sa.len() != sb.len() {
					return false, true
				}
				for _, x := range sa.items {
					if !sb.has(x) {
						return false, true
					}
				}
				return true, true
			}), 2, 2, kDyn)},
		&functions.Func{Name: "jaccard_index", Kind: functions.Scalar,
			Sig: "jaccard_index(set1: dynamic, set2: dynamic): dynamic",
			Doc: "Size of the intersection over size of the union of the arrays' distinct values (a real).",
			Bind: functions.BindKinds("jaccard_index", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				a, ok1 := asArray(row[0])
				b, ok2 := asArray(row[1])
				if !ok1 || !ok2 {
					return nil
				}
				sa, sb := distinct(a), distinct(b)
				inter := 0
				for _, x := range sa.items {
					if sb.has(x) {
						inter++
					}
				}
				union := sa.len() + sb.len() - inter
				if union == 0 {
					return nil
				}
				return float64(inter) / float64(union)
			}), 2, 2, kDyn)},
	)
}

func distinct(a []any) *valueSet {
	s := newValueSet(len(a))
	for _, x := range a {
		s.add(x)
	}
	return s
}

func arraysOf(row []any) ([][]any, bool) {
	out := make([][]any, len(row))
	for i, x := range row {
		a, ok := asArray(x)
		if !ok {
			return nil, false
		}
		out[i] = a
	}
	return out, true
}

func setUnion(row []any) any {
	as, ok := arraysOf(row)
	if !ok {
		return nil
	}
	s := newValueSet(len(as[0]))
	for _, a := range as {
		for _, x := range a {
			s.add(x)
		}
	}
	return s.items
}

func setIntersect(row []any) any {
	as, ok := arraysOf(row)
	if !ok {
		return nil
	}
	others := make([]*valueSet, len(as)-1)
	for i, a := range as[1:] {
		others[i] = distinct(a)
	}
	out := newValueSet(len(as[0]))
next:
	for _, x := range as[0] {
		for _, o := range others {
			if !o.has(x) {
				continue next
			}
		}
		out.add(x)
	}
	return out.items
}

func setDifference(row []any) any {
	as, ok := arraysOf(row)
	if !ok {
		return nil
	}
	others := make([]*valueSet, len(as)-1)
	for i, a := range as[1:] {
		others[i] = distinct(a)
	}
	out := newValueSet(len(as[0]))
next:
	for _, x := range as[0] {
		for _, o := range others {
			if o.has(x) {
				continue next
			}
		}
		out.add(x)
	}
	return out.items
}
