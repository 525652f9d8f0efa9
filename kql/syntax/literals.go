package syntax

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/kql/value"
)

// Ticks are 100ns units, the resolution of KQL datetime and timespan values
// (inherited from .NET).
const (
	TicksPerMicrosecond = 10
	TicksPerMillisecond = 10_000
	TicksPerSecond      = 10_000_000
	TicksPerMinute      = 60 * TicksPerSecond
	TicksPerHour        = 60 * TicksPerMinute
	TicksPerDay         = 24 * TicksPerHour

	// unixEpochTicks is 1970-01-01T00:00:00Z in ticks since 0001-01-01.
	unixEpochTicks = 621_355_968_000_000_000
)

// timespanUnits maps every unit spelling KQL accepts (lowercase) to its
// length in ticks. Fractions of a tick are rounded.
var timespanUnits = map[string]float64{
	"d": TicksPerDay, "day": TicksPerDay, "days": TicksPerDay,
	"h": TicksPerHour, "hr": TicksPerHour, "hrs": TicksPerHour, "hour": TicksPerHour, "hours": TicksPerHour,
	"m": TicksPerMinute, "min": TicksPerMinute, "minute": TicksPerMinute, "minutes": TicksPerMinute,
	"s": TicksPerSecond, "sec": TicksPerSecond, "second": TicksPerSecond, "seconds": TicksPerSecond,
	"ms": TicksPerMillisecond, "milli": TicksPerMillisecond, "millis": TicksPerMillisecond,
	"millisec": TicksPerMillisecond, "millisecond": TicksPerMillisecond, "milliseconds": TicksPerMillisecond,
	"microsec": TicksPerMicrosecond, "microsecond": TicksPerMicrosecond, "microseconds": TicksPerMicrosecond,
	"nanosec": 0.01, "nanosecond": 0.01, "nanoseconds": 0.01,
	"tick": 1, "ticks": 1,
}

// TicksToTime converts datetime ticks to a time.Time in UTC.
func TicksToTime(ticks int64) time.Time {
	sec := (ticks - unixEpochTicks) / TicksPerSecond
	rem := (ticks - unixEpochTicks) % TicksPerSecond
	if rem < 0 {
		rem += TicksPerSecond
		sec--
	}
	return time.Unix(sec, rem*100).UTC()
}

// TimeToTicks converts a time to datetime ticks (ticks since 0001-01-01 UTC).
// It avoids UnixNano, which overflows outside 1678..2262.
func TimeToTicks(t time.Time) int64 {
	return (t.Unix()+62_135_596_800)*TicksPerSecond + int64(t.Nanosecond())/100
}

// parseIntLit decodes an Int token. Integers too large for a long become
// reals, as in Kusto.
func parseIntLit(text string) (LitKind, any, error) {
	if len(text) > 2 && (text[1] == 'x' || text[1] == 'X') {
		v, err := strconv.ParseUint(text[2:], 16, 64)
		if err != nil {
			return LitLong, nil, errors.New("invalid hexadecimal literal " + text)
		}
		return LitLong, int64(v), nil
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil {
			return LitLong, nil, errors.New("invalid integer literal " + text)
		}
		return LitReal, f, nil
	}
	return LitLong, v, nil
}

// parseRealLit decodes a Real token.
func parseRealLit(text string) (any, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, errors.New("invalid real literal " + text)
	}
	return f, nil
}

// parseTimespanToken decodes 1d, 1.5h, 10ms, 3microseconds, `15 seconds`.
func parseTimespanToken(text string) (int64, error) {
	text = strings.TrimSpace(text)
	i := 0
	for i < len(text) && (isDigit(text[i]) || text[i] == '.') {
		i++
	}
	num, unit := text[:i], strings.ToLower(strings.TrimSpace(text[i:]))
	mult, ok := timespanUnits[unit]
	if !ok || num == "" {
		return 0, errors.New("invalid timespan literal " + text)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, errors.New("invalid timespan literal " + text)
	}
	return roundTicks(f * mult)
}

func roundTicks(f float64) (int64, error) {
	f = math.Round(f)
	if math.IsNaN(f) || f > math.MaxInt64 || f < math.MinInt64 {
		return 0, errors.New("timespan out of range")
	}
	return int64(f), nil
}

