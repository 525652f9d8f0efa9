package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/table"
)

// FuzzJSON: any input gives rows or an error, never a panic or a hang;
// JSON lines of flat rows give exactly the loader's rows, and are
// rejected exactly when the loader rejects them.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"S":"a","L":1}` + "\n" + `{"S":"b","Dyn":"{\"x\":1}"}`,
		`{"records":[{"category":"AdvancedHunting-T","properties":{"S":"x"}}]}`,
		"[\n{\"S\":1},\n{\"S\":2}\n]",
		"{\n\"records\": [ {\"time\":1,\"properties\":{\"L\":\"2\"}} ], \"x\": {}\n}",
		`{"a":`, `[[]]`, `"str"`, `{"S":"\ud800"}`, "\xef\xbb\xbf{\"S\":1}", `{"Timestamp":"2024-01-01T00:00:00Z"} x`,
		"a,b\n1,2\n",
	} {
		f.Add([]byte(s))
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := string(data)
		sink, _, err := readMemCat(t, cat, in, "x.json", FormatJSONL, "T", false, 256)
		_, _, _ = readMemCat(t, cat, in, "x.json", FormatAuto, "", true, 64)
		if err == nil {
			for _, name := range sink.order {
				tb := sink.tables[name]
				for k, b := range tb.batches {
					if len(b.Cols) != len(tb.schemas[k]) {
						t.Fatalf("batch of %d columns for a schema of %d", len(b.Cols), len(tb.schemas[k]))
					}
				}
			}
		}
		// The loader's JSON lines reader: compare when the input is JSON
		// lines (a first value that ends on its line) without records
		// envelopes or categories (the loader keeps only records of its
		// table, ingest routes them).
		if strings.Contains(in, "records") || strings.Contains(in, "category") || strings.Contains(in, "propert") || strings.Contains(in, `\u`) {
			return
		}
		if !sniffLines(newBufReader(data)) {
			return
		}
		sch, want, lerr := tableRowsCat(t, cat, in, table.FormatJSONLines, "T")
		if (err == nil) != (lerr == nil) {
			t.Fatalf("ingest error %v, loader error %v", err, lerr)
		}
		if err != nil {
			return
		}
		var got *memTable
		if sink != nil {
			got = sink.tables["T"]
		}
		if got == nil {
			if len(want) > 0 {
				t.Fatalf("no rows ingested, the loader has %d", len(want))
			}
			return
		}
		// Small chunks: columns the schema lacks may be typed from an
		// earlier chunk than the loader sees; compare the schema's.
		rows := got.rows()
		if len(rows) != len(want) {
			t.Fatalf("%d rows ingested, the loader has %d", len(rows), len(want))
		}
		for _, c := range allTypes {
			j, k := got.sch.Index(c.Name), sch.Index(c.Name)
			for r := range rows {
				if !sameValue(rows[r][j], want[r][k]) {
					t.Fatalf("row %d column %s: ingest %#v, loader %#v", r, c.Name, rows[r][j], want[r][k])
				}
			}
		}
	})
}

// FuzzCSV: any CSV gives rows or an error; rows equal the loader's.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"S,L,Dyn\na,1,\"{\"\"x\"\":1}\"\n",
		"Timestamp,S\n2024-01-01T00:00:00Z,\"multi\nline\"\n",
		"S,S,s\n1,2,3\n", "a,b\n1\n", "\"a\nb", "x\n\"bad\"quote\n", "\ufeffS\n\n\nv\n",
	} {
		f.Add([]byte(s))
	}
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := string(data)
		sink, _, err := readMemCat(t, cat, in, "x.csv", FormatCSV, "T", false, 0)
		sch, want, lerr := tableRowsCat(t, cat, in, table.FormatCSV, "T")
		if (err == nil) != (lerr == nil) {
			t.Fatalf("ingest error %v, loader error %v", err, lerr)
		}
		if err != nil {
			return
		}
		sameTable(t, sink.tables["T"], sch, want)
		// Cut into many chunks: the same rows (columns the schema lacks
		// may be typed from the first chunk only, so compare the
		// schema's).
		small, _, err := readMemCat(t, cat, in, "x.csv", FormatCSV, "T", false, 16)
		if err != nil {
			t.Fatalf("small chunks: %v", err)
		}
		got := small.tables["T"]
		if got == nil {
			if len(want) > 0 {
				t.Fatalf("small chunks: no rows, the loader has %d", len(want))
			}
			return
		}
		rows := got.rows()
		if len(rows) != len(want) {
			t.Fatalf("small chunks: %d rows, the loader has %d", len(rows), len(want))
		}
		for _, c := range allTypes {
			j, k := got.sch.Index(c.Name), sch.Index(c.Name)
			for r := range rows {
				if !sameValue(rows[r][j], want[r][k]) {
					t.Fatalf("small chunks: row %d column %s: %#v, loader %#v", r, c.Name, rows[r][j], want[r][k])
				}
			}
		}
	})
}

func newBufReader(b []byte) *bufioReader { return newBufioReader(bytes.NewReader(b)) }

// TestStopMask: the eight-byte test finds every byte that ends a run of
// string bytes.
func TestStopMask(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			for i := range b {
				b[i] = byte('a' + i + 128*(i%2))
			}
			b[pos] = byte(c)
			got := stopMask(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|uint64(b[4])<<32|uint64(b[5])<<40|uint64(b[6])<<48|uint64(b[7])<<56) != 0
			if got != strStop[c] {
				t.Fatalf("byte %#x at %d: %v", c, pos, got)
			}
		}
	}
}

// FuzzParquet: a damaged Parquet file is an error, never a panic.
func FuzzParquet(f *testing.F) {
	type row struct {
		Timestamp int64  `parquet:"Timestamp,timestamp(microsecond)"`
		S         string `parquet:"S"`
		L         *int64 `parquet:"L,optional"`
	}
	var b bytes.Buffer
	one := int64(1)
	if err := parquet.Write(&b, []row{{Timestamp: 1700000000000000, S: "a", L: &one}, {S: "b"}}); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	cat := testCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		readMemCat(t, cat, string(data), "x.parquet", FormatParquet, "T", false, 0)
	})
}
