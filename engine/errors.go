package engine

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// Stages at which a query can fail.
const (
	StageSyntax   = "syntax"
	StageSemantic = "semantic"
	StageRun      = "run"
)

// Error is one error of a query, from any stage. Line and Col are 1-based
// and 0 when the error has no position (most run-time errors).
type Error struct {
	Stage string
	// File is set when the error is in a stored function's file rather
	// than in the query: Line and Col are then positions in that file.
	File      string
	Line, Col int
	Code      string // Kusto's diagnostic code where there is one
	Msg       string
	Snippet   string // the offending line with a caret under Col
	cause     error
}

// Error formats the error as "line:col: msg" followed by the caret
// snippet, or just the message when there is no position.
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	s := fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	if e.File != "" {
		s = e.File + ":" + s
	}
	if e.Snippet != "" {
		s += "\n" + e.Snippet
	}
	return s
}

// Unwrap gives the underlying error of a run-time failure (for
// errors.Is(err, context.Canceled) and the like).
func (e *Error) Unwrap() error { return e.cause }

// ErrorList is what Query returns on failure: every error of the first
// stage that failed, in source order.
type ErrorList []*Error

// Error renders every error with its snippet, one after another.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func fromSyntax(errs syntax.ErrorList) ErrorList {
	out := make(ErrorList, len(errs))
	for i, e := range errs {
		out[i] = &Error{Stage: StageSyntax, Line: e.Line, Col: e.Col, Msg: e.Msg, Snippet: e.Snippet()}
	}
	return out
}

func fromSemantic(errs semantic.ErrorList, src *syntax.Source) ErrorList {
	out := make(ErrorList, len(errs))
	for i, e := range errs {
		snippet := e.Snippet
		if e.File == "" {
			snippet = src.Snippet(e.Pos)
		}
		out[i] = &Error{Stage: StageSemantic, File: e.File, Line: e.Line, Col: e.Col, Code: e.Code, Msg: e.Message, Snippet: snippet}
	}
	return out
}

func runError(err error) ErrorList {
	return ErrorList{{Stage: StageRun, Msg: err.Error(), cause: err}}
}
