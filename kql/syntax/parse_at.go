package syntax

import "strings"

// ParseFuncAt parses a function's parameters and body, `(a:long, T:(*))
// { ... }`, starting at offset at of src. It serves definitions whose
// header is not KQL, such as a stored function's `.create function Name`
// command: the text before at is not read, yet positions (and error lines)
// are those of src, so that errors point into the file the definition
// came from. end is the offset just after the closing brace.
func ParseFuncAt(src string, at Pos) (f *FuncLit, end Pos, errs ErrorList) {
	p := newParserAt(src, at)
	f = p.parseFuncLit(NoPos)
	return f, p.prevEnd(), p.finishAt(src)
}

// ParseStmtAt parses the one statement that starts at offset at of src
// (a `let` of a file of definitions), stopping before the ';' or end of
// text that ends it. Positions are offsets into src.
func ParseStmtAt(src string, at Pos) (s Stmt, end Pos, errs ErrorList) {
	p := newParserAt(src, at)
	s = p.parseStmt()
	return s, p.prevEnd(), p.finishAt(src)
}

// newParserAt is a parser over src that starts reading at offset at. The
// text before it is blanked (line breaks kept, so lines and columns stay
// those of src) rather than cut, and is never tokenized: it may not be
// KQL at all.
func newParserAt(src string, at Pos) *parser {
	n := min(max(int(at), 0), len(src))
	b := []byte(src)
	for i := 0; i < n; i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
	return newParser(string(b))
}

// finishAt sorts the errors and shows the original text of their lines.
func (p *parser) finishAt(src string) ErrorList {
	p.errs.Sort()
	if len(p.errs) > 0 {
		orig := NewSource(p.src.Name, src)
		for _, e := range p.errs {
			e.LineText = strings.TrimRight(orig.Line(e.Line), "\r")
		}
	}
	return p.errs
}
