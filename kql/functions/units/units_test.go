package units

import (
	"math"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
)

func near(got any, want float64) bool {
	g, ok := got.(float64)
	if !ok {
		return false
	}
	if math.IsNaN(want) {
		return math.IsNaN(g)
	}
	return g == want || math.Abs(g-want) <= 1e-12*math.Abs(want)
}

func TestConvertConstUnits(t *testing.T) {
	cases := []struct {
		fn       string
		x        float64
		from, to string
		want     float64
	}{
		{"convert_angle", 1.2, "Degree", "Arcminute", 72},
		{"convert_angle", 0.5, "Tilt", "Degree", 30},
		{"convert_angle", 2, "Tilt", "Degree", math.NaN()},
		{"convert_energy", 1.2, "Joule", "BritishThermalUnit", 0.00113738054437598},
		{"convert_force", 1.2, "Newton", "Decanewton", 0.12},
		{"convert_length", 1.2, "Meter", "Foot", 3.93700787401575},
		{"convert_length", 1, "Parsec", "AstronomicalUnit", 648000 / math.Pi},
		{"convert_mass", 1.2, "Kilogram", "Pound", 2.64554714621853},
		{"convert_speed", 1.2, "MeterPerSecond", "CentimeterPerHour", 432000},
		{"convert_temperature", 1.2, "Kelvin", "DegreeCelsius", -271.95},
		{"convert_temperature", 32, "DegreeFahrenheit", "Kelvin", 273.15},
		{"convert_temperature", 0, "DegreeCelsius", "DegreeRoemer", 7.5},
		{"convert_volume", 1.2, "CubicMeter", "AcreFoot", 0.0009728568},
		{"convert_volume", 2, "UsPint", "UsQuart", 1},
	}
	for _, c := range cases {
		got := fntest.One(t, c.fn, fntest.Col(types.Real, c.x), fntest.Lit(types.String, c.from), fntest.Lit(types.String, c.to))
		// The documented digits are rounded to 15 significant digits.
		if !near(got, c.want) && !(math.Abs(got.(float64)-c.want) <= 1e-14*math.Abs(c.want)) {
			t.Errorf("%s(%v, %s, %s) = %v, want %v", c.fn, c.x, c.from, c.to, got, c.want)
		}
	}
}

func TestConvertPerRowUnits(t *testing.T) {
	rows, typ, err := fntest.Call(t, "convert_length",
		fntest.Col(types.Real, 1.0, 2.0, nil, 4.0, 5.0),
		fntest.DictCol("Meter", "KILOMETER", "Meter", "Yard", ""),
		fntest.Col(types.String, "Centimeter", "Meter", "Foot", "Foot", "Foot"))
	if err != nil || typ != types.Real {
		t.Fatalf("err %v, type %v", err, typ)
	}
	want := []any{100.0, 2000.0, nil, 12.0, nil}
	for i, w := range want {
		if w == nil {
			if rows[i] != nil {
				t.Errorf("row %d = %v, want null", i, rows[i])
			}
			continue
		}
		if !near(rows[i], w.(float64)) {
			t.Errorf("row %d = %v, want %v", i, rows[i], w)
		}
	}
}

func TestConvertBindErrors(t *testing.T) {
	for _, args := range [][]fntest.Arg{
		{fntest.Lit(types.String, "1"), fntest.Lit(types.String, "Meter"), fntest.Lit(types.String, "Foot")},
		{fntest.Lit(types.Real, 1.0), fntest.Lit(types.String, "Meter")},
		{fntest.Lit(types.Real, 1.0), fntest.Lit(types.Long, int64(1)), fntest.Lit(types.String, "Foot")},
	} {
		if _, err := fntest.Bind("convert_length", args...); err == nil {
			t.Errorf("convert_length%v: no error", args)
		}
	}
}

