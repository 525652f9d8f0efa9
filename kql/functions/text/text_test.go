package text

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func dt(s string) value.DateTime {
	d, ok := value.ParseDateTime(s)
	if !ok {
		panic(s)
	}
	return d
}

func TestConcat(t *testing.T) {
	runCases(t, []tcase{
		{"strcat const+col", "strcat", []targ{cst(S, "<"), col(S, "a", "", "é"), cst(S, ">")}, rows("<a>", "<>", "<é>")},
		{"strcat mixed types", "strcat", []targ{col(L, int64(1), nil), cst(R, 2.5), col(B, true, false)}, rows("12.5true", "2.5false")},
		{"strcat constants", "strcat", []targ{cst(S, "a"), cst(L, int64(1))}, rows("a1", "a1")},
		{"strcat dynamic", "strcat", []targ{col(DY, []any{int64(1)}, "x", nil)}, rows("[1]", "x", "")},
		{"strcat dictionary", "strcat", []targ{dictArg([]string{"x", "y"}, []uint32{1, 0, 1}), cst(S, "!")}, rows("y!", "x!", "y!")},
		{"strcat_delim", "strcat_delim", []targ{cst(S, "-"), col(S, "a", "b"), cst(L, int64(2)), col(S, "c", "")}, rows("a-2-c", "b-2-")},
		{"strcat_delim one column", "strcat_delim", []targ{cst(S, ", "), cst(S, "x"), col(S, "a"), cst(S, "z")}, rows("x, a, z")},
		{"strcat_delim column delimiter", "strcat_delim", []targ{col(S, "+", "*"), cst(S, "a"), cst(S, "b")}, rows("a+b", "a*b")},
		{"strcat_array", "strcat_array", []targ{col(DY, []any{int64(7), "b", 1.5}, "not array", []any{}), cst(S, "|")}, rows("7|b|1.5", "", "")},
		{"array_strcat alias", "array_strcat", []targ{cst(DY, []any{"a", "b"}), cst(L, int64(0))}, rows("a0b")},
	})
	bindFails(t, "strcat")
	bindFails(t, "strcat_delim", cst(S, "-"))
	bindFails(t, "strcat_array", col(S, "x"), cst(S, ","))
}

func TestBasic(t *testing.T) {
	runCases(t, []tcase{
		{"strlen", "strlen", []targ{col(S, "hello", "", "héllo", "a😀")}, rows(int64(5), int64(0), int64(5), int64(2))},
		{"strlen dynamic", "strlen", []targ{col(DY, "abc", int64(12345), nil)}, rows(int64(3), int64(5), int64(0))},
		{"string_size", "string_size", []targ{col(S, "héllo", "")}, rows(int64(6), int64(0))},
		{"toupper", "toupper", []targ{col(S, "abc", "éa", "MiXeD 1")}, rows("ABC", "ÉA", "MIXED 1")},
		{"tolower", "tolower", []targ{col(S, "ABC", "ÉA")}, rows("abc", "éa")},
		{"tolower number", "tolower", []targ{col(L, int64(1))}, rows("1")},
		{"toupper dictionary", "toupper", []targ{dictArg([]string{"a", "b"}, []uint32{0, 1, 0})}, rows("A", "B", "A")},
		{"reverse", "reverse", []targ{col(S, "abc", "", "añb")}, rows("cba", "", "bña")},
		{"reverse long", "reverse", []targ{col(L, int64(1230))}, rows("0321")},
		{"reverse datetime", "reverse", []targ{col(DT, dt("2021-03-04T05:06:07Z"), nil)}, rows("Z0000000.70:60:50T40-30-1202", "")},
		{"reverse timespan", "reverse", []targ{col(TS, value.TimeSpan(90*value.Minute))}, rows("00:03:10")},
		{"strrep", "strrep", []targ{col(S, "ab", "x"), cst(L, int64(3))}, rows("ababab", "xxx")},
		{"strrep delimiter", "strrep", []targ{cst(L, int64(7)), col(L, int64(2), int64(0), nil), cst(S, ",")}, rows("7,7", "", "")},
		{"strcmp", "strcmp", []targ{col(S, "a", "b", "B", "ab"), cst(S, "b")}, rows(int64(-1), int64(0), int64(-1), int64(-1))},
		{"strcmp columns", "strcmp", []targ{col(S, "x", "a"), col(S, "a", "a")}, rows(int64(1), int64(0))},
		{"isascii", "isascii", []targ{col(S, "abc", "é", "")}, rows(true, false, true)},
		{"isutf8", "isutf8", []targ{col(S, "abc", "é", "\xff")}, rows(true, true, false)},
	})
	bindFails(t, "strlen", col(L, int64(1)))
	bindFails(t, "strrep", cst(S, "a"), cst(R, 2.5))
}

