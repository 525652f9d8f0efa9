package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/quarryhunt/quarry/gen/phishing"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/storage"
)

// genDir generates (once per scale) the phishing data set in the
// streaming-API format; QUARRY_BENCH_DATA keeps it between runs.
var genDirs sync.Map

func genDir(tb testing.TB, scale float64) string {
	tb.Helper()
	key := strconv.FormatFloat(scale, 'g', -1, 64)
	if d, ok := genDirs.Load(key); ok {
		return d.(string)
	}
	root := os.Getenv("QUARRY_BENCH_DATA")
	if root == "" {
		root = filepath.Join(os.TempDir(), "quarry-ingest-bench")
	}
	dir := filepath.Join(root, "phishing-"+key)
	if _, err := os.Stat(filepath.Join(dir, "truth.json")); err != nil {
		if _, err := phishing.Generate(phishing.Config{Dir: dir, Scale: scale, Seed: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	genDirs.Store(key, dir)
	return dir
}

// BenchmarkIngestStreaming ingests the generated streaming-API JSON
// (quarry gen phishing) into a new store; MB/s is of the input JSON.
func BenchmarkIngestStreaming(b *testing.B) {
	scale := 1.0
	if s := os.Getenv("QUARRY_BENCH_SCALE"); s != "" {
		scale, _ = strconv.ParseFloat(s, 64)
	}
	dir := genDir(b, scale)
	var files []string
	var size int64
	for _, t := range []string{"AlertInfo", "AlertEvidence", "EmailEvents", "EmailUrlInfo", "UrlClickEvents"} {
		p := filepath.Join(dir, t+".jsonl")
		st, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
		files = append(files, p)
	}
	b.SetBytes(size)
	b.ResetTimer()
	var stored int64
	for i := 0; i < b.N; i++ {
		sdir := b.TempDir()
		st, err := storage.Open(sdir, nil)
		if err != nil {
			b.Fatal(err)
		}
		g, err := New(st, Options{Catalog: schema.Builtin()})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.Run(context.Background(), files); err != nil {
			b.Fatal(err)
		}
		tis, _ := st.Tables()
		stored = 0
		for _, t := range tis {
			stored += t.Bytes
		}
	}
	b.ReportMetric(100*float64(stored)/float64(size), "%json")
}
