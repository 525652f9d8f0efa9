package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/hunt"
	"github.com/spf13/cobra"
)

func newRulesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Work with rule packs (see: quarry rules check)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesCheckCmd())
	return cmd
}

func newRulesCheckCmd() *cobra.Command {
	var (
		flags  huntFlags
		output string
	)
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Parse and bind rules, and check the tables they need hold data",
		Long: `Check rules without running them: every rule (with its exclusions and
watchlists) is parsed and bound, and for each table it declares
(requiredDataConnectors) or reads, says whether the table exists and holds
data in the rule's window. Rules that cannot run are listed at the end.

Exit status: 0 every rule can run and has data, 1 some table a rule needs
holds no data (enable its data connector), 2 some rule cannot run.`,
		Example: `  quarry rules check examples/rules --table AlertInfo=a.jsonl
  quarry rules check rules/ --exclusions tuning.yaml --since 14d --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usagef("--format %q: use text or json", output)
			}
			opts, err := flags.options()
			if err != nil {
				return err
			}
			if opts.Functions, err = storedFunctions(cmd); err != nil {
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
			results := hunt.NewRunner(data, opts).Check(cmd.Context(), rules)
			if output == "json" {
				err = writeCheckJSON(cmd.OutOrStdout(), results)
			} else {
				err = writeCheckText(cmd.OutOrStdout(), results)
			}
			if err != nil {
				return err
			}
			var broken, noData int
			for _, c := range results {
				switch {
				case !c.CanRun():
					broken++
				case len(c.NoData()) > 0:
					noData++
				}
			}
			switch {
			case broken > 0:
				return exitCode(2, fmt.Sprintf("%d of %d rules cannot run", broken, len(results)))
			case noData > 0:
				return exitCode(1, fmt.Sprintf("%d of %d rules lack data", noData, len(results)))
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&output, "format", "text", "output: text or json")
	return cmd
}

func writeCheckText(w io.Writer, results []*hunt.CheckResult) error {
	bw := bufio.NewWriter(w)
	var cannot, lack []*hunt.CheckResult
	for _, c := range results {
		r := c.Rule
		status := "ok     "
		switch {
		case !c.CanRun():
			status = "ERROR  "
			cannot = append(cannot, c)
		case len(c.NoData()) > 0:
			status = "NO DATA"
			lack = append(lack, c)
		}
		fmt.Fprintf(bw, "%s %s (%s)\n", status, r.Name, r.File)
		for _, t := range c.Tables {
			fmt.Fprintf(bw, "          %s\n", tableLine(t))
		}
		for _, wmsg := range c.Warnings {
			fmt.Fprintf(bw, "          warning: %s\n", strings.ReplaceAll(wmsg, "\n", "\n          "))
		}
		if c.Err != nil {
			fmt.Fprintf(bw, "          %s\n", strings.ReplaceAll(c.Err.Error(), "\n", "\n          "))
		}
	}
	fmt.Fprintf(bw, "\n%d rule%s: %d can run, %d cannot run, %d lack data\n", len(results), plural(len(results)), len(results)-len(cannot), len(cannot), len(lack))
	if len(cannot) > 0 {
		bw.WriteString("\nRules that cannot run:\n")
		for _, c := range cannot {
			fmt.Fprintf(bw, "  %s (%s)\n", c.Rule.Name, c.Rule.File)
		}
	}
	if len(lack) > 0 {
		bw.WriteString("\nRules whose data is missing (ensure the data connector is enabled):\n")
		for _, c := range lack {
			fmt.Fprintf(bw, "  %s: %s\n", c.Rule.Name, strings.Join(c.NoData(), ", "))
		}
	}
	return bw.Flush()
}

func tableLine(t hunt.TableCheck) string {
	name := t.Table
	if t.Name != t.Table {
		name = fmt.Sprintf("%s (declared as %s)", t.Table, t.Name)
	}
	var role []string
	if t.Declared {
		role = append(role, "declared")
	}
	if t.Used {
		role = append(role, "used")
	}
	state := "has data"
	switch {
	case !t.Exists:
		state = "no such table"
	case !t.HasData:
		state = "no data in the window: ensure this data connector is enabled"
	}
	return fmt.Sprintf("%s [%s]: %s", name, strings.Join(role, ", "), state)
}

func writeCheckJSON(w io.Writer, results []*hunt.CheckResult) error {
	type jtable struct {
		Name     string `json:"name"`
		Table    string `json:"table"`
		Declared bool   `json:"declared"`
		Used     bool   `json:"used"`
		Exists   bool   `json:"exists"`
		HasData  bool   `json:"has_data"`
	}
	type jcol struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type jrule struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		File     string   `json:"file"`
		Kind     string   `json:"kind"`
		CanRun   bool     `json:"can_run"`
		Error    *string  `json:"error"`
		NoData   []string `json:"no_data"`
		Columns  []jcol   `json:"columns"`
		Tables   []jtable `json:"tables"`
		Warnings []string `json:"warnings"`
	}
	out := struct {
		Rules []jrule `json:"rules"`
	}{Rules: []jrule{}}
	for _, c := range results {
		j := jrule{ID: c.Rule.ID, Name: c.Rule.Name, File: c.Rule.File, Kind: string(c.Rule.Kind), CanRun: c.CanRun(),
			NoData: c.NoData(), Columns: []jcol{}, Tables: []jtable{}, Warnings: c.Warnings}
		if j.NoData == nil {
			j.NoData = []string{}
		}
		if j.Warnings == nil {
			j.Warnings = []string{}
		}
		if c.Err != nil {
			s := c.Err.Error()
			j.Error = &s
		}
		for _, col := range c.Columns {
			j.Columns = append(j.Columns, jcol{col.Name, col.Type.String()})
		}
		for _, t := range c.Tables {
			j.Tables = append(j.Tables, jtable{t.Name, t.Table, t.Declared, t.Used, t.Exists, t.HasData})
		}
		out.Rules = append(out.Rules, j)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