func TestSearch(t *testing.T) {
	runCases(t, []tcase{
		{"substring", "substring", []targ{col(S, "hello", "hi", ""), cst(L, int64(1))}, rows("ello", "i", "")},
		{"substring length", "substring", []targ{col(S, "hello"), cst(L, int64(1)), cst(L, int64(2))}, rows("el")},
		{"substring negative start", "substring", []targ{col(S, "hello"), cst(L, int64(-3)), cst(L, int64(2))}, rows("ll")},
		{"substring far negative", "substring", []targ{col(S, "hello"), cst(L, int64(-30)), cst(L, int64(2))}, rows("he")},
		{"substring past end", "substring", []targ{col(S, "hello"), cst(L, int64(10))}, rows("")},
		{"substring long length", "substring", []targ{col(S, "hello"), cst(L, int64(3)), cst(L, int64(100))}, rows("lo")},
		{"substring unicode", "substring", []targ{col(S, "héllo"), cst(L, int64(1)), cst(L, int64(2))}, rows("él")},
		{"substring null start", "substring", []targ{col(S, "hello"), cst(L, nil)}, rows("")},
		{"substring per row", "substring", []targ{col(S, "hello", "world"), col(L, int64(0), int64(3)), col(L, int64(1), nil)}, rows("h", "")},
		{"substring of number", "substring", []targ{col(L, int64(12345)), cst(L, int64(2))}, rows("345")},
		{"indexof", "indexof", []targ{col(S, "hello world", "x"), cst(S, "o")}, rows(int64(4), int64(-1))},
		{"indexof start", "indexof", []targ{col(S, "hello world"), cst(S, "o"), cst(L, int64(5))}, rows(int64(7))},
		{"indexof negative start", "indexof", []targ{col(S, "hello world"), cst(S, "o"), cst(L, int64(-4))}, rows(int64(7))},
		{"indexof window too short", "indexof", []targ{col(S, "hello world"), cst(S, "wor"), cst(L, int64(5)), cst(L, int64(3))}, rows(int64(-1))},
		{"indexof window", "indexof", []targ{col(S, "hello world"), cst(S, "wor"), cst(L, int64(5)), cst(L, int64(4))}, rows(int64(6))},
		{"indexof occurrence", "indexof", []targ{col(S, "abab ab"), cst(S, "ab"), cst(L, int64(0)), cst(L, int64(-1)), cst(L, int64(3))}, rows(int64(5))},
		{"indexof missing occurrence", "indexof", []targ{col(S, "abab"), cst(S, "ab"), cst(L, int64(0)), cst(L, int64(-1)), cst(L, int64(3))}, rows(int64(-1))},
		{"indexof bad length", "indexof", []targ{col(S, "abab"), cst(S, "ab"), cst(L, int64(0)), cst(L, int64(-2))}, rows(nil)},
		{"indexof bad occurrence", "indexof", []targ{col(S, "abab"), cst(S, "ab"), cst(L, int64(0)), cst(L, int64(-1)), cst(L, int64(-1))}, rows(nil)},
		{"indexof unicode", "indexof", []targ{col(S, "héllo"), cst(S, "l")}, rows(int64(2))},
		{"indexof numbers", "indexof", []targ{col(L, int64(98765)), cst(L, int64(6))}, rows(int64(3))},
		{"indexof empty", "indexof", []targ{col(S, "abc"), cst(S, "")}, rows(int64(0))},
		{"split", "split", []targ{col(S, "a,b,,c", "", "x"), cst(S, ",")}, rows([]any{"a", "b", "", "c"}, []any{""}, []any{"x"})},
		{"split multi-char", "split", []targ{col(S, "a::b"), cst(S, "::")}, rows([]any{"a", "b"})},
	})
	got, _ := call(t, "split", 2, col(S, "a,b,c", "a,b,c"), cst(S, ","), col(L, int64(1), int64(5)))
	if a, ok := got[0].([]any); !ok || len(a) != 1 || a[0] != "b" {
		t.Errorf("split index 1: %#v", got[0])
	}
	if a, ok := got[1].([]any); !ok || len(a) != 0 {
		t.Errorf("split index out of range: %#v", got[1])
	}
	runCases(t, []tcase{
		{"split number", "split", []targ{col(L, int64(10203)), cst(S, "0")}, rows([]any{"1", "2", "3"})},
		{"translate", "translate", []targ{cst(S, "abc"), cst(S, "xy"), col(S, "aabbcc d", "")}, rows("xxyyyy d", "")},
		{"translate delete", "translate", []targ{cst(S, "ab"), cst(S, ""), col(S, "abcab")}, rows("c")},
		{"translate unicode", "translate", []targ{cst(S, "é"), cst(S, "e"), col(S, "café")}, rows("cafe")},
		{"replace_string", "replace_string", []targ{col(S, "a cat and a cat", "dog"), cst(S, "cat"), cst(S, "bird")}, rows("a bird and a bird", "dog")},
		{"replace_string empty lookup", "replace_string", []targ{col(S, "abc"), cst(S, ""), cst(S, "x")}, rows("abc")},
		{"replace_string case-sensitive", "replace_string", []targ{col(S, "Cat cat"), cst(S, "cat"), cst(S, "x")}, rows("Cat x")},
		{"replace_strings", "replace_strings", []targ{col(S, "red green blue"), cst(DY, []any{"red", "blue"}), cst(DY, []any{"blue", "red"})}, rows("blue green red")},
		{"replace_strings order", "replace_strings", []targ{col(S, "abcd"), cst(DY, []any{"bc", "abc"}), cst(DY, []any{"X", "Y"})}, rows("aXd")},
		{"replace_strings order reversed", "replace_strings", []targ{col(S, "abcd"), cst(DY, []any{"abc", "bc"}), cst(DY, []any{"Y", "X"})}, rows("Yd")},
		{"replace_strings no rescan", "replace_strings", []targ{col(S, "aaa"), cst(DY, []any{"a", "b"}), cst(DY, []any{"b", "c"})}, rows("bbb")},
		{"replace_strings non-string rewrite", "replace_strings", []targ{col(S, "one two"), cst(DY, []any{"one", "on"}), cst(DY, []any{int64(1), "X"})}, rows("one two")},
		{"countof", "countof", []targ{col(S, "bbbbb", "", "abc"), cst(S, "bb")}, rows(int64(4), int64(0), int64(0))},
		{"countof regex", "countof", []targ{col(S, "bbbbb"), cst(S, "bb"), cst(S, "regex")}, rows(int64(2))},
		{"countof regex class", "countof", []targ{col(S, "a1b22c333"), cst(S, `\d+`), cst(S, "regex")}, rows(int64(3))},
		{"has_any_index", "has_any_index", []targ{col(S, "one two three", "none"), cst(DY, []any{"four", "TWO", "one"})}, rows(int64(1), int64(-1))},
		{"has_any_index numbers", "has_any_index", []targ{col(S, "port 22 open"), cst(DY, []any{int64(80), int64(22)})}, rows(int64(1))},
		{"has_any_index empty", "has_any_index", []targ{col(S, "x"), cst(DY, []any{})}, rows(int64(-1))},
	})
	bindFails(t, "countof", col(S, "a"), cst(S, "a"), cst(S, "fuzzy"))
	bindFails(t, "countof", col(S, "a"), cst(S, "("), cst(S, "regex"))
	bindFails(t, "substring", col(S, "a"), cst(R, 1.5))
	bindFails(t, "split", col(S, "a"), cst(B, true))
	bindFails(t, "replace_string", col(L, int64(1)), cst(S, "a"), cst(S, "b"))
	bindFails(t, "has_any_index", col(S, "a"), cst(S, "a"))
}

