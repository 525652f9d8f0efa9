package temporal

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

var periodNames = []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"}

// fixedPeriods are the periods of constant length, in ticks.
var fixedPeriods = map[string]int64{
	"week": week, "day": day, "hour": hour, "minute": minute, "second": second,
	"millisecond": milli, "microsecond": micro,
}

// period reads the literal period argument shared by datetime_add and
// datetime_diff (case-insensitive, as Kusto accepts it).
func period(name string, args []functions.Arg) (string, error) {
	s, err := literalString(name, args, 0)
	if err != nil {
		return "", err
	}
	p := strings.ToLower(s)
	for _, w := range periodNames {
		if p == w {
			return p, nil
		}
	}
	return "", fmt.Errorf("function '%s': period '%s' is not one of %s", name, s, oneOf(periodNames))
}

func init() {
	functions.Register(
		&functions.Func{
			Name: "datetime_add", Kind: functions.Scalar,
			Sig:  "datetime_add(period: string, amount: long, date: datetime): datetime",
			Doc:  "Adds amount periods to date; years, quarters and months follow the calendar (the day is clamped to the month's length).",
			Bind: bindDatetimeAdd,
		},
		&functions.Func{
			Name: "datetime_diff", Kind: functions.Scalar,
			Sig:  "datetime_diff(period: string, date1: datetime, date2: datetime): long",
			Doc:  "The number of period boundaries crossed from date2 to date1 (weeks start on Sunday).",
			Bind: bindDatetimeDiff,
		},
	)
}

func bindDatetimeAdd(args []functions.Arg) (*functions.Bound, error) {
	const name = "datetime_add"
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("period", types.String), functions.Req("amount", types.Long), functions.Req("date", types.DateTime)}, args)
	if err != nil {
		return nil, err
	}
	if err := checkInts(name, args, 1); err != nil {
		return nil, err
	}
	per, err := period(name, args)
	if err != nil {
		return nil, err
	}
	add := adder(per)
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		amt, date := args[1], args[2]
		if amt.IsConst() {
			if amt.IsNull(0) {
				return column.Const(types.DateTime, nil, n), nil
			}
			a := amt.Int(0)
			return functions.MapValues(types.DateTime, date, n, func(t int64) (int64, bool) { return add(t, a) }), nil
		}
		return functions.StrictRows(types.DateTime, args[1:], n, func(i int) (int64, bool) { return add(date.Int(i), amt.Int(i)) }), nil
	}
	return &functions.Bound{Type: types.DateTime, ArgTypes: argTypes, Eval: eval}, nil
}

// adder returns the function adding n periods to a datetime.
func adder(per string) func(t, n int64) (int64, bool) {
	switch per {
	case "year":
		return func(t, n int64) (int64, bool) {
			if n > 10000 || n < -10000 {
				return 0, false
			}
			return addMonths(t, n*12)
		}
	case "quarter":
		return func(t, n int64) (int64, bool) {
			if n > 40000 || n < -40000 {
				return 0, false
			}
			return addMonths(t, n*3)
		}
	case "month":
		return addMonths
	case "nanosecond":
		return func(t, n int64) (int64, bool) { return addTicks(t, n/100) }
	}
	size := fixedPeriods[per]
	return func(t, n int64) (int64, bool) {
		d, ok := mulTicks(n, size)
		if !ok {
			return 0, false
		}
		return addTicks(t, d)
	}
}

func bindDatetimeDiff(args []functions.Arg) (*functions.Bound, error) {
	const name = "datetime_diff"
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("period", types.String), functions.Req("date1", types.DateTime), functions.Req("date2", types.DateTime)}, args)
	if err != nil {
		return nil, err
	}
	per, err := period(name, args)
	if err != nil {
		return nil, err
	}
	diff := differ(per)
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		a, b := args[1], args[2]
		if b.IsConst() && !b.IsNull(0) {
			y := b.Int(0)
			return functions.MapValues(types.Long, a, n, func(x int64) (int64, bool) { r := diff(x, y); return r, r != nullDiff }), nil
		}
		return functions.StrictRows(types.Long, args[1:], n, func(i int) (int64, bool) { r := diff(a.Int(i), b.Int(i)); return r, r != nullDiff }), nil
	}
	return &functions.Bound{Type: types.Long, ArgTypes: argTypes, Eval: eval}, nil
}

// nullDiff marks a nanosecond difference too large for a long; no real
// difference of two datetimes equals it.
const (
	nullDiff    = -1 << 63
	maxNanoDiff = (1<<63 - 1) / 100
)

// differ returns the function counting period boundaries between two
// datetimes (a - b): calendar fields for years, quarters and months,
// truncated tick units otherwise.
func differ(per string) func(a, b int64) int64 {
	switch per {
	case "year":
		return func(a, b int64) int64 {
			ya, _, _ := civil(a / day)
			yb, _, _ := civil(b / day)
			return int64(ya - yb)
		}
	case "quarter":
		return func(a, b int64) int64 {
			ya, ma, _ := civil(a / day)
			yb, mb, _ := civil(b / day)
			return int64((ya*4 + (ma-1)/3) - (yb*4 + (mb-1)/3))
		}
	case "month":
		return func(a, b int64) int64 {
			ya, ma, _ := civil(a / day)
			yb, mb, _ := civil(b / day)
			return int64((ya*12 + ma) - (yb*12 + mb))
		}
	case "week":
		return func(a, b int64) int64 {
			da, db := a/day, b/day
			return ((da - weekdaySunday(da)) - (db - weekdaySunday(db))) / 7
		}
	case "nanosecond":
		return func(a, b int64) int64 {
			d := a - b
			if d > maxNanoDiff || d < -maxNanoDiff {
				return nullDiff
			}
			return d * 100
		}
	}
	size := fixedPeriods[per]
	return func(a, b int64) int64 { return a/size - b/size }
}
