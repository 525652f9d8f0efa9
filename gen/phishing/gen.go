package phishing

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"time"
)

// DefaultEnd is where generated time ends unless Config.End says
// otherwise: a fixed instant, so that the same seed gives the same
// bytes on any day. Run the seed rule with now() fixed to it
// (quarry query --now 2025-03-01T00:00:00Z).
var DefaultEnd = time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)

// DefaultDays is how many days of data end at End.
const DefaultDays = 60

// TruthFile is the name of the answer key written next to the tables.
const TruthFile = "truth.json"

// Config says what to generate and where.
type Config struct {
	Dir   string    // output folder, created if missing
	Scale float64   // 1 is about 100k rows in all, 100 about 10M
	Seed  uint64    // same seed, same bytes
	End   time.Time // zero: DefaultEnd
	Days  int       // zero: DefaultDays; at least 31 (the rule looks back 30)
	Split Split
	Gzip  bool
}

// TableStats describes one generated table.
type TableStats struct {
	Name      string
	Rows      int64
	Bytes     int64 // JSON lines written, uncompressed
	FileBytes int64 // on disk (less with gzip)
	Files     int
}

// Summary is what Generate did.
type Summary struct {
	Tables     []TableStats
	Rows       int64
	Bytes      int64
	FileBytes  int64
	Start, End time.Time
	Elapsed    time.Duration
	TruthPath  string
	// TruthCounts holds the rule's findings by case: CaseMalicious and
	// each of CaseNames.
	TruthCounts map[string]int
	TruthTotal  int
}

// Generate writes the five tables and truth.json into cfg.Dir.
func Generate(cfg Config) (*Summary, error) {
	if cfg.Dir == "" {
		return nil, errors.New("no output folder: give one with --out DIR")
	}
	if !(cfg.Scale > 0) || cfg.Scale > 100_000 || math.IsInf(cfg.Scale, 0) {
		return nil, fmt.Errorf("scale %v: use a number above 0 (1 is about 100k rows, 100 about 10M)", cfg.Scale)
	}
	if cfg.End.IsZero() {
		cfg.End = DefaultEnd
	}
	if cfg.Days == 0 {
		cfg.Days = DefaultDays
	}
	if cfg.Days < 31 || cfg.Days > 3650 {
		return nil, fmt.Errorf("days %d: use 31 to 3650 (the rule looks back 30 days)", cfg.Days)
	}
	began := time.Now()
	end := toTicks(cfg.End.UTC())
	start := end - int64(cfg.Days)*day
	world := newWorld(newRNG(cfg.Seed, 2), cfg.Scale)
	tenant := world.tenant
	out, err := newOutput(cfg.Dir, cfg.Split, cfg.Gzip, tenant)
	if err != nil {
		return nil, err
	}
	truthPath := filepath.Join(cfg.Dir, TruthFile)
	truth, err := newTruthWriter(truthPath, func(o *obj) {
		o.str("generator", "quarry gen phishing")
		o.int("seed", int64(cfg.Seed))
		o.key("scale")
		o.b = fmt.Appendf(o.b, "%g", cfg.Scale)
		o.time("start", start)
		o.time("end", end)
		o.str("tenantId", tenant)
		o.str("query", SeedQuery)
		o.str("note", "clicks the seed query returns with now() = end; rows > 1 when a click-through repeats the ReportId")
	})
	if err != nil {
		out.close()
		return nil, err
	}
	s := newSim(cfg.Seed, cfg.Scale, start, end, world, out, truth)
	runErr := s.run()
	out.close()
	truthErr := truth.close()
	if runErr == nil {
		runErr = out.err()
	}
	if runErr == nil {
		runErr = truthErr
	}
	if runErr != nil {
		return nil, runErr
	}
	sum := &Summary{Start: fromTicks(start), End: fromTicks(end), TruthPath: truthPath,
		TruthCounts: map[string]int{}, TruthTotal: truth.n}
	for k, v := range truth.counts {
		sum.TruthCounts[k] = v
	}
	for _, w := range out.tables {
		st := TableStats{Name: w.name, Rows: w.rows, Bytes: w.raw, FileBytes: w.bytes, Files: w.files}
		sum.Tables = append(sum.Tables, st)
		sum.Rows += st.Rows
		sum.Bytes += st.Bytes
		sum.FileBytes += st.FileBytes
	}
	sum.Elapsed = time.Since(began)
	return sum, nil
}