func TestRegexFunctions(t *testing.T) {
	runCases(t, []tcase{
		{"extract group", "extract", []targ{cst(S, `id=(\d+)`), cst(L, int64(1)), col(S, "x id=42 y", "none")}, rows("42", "")},
		{"extract whole match", "extract", []targ{cst(S, `\d+`), cst(L, int64(0)), col(S, "ab12cd")}, rows("12")},
		{"extract unmatched group", "extract", []targ{cst(S, `a(x)?b`), cst(L, int64(1)), col(S, "ab")}, rows("")},
		{"extract typed", "extract", []targ{cst(S, `(\d+)`), cst(L, int64(1)), col(S, "n=7", "none"), cst(S, "long")}, rows(int64(7), nil)},
	})
	got, _ := call(t, "extract", 2, cst(S, `v=(\S+)`), cst(L, int64(1)), col(S, "v=1.5", "v=x"), cst(S, "real"))
	if got[0] != 1.5 || got[1] != nil {
		t.Errorf("extract typeof(real): %#v", got)
	}
	got, _ = call(t, "extract", 2, col(S, `(a+)`, `(b+)`), cst(L, int64(1)), col(S, "caab", "cbbb"))
	if got[0] != "aa" || got[1] != "bbb" {
		t.Errorf("extract with a regex column: %#v", got)
	}
	runCases(t, []tcase{
		{"extract_all one group", "extract_all", []targ{cst(S, `(\d+)`), col(S, "a1 b22 c333", "none")}, rows([]any{"1", "22", "333"}, nil)},
		{"extract_all groups", "extract_all", []targ{cst(S, `(\w)=(\d)`), col(S, "a=1 b=2")}, rows([]any{[]any{"a", "1"}, []any{"b", "2"}})},
		{"extract_all selected", "extract_all", []targ{cst(S, `(\w)=(\d)`), cst(DY, []any{int64(2)}), col(S, "a=1 b=2")}, rows([]any{"1", "2"})},
		{"extract_all named", "extract_all", []targ{cst(S, `(?P<k>\w)=(?P<v>\d)`), cst(DY, []any{"v", int64(1)}), col(S, "a=1")}, rows([]any{[]any{"1", "a"}})},
		{"replace_regex", "replace_regex", []targ{col(S, "user=bob id=7", "none"), cst(S, `(\w+)=(\w+)`), cst(S, `\2:\1`)}, rows("bob:user 7:id", "none")},
		{"replace_regex whole match", "replace_regex", []targ{col(S, "a1b2"), cst(S, `\d`), cst(S, `<\0>`)}, rows("a<1>b<2>")},
		{"replace_regex backslash and dollar", "replace_regex", []targ{col(S, "a.b"), cst(S, `\.`), cst(S, `\\$1`)}, rows(`a\$1b`)},
		{"replace_regex empty matches", "replace_regex", []targ{col(S, "abc"), cst(S, `x*`), cst(S, "-")}, rows("-a-b-c-")},
		{"replace (deprecated order)", "replace", []targ{cst(S, `o`), cst(S, "0"), col(S, "foo")}, rows("f00")},
		{"trim", "trim", []targ{cst(S, "--"), col(S, "--a-b--", "----", "-x-")}, rows("a-b", "", "-x-")},
		{"trim whitespace", "trim", []targ{cst(S, `\s+`), col(S, "  a b \t")}, rows("a b")},
		{"trim_start", "trim_start", []targ{cst(S, `[^\w]+`), col(S, "-- a --")}, rows("a --")},
		{"trim_end", "trim_end", []targ{cst(S, `[^\w]+`), col(S, "-- a --")}, rows("-- a")},
		{"trim regex column", "trim", []targ{col(S, "x", "y"), col(S, "xax", "yby")}, rows("a", "b")},
		{"indexof_regex", "indexof_regex", []targ{col(S, "xxabcabc", "zzz"), cst(S, `a.c`)}, rows(int64(2), int64(-1))},
		{"indexof_regex occurrence", "indexof_regex", []targ{col(S, "xxabcabc"), cst(S, `a.c`), cst(L, int64(0)), cst(L, int64(-1)), cst(L, int64(2))}, rows(int64(5))},
		{"indexof_regex no overlap", "indexof_regex", []targ{col(S, "aaaa"), cst(S, `aa`), cst(L, int64(0)), cst(L, int64(-1)), cst(L, int64(3))}, rows(int64(-1))},
		{"indexof_regex negative start", "indexof_regex", []targ{col(S, "abc"), cst(S, `b`), cst(L, int64(-1))}, rows(nil)},
		{"indexof_regex window", "indexof_regex", []targ{col(S, "abcabc"), cst(S, `c`), cst(L, int64(3)), cst(L, int64(2))}, rows(int64(-1))},
		{"indexof_regex unicode", "indexof_regex", []targ{col(S, "ééx"), cst(S, `x`)}, rows(int64(2))},
		{"regex_quote", "regex_quote", []targ{col(S, "a.b*c", "(x)", "é_1")}, rows(`a\.b\*c`, `\(x\)`, "é_1")},
	})
	bindFails(t, "extract", cst(S, "("), cst(L, int64(1)), col(S, "a"))
	bindFails(t, "extract", cst(S, "(a)"), cst(L, int64(2)), col(S, "a"))
	bindFails(t, "extract", cst(S, "a"), cst(L, int64(0)), col(L, int64(1)))
	bindFails(t, "extract_all", cst(S, "a+"), col(S, "a"))
	bindFails(t, "extract_all", cst(S, "(a)"), cst(DY, []any{int64(2)}), col(S, "a"))
	bindFails(t, "trim", cst(S, "["), col(S, "a"))
	bindFails(t, "replace_regex", col(S, "a"), cst(S, "a"), cst(L, int64(1)))
}