// parseTimespanRaw decodes the content of timespan(...) / time(...):
// `1d`, `15 seconds`, `2` (days), `1.2:30:00`, `00:10:00.5`, `-1h`.
func parseTimespanRaw(s string) (int64, error) {
	s = strings.TrimSpace(unquote(s))
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, strings.TrimSpace(s[1:])
	} else if strings.HasPrefix(s, "+") {
		s = strings.TrimSpace(s[1:])
	}
	var v int64
	var err error
	switch {
	case strings.Contains(s, ":"):
		v, err = parseClockSpan(s, neg)
	case s != "" && isAllNumber(s):
		var f float64
		f, err = strconv.ParseFloat(s, 64)
		if err == nil {
			v, err = roundTicks(f * TicksPerDay)
		}
	default:
		v, err = parseTimespanToken(s)
	}
	if err != nil {
		return 0, errors.New("invalid timespan literal '" + s + "'")
	}
	if neg && v != math.MinInt64 {
		v = -v
	}
	return v, nil
}

// parseClockSpan decodes [d.]hh:mm[:ss[.fffffff]].
// With neg, the magnitude may be one more than the largest timespan: the
// result is then the smallest one, as .NET's TimeSpan.MinValue.
func parseClockSpan(s string, neg bool) (int64, error) {
	bad := errors.New("invalid timespan")
	var days int64
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	hh := parts[0]
	if i := strings.IndexByte(hh, '.'); i >= 0 {
		d, err := strconv.ParseInt(hh[:i], 10, 64)
		if err != nil {
			return 0, bad
		}
		days, hh = d, hh[i+1:]
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(parts[1]) > 2 {
		return 0, bad
	}
	var secTicks int64
	if len(parts) == 3 {
		sec, frac, _ := strings.Cut(parts[2], ".")
		sv, err := strconv.Atoi(sec)
		if err != nil || sv < 0 || sv > 59 {
			return 0, bad
		}
		ft, ok := fracTicks(frac)
		if !ok {
			return 0, bad
		}
		secTicks = int64(sv)*TicksPerSecond + ft
	}
	if days < 0 || days > math.MaxInt64/TicksPerDay {
		return 0, bad
	}
	total := uint64(days)*TicksPerDay + uint64(int64(h)*TicksPerHour+int64(m)*TicksPerMinute+secTicks)
	switch {
	case total <= math.MaxInt64:
		return int64(total), nil
	case neg && total == math.MaxInt64+1:
		return math.MinInt64, nil
	}
	return 0, bad
}

// fracTicks converts up to 7 fractional-second digits to ticks (more are
// truncated, as .NET does).
func fracTicks(frac string) (int64, bool) {
	if frac == "" {
		return 0, true
	}
	var v int64
	for i := 0; i < 7; i++ {
		v *= 10
		if i < len(frac) {
			if !isDigit(frac[i]) {
				return 0, false
			}
			v += int64(frac[i] - '0')
		}
	}
	for i := 7; i < len(frac); i++ {
		if !isDigit(frac[i]) {
			return 0, false
		}
	}
	return v, true
}

func isAllNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// unquote strips one pair of matching quotes (datetime("2024-01-01") is
// accepted as well as datetime(2024-01-01)).
func unquote(s string) string {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] {
		return t[1 : len(t)-1]
	}
	return s
}

// rfcLayouts are the RFC 822/850/1123 and other non-ISO forms that KQL's
// datetime literal documents.
var rfcLayouts = []string{
	"Mon, 2 Jan 06 15:04:05 MST", "Mon, 2 Jan 06 15:04:05", "Mon, 2 Jan 06 15:04", "Mon, 2 Jan 06 15:04 MST",
	"Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04",
	"2 Jan 06 15:04:05 MST", "2 Jan 06 15:04:05", "2 Jan 06 15:04", "2 Jan 06 15:04 MST",
	"2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05", "2 Jan 2006 15:04",
	"Monday, 02-Jan-06 15:04:05 MST", "Monday, 02-Jan-06 15:04:05", "Monday, 02-Jan-06 15:04", "Monday, 02-Jan-06 15:04 MST",
	"2006-01-02 15:04:05 MST", "2006-01-02T15:04:05 MST",
}

