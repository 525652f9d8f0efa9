package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/kql/value"
)

// writeTable writes one section per rule (name, what it detects, its
// outcome, exclusions, missing data, entities, then its rows as an
// aligned table) and a summary line.
func writeTable(w io.Writer, rep *hunt.Report) error {
	bw := bufio.NewWriter(w)
	for i, r := range rep.Results {
		if i > 0 {
			bw.WriteString("\n")
		}
		writeSection(bw, r)
		if len(r.Schema) > 0 && r.Status != hunt.Failed && r.Hits > 0 {
			bw.WriteString("\n")
			if err := bw.Flush(); err != nil {
				return err
			}
			if err := format.Write(w, format.Table, r.Schema, r.Batches); err != nil {
				return err
			}
		}
	}
	if len(rep.Results) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString(summaryLine(rep) + "\n")
	return bw.Flush()
}

func writeSection(bw *bufio.Writer, r *hunt.Result) {
	ru := r.Rule
	fmt.Fprintf(bw, "== %s\n", ru.Name)
	meta := []string{"id " + ru.ID, string(ru.Kind)}
	if ru.Kind == "" {
		meta = meta[:1]
	}
	if ru.Severity != "" {
		meta = append(meta, "severity "+ru.Severity)
	}
	meta = append(meta, ru.File)
	fmt.Fprintf(bw, "   %s\n", strings.Join(meta, " · "))
	fmt.Fprintf(bw, "   tactics: %s · techniques: %s\n", orNone(ru.Tactics), orNone(ru.Techniques))
	line := fmt.Sprintf("   status: %s · hits: %d · excluded: %d", r.Status, r.Hits, r.Excluded)
	if ru.Kind == "analytics" && r.Status != hunt.Failed {
		line += fmt.Sprintf(" · trigger: count %s", ru.Trigger)
	}
	if !r.Window.IsZero() {
		line += " · window: " + windowText(r.Window)
	}
	bw.WriteString(line + "\n")
	for _, x := range r.Exclusions {
		if x.Expired {
			fmt.Fprintf(bw, "   exclusion %s: expired %s, not applied (%s)\n", x.Exclusion.Name, x.Exclusion.Expires.Format("2006-01-02 15:04Z"), x.Exclusion.At())
		} else {
			fmt.Fprintf(bw, "   exclusion %s: %d rows\n", x.Exclusion.Name, x.Matched)
		}
	}
	if len(r.MissingTables) > 0 {
		fmt.Fprintf(bw, "   no data: %s (ensure the data connector is enabled)\n", strings.Join(r.MissingTables, ", "))
	}
	if len(r.Entities) > 0 {
		const show = 10
		parts := make([]string, 0, show)
		for i, e := range r.Entities {
			if i == show {
				parts = append(parts, fmt.Sprintf("… %d more", len(r.Entities)-show))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", entityText(e), e.Count))
		}
		fmt.Fprintf(bw, "   entities: %s\n", strings.Join(parts, ", "))
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(bw, "   warning: %s\n", indent(w, "   "))
	}
	if r.Err != nil {
		fmt.Fprintf(bw, "   error: %s\n", indent(r.Err.Error(), "   "))
	}
}

func entityText(e hunt.Entity) string {
	vals := make([]string, len(e.Identifiers))
	for i, id := range e.Identifiers {
		vals[i] = id.Name + "=" + id.Value
	}
	return e.Type + " " + strings.Join(vals, " ")
}

func windowText(w hunt.Window) string {
	from, to := "…", "…"
	if w.From != nil {
		from = value.FormatDateTime(value.DateTime(*w.From))
	}
	if w.To != nil {
		to = value.FormatDateTime(value.DateTime(*w.To))
	}
	return from + " .. " + to
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "-"
	}
	return strings.Join(ss, ", ")
}

func indent(s, pad string) string { return strings.ReplaceAll(s, "\n", "\n"+pad) }

func summaryLine(rep *hunt.Report) string {
	f, e, h := rep.Counts()
	clean := 0
	for _, r := range rep.Results {
		if r.Status == hunt.Clean || r.Status == hunt.NotTriggered {
			clean++
		}
	}
	return fmt.Sprintf("%s: %d with findings (%s), %d clean, %s", plural(len(rep.Results), "rule"), f, plural(h, "hit"), clean, plural(e, "error"))
}
