// Package parsers registers Kusto's functions that parse strings into
// structured values: parse_url, parse_urlquery, parse_path,
// parse_command_line, parse_csv and parse_xml, plus the zlib/gzip base64
// compressors and new_guid. (The decompressors live in package text.)
package parsers

import (
	"fmt"
	"slices"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// stringToDynamic binds a one-string-argument function returning
// dynamic.
func stringToDynamic(name string, f func(string) any) func([]functions.Arg) (*functions.Bound, error) {
	return functions.Fixed(name, types.Dynamic, []functions.Param{functions.Req("text", types.String)},
		func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return functions.MapStrDyn(args[0], n, f), nil
		})
}

// stringOnly wraps bind so that a dynamic argument at one of the
// positions is refused. functions.Assignable converts dynamic to string
// for most functions, but Kusto's binder rejects it for these ("A value of
// type string expected"); no positions means every argument.
func stringOnly(name string, bind func([]functions.Arg) (*functions.Bound, error), positions ...int) func([]functions.Arg) (*functions.Bound, error) {
	return func(args []functions.Arg) (*functions.Bound, error) {
		for i, a := range args {
			if a.Type == types.Dynamic && (len(positions) == 0 || slices.Contains(positions, i)) {
				return nil, fmt.Errorf("function '%s': argument %d expects a value of type string, got dynamic; convert it with tostring()", name, i+1)
			}
		}
		return bind(args)
	}
}

func literalString(name string, args []functions.Arg, i int) (string, error) {
	a := args[i]
	s, ok := a.Value.(string)
	if !a.IsConst || !ok {
		return "", fmt.Errorf("function '%s': argument %d must be a string literal", name, i+1)
	}
	return s, nil
}
