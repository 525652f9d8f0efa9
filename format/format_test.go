package format

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

func sample() (types.Schema, []*column.Batch) {
	s := types.Schema{
		{Name: "L", Type: types.Long}, {Name: "R", Type: types.Real}, {Name: "S", Type: types.String},
		{Name: "T", Type: types.DateTime}, {Name: "D", Type: types.TimeSpan}, {Name: "B", Type: types.Bool},
		{Name: "Dyn", Type: types.Dynamic}, {Name: "G", Type: types.Guid},
	}
	nulls := column.NewBitmap(3)
	nulls.Set(2)
	bag, _ := value.ParseJSON(`{"a":[1,2.5,"x"]}`)
	cols := []*column.Vector{
		column.FromInts(types.Long, []int64{1, -2, 0}, nulls),
		column.FromReals(types.Real, []float64{1.0, math.NaN(), 0}, nulls),
		column.FromStrings(types.String, column.StringsOf("plain", "a,\"b\"\nc", "")),
		column.FromInts(types.DateTime, []int64{value.UnixEpoch, value.UnixEpoch + 5000000, 0}, nulls),
		column.FromInts(types.TimeSpan, []int64{value.Hour, -value.Day, 0}, nulls),
		column.FromBools([]bool{true, false, false}, nulls),
		column.FromDyns([]any{bag, "str", nil}),
		column.FromStrings(types.Guid, column.StringsOf("0f8fad5b-d9cb-469f-a165-70867728950e", "", "")),
	}
	return s, []*column.Batch{column.NewBatch(3, cols...)}
}

func render(t *testing.T, format string) string {
	t.Helper()
	s, b := sample()
	var out bytes.Buffer
	if err := Write(&out, format, s, b); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestJSON(t *testing.T) {
	got := render(t, JSON)
	want := `{"columns":[{"name":"L","type":"long"},{"name":"R","type":"real"},{"name":"S","type":"string"},{"name":"T","type":"datetime"},{"name":"D","type":"timespan"},{"name":"B","type":"bool"},{"name":"Dyn","type":"dynamic"},{"name":"G","type":"guid"}],"rows":[` +
		`[1,1,"plain","1970-01-01T00:00:00Z","01:00:00",true,{"a":[1,2.5,"x"]},"0f8fad5b-d9cb-469f-a165-70867728950e"],` +
		`[-2,"NaN","a,\"b\"\nc","1970-01-01T00:00:00.5Z","-1.00:00:00",false,"str",null],` +
		`[null,null,"",null,null,null,null,null]]}` + "\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("invalid JSON")
	}
}

func TestNDJSON(t *testing.T) {
	got := render(t, NDJSON)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	if lines[0] != `{"L":1,"R":1,"S":"plain","T":"1970-01-01T00:00:00Z","D":"01:00:00","B":true,"Dyn":{"a":[1,2.5,"x"]},"G":"0f8fad5b-d9cb-469f-a165-70867728950e"}` {
		t.Errorf("line 1: %s", lines[0])
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("invalid JSON line %s", l)
		}
	}
}

func TestCSV(t *testing.T) {
	got := render(t, CSV)
	want := "L,R,S,T,D,B,Dyn,G\r\n" +
		`1,1,plain,1970-01-01T00:00:00Z,01:00:00,true,"{""a"":[1,2.5,""x""]}",0f8fad5b-d9cb-469f-a165-70867728950e` + "\r\n" +
		"-2,NaN,\"a,\"\"b\"\"\nc\",1970-01-01T00:00:00.5Z,-1.00:00:00,false,str,\r\n" +
		",,,,,,,\r\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestTable(t *testing.T) {
	got := render(t, Table)
	want := strings.Join([]string{
		" L   R S        T                      D           B     Dyn               G",
		"-- --- -------- ---------------------- ----------- ----- ----------------- ------------------------------------",
		" 1   1 plain    1970-01-01T00:00:00Z   01:00:00    true  {\"a\":[1,2.5,\"x\"]} 0f8fad5b-d9cb-469f-a165-70867728950e",
		"-2 NaN a,\"b\"\\nc 1970-01-01T00:00:00.5Z -1.00:00:00 false str",
		"",
		"(3 rows)",
		"",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTableTruncates(t *testing.T) {
	s := types.Schema{{Name: "S", Type: types.String}}
	long := strings.Repeat("é", 200)
	b := column.NewBatch(1, column.FromStrings(types.String, column.StringsOf(long)))
	var out bytes.Buffer
	if err := Write(&out, Table, s, []*column.Batch{b}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if n := len([]rune(lines[2])); n != DefaultMaxWidth || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("cell of %d characters: %q", n, lines[2])
	}
	if lines[3] != "(1 row)" {
		t.Errorf("footer %q", lines[3])
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"}, {"abcd", 3, "ab…"}, {"a\nb", 10, `a\nb`}, {"ab\n", 3, "ab…"}, {"", 3, ""}, {"\xff", 3, "\ufffd"},
	} {
		if got := string(clip(nil, []byte(c.in), c.max)); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestEmptyAndUnknown(t *testing.T) {
	s := types.Schema{{Name: "x", Type: types.Long}}
	var out bytes.Buffer
	Write(&out, JSON, s, nil)
	if out.String() != `{"columns":[{"name":"x","type":"long"}],"rows":[]}`+"\n" {
		t.Errorf("empty json: %s", out.String())
	}
	if err := Write(&out, "xml", s, nil); err == nil || !strings.Contains(err.Error(), "unknown output format") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestConstVectors(t *testing.T) {
	s := types.Schema{{Name: "c", Type: types.String}, {Name: "n", Type: types.Long}}
	b := column.NewBatch(2, column.Const(types.String, "k", 2), column.Const(types.Long, nil, 2))
	var out bytes.Buffer
	Write(&out, NDJSON, s, []*column.Batch{b})
	if out.String() != "{\"c\":\"k\",\"n\":null}\n{\"c\":\"k\",\"n\":null}\n" {
		t.Errorf("const: %s", out.String())
	}
}
