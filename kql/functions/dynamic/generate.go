package dynamic

import (
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{Name: "range", Kind: functions.Scalar,
			Sig:  "range(start, stop[, step]): dynamic",
			Doc:  "Array of start, start+step, ... up to stop (numbers, datetimes or timespans; default step 1 or 1h; at most 1,048,576 values).",
			Bind: bindRange},
		&functions.Func{Name: "repeat", Kind: functions.Scalar,
			Sig:  "repeat(value, count: long): dynamic",
			Doc:  "Array holding value count times: empty for 0, null for a negative count.",
			Bind: functions.BindKinds("repeat", types.Dynamic, rowWise(types.Dynamic, repeatValue), 2, 2, kAny, kLong)},
	)
}

func bindRange(args []functions.Arg) (*functions.Bound, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, errorf("function 'range' expects 2 to 3 arguments, got %d", len(args))
	}
	start := args[0].Type
	if start == types.Unknown {
		start = args[1].Type
	}
	var ts []types.Type
	var eval functions.ScalarKernel
	switch {
	case start == types.DateTime || start == types.TimeSpan:
		if t := args[1].Type; t != start && t != types.Unknown {
			return nil, errorf("function 'range': stop must be a %s like start, got %s", start, t)
		}
		if len(args) == 3 && args[2].Type != types.TimeSpan && args[2].Type != types.Unknown {
			return nil, errorf("function 'range': step must be a timespan, got %s", args[2].Type)
		}
		ts = []types.Type{start, start, types.TimeSpan}[:len(args)]
		eval = rowWise(types.Dynamic, func(row []any) any { return rangeTicks(row, start == types.DateTime) })
	case start.IsNumeric() || start == types.Unknown:
		t := types.Long
		for _, a := range args {
			if !a.Type.IsNumeric() && a.Type != types.Unknown {
				return nil, errorf("function 'range': arguments must be numbers, datetimes or timespans, got %s", a.Type)
			}
			if a.Type == types.Real || a.Type == types.Decimal {
				t = types.Real
			}
		}
		ts = make([]types.Type, len(args))
		for i := range ts {
			ts[i] = t
		}
		if t == types.Real {
			eval = rowWise(types.Dynamic, rangeReal)
		} else {
			eval = rowWise(types.Dynamic, rangeLong)
		}
	default:
		return nil, errorf("function 'range': start must be a number, datetime or timespan, got %s", start)
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: ts, Eval: eval}, nil
}

func rangeLong(row []any) any {
	start, ok1 := asLong(row[0])
	stop, ok2 := asLong(row[1])
	step := int64(1)
	ok3 := true
	if len(row) > 2 {
		step, ok3 = asLong(row[2])
	}
	if !ok1 || !ok2 || !ok3 || step == 0 {
		return nil
	}
	out := []any{}
	for x := start; len(out) < maxArray && ((step > 0 && x <= stop) || (step < 0 && x >= stop)); x += step {
		out = append(out, x)
		if (step > 0 && x > stop-step) || (step < 0 && x < stop-step) {
			break // the next value would pass stop (or overflow)
		}
	}
	return out
}

func rangeReal(row []any) any {
	start, ok1 := asReal(row[0])
	stop, ok2 := asReal(row[1])
	step := 1.0
	ok3 := true
	if len(row) > 2 {
		step, ok3 = asReal(row[2])
	}
	if !ok1 || !ok2 || !ok3 || step == 0 || step != step {
		return nil
	}
	out := []any{}
	for i := 0; i < maxArray; i++ {
		x := start + float64(i)*step
		if (step > 0 && x > stop) || (step < 0 && x < stop) {
			break
		}
		out = append(out, x)
	}
	return out
}

func ticksOf(v any) (int64, bool) {
	switch x := v.(type) {
	case value.DateTime:
		return int64(x), true
	case value.TimeSpan:
		return int64(x), true
	}
	return 0, false
}

func rangeTicks(row []any, datetime bool) any {
	start, ok1 := ticksOf(row[0])
	stop, ok2 := ticksOf(row[1])
	step, ok3 := value.Hour, true
	if len(row) > 2 {
		step, ok3 = ticksOf(row[2])
	}
	if !ok1 || !ok2 || !ok3 || step == 0 {
		return nil
	}
	out := []any{}
	for x := start; len(out) < maxArray && ((step > 0 && x <= stop) || (step < 0 && x >= stop)); x += step {
		if datetime {
			out = append(out, value.DateTime(x))
		} else {
			out = append(out, value.TimeSpan(x))
		}
		if (step > 0 && x > stop-step) || (step < 0 && x < stop-step) {
			break
		}
	}
	return out
}

func repeatValue(row []any) any {
	k, ok := asLong(row[1])
	if !ok {
		return nil
	}
	if k < 0 {
		return nil // documented: a negative count gives null
	}
	if k > maxArray {
		k = maxArray
	}
	out := make([]any, k)
	for i := range out {
		out[i] = row[0]
	}
	return out
}
