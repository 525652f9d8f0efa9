package phishing

import (
	"strconv"
	"time"
)

// Times are ticks: 100 ns units since the Unix epoch, the resolution
// Kusto datetimes have.
const (
	tick   int64 = 1
	second       = 10_000_000 * tick
	minute       = 60 * second
	hour         = 60 * minute
	day          = 24 * hour
)

func toTicks(t time.Time) int64 { return t.Unix()*second + int64(t.Nanosecond())/100 }

func fromTicks(t int64) time.Time {
	return time.Unix(t/second, (t%second)*100).UTC()
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm: integer only).
func civil(days int64) (y, m, d int) {
	z := days + 719468
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
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// appendTime writes t as a quoted ISO 8601 UTC datetime with seven
// fractional digits, as the Defender export writes them.
func appendTime(b []byte, t int64) []byte {
	days, rem := t/day, t%day
	if rem < 0 {
		days--
		rem += day
	}
	y, m, d := civil(days)
	b = append(b, '"')
	b = append2(b, y/100)
	b = append2(b, y%100)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, int(rem/hour))
	b = append(b, ':')
	b = append2(b, int(rem%hour/minute))
	b = append(b, ':')
	b = append2(b, int(rem%minute/second))
	b = append(b, '.')
	f := rem % second
	var frac [7]byte
	for i := 6; i >= 0; i-- {
		frac[i] = byte('0' + f%10)
		f /= 10
	}
	b = append(b, frac[:]...)
	return append(b, 'Z', '"')
}

// timeText is appendTime without the quotes.
func timeText(t int64) string {
	b := appendTime(nil, t)
	return string(b[1 : len(b)-1])
}

// appendStr writes s as a JSON string. Non-ASCII UTF-8 is written as is;
// quotes, backslashes and control characters are escaped.
func appendStr(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// obj builds one JSON object by appending "key":value pairs.
type obj struct {
	b     []byte
	first bool
}

func (o *obj) key(k string) {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
}

func (o *obj) str(k, v string) { o.key(k); o.b = appendStr(o.b, v) }
func (o *obj) time(k string, t int64) {
	o.key(k)
	o.b = appendTime(o.b, t)
}
func (o *obj) int(k string, v int64) { o.key(k); o.b = strconv.AppendInt(o.b, v, 10) }
func (o *obj) bool(k string, v bool) { o.key(k); o.b = strconv.AppendBool(o.b, v) }
func (o *obj) null(k string)         { o.key(k); o.b = append(o.b, "null"...) }

// intOrNull writes v, or null when v is negative (the column is empty).
func (o *obj) intOrNull(k string, v int64) {
	if v < 0 {
		o.null(k)
		return
	}
	o.int(k, v)
}

// raw writes already-encoded JSON.
func (o *obj) raw(k string, v []byte) { o.key(k); o.b = append(o.b, v...) }

// jsonText returns the compact JSON text of an object built by f; such
// text goes into string columns (AdditionalFields, DetectionMethods, ...)
// the way the export carries them.
func jsonText(f func(o *obj)) string {
	o := obj{b: make([]byte, 0, 128), first: true}
	o.b = append(o.b, '{')
	f(&o)
	o.b = append(o.b, '}')
	return string(o.b)
}

// jsonArray returns the JSON text of an array of strings.
func jsonArray(xs ...string) string {
	b := make([]byte, 0, 64)
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, x)
	}
	return string(append(b, ']'))
}
