package demo

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
)

// sampleCols are the columns shown for a few findings: the click and who
// made it (AccountUpn1 is UrlClickEvents' AccountUpn after the join).
var sampleCols = []string{"ReportId", "AccountUpn1", "ActionType", "Url"}

// Print writes the demo's report: the data, each run's findings and
// exclusion counts, a few rows, and the scores. rows is how many finding
// rows to show per run.
func (r *Result) Print(w io.Writer, rows int) {
	fmt.Fprintf(w, "generated %d rows (%s to %s) in %.1fs; ingested %d rows in %.1fs\n",
		r.Gen.Rows, r.Gen.Start.Format(time.RFC3339), r.Gen.End.Format(time.RFC3339), r.Gen.Elapsed.Seconds(),
		r.Ingest.Rows, r.Ingest.Elapsed.Seconds())
	fmt.Fprintf(w, "rule: %s (now() = %s)\n\n", RuleFile, r.Gen.End.Format(time.RFC3339))
	for _, run := range []*Run{r.Raw, r.Tuned} {
		hr := run.Result
		fmt.Fprintf(w, "== %s: %d rows (%d excluded) in %dms\n", run.Label, hr.Hits, hr.Excluded, hr.Duration.Milliseconds())
		if len(hr.Exclusions) > 0 {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "  exclusion\texcluded")
			for _, x := range hr.Exclusions {
				n := fmt.Sprint(x.Matched)
				if x.Expired {
					n = "expired"
				}
				fmt.Fprintf(tw, "  %s\t%s\n", x.Exclusion.Name, n)
			}
			tw.Flush()
		}
		r.printRows(w, run, rows)
		s := run.Score
		fmt.Fprintf(w, "  clicks found %d: %d malicious, %d benign; %d malicious missed\n", s.Found, s.TruePos, s.FalsePos, s.FalseNeg)
		fmt.Fprintf(w, "  precision %.3f  recall %.3f\n\n", s.Precision, s.Recall)
	}
}

func (r *Result) printRows(w io.Writer, run *Run, max int) {
	hr := run.Result
	var idx []int
	for _, c := range sampleCols {
		if i := hr.Schema.Index(c); i >= 0 && hr.Schema[i].Type == types.String {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 || max <= 0 || hr.Hits == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	cells := make([]string, len(idx))
	for k, i := range idx {
		cells[k] = hr.Schema[i].Name
	}
	fmt.Fprintf(tw, "  %s\n", strings.Join(cells, "\t"))
	shown := 0
	for _, b := range hr.Batches {
		for row := 0; row < b.N && shown < max; row++ {
			for k, i := range idx {
				cells[k] = ""
				if v := b.Cols[i]; !v.IsNull(row) {
					cells[k] = clip(v.Str(row), 60)
				}
			}
			fmt.Fprintf(tw, "  %s\n", strings.Join(cells, "\t"))
			shown++
		}
	}
	tw.Flush()
	if hr.Hits > shown {
		fmt.Fprintf(w, "  ... %d more rows\n", hr.Hits-shown)
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
