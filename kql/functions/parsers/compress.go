package parsers

import (
	"encoding/base64"
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	codec := func(name, doc string, f func(dst []byte, s string) []byte) *functions.Func {
		return &functions.Func{
			Name: name, Kind: functions.Scalar,
			Sig: name + "(text: string): string",
			Doc: doc,
			Bind: stringOnly(name, functions.Fixed(name, types.String, []functions.Param{functions.Req("text", types.String)},
				func(_ *functions.Ctx, args []*column.Vector, n int) (*column.Vector, error) {
					return functions.MapStrStr(args[0], n, f), nil
				})),
		}
	}
	functions.Register(
		codec("zlib_compress_to_base64_string", "zlib-wraps the UTF-8 text (stored deflate blocks, as Kusto writes them) and encodes it as base64.", zlibCompress),
		codec("gzip_compress_to_base64_string", "gzip-wraps the UTF-8 text (stored deflate blocks, as Kusto writes them) and encodes it as base64.", gzipCompress),
	)
}

// appendStored appends data as raw deflate stored blocks; Kusto's
// compressors emit this (uncompressed) form, so matching it byte for
// byte keeps results identical for inputs up to 65531 bytes.
func appendStored(dst []byte, data string) []byte {
	for {
		n := min(len(data), 65535)
		final := byte(0)
		if n == len(data) {
			final = 1
		}
		dst = append(dst, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		dst = append(dst, data[:n]...)
		data = data[n:]
		if final == 1 {
			return dst
		}
	}
}

func appendBase64(dst, raw []byte) []byte {
	return base64.StdEncoding.AppendEncode(dst, raw)
}

func zlibCompress(dst []byte, s string) []byte {
	raw := appendStored([]byte{0x78, 0x01}, s)
	raw = binary.BigEndian.AppendUint32(raw, adler32.Checksum([]byte(s)))
	return appendBase64(dst, raw)
}

func gzipCompress(dst []byte, s string) []byte {
	raw := appendStored([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, s)
	raw = binary.LittleEndian.AppendUint32(raw, crc32.ChecksumIEEE([]byte(s)))
	raw = binary.LittleEndian.AppendUint32(raw, uint32(len(s)))
	return appendBase64(dst, raw)
}
