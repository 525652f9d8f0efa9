package value

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseJSONRoundTrip(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"a":1,"b":[1,2.5,"x"]}`, `{"a":1,"b":[1,2.5,"x"]}`},
		{` { "z" : 1 , "a" : { } , "m" : [ ] } `, `{"z":1,"a":{},"m":[]}`},
		{`[true,false,null]`, `[true,false,null]`},
		{`"h\u00e9llo \ud83d\ude00 \n\t\"\\\/"`, `"héllo 😀 \n\t\"\\/"`},
		{`"\ud800"`, `"` + "\ufffd" + `"`},
		{`9223372036854775807`, `9223372036854775807`},
		{`-9223372036854775808`, `-9223372036854775808`},
		{`9223372036854775808`, `9.223372036854776E+18`},
		{`1e20`, `1E+20`},
		{`1.0`, `1`},
		{`-0`, `0`},
		{`0.5e-3`, `0.0005`},
		{`1e400`, `"Infinity"`},
		{`{"a":1,"a":2}`, `{"a":2}`},
		{`"日本語"`, `"日本語"`},
		{`"\u0001"`, `"\u0001"`},
		{`"\u2028"`, `"\u2028"`},
	}
	for _, c := range cases {
		v, err := ParseJSON(c.in)
		if err != nil {
			t.Errorf("ParseJSON(%s): %v", c.in, err)
			continue
		}
		if got := string(AppendJSON(nil, v)); got != c.want {
			t.Errorf("ParseJSON(%s) printed %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseJSONTypes(t *testing.T) {
	v, err := ParseJSON(`{"i":1,"f":1.5,"e":1e2,"s":"x","b":true,"n":null,"big":12345678901234567890}`)
	if err != nil {
		t.Fatal(err)
	}
	b := v.(*Bag)
	want := map[string]any{"i": int64(1), "f": 1.5, "e": 100.0, "s": "x", "b": true, "n": nil, "big": 12345678901234567890.0}
	for k, w := range want {
		got, ok := b.Get(k)
		if !ok || got != w {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
	if strings.Join(b.Keys, ",") != "i,f,e,s,b,n,big" {
		t.Errorf("key order %v", b.Keys)
	}
}

func TestParseJSONLargeObject(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("{")
	for i := 0; i < 1000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`"k` + FormatReal(float64(i%600)) + `":` + FormatReal(float64(i)))
	}
	sb.WriteString("}")
	v, err := ParseJSON(sb.String())
	if err != nil {
		t.Fatal(err)
	}
	b := v.(*Bag)
	if b.Len() != 600 {
		t.Fatalf("len %d", b.Len())
	}
	if x, _ := b.Get("k5"); x != int64(605) {
		t.Errorf("k5 = %v, want the last value 605", x)
	}
}

func TestParseJSONErrors(t *testing.T) {
	for _, s := range []string{"", " ", "{", "}", "[1,", "[1 2]", `{"a"}`, `{"a":}`, `{a:1}`, `"abc`,
		`"\x"`, `"\u12"`, "\"a\nb\"", "01", "1.", "1e", "-", "+1", "tru", "nul", "NaN", "[1]x", `{"a":1,}`, "[,]",
		strings.Repeat("[", 2000) + strings.Repeat("]", 2000)} {
		if v, err := ParseJSON(s); err == nil {
			t.Errorf("ParseJSON(%q) = %#v, want an error", s, v)
		}
	}
}

func TestParseJSONNoAlias(t *testing.T) {
	buf := []byte(`{"k":"value"}`)
	v, _ := ParseJSON(string(buf))
	copy(buf, `{"k":"XXXXX"}`)
	if got := ToString(v); got != `{"k":"value"}` {
		t.Errorf("result changed with its input: %s", got)
	}
}