// Every documented unit name resolves.
func TestDocumentedUnits(t *testing.T) {
	doc := map[string][]string{
		"convert_length":      {"Angstrom", "AstronomicalUnit", "Centimeter", "Chain", "DataMile", "Decameter", "Decimeter", "DtpPica", "DtpPoint", "Fathom", "Foot", "Hand", "Hectometer", "Inch", "KilolightYear", "Kilometer", "Kiloparsec", "LightYear", "MegalightYear", "Megaparsec", "Meter", "Microinch", "Micrometer", "Mil", "Mile", "Millimeter", "Nanometer", "NauticalMile", "Parsec", "PrinterPica", "PrinterPoint", "Shackle", "SolarRadius", "Twip", "UsSurveyFoot", "Yard"},
		"convert_energy":      {"BritishThermalUnit", "Calorie", "DecathermEc", "DecathermImperial", "DecathermUs", "ElectronVolt", "Erg", "FootPound", "GigabritishThermalUnit", "GigaelectronVolt", "Gigajoule", "GigawattDay", "GigawattHour", "HorsepowerHour", "Joule", "KilobritishThermalUnit", "Kilocalorie", "KiloelectronVolt", "Kilojoule", "KilowattDay", "KilowattHour", "MegabritishThermalUnit", "Megacalorie", "MegaelectronVolt", "Megajoule", "MegawattDay", "MegawattHour", "Millijoule", "TeraelectronVolt", "TerawattDay", "TerawattHour", "ThermEc", "ThermImperial", "ThermUs", "WattDay", "WattHour"},
		"convert_force":       {"Decanewton", "Dyn", "KilogramForce", "Kilonewton", "KiloPond", "KilopoundForce", "Meganewton", "Micronewton", "Millinewton", "Newton", "OunceForce", "Poundal", "PoundForce", "ShortTonForce", "TonneForce"},
		"convert_mass":        {"Centigram", "Decagram", "Decigram", "EarthMass", "Grain", "Gram", "Hectogram", "Kilogram", "Kilopound", "Kilotonne", "LongHundredweight", "LongTon", "Megapound", "Megatonne", "Microgram", "Milligram", "Nanogram", "Ounce", "Pound", "ShortHundredweight", "ShortTon", "Slug", "SolarMass", "Stone", "Tonne"},
		"convert_volume":      {"AcreFoot", "AuTablespoon", "BoardFoot", "Centiliter", "CubicCentimeter", "CubicDecimeter", "CubicFoot", "CubicHectometer", "CubicInch", "CubicKilometer", "CubicMeter", "CubicMicrometer", "CubicMile", "CubicMillimeter", "CubicYard", "Decaliter", "DecausGallon", "Deciliter", "DeciusGallon", "HectocubicFoot", "HectocubicMeter", "Hectoliter", "HectousGallon", "ImperialBeerBarrel", "ImperialGallon", "ImperialOunce", "ImperialPint", "KilocubicFoot", "KilocubicMeter", "KiloimperialGallon", "Kiloliter", "KilousGallon", "Liter", "MegacubicFoot", "MegaimperialGallon", "Megaliter", "MegausGallon", "MetricCup", "MetricTeaspoon", "Microliter", "Milliliter", "OilBarrel", "UkTablespoon", "UsBeerBarrel", "UsCustomaryCup", "UsGallon", "UsLegalCup", "UsOunce", "UsPint", "UsQuart", "UsTablespoon", "UsTeaspoon"},
		"convert_angle":       {"Arcminute", "Arcsecond", "Centiradian", "Deciradian", "Degree", "Gradian", "Microdegree", "Microradian", "Millidegree", "Milliradian", "Nanodegree", "Nanoradian", "NatoMil", "Radian", "Revolution", "Tilt"},
		"convert_temperature": {"DegreeCelsius", "DegreeDelisle", "DegreeFahrenheit", "DegreeNewton", "DegreeRankine", "DegreeReaumur", "DegreeRoemer", "Kelvin", "MillidegreeCelsius", "SolarTemperature"},
		"convert_speed":       {"CentimeterPerHour", "CentimeterPerMinute", "CentimeterPerSecond", "DecimeterPerMinute", "DecimeterPerSecond", "FootPerHour", "FootPerMinute", "FootPerSecond", "InchPerHour", "InchPerMinute", "InchPerSecond", "KilometerPerHour", "KilometerPerMinute", "KilometerPerSecond", "Knot", "MeterPerHour", "MeterPerMinute", "MeterPerSecond", "MicrometerPerMinute", "MicrometerPerSecond", "MilePerHour", "MillimeterPerHour", "MillimeterPerMinute", "MillimeterPerSecond", "NanometerPerMinute", "NanometerPerSecond", "UsSurveyFootPerHour", "UsSurveyFootPerMinute", "UsSurveyFootPerSecond", "YardPerHour", "YardPerMinute", "YardPerSecond"},
	}
	for _, q := range quantities {
		names := doc[q.name]
		if len(names) != len(q.units) {
			t.Errorf("%s: %d units, the documentation lists %d", q.name, len(q.units), len(names))
		}
		for _, n := range names {
			if _, ok := q.lookup(n); !ok {
				t.Errorf("%s: unit %s missing", q.name, n)
			}
		}
	}
}
