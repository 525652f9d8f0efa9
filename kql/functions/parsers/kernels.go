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

// stringToDynamic binds a one-string-argument function returning
// dynamic.
func stringToDynamic(name string, f func(string) any) func([]functions.Arg) (*functions.Bound, error) {
	return functions.Fixed(name, types.Dynamic, []functions.Param{functions.Req("text", types.String)},
		func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
			return functions.MapStrDyn(args[0], n, f), nil
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
