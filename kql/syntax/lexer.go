package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scanner splits KQL text into tokens. It never fails: malformed input
// becomes Illegal tokens that the parser reports, and every call to Next
// consumes at least one byte until EOF, so scanning always terminates.
type Scanner struct {
	src string
	off int

	// Typed literals such as datetime(2024-01-01 10:00) or
	// guid(74be27de-1e4e-...) do not consist of KQL tokens, so after one of
	// those names the scanner returns the parenthesised content as one Raw
	// token. rawState tracks that: 1 = saw the name, 2 = saw '('.
	rawState int
	rawMulti bool // the raw content may span lines (dynamic)
}

// rawLiteralNames are the literal constructors whose argument is raw text.
var rawLiteralNames = map[string]bool{
	"datetime": true, "date": true, "time": true, "timespan": true,
	"guid": true, "dynamic": true,
}

// NewScanner returns a scanner over src.
func NewScanner(src string) *Scanner { return &Scanner{src: src} }

// Tokenize scans all of src. The last token is always EOF.
func Tokenize(src string) []Token {
	s := NewScanner(src)
	toks := make([]Token, 0, len(src)/3+1)
	for {
		t := s.Next()
		toks = append(toks, t)
		if t.Kind == TokEOF {
			return toks
		}
	}
}

// Next returns the next token.
func (s *Scanner) Next() Token {
	if s.rawState == 2 {
		s.rawState = 0
		return s.scanRaw()
	}
	s.skipSpace()
	start := s.off
	if s.off >= len(s.src) {
		return Token{Kind: TokEOF, Pos: Pos(start), End: Pos(start)}
	}
	if s.rawState == 1 {
		if s.src[s.off] == '(' {
			s.off++
			s.rawState = 2
			return s.tok(TokLParen, start)
		}
		s.rawState = 0
	}
	c := s.src[s.off]
	switch {
	case c == '\'' || c == '"':
		return s.scanString(start, s.off, false)
	case c == '@' && s.off+1 < len(s.src) && (s.src[s.off+1] == '\'' || s.src[s.off+1] == '"'):
		return s.scanString(start, s.off+1, true)
	case (c == 'h' || c == 'H') && s.stringAfterH():
		// h'...' / H"..." / h@'...': obfuscated strings, same value.
		q := s.off + 1
		verbatim := false
		if s.src[q] == '@' {
			q++
			verbatim = true
		}
		return s.scanString(start, q, verbatim)
	case c == '`' && strings.HasPrefix(s.src[s.off:], "```"):
		return s.scanMultiline(start)
	case isDigit(c) || (c == '.' && s.off+1 < len(s.src) && isDigit(s.src[s.off+1]) && !s.afterOperand()):
		return s.scanNumber(start)
	case isIdentStart(c) || c >= utf8.RuneSelf && s.identRuneAt(s.off):
		return s.scanIdent(start)
	}
	s.off++
	two := func(next byte, k2, k1 Kind) Token {
		if s.off < len(s.src) && s.src[s.off] == next {
			s.off++
			return s.tok(k2, start)
		}
		return s.tok(k1, start)
	}
	switch c {
	case '(':
		return s.tok(TokLParen, start)
	case ')':
		return s.tok(TokRParen, start)
	case '[':
		return s.tok(TokLBrack, start)
	case ']':
		return s.tok(TokRBrack, start)
	case '{':
		return s.tok(TokLBrace, start)
	case '}':
		return s.tok(TokRBrace, start)
	case ',':
		return s.tok(TokComma, start)
	case ';':
		return s.tok(TokSemi, start)
	case ':':
		return s.tok(TokColon, start)
	case '.':
		return two('.', TokDotDot, TokDot)
	case '|':
		return s.tok(TokPipe, start)
	case '=':
		if s.off < len(s.src) {
			switch s.src[s.off] {
			case '=':
				s.off++
				return s.tok(TokEq, start)
			case '~':
				s.off++
				return s.tok(TokEqTilde, start)
			case '>':
				s.off++
				return s.tok(TokArrow, start)
			}
		}
		return s.tok(TokAssign, start)
	case '!':
		if s.off < len(s.src) {
			switch s.src[s.off] {
			case '=':
				s.off++
				return s.tok(TokNe, start)
			case '~':
				s.off++
				return s.tok(TokNeTilde, start)
			}
		}
		return s.tok(TokBang, start)
	case '<':
		if s.off < len(s.src) {
			switch s.src[s.off] {
			case '=':
				s.off++
				return s.tok(TokLe, start)
			case '>':
				s.off++
				return s.tok(TokLtGt, start)
			}
		}
		return s.tok(TokLt, start)
	case '>':
		return two('=', TokGe, TokGt)
	case '+':
		return s.tok(TokPlus, start)
	case '-':
		return s.tok(TokMinus, start)
	case '*':
		return s.tok(TokStar, start)
	case '/':
		return s.tok(TokSlash, start)
	case '%':
		return s.tok(TokPercent, start)
	case '~':
		return s.tok(TokTilde, start)
	case '@':
		return s.tok(TokAt, start)
	case '?':
		return s.tok(TokQuestion, start)
	case '#':
		return s.tok(TokHash, start)
	}
	// Skip the whole (possibly multi-byte) character.
	if c >= utf8.RuneSelf {
		_, n := utf8.DecodeRuneInString(s.src[start:])
		s.off = start + n
	}
	return s.illegal(start, "unexpected character "+quoteRune(s.src[start:s.off]))
}

