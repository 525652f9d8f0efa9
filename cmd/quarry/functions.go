package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/spf13/cobra"
)

func newFunctionsCmd() *cobra.Command {
	var kind string
	var coverage, missing bool
	cmd := &cobra.Command{
		Use:   "functions [FILTER]",
		Short: "List the supported KQL functions",
		Long:  "List the scalar, aggregate and window functions quarry supports, with their signatures. FILTER keeps names containing it.",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if coverage || missing {
				return writeCoverage(cmd.OutOrStdout(), catalogCoverage(), missing)
			}
			filter := ""
			if len(args) == 1 {
				filter = strings.ToLower(args[0])
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			n := 0
			for _, f := range functions.All() {
				k := kindName(f.Kind)
				if f.Kind == functions.Operator || (kind != "" && k != kind) {
					continue
				}
				if filter != "" && !strings.Contains(strings.ToLower(f.Name), filter) {
					continue
				}
				sig := f.Sig
				if sig == "" {
					sig = f.Name + "(...)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, k, sig)
				n++
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if n == 0 && (filter != "" || kind != "") {
				return fmt.Errorf("no function matches")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&coverage, "coverage", false, "compare with Kusto's catalog: every official function, implemented, not applicable (and why) or missing")
	cmd.Flags().BoolVar(&missing, "missing", false, "like --coverage, listing only the official functions Quarry lacks")
	cmd.Flags().StringVar(&kind, "kind", "", "only functions of this kind: scalar, aggregate or window")
	return cmd
}

func kindName(k functions.Kind) string {
	switch k {
	case functions.Scalar:
		return "scalar"
	case functions.Aggregate:
		return "aggregate"
	case functions.Window:
		return "window"
	}
	return "operator"
}
