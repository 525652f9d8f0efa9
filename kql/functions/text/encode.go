package text

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Encodings: base64, URL percent-encoding, Unicode code points, and
// decompression of base64-encoded zlib/gzip data. (The compress_* and
// gzip_compress_* functions are not provided: their output bytes depend on
// the compressor, so they could not match Kusto's.)

func init() {
	functions.Register(
		fn("base64_encode_tostring", types.String, []param{p("string", kString)}, "base64_encode_tostring(string: string): string",
			"Encodes a string's UTF-8 bytes as base64.", base64EncodeKernel, "base64_encodestring"),
		fn("base64_decode_tostring", types.String, []param{p("base64_string", kString)}, "base64_decode_tostring(base64_string: string): string",
			"Decodes base64 into a UTF-8 string; empty when the input is not base64 or the bytes are not UTF-8.", base64DecodeKernel, "base64_decodestring"),
		fn("base64_decode_toarray", types.Dynamic, []param{p("base64_string", kString)}, "base64_decode_toarray(base64_string: string): dynamic",
			"Decodes base64 into a dynamic array of byte values; null when the input is not base64.", base64ToArrayKernel),
		fn("base64_encode_fromarray", types.String, []param{p("array", kDynArray)}, "base64_encode_fromarray(array: dynamic): string",
			"Encodes a dynamic array of byte values (0 to 255) as base64; empty when an element is not a byte.", base64FromArrayKernel),
		fn("base64_decode_toguid", types.Guid, []param{p("base64_string", kString)}, "base64_decode_toguid(base64_string: string): guid",
			"Decodes 16 base64-encoded bytes (in .NET's GUID byte order) into a guid; null otherwise.", base64ToGuidKernel),
		fn("base64_encode_fromguid", types.String, []param{p("guid", kGuid)}, "base64_encode_fromguid(guid: guid): string",
			"Encodes a guid's 16 bytes (in .NET's GUID byte order) as base64.", base64FromGuidKernel),
		fn("url_encode", types.String, []param{p("url", kString)}, "url_encode(url: string): string",
			"Percent-encodes a URL (lower-case hex, spaces as '+'); letters, digits and -_.!*() stay.", urlEncodeKernel(true)),
		fn("url_encode_component", types.String, []param{p("url", kString)}, "url_encode_component(url: string): string",
			"Percent-encodes a URL component (lower-case hex, spaces as %20); letters, digits and -_.!*() stay.", urlEncodeKernel(false)),
		fn("url_decode", types.String, []param{p("encoded_url", kString)}, "url_decode(encoded_url: string): string",
			"Decodes percent-encoding ('+' is a space); invalid escapes stay as they are.", urlDecodeKernel),
		fn("unicode_codepoints_from_string", types.Dynamic, []param{p("value", kScalar)}, "unicode_codepoints_from_string(value): dynamic",
			"The Unicode code points of a string as a dynamic array of numbers.", codepointsKernel, "to_utf8"),
		&functions.Func{Name: "unicode_codepoints_to_string", Aliases: []string{"make_string"}, Kind: functions.Scalar,
			Sig:  "unicode_codepoints_to_string(values, ...): string",
			Doc:  "Builds a string from Unicode code points given as numbers or dynamic arrays of numbers.",
			Bind: bindCodepointsToString},
		fn("zlib_decompress_from_base64_string", types.String, []param{p("string", kString)}, "zlib_decompress_from_base64_string(string: string): string",
			"Decodes base64 and decompresses zlib data into a UTF-8 string; empty when any step fails.", decompressKernel(false)),
		fn("gzip_decompress_from_base64_string", types.String, []param{p("string", kString)}, "gzip_decompress_from_base64_string(string: string): string",
			"Decodes base64 and decompresses gzip data into a UTF-8 string; empty when any step fails.", decompressKernel(true)),
	)
}

