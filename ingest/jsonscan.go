package ingest

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kinds of JSON values a scan finds.
const (
	kNone byte = iota // absent (no such key)
	kNull
	kFalse
	kTrue
	kNumber
	kString
	kObject
	kArray
)

// maxDepth bounds nesting as value.ParseJSON does, so that hostile input
// cannot exhaust the stack.
const maxDepth = 1000

// span is one JSON value found in a record's bytes, not yet converted:
// strings are the bytes between the quotes (esc when they hold escapes),
// every other kind is its JSON text.
type span struct {
	kind   byte
	esc    bool
	lo, hi int32
}

// syntaxError is invalid JSON at byte off of the scanned unit.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return "invalid JSON: " + e.msg }

// strStop marks the bytes that end a run of plain string bytes.
var strStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// stopMask is non-zero when one of the eight bytes of x is a quote, a
// backslash or a control character (bit tricks: "has less than" and
// "has zero byte" per byte lane).
func stopMask(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	less := (x - ones*0x20) &^ x
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return (less | (q-ones)&^q | (bs-ones)&^bs) & highs
}

// scanner validates and walks the JSON of one unit (a record, or a line)
// without building values: the converter reads the spans it returns. It
// accepts and rejects exactly what value.ParseJSON does.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) fail(format string, args ...any) *syntaxError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &syntaxError{off: s.i, msg: msg}
}

// what describes the byte at the scan position for an error message.
func (s *scanner) what() string {
	if s.i >= len(s.b) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(s.b[s.i:])
	return strconv.QuoteRune(r)
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value scans the value at the position (after white space) and returns
// its span; depth is the nesting of the value.
func (s *scanner) value(depth int) (span, error) {
	s.ws()
	if s.i >= len(s.b) {
		return span{}, s.fail("expected a value, found end of input")
	}
	start := s.i
	switch c := s.b[s.i]; {
	case c == '"':
		lo, hi, esc, err := s.str()
		return span{kind: kString, esc: esc, lo: int32(lo), hi: int32(hi)}, err
	case c == '{':
		err := s.skipObject(depth)
		return span{kind: kObject, lo: int32(start), hi: int32(s.i)}, err
	case c == '[':
		err := s.skipArray(depth)
		return span{kind: kArray, lo: int32(start), hi: int32(s.i)}, err
	case c == '-' || c >= '0' && c <= '9':
		err := s.number()
		return span{kind: kNumber, lo: int32(start), hi: int32(s.i)}, err
	case c == 't':
		return span{kind: kTrue, lo: int32(start), hi: int32(start + 4)}, s.literal("true")
	case c == 'f':
		return span{kind: kFalse, lo: int32(start), hi: int32(start + 5)}, s.literal("false")
	case c == 'n':
		return span{kind: kNull, lo: int32(start), hi: int32(start + 4)}, s.literal("null")
	}
	return span{}, s.fail("expected a value, found %s", s.what())
}

func (s *scanner) literal(word string) error {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return nil
	}
	return s.fail("expected a value, found %s", s.what())
}

