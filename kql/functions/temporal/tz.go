package temporal

import (
	"fmt"
	"time"
	_ "time/tzdata" // time zones must not depend on the host's zoneinfo

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func init() {
	functions.Register(
		&functions.Func{
			Name: "datetime_utc_to_local", Kind: functions.Scalar,
			Sig: "datetime_utc_to_local(from: datetime, timezone: string): datetime",
			Doc: "Converts a UTC datetime to the wall-clock time of an IANA time zone (such as 'US/Pacific').",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindZone("datetime_utc_to_local", args, utcToLocal)
			},
		},
		&functions.Func{
			Name: "datetime_local_to_utc", Kind: functions.Scalar,
			Sig: "datetime_local_to_utc(from: datetime, timezone: string): datetime",
			Doc: "Converts a wall-clock datetime of an IANA time zone to UTC.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				return bindZone("datetime_local_to_utc", args, localToUTC)
			},
		},
	)
}

func utcToLocal(t int64, loc *time.Location) (int64, bool) {
	_, off := value.DateTime(t).Time().In(loc).Zone()
	return addTicks(t, int64(off)*second)
}

func localToUTC(t int64, loc *time.Location) (int64, bool) {
	y, mo, d, tod := dateOf(t)
	wall := time.Date(y, time.Month(mo), d, int(tod/hour), int(tod%hour/minute), int(tod%minute/second), int(tod%second)*100, loc)
	r := int64(value.FromTime(wall))
	return r, validDT(r)
}

// zoneCache loads each distinct zone name once per kernel call.
type zoneCache map[string]*time.Location

func (c zoneCache) get(name string) *time.Location {
	if loc, ok := c[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		loc = nil
	}
	c[string([]byte(name))] = loc
	return loc
}

func bindZone(name string, args []functions.Arg, conv func(int64, *time.Location) (int64, bool)) (*functions.Bound, error) {
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("from", types.DateTime), functions.Req("timezone", types.String)}, args)
	if err != nil {
		return nil, err
	}
	if a := args[1]; a.IsConst {
		if s, ok := a.Value.(string); ok && (zoneCache{}).get(s) == nil {
			return nil, fmt.Errorf("function '%s': unknown time zone '%s'; use an IANA name such as 'UTC', 'Europe/London' or 'US/Pacific'", name, s)
		}
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		zones := zoneCache{}
		dt, tz := args[0], args[1]
		if tz.IsConst() {
			loc := zones.get(tz.Str(0))
			if loc == nil {
				return column.Const(types.DateTime, nil, n), nil
			}
			return functions.MapValues(types.DateTime, dt, n, func(t int64) (int64, bool) { return conv(t, loc) }), nil
		}
		return functions.StrictRows(types.DateTime, args, n, func(i int) (int64, bool) {
			loc := zones.get(tz.Str(i))
			if loc == nil {
				return 0, false
			}
			return conv(dt.Int(i), loc)
		}), nil
	}
	return &functions.Bound{Type: types.DateTime, ArgTypes: argTypes, Eval: eval}, nil
}
