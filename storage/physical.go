package storage

import (
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// schemaKey is the Parquet key/value metadata entry holding the file's
// Kusto schema (Name:type, ...), so that a file describes itself.
const schemaKey = "quarry.schema"

var zstdCodec = &zstd.Codec{Level: zstd.SpeedDefault}

// nodeFor is the Parquet column of a Kusto type. Strings and guids are
// required (Kusto strings are never null; a null guid is stored empty, as
// column vectors hold it); every other type is optional. dict selects
// dictionary encoding, chosen per file from the data (see wantDict).
func nodeFor(t types.Type, dict bool) parquet.Node {
	var n parquet.Node
	switch t {
	case types.Bool:
		n = parquet.Leaf(parquet.BooleanType)
	case types.Int:
		n = parquet.Int(32)
	case types.Real, types.Decimal:
		n = parquet.Leaf(parquet.DoubleType)
	case types.String, types.Guid:
		n = parquet.String()
	case types.Dynamic:
		n = parquet.JSON()
	default: // long, datetime, timespan
		n = parquet.Int(64)
	}
	switch {
	case dict && t != types.Bool:
		n = parquet.Encoded(n, &parquet.RLEDictionary)
	case t == types.DateTime || t == types.TimeSpan:
		n = parquet.Encoded(n, &parquet.DeltaBinaryPacked)
	}
	n = parquet.Compressed(n, zstdCodec)
	if t == types.String || t == types.Guid {
		return parquet.Required(n)
	}
	return parquet.Optional(n)
}

// dictSample is how many rows wantDict looks at.
const dictSample = 4096

// wantDict decides dictionary encoding for a column from a sample of its
// first rows: worth it when values repeat (fewer distinct values than half
// the rows). Already dictionary-encoded string vectors answer from their
// dictionary size.
func wantDict(v *column.Vector, n int) bool {
	if n > dictSample {
		n = dictSample
	}
	if n < 16 || v.IsConst() {
		return true
	}
	limit := n / 2
	switch v.Type {
	case types.Bool, types.Real, types.Decimal, types.DateTime:
		return false
	case types.String, types.Guid:
		if v.Strs.Dict != nil {
			return v.Strs.Dict.Len() <= limit || v.Strs.Dict.Len() <= len(v.Strs.Codes)/2
		}
		seen := make(map[string]struct{}, limit)
		for i := 0; i < n; i++ {
			seen[v.Str(i)] = struct{}{}
			if len(seen) > limit {
				return false
			}
		}
		return true
	case types.Int, types.Long, types.TimeSpan:
		seen := make(map[int64]struct{}, limit)
		for i := 0; i < n; i++ {
			seen[v.Int(i)] = struct{}{}
			if len(seen) > limit {
				return false
			}
		}
		return true
	case types.Dynamic:
		// Dynamic values are boxed trees: compare their JSON text.
		seen := make(map[string]struct{}, limit)
		var buf []byte
		for i := 0; i < n; i++ {
			buf = appendDyn(buf[:0], v.Dyn(i))
			seen[string(buf)] = struct{}{}
			if len(seen) > limit {
				return false
			}
		}
		return true
	}
	return false
}
