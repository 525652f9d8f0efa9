package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the
// stack.
const maxJSONDepth = 1000

// ParseJSON parses JSON text into a boxed dynamic tree as Kusto's
// parse_json does: integers become int64 (float64 beyond the int64 range),
// fractions and exponents float64, objects *Bag with their key order, and
// a repeated key keeps its first position and its last value. Invalid JSON
// gives an error; Kusto's parse_json then yields the input as a string,
// which is the caller's decision.
//
// The result's strings share one private copy of s, so s may alias a
// column arena.
func ParseJSON(s string) (any, error) {
	return parseWhole(strings.Clone(s))
}

// ParseJSONBytes is ParseJSON over bytes; b may be reused afterwards.
func ParseJSONBytes(b []byte) (any, error) {
	return parseWhole(string(b))
}

// parsers recycles parser scratch space (the member stacks) between calls.
var parsers = sync.Pool{New: func() any {
	return &jsonParser{keys: make([]string, 0, 64), vals: make([]any, 0, 64), elems: make([]any, 0, 64)}
}}

func getParser(s string) *jsonParser {
	p := parsers.Get().(*jsonParser)
	p.s, p.i = s, 0
	return p
}

func putParser(p *jsonParser) {
	// On error the stacks may still hold values: drop them.
	clear(p.vals)
	clear(p.elems)
	p.s, p.keys, p.vals, p.elems = "", p.keys[:0], p.vals[:0], p.elems[:0]
	if cap(p.buf) > 1<<16 {
		p.buf = nil
	}
	parsers.Put(p)
}

func parseWhole(s string) (any, error) {
	p := getParser(s)
	defer putParser(p)
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, p.errf("unexpected %s after the JSON value", p.what())
	}
	return v, nil
}

// ParseJSONPrefix parses the first JSON value of s (after white space)
// and returns it with the offset just past it, so that a stream of
// concatenated or newline-separated values can be read one by one. Unlike
// ParseJSON it does not copy s: the result's strings alias s, which must
// therefore be an ordinary immutable Go string. On error the offset is
// where the problem was found.
func ParseJSONPrefix(s string) (any, int, error) {
	p := getParser(s)
	defer putParser(p)
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, p.i, err
	}
	return v, p.i, nil
}

type jsonParser struct {
	s   string
	i   int
	buf []byte // scratch for unescaping
	// Scratch stacks for the members of open objects and arrays: each
	// container is copied out once, exactly sized, when it closes.
	keys  []string
	vals  []any
	elems []any
}