func (s *Scanner) tok(k Kind, start int) Token {
	return Token{Kind: k, Pos: Pos(start), End: Pos(s.off), Text: s.src[start:s.off]}
}

func (s *Scanner) illegal(start int, msg string) Token {
	t := s.tok(TokIllegal, start)
	t.Value = msg
	return t
}

// skipSpace skips whitespace and // comments. KQL has no block comments.
func (s *Scanner) skipSpace() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '/' && s.off+1 < len(s.src) && s.src[s.off+1] == '/':
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s.src[s.off:])
			// BOM, no-break and zero-width spaces appear in pasted queries.
			if r != 0xFEFF && r != 0xA0 && r != 0x200B && r != 0x200C && r != 0x200D && r != 0x2060 && !unicode.IsSpace(r) {
				return
			}
			s.off += n
		default:
			return
		}
	}
}

// afterOperand reports whether the previous non-space byte ends an operand,
// in which case '.' is member access (`a.5` is rare but `x).` is not a number).
func (s *Scanner) afterOperand() bool {
	if s.off == 0 {
		return false
	}
	c := s.src[s.off-1]
	return isIdentPart(c) || c == ')' || c == ']'
}

func (s *Scanner) stringAfterH() bool {
	i := s.off + 1
	if i < len(s.src) && s.src[i] == '@' {
		i++
	}
	if i >= len(s.src) || (s.src[i] != '\'' && s.src[i] != '"') {
		return false
	}
	// `h` must not be the tail of an identifier (e.g. `path'`), which the
	// identifier scanner would have consumed anyway.
	return true
}

func (s *Scanner) identRuneAt(off int) bool {
	r, _ := utf8.DecodeRuneInString(s.src[off:])
	return unicode.IsLetter(r)
}

func (s *Scanner) scanIdent(start int) Token {
	for s.off < len(s.src) {
		c := s.src[s.off]
		if isIdentPart(c) {
			s.off++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s.src[s.off:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				s.off += n
				continue
			}
		}
		break
	}
	t := s.tok(TokIdent, start)
	if rawLiteralNames[t.Text] {
		s.rawState = 1
		s.rawMulti = t.Text == "dynamic"
	}
	return t
}

// scanNumber scans 123, 1.5, 1e-3, 0x1F and timespans 1d, 1.5h, 10ms.
func (s *Scanner) scanNumber(start int) Token {
	kind := TokInt
	if strings.HasPrefix(s.src[s.off:], "0x") || strings.HasPrefix(s.src[s.off:], "0X") {
		s.off += 2
		for s.off < len(s.src) && isHex(s.src[s.off]) {
			s.off++
		}
		return s.numberSuffix(start, TokInt)
	}
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.off++
	}
	// A '.' is part of the number only when a digit follows, so that
	// `1..5` lexes as 1 .. 5.
	if s.off+1 < len(s.src) && s.src[s.off] == '.' && isDigit(s.src[s.off+1]) {
		kind = TokReal
		s.off++
		for s.off < len(s.src) && isDigit(s.src[s.off]) {
			s.off++
		}
	} else if s.off+1 < len(s.src) && s.src[s.off] == '.' && !isIdentStart(s.src[s.off+1]) && s.src[s.off+1] != '.' {
		// `1.` is a real (1.0)
		kind = TokReal
		s.off++
	}
	if s.off < len(s.src) && (s.src[s.off] == 'e' || s.src[s.off] == 'E') {
		j := s.off + 1
		if j < len(s.src) && (s.src[j] == '+' || s.src[j] == '-') {
			j++
		}
		if j < len(s.src) && isDigit(s.src[j]) {
			for j < len(s.src) && isDigit(s.src[j]) {
				j++
			}
			s.off = j
			kind = TokReal
		}
	}
	return s.numberSuffix(start, kind)
}

// numberSuffix handles letters glued to a number: a timespan unit (1d,
// 10ms) or an error (12abc).
func (s *Scanner) numberSuffix(start int, kind Kind) Token {
	if s.off >= len(s.src) || !isIdentPart(s.src[s.off]) {
		return s.tok(kind, start)
	}
	suf := s.off
	for s.off < len(s.src) && isIdentPart(s.src[s.off]) {
		s.off++
	}
	hex := strings.HasPrefix(s.src[start:], "0x") || strings.HasPrefix(s.src[start:], "0X")
	if _, ok := timespanUnits[strings.ToLower(s.src[suf:s.off])]; ok && !hex {
		return s.tok(TokTimespan, start)
	}
	// Kusto accepts names that start with digits (`let 2022List = ...`).
	for s.off < len(s.src) && isIdentPart(s.src[s.off]) {
		s.off++
	}
	return s.tok(TokIdent, start)
}

