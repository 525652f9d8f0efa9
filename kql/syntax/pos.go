package syntax

import (
	"sort"
	"strings"
)

// Pos is a byte offset into the query text. Offsets (rather than go/token's
// file-set encoding) are enough because a Quarry query is always a single
// piece of text; Source turns them into line:column when reporting.
type Pos int

// NoPos marks an absent optional token (for example the Lparen of a
// NamedExpr that is not a tuple assignment). 0 is a valid offset, so NoPos is
// negative.
const NoPos Pos = -1

// IsValid reports whether p refers to a real position.
func (p Pos) IsValid() bool { return p >= 0 }

// Position is a human-readable location. Line and Col are 1-based; Col counts
// bytes, like go/token.
type Position struct {
	Offset int
	Line   int
	Col    int
}

// Source is the line table for one query text. It maps Pos to line:col and
// renders the line of a position with a caret under it.
type Source struct {
	Name  string // optional, used as a prefix by callers that want one
	Text  string
	lines []int // offsets of the first byte of each line
}

// NewSource builds the line table for text.
func NewSource(name, text string) *Source {
	s := &Source{Name: name, Text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// Position converts p to a 1-based line and column. Positions outside the
// text are clamped so that error reporting never panics.
func (s *Source) Position(p Pos) Position {
	off := int(p)
	if off < 0 {
		off = 0
	}
	if off > len(s.Text) {
		off = len(s.Text)
	}
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Position{Offset: off, Line: i + 1, Col: off - s.lines[i] + 1}
}

// LineCount is the number of lines in the text.
func (s *Source) LineCount() int { return len(s.lines) }

// Line returns the text of the 1-based line n without its line terminator.
func (s *Source) Line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	start := s.lines[n-1]
	end := len(s.Text)
	if n < len(s.lines) {
		end = s.lines[n] - 1
	}
	return strings.TrimRight(s.Text[start:end], "\r")
}

// Snippet renders the line containing p followed by a caret under p:
//
//	| where x = 1
//	          ^
func (s *Source) Snippet(p Pos) string {
	pos := s.Position(p)
	return caretSnippet(s.Line(pos.Line), pos.Col)
}

// caretSnippet draws a caret under column col of line. Tabs are kept in the
// padding so the caret lines up in a terminal that expands them.
func caretSnippet(line string, col int) string {
	var b strings.Builder
	b.WriteString(line)
	b.WriteByte('\n')
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	for i := len(line); i < col-1; i++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}
