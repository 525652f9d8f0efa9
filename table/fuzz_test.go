package table

import (
	"strings"
	"testing"
)

func fuzzRead(t *testing.T, format, body string) {
	tb, err := Read(strings.NewReader(body), "f", format, "AlertInfo", alertSchema)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "f:") {
			t.Fatalf("error without position: %v", err)
		}
		return
	}
	for _, b := range tb.Batches {
		if len(b.Cols) != len(tb.Schema) {
			t.Fatalf("batch has %d columns, schema %d", len(b.Cols), len(tb.Schema))
		}
		for i, c := range b.Cols {
			if c.Len() != b.N || c.Type != tb.Schema[i].Type {
				t.Fatalf("column %d: len %d type %v, batch %d schema %v", i, c.Len(), c.Type, b.N, tb.Schema[i].Type)
			}
			for r := 0; r < b.N; r++ {
				c.Value(r)
			}
		}
	}
}

func FuzzReadJSONLines(f *testing.F) {
	f.Add(`{"Timestamp":"2024-01-01T10:00:00Z","AlertId":"a1","Count":"3","AdditionalFields":"{\"k\":1}","X":1}` + "\n" + `{"X":"s"}`)
	f.Add(`{"category":"AdvancedHunting-AlertInfo","properties":{"AlertId":"x"}}`)
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, FormatJSONLines, s) })
}

func FuzzReadJSON(f *testing.F) {
	f.Add(`{"records":[{"AlertId":"a","Id":"0f8fad5b-d9cb-469f-a165-70867728950e"}]}`)
	f.Add(`[{"a":1},{"a":"2024-01-01"}]`)
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, FormatJSON, s) })
}

func FuzzReadCSV(f *testing.F) {
	f.Add("Timestamp,AlertId,X\n2024-01-01,a,\"{\"\"k\"\":1}\"\n")
	f.Add("a,b\n1,2\n3\n")
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, FormatCSV, s) })
}
