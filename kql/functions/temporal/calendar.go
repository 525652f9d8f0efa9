// Package temporal registers Kusto's datetime and timespan functions:
// now and ago, calendar parts, start/end of periods, datetime_add and
// datetime_diff, bin/floor and bin_at, constructors, Unix time
// conversions, format_datetime/format_timespan and time zones. Calendar
// math works on 100 ns ticks since 0001-01-01 without time.Time, so the
// per-row paths do not allocate.
package temporal

import "github.com/quarryhunt/quarry/kql/value"

// Tick units, re-exported locally for brevity.
const (
	tick   = value.Tick
	micro  = value.Microsecond
	milli  = value.Millisecond
	second = value.Second
	minute = value.Minute
	hour   = value.Hour
	day    = value.Day
	week   = 7 * day
	// maxTicks is 9999-12-31T23:59:59.9999999, the last valid datetime.
	maxTicks = value.MaxDateTime
)

// validDT reports whether t is a datetime Kusto can represent.
func validDT(t int64) bool { return t >= 0 && t <= maxTicks }

// civil converts days since 0001-01-01 (non-negative) to a proleptic
// Gregorian date, by Hinnant's algorithm moved to the 0001 epoch.
func civil(days int64) (y, m, d int) {
	z := days + 306 // days since 0000-03-01
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysFromCivil converts a valid proleptic Gregorian date (year >= 1) to
// days since 0001-01-01.
func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	yoe := yy - era*400
	mp := int64(m) + 9
	if m > 2 {
		mp = int64(m) - 3
	}
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 306
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysInMonth returns the length of month m of year y.
func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateOf splits datetime ticks into date and time of day.
func dateOf(t int64) (y, m, d int, tod int64) {
	y, m, d = civil(t / day)
	return y, m, d, t % day
}

// dayOfYear returns the 1-based ordinal day of the date.
func dayOfYear(days int64) int {
	y, _, _ := civil(days)
	return int(days-daysFromCivil(y, 1, 1)) + 1
}

// weekdaySunday returns 0 for Sunday .. 6 for Saturday (0001-01-01 was a
// Monday).
func weekdaySunday(days int64) int64 { return (days + 1) % 7 }

// isoWeek returns the ISO 8601 week number: weeks start on Monday and
// week 1 is the one holding the year's first Thursday.
func isoWeek(days int64) int {
	y, _, _ := civil(days)
	wd := int((days % 7) + 1) // Monday = 1 .. Sunday = 7
	doy := int(days-daysFromCivil(y, 1, 1)) + 1
	w := (doy - wd + 10) / 7
	if w < 1 {
		return isoWeeksIn(y - 1)
	}
	if w > isoWeeksIn(y) {
		return 1
	}
	return w
}

// isoWeeksIn returns 52 or 53, the number of ISO weeks of year y.
func isoWeeksIn(y int) int {
	p := func(y int) int { return (y + y/4 - y/100 + y/400) % 7 }
	if p(y) == 4 || p(y-1) == 3 {
		return 53
	}
	return 52
}

// addMonths adds n months to datetime t as .NET's AddMonths does: the day
// is clamped to the length of the target month and the time of day kept.
func addMonths(t int64, n int64) (int64, bool) {
	y, m, d, tod := dateOf(t)
	total := int64(y)*12 + int64(m-1) + n
	if total < 12 || total > 9999*12+11 {
		return 0, false
	}
	ny, nm := int(total/12), int(total%12)+1
	if dim := daysInMonth(ny, nm); d > dim {
		d = dim
	}
	return daysFromCivil(ny, nm, d)*day + tod, true
}

// addTicks adds a signed tick count, failing outside the datetime range.
func addTicks(t, delta int64) (int64, bool) {
	r := t + delta
	if (delta > 0 && r < t) || (delta < 0 && r > t) || !validDT(r) {
		return 0, false
	}
	return r, true
}

// mulTicks multiplies n units of size ticks, failing on overflow.
func mulTicks(n, size int64) (int64, bool) {
	if n == 0 {
		return 0, true
	}
	r := n * size
	if r/size != n {
		return 0, false
	}
	return r, true
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
