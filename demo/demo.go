// Package demo shows Quarry end to end on generated data: it generates
// the phishing data set, ingests it into a store, runs the seed hunting
// rule with and without the example exclusions, and scores each run's
// findings against the generator's answer key (truth.json).
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/quarryhunt/quarry/gen/phishing"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/ingest"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/storage"
)

// Options say what to generate and where.
type Options struct {
	// Dir receives the generated logs (Dir/logs) and the store
	// (Dir/store); it should be empty.
	Dir   string
	Scale float64 // phishing.Config.Scale; zero means 1
	Seed  uint64  // phishing.Config.Seed
	// Log receives ingest notes; nil discards them.
	Log io.Writer
}

// Result is what the demo did and found.
type Result struct {
	Gen      *phishing.Summary
	Ingest   *ingest.Summary
	StoreDir string
	LogsDir  string
	// Raw is the rule alone; Tuned the rule with the exclusions.
	Raw, Tuned *Run
}

// Run is one run of the rule, scored against truth.json.
type Run struct {
	Label  string
	Result *hunt.Result
	Score  Score
}

// Score compares the distinct ReportIds a run found with the clicks
// truth.json marks malicious (positives).
type Score struct {
	Found, TruePos, FalsePos, FalseNeg int
	Precision, Recall                  float64
}

// Demo runs the whole demo.
func Demo(ctx context.Context, o Options) (*Result, error) {
	if o.Dir == "" {
		return nil, errors.New("demo: no folder to work in")
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	r, err := seedRule()
	if err != nil {
		return nil, err
	}
	excls, err := seedExclusions()
	if err != nil {
		return nil, err
	}
	res := &Result{LogsDir: filepath.Join(o.Dir, "logs"), StoreDir: filepath.Join(o.Dir, "store")}
	res.Gen, err = phishing.Generate(phishing.Config{Dir: res.LogsDir, Scale: o.Scale, Seed: o.Seed})
	if err != nil {
		return nil, fmt.Errorf("generating the data: %w", err)
	}
	malicious, err := readTruth(res.Gen.TruthPath)
	if err != nil {
		return nil, err
	}
	st, err := storage.Open(res.StoreDir, nil)
	if err != nil {
		return nil, err
	}
	g, err := ingest.New(st, ingest.Options{Catalog: schema.Builtin(), Log: o.Log})
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, t := range phishing.Tables {
		paths = append(paths, filepath.Join(res.LogsDir, t+".jsonl"))
	}
	if res.Ingest, err = g.Run(ctx, paths); err != nil {
		return nil, fmt.Errorf("ingesting the data: %w", err)
	}
	runs := []struct {
		run  **Run
		opts hunt.Options
		lbl  string
	}{
		{&res.Raw, hunt.Options{Now: res.Gen.End}, "rule alone"},
		{&res.Tuned, hunt.Options{Now: res.Gen.End, Exclusions: excls}, "with exclusions"},
	}
	for _, x := range runs {
		hr := hunt.NewRunner(st, x.opts).RunRule(ctx, r)
		if hr.Err != nil {
			return nil, fmt.Errorf("running %s (%s): %w", RuleFile, x.lbl, hr.Err)
		}
		sc, err := score(hr, malicious)
		if err != nil {
			return nil, err
		}
		*x.run = &Run{Label: x.lbl, Result: hr, Score: sc}
	}
	return res, nil
}

// truth is the part of truth.json the demo reads.
type truth struct {
	Clicks []struct {
		ReportId  string
		Malicious bool
	}
}

// readTruth returns the ReportIds of the malicious clicks.
func readTruth(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t truth
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]bool{}
	for _, c := range t.Clicks {
		if c.Malicious {
			out[c.ReportId] = true
		}
	}
	return out, nil
}

func score(hr *hunt.Result, malicious map[string]bool) (Score, error) {
	col := hr.Schema.Index("ReportId")
	if col < 0 {
		return Score{}, fmt.Errorf("%s: the findings have no ReportId column to score", RuleFile)
	}
	found := map[string]bool{}
	for _, b := range hr.Batches {
		v := b.Cols[col]
		for i := 0; i < b.N; i++ {
			if !v.IsNull(i) {
				found[v.Str(i)] = true
			}
		}
	}
	s := Score{Found: len(found)}
	for id := range found {
		if malicious[id] {
			s.TruePos++
		} else {
			s.FalsePos++
		}
	}
	s.FalseNeg = len(malicious) - s.TruePos
	s.Precision = ratio(s.TruePos, s.TruePos+s.FalsePos)
	s.Recall = ratio(s.TruePos, s.TruePos+s.FalseNeg)
	return s, nil
}

// ratio is a/b, and 1 for 0/0 (nothing to find, nothing wrongly found).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Elapsed sums the time of the steps.
func (r *Result) Elapsed() time.Duration {
	return r.Gen.Elapsed + r.Ingest.Elapsed + r.Raw.Result.Duration + r.Tuned.Result.Duration
}
