package storage

import (
	"bytes"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
	kzstd "github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/gzip"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// schemaKey is the Parquet key/value metadata entry holding the file's
// Kusto schema (Name:type, ...), so that a file describes itself.
const schemaKey = "quarry.schema"

var zstdCodec = &zstd.Codec{Level: zstd.SpeedDefault}

// gzipHuffman compresses text without repeats, such as ids: zstd's fast
// levels store random hex uncompressed and its better level runs at a few
// MB/s, while Huffman-only deflate halves it at 150 MB/s.
var gzipHuffman = &gzip.Codec{Level: gzip.HuffmanOnly}

var sampleZstd = sync.OnceValue(func() *kzstd.Encoder {
	e, err := kzstd.NewWriter(nil, kzstd.WithEncoderLevel(kzstd.SpeedDefault), kzstd.WithEncoderConcurrency(1))
	if err != nil {
		panic(err)
	}
	return e
})

// textCodec picks the compression of a plain-encoded text column by
// compressing a sample both ways.
func textCodec(v *column.Vector, n int) compress.Codec {
	var sample []byte
	for i := 0; i < n && len(sample) < 64<<10; i++ {
		if v.Type == types.Dynamic {
			sample = appendDyn(sample, v.Dyn(i))
		} else {
			sample = append(sample, v.Str(i)...)
		}
	}
	if len(sample) < 1024 {
		return zstdCodec
	}
	z := len(sampleZstd().EncodeAll(sample, nil))
	var h bytes.Buffer
	w, err := kgzip.NewWriterLevel(&h, kgzip.HuffmanOnly)
	if err != nil {
		return zstdCodec
	}
	w.Write(sample)
	w.Close()
	if h.Len() < z*8/10 {
		return gzipHuffman
	}
	return zstdCodec
}

// nodeFor is the Parquet column of a Kusto type. Strings and guids are
// required (Kusto strings are never null; a null guid is stored empty, as
// column vectors hold it); every other type is optional. dict selects
// dictionary encoding, chosen per file from the data (see wantDict).
func nodeFor(t types.Type, dict bool, codec compress.Codec) parquet.Node {
	var n parquet.Node
	switch t {
	case types.Bool:
		n = parquet.Leaf(parquet.BooleanType)
	case types.Int:
		n = parquet.Int(32)
	case types.Real:
		n = parquet.Leaf(parquet.DoubleType)
	case types.Decimal:
		// Exact text: a Parquet DECIMAL has one scale per column, Kusto
		// decimals one per value.
		n = parquet.String()
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
	if codec == nil {
		codec = zstdCodec
	}
	n = parquet.Compressed(n, codec)
	if t == types.String || t == types.Guid {
		return parquet.Required(n)
	}
	return parquet.Optional(n)
}

// dictMaxBytes is the dictionary size past which a column chunk's
// remaining pages are written plain.
const dictMaxBytes = 1 << 20

// encodingFor chooses a column's encoding and compression from sample
// rows.
func encodingFor(v *column.Vector, n int) (dict bool, codec compress.Codec) {
	if v == nil {
		return true, zstdCodec
	}
	dict = wantDict(v, n)
	if !dict && (v.Type == types.String || v.Type == types.Guid || v.Type == types.Dynamic) {
		return false, textCodec(v, min(n, dictSample))
	}
	return dict, zstdCodec
}

// dictSample is how many rows wantDict looks at.
const dictSample = 4096

// wantDict decides dictionary encoding for a column from a sample of its
// first rows (its distinct codes when already dictionary-encoded). Numbers get a dictionary when they repeat (fewer distinct
// values than half the sample). Text gets one unless the sample is nearly
// all distinct (ids): a small sample overstates the distinct share of a
// row group, and when the dictionary does outgrow dictMaxBytes the writer
// falls back to plain pages for the rest of the row group anyway.
func wantDict(v *column.Vector, n int) bool {
	if n > dictSample {
		n = dictSample
	}
	if n < 16 || v.IsConst() {
		return true
	}
	limit := n / 2
	if v.Type == types.String || v.Type == types.Guid || v.Type == types.Dynamic {
		if n < 1024 {
			return true
		}
		limit = n * 9 / 10
	}
	switch v.Type {
	case types.Bool, types.Real, types.Decimal, types.DateTime:
		return false
	case types.String, types.Guid:
		if v.Strs.Dict != nil {
			if v.Strs.Dict.Len() <= limit {
				return true
			}
			seen := make(map[uint32]struct{}, limit)
			for _, c := range v.Strs.Codes[:n] {
				seen[c] = struct{}{}
				if len(seen) > limit {
					return false
				}
			}
			return true
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
