package temporal

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// partFunc is a one-argument datetime function returning one number.
type partFunc struct {
	name, doc string
	result    types.Type
	f         func(t int64) int64
}

var partFuncs = []partFunc{
	{"getyear", "The year of a datetime.", types.Int, func(t int64) int64 { y, _, _ := civil(t / day); return int64(y) }},
	{"getmonth", "The month (1-12) of a datetime.", types.Int, monthOf},
	{"monthofyear", "The month (1-12) of a datetime.", types.Int, monthOf},
	{"dayofmonth", "The day of the month (1-31) of a datetime.", types.Int, func(t int64) int64 { _, _, d := civil(t / day); return int64(d) }},
	{"dayofyear", "The day of the year (1-366) of a datetime.", types.Int, func(t int64) int64 { return int64(dayOfYear(t / day)) }},
	{"hourofday", "The hour (0-23) of a datetime.", types.Int, func(t int64) int64 { return t % day / hour }},
	{"dayofweek", "Whole days since the preceding Sunday, as a timespan.", types.TimeSpan, func(t int64) int64 { return weekdaySunday(t/day) * day }},
	{"week_of_year", "The ISO 8601 week number (weeks start Monday; week 1 holds the first Thursday).", types.Int, func(t int64) int64 { return int64(isoWeek(t / day)) }},
}

func monthOf(t int64) int64 { _, m, _ := civil(t / day); return int64(m) }

func init() {
	for _, pf := range partFuncs {
		f, result := pf.f, pf.result
		eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return functions.MapValues(result, args[0], n, func(t int64) (int64, bool) { return f(t), true }), nil
		}
		functions.Register(&functions.Func{
			Name: pf.name, Kind: functions.Scalar,
			Sig:  pf.name + "(date: datetime): " + result.String(),
			Doc:  pf.doc,
			Bind: functions.Fixed(pf.name, result, []functions.Param{functions.Req("date", types.DateTime)}, eval),
		})
	}
	functions.Register(&functions.Func{
		Name: "datetime_part", Aliases: []string{"datepart"}, Kind: functions.Scalar,
		Sig:  "datetime_part(part: string, date: datetime): int",
		Doc:  "Extracts a part of a datetime: year, quarter, month, week_of_year, day, dayofyear, hour, minute, second, millisecond, microsecond or nanosecond.",
		Bind: bindDatetimePart,
	})
}

var dateParts = map[string]func(t int64) int64{
	"year":         func(t int64) int64 { y, _, _ := civil(t / day); return int64(y) },
	"quarter":      func(t int64) int64 { return (monthOf(t)-1)/3 + 1 },
	"month":        monthOf,
	"week_of_year": func(t int64) int64 { return int64(isoWeek(t / day)) },
	"day":          func(t int64) int64 { _, _, d := civil(t / day); return int64(d) },
	"dayofyear":    func(t int64) int64 { return int64(dayOfYear(t / day)) },
	"hour":         func(t int64) int64 { return t % day / hour },
	"minute":       func(t int64) int64 { return t % hour / minute },
	"second":       func(t int64) int64 { return t % minute / second },
	"millisecond":  func(t int64) int64 { return t % second / milli },
	"microsecond":  func(t int64) int64 { return t % second / micro },
	"nanosecond":   func(t int64) int64 { return t % second * 100 },
}

var datePartNames = []string{"year", "quarter", "month", "week_of_year", "day", "dayofyear", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"}

func bindDatetimePart(args []functions.Arg) (*functions.Bound, error) {
	const name = "datetime_part"
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("part", types.String), functions.Req("date", types.DateTime)}, args)
	if err != nil {
		return nil, err
	}
	part, err := literalString(name, args, 0)
	if err != nil {
		return nil, err
	}
	f, ok := dateParts[strings.ToLower(part)]
	if !ok {
		return nil, fmt.Errorf("function '%s': part '%s' is not one of %s", name, part, oneOf(datePartNames))
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapValues(types.Int, args[1], n, func(t int64) (int64, bool) { return f(t), true }), nil
	}
	return &functions.Bound{Type: types.Int, ArgTypes: argTypes, Eval: eval}, nil
}
