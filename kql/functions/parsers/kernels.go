// Package parsers registers Kusto's functions that parse strings into
// structured values: parse_url, parse_urlquery, parse_path,
// parse_command_line, parse_csv and parse_xml, plus the zlib/gzip base64
// compressors and new_guid. (The decompressors live in package text.)
package parsers

import (
	"fmt"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func p(name string, t types.Type) functions.Param { return functions.Param{Name: name, Type: t} }

// strDyn computes a string -> dynamic function once per distinct value
// for constants and dictionary-encoded vectors, once per row otherwise.
// Rows of a dictionary share the resulting value, which is never
// modified afterwards.
func strDyn(v *column.Vector, n int, f func(string) any) *column.Vector {
	if v.IsConst() {
		return column.Const(types.Dynamic, f(v.Str(0)), n)
	}
	out := make([]any, n)
	if d := v.Strs.Dict; d != nil && d.Len() <= n {
		vals := make([]any, d.Len())
		for j := range vals {
			vals[j] = f(d.At(j))
		}
		for i, c := range v.Strs.Codes[:n] {
			out[i] = vals[c]
		}
		return column.FromDyns(out)
	}
	for i := range out {
		out[i] = f(v.Str(i))
	}
	return column.FromDyns(out)
}

// stringToDynamic binds a one-string-argument function returning
// dynamic.
func stringToDynamic(name string, f func(string) any) func([]functions.Arg) (*functions.Bound, error) {
	return functions.Fixed(name, types.Dynamic, []functions.Param{p("text", types.String)},
		func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return strDyn(args[0], n, f), nil
		})
}

func literalString(name string, args []functions.Arg, i int) (string, error) {
	a := args[i]
	s, ok := a.Value.(string)
	if !a.IsConst || !ok {
		return "", fmt.Errorf("function '%s': argument %d must be a string literal", name, i+1)
	}
	return s, nil
}
