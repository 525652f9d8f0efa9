package main

import (
	"fmt"
	"slices"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/format"
	"github.com/spf13/cobra"
)

func newQueryCmd() *cobra.Command {
	var (
		data   dataFlags
		file   string
		output string
		now    string
	)
	cmd := &cobra.Command{
		Use:   "query [QUERY]",
		Short: "Run a KQL query over loaded files",
		Long: `Run a KQL query. The query comes from the argument, from -f FILE, or from
stdin. Every built-in Defender XDR and Sentinel table exists (empty until
loaded); --table loads files into tables, typed by the table's schema.`,
		Example: `  quarry query 'AlertInfo | summarize count() by Severity' --table AlertInfo=alerts.jsonl
  quarry query -f hunt.kql --table AlertInfo=a.json --table UrlClickEvents=clicks.csv --format json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(format.Formats(), output) {
				return usagef("--format %q: use table, json, csv or ndjson", output)
			}
			text, err := queryText(cmd, args, file)
			if err != nil {
				return err
			}
			nowTicks, err := parseNow(now)
			if err != nil {
				return err
			}
			db, err := data.database()
			if err != nil {
				return err
			}
			eng, err := withFunctions(cmd, engine.New(db, db))
			if err != nil {
				return err
			}
			if eng, err = withExternalData(cmd, eng); err != nil {
				return err
			}
			results, err := eng.Query(cmd.Context(), text, engine.QueryOptions{Now: nowTicks})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for i, r := range results {
				if i > 0 && output == format.Table {
					fmt.Fprintln(out)
				}
				if err := format.Write(out, output, r.Schema, r.Batches); err != nil {
					return err
				}
			}
			return nil
		},
	}
	data.register(cmd, true)
	data.registerStore(cmd)
	cmd.Flags().StringVarP(&file, "file", "f", "", "read the query from FILE (- for stdin)")
	cmd.Flags().StringVar(&output, "format", format.Table, "output format: table, json, csv or ndjson")
	cmd.Flags().StringVar(&now, "now", "", "fix now() to this datetime (ISO 8601), for reproducible results")
	return cmd
}
