package kqltest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/kql/value"
)

// The runner keeps its own small datetime/timespan text codecs so that a
// test file is read the same way whatever the engine's own parsers do.

func ticksOf(t time.Time) value.DateTime {
	return value.DateTime(value.UnixEpoch + t.Unix()*value.Second + int64(t.Nanosecond())/100)
}

func timeOf(d value.DateTime) time.Time {
	u := int64(d) - value.UnixEpoch
	sec, frac := u/value.Second, u%value.Second
	if frac < 0 {
		sec--
		frac += value.Second
	}
	return time.Unix(sec, frac*100).UTC()
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseDateTime reads ISO 8601 text; a time without a zone is UTC.
func parseDateTime(s string) (value.DateTime, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return ticksOf(t), nil
		}
	}
	return 0, fmt.Errorf("bad datetime %q (want ISO 8601 such as 2024-05-01T10:00:00Z)", s)
}

// formatDateTime prints ISO 8601 UTC with up to 7 fraction digits.
func formatDateTime(d value.DateTime) string {
	t := timeOf(d)
	s := t.Format("2006-01-02T15:04:05")
	if frac := (int64(d) - value.UnixEpoch) % value.Second; frac != 0 {
		if frac < 0 {
			frac += value.Second
		}
		s += strings.TrimRight(fmt.Sprintf(".%07d", frac), "0")
	}
	return s + "Z"
}

var spanUnits = []struct {
	names []string
	ticks float64
}{
	{[]string{"d", "day", "days"}, float64(value.Day)},
	{[]string{"h", "hr", "hrs", "hour", "hours"}, float64(value.Hour)},
	{[]string{"m", "min", "minute", "minutes"}, float64(value.Minute)},
	{[]string{"s", "sec", "second", "seconds"}, float64(value.Second)},
	{[]string{"ms", "milli", "millis", "millisecond", "milliseconds"}, float64(value.Millisecond)},
	{[]string{"microsecond", "microseconds"}, float64(value.Microsecond)},
	{[]string{"tick", "ticks"}, 1},
}

// parseTimeSpan reads [-][d.]hh:mm[:ss[.f]] or a number with a unit
// (1d, 2.5h, 30m, 10s, 100ms, 5tick).
func parseTimeSpan(s string) (value.TimeSpan, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("bad timespan %q (want 1.02:03:04.5, 00:10:00 or 1d, 2h, 30m, 10s, 100ms)", s)
	if s == "" {
		return 0, bad
	}
	if strings.Contains(s, ":") {
		neg := strings.HasPrefix(s, "-")
		body := strings.TrimPrefix(s, "-")
		var days int64
		if i := strings.IndexByte(body, '.'); i >= 0 && i < strings.IndexByte(body, ':') {
			d, err := strconv.ParseInt(body[:i], 10, 64)
			if err != nil {
				return 0, bad
			}
			days, body = d, body[i+1:]
		}
		parts := strings.Split(body, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return 0, bad
		}
		h, err1 := strconv.ParseInt(parts[0], 10, 64)
		m, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, bad
		}
		t := days*value.Day + h*value.Hour + m*value.Minute
		if len(parts) == 3 {
			sec, frac, _ := strings.Cut(parts[2], ".")
			sv, err := strconv.ParseInt(sec, 10, 64)
			if err != nil || len(frac) > 7 {
				return 0, bad
			}
			t += sv * value.Second
			if frac != "" {
				fv, err := strconv.ParseInt((frac + "0000000")[:7], 10, 64)
				if err != nil {
					return 0, bad
				}
				t += fv
			}
		}
		if neg {
			t = -t
		}
		return value.TimeSpan(t), nil
	}
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') && s[i-1] != '.' {
		i--
	}
	num, unit := s[:i], strings.ToLower(s[i:])
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, bad
	}
	for _, u := range spanUnits {
		for _, n := range u.names {
			if n == unit {
				return value.TimeSpan(math.Round(f * u.ticks)), nil
			}
		}
	}
	return 0, bad
}

// formatTimeSpan prints [-][d.]hh:mm:ss[.fffffff] as Kusto does.
func formatTimeSpan(t value.TimeSpan) string {
	v := int64(t)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	days := v / value.Day
	v %= value.Day
	s := sign
	if days > 0 {
		s += strconv.FormatInt(days, 10) + "."
	}
	s += fmt.Sprintf("%02d:%02d:%02d", v/value.Hour, v%value.Hour/value.Minute, v%value.Minute/value.Second)
	if f := v % value.Second; f != 0 {
		s += fmt.Sprintf(".%07d", f)
	}
	return s
}
