package temporal

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "now", Kind: functions.Scalar,
			Sig:  "now([offset: timespan]): datetime",
			Doc:  "The current UTC time, fixed for the whole query, plus an optional offset.",
			Bind: functions.Fixed("now", types.DateTime, []functions.Param{functions.Opt("offset", types.TimeSpan)}, evalNow),
		},
		&functions.Func{
			Name: "ago", Kind: functions.Scalar,
			Sig:  "ago(span: timespan): datetime",
			Doc:  "now() minus the timespan.",
			Bind: functions.Fixed("ago", types.DateTime, []functions.Param{functions.Req("span", types.TimeSpan)}, evalAgo),
		},
	)
}

func evalNow(ctx *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	if len(args) == 0 {
		return column.Const(types.DateTime, ctx.Now, n), nil
	}
	now := ctx.Now
	return functions.MapValues(types.DateTime, args[0], n, func(off int64) (int64, bool) { return addTicks(now, off) }), nil
}

func evalAgo(ctx *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	now := ctx.Now
	return functions.MapValues(types.DateTime, args[0], n, func(span int64) (int64, bool) {
		if span == -span && span != 0 { // math.MinInt64 cannot be negated
			return 0, false
		}
		return addTicks(now, -span)
	}), nil
}
