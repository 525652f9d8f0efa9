package units

import "math"

// A unit converts to its quantity's base unit as base = x*scale + offset
// (offset is used by temperatures only). Tilt is the one non-linear unit:
// the sine of an angle.
type unit struct {
	scale, offset float64
	tilt          bool
}

// Factors are the exact SI / international definitions (1 ft = 0.3048 m,
// 1 lb = 0.45359237 kg, standard gravity 9.80665 m/s², the IT BTU, the
// thermochemical calorie, the 2019 SI electronvolt). Kusto converts with
// the UnitsNet library, which uses the same definitions; SolarRadius,
// SolarMass and EarthMass are astronomical values with no exact
// definition and take UnitsNet's.
const (
	inch      = 0.0254
	foot      = 0.3048
	yard      = 0.9144
	mile      = 1609.344
	usFoot    = 1200.0 / 3937.0
	pound     = 0.45359237
	gravity   = 9.80665
	poundF    = pound * gravity
	btu       = 1055.05585262
	usGallon  = 3.785411784e-3
	impGallon = 4.54609e-3
	cubicFoot = foot * foot * foot
	lightYear = 9.4607304725808e15
	au        = 1.495978707e11
	minute    = 60.0
	hour      = 3600.0
)

var parsec = 648000 / math.Pi * au

// prefixed adds name with each SI prefix to m, scaled from base.
func prefixed(m map[string]unit, name string, base float64, prefixes ...string) {
	for _, p := range prefixes {
		m[p+lowerFirst(name)] = unit{scale: base * siPrefix[p]}
	}
}

