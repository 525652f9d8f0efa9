package syntax

import (
	"strings"
	"testing"
)

func TestParseFuncAt(t *testing.T) {
	src := ".create-or-alter function with (docstring='it''s \"odd\"') F(a:long, T:(*))\n{\n  T | take a\n}\n.next"
	at := Pos(strings.Index(src, "(a:long"))
	f, end, errs := ParseFuncAt(src, at)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(f.Params) != 2 || f.Params[0].Name.Name != "a" || !f.Params[1].Type.Tabular {
		t.Errorf("params %+v", f.Params)
	}
	if f.Lparen != at || src[end-1] != '}' || !strings.HasPrefix(src[end:], "\n.next") {
		t.Errorf("lparen %d (want %d), end %d %q", f.Lparen, at, end, src[end:])
	}
	if p := NewSource("", src).Position(f.Body.Pos()); p.Line != 2 || p.Col != 1 {
		t.Errorf("body at %d:%d", p.Line, p.Col)
	}

	// Errors are at the lines of src and show its text.
	src = "header that is not KQL ' \n  F(x:long) {\n  x +\n}"
	_, _, errs = ParseFuncAt(src, Pos(strings.Index(src, "(")))
	if len(errs) == 0 || errs[0].Line != 3 || !strings.HasPrefix(errs[0].Snippet(), "  x +\n") {
		t.Fatalf("errors %v", errs)
	}
}

func TestParseStmtAt(t *testing.T) {
	src := "// functions\nlet F = (x:long) { x * 2 };\nlet G = T | where a > 1;  let H = 1"
	at := Pos(strings.Index(src, "let G"))
	s, end, errs := ParseStmtAt(src, at)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ls, ok := s.(*LetStmt)
	if !ok || ls.Name.Name != "G" || ls.Let != at || src[end] != ';' {
		t.Errorf("got %#v, end %d %q", s, end, src[end:])
	}
	if _, _, errs := ParseStmtAt(src, Pos(len(src))); len(errs) == 0 {
		t.Error("no statement at the end: no error")
	}
}
