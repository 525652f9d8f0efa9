package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/report"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/spf13/cobra"
)

// huntCommands are the rule commands: hunt, rules, test and watchlist.
func huntCommands() []*cobra.Command {
	return []*cobra.Command{newHuntCmd(), newRulesCmd(), newTestCmd(), newWatchlistCmd()}
}

// huntFlags are the flags hunt and rules check share.
type huntFlags struct {
	data       dataFlags
	exclusions []string
	watchlists []string
	since      string
	from, to   string
	now        string
	parallel   int
}

func (h *huntFlags) register(cmd *cobra.Command) {
	h.data.register(cmd, true)
	h.data.registerStore(cmd)
	f := cmd.Flags()
	f.StringArrayVar(&h.exclusions, "exclusions", nil, "exclusions file (YAML): known-benign rows to drop from findings (repeatable)")
	f.StringArrayVar(&h.watchlists, "watchlists", nil, "folder of CSV watchlists for _GetWatchlist('name') (repeatable; the folder 'quarry watchlist add' writes to is always read)")
	f.StringVar(&h.since, "since", "", "read only rows of the last period before now (30d, 12h, ...), for every rule")
	f.StringVar(&h.from, "from", "", "read only rows at or after this datetime (ISO 8601)")
	f.StringVar(&h.to, "to", "", "read only rows at or before this datetime (ISO 8601); also the default --now")
	f.StringVar(&h.now, "now", "", "fix now() (ISO 8601), for reproducible results; exclusions expire by it too")
	f.IntVar(&h.parallel, "parallel", 0, "rules run at once (default: the number of CPUs)")
}

// options turns the flags into runner options. Without --since, --from
// or --to, each analytics rule reads its queryPeriod and other rules
// rely on their query's own time filter.
func (h *huntFlags) options() (hunt.Options, error) {
	var o hunt.Options
	o.Parallel = h.parallel
	var from, to *int64
	for _, p := range []struct {
		flag, s string
		dst     **int64
	}{{"--from", h.from, &from}, {"--to", h.to, &to}} {
		if p.s == "" {
			continue
		}
		t, ok := value.ParseDateTime(p.s)
		if !ok {
			return o, usagef("%s %q: not a datetime (use ISO 8601, e.g. 2024-01-31T12:00:00Z)", p.flag, p.s)
		}
		v := int64(t)
		*p.dst = &v
	}
	now, err := parseNow(h.now)
	if err != nil {
		return o, err
	}
	if now == 0 && to != nil {
		now = *to
	}
	if now == 0 {
		now = int64(value.FromTime(time.Now().UTC()))
	}
	o.Now = value.DateTime(now).Time().UTC()
	if h.since != "" {
		if from != nil {
			return o, usagef("give either --since or --from, not both")
		}
		d, ok := rule.ParseDuration(h.since)
		if !ok || d <= 0 {
			return o, usagef("--since %q: not a period (use 30d, 12h, 90m)", h.since)
		}
		end := now
		if to != nil {
			end = *to
		}
		v := end - int64(d/100)
		from = &v
	}
	if from != nil && to != nil && *from > *to {
		return o, usagef("--from is after --to")
	}
	o.Window = hunt.Window{From: from, To: to}
	if o.Window.From != nil && o.Window.To == nil {
		// An open end means "up to now": rows dated in the future are
		// not in a window that ends now.
		v := now
		o.Window.To = &v
	}
	if o.Exclusions, err = exclusion.LoadFiles(h.exclusions...); err != nil {
		return o, usageError{err}
	}
	if o.Watchlists, err = loadWatchlists(h.watchlists); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// huntData is the data rules run against: the store (--data, else the
// default data folder) with the files given with --table on top.
func huntData(d *dataFlags) (hunt.Data, error) {
	return d.database()
}

// watchlistDir is where `quarry watchlist add` keeps watchlists: the
// watchlists folder of the data folder ($QUARRY_DATA, else
// $XDG_DATA_HOME/quarry, else ~/.local/share/quarry).
func watchlistDir() string {
	if d := os.Getenv("QUARRY_DATA"); d != "" {
		return filepath.Join(d, "watchlists")
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "quarry", "watchlists")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "quarry", "watchlists")
	}
	return ""
}

