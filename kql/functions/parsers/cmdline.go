package parsers

import (
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(&functions.Func{
		Name: "parse_command_line", Kind: functions.Scalar,
		Sig: `parse_command_line(command_line: string, parser: "windows"): dynamic`,
		Doc: "Splits a command line into an array of arguments the way Windows' CommandLineToArgvW does.",
		// Kusto takes a dynamic command line (as its string) but not a dynamic parser type.
		Bind: stringOnly("parse_command_line", bindCommandLine, 1),
	})
}

func bindCommandLine(args []functions.Arg) (*functions.Bound, error) {
	const name = "parse_command_line"
	argTypes, err := functions.CheckArgs(name, []functions.Param{functions.Req("command_line", types.String), functions.Req("parser_type", types.String)}, args)
	if err != nil {
		return nil, err
	}
	kind, err := literalString(name, args, 1)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(kind, "windows") {
		return nil, fmt.Errorf("function '%s': parser type '%s' is not supported; the only supported value is \"windows\"", name, kind)
	}
	eval := func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrDyn(args[0], n, func(s string) any { return splitWindows(s) }), nil
	}
	return &functions.Bound{Type: types.Dynamic, ArgTypes: argTypes, Eval: eval}, nil
}

// splitWindows follows CommandLineToArgvW:
//   - the program name (first argument) ends at the closing quote if it
//     starts with one, else at the first space or tab; it has no escapes;
//   - later arguments are separated by spaces and tabs outside quotes;
//   - 2n backslashes before a quote give n backslashes and the quote
//     opens or closes a quoted part; 2n+1 give n and a literal quote;
//     backslashes not before a quote are literal;
//   - in a run of quotes, every third quote (counting the one that opened
//     the quoted part) is a literal quote, and a run that leaves two
//     pending quotes closes the quoted part.
func splitWindows(s string) []any {
	out := []any{}
	i := 0
	isBlank := func(c byte) bool { return c == ' ' || c == '\t' }
	if s == "" {
		return out
	}
	var arg strings.Builder
	if s[0] == '"' {
		i = 1
		for i < len(s) && s[i] != '"' {
			arg.WriteByte(s[i])
			i++
		}
		if i < len(s) {
			i++
		}
	} else {
		for i < len(s) && !isBlank(s[i]) {
			arg.WriteByte(s[i])
			i++
		}
	}
	out = append(out, arg.String())
	arg.Reset()
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	if i >= len(s) {
		return out
	}
	quotes, slashes := 0, 0
	started := false
	for i < len(s) {
		c := s[i]
		switch {
		case isBlank(c) && quotes == 0:
			out = append(out, arg.String())
			arg.Reset()
			started = false
			slashes = 0
			for i < len(s) && isBlank(s[i]) {
				i++
			}
			continue
		case c == '\\':
			arg.WriteByte(c)
			slashes++
			started = true
		case c == '"':
			started = true
			kept := arg.String()
			kept = kept[:len(kept)-slashes/2-(slashes&1)]
			arg.Reset()
			arg.WriteString(kept)
			if slashes&1 == 0 {
				quotes++
			} else {
				arg.WriteByte('"')
			}
			slashes = 0
			i++
			for i < len(s) && s[i] == '"' {
				quotes++
				if quotes == 3 {
					arg.WriteByte('"')
					quotes = 0
				}
				i++
			}
			if quotes == 2 {
				quotes = 0
			}
			continue
		default:
			arg.WriteByte(c)
			slashes = 0
			started = true
		}
		i++
	}
	if started || quotes > 0 {
		out = append(out, arg.String())
	}
	return out
}
