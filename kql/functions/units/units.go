// Package units registers Kusto's unit conversion functions
// (convert_angle, convert_energy, convert_force, convert_length,
// convert_mass, convert_speed, convert_temperature, convert_volume).
//
// A unit name that the documentation does not list gives null, as Kusto
// documents. Names match without regard to case.
package units

import (
	"math"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

type quantity struct {
	name, what string
	units      map[string]unit // lower-cased name -> unit
}

var quantities = []quantity{
	{"convert_angle", "an angle", lower(angleUnits())},
	{"convert_energy", "an energy", lower(energyUnits())},
	{"convert_force", "a force", lower(forceUnits())},
	{"convert_length", "a length", lower(lengthUnits())},
	{"convert_mass", "a mass", lower(massUnits())},
	{"convert_speed", "a speed", lower(speedUnits())},
	{"convert_temperature", "a temperature", lower(temperatureUnits())},
	{"convert_volume", "a volume", lower(volumeUnits())},
}

func lower(m map[string]unit) map[string]unit {
	out := make(map[string]unit, len(m))
	for k, u := range m {
		out[strings.ToLower(k)] = u
	}
	return out
}

func init() {
	for _, q := range quantities {
		q := q
		functions.Register(&functions.Func{
			Name: q.name, Kind: functions.Scalar,
			Sig: q.name + "(value: real, from: string, to: string): real",
			Doc: "Converts " + q.what + " value from one unit to another (see the Kusto documentation for the unit names); an unknown unit gives null.",
			Bind: func(args []functions.Arg) (*functions.Bound, error) {
				ts, err := functions.CheckArgs(q.name, []functions.Param{
					functions.Req("value", types.Real), functions.Req("from", types.String), functions.Req("to", types.String),
				}, args)
				if err != nil {
					return nil, err
				}
				if t := args[0].Type; !t.IsNumeric() && t != types.Unknown {
					return nil, functions.ArgTypeError(q.name, 0, "a number", t)
				}
				return &functions.Bound{Type: types.Real, ArgTypes: ts, Eval: q.eval}, nil
			},
		})
	}
}

// lookup finds a unit by name, trying the name as written first so that
// the usual spelling needs no lower-casing.
func (q *quantity) lookup(name string) (unit, bool) {
	if u, ok := q.units[name]; ok {
		return u, true
	}
	u, ok := q.units[strings.ToLower(name)]
	return u, ok
}

// convert applies from then to. A tilt outside [-1, 1] has no angle:
// its arcsine is NaN, as in Kusto.
func convert(x float64, from, to unit) (float64, bool) {
	var base float64
	if from.tilt {
		base = math.Asin(x) * 180 / math.Pi
	} else {
		base = x*from.scale + from.offset
	}
	if to.tilt {
		return math.Sin(base / 180 * math.Pi), true
	}
	if from == to {
		return x, true
	}
	return (base - to.offset) / to.scale, true
}

func (q *quantity) eval(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	val, from, to := args[0], args[1], args[2]
	if from.IsConst() && to.IsConst() {
		fu, ok1 := q.lookup(from.Str(0))
		tu, ok2 := q.lookup(to.Str(0))
		if !ok1 || !ok2 {
			return functions.NullConst(types.Real, n), nil
		}
		return functions.MapValues(types.Real, val, n, func(x float64) (float64, bool) { return convert(x, fu, tu) }), nil
	}
	out := make([]float64, n)
	var nulls column.Bitmap
	for i := 0; i < n; i++ {
		fu, ok1 := q.lookup(from.Str(i))
		tu, ok2 := q.lookup(to.Str(i))
		ok := ok1 && ok2 && !val.IsNull(i)
		if ok {
			out[i], ok = convert(val.Real(i), fu, tu)
		}
		if !ok {
			functions.SetNull(&nulls, n, i)
		}
	}
	return column.FromReals(types.Real, out, nulls), nil
}
