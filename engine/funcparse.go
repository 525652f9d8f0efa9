package engine

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
)

// ParseFunctions reads the stored functions defined in text, the content
// of file: any number of Kusto control commands
//
//	.create function [ifnotexists] [with (docstring="...", folder="...")] Name(params) { body }
//	.create-or-alter function ...   .alter function ...
//
// and let statements
//
//	let Name = (params) { body };
//	let Name = view () { body };
//	let Name = Table | where ...;   (a function without parameters)
//
// A command's header is not KQL and is read here; the parameters and
// the body are KQL, parsed with positions in file, so that errors in them
// (now or when a query calls the function) point into it. The error is
// a FuncFileErrors holding every problem found.
func ParseFunctions(file, text string) ([]*semantic.Function, error) {
	r := &funcReader{file: file, text: text, src: syntax.NewSource(file, text)}
	r.read()
	if len(r.errs) > 0 {
		return r.fns, r.errs
	}
	return r.fns, nil
}

type funcReader struct {
	file, text string
	src        *syntax.Source
	fns        []*semantic.Function
	errs       FuncFileErrors
	// toks are the tokens from off on: the scanner restarts after each
	// definition, since a body is tokenized by the parser, not here.
	toks []syntax.Token
	off  int
}

func (r *funcReader) errorf(pos syntax.Pos, format string, args ...any) {
	p := r.src.Position(pos)
	r.errs = append(r.errs, &FuncFileError{File: r.file, Line: p.Line, Col: p.Col,
		Msg: fmt.Sprintf(format, args...), Snippet: r.src.Snippet(pos)})
}

func (r *funcReader) syntaxErrors(errs syntax.ErrorList) {
	for _, e := range errs {
		r.errs = append(r.errs, &FuncFileError{File: r.file, Line: e.Line, Col: e.Col, Msg: e.Msg, Snippet: e.Snippet()})
	}
}

// scanFrom tokenizes the text from offset at: up to the first '{' or
// ';' at depth 0 — a header never goes further — with absolute positions.
func (r *funcReader) scanFrom(at int) {
	r.off = at
	r.toks = r.toks[:0]
	s := syntax.NewScanner(r.text[at:])
	depth := 0
	for {
		t := s.Next()
		t.Pos += syntax.Pos(at)
		t.End += syntax.Pos(at)
		r.toks = append(r.toks, t)
		switch t.Kind {
		case syntax.TokEOF, syntax.TokLBrace, syntax.TokIllegal:
			return
		case syntax.TokLParen, syntax.TokLBrack:
			depth++
		case syntax.TokRParen, syntax.TokRBrack:
			depth--
		case syntax.TokSemi:
			if depth <= 0 {
				return
			}
		}
	}
}

func (r *funcReader) read() {
	at := 0
	for {
		r.scanFrom(at)
		t := r.toks[0]
		switch {
		case t.Kind == syntax.TokEOF:
			return
		case t.Kind == syntax.TokSemi:
			at = int(t.End)
			continue
		case t.Kind == syntax.TokDot:
			at = r.command()
		case t.Kind == syntax.TokIdent && t.Text == "let":
			at = r.let(t.Pos)
		default:
			r.errorf(t.Pos, "a functions file holds `.create-or-alter function Name(...) { ... }` commands and `let Name = (...) { ... };` statements; found %s", describe(t))
			return
		}
		if at < 0 {
			return // the rest cannot be read reliably
		}
	}
}

func describe(t syntax.Token) string {
	if t.Kind == syntax.TokEOF {
		return "the end of the file"
	}
	text := t.Text
	if len(text) > 30 {
		text = text[:27] + "..."
	}
	return "'" + text + "'"
}

// command reads one `.create[-or-alter] function` command and returns
// the offset after it, or -1 after an error that leaves the rest unclear.
func (r *funcReader) command() int {
	toks := r.toks
	i := 1
	word := func() (string, bool) {
		if i < len(toks) && toks[i].Kind == syntax.TokIdent {
			return strings.ToLower(toks[i].Text), true
		}
		return "", false
	}
	verb, _ := word()
	switch verb {
	case "create", "alter":
		i++
		if verb == "create" && i+2 < len(toks) && toks[i].Kind == syntax.TokMinus &&
			strings.EqualFold(toks[i+1].Text, "or") && toks[i+2].Kind == syntax.TokMinus {
			i += 3
			if w, _ := word(); w != "alter" {
				r.errorf(toks[0].Pos, "expected .create-or-alter")
				return -1
			}
			i++
			verb = "create-or-alter"
		}
	default:
		r.errorf(toks[0].Pos, "only .create, .create-or-alter and .alter function commands define stored functions; found %s", r.commandText(toks[0].Pos))
		return -1
	}
	if w, _ := word(); w != "function" {
		r.errorf(toks[0].Pos, "only function commands define stored functions; found %s", r.commandText(toks[0].Pos))
		return -1
	}
	i++
	if w, _ := word(); w == "ifnotexists" {
		i++
	}
	f := &semantic.Function{Source: r.src}
	if w, _ := word(); w == "with" && i+1 < len(toks) && toks[i+1].Kind == syntax.TokLParen {
		var ok bool
		if i, ok = r.properties(toks, i+2, f); !ok {
			return -1
		}
	}
	name, namePos, ok := r.name(toks, i)
	if !ok {
		return -1
	}
	i++
	if toks[i-1].Kind == syntax.TokLBrack {
		i += 2
	}
	if i >= len(toks) || toks[i].Kind != syntax.TokLParen {
		pos := namePos
		if i < len(toks) {
			pos = toks[i].Pos
		}
		r.errorf(pos, "expected '(' and the parameters after the function name '%s'", name)
		return -1
	}
	f.Name = name
	return r.body(f, toks[i].Pos)
}