func TestAppendJSONValues(t *testing.T) {
	b := NewBag(4)
	b.Set("t", DateTime(UnixEpoch))
	b.Set("s", TimeSpan(90*Minute))
	b.Set("g", GUID("0f8fad5b-d9cb-469f-a165-70867728950e"))
	b.Set("n", math.NaN())
	b.Set("i", int32(7))
	b.Set("d", Decimal("1.10"))
	b.Set("ninf", math.Inf(-1))
	want := `{"t":"1970-01-01T00:00:00.0000000Z","s":"01:30:00","g":"0f8fad5b-d9cb-469f-a165-70867728950e","n":"NaN","i":7,"d":1.10,"ninf":"-Infinity"}`
	if got := string(AppendJSON(nil, b)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := string(AppendJSON(nil, "bad\xffutf8")); got != "\"bad\ufffdutf8\"" {
		t.Errorf("invalid UTF-8: %q", got)
	}
}

// Output of AppendJSON must always be valid JSON that encoding/json reads
// back to the same structure.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[1,2.5,"x"]}`, `[]`, `"\ud83d\ude00"`, `-0.5e10`, `{"a":{"b":{"c":null}}}`, `12345678901234567890`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseJSON(s)
		if err != nil {
			if json.Valid([]byte(s)) && !strings.Contains(s, "[[[[[[[[") {
				t.Fatalf("ParseJSON rejected valid JSON %q: %v", s, err)
			}
			return
		}
		if !json.Valid([]byte(s)) {
			t.Fatalf("ParseJSON accepted invalid JSON %q", s)
		}
		out := AppendJSON(nil, v)
		if !json.Valid(out) {
			t.Fatalf("AppendJSON produced invalid JSON %q from %q", out, s)
		}
		v2, err := ParseJSON(string(out))
		if err != nil {
			t.Fatalf("reparse of %q: %v", out, err)
		}
		if !Equal(v, v2) && utf8.ValidString(s) && !strings.Contains(s, "\\u") && !hasNonFinite(v) {
			t.Fatalf("round trip changed %q: %q", s, out)
		}
	})
}

func hasNonFinite(v any) bool {
	switch x := v.(type) {
	case float64:
		return math.IsInf(x, 0) || math.IsNaN(x)
	case []any:
		for _, e := range x {
			if hasNonFinite(e) {
				return true
			}
		}
	case *Bag:
		for _, e := range x.Values {
			if hasNonFinite(e) {
				return true
			}
		}
	}
	return false
}

func BenchmarkParseJSON(b *testing.B) {
	s := `{"Entities":[{"Type":"mailMessage","NetworkMessageId":"5f0e5f2a-1111-2222-3333-444455556666","Recipient":"user@contoso.com","Urls":["https://example.com/a?b=c"],"Count":3,"Score":0.75}],"Flag":true,"Note":"line\nbreak"}`
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		if _, err := ParseJSON(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	v, _ := ParseJSON(`{"Entities":[{"Type":"mailMessage","Recipient":"user@contoso.com","Urls":["https://example.com/a?b=c"],"Count":3,"Score":0.75}],"Flag":true}`)
	var buf []byte
	for i := 0; i < b.N; i++ {
		buf = AppendJSON(buf[:0], v)
	}
}

func TestParseJSONPrefix(t *testing.T) {
	s := ` {"a":1}
[2] "x" 3`
	var got []string
	for {
		rest := strings.TrimSpace(s)
		if rest == "" {
			break
		}
		v, n, err := ParseJSONPrefix(s)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ToString(v))
		s = s[n:]
	}
	if strings.Join(got, "|") != `{"a":1}|[2]|x|3` {
		t.Errorf("got %v", got)
	}
	if _, n, err := ParseJSONPrefix(`{"a":`); err == nil || n != 5 {
		t.Errorf("error offset %d, err %v", n, err)
	}
	if v, err := ParseJSONBytes([]byte(`[1]`)); err != nil || ToString(v) != "[1]" {
		t.Errorf("ParseJSONBytes: %v %v", v, err)
	}
}
