package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/ruletest"
	"github.com/spf13/cobra"
)

func newTestCmd() *cobra.Command {
	var (
		data      dataFlags
		rulePaths []string
		junit     string
		verbose   bool
	)
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: "Run rule tests (*.test.yaml)",
		Long: `Run rule tests: *.test.yaml files (folders are searched recursively) that
give a rule, fixture tables, optional exclusions and the expected findings.
A test names its rule by file (relative to the test) or by id or name among
the rules in --rules (default: the PATHs given).

Exit status: 0 when every test passes, 1 otherwise.`,
		Example: `  quarry test examples/tests
  quarry test tests/ --rules rules/ --junit report.xml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			files, err := testFiles(args)
			if err != nil {
				return usageError{err}
			}
			if len(files) == 0 {
				return usagef("no rule tests (*.test.yaml) in %s", strings.Join(args, ", "))
			}
			if len(rulePaths) == 0 {
				rulePaths = args
			}
			rules, err := rule.Load(rulePaths...)
			if err != nil {
				return usageError{err}
			}
			cat, err := data.catalog()
			if err != nil {
				return err
			}
			opts := ruletest.Options{Catalog: cat, Rules: rules}
			out := cmd.OutOrStdout()
			var all []*ruletest.Outcome
			for _, f := range files {
				for _, o := range ruletest.RunFile(cmd.Context(), f, opts) {
					all = append(all, o)
					printOutcome(out, o, verbose)
				}
			}
			passed, failed, errored := ruletest.Summary(all)
			line := fmt.Sprintf("%d passed, %d failed", passed, failed+errored)
			if errored > 0 {
				line += fmt.Sprintf(" (%d could not run)", errored)
			}
			fmt.Fprintln(out, line)
			if junit != "" {
				if err := writeJUnitFile(junit, all); err != nil {
					return err
				}
			}
			if failed+errored > 0 {
				return exitCode(1, fmt.Sprintf("%d of %d tests failed", failed+errored, len(all)))
			}
			return nil
		},
	}
	data.register(cmd, false)
	cmd.Flags().StringArrayVar(&rulePaths, "rules", nil, "rule files or folders that tests may name by id (repeatable; default: the PATHs)")
	cmd.Flags().StringVar(&junit, "junit", "", "also write a JUnit XML report to FILE")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show counts for passing tests too")
	return cmd
}

func printOutcome(w interface{ Write([]byte) (int, error) }, o *ruletest.Outcome, verbose bool) {
	ms := o.Duration.Milliseconds()
	switch {
	case o.Err != nil:
		fmt.Fprintf(w, "ERROR %s (%s)\n      %s\n", o.Name, o.File, strings.ReplaceAll(o.Err.Error(), "\n", "\n      "))
	case len(o.Failures) > 0:
		fmt.Fprintf(w, "FAIL  %s (%s) %dms\n", o.Name, o.File, ms)
		for _, f := range o.Failures {
			fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(f, "\n", "\n      "))
		}
	default:
		fmt.Fprintf(w, "PASS  %s (%s) %dms\n", o.Name, o.File, ms)
		if verbose && o.Result != nil {
			fmt.Fprintf(w, "      %s: %d rows, %d excluded\n", o.Result.Status, o.Result.Hits, o.Result.Excluded)
		}
	}
}

// testFiles lists the test files of paths: files as given, folders
// searched for *.test.yaml.
func testFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && rule.IsTestFile(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func writeJUnitFile(path string, all []*ruletest.Outcome) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := ruletest.WriteJUnit(f, all); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
