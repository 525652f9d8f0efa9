package syntax

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one syntax error. Line and Col are 1-based; LineText holds the
// source line so that Snippet works without the Source at hand.
type Error struct {
	Pos      Pos
	Line     int
	Col      int
	Msg      string
	LineText string
}

// Error formats the error as "line:col: msg", like go/scanner.
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Snippet renders the offending line with a caret under the error column.
func (e *Error) Snippet() string { return caretSnippet(e.LineText, e.Col) }

// Verbose is Error() followed by the caret snippet, for terminals.
func (e *Error) Verbose() string { return e.Error() + "\n" + e.Snippet() }

// ErrorList is a list of syntax errors in source order. A nil or empty list
// means success.
type ErrorList []*Error

func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	return l[i].Pos < l[j].Pos || (l[i].Pos == l[j].Pos && l[i].Msg < l[j].Msg)
}

// Sort orders the list by position.
func (l ErrorList) Sort() { sort.Stable(l) }

// Error summarises the list: the first error plus a count of the rest.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns nil for an empty list, so callers can write
// `if err := errs.Err(); err != nil`.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Verbose renders every error with its caret snippet.
func (l ErrorList) Verbose() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Verbose())
	}
	return b.String()
}

// newError builds an Error at p using src for line:col and the snippet line.
func newError(src *Source, p Pos, msg string) *Error {
	pos := src.Position(p)
	return &Error{Pos: Pos(pos.Offset), Line: pos.Line, Col: pos.Col, Msg: msg, LineText: src.Line(pos.Line)}
}