// str scans a string from its opening quote; lo and hi bound its
// contents.
func (s *scanner) str() (lo, hi int, esc bool, err error) {
	b := s.b
	j := s.i + 1
	lo = j
	for {
		// Eight bytes at a time while none of them ends the run.
		for j+8 <= len(b) && stopMask(binary.LittleEndian.Uint64(b[j:])) == 0 {
			j += 8
		}
		for j < len(b) && !strStop[b[j]] {
			j++
		}
		if j >= len(b) {
			s.i = j
			return 0, 0, false, s.fail("unterminated string")
		}
		switch c := b[j]; {
		case c == '"':
			s.i = j + 1
			return lo, j, esc, nil
		case c == '\\':
			esc = true
			if j+1 >= len(b) {
				s.i = len(b)
				return 0, 0, false, s.fail("unterminated string")
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if _, ok := hex4(b, j+2); !ok {
					s.i = j + 2
					return 0, 0, false, s.fail("bad \\u escape")
				}
				j += 6
			default:
				s.i = j + 1
				return 0, 0, false, s.fail("bad escape '\\%c'", b[j+1])
			}
		default:
			s.i = j
			return 0, 0, false, s.fail("control character in a string")
		}
	}
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		c := b[i+k]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// unescape appends the decoded contents of a string with escapes (as
// value.ParseJSON decodes them: a lone surrogate becomes U+FFFD).
func unescape(dst, b []byte) []byte {
	for j := 0; j < len(b); {
		c := b[j]
		if c != '\\' {
			k := j + 1
			for k < len(b) && b[k] != '\\' {
				k++
			}
			dst = append(dst, b[j:k]...)
			j = k
			continue
		}
		e := b[j+1]
		j += 2
		switch e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, _ := hex4(b, j)
			j += 4
			if utf16.IsSurrogate(r) {
				if j+1 < len(b) && b[j] == '\\' && b[j+1] == 'u' {
					if r2, ok := hex4(b, j+2); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							j += 6
							dst = utf8.AppendRune(dst, d)
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
	}
	return dst
}

func (s *scanner) number() error {
	b := s.b
	j := s.i
	if b[j] == '-' {
		j++
	}
	digits := j
	if j < len(b) && b[j] == '0' {
		j++
	} else {
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	}
	if j == digits {
		s.i = j
		return s.fail("expected a digit, found %s", s.what())
	}
	if j < len(b) && b[j] == '.' {
		j++
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			s.i = j
			return s.fail("expected a digit after '.', found %s", s.what())
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			s.i = j
			return s.fail("expected an exponent digit, found %s", s.what())
		}
	}
	s.i = j
	return nil
}

// parseNumber converts a validated JSON number as value.ParseJSON does:
// an integer that fits is int64, anything else float64.
func parseNumber(t []byte) any {
	isInt := true
	digits := 0
	for i, c := range t {
		switch c {
		case '.', 'e', 'E':
			isInt = false
		case '-':
			if i == 0 {
				digits = 1
			}
		}
	}
	if isInt && len(t)-digits <= 18 {
		var n int64
		for _, c := range t[digits:] {
			n = n*10 + int64(c-'0')
		}
		if digits > 0 {
			n = -n
		}
		return n
	}
	if isInt {
		if n, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return n
		}
	}
	f, _ := strconv.ParseFloat(string(t), 64)
	return f
}

func (s *scanner) skipObject(depth int) error {
	if depth >= maxDepth {
		return s.fail("nesting deeper than %d", maxDepth)
	}
	s.i++ // {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return nil
	}
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return s.fail("expected a property name, found %s", s.what())
		}
		if _, _, _, err := s.str(); err != nil {
			return err
		}
		if err := s.colon(); err != nil {
			return err
		}
		if _, err := s.value(depth + 1); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.b) {
			return s.fail("unterminated object")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or '}' in an object, found %s", s.what())
		}
	}
}

func (s *scanner) colon() error {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return s.fail("expected ':' after a property name, found %s", s.what())
	}
	s.i++
	return nil
}

func (s *scanner) skipArray(depth int) error {
	if depth >= maxDepth {
		return s.fail("nesting deeper than %d", maxDepth)
	}
	s.i++ // [
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		if _, err := s.value(depth + 1); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.b) {
			return s.fail("unterminated array")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or ']' in an array, found %s", s.what())
		}
	}
}

// member is one property of an object: its key and value spans.
type member struct {
	key span
	val span
}

// members scans the object at the position (depth is its nesting) into
// dst, in order, keeping duplicates.
func (s *scanner) members(dst []member, depth int) ([]member, error) {
	if depth >= maxDepth {
		return dst, s.fail("nesting deeper than %d", maxDepth)
	}
	s.i++ // {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return dst, nil
	}
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return dst, s.fail("expected a property name, found %s", s.what())
		}
		lo, hi, esc, err := s.str()
		if err != nil {
			return dst, err
		}
		if err := s.colon(); err != nil {
			return dst, err
		}
		v, err := s.value(depth + 1)
		if err != nil {
			return dst, err
		}
		dst = append(dst, member{key: span{kind: kString, esc: esc, lo: int32(lo), hi: int32(hi)}, val: v})
		s.ws()
		if s.i >= len(s.b) {
			return dst, s.fail("unterminated object")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return dst, nil
		default:
			return dst, s.fail("expected ',' or '}' in an object, found %s", s.what())
		}
	}
}

// elements scans the array at the position into the spans of its
// elements.
func (s *scanner) elements(dst []span, depth int) ([]span, error) {
	if depth >= maxDepth {
		return dst, s.fail("nesting deeper than %d", maxDepth)
	}
	s.i++ // [
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return dst, nil
	}
	for {
		v, err := s.value(depth + 1)
		if err != nil {
			return dst, err
		}
		dst = append(dst, v)
		s.ws()
		if s.i >= len(s.b) {
			return dst, s.fail("unterminated array")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return dst, nil
		default:
			return dst, s.fail("expected ',' or ']' in an array, found %s", s.what())
		}
	}
}
