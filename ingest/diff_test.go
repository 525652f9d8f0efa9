package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

// allTypes is a table with a column of every type, and both time
// columns.
var allTypes = types.Schema{
	{Name: "Timestamp", Type: types.DateTime},
	{Name: "S", Type: types.String},
	{Name: "G", Type: types.Guid},
	{Name: "B", Type: types.Bool},
	{Name: "I", Type: types.Int},
	{Name: "L", Type: types.Long},
	{Name: "R", Type: types.Real},
	{Name: "Dec", Type: types.Decimal},
	{Name: "Span", Type: types.TimeSpan},
	{Name: "Dyn", Type: types.Dynamic},
	{Name: "When", Type: types.DateTime},
	{Name: "TimeGenerated", Type: types.DateTime},
}

// onlyTG has TimeGenerated but not Timestamp (a Sentinel table).
var onlyTG = types.Schema{{Name: "TimeGenerated", Type: types.DateTime}, {Name: "S", Type: types.String}}

func testCatalog() *schema.Catalog {
	c := schema.New()
	c.Set("T", allTypes)
	c.Set("U", onlyTG)
	return c
}

// rawValues are JSON values that probe the coercion rules.
var rawValues = []string{
	`null`, `true`, `false`, `0`, `1`, `-1`, `42`, `2147483648`, `-2147483649`, `9223372036854775807`,
	`9223372036854775808`, `123456789012345678901234`, `1.5`, `-0.0`, `1e3`, `1E-400`, `1e400`, `3.0`,
	`""`, `" "`, `"abc"`, `"ünï€ødé 🎉"`, `"a\"b\\c\/d\n\t\u00e9\ud83d\ude00\ud800x"`, `"12"`, `" 13 "`, `"1.25"`, `"1e2"`,
	`"0x10"`, `"1_000"`, `"NaN"`, `"Infinity"`, `"-Infinity"`, `"inf"`, `"true"`, `"TRUE"`, `"0"`, `"yes"`,
	`"2024-05-01T10:00:00Z"`, `"2024-05-01T10:00:00.1234567Z"`, `"2024-05-01T10:00:00.1Z"`, `"2024-05-01 10:00:00"`,
	`"2024-02-30T00:00:00Z"`, `"2024-05-01T24:00:00Z"`, `"2024-05-01T10:00:00+02:00"`, `"Wed, 01 May 2024 10:00:00 GMT"`,
	`"0001-01-01T00:00:00Z"`, `"9999-12-31T23:59:59.9999999Z"`, `"2024-05-01"`,
	`"1.02:03:04.5"`, `"00:10:00"`, `"2h"`, `"-1d"`,
	`"{\"a\":1,\"b\":[1,2]}"`, `"[1,\"x\"]"`, `" {\"a\": 2} "`, `"{bad json"`, `"[]"`, `"{}"`,
	`"0f8fad5b-d9cb-469f-a165-70867728950e"`, `"0F8FAD5B-D9CB-469F-A165-70867728950E"`, `"{0f8fad5b-d9cb-469f-a165-70867728950e}"`,
	`"0f8fad5bd9cb469fa16570867728950e"`, `"0f8fad5b-d9cb-469f-a165-7086772895"`,
	`{}`, `{"a":1}`, `{"b":{"c":[1,{"d":null}]},"a":"x","a":"y"}`, `[]`, `[1,2.5,"x",true,null]`,
}

var rawKeys = []string{"Timestamp", "timestamp", "TimeGenerated", "S", "s", "G", "B", "I", "L", "R", "Dec", "Span", "Dyn", "When", "Extra", "extra", "Ex\\u0074ra2", "MachineGroup"}

func randomRecord(r *rand.Rand, keys []string, vals []string) string {
	var b strings.Builder
	b.WriteByte('{')
	n := r.IntN(len(keys) + 2)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + keys[r.IntN(len(keys))] + `":` + vals[r.IntN(len(vals))])
	}
	b.WriteByte('}')
	return b.String()
}