// decodeBase64 decodes standard base64 as .NET's Convert.FromBase64String
// does: white space is ignored and the padding is required.
func decodeBase64(s string) ([]byte, bool) {
	clean := s
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			b := make([]byte, 0, len(s))
			for j := 0; j < len(s); j++ {
				if c := s[j]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
					b = append(b, c)
				}
			}
			clean = string(b)
			break
		}
	}
	out, err := base64.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, false
	}
	return out, true
}

func base64EncodeKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
		return base64.StdEncoding.AppendEncode(dst, []byte(s))
	}), nil
}

func base64DecodeKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
		b, ok := decodeBase64(s)
		if !ok || !utf8.Valid(b) {
			return dst
		}
		return append(dst, b...)
	}), nil
}

func base64ToArrayKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	out := make([]any, n)
	for i := range out {
		b, ok := decodeBase64(a[0].Str(i))
		if !ok {
			continue
		}
		arr := make([]any, len(b))
		for j, c := range b {
			arr[j] = int64(c)
		}
		out[i] = arr
	}
	return column.FromDyns(out), nil
}

func base64FromArrayKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		arr, ok := a[0].Dyn(i).([]any)
		if !ok {
			return dst
		}
		b := make([]byte, len(arr))
		for j, x := range arr {
			v, ok := x.(int64)
			if !ok || v < 0 || v > 255 {
				return dst
			}
			b[j] = byte(v)
		}
		return base64.StdEncoding.AppendEncode(dst, b)
	}), nil
}

// guidBytes orders a guid's bytes as .NET's Guid.ToByteArray: the first
// three groups little-endian, the rest as written.
func guidBytes(g string) ([16]byte, bool) {
	var out [16]byte
	var raw [16]byte
	j := 0
	for i := 0; i < len(g) && j < 32; i++ {
		c := g[i]
		if c == '-' {
			continue
		}
		v, ok := hexVal(c)
		if !ok {
			return out, false
		}
		if j%2 == 0 {
			raw[j/2] = v << 4
		} else {
			raw[j/2] |= v
		}
		j++
	}
	if j != 32 {
		return out, false
	}
	out = raw
	out[0], out[1], out[2], out[3] = raw[3], raw[2], raw[1], raw[0]
	out[4], out[5] = raw[5], raw[4]
	out[6], out[7] = raw[7], raw[6]
	return out, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func base64ToGuidKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	b := functions.NewBuilder(types.Guid, n)
	const hexd = "0123456789abcdef"
	for i := 0; i < n; i++ {
		raw, ok := decodeBase64(a[0].Str(i))
		if !ok || len(raw) != 16 {
			b.AppendNull()
			continue
		}
		// Undo .NET's byte order, then print canonically.
		o := [16]byte{raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]}
		copy(o[8:], raw[8:])
		var s [36]byte
		k := 0
		for j, c := range o {
			if j == 4 || j == 6 || j == 8 || j == 10 {
				s[k] = '-'
				k++
			}
			s[k], s[k+1] = hexd[c>>4], hexd[c&15]
			k += 2
		}
		b.AppendValue(value.GUID(s[:]))
	}
	return b.Build(), nil
}

func base64FromGuidKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.FillStrs(n, func(dst []byte, i int) []byte {
		if a[0].IsNull(i) {
			return dst
		}
		g, ok := guidBytes(a[0].Str(i))
		if !ok {
			return dst
		}
		return base64.StdEncoding.AppendEncode(dst, g[:])
	}), nil
}

func urlSafe(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
		c == '-' || c == '_' || c == '.' || c == '!' || c == '*' || c == '(' || c == ')'
}

func urlEncodeKernel(plusForSpace bool) functions.ScalarKernel {
	const hexd = "0123456789abcdef"
	return func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
			for i := 0; i < len(s); i++ {
				c := s[i]
				switch {
				case urlSafe(c):
					dst = append(dst, c)
				case c == ' ' && plusForSpace:
					dst = append(dst, '+')
				default:
					dst = append(dst, '%', hexd[c>>4], hexd[c&15])
				}
			}
			return dst
		}), nil
	}
}

func urlDecodeKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	return functions.MapStrStr(a[0], n, AppendURLDecoded), nil
}

// AppendURLDecoded decodes %XX and %uXXXX escapes and '+' as a space; a malformed
// escape is kept as written, and decoded bytes that are not UTF-8 become
// U+FFFD.
func AppendURLDecoded(dst []byte, s string) []byte {
	start := len(dst)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			dst = append(dst, ' ')
		case c == '%' && i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U'):
			// %uXXXX, a UTF-16 code unit, as .NET's UrlDecode reads it.
			var r rune
			ok := true
			for _, d := range []byte(s[i+2 : i+6]) {
				v, vok := hexVal(d)
				ok = ok && vok
				r = r<<4 | rune(v)
			}
			if ok {
				dst = utf8.AppendRune(dst, r)
				i += 5
			} else {
				dst = append(dst, c)
			}
		case c == '%' && i+2 < len(s):
			h, ok1 := hexVal(s[i+1])
			l, ok2 := hexVal(s[i+2])
			if ok1 && ok2 {
				dst = append(dst, h<<4|l)
				i += 2
			} else {
				dst = append(dst, c)
			}
		default:
			dst = append(dst, c)
		}
	}
	if !utf8.Valid(dst[start:]) {
		fixed := bytes.ToValidUTF8(dst[start:], []byte("\uFFFD"))
		dst = append(dst[:start], fixed...)
	}
	return dst
}

func codepointsKernel(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
	out := make([]any, n)
	for i := range out {
		s := a[0].Str(i)
		arr := make([]any, 0, len(s))
		for _, r := range s {
			arr = append(arr, int64(r))
		}
		out[i] = arr
	}
	return column.FromDyns(out), nil
}

func bindCodepointsToString(args []functions.Arg) (*functions.Bound, error) {
	ts, err := check("unicode_codepoints_to_string", []param{p("values", kIntOrDyn)}, true, 64, args)
	if err != nil {
		return nil, err
	}
	return &functions.Bound{Type: types.String, ArgTypes: ts, Eval: func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.FillStrs(n, func(dst []byte, i int) []byte {
			start := len(dst)
			ok := true
			add := func(x any) {
				v, isInt := x.(int64)
				if !isInt || v < 0 || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
					ok = false
					return
				}
				dst = utf8.AppendRune(dst, rune(v))
			}
			for _, v := range a {
				if v.Type == types.Dynamic {
					switch x := v.Dyn(i).(type) {
					case []any:
						for _, e := range x {
							add(e)
						}
					default:
						add(x)
					}
					continue
				}
				if v.IsNull(i) {
					ok = false
					continue
				}
				add(v.Int(i))
			}
			if !ok {
				return dst[:start]
			}
			return dst
		}), nil
	}}, nil
}

// maxDecompressed bounds decompressed output, against zip bombs.
const maxDecompressed = 64 << 20

func decompressKernel(isGzip bool) functions.ScalarKernel {
	return func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
			raw, ok := decodeBase64(s)
			if !ok {
				return dst
			}
			var r io.ReadCloser
			var err error
			if isGzip {
				// Kusto expects a zero FLG byte: no optional header
				// fields (name, comment, extra, header CRC).
				if len(raw) < 10 || raw[3] != 0 {
					return dst
				}
				r, err = gzip.NewReader(bytes.NewReader(raw))
			} else {
				r, err = zlib.NewReader(bytes.NewReader(raw))
			}
			if err != nil {
				return dst
			}
			defer r.Close()
			out, err := io.ReadAll(io.LimitReader(r, maxDecompressed+1))
			if err != nil || len(out) > maxDecompressed || !utf8.Valid(out) {
				return dst
			}
			return append(dst, out...)
		}), nil
	}
}
