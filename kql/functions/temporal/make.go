package temporal

import (
	"fmt"
	"math"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "make_datetime", Kind: functions.Scalar,
			Sig:  "make_datetime(year, month, day [, hour, minute [, second: real]]) | make_datetime(value): datetime",
			Doc:  "Builds a datetime from its parts (an invalid date or time gives null), or converts one datetime, string or dynamic value as todatetime does.",
			Bind: bindMakeDatetime,
		},
		&functions.Func{
			Name: "make_timespan", Kind: functions.Scalar,
			Sig:  "make_timespan(hour, minute) | make_timespan(hour, minute, second) | make_timespan(day, hour, minute, second): timespan",
			Doc:  "Builds a timespan from days, hours, minutes and (fractional) seconds.",
			Bind: bindMakeTimespan,
		},
	)
	for _, u := range []struct {
		name, unit string
		ticks      int64 // ticks per unit, or 0 for nanoseconds (1/100 tick)
	}{
		{"unixtime_seconds_todatetime", "seconds", second},
		{"unixtime_milliseconds_todatetime", "milliseconds", milli},
		{"unixtime_microseconds_todatetime", "microseconds", micro},
		{"unixtime_nanoseconds_todatetime", "nanoseconds", 0},
	} {
		name, per := u.name, u.ticks
		functions.Register(&functions.Func{
			Name: name, Kind: functions.Scalar,
			Sig:  name + "(" + u.unit + ": real): datetime",
			Doc:  "Converts " + u.unit + " since 1970-01-01 (Unix epoch) to a UTC datetime; out of range gives null.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) { return bindUnixtime(name, per, args) },
		})
	}
}

// secondsToTicks converts real seconds to ticks, rounded to the nearest
// tick so that decimal fractions such as 0.1234567 survive binary
// floating point.
func secondsToTicks(s float64) (int64, bool) {
	t := math.Round(s * float64(second))
	if math.IsNaN(t) || t > math.MaxInt64/2 || t < math.MinInt64/2 {
		return 0, false
	}
	return int64(t), true
}

func bindMakeDatetime(args []functions.Arg) (*functions.Bound, error) {
	const name = "make_datetime"
	if len(args) == 1 {
		return bindMakeDatetimeOf(args[0])
	}
	params := []functions.Param{functions.Req("year", types.Long), functions.Req("month", types.Long), functions.Req("day", types.Long),
		functions.Opt("hour", types.Long), functions.Opt("minute", types.Long), functions.Opt("second", types.Real)}
	argTypes, err := functions.CheckArgs(name, params, args)
	if err != nil {
		return nil, err
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.StrictRows(types.DateTime, args, n, func(i int) (int64, bool) {
			var parts [5]int64
			for k := 0; k < 5 && k < len(args); k++ {
				parts[k] = args[k].Int(i)
			}
			var sec float64
			if len(args) == 6 {
				sec = args[5].Real(i)
			}
			return makeDatetime(parts[0], parts[1], parts[2], parts[3], parts[4], sec)
		}), nil
	}
	return &functions.Bound{Type: types.DateTime, ArgTypes: argTypes, Eval: eval}, nil
}

// bindMakeDatetimeOf binds the one-argument form that Kusto also accepts
// (make_datetime(value) over a datetime, or a string or dynamic holding
// one, as mv-expand produces): the value converted as todatetime does.
func bindMakeDatetimeOf(a functions.Arg) (*functions.Bound, error) {
	switch a.Type {
	case types.DateTime, types.String, types.Dynamic, types.Unknown:
	default:
		return nil, fmt.Errorf("function 'make_datetime' expects (year, month, day [, hour, minute [, second]]) or one datetime, string or dynamic value, got %s", a.Type)
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		if args[0].Type == types.DateTime {
			c := *args[0]
			return &c, nil
		}
		return functions.Convert(args[0], types.DateTime)
	}
	return &functions.Bound{Type: types.DateTime, ArgTypes: []types.Type{a.Type}, Eval: eval}, nil
}