// TestDifferentialJSON: random flat rows ingested equal the same rows
// loaded with --table (package table), value for value.
func TestDifferentialJSON(t *testing.T) {
	cat := testCatalog()
	for seed := uint64(0); seed < 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		var lines []string
		for i := 0; i < 1+r.IntN(40); i++ {
			lines = append(lines, randomRecord(r, rawKeys, rawValues))
		}
		data := strings.Join(lines, "\n") + "\n"
		for _, name := range []string{"T", "U"} {
			sink, _, err := readMemCat(t, cat, data, "x.jsonl", FormatJSONL, name, false, 0)
			if err != nil {
				t.Fatalf("seed %d: ingest: %v", seed, err)
			}
			sch, want, err := tableRowsCat(t, cat, data, table.FormatJSONLines, name)
			if err != nil {
				t.Fatalf("seed %d: loader: %v", seed, err)
			}
			if seed == 0 && testing.Verbose() {
				t.Logf("%s\n%d rows, schema %s", lines[0], len(want), sch)
			}
			t.Run(fmt.Sprintf("seed%d-%s", seed, name), func(t *testing.T) {
				sameTable(t, sink.tables[name], sch, want)
			})
		}
	}
}

// TestDifferentialSmallChunks: cut into many chunks, the schema columns
// still equal the loader's (columns the schema lacks are typed from the
// first chunk that has them, so only the schema's are compared).
func TestDifferentialSmallChunks(t *testing.T) {
	cat := testCatalog()
	for seed := uint64(100); seed < 130; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		var lines []string
		for i := 0; i < 1+r.IntN(60); i++ {
			lines = append(lines, randomRecord(r, rawKeys, rawValues))
		}
		data := strings.Join(lines, "\n") + "\n"
		sink, _, err := readMemCat(t, cat, data, "x.jsonl", FormatJSONL, "T", false, 200)
		if err != nil {
			t.Fatalf("seed %d: ingest: %v", seed, err)
		}
		sch, want, err := tableRowsCat(t, cat, data, table.FormatJSONLines, "T")
		if err != nil {
			t.Fatalf("seed %d: loader: %v", seed, err)
		}
		got := sink.tables["T"]
		rows := got.rows()
		if len(rows) != len(want) {
			t.Fatalf("seed %d: %d rows, loader %d", seed, len(rows), len(want))
		}
		for i, c := range allTypes {
			j := got.sch.Index(c.Name)
			k := sch.Index(c.Name)
			for r := range rows {
				if !sameValue(rows[r][j], want[r][k]) {
					t.Fatalf("seed %d row %d column %s: ingest %#v, loader %#v", seed, r, c.Name, rows[r][j], want[r][k])
				}
			}
			_ = i
		}
	}
}

// TestDifferentialEnvelopes: streaming-API records, one per line, in
// {"records":[...]} envelopes, and as a pretty-printed document, equal
// the loader's rows.
func TestDifferentialEnvelopes(t *testing.T) {
	cat := testCatalog()
	r := rand.New(rand.NewPCG(1, 2))
	var recs []string
	for i := 0; i < 50; i++ {
		props := randomRecord(r, rawKeys, rawValues)
		recs = append(recs, fmt.Sprintf(`{"time":"2024-05-01T10:00:00Z","tenantId":"t","operationName":"Publish","category":"AdvancedHunting-T","properties":%s}`, props))
	}
	inputs := map[string]string{
		"lines":     strings.Join(recs, "\n"),
		"envelopes": `{"records":[` + strings.Join(recs[:20], ",") + "]}\n" + `{"records":[` + strings.Join(recs[20:], ",") + "]}\n",
		"pretty":    "{\n  \"records\": [\n    " + strings.Join(recs, ",\n    ") + "\n  ]\n}\n",
		"array":     "[\n" + strings.Join(recs, ",\n") + "\n]",
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			for _, chunk := range []int{0, 300} {
				sink, _, err := readMemCat(t, cat, data, "x.json", FormatAuto, "", false, chunk)
				if err != nil {
					t.Fatal(err)
				}
				format := table.FormatJSONLines
				if name == "pretty" || name == "array" {
					format = table.FormatJSON
				}
				sch, want, err := tableRowsCat(t, cat, data, format, "T")
				if err != nil {
					t.Fatal(err)
				}
				if len(want) != 50 {
					t.Fatalf("loader: %d rows", len(want))
				}
				if chunk == 0 {
					sameTable(t, sink.tables["T"], sch, want)
				} else if n := len(sink.tables["T"].rows()); n != 50 {
					t.Fatalf("chunked: %d rows", n)
				}
			}
		})
	}
}
