package value

import (
	"math"
	"strconv"
	"strings"
)

// FormatTimeSpan renders a timespan as Kusto prints it:
// [-][d.]hh:mm:ss[.fffffff] (.NET's constant "c" format).
func FormatTimeSpan(t TimeSpan) string {
	var buf [32]byte
	return string(AppendTimeSpan(buf[:0], t))
}

// AppendTimeSpan appends FormatTimeSpan(t) to dst without allocating.
func AppendTimeSpan(dst []byte, t TimeSpan) []byte {
	ticks := int64(t)
	var u uint64
	if ticks < 0 {
		dst = append(dst, '-')
		u = uint64(-ticks) // math.MinInt64 wraps to itself, which is right as uint64
	} else {
		u = uint64(ticks)
	}
	days := u / uint64(Day)
	rem := u % uint64(Day)
	if days > 0 {
		dst = strconv.AppendUint(dst, days, 10)
		dst = append(dst, '.')
	}
	dst = append2(dst, int(rem/uint64(Hour)))
	dst = append(dst, ':')
	dst = append2(dst, int(rem%uint64(Hour)/uint64(Minute)))
	dst = append(dst, ':')
	dst = append2(dst, int(rem%uint64(Minute)/uint64(Second)))
	if frac := rem % uint64(Second); frac != 0 {
		dst = append(dst, '.')
		var f [7]byte
		for i := 6; i >= 0; i-- {
			f[i] = byte('0' + frac%10)
			frac /= 10
		}
		dst = append(dst, f[:]...)
	}
	return dst
}

// ParseTimeSpan reads the text forms totimespan and timespan() accept:
// [-][d.]hh:mm[:ss[.fffffff]], a bare number of days ("2"), and a number
// with a unit ("1d", "1.5h", "30m", "10s", "100ms", "10microsecond",
// "1tick", "15 seconds").
func ParseTimeSpan(s string) (TimeSpan, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return 0, false
	}
	neg := false
	body := s
	if body[0] == '-' {
		neg = true
		body = strings.TrimSpace(body[1:])
	} else if body[0] == '+' {
		body = strings.TrimSpace(body[1:])
	}
	var t int64
	var ok bool
	if strings.IndexByte(body, ':') >= 0 {
		t, ok = parseClockSpan(body)
	} else {
		t, ok = parseUnitSpan(body)
	}
	if !ok {
		return 0, false
	}
	if neg {
		t = -t
	}
	return TimeSpan(t), true
}

// parseClockSpan reads [d.]hh:mm[:ss[.f]] (also d:hh:mm:ss, as .NET does).
func parseClockSpan(s string) (int64, bool) {
	p := &dtParser{s: s}
	first, ok := p.num(1, 8)
	if !ok {
		return 0, false
	}
	var days, h int
	switch p.peek() {
	case '.':
		p.i++
		days = first
		if h, ok = p.num(1, 2); !ok {
			return 0, false
		}
	case ':':
		h = first
	default:
		return 0, false
	}
	if !p.eat(':') {
		return 0, false
	}
	mi, ok := p.num(1, 2)
	if !ok {
		return 0, false
	}
	sec, frac := 0, int64(0)
	if p.eat(':') {
		if sec, ok = p.num(1, 2); !ok {
			return 0, false
		}
		if p.eat(':') {
			// d:hh:mm:ss
			days, h, mi = h, mi, sec
			if sec, ok = p.num(1, 2); !ok {
				return 0, false
			}
		}
		if p.eat('.') {
			n := 0
			for p.i < len(p.s) && isDigit(p.s[p.i]) {
				if n < 7 {
					frac = frac*10 + int64(p.s[p.i]-'0')
				}
				n++
				p.i++
			}
			if n == 0 {
				return 0, false
			}
			for ; n < 7; n++ {
				frac *= 10
			}
		}
	}
	if !p.eof() || h > 23 || mi > 59 || sec > 59 || days > 10675199 {
		return 0, false
	}
	return int64(days)*Day + int64(h)*Hour + int64(mi)*Minute + int64(sec)*Second + frac, true
}

var spanUnits = map[string]int64{
	"d": Day, "day": Day, "days": Day,
	"h": Hour, "hr": Hour, "hrs": Hour, "hour": Hour, "hours": Hour,
	"m": Minute, "min": Minute, "mins": Minute, "minute": Minute, "minutes": Minute,
	"s": Second, "sec": Second, "secs": Second, "second": Second, "seconds": Second,
	"ms": Millisecond, "milli": Millisecond, "millis": Millisecond, "millisec": Millisecond,
	"millisecond": Millisecond, "milliseconds": Millisecond,
	"microsec": Microsecond, "microsecond": Microsecond, "microseconds": Microsecond,
	"tick": Tick, "ticks": Tick,
	"nanosec": -100, "nanosecond": -100, "nanoseconds": -100,
}

// parseUnitSpan reads a number followed by an optional unit (days when
// absent).
func parseUnitSpan(s string) (int64, bool) {
	j := 0
	for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
		j++
	}
	if j == 0 {
		return 0, false
	}
	num := s[:j]
	unit := strings.ToLower(strings.TrimSpace(s[j:]))
	mult := Day
	if unit != "" {
		m, ok := spanUnits[unit]
		if !ok {
			return 0, false
		}
		mult = m
	}
	if strings.IndexByte(num, '.') < 0 {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, false
		}
		if mult < 0 { // nanoseconds: 100 per tick
			return n / -mult, true
		}
		if n > math.MaxInt64/mult {
			return 0, false
		}
		return n * mult, true
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	var v float64
	if mult < 0 {
		v = f / float64(-mult)
	} else {
		v = f * float64(mult)
	}
	if v >= math.MaxInt64 || v != v {
		return 0, false
	}
	return int64(math.Round(v)), true
}
