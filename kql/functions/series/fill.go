package series

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Gap filling: series_fill_backward, series_fill_forward,
// series_fill_const and series_fill_linear. A missing element is one
// equal to the placeholder argument: null by default (double(null),
// long(null) and int(null) all mean null elements), or a number compared
// numerically. Elements that are not missing keep their exact value and
// type.

func init() {
	functions.Register(
		&functions.Func{Name: "series_fill_backward", Kind: functions.Scalar,
			Sig:  "series_fill_backward(series: dynamic[, missing_value_placeholder]): dynamic",
			Doc:  "Replaces each missing element with the nearest present element to its right; trailing missing elements stay.",
			Bind: functions.BindKinds("series_fill_backward", types.Dynamic, dynKernel(fillDirectional(true)), 1, 2, kArray, kNumber)},
		&functions.Func{Name: "series_fill_forward", Kind: functions.Scalar,
			Sig:  "series_fill_forward(series: dynamic[, missing_value_placeholder]): dynamic",
			Doc:  "Replaces each missing element with the nearest present element to its left; leading missing elements stay.",
			Bind: functions.BindKinds("series_fill_forward", types.Dynamic, dynKernel(fillDirectional(false)), 1, 2, kArray, kNumber)},
		&functions.Func{Name: "series_fill_const", Kind: functions.Scalar,
			Sig:  "series_fill_const(series: dynamic, constant_value[, missing_value_placeholder]): dynamic",
			Doc:  "Replaces each missing element with constant_value.",
			Bind: functions.BindKinds("series_fill_const", types.Dynamic, dynKernel(fillConst), 2, 3, kArray, kNumber, kNumber)},
		&functions.Func{Name: "series_fill_linear", Kind: functions.Scalar,
			Sig:  "series_fill_linear(series: dynamic[, missing_value_placeholder[, fill_edges: bool[, constant_value]]]): dynamic",
			Doc:  "Interpolates missing elements linearly between their present neighbours (truncated to whole numbers when every present element is an int or long); with fill_edges (the default) leading and trailing gaps take the nearest present element; an array with no present element is filled with constant_value (0 by default).",
			Bind: functions.BindKinds("series_fill_linear", types.Dynamic, dynKernel(fillLinear), 1, 4, kArray, kNumber, kBool, kNumber)},
	)
}

// missing tells whether an element is a gap for a placeholder (nil:
// null elements).
type missing struct {
	null bool
	ph   float64
}

func placeholder(row []any, i int) missing {
	if i >= len(row) || row[i] == nil {
		return missing{null: true}
	}
	f, _ := realOf(row[i])
	return missing{ph: f}
}

func (m missing) is(e any) bool {
	if m.null {
		return e == nil
	}
	f, ok := realOf(e)
	return ok && f == m.ph
}

func fillDirectional(backward bool) func() func([]any) any {
	return func() func([]any) any {
		return func(row []any) any {
			a, ok := asArray(row[0])
			if !ok {
				return nil
			}
			m := placeholder(row, 1)
			out := make([]any, len(a))
			copy(out, a)
			if backward {
				var last any
				have := false
				for i := len(out) - 1; i >= 0; i-- {
					if m.is(out[i]) {
						if have {
							out[i] = last
						}
						continue
					}
					last, have = out[i], true
				}
				return out
			}
			var last any
			have := false
			for i, e := range out {
				if m.is(e) {
					if have {
						out[i] = last
					}
					continue
				}
				last, have = e, true
			}
			return out
		}
	}
}

func fillConst() func([]any) any {
	return func(row []any) any {
		a, ok := asArray(row[0])
		if !ok {
			return nil
		}
		c := row[1]
		m := placeholder(row, 2)
		out := make([]any, len(a))
		for i, e := range a {
			if m.is(e) {
				out[i] = c
			} else {
				out[i] = e
			}
		}
		return out
	}
}

func fillLinear() func([]any) any {
	return func(row []any) any {
		a, ok := asArray(row[0])
		if !ok {
			return nil
		}
		m := placeholder(row, 1)
		edges, ok := boolArg(row, 2, true)
		if !ok {
			edges = true
		}
		var constant any = 0.0
		if len(row) > 3 {
			constant = row[3]
		}
		out := make([]any, len(a))
		copy(out, a)
		// Integral arrays interpolate to whole numbers; any real element
		// makes the interpolation real.
		integral := true
		first, last := -1, -1
		for i, e := range a {
			if m.is(e) {
				continue
			}
			if first < 0 {
				first = i
			}
			last = i
			if _, _, isInt, ok := number(e); ok && !isInt {
				integral = false
			}
		}
		if first < 0 {
			for i := range out {
				out[i] = constant
			}
			return out
		}
		prev := first
		for i := first + 1; i <= last; i++ {
			if m.is(a[i]) {
				continue
			}
			if i-prev > 1 {
				interpolate(out, a, prev, i, integral)
			}
			prev = i
		}
		if edges {
			for i := 0; i < first; i++ {
				out[i] = a[first]
			}
			for i := last + 1; i < len(out); i++ {
				out[i] = a[last]
			}
		}
		return out
	}
}

// interpolate fills out[lo+1 .. hi-1] on the line between a[lo] and
// a[hi]; a non-numeric end leaves the gap as it is.
func interpolate(out, a []any, lo, hi int, integral bool) {
	y0, ok0 := realOf(a[lo])
	y1, ok1 := realOf(a[hi])
	if !ok0 || !ok1 {
		return
	}
	span := float64(hi - lo)
	for i := lo + 1; i < hi; i++ {
		y := y0 + (y1-y0)*float64(i-lo)/span
		if integral {
			out[i] = int64(y)
		} else {
			out[i] = y
		}
	}
}
