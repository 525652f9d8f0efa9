package engine

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/quarryhunt/quarry/internal/gen"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

// seedQuery is the founding hunting rule (shared/seed), unchanged.
const seedQuery = `AlertInfo
| where Title contains "Potentially malicious" and Timestamp > ago (30d)
| join kind=inner (AlertEvidence| where EntityType == "MailMessage") on AlertId
| join UrlClickEvents on NetworkMessageId`

// seedNow anchors generated timestamps and the query's ago().
var seedNow = value.DateTime(638700000000000000) // 2024-12-05T13:20:00Z

var (
	dataMu sync.Mutex
	dataBy = map[float64]*gen.Data{}
)

// seedData generates (once per scale) the three tables.
func seedData(tb testing.TB, scale float64) *gen.Data {
	tb.Helper()
	dataMu.Lock()
	defer dataMu.Unlock()
	if d, ok := dataBy[scale]; ok {
		return d
	}
	d, err := gen.Generate(gen.Config{Seed: 42, Scale: scale, Now: seedNow, Schema: schema.Builtin().Table})
	if err != nil {
		tb.Fatal(err)
	}
	dataBy[scale] = d
	return d
}

func seedEngine(tb testing.TB, d *gen.Data) *Engine {
	tb.Helper()
	s := table.NewStore(schema.Builtin())
	for _, t := range d.Tables() {
		if err := s.Add(t); err != nil {
			tb.Fatal(err)
		}
	}
	return FromStore(s)
}

// bruteForce computes the seed query's row count and distinct
// NetworkMessageIds directly over the generated columns, following the
// documented semantics: contains is case-insensitive; the first join is
// inner (every pair); the second is innerunique (one left row per key,
// joined to every matching click).
func bruteForce(d *gen.Data) (rows int, keys int) {
	cutoff := int64(seedNow) - 30*value.Day
	leftPerAlert := map[string]int{}
	forEach(d.AlertInfo, []string{"Timestamp", "AlertId", "Title"}, func(get func(int) any) {
		ts, id, title := get(0).(int64), get(1).(string), get(2).(string)
		if ts > cutoff && strings.Contains(strings.ToLower(title), "potentially malicious") {
			leftPerAlert[id]++
		}
	})
	leftKeys := map[string]bool{}
	forEach(d.AlertEvidence, []string{"AlertId", "EntityType", "NetworkMessageId"}, func(get func(int) any) {
		if get(1).(string) == "MailMessage" && leftPerAlert[get(0).(string)] > 0 {
			leftKeys[get(2).(string)] = true
		}
	})
	clicks := map[string]int{}
	forEach(d.UrlClickEvents, []string{"NetworkMessageId"}, func(get func(int) any) {
		if k := get(0).(string); leftKeys[k] {
			clicks[k]++
		}
	})
	for _, n := range clicks {
		rows += n
		keys++
	}
	return rows, keys
}

// forEach calls f for every row with an accessor over the named columns
// (strings copied, datetimes as ticks).
func forEach(t *table.Table, cols []string, f func(get func(int) any)) {
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = t.Schema.Index(c)
	}
	for _, b := range t.Batches {
		for r := 0; r < b.N; r++ {
			f(func(i int) any {
				v := b.Cols[idx[i]]
				if v.Strs != nil {
					return strings.Clone(v.Str(r))
				}
				return v.Int(r)
			})
		}
	}
}

// TestSeedQueryScaled runs the seed query on 1% of the benchmark data and
// checks it against the brute-force answer.
func TestSeedQueryScaled(t *testing.T) {
	d := seedData(t, 0.01)
	wantRows, wantKeys := bruteForce(d)
	if wantRows == 0 {
		t.Fatal("generated data gives the seed query no rows: the test would prove nothing")
	}
	res, err := seedEngine(t, d).Query(context.Background(), seedQuery, QueryOptions{Now: int64(seedNow)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d results", len(res))
	}
	r := res[0]
	if len(r.Schema) != 83 {
		t.Errorf("%d result columns, want 83 (built-in schemas)", len(r.Schema))
	}
	k := r.Schema.Index("NetworkMessageId")
	keys := map[string]bool{}
	for _, b := range r.Batches {
		for i := 0; i < b.N; i++ {
			keys[strings.Clone(b.Cols[k].Str(i))] = true
		}
	}
	if r.Rows() != wantRows || len(keys) != wantKeys {
		t.Errorf("seed query: %d rows, %d NetworkMessageIds; brute force: %d rows, %d ids", r.Rows(), len(keys), wantRows, wantKeys)
	}
	t.Logf("1%% scale: %d rows over %d NetworkMessageIds", wantRows, wantKeys)
}

// BenchmarkSeedQuery runs the seed query over generated data: 200k
// alerts, 1M evidence rows, 5M clicks at scale 1 (QUARRY_BENCH_SCALE
// overrides). Generation happens before the timer starts.
func BenchmarkSeedQuery(b *testing.B) {
	scale := 1.0
	if s := os.Getenv("QUARRY_BENCH_SCALE"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			b.Fatalf("QUARRY_BENCH_SCALE=%q: want a positive number", s)
		}
		scale = v
	}
	d := seedData(b, scale)
	e := seedEngine(b, d)
	ctx := context.Background()
	opts := QueryOptions{Now: int64(seedNow)}
	rows := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := e.Query(ctx, seedQuery, opts)
		if err != nil {
			b.Fatal(err)
		}
		rows = res[0].Rows()
	}
	b.ReportMetric(float64(rows), "rows/op")
}