func makeDatetime(y, mo, d, h, mi int64, sec float64) (int64, bool) {
	if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > int64(daysInMonth(int(y), int(mo))) ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 60) {
		return 0, false
	}
	st, ok := secondsToTicks(sec)
	if !ok || st >= minute {
		return 0, false
	}
	return daysFromCivil(int(y), int(mo), int(d))*day + h*hour + mi*minute + st, true
}

func bindMakeTimespan(args []functions.Arg) (*functions.Bound, error) {
	const name = "make_timespan"
	if len(args) < 2 || len(args) > 4 {
		return nil, fmt.Errorf("function '%s' expects 2 to 4 arguments (hour, minute), (hour, minute, second) or (day, hour, minute, second), got %d", name, len(args))
	}
	params := []functions.Param{functions.Req("hour", types.Long), functions.Req("minute", types.Long)}
	switch len(args) {
	case 3:
		params = append(params, functions.Req("second", types.Real))
	case 4:
		params = []functions.Param{functions.Req("day", types.Long), functions.Req("hour", types.Long), functions.Req("minute", types.Long), functions.Req("second", types.Real)}
	}
	argTypes, err := functions.CheckArgs(name, params, args)
	if err != nil {
		return nil, err
	}
	if err := checkInts(name, args, 0, 1); err != nil {
		return nil, err
	}
	if len(args) == 4 {
		if err := checkInts(name, args, 2); err != nil {
			return nil, err
		}
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.StrictRows(types.TimeSpan, args, n, func(i int) (int64, bool) {
			var d, h, m int64
			var s float64
			switch len(args) {
			case 2:
				h, m = args[0].Int(i), args[1].Int(i)
			case 3:
				h, m, s = args[0].Int(i), args[1].Int(i), args[2].Real(i)
			default:
				d, h, m, s = args[0].Int(i), args[1].Int(i), args[2].Int(i), args[3].Real(i)
			}
			return makeTimespan(d, h, m, s)
		}), nil
	}
	return &functions.Bound{Type: types.TimeSpan, ArgTypes: argTypes, Eval: eval}, nil
}

func makeTimespan(d, h, m int64, s float64) (int64, bool) {
	total, ok := secondsToTicks(s)
	if !ok {
		return 0, false
	}
	for _, part := range [...][2]int64{{d, day}, {h, hour}, {m, minute}} {
		t, ok := mulTicks(part[0], part[1])
		if !ok {
			return 0, false
		}
		sum := total + t
		if (t > 0 && sum < total) || (t < 0 && sum > total) {
			return 0, false
		}
		total = sum
	}
	return total, true
}

// bindUnixtime binds a unixtime_*_todatetime function: integers convert
// exactly, reals are rounded to the nearest tick.
func bindUnixtime(name string, per int64, args []functions.Arg) (*functions.Bound, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("function '%s' expects 1 argument, got %d", name, len(args))
	}
	t := args[0].Type
	switch {
	case t == types.Int || t == types.Long || t == types.Unknown:
		eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return functions.MapValues(types.DateTime, args[0], n, func(x int64) (int64, bool) {
				var rel int64
				if per == 0 {
					rel = x / 100
				} else {
					var ok bool
					if rel, ok = mulTicks(x, per); !ok {
						return 0, false
					}
				}
				return addTicks(value.UnixEpoch, rel)
			}), nil
		}
		return &functions.Bound{Type: types.DateTime, ArgTypes: []types.Type{types.Long}, Eval: eval}, nil
	case t == types.Real || t == types.Decimal:
		scale := float64(per)
		if per == 0 {
			scale = 0.01
		}
		eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			v := args[0]
			return functions.StrictRows(types.DateTime, args, n, func(i int) (int64, bool) {
				r := math.Round(v.Real(i) * scale)
				if !(r >= -float64(value.UnixEpoch) && r <= float64(maxTicks-value.UnixEpoch)) {
					return 0, false
				}
				return addTicks(value.UnixEpoch, int64(r))
			}), nil
		}
		return &functions.Bound{Type: types.DateTime, ArgTypes: []types.Type{types.Real}, Eval: eval}, nil
	}
	return nil, fmt.Errorf("function '%s' expects a number, got %s", name, t)
}