func (p *jsonParser) errf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) what() string {
	if p.i >= len(p.s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if p.i >= len(p.s) {
		return nil, p.errf("expected a value, found end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		str, err := p.str()
		if err != nil {
			return nil, err
		}
		return str, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	}
	return nil, p.errf("expected a value, found %s", p.what())
}

func (p *jsonParser) literal(word string, v any) (any, error) {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return v, nil
	}
	return nil, p.errf("expected a value, found %s", p.what())
}

func (p *jsonParser) object(depth int) (any, error) {
	if depth >= maxJSONDepth {
		return nil, p.errf("nesting deeper than %d", maxJSONDepth)
	}
	p.i++ // {
	base := len(p.keys)
	var seen map[string]int // only for large objects
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return &Bag{}, nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.errf("expected a property name, found %s", p.what())
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errf("expected ':' after a property name, found %s", p.what())
		}
		p.i++
		p.ws()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		key := k
		dup := -1
		if seen != nil {
			if j, ok := seen[key]; ok {
				dup = j
			}
		} else {
			for j, kk := range p.keys[base:] {
				if kk == key {
					dup = base + j
					break
				}
			}
		}
		if dup >= 0 {
			p.vals[dup] = v
		} else {
			p.keys = append(p.keys, key)
			p.vals = append(p.vals, v)
			if seen != nil {
				seen[key] = len(p.keys) - 1
			} else if len(p.keys)-base > 16 {
				seen = make(map[string]int, 32)
				for j, kk := range p.keys[base:] {
					seen[kk] = base + j
				}
			}
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errf("unterminated object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			n := len(p.keys) - base
			b := &Bag{Keys: make([]string, n), Values: make([]any, n)}
			copy(b.Keys, p.keys[base:])
			copy(b.Values, p.vals[base:])
			clear(p.vals[base:]) // drop references held by the scratch stack
			p.keys = p.keys[:base]
			p.vals = p.vals[:base]
			return b, nil
		default:
			return nil, p.errf("expected ',' or '}' in an object, found %s", p.what())
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	if depth >= maxJSONDepth {
		return nil, p.errf("nesting deeper than %d", maxJSONDepth)
	}
	p.i++ // [
	base := len(p.elems)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return []any{}, nil
	}
	for {
		p.ws()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errf("unterminated array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			arr := make([]any, len(p.elems)-base)
			copy(arr, p.elems[base:])
			clear(p.elems[base:])
			p.elems = p.elems[:base]
			return arr, nil
		default:
			return nil, p.errf("expected ',' or ']' in an array, found %s", p.what())
		}
	}
}

// str reads a string starting at the opening quote. Strings without
// escapes are substrings of the parser's private copy.
func (p *jsonParser) str() (string, error) {
	start := p.i + 1
	j := start
	for j < len(p.s) {
		c := p.s[j]
		if c == '"' {
			p.i = j + 1
			return p.s[start:j], nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			p.i = j
			return "", p.errf("control character in a string")
		}
		j++
	}
	if j >= len(p.s) {
		p.i = j
		return "", p.errf("unterminated string")
	}
	buf := append(p.buf[:0], p.s[start:j]...)
	for j < len(p.s) {
		c := p.s[j]
		switch {
		case c == '"':
			p.i = j + 1
			p.buf = buf
			return string(buf), nil
		case c < 0x20:
			p.i = j
			return "", p.errf("control character in a string")
		case c != '\\':
			buf = append(buf, c)
			j++
			continue
		}
		if j+1 >= len(p.s) {
			break
		}
		e := p.s[j+1]
		j += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(p.s, j)
			if !ok {
				p.i = j
				return "", p.errf("bad \\u escape")
			}
			j += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(p.s, j+2); ok && j+1 < len(p.s) && p.s[j] == '\\' && p.s[j+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						j += 6
						buf = utf8.AppendRune(buf, d)
						continue
					}
				}
				r = utf8.RuneError // lone surrogate
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.i = j - 1
			return "", p.errf("bad escape '\\%c'", e)
		}
	}
	p.i = len(p.s)
	return "", p.errf("unterminated string")
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		c := s[i+k]
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

func (p *jsonParser) number() (any, error) {
	start := p.i
	j := p.i
	if p.s[j] == '-' {
		j++
	}
	digits := j
	if j < len(p.s) && p.s[j] == '0' {
		j++
	} else {
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
	}
	if j == digits {
		p.i = j
		return nil, p.errf("expected a digit, found %s", p.what())
	}
	isInt := true
	if j < len(p.s) && p.s[j] == '.' {
		isInt = false
		j++
		k := j
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		if j == k {
			p.i = j
			return nil, p.errf("expected a digit after '.', found %s", p.what())
		}
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		isInt = false
		j++
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		k := j
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		if j == k {
			p.i = j
			return nil, p.errf("expected an exponent digit, found %s", p.what())
		}
	}
	p.i = j
	text := p.s[start:j]
	if isInt && j-digits <= 18 {
		// Fits in int64 without overflow checks.
		var n int64
		for k := digits; k < j; k++ {
			n = n*10 + int64(p.s[k]-'0')
		}
		if digits > start {
			n = -n
		}
		return n, nil
	}
	if isInt {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) {
		return nil, p.errf("bad number %q", text)
	}
	return f, nil
}
