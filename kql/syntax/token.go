package syntax

import "strconv"

// Kind is the lexical class of a token. KQL keywords are contextual
// (a column may be called `kind`, `count` or `project`), so keywords are
// lexed as Ident and recognised by the parser from their text.
type Kind int

const (
	TokEOF      Kind = iota
	TokIllegal       // an invalid character or malformed literal; Msg says why
	TokIdent         // name, keyword, or word operator (`contains`, `and`)
	TokInt           // 123, 0x1F
	TokReal          // 1.5, 1e10
	TokTimespan      // 1d, 1.5h, 10ms, 3microseconds
	TokString        // '...', "...", @'...', h'...', ```...```
	TokRaw           // text between the parentheses of datetime(...), guid(...), dynamic(...)

	TokLParen   // (
	TokRParen   // )
	TokLBrack   // [
	TokRBrack   // ]
	TokLBrace   // {
	TokRBrace   // }
	TokComma    // ,
	TokSemi     // ;
	TokColon    // :
	TokDot      // .
	TokDotDot   // ..
	TokPipe     // |
	TokAssign   // =
	TokEq       // ==
	TokNe       // !=
	TokLtGt     // <>
	TokLt       // <
	TokLe       // <=
	TokGt       // >
	TokGe       // >=
	TokEqTilde  // =~
	TokNeTilde  // !~
	TokPlus     // +
	TokMinus    // -
	TokStar     // *
	TokSlash    // /
	TokPercent  // %
	TokBang     // ! (only meaningful glued to a word: !contains, !in, !between)
	TokTilde    // ~ (only meaningful in in~)
	TokArrow    // =>
	TokAt       // @ (stray)
	TokQuestion // ?
	TokHash     // #
)

var kindNames = [...]string{
	TokEOF: "end of input", TokIllegal: "illegal token", TokIdent: "identifier", TokInt: "integer",
	TokReal: "real number", TokTimespan: "timespan", TokString: "string", TokRaw: "literal text",
	TokLParen: "(", TokRParen: ")", TokLBrack: "[", TokRBrack: "]", TokLBrace: "{", TokRBrace: "}",
	TokComma: ",", TokSemi: ";", TokColon: ":", TokDot: ".", TokDotDot: "..", TokPipe: "|",
	TokAssign: "=", TokEq: "==", TokNe: "!=", TokLtGt: "<>", TokLt: "<", TokLe: "<=", TokGt: ">", TokGe: ">=",
	TokEqTilde: "=~", TokNeTilde: "!~", TokPlus: "+", TokMinus: "-", TokStar: "*", TokSlash: "/",
	TokPercent: "%", TokBang: "!", TokTilde: "~", TokArrow: "=>", TokAt: "@", TokQuestion: "?", TokHash: "#",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Token is one lexical token. Text is the exact source text; for String
// tokens Value holds the decoded string, for Raw tokens the text between the
// parentheses, for Illegal tokens Value holds the error message.
type Token struct {
	Kind  Kind
	Pos   Pos
	End   Pos
	Text  string
	Value string
}

// describe renders the token for error messages: `'by'`, `end of input`.
func (t Token) describe() string {
	switch t.Kind {
	case TokEOF:
		return "end of input"
	case TokString:
		if len(t.Text) > 20 {
			return "string " + t.Text[:17] + "..."
		}
		return "string " + t.Text
	}
	s := t.Text
	if len(s) > 20 {
		s = s[:17] + "..."
	}
	return "'" + s + "'"
}
