package parsers

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/functions/internal/fntest"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func js(v any) string { return string(value.AppendJSON(nil, v)) }

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment",
			`{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path","Username":"username","Password":"password","Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}`},
		{"https://bing.com",
			`{"Scheme":"https","Host":"bing.com","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`},
		{"https://graph.microsoft.com/v1.0/users?$filter=a%20b&x=1+2&x=3",
			`{"Scheme":"https","Host":"graph.microsoft.com","Port":"","Path":"/v1.0/users","Username":"","Password":"","Query Parameters":{"$filter":"a b","x":"3"},"Fragment":""}`},
		{"http://[fe80::1]:8080/ü?q=ü#f",
			`{"Scheme":"http","Host":"[fe80::1]","Port":"8080","Path":"/ü","Username":"","Password":"","Query Parameters":{"q":"ü"},"Fragment":"f"}`},
		{"bing.com",
			`{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`},
		{"",
			`{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`},
	} {
		if got := js(fntest.One(t, "parse_url", strv(c.in))); got != c.want {
			t.Errorf("parse_url(%q) =\n %s\nwant\n %s", c.in, got, c.want)
		}
	}
	if got := js(fntest.One(t, "parseurl", strv("a://b"))); !strings.Contains(got, `"Host":"b"`) {
		t.Errorf("parseurl alias: %s", got)
	}
	if _, _, err := fntest.Call(t, "parse_url", lng(1)); err == nil {
		t.Error("parse_url(long) bound")
	}
}

func TestParseURLQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"k1=v1&k2=v2&k3=v3", `{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}`},
		{"https://x/y?a=1&b#c", `{"Query Parameters":{"a":"1","b":""}}`},
		{"", `{"Query Parameters":{}}`},
		{"bad=%zz", `{"Query Parameters":{"bad":"%zz"}}`},
	} {
		if got := js(fntest.One(t, "parse_urlquery", strv(c.in))); got != c.want {
			t.Errorf("parse_urlquery(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParsePath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`C:\temp\file.txt`, `{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{`temp\file.txt`, `{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{"file://C:/temp/file.txt:some.exe", `{"Scheme":"file","RootPath":"C:","DirectoryPath":"C:/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"some.exe"}`},
		{`\\shared\users\temp\file.txt.gz`, `{"Scheme":"","RootPath":"","DirectoryPath":"\\\\shared\\users\\temp","DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz","AlternateDataStreamName":""}`},
		{"/usr/lib/temp/file.txt", `{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`},
		{`\\?\C:\Windows\notepad.exe`, `{"Scheme":"","RootPath":"C:","DirectoryPath":"\\\\?\\C:\\Windows","DirectoryName":"Windows","Filename":"notepad.exe","Extension":"exe","AlternateDataStreamName":""}`},
		{"noext", `{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"noext","Extension":"","AlternateDataStreamName":""}`},
		{"", `{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"","Extension":"","AlternateDataStreamName":""}`},
	} {
		if got := js(fntest.One(t, "parse_path", strv(c.in))); got != c.want {
			t.Errorf("parse_path(%q) =\n %s\nwant\n %s", c.in, got, c.want)
		}
	}
}

func TestParseCommandLine(t *testing.T) {
	w := strv("windows")
	for _, c := range []struct{ in, want string }{
		{`echo "hello world!"`, `["echo","hello world!"]`},
		{`"C:\Program Files\app.exe" -a  b`, `["C:\\Program Files\\app.exe","-a","b"]`},
		{`prog a\\\"b c\\"d e" f`, `["prog","a\\\"b","c\\d e","f"]`},
		{`prog a\b\\c`, `["prog","a\\b\\\\c"]`},
		{`prog "" x`, `["prog","","x"]`},
		{`prog "a""b" c`, `["prog","a\"b c"]`}, // CommandLineToArgvW: "" inside quotes ends them
		{`prog "a"""b c"`, `["prog","a\"b c"]`},
		{"prog\ta\t", `["prog","a"]`},
		{`C:\x.exe`, `["C:\\x.exe"]`},
		{"", `[]`},
		{`powershell -enc "ZQBj"`, `["powershell","-enc","ZQBj"]`},
	} {
		if got := js(fntest.One(t, "parse_command_line", strv(c.in), w)); got != c.want {
			t.Errorf("parse_command_line(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if _, _, err := fntest.Call(t, "parse_command_line", strv("a"), strv("linux")); err == nil || !strings.Contains(err.Error(), "windows") {
		t.Errorf("linux parser: %v", err)
	}
	if _, _, err := fntest.Call(t, "parse_command_line", strv("a"), fntest.Col(types.String, "windows")); err == nil {
		t.Error("non-literal parser type bound")
	}
}

func TestParseCSV(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"aa,\"b,b,b\",cc,\"Escaping quotes: \"\"Title\"\"\",\"line1\nline2\"", `["aa","b,b,b","cc","Escaping quotes: \"Title\"","line1\nline2"]`},
		{"record1,a,b,c\nrecord2,x,y,z", `["record1","a","b","c"]`},
		{"", `[""]`},
		{"a,", `["a",""]`},
		{"ü,é", `["ü","é"]`},
	} {
		if got := js(fntest.One(t, "parse_csv", strv(c.in))); got != c.want {
			t.Errorf("parse_csv(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseXML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<e/>`, `{"e":null}`},
		{`<e></e>`, `{"e":""}`},
		{`<e>text</e>`, `{"e":"text"}`},
		{`<e name="value" />`, `{"e":{"@name":"value"}}`},
		{`<e name="value">text</e>`, `{"e":{"@name":"value","#text":"text"}}`},
		{`<e> <a>text</a> <b>text</b> </e>`, `{"e":{"a":"text","b":"text"}}`},
		{`<e> <a>text</a> <a>text</a> </e>`, `{"e":{"a":["text","text"]}}`},
		{`<e>text<a>text</a></e>`, `{"e":{"#text":"text","a":"text"}}`},
		{"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<duration>\n <value>118.0</value>\n <!-- c -->\n <min>100.0</min>\n</duration>", `{"duration":{"value":"118.0","min":"100.0"}}`},
		{`<x:e xmlns:x="urn:a" x:k="1">&amp;&lt;ü</x:e>`, `{"x:e":{"@xmlns:x":"urn:a","@x:k":"1","#text":"&<ü"}}`},
		{`<e><![CDATA[<raw>]]></e>`, `{"e":"<raw>"}`},
		{`<a><b/><c/><b/></a>`, `{"a":{"b":[null,null],"c":null}}`},
		{`<e>`, `null`},
		{`<a></b>`, `null`},
		{`<a/><b/>`, `null`},
		{`text`, `null`},
		{``, `null`},
		{`<a>&bogus;</a>`, `null`},
	} {
		if got := js(fntest.One(t, "parse_xml", strv(c.in))); got != c.want {
			t.Errorf("parse_xml(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := fntest.One(t, "parse_xml", strv("<a>"+strings.Repeat("x", maxXML)+"</a>")); got != nil {
		t.Error("parse_xml over 1 MB is not null")
	}
}

// inflateBase64 undoes the compress functions with the standard
// library's readers.
func inflateBase64(t *testing.T, s string, gz bool) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader
	if gz {
		r, err = gzip.NewReader(bytes.NewReader(raw))
	} else {
		r, err = zlib.NewReader(bytes.NewReader(raw))
	}
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompression(t *testing.T) {
	fntest.RunCases(t, fntest.Text, []fntest.Case{
		{"zlib_compress_to_base64_string", []fntest.Arg{strv("1234567890qwertyuiop")}, "eAEBFADr/zEyMzQ1Njc4OTBxd2VydHl1aW9wOAkGdw=="},
		{"gzip_compress_to_base64_string", []fntest.Arg{strv("1234567890qwertyuiop")}, "H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA=="},
		{"zlib_compress_to_base64_string", []fntest.Arg{strv("")}, "eAEBAAD//wAAAAE="},
		{"zlib_compress_to_base64_string", []fntest.Arg{lng(1)}, "error"},
	})
	for _, s := range []string{"", "ünïcødé ✓", strings.Repeat("abc", 40000)} {
		if got := inflateBase64(t, fntest.One(t, "zlib_compress_to_base64_string", strv(s)).(string), false); got != s {
			t.Errorf("zlib round trip of %d bytes gave %d bytes", len(s), len(got))
		}
		if got := inflateBase64(t, fntest.One(t, "gzip_compress_to_base64_string", strv(s)).(string), true); got != s {
			t.Errorf("gzip round trip of %d bytes gave %d bytes", len(s), len(got))
		}
	}
}

func TestNewGUID(t *testing.T) {
	res, typ, err := fntest.Call(t, "new_guid")
	if err != nil || typ != types.Guid {
		t.Fatal(err, typ)
	}
	g := string(res[0].(value.GUID))
	if len(g) != 36 || g[14] != '4' || strings.Count(g, "-") != 4 {
		t.Errorf("new_guid() = %s", g)
	}
}

func TestDictionaryInput(t *testing.T) {
	res, _, err := fntest.Call(t, "parse_csv", fntest.DictCol("a,b", "c", "a,b"))
	if err != nil {
		t.Fatal(err)
	}
	if js(res[0]) != `["a","b"]` || js(res[1]) != `["c"]` || js(res[2]) != `["a","b"]` {
		t.Errorf("parse_csv over dictionary: %v", res)
	}
	res, _, err = fntest.Call(t, "zlib_compress_to_base64_string", fntest.DictCol("x", "y", "x"))
	if err != nil || res[0] != res[2] || res[0] == res[1] {
		t.Errorf("zlib over dictionary: %v %v", res, err)
	}
}

// FuzzParsers checks that no input makes a parser panic or loop.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"", "a,b", `"x""y"`, `prog "a\"b" c`, "<a b='1'><c/>t</a>", "http://u:p@h:1/p?q=1#f", `\\?\C:\a.b:c`, "%zz", "eAEBAAD//wAAAAE="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseCSV(s)
		splitWindows(s)
		parseXML(s)
		parseURL(s)
		parsePath(s)
		parseQuery(s)
		if got := inflateBase64(t, string(zlibCompress(nil, s)), false); got != s {
			t.Errorf("zlib round trip of %q gave %q", s, got)
		}
	})
}

// Kusto's binder refuses a dynamic argument where these functions take a
// string, but parse_csv, parse_xml and parse_command_line's command line
// accept one (as its string form).
func TestDynamicArguments(t *testing.T) {
	d := functions.Arg{Type: types.Dynamic}
	s := functions.Arg{Type: types.String, IsConst: true, Value: "windows"}
	for _, c := range []struct {
		fn   string
		args []functions.Arg
	}{
		{"parse_url", []functions.Arg{d}},
		{"parseurl", []functions.Arg{d}},
		{"parse_urlquery", []functions.Arg{d}},
		{"parse_path", []functions.Arg{d}},
		{"parse_version", []functions.Arg{d}},
		{"zlib_compress_to_base64_string", []functions.Arg{d}},
		{"gzip_compress_to_base64_string", []functions.Arg{d}},
		{"parse_command_line", []functions.Arg{s, {Type: types.Dynamic, IsConst: true, Value: "windows"}}},
	} {
		fntest.WantBindError(t, c.fn, c.args, "expects a value of type string, got dynamic")
	}
	for _, c := range []struct {
		fn   string
		args []functions.Arg
	}{
		{"parse_csv", []functions.Arg{d}},
		{"parse_xml", []functions.Arg{d}},
		{"parse_command_line", []functions.Arg{d, s}},
	} {
		f, _ := functions.Lookup(c.fn)
		if _, err := f.Bind(c.args); err != nil {
			t.Errorf("%s with a dynamic argument: %v", c.fn, err)
		}
	}
}
