package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/quarryhunt/quarry/gen/phishing"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/spf13/cobra"
)

func newGenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Generate realistic test data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("name a data set: quarry gen phishing --out DIR")
		},
	}
	cmd.AddCommand(newGenPhishingCmd())
	return cmd
}

func newGenPhishingCmd() *cobra.Command {
	var (
		cfg   phishing.Config
		end   string
		split string
	)
	cmd := &cobra.Command{
		Use:   "phishing --out DIR",
		Short: "Generate Defender XDR data for the seed phishing-click rule",
		Long: `Generate Defender XDR advanced-hunting data in the streaming-API export
format (JSON lines of {"time","tenantId","category":"AdvancedHunting-<Table>",
"properties":{...}}): AlertInfo, AlertEvidence, EmailEvents, EmailUrlInfo and
UrlClickEvents over --days days ending at --end. Phishing campaigns, the
seed rule's five benign cases (all raising "A potentially malicious URL
click was detected") and decoys are injected; truth.json lists every click
the rule finds with now() = --end, malicious or which benign case.

The same --seed gives byte-identical output. --end defaults to
` + phishing.DefaultEnd.Format(time.RFC3339) + ` so that output does not depend on today's date.`,
		Example: `  quarry gen phishing --out data --scale 1
  quarry query -f seed.kql --now ` + phishing.DefaultEnd.Format(time.RFC3339) + ` \
      --table data/AlertInfo.jsonl --table data/AlertEvidence.jsonl --table data/UrlClickEvents.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Dir == "" {
				return usagef("--out is required: the folder to write the tables into")
			}
			if end != "" {
				t, ok := value.ParseDateTime(end)
				if !ok {
					return usagef("--end %q: not a datetime (use ISO 8601, e.g. 2025-03-01T00:00:00Z)", end)
				}
				cfg.End = t.Time()
			}
			sp, err := phishing.ParseSplit(split)
			if err != nil {
				return usagef("--%v", err)
			}
			cfg.Split = sp
			if !(cfg.Scale > 0) {
				return usagef("--scale %v: use a number above 0 (1 is about 100k rows, 100 about 10M)", cfg.Scale)
			}
			sum, err := phishing.Generate(cfg)
			if err != nil {
				return err
			}
			printGenSummary(cmd, sum)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Dir, "out", "", "folder to write into (created if missing)")
	f.Float64Var(&cfg.Scale, "scale", 1, "size: 1 is about 100k rows in all, 100 about 10M")
	f.Uint64Var(&cfg.Seed, "seed", 1, "random seed; the same seed gives the same bytes")
	f.StringVar(&end, "end", "", "end of generated time (default "+phishing.DefaultEnd.Format(time.RFC3339)+")")
	f.IntVar(&cfg.Days, "days", phishing.DefaultDays, "days of data before --end (at least 31)")
	f.StringVar(&split, "split", "none", "files per table: none (<Table>.jsonl), day (<Table>/<date>.jsonl) or hour (the storage-account export layout, PT1H.json)")
	f.BoolVar(&cfg.Gzip, "gzip", false, "gzip the files (.gz)")
	return cmd
}

func printGenSummary(cmd *cobra.Command, s *phishing.Summary) {
	out := cmd.OutOrStdout()
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "table\trows\tMB\tfiles\t\n")
	for _, t := range s.Tables {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%d\t\n", t.Name, t.Rows, mb(t.Bytes), t.Files)
	}
	fmt.Fprintf(tw, "total\t%d\t%.1f\t\t\n", s.Rows, mb(s.Bytes))
	tw.Flush()
	secs := s.Elapsed.Seconds()
	fmt.Fprintf(out, "%s to %s; %.2f s, %.0f MB/s, %.0f rows/s", s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339),
		secs, mb(s.Bytes)/secs, float64(s.Rows)/secs)
	if s.FileBytes != s.Bytes {
		fmt.Fprintf(out, "; %.1f MB on disk", mb(s.FileBytes))
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "truth: %d clicks the seed rule finds (%d malicious", s.TruthTotal, s.TruthCounts[phishing.CaseMalicious])
	for _, c := range phishing.CaseNames {
		fmt.Fprintf(out, ", %d %s", s.TruthCounts[c], c)
	}
	fmt.Fprintf(out, ") in %s\n", s.TruthPath)
}

func mb(b int64) float64 { return float64(b) / 1e6 }