func TestEncodings(t *testing.T) {
	g := value.GUID("00112233-4455-6677-8899-aabbccddeeff")
	runCases(t, []tcase{
		{"base64 encode", "base64_encode_tostring", []targ{col(S, "Quarry", "", "é")}, rows("UXVhcnJ5", "", "w6k=")},
		{"base64 encode alias", "base64_encodestring", []targ{col(S, "ab")}, rows("YWI=")},
		{"base64 decode", "base64_decode_tostring", []targ{col(S, "UXVhcnJ5", "w6k=", "not base64!", "UXVh\ncnJ5", "/w==")}, rows("Quarry", "é", "", "Quarry", "")},
		{"base64 decode alias", "base64_decodestring", []targ{col(S, "YWI=")}, rows("ab")},
		{"base64 to array", "base64_decode_toarray", []targ{col(S, "AAH/", "!")}, rows([]any{int64(0), int64(1), int64(255)}, nil)},
		{"base64 from array", "base64_encode_fromarray", []targ{col(DY, []any{int64(0), int64(1), int64(255)}, []any{int64(256)}, "x")}, rows("AAH/", "", "")},
		{"base64 from guid", "base64_encode_fromguid", []targ{col(G, g, nil)}, rows("MyIRAFVEd2aImaq7zN3u/w==", "")},
		{"base64 to guid", "base64_decode_toguid", []targ{col(S, "MyIRAFVEd2aImaq7zN3u/w==", "AA==")}, rows(g, nil)},
		{"url_encode", "url_encode", []targ{col(S, "https://x.com/a b?q=1&r=é~")}, rows("https%3a%2f%2fx.com%2fa+b%3fq%3d1%26r%3d%c3%a9%7e")},
		{"url_encode_component", "url_encode_component", []targ{col(S, "a b/c-d_e.f!g*(h)")}, rows("a%20b%2fc-d_e.f!g*(h)")},
		{"url_decode", "url_decode", []targ{col(S, "a%20b+c%2F%c3%a9", "100%", "%zz", "%ff", "%u00e9!", "%uzzzz")}, rows("a b c/é", "100%", "%zz", "\uFFFD", "é!", "%uzzzz")},
		{"codepoints", "unicode_codepoints_from_string", []targ{col(S, "Aé😀", "")}, rows([]any{int64(65), int64(233), int64(0x1F600)}, []any{})},
		{"to_utf8 alias", "to_utf8", []targ{col(S, "a")}, rows([]any{int64(97)})},
		{"codepoints to string", "unicode_codepoints_to_string", []targ{cst(L, int64(81)), col(DY, []any{int64(117), int64(233)}, []any{int64(-1)})}, rows("Qué", "")},
		{"codepoints ints", "unicode_codepoints_to_string", []targ{col(L, int64(97), nil), cst(I, int32(98))}, rows("ab", "")},
	})
	var zb, gb bytes.Buffer
	zw := zlib.NewWriter(&zb)
	zw.Write([]byte("hello zlib"))
	zw.Close()
	gw := gzip.NewWriter(&gb)
	gw.Write([]byte("hello gzip"))
	gw.Close()
	var named bytes.Buffer // a header with a file name: FLG is not zero
	nw := gzip.NewWriter(&named)
	nw.Name = "a.txt"
	nw.Write([]byte("hello gzip"))
	nw.Close()
	runCases(t, []tcase{
		{"zlib", "zlib_decompress_from_base64_string", []targ{col(S, base64.StdEncoding.EncodeToString(zb.Bytes()), "AAAA", "!")}, rows("hello zlib", "", "")},
		{"gzip", "gzip_decompress_from_base64_string", []targ{col(S, base64.StdEncoding.EncodeToString(gb.Bytes()), "AAAA")}, rows("hello gzip", "")},
		{"gzip with optional header fields", "gzip_decompress_from_base64_string", []targ{col(S, base64.StdEncoding.EncodeToString(named.Bytes()))}, rows("")},
		{"gzip doc example", "gzip_decompress_from_base64_string", []targ{cst(S, "H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==")}, rows("1234567890qwertyuiop")},
	})
	bindFails(t, "base64_encode_tostring", col(B, true))
	bindFails(t, "url_decode", col(L, int64(1)))
	bindFails(t, "unicode_codepoints_to_string", col(S, "a"))
}