// loadWatchlists reads the default watchlist folder (when it exists),
// then each folder given; later ones win on a name clash.
func loadWatchlists(dirs []string) (*watchlist.Set, error) {
	set := watchlist.NewSet()
	if d := watchlistDir(); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			s, err := watchlist.LoadDir(d)
			if err != nil {
				return nil, err
			}
			set.Merge(s)
		}
	}
	for _, d := range dirs {
		s, err := watchlist.LoadDir(d)
		if err != nil {
			return nil, err
		}
		set.Merge(s)
	}
	return set, nil
}

// loadRules loads the rules of paths (default: the current folder).
func loadRules(paths []string) ([]*rule.Rule, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	rules, err := rule.Load(paths...)
	if err != nil {
		return nil, usageError{err}
	}
	if len(rules) == 0 {
		return nil, usagef("no rules found in %s (rules are *.yaml, *.yml and *.kql files)", strings.Join(paths, ", "))
	}
	return rules, nil
}

// exitCode makes quarry exit with code (1 or 2) after the command has
// printed its output; msg goes to stderr.
func exitCode(code int, msg string) error {
	if code == 2 {
		return usageError{errors.New(msg)}
	}
	return errors.New(msg)
}

func newHuntCmd() *cobra.Command {
	var (
		flags   huntFlags
		output  string
		maxRows int
	)
	cmd := &cobra.Command{
		Use:   "hunt [PATH...]",
		Short: "Run Sentinel hunting and analytics rules over the data",
		Long: `Run rules (Sentinel hunting-query and analytics-rule YAML, or .kql files;
folders are searched recursively) over the data, in parallel. Exclusions drop
known-benign rows and are counted per exclusion; _GetWatchlist('name') reads
CSV watchlists. Analytics rules apply their trigger and map entities.

Exit status: 0 no findings, 1 findings, 2 a rule (or the command) failed.`,
		Example: `  quarry hunt examples/rules --table AlertInfo=a.jsonl --table AlertEvidence=e.jsonl --table UrlClickEvents=c.csv
  quarry hunt rules/ --exclusions tuning.yaml --since 30d --format sarif > hunt.sarif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(report.Formats(), output) {
				return usagef("--format %q: use %s", output, strings.Join(report.Formats(), ", "))
			}
			opts, err := flags.options()
			if err != nil {
				return err
			}
			if opts.Functions, err = storedFunctions(cmd); err != nil {
				return err
			}
			if opts.ExternalData, err = externalDataOptions(cmd); err != nil {
				return err
			}
			rules, err := loadRules(args)
			if err != nil {
				return err
			}
			data, err := huntData(&flags.data)
			if err != nil {
				return err
			}
			rep := hunt.NewRunner(data, opts).Run(cmd.Context(), rules)
			if err := report.Write(cmd.OutOrStdout(), output, rep, report.Options{ToolVersion: version, MaxRows: maxRows}); err != nil {
				return err
			}
			f, e, h := rep.Counts()
			switch rep.ExitCode() {
			case 2:
				return exitCode(2, fmt.Sprintf("%d of %d rules failed", e, len(rep.Results)))
			case 1:
				return exitCode(1, fmt.Sprintf("%d of %d rules have findings (%d rows)", f, len(rep.Results), h))
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&output, "format", report.Table, "output: "+strings.Join(report.Formats(), ", "))
	cmd.Flags().IntVar(&maxRows, "max-rows", 0, "rows per rule in markdown (default 50) and results per rule in sarif (default 1000)")
	return cmd
}
