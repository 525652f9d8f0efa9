package syntax

import (
	"errors"
	"strings"
)

// maxDynamicDepth bounds nesting in dynamic literals so hostile input
// cannot exhaust the stack.
const maxDynamicDepth = 200

// parseDynamicRaw decodes the content of dynamic(...): JSON extended the way
// KQL extends it (single-quoted strings, bare-word keys, KQL escapes,
// datetime/timespan literals inside, which are kept as their text).
// An empty content is not valid; `null` decodes to (nil, nil).
func parseDynamicRaw(s string) (any, error) {
	d := &dynDecoder{src: s}
	d.space()
	if d.off >= len(d.src) {
		return nil, nil // dynamic() is accepted and means null
	}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.space()
	if d.off < len(d.src) {
		return nil, d.errorf("unexpected %q after value", d.rest())
	}
	return v, nil
}

type dynDecoder struct {
	src string
	off int
}

func (d *dynDecoder) errorf(format string, arg string) error {
	return errors.New("invalid dynamic literal: " + strings.Replace(format, "%q", "'"+arg+"'", 1))
}

func (d *dynDecoder) rest() string {
	r := d.src[d.off:]
	if len(r) > 10 {
		r = r[:10] + "..."
	}
	return r
}

func (d *dynDecoder) space() {
	for d.off < len(d.src) {
		switch d.src[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		case '/':
			if d.off+1 < len(d.src) && d.src[d.off+1] == '/' {
				for d.off < len(d.src) && d.src[d.off] != '\n' {
					d.off++
				}
				continue
			}
			return
		default:
			return
		}
	}
}

