package temporal

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// periodStart returns the start of the period holding t, moved by offset
// whole periods; ok is false when the result leaves the datetime range.
type periodStart func(t, offset int64) (int64, bool)

func startOfDay(t, off int64) (int64, bool) {
	d, ok := mulTicks(off, day)
	if !ok {
		return 0, false
	}
	return addTicks(t-t%day, d)
}

func startOfWeek(t, off int64) (int64, bool) {
	days := t / day
	d, ok := mulTicks(off, week)
	if !ok {
		return 0, false
	}
	start := (days - weekdaySunday(days)) * day
	if start < 0 {
		// The week of 0001-01-01 began on Sunday 0000-12-31, before
		// the first datetime; an offset may still bring it back.
		if r := start + d; validDT(r) && d > 0 {
			return r, true
		}
		return 0, false
	}
	return addTicks(start, d)
}

func startOfMonth(t, off int64) (int64, bool) {
	y, m, _, _ := dateOf(t)
	return addMonths(daysFromCivil(y, m, 1)*day, off)
}

func startOfYear(t, off int64) (int64, bool) {
	y, _, _, _ := dateOf(t)
	if off > 9999 || off < -9999 {
		return 0, false
	}
	return addMonths(daysFromCivil(y, 1, 1)*day, off*12)
}

// endOf turns a period start function into the matching end function:
// the last tick before the next period starts.
func endOf(start periodStart) periodStart {
	return func(t, off int64) (int64, bool) {
		if off == 1<<63-1 {
			return 0, false
		}
		next, ok := start(t, off+1)
		if !ok {
			// The next period may start just past 9999-12-31.
			if s, ok2 := start(t, off); ok2 && isLastPeriod(start, s) {
				return maxTicks, true
			}
			return 0, false
		}
		return next - 1, true
	}
}

// isLastPeriod reports whether the period starting at s is the last one
// before the end of the datetime range.
func isLastPeriod(start periodStart, s int64) bool {
	_, ok := start(s, 1)
	return !ok
}

func init() {
	for _, def := range []struct {
		name, doc string
		f         periodStart
	}{
		{"startofday", "The start of the day holding date, moved by offset days.", startOfDay},
		{"startofweek", "The start of the week (Sunday) holding date, moved by offset weeks.", startOfWeek},
		{"startofmonth", "The start of the month holding date, moved by offset months.", startOfMonth},
		{"startofyear", "The start of the year holding date, moved by offset years.", startOfYear},
		{"endofday", "The last tick of the day holding date, moved by offset days.", endOf(startOfDay)},
		{"endofweek", "The last tick of the week (Saturday) holding date, moved by offset weeks.", endOf(startOfWeek)},
		{"endofmonth", "The last tick of the month holding date, moved by offset months.", endOf(startOfMonth)},
		{"endofyear", "The last tick of the year holding date, moved by offset years.", endOf(startOfYear)},
	} {
		name, f := def.name, def.f
		functions.Register(&functions.Func{
			Name: name, Kind: functions.Scalar,
			Sig: name + "(date: datetime [, offset: long]): datetime",
			Doc: def.doc,
			Bind: fixedInts(name, types.DateTime, []functions.Param{functions.Req("date", types.DateTime), functions.Opt("offset", types.Long)}, []int{1},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return evalPeriod(f, args, n), nil
				}),
		})
	}
}

// evalPeriod runs a period function with its optional offset; the
// common case of a constant (or absent) offset is a single loop.
func evalPeriod(f periodStart, args []*column.Vector, n int) *column.Vector {
	if len(args) == 1 || args[1].IsConst() {
		var off int64
		if len(args) == 2 {
			if args[1].IsNull(0) {
				return column.Const(types.DateTime, nil, n)
			}
			off = args[1].Int(0)
		}
		return functions.MapValues(types.DateTime, args[0], n, func(t int64) (int64, bool) { return f(t, off) })
	}
	d, o := args[0], args[1]
	return functions.StrictRows(types.DateTime, args, n, func(i int) (int64, bool) { return f(d.Int(i), o.Int(i)) })
}
