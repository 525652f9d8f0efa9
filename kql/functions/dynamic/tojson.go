package dynamic

import (
	"sort"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// dynamic_to_json(x) is the canonical text of a dynamic value: a scalar
// as tostring() prints it, arrays element by element, and property bags
// with their properties sorted by name (ordinally), recursively, so that
// equal bags give equal strings whatever their key order.

func init() {
	functions.Register(&functions.Func{Name: "dynamic_to_json", Kind: functions.Scalar,
		Sig:  "dynamic_to_json(value: dynamic): string",
		Doc:  "The canonical JSON text of a dynamic value: property names sorted, recursively; a scalar as tostring() prints it.",
		Bind: functions.Fixed("dynamic_to_json", types.String, []functions.Param{functions.Req("value", types.Dynamic)}, dynamicToJSONKernel)})
}

func dynamicToJSONKernel(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
	v := args[0]
	if v.IsConst() {
		return column.Const(types.String, canonicalText(v.Dyn(0)), n), nil
	}
	b := functions.NewStrBuilder(n)
	var buf []byte
	for i := 0; i < n; i++ {
		switch x := v.Dyn(i).(type) {
		case []any, *value.Bag:
			buf = appendCanonical(buf[:0], x)
			b.AppendBytes(buf)
		default:
			b.Append(value.ToString(x))
		}
	}
	return b.Build(), nil
}

func canonicalText(x any) string {
	switch x.(type) {
	case []any, *value.Bag:
		return string(appendCanonical(nil, x))
	}
	return value.ToString(x)
}

// appendCanonical writes x as JSON with every bag's keys sorted.
func appendCanonical(dst []byte, x any) []byte {
	switch v := x.(type) {
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendCanonical(dst, e)
		}
		return append(dst, ']')
	case *value.Bag:
		idx := make([]int, len(v.Keys))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return v.Keys[idx[a]] < v.Keys[idx[b]] })
		dst = append(dst, '{')
		for j, i := range idx {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = value.AppendJSONString(dst, v.Keys[i])
			dst = append(dst, ':')
			dst = appendCanonical(dst, v.Values[i])
		}
		return append(dst, '}')
	}
	return value.AppendJSON(dst, x)
}
