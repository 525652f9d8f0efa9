// Package report writes a hunt's results: an aligned text report for
// terminals, JSON, JSON lines, CSV, SARIF 2.1.0 (for code-scanning UIs)
// and Markdown (a report a person reads).
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/hunt"
)

// Names of the report formats.
const (
	Table    = "table"
	JSON     = "json"
	NDJSON   = "ndjson"
	CSV      = "csv"
	SARIF    = "sarif"
	Markdown = "markdown"
)

// Formats lists the report formats.
func Formats() []string { return []string{Table, JSON, NDJSON, CSV, SARIF, Markdown} }

// Options tune a report.
type Options struct {
	// ToolVersion is Quarry's version, named in SARIF.
	ToolVersion string
	// MaxRows caps the rows shown per rule in the Markdown report
	// (default 50) and the results listed per rule in SARIF (default
	// 1000); the other formats list every row.
	MaxRows int
}

// Write renders rep in the named format.
func Write(w io.Writer, format string, rep *hunt.Report, opts Options) error {
	switch format {
	case Table:
		return writeTable(w, rep)
	case JSON:
		return writeJSON(w, rep)
	case NDJSON:
		return writeNDJSON(w, rep)
	case CSV:
		return writeCSV(w, rep)
	case SARIF:
		if opts.MaxRows <= 0 {
			opts.MaxRows = 1000
		}
		return writeSARIF(w, rep, opts)
	case Markdown:
		if opts.MaxRows <= 0 {
			opts.MaxRows = 50
		}
		return writeMarkdown(w, rep, opts)
	}
	return fmt.Errorf("unknown report format %q: use %s", format, strings.Join(Formats(), ", "))
}

// forRows calls f for every row of a result, stopping after max rows
// when max > 0.
func forRows(batches []*column.Batch, max int, f func(b *column.Batch, i int)) {
	n := 0
	for _, b := range batches {
		for i := 0; i < b.N; i++ {
			if max > 0 && n == max {
				return
			}
			f(b, i)
			n++
		}
	}
}

// emitsFindings reports whether a result's rows are findings (alerts):
// the formats that list findings one by one list only these.
func emitsFindings(r *hunt.Result) bool { return r.Status == hunt.Findings }
