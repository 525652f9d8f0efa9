package dynamic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{Name: "array_length", Aliases: []string{"arraylength"}, Kind: functions.Scalar,
			Sig: "array_length(array: dynamic): long",
			Doc: "Number of elements of a dynamic array; null when the value is not an array.",
			Bind: functions.BindKinds("array_length", types.Long, boxedTo(types.Long, func(row []any) (int64, bool) {
				a, ok := asArray(row[0])
				return int64(len(a)), ok
			}), 1, 1, kDyn)},
		&functions.Func{Name: "array_concat", Kind: functions.Scalar,
			Sig:  "array_concat(array1: dynamic, ...): dynamic",
			Doc:  "Concatenates arrays; null when any argument is not an array.",
			Bind: functions.BindKinds("array_concat", types.Dynamic, rowWise(types.Dynamic, arrayConcat), 1, 64, kDyn)},
		&functions.Func{Name: "array_slice", Kind: functions.Scalar,
			Sig:  "array_slice(array: dynamic, start: long, end: long): dynamic",
			Doc:  "Elements from start to end inclusive; negative indices count from the end; out-of-range indices are clamped.",
			Bind: functions.BindKinds("array_slice", types.Dynamic, rowWise(types.Dynamic, arraySlice), 3, 3, kDyn, kLong, kLong)},
		&functions.Func{Name: "array_reverse", Kind: functions.Scalar,
			Sig: "array_reverse(array: dynamic): dynamic",
			Doc: "The array in reverse order; null when the value is not an array.",
			Bind: functions.BindKinds("array_reverse", types.Dynamic, rowWise(types.Dynamic, func(row []any) any {
				a, ok := asArray(row[0])
				if !ok {
					return nil
				}
				out := make([]any, len(a))
				for i, x := range a {
					out[len(a)-1-i] = x
				}
				return out
			}), 1, 1, kDyn)},
		&functions.Func{Name: "array_index_of", Kind: functions.Scalar,
			Sig:  "array_index_of(array: dynamic, value[, start: long[, length: long[, occurrence: long]]]): long",
			Doc:  "Zero-based position of value in the array, or -1.",
			Bind: functions.BindKinds("array_index_of", types.Long, boxedTo(types.Long, arrayIndexOf), 2, 5, kDyn, kAny, kLong, kLong, kLong)},
		&functions.Func{Name: "array_iff", Aliases: []string{"array_iif"}, Kind: functions.Scalar,
			Sig:  "array_iff(conditions: dynamic, when_true, when_false): dynamic",
			Doc:  "Element-wise iff: picks from when_true or when_false (arrays or scalars) by each condition.",
			Bind: functions.BindKinds("array_iff", types.Dynamic, rowWise(types.Dynamic, arrayIff), 3, 3, kDyn, kAny, kAny)},
		&functions.Func{Name: "array_rotate_left", Kind: functions.Scalar,
			Sig:  "array_rotate_left(array: dynamic, count: long): dynamic",
			Doc:  "Rotates the elements count positions to the left (negative: to the right).",
			Bind: functions.BindKinds("array_rotate_left", types.Dynamic, rowWise(types.Dynamic, func(row []any) any { return rotate(row, 1) }), 2, 2, kDyn, kLong)},
		&functions.Func{Name: "array_rotate_right", Kind: functions.Scalar,
			Sig:  "array_rotate_right(array: dynamic, count: long): dynamic",
			Doc:  "Rotates the elements count positions to the right (negative: to the left).",
			Bind: functions.BindKinds("array_rotate_right", types.Dynamic, rowWise(types.Dynamic, func(row []any) any { return rotate(row, -1) }), 2, 2, kDyn, kLong)},
		&functions.Func{Name: "array_shift_left", Kind: functions.Scalar,
			Sig:  "array_shift_left(array: dynamic, count: long[, fill]): dynamic",
			Doc:  "Shifts elements count positions to the left, filling with fill (default null).",
			Bind: functions.BindKinds("array_shift_left", types.Dynamic, rowWise(types.Dynamic, func(row []any) any { return shift(row, 1) }), 2, 3, kDyn, kLong, kAny)},
		&functions.Func{Name: "array_shift_right", Kind: functions.Scalar,
			Sig:  "array_shift_right(array: dynamic, count: long[, fill]): dynamic",
			Doc:  "Shifts elements count positions to the right, filling with fill (default null).",
			Bind: functions.BindKinds("array_shift_right", types.Dynamic, rowWise(types.Dynamic, func(row []any) any { return shift(row, -1) }), 2, 3, kDyn, kLong, kAny)},
		&functions.Func{Name: "array_split", Kind: functions.Scalar,
			Sig:  "array_split(array: dynamic, indices: long or dynamic): dynamic",
			Doc:  "Splits the array at the given indices into an array of arrays.",
			Bind: bindArraySplit},
		&functions.Func{Name: "array_sum", Kind: functions.Scalar,
			Sig:  "array_sum(array: dynamic): real",
			Doc:  "Sum of the elements; null when the value is not an array or holds a non-number.",
			Bind: functions.BindKinds("array_sum", types.Real, rowWise(types.Real, arraySum), 1, 1, kDyn)},
		&functions.Func{Name: "zip", Kind: functions.Scalar,
			Sig:  "zip(array1: dynamic, array2: dynamic, ...): dynamic",
			Doc:  "Array of arrays pairing the i-th elements; shorter arrays are padded with null.",
			Bind: functions.BindKinds("zip", types.Dynamic, rowWise(types.Dynamic, zip), 2, 16, kDyn)},
	)
}