// parseDatetimeRaw decodes the content of datetime(...): ISO 8601 forms
// (`2024-01-01`, `2024-01-01 10:00:00.123`, `2015-12-31T23:59:59.9Z`,
// `...+02:00`), the RFC forms in rfcLayouts, and the other text forms
// todatetime() reads (value.ParseDateTime: `01/16/2022 00:00:00`,
// `1/16/2022 3:05 PM`, ...), so that a literal and a conversion of the same
// text agree. Times without a zone are UTC.
func parseDatetimeRaw(s string) (int64, error) {
	s = strings.TrimSpace(unquote(s))
	if t, ok := parseISODatetime(s); ok {
		return t, nil
	}
	for _, layout := range rfcLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return TimeToTicks(t.UTC()), nil
		}
	}
	if t, ok := value.ParseDateTime(s); ok {
		return int64(t), nil
	}
	// Kusto reads datetime(2017 - 08 - 01), spaces around the date's
	// dashes, as datetime(2017-08-01).
	if strings.Contains(s, " -") || strings.Contains(s, "- ") {
		if d := strings.Join(strings.Fields(strings.ReplaceAll(s, "-", " - ")), ""); d != s && !strings.ContainsAny(d, ":T") {
			return parseDatetimeRaw(d)
		}
	}
	// Kusto also reads datetime(2025, 6, 14): year, month and day.
	if parts := strings.Split(s, ","); len(parts) == 3 {
		var d [3]int
		ok := true
		for i, p := range parts {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			ok = ok && err == nil && n >= 0
			d[i] = n
		}
		t := time.Date(d[0], time.Month(d[1]), d[2], 0, 0, 0, 0, time.UTC)
		if ok && d[0] >= 1 && d[0] <= 9999 && t.Year() == d[0] && int(t.Month()) == d[1] && t.Day() == d[2] {
			return TimeToTicks(t), nil
		}
	}
	return 0, errors.New("invalid datetime literal '" + s + "'; write it as ISO 8601, for example datetime(2024-01-16 08:30:00)")
}

func parseISODatetime(s string) (int64, bool) {
	num := func(str string, min, max int) (int, string, bool) {
		i := 0
		for i < len(str) && isDigit(str[i]) {
			i++
		}
		if i < min || i > max {
			return 0, str, false
		}
		v, _ := strconv.Atoi(str[:i])
		return v, str[i:], true
	}
	year, rest, ok := num(s, 4, 4)
	if !ok || rest == "" || (rest[0] != '-' && rest[0] != '/') {
		return 0, false
	}
	sep := rest[0]
	month, rest, ok := num(rest[1:], 1, 2)
	if !ok || rest == "" || rest[0] != sep {
		return 0, false
	}
	day, rest, ok := num(rest[1:], 1, 2)
	if !ok {
		return 0, false
	}
	var hour, minute, sec int
	var frac int64
	if rest != "" && (rest[0] == 'T' || rest[0] == ' ') {
		rest = strings.TrimLeft(rest[1:], " ")
		if hour, rest, ok = num(rest, 1, 2); !ok || rest == "" || rest[0] != ':' {
			return 0, false
		}
		if minute, rest, ok = num(rest[1:], 1, 2); !ok {
			return 0, false
		}
		if rest != "" && rest[0] == ':' {
			if sec, rest, ok = num(rest[1:], 1, 2); !ok {
				return 0, false
			}
			if rest != "" && rest[0] == '.' {
				i := 1
				for i < len(rest) && isDigit(rest[i]) {
					i++
				}
				if frac, ok = fracTicks(rest[1:i]); !ok {
					return 0, false
				}
				rest = rest[i:]
			}
		}
	}
	offset := 0
	rest = strings.TrimSpace(rest)
	switch {
	case rest == "" || rest == "Z" || rest == "z" || rest == "GMT" || rest == "UTC":
	case rest[0] == '+' || rest[0] == '-':
		h, r, ok1 := num(rest[1:], 1, 2)
		m := 0
		if ok1 && r != "" {
			if r[0] == ':' {
				r = r[1:]
			}
			var ok2 bool
			m, r, ok2 = num(r, 2, 2)
			ok1 = ok2 && r == ""
		}
		if !ok1 {
			return 0, false
		}
		offset = h*3600 + m*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // e.g. Feb 30 normalised into March
		return 0, false
	}
	return TimeToTicks(t) - int64(offset)*TicksPerSecond + frac, true
}

// parseGuidRaw validates and canonicalises the content of guid(...).
func parseGuidRaw(s string) (string, error) {
	g := strings.ToLower(strings.TrimSpace(unquote(s)))
	g = strings.TrimSuffix(strings.TrimPrefix(g, "{"), "}")
	if len(g) == 32 && allHex(g) {
		g = g[:8] + "-" + g[8:12] + "-" + g[12:16] + "-" + g[16:20] + "-" + g[20:]
	}
	if len(g) != 36 {
		return "", errors.New("invalid guid literal '" + s + "'")
	}
	for i := 0; i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if g[i] != '-' {
				return "", errors.New("invalid guid literal '" + s + "'")
			}
		} else if !isHex(g[i]) {
			return "", errors.New("invalid guid literal '" + s + "'")
		}
	}
	return g, nil
}
