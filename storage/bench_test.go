package storage

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/internal/gen"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
)

// The benchmark table: 1M rows of UrlClickEvents from the project's
// generator (60 days, Defender-like value distributions), all 21 columns
// of the built-in schema.
var bench struct {
	once      sync.Once
	sch       types.Schema
	batches   []*column.Batch
	rows      int64
	jsonBytes int64 // size of the same rows as JSON lines
	err       error
}

func benchData(b *testing.B) {
	bench.once.Do(func() {
		d, err := gen.Generate(gen.Config{Seed: 7, Scale: 0.2, Now: value.DateTime(638500000000000000), Days: 60, Schema: schema.Builtin().Table})
		if err != nil {
			bench.err = err
			return
		}
		t := d.UrlClickEvents
		bench.sch, bench.batches = t.Schema, t.Batches
		for _, bt := range t.Batches {
			bench.rows += int64(bt.N)
		}
		cw := &countWriter{}
		if err := format.Write(cw, format.NDJSON, t.Schema, t.Batches); err != nil {
			bench.err = err
			return
		}
		bench.jsonBytes = cw.n
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func writeBench(b *testing.B, dir string) *Store {
	s, err := Open(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	tx, err := s.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, bt := range bench.batches {
		if err := tx.Append("UrlClickEvents", bench.sch, bt); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit("bench"); err != nil {
		b.Fatal(err)
	}
	return s
}

func storeBytes(s *Store) int64 {
	infos, _ := s.Tables()
	var n int64
	for _, ti := range infos {
		n += ti.Bytes
	}
	return n
}

// BenchmarkWrite measures committing the table; MB/s counts the rows'
// size as JSON lines. Metrics: store size as a share of that JSON.
func BenchmarkWrite(b *testing.B) {
	benchData(b)
	b.SetBytes(bench.jsonBytes)
	var size int64
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "s")
		s := writeBench(b, dir)
		b.StopTimer()
		size = storeBytes(s)
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(bench.rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(100*float64(size)/float64(bench.jsonBytes), "%json")
	b.ReportMetric(float64(size)/(1<<20), "storeMB")
	b.ReportMetric(float64(bench.jsonBytes)/(1<<20), "jsonMB")
}

var readStore struct {
	once sync.Once
	s    *Store
}

func benchStore(b *testing.B) *Store {
	benchData(b)
	readStore.once.Do(func() {
		dir, err := os.MkdirTemp("", "quarry-bench-")
		if err != nil {
			b.Fatal(err)
		}
		readStore.s = writeBench(b, dir)
	})
	return readStore.s
}

func scanBench(b *testing.B, sc *plan.Scan) {
	s := benchStore(b)
	b.SetBytes(bench.jsonBytes)
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		r, err := s.OpenScan(ctx(), sc)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for {
			bt, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows += int64(bt.N)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadAll decodes every column of every row; MB/s counts the
// table's JSON-lines size.
func BenchmarkReadAll(b *testing.B) {
	benchStore(b)
	scanBench(b, &plan.Scan{Table: "UrlClickEvents", Columns: bench.sch})
}

// BenchmarkReadProjected decodes the four columns a typical hunting query
// uses (MB/s still counts the whole table: what the scan saves).
func BenchmarkReadProjected(b *testing.B) {
	benchStore(b)
	p := []int{bench.sch.Index("Timestamp"), bench.sch.Index("Url"), bench.sch.Index("ActionType"), bench.sch.Index("AccountUpn")}
	scanBench(b, &plan.Scan{Table: "UrlClickEvents", Columns: bench.sch, Project: p})
}

// BenchmarkReadLastWeek adds time pruning: the last 7 of 60 days.
func BenchmarkReadLastWeek(b *testing.B) {
	s := benchStore(b)
	infos, _ := s.Tables()
	from := int64(infos[0].MaxTime) - 7*value.Day
	scanBench(b, &plan.Scan{Table: "UrlClickEvents", Columns: bench.sch, TimeColumn: "Timestamp", From: &from})
}
