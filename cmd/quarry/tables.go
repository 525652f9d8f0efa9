package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/storage"
	"github.com/spf13/cobra"
)

func newTablesCmd() *cobra.Command {
	var (
		data   dataFlags
		output string
	)
	cmd := &cobra.Command{
		Use:   "tables [NAME...]",
		Short: "List the store's tables",
		Long: `List the tables in the store (--data): rows, time range, size on disk and
columns. Naming tables also lists their columns and types.`,
		Example: `  quarry tables
  quarry tables EmailEvents --format json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return usagef("--format %q: use table or json", output)
			}
			st, err := data.readStore()
			if err != nil {
				return err
			}
			var tis []storage.TableInfo
			if st != nil {
				if tis, err = st.Tables(); err != nil {
					return err
				}
			}
			if len(args) > 0 {
				byName := map[string]storage.TableInfo{}
				for _, t := range tis {
					byName[t.Name] = t
				}
				var sel []storage.TableInfo
				for _, a := range args {
					t, ok := byName[a]
					if !ok {
						return fmt.Errorf("the store has no table %q (quarry tables lists them)", a)
					}
					sel = append(sel, t)
				}
				tis = sel
			}
			out := cmd.OutOrStdout()
			if output == "json" {
				return writeTablesJSON(out, tis)
			}
			if len(tis) == 0 {
				dir, _, _ := dataDir(data.dataDir)
				fmt.Fprintf(out, "no tables in %s (load some with quarry ingest)\n", dir)
				return nil
			}
			writeTables(out, tis, len(args) > 0)
			return nil
		},
	}
	data.registerStore(cmd)
	cmd.Flags().StringVar(&output, "format", "table", "output format: table or json")
	return cmd
}

func timeRange(t storage.TableInfo) (string, string) {
	if !t.HasTime {
		return "", ""
	}
	return value.FormatDateTime(t.MinTime), value.FormatDateTime(t.MaxTime)
}

func writeTables(out io.Writer, tis []storage.TableInfo, columns bool) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "table\trows\tfrom\tto\tMB\tfiles\tcolumns\n")
	for _, t := range tis {
		from, to := timeRange(t)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.1f\t%d\t%d\n", t.Name, t.Rows, from, to, mb(t.Bytes), t.Files, len(t.Schema))
	}
	tw.Flush()
	if !columns {
		return
	}
	for _, t := range tis {
		fmt.Fprintf(out, "\n%s", t.Name)
		if t.TimeColumn != "" {
			fmt.Fprintf(out, " (partitioned by %s)", t.TimeColumn)
		}
		fmt.Fprintln(out)
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		for _, c := range t.Schema {
			fmt.Fprintf(tw, "  %s\t%s\n", c.Name, c.Type)
		}
		tw.Flush()
	}
}

func writeTablesJSON(out io.Writer, tis []storage.TableInfo) error {
	type col struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type tab struct {
		Name       string `json:"name"`
		Rows       int64  `json:"rows"`
		From       string `json:"from,omitempty"`
		To         string `json:"to,omitempty"`
		TimeColumn string `json:"timeColumn,omitempty"`
		Bytes      int64  `json:"bytes"`
		Files      int    `json:"files"`
		Partitions int    `json:"partitions"`
		Columns    []col  `json:"columns"`
	}
	res := struct {
		Tables []tab `json:"tables"`
	}{Tables: []tab{}}
	for _, t := range tis {
		from, to := timeRange(t)
		x := tab{Name: t.Name, Rows: t.Rows, From: from, To: to, TimeColumn: t.TimeColumn, Bytes: t.Bytes, Files: t.Files, Partitions: t.Partitions, Columns: []col{}}
		for _, c := range t.Schema {
			x.Columns = append(x.Columns, col{c.Name, c.Type.String()})
		}
		res.Tables = append(res.Tables, x)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
