package main

import (
	"fmt"
	"os"
	"time"

	"github.com/quarryhunt/quarry/demo"
	"github.com/spf13/cobra"
)

func newDemoCmd() *cobra.Command {
	var (
		opts demo.Options
		keep bool
		rows int
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate phishing data, hunt it with the seed rule, and score the findings",
		Long: `Generate the phishing data set (quarry gen phishing), ingest it into a fresh
store in a temporary folder, and run the seed rule
(` + demo.RuleFile + `) alone and with the example
exclusions (` + demo.ExclusionsFile + `). Each run's clicks
(ReportId) are scored against the generator's answer key, truth.json:
precision and recall, malicious clicks being the positives.

The folder is removed afterwards unless --keep is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !(opts.Scale > 0) {
				return usagef("--scale %v: use a number above 0 (1 is about 100k rows)", opts.Scale)
			}
			dir, err := os.MkdirTemp("", "quarry-demo-")
			if err != nil {
				return err
			}
			if !keep {
				defer os.RemoveAll(dir)
			}
			opts.Dir = dir
			opts.Log = cmd.ErrOrStderr()
			res, err := demo.Demo(cmd.Context(), opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			res.Print(out, rows)
			if keep {
				fmt.Fprintf(out, "kept: logs in %s, store in %s\n", res.LogsDir, res.StoreDir)
				fmt.Fprintf(out, "  quarry query --data %s --now %s 'AlertInfo | summarize count() by Title'\n", res.StoreDir, res.Gen.End.Format(time.RFC3339))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.Float64Var(&opts.Scale, "scale", 1, "size: 1 is about 100k rows in all")
	f.Uint64Var(&opts.Seed, "seed", 1, "random seed of the generated data")
	f.BoolVar(&keep, "keep", false, "keep the generated logs and store, and print where they are")
	f.IntVar(&rows, "rows", 5, "finding rows shown per run")
	return cmd
}
