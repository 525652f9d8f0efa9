package kqltest

import (
	"fmt"
	"strconv"
	"strings"
)

// splitCells splits a comma-separated list at top level: commas inside
// quotes, parentheses, brackets or braces do not split. Each cell is
// trimmed; a trailing comma (as in datatable rows) is allowed.
func splitCells(s string) ([]string, error) {
	var cells []string
	depth := 0
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			j, err := skipQuoted(s, i)
			if err != nil {
				return nil, err
			}
			i = j
		case '@':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\'') {
				j, err := skipVerbatim(s, i+1)
				if err != nil {
					return nil, err
				}
				i = j
			}
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced %q at column %d", c, i+1)
			}
		case ',':
			if depth == 0 {
				cells = append(cells, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unclosed bracket in %q", s)
	}
	last := strings.TrimSpace(s[start:])
	if last != "" || len(cells) == 0 {
		cells = append(cells, last)
	}
	if len(cells) == 1 && cells[0] == "" {
		return nil, nil
	}
	return cells, nil
}

// skipQuoted returns the index of the quote closing the string that opens
// at s[i] (backslash escapes).
func skipQuoted(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j, nil
		}
	}
	return 0, fmt.Errorf("unterminated string starting at column %d", i+1)
}

// skipVerbatim is skipQuoted for @"..." strings, where a doubled quote is
// an escaped quote.
func skipVerbatim(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j, nil
		}
	}
	return 0, fmt.Errorf("unterminated string starting at column %d", i)
}

// unquote decodes a KQL string literal: "..." or '...' with backslash
// escapes, @"..." verbatim, optionally h-prefixed (obfuscated).
func unquote(s string) (string, bool) {
	if strings.HasPrefix(s, "h") || strings.HasPrefix(s, "H") {
		s = s[1:]
	}
	if len(s) >= 3 && s[0] == '@' {
		q := s[1]
		if (q != '"' && q != '\'') || s[len(s)-1] != q {
			return "", false
		}
		body := s[2 : len(s)-1]
		if j, err := skipVerbatim(s, 1); err != nil || j != len(s)-1 {
			return "", false
		}
		return strings.ReplaceAll(body, string([]byte{q, q}), string(q)), true
	}
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] {
		return "", false
	}
	if j, err := skipQuoted(s, 0); err != nil || j != len(s)-1 {
		return "", false
	}
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", false
		}
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'u':
			if i+5 > len(body) {
				return "", false
			}
			r, err := strconv.ParseUint(body[i+1:i+5], 16, 32)
			if err != nil {
				return "", false
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String(), true
}

// quote renders s as a double-quoted literal that unquote reads back.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
