package exec

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

// FuzzExternalDataReaders feeds arbitrary bytes to every externaldata
// format reader: each must return rows or an error, never panic or hang.
func FuzzExternalDataReaders(f *testing.F) {
	f.Add([]byte("a,1,2024-01-01\n\"b\"\"x\",2,\n"), uint8(0), true)
	f.Add([]byte(`{"s":"a","n":1}`+"\n"+`[{"s":"b","n":"2","t":"2024-01-01T00:00:00Z"}]`), uint8(5), false)
	f.Add([]byte("line one\r\nline two"), uint8(3), false)
	f.Add([]byte("PAR1\x00\x00PAR1"), uint8(7), false)
	formats := []string{"csv", "tsv", "psv", "txt", "raw", "json", "multijson", "parquet", "scsv", "sohsv"}
	schema := types.Schema{{Name: "s", Type: types.String}, {Name: "n", Type: types.Long}, {Name: "t", Type: types.DateTime}, {Name: "d", Type: types.Dynamic}}
	f.Fuzz(func(t *testing.T, data []byte, which uint8, ignoreFirst bool) {
		format := formats[int(which)%len(formats)]
		out := schema
		if format == "txt" || format == "raw" {
			out = types.Schema{{Name: "line", Type: types.String}}
		}
		r, err := newRecordReader(format, io.NopCloser(bytes.NewReader(data)), out, externalProps{format: format, ignoreFirst: ignoreFirst})
		if err != nil {
			return
		}
		defer r.close()
		b := table.NewBuilder(out)
		for i := 0; i < 1000; i++ {
			n, err := r.fill(b, 64)
			if err != nil {
				if !errors.Is(err, io.EOF) && err.Error() == "" {
					t.Fatalf("%s: empty error", format)
				}
				return
			}
			if n == 0 {
				t.Fatalf("%s: no rows and no error: the reader would loop", format)
			}
		}
	})
}