func arrayConcat(row []any) any {
	n := 0
	for _, x := range row {
		a, ok := asArray(x)
		if !ok {
			return nil
		}
		n += len(a)
	}
	out := make([]any, 0, n)
	for _, x := range row {
		out = append(out, x.([]any)...)
	}
	return out
}

// normIndex maps a possibly negative index onto [0, n].
func normIndex(i, n int64) int64 {
	if i < 0 {
		i += n
	}
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

func arraySlice(row []any) any {
	a, ok := asArray(row[0])
	s, ok1 := asLong(row[1])
	e, ok2 := asLong(row[2])
	if !ok || !ok1 || !ok2 {
		return nil
	}
	n := int64(len(a))
	if s < 0 {
		s += n
	}
	if e < 0 {
		e += n
	}
	if s < 0 {
		s = 0
	}
	if e >= n {
		e = n - 1
	}
	if s > e || s >= n {
		return []any{}
	}
	return append([]any(nil), a[s:e+1]...)
}

func arrayIndexOf(row []any) (int64, bool) {
	a, ok := asArray(row[0])
	if !ok || row[1] == nil {
		return 0, false
	}
	n := int64(len(a))
	start, length, occ := int64(0), int64(-1), int64(1)
	if len(row) > 2 {
		if start, ok = asLong(row[2]); !ok {
			return 0, false
		}
	}
	if len(row) > 3 {
		if length, ok = asLong(row[3]); !ok {
			return 0, false
		}
	}
	if len(row) > 4 {
		if occ, ok = asLong(row[4]); !ok {
			return 0, false
		}
	}
	if occ < 0 || length < -1 {
		return 0, false
	}
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	end := n
	if length >= 0 && start+length < n {
		end = start + length
	}
	h := Hash(row[1])
	for i := start; i < end; i++ {
		if Hash(a[i]) == h && equalElem(a[i], row[1]) {
			occ--
			if occ <= 0 {
				return i, true
			}
		}
	}
	return -1, true
}

func arrayIff(row []any) any {
	cond, ok := asArray(row[0])
	if !ok {
		return nil
	}
	pick := func(src any, i int) any {
		if a, ok := asArray(src); ok {
			if i < len(a) {
				return a[i]
			}
			return nil
		}
		return src
	}
	out := make([]any, len(cond))
	for i, c := range cond {
		var t bool
		switch x := c.(type) {
		case bool:
			t = x
		default:
			f, ok := asReal(c)
			if !ok {
				out[i] = nil
				continue
			}
			t = f != 0
		}
		if t {
			out[i] = pick(row[1], i)
		} else {
			out[i] = pick(row[2], i)
		}
	}
	return out
}

// rotate moves elements dir*count positions to the left.
func rotate(row []any, dir int64) any {
	a, ok := asArray(row[0])
	k, ok1 := asLong(row[1])
	if !ok || !ok1 {
		return nil
	}
	n := int64(len(a))
	out := make([]any, n)
	if n == 0 {
		return out
	}
	k = ((k*dir)%n + n) % n
	for i := int64(0); i < n; i++ {
		out[i] = a[(i+k)%n]
	}
	return out
}

// shift moves elements dir*count positions to the left, filling the gap.
func shift(row []any, dir int64) any {
	a, ok := asArray(row[0])
	k, ok1 := asLong(row[1])
	if !ok || !ok1 {
		return nil
	}
	var fill any
	if len(row) > 2 {
		fill = row[2]
	}
	n := int64(len(a))
	k *= dir
	out := make([]any, n)
	for i := int64(0); i < n; i++ {
		j := i + k
		if j >= 0 && j < n {
			out[i] = a[j]
		} else {
			out[i] = fill
		}
	}
	return out
}

func bindArraySplit(args []functions.Arg) (*functions.Bound, error) {
	ts, err := functions.CheckKinds("array_split", args, 2, 2, kDyn, kAny)
	if err != nil {
		return nil, err
	}
	if t := args[1].Type; t != types.Dynamic && t != types.Unknown && !t.IsInteger() {
		return nil, errorf("function 'array_split': argument 2 must be an integer or a dynamic array of integers, got %s", t)
	}
	if args[1].Type.IsInteger() {
		ts[1] = types.Long
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: rowWise(types.Dynamic, arraySplit)}, nil
}

func arraySplit(row []any) any {
	a, ok := asArray(row[0])
	if !ok {
		return nil
	}
	var idx []int64
	if xs, ok := asArray(row[1]); ok {
		for _, x := range xs {
			i, ok := asLong(x)
			if !ok {
				return nil
			}
			idx = append(idx, i)
		}
	} else if i, ok := asLong(row[1]); ok {
		idx = []int64{i}
	} else {
		return nil
	}
	n := int64(len(a))
	out := make([]any, 0, len(idx)+1)
	prev := int64(0)
	for _, i := range append(idx, n) {
		i = normIndex(i, n)
		if i > prev {
			out = append(out, append([]any(nil), a[prev:i]...))
			prev = i
		} else {
			out = append(out, []any{})
		}
	}
	return out
}

func arraySum(row []any) any {
	a, ok := asArray(row[0])
	if !ok {
		return nil
	}
	s := 0.0
	for _, x := range a {
		f, ok := asReal(x)
		if !ok {
			return nil
		}
		s += f
	}
	return s
}

func zip(row []any) any {
	n := 0
	for _, x := range row {
		a, ok := asArray(x)
		if !ok {
			return nil
		}
		if len(a) > n {
			n = len(a)
		}
	}
	out := make([]any, n)
	for i := range out {
		t := make([]any, len(row))
		for j, x := range row {
			if a := x.([]any); i < len(a) {
				t[j] = a[i]
			}
		}
		out[i] = t
	}
	return out
}