func TestHashes(t *testing.T) {
	// xxHash64 test vectors of the xxHash specification (seed 0).
	for s, want := range map[string]uint64{"": 0xEF46DB3751D8E999, "a": 0xD24EC4F1A98C6E5B, "abc": 0x44BC2CF5AD770999} {
		if got := XXHash64([]byte(s), 0); got != want {
			t.Errorf("XXHash64(%q) = %x, want %x", s, got, want)
		}
	}
	long := strings.Repeat("0123456789", 10)
	got, _ := call(t, "hash", 3, col(S, "", "abc", long))
	if got[0] != int64(-1205034819632174695) || got[1] != int64(0x44BC2CF5AD770999) || got[2] != int64(XXHash64([]byte(long), 0)) {
		t.Errorf("hash strings: %#v", got)
	}
	got, _ = call(t, "hash", 2, col(S, "", "abc"), cst(L, int64(1000)))
	if got[0] != int64(0xEF46DB3751D8E999%1000) || got[1] != int64(0x44BC2CF5AD770999%1000) {
		t.Errorf("hash with mod: %#v (the hash is taken unsigned)", got)
	}
	// A datetime hashes as its ticks, like a long of the same value.
	d := dt("2022-02-02T02:02:02Z")
	a, _ := call(t, "hash_xxhash64", 2, col(DT, d, nil))
	b, _ := call(t, "hash_xxhash64", 1, col(L, int64(d)))
	if a[0] != b[0] || a[1] != nil {
		t.Errorf("hash of datetime %v vs long %v", a, b)
	}
	runCases(t, []tcase{
		{"sha256", "hash_sha256", []targ{col(S, "abc")}, rows("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")},
		{"sha1", "hash_sha1", []targ{col(S, "abc")}, rows("a9993e364706816aba3e25717850c26c9cd0d89d")},
		{"md5", "hash_md5", []targ{col(S, "abc", "")}, rows("900150983cd24fb0d6963f7d28e17f72", "d41d8cd98f00b204e9800998ecf8427e")},
		{"md5 of long", "hash_md5", []targ{col(L, int64(123), nil)}, rows("202cb962ac59075b964b07152d234b70", "")},
	})
	// A datetime is hashed as its round-trip text.
	got, _ = call(t, "hash_md5", 1, col(DT, d))
	want, _ := call(t, "hash_md5", 1, col(S, "2022-02-02T02:02:02.0000000Z"))
	if got[0] != want[0] {
		t.Errorf("md5 of datetime %v, want md5 of its round-trip text %v", got, want)
	}
	bindFails(t, "hash", col(R, 1.5))
	bindFails(t, "hash", col(DY, "a"))
	bindFails(t, "hash", col(B, true))
	bindFails(t, "hash_sha256", col(R, 1.5))
	bindFails(t, "hash", col(S, "a"), cst(R, 1.5))
}

