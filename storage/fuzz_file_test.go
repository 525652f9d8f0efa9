package storage

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// FuzzReadFile damages a stored Parquet file: a scan over it must fail
// with an error (or read some rows), never panic or hang.
func FuzzReadFile(f *testing.F) {
	dir := f.TempDir()
	s, err := Open(dir, &Options{RowGroupRows: 50})
	if err != nil {
		f.Fatal(err)
	}
	var rows [][]any
	for i := 0; i < 120; i++ {
		var d any
		if i%7 != 0 {
			d = value.NewBag(0)
		}
		var l any = int64(i * 1000)
		if i%5 == 0 {
			l = nil
		}
		rows = append(rows, []any{value.DateTime(638000000000000000 + int64(i)*value.Minute), []string{"a", "bb", "ccc"}[i%3], "id-" + itoa(i), l, float64(i) / 3, i%2 == 0, d, value.TimeSpan(i)})
	}
	sch := types.Schema{
		{Name: "Timestamp", Type: types.DateTime}, {Name: "Low", Type: types.String}, {Name: "High", Type: types.String},
		{Name: "L", Type: types.Long}, {Name: "R", Type: types.Real}, {Name: "B", Type: types.Bool}, {Name: "D", Type: types.Dynamic},
		{Name: "T", Type: types.TimeSpan},
	}
	commitRows(f, s, "F", sch, rows, "")
	m, _ := s.snapshot()
	path := filepath.Join(dir, m.Tables[0].Partitions[0].Files[0].Path)
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(0), byte(0), uint32(0))
	f.Add(uint32(4), byte(0xff), uint32(0))
	f.Add(uint32(len(good)-8), byte(1), uint32(0))
	f.Add(uint32(len(good)/2), byte(0x80), uint32(0))
	f.Add(uint32(0), byte(0), uint32(len(good)/3))
	f.Fuzz(func(t *testing.T, at uint32, x byte, cut uint32) {
		data := append([]byte(nil), good...)
		if n := int(at) % len(data); x != 0 {
			data[n] ^= x
		}
		if c := int(cut) % len(data); c > 0 {
			data = data[:len(data)-c]
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := s.OpenScan(ctx(), scanAll("F", sch))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 1000; i++ {
			b, err := r.Next()
			if err != nil {
				if err != io.EOF && err.Error() == "" {
					t.Fatal("empty error")
				}
				return
			}
			for _, c := range b.Cols {
				if c.Len() != b.N {
					t.Fatalf("column of %d rows in a batch of %d", c.Len(), b.N)
				}
			}
		}
		t.Fatal("the scan does not end")
	})
}