// commandText is the command word at pos, for messages.
func (r *funcReader) commandText(pos syntax.Pos) string {
	line := r.src.Line(r.src.Position(pos).Line)
	if i := strings.IndexAny(line, " \t("); i > 0 {
		line = line[:i]
	}
	return "'" + strings.TrimSpace(line) + "'"
}

// properties reads `name = value, ...)` of a command's with clause,
// starting after its '(', and returns the index after the ')'.
func (r *funcReader) properties(toks []syntax.Token, i int, f *semantic.Function) (int, bool) {
	for i < len(toks) && toks[i].Kind != syntax.TokRParen {
		if i+2 >= len(toks) || toks[i].Kind != syntax.TokIdent || toks[i+1].Kind != syntax.TokAssign {
			r.errorf(toks[min(i, len(toks)-1)].Pos, "expected a property `name = value` in the with (...) of the command")
			return i, false
		}
		key, v := strings.ToLower(toks[i].Text), toks[i+2]
		val := v.Text
		switch v.Kind {
		case syntax.TokString:
			val = v.Value
		case syntax.TokIdent, syntax.TokInt, syntax.TokReal:
		default:
			r.errorf(v.Pos, "expected the value of the property '%s' (a string, true or false)", toks[i].Text)
			return i, false
		}
		switch key {
		case "docstring":
			f.DocString = val
		case "folder":
			f.Folder = val
		case "view", "skipvalidation":
			// A view also joins `union *` and `search *` in Kusto; here
			// it is an ordinary function. Validation happens at each call.
		default:
			r.errorf(toks[i].Pos, "unknown function property '%s' (Kusto's are docstring, folder, view and skipvalidation)", toks[i].Text)
			return i, false
		}
		i += 3
		if i < len(toks) && toks[i].Kind == syntax.TokComma {
			i++
		}
	}
	if i >= len(toks) {
		r.errorf(toks[len(toks)-1].Pos, "the with (...) of the command is not closed")
		return i, false
	}
	return i + 1, true
}

// name reads a function name: an identifier or ['name'].
func (r *funcReader) name(toks []syntax.Token, i int) (string, syntax.Pos, bool) {
	if i < len(toks) {
		t := toks[i]
		if t.Kind == syntax.TokIdent {
			return t.Text, t.Pos, true
		}
		if t.Kind == syntax.TokLBrack && i+2 < len(toks) && toks[i+1].Kind == syntax.TokString && toks[i+2].Kind == syntax.TokRBrack {
			return toks[i+1].Value, t.Pos, true
		}
		r.errorf(t.Pos, "expected the function's name, found %s", describe(t))
		return "", t.Pos, false
	}
	r.errorf(syntax.Pos(len(r.text)), "expected the function's name")
	return "", 0, false
}

// body parses `(params) { body }` at lparen and records the function.
func (r *funcReader) body(f *semantic.Function, lparen syntax.Pos) int {
	lit, end, errs := syntax.ParseFuncAt(r.text, lparen)
	if len(errs) > 0 {
		r.syntaxErrors(errs)
		return -1
	}
	f.Lit = lit
	r.fns = append(r.fns, f)
	return int(end)
}

// let reads one `let Name = ...;` statement.
func (r *funcReader) let(at syntax.Pos) int {
	st, end, errs := syntax.ParseStmtAt(r.text, at)
	if len(errs) > 0 {
		r.syntaxErrors(errs)
		return -1
	}
	ls, ok := st.(*syntax.LetStmt)
	if !ok || ls.Name == nil || ls.Value == nil {
		r.errorf(at, "expected `let Name = (params) { body };`")
		return -1
	}
	f := &semantic.Function{Name: ls.Name.Name, Source: r.src}
	if lit, isFunc := ls.Value.(*syntax.FuncLit); isFunc {
		f.Lit = lit
	} else {
		// `let Name = <tabular or scalar expression>`: a function without
		// parameters whose body is that expression.
		f.Lit = &syntax.FuncLit{View: syntax.NoPos, Lparen: ls.Value.Pos(), Rparen: ls.Value.Pos(),
			Body: &syntax.Block{Lbrace: ls.Value.Pos(), Stmts: []syntax.Stmt{&syntax.ExprStmt{X: ls.Value}}, Rbrace: ls.Value.End()}}
	}
	r.fns = append(r.fns, f)
	if int(end) <= int(at) {
		return -1
	}
	return int(end)
}