func TestPunycode(t *testing.T) {
	runCases(t, []tcase{
		// Samples of RFC 3492, section 7.1.
		{"encode Japanese", "punycode_from_string", []targ{col(S, "3年B組金八先生", "abc", "")}, rows("3B-ww4c5e180e575a65lsy2b", "abc-", "")},
		{"decode Japanese", "punycode_to_string", []targ{col(S, "3B-ww4c5e180e575a65lsy2b", "-> $1.00 <--", "abc-", "!!")}, rows("3年B組金八先生", "-> $1.00 <-", "abc", "")},
		{"encode Arabic", "punycode_from_string", []targ{col(S, "ليهمابتكلموشعربي؟")}, rows("egbpdaj6bu4bxfgehfvwxn")},
		{"domain to", "punycode_domain_to_string", []targ{col(S, "bücher.Example。com", "plain.org")}, rows("xn--bcher-kva.Example.com", "plain.org")},
		{"domain from", "punycode_domain_from_string", []targ{col(S, "xn--bcher-kva.Example.com", "XN--bcher-kva", "plain.org")}, rows("bücher.Example.com", "bücher", "plain.org")},
	})
}

func TestExtractTypeLiteral(t *testing.T) {
	// The binder passes typeof(T) as a constant holding the types.Type.
	lit := cst(types.Unknown, L)
	b, err := fntest.Bind("extract", cst(S, `(\d+)`), cst(L, int64(1)), col(S, "a1"), lit)
	if err != nil || b.Type != L {
		t.Fatalf("extract with typeof(long): %v %v", b, err)
	}
	bindFails(t, "extract", cst(S, `(\d+)`), cst(L, int64(1)), col(S, "a1"), cst(L, int64(5)))
}

// Kusto passes a dynamic value where a string parameter is expected,
// converted as tostring prints it.
func TestDynamicAsString(t *testing.T) {
	bag := fntest.JSON(`{"a":"x1"}`)
	runCases(t, []tcase{
		{"extract_all source", "extract_all", []targ{cst(S, `(\d)`), cst(DY, []any{int64(1)}), col(DY, bag, "a7", nil)}, rows([]any{"1"}, []any{"7"}, nil)},
		{"extract source", "extract", []targ{cst(S, `x(\d)`), cst(L, int64(1)), col(DY, bag, "x2")}, rows("1", "2")},
		{"replace_regex", "replace_regex", []targ{col(DY, "abc"), cst(S, "b"), cst(S, "-")}, rows("a-c")},
		{"countof", "countof", []targ{col(DY, bag), cst(S, `"`)}, rows(int64(4))},
		{"strlen", "strlen", []targ{col(DY, int64(12345))}, rows(int64(5))},
	})
}