func (d *dynDecoder) value(depth int) (any, error) {
	if depth > maxDynamicDepth {
		return nil, errors.New("invalid dynamic literal: nested too deeply")
	}
	d.space()
	if d.off >= len(d.src) {
		return nil, errors.New("invalid dynamic literal: unexpected end")
	}
	c := d.src[d.off]
	switch {
	case c == '[':
		d.off++
		arr := []any{}
		d.space()
		if d.off < len(d.src) && d.src[d.off] == ']' {
			d.off++
			return arr, nil
		}
		for {
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
			d.space()
			if d.off < len(d.src) && d.src[d.off] == ',' {
				d.off++
				continue
			}
			if d.off < len(d.src) && d.src[d.off] == ']' {
				d.off++
				return arr, nil
			}
			return nil, d.errorf("expected ',' or ']' in array, found %q", d.rest())
		}
	case c == '{':
		d.off++
		obj := &DynamicObject{}
		d.space()
		if d.off < len(d.src) && d.src[d.off] == '}' {
			d.off++
			return obj, nil
		}
		for {
			d.space()
			key, err := d.key()
			if err != nil {
				return nil, err
			}
			d.space()
			if d.off >= len(d.src) || d.src[d.off] != ':' {
				return nil, d.errorf("expected ':' after object key, found %q", d.rest())
			}
			d.off++
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			obj.Keys = append(obj.Keys, key)
			obj.Values = append(obj.Values, v)
			d.space()
			if d.off < len(d.src) && d.src[d.off] == ',' {
				d.off++
				continue
			}
			if d.off < len(d.src) && d.src[d.off] == '}' {
				d.off++
				return obj, nil
			}
			return nil, d.errorf("expected ',' or '}' in object, found %q", d.rest())
		}
	case c == '"' || c == '\'' || c == '@' || c == 'h' && d.off+1 < len(d.src) && (d.src[d.off+1] == '\'' || d.src[d.off+1] == '"'):
		return d.str()
	case c == '-' || c == '+' || c == '.' || isDigit(c):
		return d.number()
	case isIdentStart(c):
		start := d.off
		for d.off < len(d.src) && isIdentPart(d.src[d.off]) {
			d.off++
		}
		word := d.src[start:d.off]
		switch word {
		case "null":
			return nil, nil
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		// Typed literal inside dynamic: datetime(...), timespan(...),
		// guid(...). Keep the decoded value where it has an obvious
		// representation.
		d.space()
		if d.off < len(d.src) && d.src[d.off] == '(' {
			open := d.off
			depthP := 0
			for d.off < len(d.src) {
				if d.src[d.off] == '(' {
					depthP++
				} else if d.src[d.off] == ')' {
					depthP--
					if depthP == 0 {
						d.off++
						break
					}
				}
				d.off++
			}
			if depthP != 0 {
				return nil, errors.New("invalid dynamic literal: missing ')'")
			}
			inner := d.src[open+1 : d.off-1]
			switch word {
			case "datetime", "date":
				if t, err := parseDatetimeRaw(inner); err == nil {
					return TicksToTime(t).Format("2006-01-02T15:04:05.0000000Z"), nil
				}
			case "guid":
				if g, err := parseGuidRaw(inner); err == nil {
					return g, nil
				}
			}
			return d.src[start:d.off], nil
		}
		return nil, d.errorf("unexpected %q", word)
	}
	return nil, d.errorf("unexpected %q", d.rest())
}

func (d *dynDecoder) key() (string, error) {
	if d.off >= len(d.src) {
		return "", errors.New("invalid dynamic literal: unexpected end in object")
	}
	c := d.src[d.off]
	if c == '"' || c == '\'' || c == '@' {
		v, err := d.str()
		if err != nil {
			return "", err
		}
		return v.(string), nil
	}
	start := d.off
	for d.off < len(d.src) && isIdentPart(d.src[d.off]) {
		d.off++
	}
	if start == d.off {
		return "", d.errorf("expected object key, found %q", d.rest())
	}
	return d.src[start:d.off], nil
}

// str decodes a quoted string using the KQL lexer's rules.
func (d *dynDecoder) str() (any, error) {
	// Adjacent string literals concatenate, as elsewhere in KQL.
	var b strings.Builder
	for n := 0; ; n++ {
		s := NewScanner(d.src[d.off:])
		t := s.Next()
		if t.Kind != TokString {
			if n > 0 {
				return b.String(), nil
			}
			if t.Kind == TokIllegal {
				return nil, errors.New("invalid dynamic literal: " + t.Value)
			}
			return nil, d.errorf("expected string, found %q", d.rest())
		}
		d.off += int(t.End)
		b.WriteString(t.Value)
	}
}

func (d *dynDecoder) number() (any, error) {
	start := d.off
	if d.src[d.off] == '-' || d.src[d.off] == '+' {
		d.off++
	}
	for d.off < len(d.src) && (isIdentPart(d.src[d.off]) || d.src[d.off] == '.' ||
		(d.src[d.off] == '-' || d.src[d.off] == '+') && (d.src[d.off-1] == 'e' || d.src[d.off-1] == 'E')) {
		d.off++
	}
	text := d.src[start:d.off]
	body := strings.TrimLeft(text, "+-")
	neg := strings.HasPrefix(text, "-")
	switch {
	case body == "":
		return nil, d.errorf("invalid number %q", text)
	case strings.ContainsAny(body, ".eE") && !strings.HasPrefix(body, "0x") && isRealText(body):
		f, err := parseRealLit(body)
		if err != nil {
			return nil, err
		}
		if neg {
			return -f.(float64), nil
		}
		return f, nil
	case isAllDigits(body) || strings.HasPrefix(body, "0x"):
		kind, v, err := parseIntLit(body)
		if err != nil {
			return nil, err
		}
		if kind == LitReal {
			if neg {
				return -v.(float64), nil
			}
			return v, nil
		}
		if neg {
			return -v.(int64), nil
		}
		return v, nil
	}
	// 1d, 2h ... inside dynamic: keep as ticks.
	t, err := parseTimespanToken(body)
	if err != nil {
		return nil, d.errorf("invalid number %q", text)
	}
	if neg {
		t = -t
	}
	return t, nil
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isRealText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}
