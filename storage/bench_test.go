package storage

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"testing"
	"time"

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

// heapBytes is the heap marked live by the last GC.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var benchOpts *Options

// sortedBatches is the benchmark table ordered by Timestamp, as exports
// of a time range usually are.
var sorted struct {
	once    sync.Once
	batches []*column.Batch
}

func sortedBatches() []*column.Batch {
	sorted.once.Do(func() {
		ts := make([]types.Type, len(bench.sch))
		for i, c := range bench.sch {
			ts[i] = c.Type
		}
		all := column.ConcatBatches(ts, bench.batches)
		tv := all.Cols[bench.sch.Index("Timestamp")]
		idx := make([]int32, all.N)
		for i := range idx {
			idx[i] = int32(i)
		}
		sort.SliceStable(idx, func(a, b int) bool { return tv.Int(int(idx[a])) < tv.Int(int(idx[b])) })
		for lo := 0; lo < len(idx); lo += column.BatchSize {
			hi := min(lo+column.BatchSize, len(idx))
			sorted.batches = append(sorted.batches, column.TakeBatch(all, idx[lo:hi]))
		}
	})
	return sorted.batches
}

func writeBench(b *testing.B, dir string) *Store {
	return writeBatches(b, dir, bench.batches)
}

func writeBatches(b *testing.B, dir string, batches []*column.Batch) *Store {
	s, err := Open(dir, benchOpts)
	if err != nil {
		b.Fatal(err)
	}
	tx, err := s.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, bt := range batches {
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

// BenchmarkWrite measures committing the table, its rows in generator
// order (spread over all 60 days: the worst case, 60 files open at once);
// MB/s counts the rows' size as JSON lines. Metrics: peak live heap
// above the input's, store size as a share of that JSON.
func BenchmarkWrite(b *testing.B) {
	benchData(b)
	benchWrite(b, bench.batches)
}

// BenchmarkWriteSorted is BenchmarkWrite over rows in time order.
func BenchmarkWriteSorted(b *testing.B) {
	benchData(b)
	benchWrite(b, sortedBatches())
}

// BenchmarkWriteSorted10x appends the time-ordered rows ten times in one
// transaction (10M rows): peakHeapMB must stay that of BenchmarkWriteSorted.
func BenchmarkWriteSorted10x(b *testing.B) {
	benchData(b)
	one := sortedBatches()
	var ten []*column.Batch
	for i := 0; i < 10; i++ {
		ten = append(ten, one...)
	}
	benchWriteN(b, ten, 10)
}

func benchWrite(b *testing.B, batches []*column.Batch) { benchWriteN(b, batches, 1) }

func benchWriteN(b *testing.B, batches []*column.Batch, times int64) {
	b.SetBytes(bench.jsonBytes * times)
	var size int64
	runtime.GC()
	base := heapBytes()
	peak := base
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				if h := heapBytes(); h > peak {
					peak = h
				}
			}
		}
	}()
	for i := 0; i < b.N; i++ {
		dir := filepath.Join(b.TempDir(), "s")
		s := writeBatches(b, dir, batches)
		b.StopTimer()
		size = storeBytes(s)
		os.RemoveAll(dir)
		b.StartTimer()
	}
	close(done)
	<-sampled
	b.ReportMetric(float64(bench.rows*times)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak-base)/(1<<20), "peakHeapMB")
	b.ReportMetric(100*float64(size)/float64(bench.jsonBytes*times), "%json")
	b.ReportMetric(float64(size)/(1<<20), "storeMB")
	b.ReportMetric(float64(bench.jsonBytes*times)/(1<<20), "jsonMB")
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
