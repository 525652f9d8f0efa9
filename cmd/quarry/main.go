// Command quarry runs Microsoft Sentinel and Defender XDR KQL queries,
// unchanged, on log files the user holds.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// usageError marks errors in how quarry was called (exit status 2).
type usageError struct{ error }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "quarry",
		Short: "Run Sentinel and Defender XDR KQL queries on your own logs",
		Long: `quarry runs Microsoft Sentinel / Defender XDR hunting queries, unchanged,
on exported logs (JSON lines, JSON, CSV), giving the answer Azure Data
Explorer would give.

  quarry query 'AlertInfo | take 10' --table AlertInfo=alerts.jsonl
  quarry check -f rule.kql`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	addGeoIPFlag(root)
	addFunctionsFlag(root)
	addExternalDataFlag(root)
	root.AddCommand(newQueryCmd(), newCheckCmd(), newFunctionsCmd(), newVersionCmd())
	root.AddCommand(huntCommands()...)
	root.AddCommand(newGenCmd())
	root.AddCommand(newIngestCmd(), newTablesCmd())
	root.AddCommand(newDemoCmd())
	return root
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 on
// success, 1 when the query or data failed, 2 for a usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "quarry:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
