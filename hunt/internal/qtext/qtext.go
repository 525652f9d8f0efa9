// Package qtext assembles the query text Quarry runs for a rule (the
// rule's query and the exclusion predicates) while
// remembering where every byte came from, so that an error the engine
// reports at line:col of the assembled text is shown at FILE:LINE:COL of
// the rule or exclusion file the user wrote.
package qtext

import (
	"strings"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// Origin is a piece of text a user wrote, and where it is in a file.
type Origin struct {
	// Label prefixes messages about this text ("exclusion 'x'"); empty
	// for a rule's own query.
	Label string
	Src   yamlx.Text
}

// Error makes a positioned error at byte offset off of o's text.
func (o *Origin) Error(off int, msg string) *yamlx.Error {
	src := syntax.NewSource("", o.Src.Text)
	p := src.Position(syntax.Pos(off))
	line, col := o.Src.Position(p.Line, p.Col)
	if o.Label != "" {
		msg = o.Label + ": " + msg
	}
	return &yamlx.Error{File: o.Src.File, Line: line, Col: col, Msg: msg, Snippet: src.Snippet(syntax.Pos(off))}
}

type piece struct {
	text   string
	origin *Origin // nil for text Quarry added
	off    int     // offset in origin's text of the piece's first byte
	exact  bool    // every byte maps to off+i (else all map to off)
}

// Text is assembled query text.
type Text struct {
	pieces []piece
}

// Add appends s, which is o's text from offset off.
func (t *Text) Add(s string, o *Origin, off int) {
	t.pieces = append(t.pieces, piece{text: s, origin: o, off: off, exact: true})
}

// AddGen appends text Quarry generated.
func (t *Text) AddGen(s string) { t.pieces = append(t.pieces, piece{text: s}) }

// String is the assembled text.
func (t *Text) String() string {
	var b strings.Builder
	for _, p := range t.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// Replace replaces bytes [start, end) of the assembled text by repl,
// which maps to where start came from.
func (t *Text) Replace(start, end int, repl string) {
	var out []piece
	pos := 0
	inserted := false
	for _, p := range t.pieces {
		pStart, pEnd := pos, pos+len(p.text)
		pos = pEnd
		if pEnd <= start || pStart >= end {
			if pStart >= end && !inserted {
				out = append(out, piece{text: repl})
				inserted = true
			}
			out = append(out, p)
			continue
		}
		if pStart < start {
			out = append(out, piece{text: p.text[:start-pStart], origin: p.origin, off: p.off, exact: p.exact})
		}
		if !inserted {
			r := piece{text: repl, origin: p.origin, off: p.off}
			if p.exact {
				r.off = p.off + max(0, start-pStart)
			}
			out = append(out, r)
			inserted = true
		}
		if pEnd > end {
			rest := piece{text: p.text[end-pStart:], origin: p.origin, off: p.off, exact: p.exact}
			if p.exact {
				rest.off = p.off + end - pStart
			}
			out = append(out, rest)
		}
	}
	if !inserted {
		out = append(out, piece{text: repl})
	}
	t.pieces = out
}

// Locate maps an offset of the assembled text to its origin. Text Quarry
// generated maps to the nearest user text before it.
func (t *Text) Locate(off int) (*Origin, int) {
	pos := 0
	var last *Origin
	lastOff := 0
	for _, p := range t.pieces {
		if off < pos+len(p.text) || (off == pos+len(p.text) && p.origin != nil && p.exact) {
			if p.origin == nil {
				return last, lastOff
			}
			if p.exact {
				return p.origin, p.off + off - pos
			}
			return p.origin, p.off
		}
		if p.origin != nil {
			last = p.origin
			lastOff = p.off
			if p.exact {
				lastOff += len(p.text)
			}
		}
		pos += len(p.text)
	}
	return last, lastOff
}

// Offset converts a 1-based line and byte column of text to an offset.
func Offset(text string, line, col int) int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	if line < 1 {
		line = 1
	}
	if line > len(starts) {
		return len(text)
	}
	off := starts[line-1] + col - 1
	if off > len(text) {
		off = len(text)
	}
	return max(off, starts[line-1])
}

// Origins lists the distinct origins of the text in order.
func (t *Text) Origins() []*Origin {
	seen := map[*Origin]bool{}
	var out []*Origin
	for _, p := range t.pieces {
		if p.origin != nil && !seen[p.origin] {
			seen[p.origin] = true
			out = append(out, p.origin)
		}
	}
	return out
}
