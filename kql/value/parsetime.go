package value

import "strings"

// ParseDateTime reads the text forms Kusto's todatetime and datetime()
// accept: ISO 8601 ("2024-01-01", "2024-01-01T10:00", "2024-01-01 10:00:00.1234567Z",
// with Z or a ±hh:mm offset), RFC 822/1123 ("Sat, 8 Nov 14 15:05:02 GMT"),
// RFC 850 ("Saturday, 08-Nov-14 15:05:02 GMT"), and the invariant-culture
// "11/08/2014 3:05:02 PM" form. Offsets are folded into UTC.
func ParseDateTime(s string) (DateTime, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 64 {
		return 0, false
	}
	p := &dtParser{s: s}
	var t DateTime
	var ok bool
	switch {
	case isDigit(s[0]) && len(s) >= 5 && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && (s[4] == '-' || s[4] == '/'):
		t, ok = p.iso()
	case isDigit(s[0]) && (strings.IndexByte(s[:3], '/') > 0):
		t, ok = p.us()
	default:
		t, ok = p.rfc()
	}
	if !ok || int64(t) < 0 || int64(t) > MaxDateTime {
		return 0, false
	}
	return t, true
}

type dtParser struct {
	s string
	i int
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *dtParser) eof() bool { return p.i >= len(p.s) }

func (p *dtParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *dtParser) eat(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

// num reads between min and max digits.
func (p *dtParser) num(min, max int) (int, bool) {
	v, n := 0, 0
	for n < max && p.i < len(p.s) && isDigit(p.s[p.i]) {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n >= min
}

func (p *dtParser) spaces() int {
	n := 0
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
		n++
	}
	return n
}

func (p *dtParser) word() string {
	j := p.i
	for p.i < len(p.s) && (p.s[p.i]|0x20 >= 'a' && p.s[p.i]|0x20 <= 'z') {
		p.i++
	}
	return p.s[j:p.i]
}

func (p *dtParser) iso() (DateTime, bool) {
	y, _ := p.num(4, 4)
	sep := p.s[p.i]
	p.i++
	m, ok1 := p.num(1, 2)
	ok2 := p.eat(sep)
	d, ok3 := p.num(1, 2)
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	var clock int64
	if !p.eof() {
		if !p.eat('T') && !p.eat('t') && p.spaces() == 0 {
			return 0, false
		}
		var ok bool
		if clock, ok = p.clock(); !ok {
			return 0, false
		}
	}
	return p.finish(y, m, d, clock)
}

// us reads the invariant-culture M/d/yyyy [h:mm[:ss[.f]] [AM|PM]] form.
func (p *dtParser) us() (DateTime, bool) {
	m, ok1 := p.num(1, 2)
	ok2 := p.eat('/')
	d, ok3 := p.num(1, 2)
	ok4 := p.eat('/')
	y, ok5 := p.num(4, 4)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return 0, false
	}
	var clock int64
	if p.spaces() > 0 && !p.eof() {
		var ok bool
		if clock, ok = p.clock(); !ok {
			return 0, false
		}
	}
	return p.finish(y, m, d, clock)
}

// rfc reads RFC 822/1123 and RFC 850 dates, with or without a weekday.
func (p *dtParser) rfc() (DateTime, bool) {
	if w := p.word(); w != "" {
		if !weekday(w) {
			return 0, false
		}
		p.eat(',')
		p.spaces()
	}
	d, ok := p.num(1, 2)
	if !ok {
		return 0, false
	}
	sep := p.peek()
	if sep != '-' && sep != ' ' {
		return 0, false
	}
	p.i++
	m := month(p.word())
	if m == 0 || !p.eat(sep) {
		return 0, false
	}
	start := p.i
	y, ok := p.num(2, 4)
	if !ok || p.i-start == 3 {
		return 0, false
	}
	if p.i-start == 2 {
		// .NET's two-digit year window ends at 2049.
		if y <= 49 {
			y += 2000
		} else {
			y += 1900
		}
	}
	var clock int64
	if p.spaces() > 0 && !p.eof() {
		if clock, ok = p.clock(); !ok {
			return 0, false
		}
	}
	return p.finish(y, m, d, clock)
}

// clock reads hh:mm[:ss[.fffffff]] and an optional AM/PM marker.
func (p *dtParser) clock() (int64, bool) {
	h, ok1 := p.num(1, 2)
	ok2 := p.eat(':')
	mi, ok3 := p.num(2, 2)
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	sec, frac := 0, int64(0)
	if p.eat(':') {
		var ok bool
		if sec, ok = p.num(2, 2); !ok {
			return 0, false
		}
		if p.eat('.') || p.eat(',') {
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
	save := p.i
	p.spaces()
	switch strings.ToUpper(p.word()) {
	case "AM":
		if h < 1 || h > 12 {
			return 0, false
		}
		if h == 12 {
			h = 0
		}
	case "PM":
		if h < 1 || h > 12 {
			return 0, false
		}
		if h != 12 {
			h += 12
		}
	default:
		p.i = save
	}
	if h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	return int64(h)*Hour + int64(mi)*Minute + int64(sec)*Second + frac, true
}

// finish reads an optional zone and checks the date.
func (p *dtParser) finish(y, m, d int, clock int64) (DateTime, bool) {
	off, ok := p.zone()
	if !ok || !p.eof() {
		return 0, false
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return DateTime(daysFrom(y, m, d)*Day + clock - off), true
}

// zone reads Z, GMT, UTC, a US zone name or a ±hh[:mm] offset, returning
// the offset from UTC in ticks.
func (p *dtParser) zone() (int64, bool) {
	p.spaces()
	if p.eof() {
		return 0, true
	}
	switch c := p.peek(); {
	case c == '+' || c == '-':
		p.i++
		h, ok := p.num(2, 2)
		if !ok {
			return 0, false
		}
		p.eat(':')
		mi := 0
		if !p.eof() {
			if mi, ok = p.num(2, 2); !ok {
				return 0, false
			}
		}
		if h > 14 || mi > 59 {
			return 0, false
		}
		off := int64(h)*Hour + int64(mi)*Minute
		if c == '-' {
			off = -off
		}
		return off, p.eof()
	}
	var off int64
	switch strings.ToUpper(p.word()) {
	case "Z", "GMT", "UT", "UTC":
	case "EST":
		off = -5 * Hour
	case "EDT":
		off = -4 * Hour
	case "CST":
		off = -6 * Hour
	case "CDT":
		off = -5 * Hour
	case "MST":
		off = -7 * Hour
	case "MDT":
		off = -6 * Hour
	case "PST":
		off = -8 * Hour
	case "PDT":
		off = -7 * Hour
	default:
		return 0, false
	}
	if c := p.peek(); c == '+' || c == '-' {
		o2, ok := p.zone()
		return off + o2, ok
	}
	return off, true
}

var monthNames = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
var monthLong = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func month(w string) int {
	lw := strings.ToLower(w)
	for i := range monthNames {
		if lw == monthNames[i] || lw == monthLong[i] {
			return i + 1
		}
	}
	return 0
}

var dayNames = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func weekday(w string) bool {
	lw := strings.ToLower(w)
	for _, d := range dayNames {
		if lw == d {
			return true
		}
	}
	return false
}