// scanString scans a quoted string whose opening quote is at q. start may
// precede q for @ and h prefixes.
func (s *Scanner) scanString(start, q int, verbatim bool) Token {
	quote := s.src[q]
	s.off = q + 1
	var b strings.Builder
	bad := ""
	for {
		if s.off >= len(s.src) {
			return s.illegal(start, "string literal not terminated")
		}
		c := s.src[s.off]
		if c == '\n' {
			return s.illegal(start, "string literal not terminated before end of line")
		}
		if c == quote {
			if verbatim && s.off+1 < len(s.src) && s.src[s.off+1] == quote {
				b.WriteByte(quote)
				s.off += 2
				continue
			}
			s.off++
			break
		}
		if c == '\\' && !verbatim {
			if s.off+1 >= len(s.src) {
				s.off++
				continue
			}
			n, msg := decodeEscape(s.src[s.off:], &b)
			if msg != "" && bad == "" {
				bad = msg
			}
			s.off += n
			continue
		}
		b.WriteByte(c)
		s.off++
	}
	if bad != "" {
		return s.illegal(start, bad)
	}
	t := s.tok(TokString, start)
	t.Value = b.String()
	return t
}

// decodeEscape decodes the escape sequence at the start of src (which
// begins with a backslash), appends it to b, and returns its length.
func decodeEscape(src string, b *strings.Builder) (int, string) {
	c := src[1]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case 'a':
		b.WriteByte('\a')
	case '0':
		b.WriteByte(0)
	case '\\', '\'', '"', '/', '?':
		b.WriteByte(c)
	case 'u', 'U', 'x':
		n := map[byte]int{'u': 4, 'U': 8, 'x': 2}[c]
		if len(src) < 2+n || !allHex(src[2:2+n]) {
			return 2, "invalid escape sequence \\" + string(c) + " in string literal"
		}
		var r rune
		for _, h := range []byte(src[2 : 2+n]) {
			r = r<<4 | rune(hexVal(h))
		}
		b.WriteRune(r)
		return 2 + n, ""
	default:
		// Kusto rejects unknown escapes such as "\d"; the lexer keeps
		// going so the parser reports one clear error.
		_, n := utf8.DecodeRuneInString(src[1:])
		b.WriteString(src[:1+n])
		return 1 + n, "unknown escape sequence " + quoteRune(src[:1+n]) + " in string literal (use @'...' for verbatim text)"
	}
	return 2, ""
}

// scanMultiline scans ```...```, whose content is verbatim and may span lines.
func (s *Scanner) scanMultiline(start int) Token {
	end := strings.Index(s.src[start+3:], "```")
	if end < 0 {
		s.off = len(s.src)
		return s.illegal(start, "multi-line string literal not terminated (missing ```)")
	}
	s.off = start + 3 + end + 3
	t := s.tok(TokString, start)
	t.Value = s.src[start+3 : start+3+end]
	return t
}

// scanRaw returns the text up to the ')' that balances the '(' just
// scanned, skipping over quoted strings. The ')' itself is left for Next.
func (s *Scanner) scanRaw() Token {
	start := s.off
	depth := 0
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				// A stray ']' or '}' ends the content too; the parser
				// then reports the missing ')'.
				return s.rawTok(start)
			}
			depth--
		case '\'', '"':
			s.skipQuoted(c)
			continue
		case '\n':
			// Literal content never spans lines in practice; stopping
			// here keeps a missing ')' from swallowing the query.
			if depth == 0 && !s.rawMulti {
				return s.rawTok(start)
			}
		case '/':
			// A comment inside dynamic(...) may contain brackets.
			if s.rawMulti && s.off+1 < len(s.src) && s.src[s.off+1] == '/' {
				for s.off < len(s.src) && s.src[s.off] != '\n' {
					s.off++
				}
				continue
			}
		}
		s.off++
	}
	return s.rawTok(start)
}

func (s *Scanner) rawTok(start int) Token {
	t := s.tok(TokRaw, start)
	t.Value = t.Text
	return t
}

func (s *Scanner) skipQuoted(q byte) {
	s.off++
	for s.off < len(s.src) && s.src[s.off] != q && s.src[s.off] != '\n' {
		if s.src[s.off] == '\\' && s.off+1 < len(s.src) {
			s.off++
		}
		s.off++
	}
	if s.off < len(s.src) && s.src[s.off] == q {
		s.off++
	}
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isHex(c byte) bool        { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }
func isIdentStart(c byte) bool { return c == '_' || c == '$' || 'a' <= c|0x20 && c|0x20 <= 'z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c|0x20-'a') + 10
}

func quoteRune(s string) string { return "'" + s + "'" }