var siPrefix = map[string]float64{
	"Nano": 1e-9, "Micro": 1e-6, "Milli": 1e-3, "Centi": 1e-2, "Deci": 1e-1,
	"Deca": 1e1, "Hecto": 1e2, "Kilo": 1e3, "Mega": 1e6, "Giga": 1e9, "Tera": 1e12,
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

func angleUnits() map[string]unit {
	rad := 180 / math.Pi
	m := map[string]unit{
		"Degree": {scale: 1}, "Radian": {scale: rad}, "Arcminute": {scale: 1.0 / 60},
		"Arcsecond": {scale: 1.0 / 3600}, "Gradian": {scale: 0.9}, "NatoMil": {scale: 9.0 / 160},
		"Revolution": {scale: 360}, "Tilt": {tilt: true},
	}
	prefixed(m, "Radian", rad, "Nano", "Micro", "Milli", "Centi", "Deci")
	prefixed(m, "Degree", 1, "Nano", "Micro", "Milli")
	return m
}

func energyUnits() map[string]unit {
	m := map[string]unit{
		"Joule": {scale: 1}, "Calorie": {scale: 4.184}, "BritishThermalUnit": {scale: btu},
		"ElectronVolt": {scale: 1.602176634e-19}, "FootPound": {scale: foot * poundF},
		"Erg": {scale: 1e-7}, "WattHour": {scale: hour}, "WattDay": {scale: 24 * hour},
		"ThermEc": {scale: 1.05505585262e8}, "ThermUs": {scale: 1.054804e8},
		"ThermImperial": {scale: 1.05505585257348e8},
		// Mechanical horsepower: 33,000 ft·lbf per minute.
		"HorsepowerHour": {scale: 33000 * foot * poundF / minute * hour},
	}
	prefixed(m, "Joule", 1, "Milli", "Kilo", "Mega", "Giga")
	prefixed(m, "Calorie", 4.184, "Kilo", "Mega")
	prefixed(m, "BritishThermalUnit", btu, "Kilo", "Mega", "Giga")
	prefixed(m, "ElectronVolt", 1.602176634e-19, "Kilo", "Mega", "Giga", "Tera")
	prefixed(m, "WattHour", hour, "Kilo", "Mega", "Giga", "Tera")
	prefixed(m, "WattDay", 24*hour, "Kilo", "Mega", "Giga", "Tera")
	prefixed(m, "ThermEc", 1.05505585262e8, "Deca")
	prefixed(m, "ThermUs", 1.054804e8, "Deca")
	prefixed(m, "ThermImperial", 1.05505585257348e8, "Deca")
	return m
}

func forceUnits() map[string]unit {
	m := map[string]unit{
		"Newton": {scale: 1}, "Dyn": {scale: 1e-5}, "KilogramForce": {scale: gravity},
		"KiloPond": {scale: gravity}, "TonneForce": {scale: 1000 * gravity},
		"Poundal": {scale: pound * foot}, "PoundForce": {scale: poundF},
		"KilopoundForce": {scale: 1000 * poundF}, "OunceForce": {scale: poundF / 16},
		"ShortTonForce": {scale: 2000 * poundF},
	}
	prefixed(m, "Newton", 1, "Micro", "Milli", "Deca", "Kilo", "Mega")
	return m
}

func lengthUnits() map[string]unit {
	m := map[string]unit{
		"Meter": {scale: 1}, "Angstrom": {scale: 1e-10}, "AstronomicalUnit": {scale: au},
		"Chain": {scale: 66 * foot}, "DataMile": {scale: 6000 * foot},
		"DtpPica": {scale: inch / 6}, "DtpPoint": {scale: inch / 72},
		"Fathom": {scale: 6 * foot}, "Foot": {scale: foot}, "Hand": {scale: 4 * inch},
		"Inch": {scale: inch}, "LightYear": {scale: lightYear}, "Parsec": {scale: parsec},
		"Microinch": {scale: inch * 1e-6}, "Mil": {scale: inch * 1e-3}, "Mile": {scale: mile},
		"NauticalMile": {scale: 1852}, "PrinterPica": {scale: 12 * inch / 72.27},
		"PrinterPoint": {scale: inch / 72.27}, "Shackle": {scale: 90 * foot},
		"SolarRadius": {scale: 6.95510e8}, "Twip": {scale: inch / 1440},
		"UsSurveyFoot": {scale: usFoot}, "Yard": {scale: yard},
	}
	prefixed(m, "Meter", 1, "Nano", "Micro", "Milli", "Centi", "Deci", "Deca", "Hecto", "Kilo")
	prefixed(m, "LightYear", lightYear, "Kilo", "Mega")
	prefixed(m, "Parsec", parsec, "Kilo", "Mega")
	return m
}

func massUnits() map[string]unit {
	m := map[string]unit{
		"Gram": {scale: 1e-3}, "EarthMass": {scale: 5.9722e24}, "Grain": {scale: 64.79891e-6},
		"Pound": {scale: pound}, "LongHundredweight": {scale: 112 * pound},
		"LongTon": {scale: 2240 * pound}, "Tonne": {scale: 1000}, "Ounce": {scale: pound / 16},
		"ShortHundredweight": {scale: 100 * pound}, "ShortTon": {scale: 2000 * pound},
		"Slug": {scale: poundF / foot}, "SolarMass": {scale: 1.98947e30}, "Stone": {scale: 14 * pound},
	}
	prefixed(m, "Gram", 1e-3, "Nano", "Micro", "Milli", "Centi", "Deci", "Deca", "Hecto", "Kilo")
	prefixed(m, "Pound", pound, "Kilo", "Mega")
	prefixed(m, "Tonne", 1000, "Kilo", "Mega")
	return m
}

func speedUnits() map[string]unit {
	m := map[string]unit{"Knot": {scale: 1852 / hour}, "MilePerHour": {scale: mile / hour}}
	per := func(name string, length float64, spans ...string) {
		for _, s := range spans {
			d := map[string]float64{"Second": 1, "Minute": minute, "Hour": hour}[s]
			m[name+"Per"+s] = unit{scale: length / d}
		}
	}
	per("Centimeter", 1e-2, "Second", "Minute", "Hour")
	per("Decimeter", 1e-1, "Second", "Minute")
	per("Foot", foot, "Second", "Minute", "Hour")
	per("Inch", inch, "Second", "Minute", "Hour")
	per("Kilometer", 1e3, "Second", "Minute", "Hour")
	per("Meter", 1, "Second", "Minute", "Hour")
	per("Micrometer", 1e-6, "Second", "Minute")
	per("Millimeter", 1e-3, "Second", "Minute", "Hour")
	per("Nanometer", 1e-9, "Second", "Minute")
	per("UsSurveyFoot", usFoot, "Second", "Minute", "Hour")
	per("Yard", yard, "Second", "Minute", "Hour")
	return m
}

func temperatureUnits() map[string]unit {
	const zero = 273.15
	return map[string]unit{
		"Kelvin":             {scale: 1},
		"DegreeCelsius":      {scale: 1, offset: zero},
		"MillidegreeCelsius": {scale: 1e-3, offset: zero},
		"DegreeDelisle":      {scale: -2.0 / 3, offset: zero + 100},
		"DegreeFahrenheit":   {scale: 5.0 / 9, offset: 459.67 * 5 / 9},
		"DegreeNewton":       {scale: 100.0 / 33, offset: zero},
		"DegreeRankine":      {scale: 5.0 / 9},
		"DegreeReaumur":      {scale: 5.0 / 4, offset: zero},
		"DegreeRoemer":       {scale: 40.0 / 21, offset: zero - 7.5*40/21},
		"SolarTemperature":   {scale: 5778},
	}
}

func volumeUnits() map[string]unit {
	const usCup = usGallon / 16
	m := map[string]unit{
		"CubicMeter": {scale: 1},
		// Kusto's acre-foot is 1/0.000810714 m³ (its documented example
		// gives 1.2 m³ = 0.0009728568 acre-feet), not 43,560 ft³.
		"AcreFoot":     {scale: 1 / 0.000810714},
		"AuTablespoon": {scale: 2e-5}, "BoardFoot": {scale: 144 * inch * inch * inch},
		"CubicCentimeter": {scale: 1e-6}, "CubicDecimeter": {scale: 1e-3}, "CubicFoot": {scale: cubicFoot},
		"CubicHectometer": {scale: 1e6}, "CubicInch": {scale: inch * inch * inch},
		"CubicKilometer": {scale: 1e9}, "CubicMicrometer": {scale: 1e-18},
		"CubicMile": {scale: mile * mile * mile}, "CubicMillimeter": {scale: 1e-9},
		"CubicYard": {scale: yard * yard * yard}, "Liter": {scale: 1e-3},
		"UsGallon": {scale: usGallon}, "ImperialGallon": {scale: impGallon},
		"ImperialBeerBarrel": {scale: 36 * impGallon}, "ImperialOunce": {scale: impGallon / 160},
		"ImperialPint": {scale: impGallon / 8}, "MetricCup": {scale: 2.5e-4},
		"MetricTeaspoon": {scale: 5e-6}, "OilBarrel": {scale: 42 * usGallon},
		"UkTablespoon": {scale: 1.5e-5}, "UsBeerBarrel": {scale: 31 * usGallon},
		"UsCustomaryCup": {scale: usCup}, "UsLegalCup": {scale: 2.4e-4},
		"UsOunce": {scale: usGallon / 128}, "UsPint": {scale: usGallon / 8},
		"UsQuart": {scale: usGallon / 4}, "UsTablespoon": {scale: usGallon / 256},
		"UsTeaspoon": {scale: usGallon / 768},
	}
	prefixed(m, "Liter", 1e-3, "Micro", "Milli", "Centi", "Deci", "Deca", "Hecto", "Kilo", "Mega")
	prefixed(m, "UsGallon", usGallon, "Deci", "Deca", "Hecto", "Kilo", "Mega")
	prefixed(m, "ImperialGallon", impGallon, "Kilo", "Mega")
	prefixed(m, "CubicFoot", cubicFoot, "Hecto", "Kilo", "Mega")
	prefixed(m, "CubicMeter", 1, "Hecto", "Kilo")
	return m
}
