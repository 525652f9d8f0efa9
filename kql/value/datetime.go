package value

import "time"

// FromTime converts a Go time to a Kusto datetime (UTC ticks).
func FromTime(t time.Time) DateTime {
	return DateTime(t.Unix()*(Second/Tick) + int64(t.Nanosecond())/100 + UnixEpoch)
}

// Time converts a Kusto datetime to a Go time in UTC.
func (d DateTime) Time() time.Time {
	rel := int64(d) - UnixEpoch
	sec := rel / Second
	rem := rel % Second
	if rem < 0 {
		rem += Second
		sec--
	}
	return time.Unix(sec, rem*100).UTC()
}

// FormatDateTime renders a datetime as Kusto prints it: ISO 8601 UTC with
// up to 7 fractional digits, trailing zeros trimmed.
func FormatDateTime(t DateTime) string {
	var buf [40]byte
	return string(AppendDateTime(buf[:0], t))
}

// AppendDateTime appends FormatDateTime(t) to dst without allocating.
func AppendDateTime(dst []byte, t DateTime) []byte {
	ticks := int64(t)
	days := ticks / Day
	rem := ticks % Day
	if rem < 0 {
		rem += Day
		days--
	}
	y, m, d := civil(days)
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	}
	dst = append4(dst, y)
	dst = append(dst, '-')
	dst = append2(dst, m)
	dst = append(dst, '-')
	dst = append2(dst, d)
	dst = append(dst, 'T')
	dst = appendClock(dst, rem)
	return append(dst, 'Z')
}

// appendClock writes hh:mm:ss[.fffffff] for ticks within one day, trimming
// trailing zeros of the fraction.
func appendClock(dst []byte, rem int64) []byte {
	dst = append2(dst, int(rem/Hour))
	dst = append(dst, ':')
	dst = append2(dst, int(rem%Hour/Minute))
	dst = append(dst, ':')
	dst = append2(dst, int(rem%Minute/Second))
	if frac := rem % Second; frac != 0 {
		dst = append(dst, '.')
		var f [7]byte
		for i := 6; i >= 0; i-- {
			f[i] = byte('0' + frac%10)
			frac /= 10
		}
		n := 7
		for n > 0 && f[n-1] == '0' {
			n--
		}
		dst = append(dst, f[:n]...)
	}
	return dst
}

func append2(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/10%10), byte('0'+v%10))
}

func append4(dst []byte, v int) []byte {
	if v > 9999 {
		return appendInt(dst, v)
	}
	return append(dst, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

func appendInt(dst []byte, v int) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// civil converts days since 0001-01-01 to a proleptic Gregorian date
// (Hinnant's algorithm, shifted from the 1970 epoch).
func civil(days int64) (y, m, d int) {
	z := days - 719162 + 719468 // to days since 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mp >= 10 {
		mm = mp - 9
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

// daysFrom converts a proleptic Gregorian date to days since 0001-01-01.
func daysFrom(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mm := int64(m)
	if mm > 2 {
		mm -= 3
	} else {
		mm += 9
	}
	doy := (153*mm+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + 719162
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// AppendDateTimeText appends a datetime as Kusto writes it inside strings
// and dynamic values (tostring, strcat, JSON of a bag or array): .NET's
// round-trip form with all seven fraction digits, as the documented
// reverse(datetime(...)) and make-series outputs show.
func AppendDateTimeText(dst []byte, t DateTime) []byte {
	ticks := int64(t)
	rem := ticks % Second
	if rem < 0 {
		rem += Second
	}
	dst = AppendDateTime(dst, DateTime(ticks-rem))
	dst = dst[:len(dst)-1] // drop the 'Z' to insert the fraction
	dst = append(dst, '.')
	var f [7]byte
	for i := 6; i >= 0; i-- {
		f[i] = byte('0' + rem%10)
		rem /= 10
	}
	dst = append(dst, f[:]...)
	return append(dst, 'Z')
}

// DateTimeText is AppendDateTimeText as a string.
func DateTimeText(t DateTime) string {
	var buf [40]byte
	return string(AppendDateTimeText(buf[:0], t))
}
