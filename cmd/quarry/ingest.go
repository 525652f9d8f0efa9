package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/ingest"
	"github.com/spf13/cobra"
)

func newIngestCmd() *cobra.Command {
	var (
		data    dataFlags
		opts    ingest.Options
		onError string
	)
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load exported logs into the store",
		Long: `Load log exports into the store (--data), where every query finds them.

PATH is a file, a folder (read recursively), or - for stdin; .gz files are
read transparently. Formats (--format auto tells them apart):

  defender   Defender XDR streaming API: {"records":[...]} or JSON lines of
             {"time","tenantId","category":"AdvancedHunting-<Table>","properties":{...}};
             the table comes from category (a file may hold several tables)
  la-export  Log Analytics data export: JSON lines of flat rows; the table
             comes from the am-<Table> folder, else the Type column
  csv        the advanced hunting portal export (JSON in quoted cells), or
             any CSV with a header row
  jsonl      JSON lines (or a JSON array) of flat rows
  parquet    Parquet (e.g. Log Analytics export jobs)

When the data does not name its table, --table does; so does a file named
after a known table (AlertInfo.csv). Values are converted to the table's
schema types; columns the schema lacks are kept, and tables no schema knows
get their columns' types from the data.

Each file is committed on its own: if ingest stops (an error, kill -9, a
power cut), the store holds every file that finished and nothing of the
one that did not. A file ingested before (same content) is skipped unless
--force. A malformed record fails its file (--on-error fail); with
--on-error skip the good records are stored and the bad ones are kept,
with the reason, in the store's quarantine folder.`,
		Example: `  quarry ingest exports/                     # a folder of streaming-API or LA export files
  quarry ingest --table UrlClickEvents clicks.csv
  zcat part.json.gz | quarry ingest -
  quarry ingest --on-error skip --data /srv/quarry damaged.jsonl`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("give the files or folders to ingest (- for stdin)")
			}
			switch onError {
			case "fail":
			case "skip":
				opts.SkipBad = true
			default:
				return usagef("--on-error %q: use fail or skip", onError)
			}
			cat, err := data.catalog()
			if err != nil {
				return err
			}
			st, err := data.openStore()
			if err != nil {
				return err
			}
			opts.Catalog = cat
			opts.Stdin = cmd.InOrStdin()
			stderr := cmd.ErrOrStderr()
			opts.Log = stderr
			if isTerminal(stderr) {
				opts.Progress = stderr
			}
			g, err := ingest.New(st, opts)
			if err != nil {
				return usageError{err}
			}
			sum, err := g.Run(cmd.Context(), args)
			printIngestSummary(cmd.OutOrStdout(), sum, st.Dir())
			return err
		},
	}
	data.register(cmd, false)
	data.registerStore(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", ingest.FormatAuto, "input format: "+strings.Join(ingest.Formats(), ", "))
	f.StringVar(&opts.Table, "table", "", "put every row into table NAME (for data that does not name its table)")
	f.BoolVar(&opts.Force, "force", false, "ingest files even if the store already holds them (their rows are added again)")
	f.StringVar(&onError, "on-error", "fail", "a malformed record: fail (the file is not stored) or skip (it is quarantined)")
	return cmd
}

// isTerminal reports whether w is a terminal (the progress bar is drawn
// only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printIngestSummary writes one line per table: rows, bytes read,
// bytes stored, seconds.
func printIngestSummary(out io.Writer, s *ingest.Summary, dir string) {
	if s == nil {
		return
	}
	if len(s.Tables) > 0 {
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "table\trows\tMB in\tMB stored\tseconds\t\n")
		for _, t := range s.Tables {
			fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.2f\t\n", t.Name, t.Rows, mb(t.InBytes), mb(t.StoredBytes), t.Seconds)
		}
		tw.Flush()
	}
	secs := s.Elapsed.Seconds()
	fmt.Fprintf(out, "%d file%s, %d rows, %.1f MB in %.2f s", s.Files, plural(s.Files), s.Rows, mb(s.InBytes), secs)
	if secs > 0 && s.InBytes > 0 {
		fmt.Fprintf(out, " (%.1f MB/s)", mb(s.InBytes)/secs)
	}
	if n := len(s.Skipped); n > 0 {
		fmt.Fprintf(out, "; %d skipped", n)
	}
	if s.Bad > 0 {
		fmt.Fprintf(out, "; %d malformed record%s quarantined", s.Bad, plural(int(s.Bad)))
	}
	if c := s.Compact; c.FilesBefore > 0 {
		fmt.Fprintf(out, "; %d small files compacted into %d", c.FilesBefore, c.FilesAfter)
	}
	fmt.Fprintf(out, "; store %s\n", dir)
}
