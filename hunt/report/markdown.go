package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt"
)

// writeMarkdown writes a report for people: a summary table of the
// rules, then per rule what it looks for, its outcome, exclusions,
// missing data, entities and the first rows, over the columns that say
// the most.
func writeMarkdown(w io.Writer, rep *hunt.Report, opts Options) error {
	bw := bufio.NewWriter(w)
	f, e, h := rep.Counts()
	fmt.Fprintf(bw, "# Hunt report\n\n")
	fmt.Fprintf(bw, "Run at %s", rep.Now.UTC().Format("2006-01-02 15:04:05Z"))
	if !rep.Window.IsZero() {
		fmt.Fprintf(bw, ", window %s", windowText(rep.Window))
	}
	fmt.Fprintf(bw, ". %s: %s with findings (%s), %s.\n\n", plural(len(rep.Results), "rule"), fmt.Sprint(f), plural(h, "hit"), plural(e, "error"))
	if len(rep.Results) == 0 {
		return bw.Flush()
	}
	bw.WriteString("| Rule | Status | Hits | Excluded | Tactics | Techniques |\n|---|---|---:|---:|---|---|\n")
	anchors := map[string]int{}
	for _, r := range rep.Results {
		fmt.Fprintf(bw, "| [%s](#%s) | %s | %d | %d | %s | %s |\n", mdCell(r.Rule.Name), anchor(r.Rule.Name, anchors), statusText(r), r.Hits, r.Excluded,
			mdCell(strings.Join(r.Rule.Tactics, ", ")), mdCell(strings.Join(r.Rule.Techniques, ", ")))
	}
	for _, r := range rep.Results {
		writeMDRule(bw, r, opts)
	}
	return bw.Flush()
}

func statusText(r *hunt.Result) string {
	switch r.Status {
	case hunt.Findings:
		return "**findings**"
	case hunt.Failed:
		return "**error**"
	case hunt.NotTriggered:
		return "below trigger"
	}
	return string(r.Status)
}

func writeMDRule(bw *bufio.Writer, r *hunt.Result, opts Options) {
	ru := r.Rule
	fmt.Fprintf(bw, "\n## %s\n\n", mdText(ru.Name))
	meta := []string{"`" + ru.ID + "`"}
	if ru.Kind != "" {
		meta = append(meta, string(ru.Kind))
	}
	if ru.Severity != "" {
		meta = append(meta, "severity "+ru.Severity)
	}
	meta = append(meta, "`"+ru.File+"`")
	bw.WriteString(strings.Join(meta, " · ") + "\n\n")
	if ru.Description != "" {
		bw.WriteString(mdText(ru.Description) + "\n\n")
	}
	fmt.Fprintf(bw, "**Tactics:** %s · **Techniques:** %s\n\n", mdText(orNone(ru.Tactics)), mdText(orNone(ru.Techniques)))
	switch r.Status {
	case hunt.Failed:
		fmt.Fprintf(bw, "**Error:**\n\n```\n%s\n```\n", r.Err)
		return
	case hunt.Findings:
		fmt.Fprintf(bw, "**Findings:** %s", plural(r.Hits, "row"))
	case hunt.NotTriggered:
		fmt.Fprintf(bw, "**Below the trigger** (count %s): %s", ru.Trigger, plural(r.Hits, "row"))
	default:
		bw.WriteString("**Nothing found**")
	}
	if r.Excluded > 0 {
		fmt.Fprintf(bw, ", %d excluded of %d", r.Excluded, r.Total)
	}
	if !r.Window.IsZero() {
		fmt.Fprintf(bw, " (window %s)", windowText(r.Window))
	}
	bw.WriteString(".\n")
	if len(r.MissingTables) > 0 {
		fmt.Fprintf(bw, "\n> **No data** in %s (read by the rule or its exclusions): ensure the data connector is enabled.\n", mdText(strings.Join(r.MissingTables, ", ")))
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(bw, "\n> Warning: %s\n", mdText(w))
	}
	if len(r.Exclusions) > 0 {
		bw.WriteString("\n### Exclusions\n\n| Exclusion | Rows | Reason |\n|---|---:|---|\n")
		for _, x := range r.Exclusions {
			n := fmt.Sprint(x.Matched)
			if x.Expired {
				n = "expired " + x.Exclusion.Expires.Format("2006-01-02")
			}
			fmt.Fprintf(bw, "| %s | %s | %s |\n", mdCell(x.Exclusion.Name), n, mdCell(strings.TrimSpace(x.Exclusion.Reason)))
		}
	}
	if len(r.Entities) > 0 {
		bw.WriteString("\n### Entities\n\n| Type | Identifiers | Rows |\n|---|---|---:|\n")
		for i, e := range r.Entities {
			if i == opts.MaxRows {
				fmt.Fprintf(bw, "| … | %d more | |\n", len(r.Entities)-i)
				break
			}
			ids := make([]string, len(e.Identifiers))
			for k, id := range e.Identifiers {
				ids[k] = id.Name + ": " + id.Value
			}
			fmt.Fprintf(bw, "| %s | %s | %d |\n", e.Type, mdCell(strings.Join(ids, ", ")), e.Count)
		}
	}
	if r.Hits == 0 {
		return
	}
	cols := displayColumns(r)
	shown := min(r.Hits, opts.MaxRows)
	if shown < r.Hits {
		fmt.Fprintf(bw, "\n### Rows (first %d of %d)\n\n", shown, r.Hits)
	} else {
		bw.WriteString("\n### Rows\n\n")
	}
	for i, c := range cols {
		if i > 0 {
			bw.WriteString(" ")
		}
		bw.WriteString("| " + mdCell(r.Schema[c].Name))
	}
	bw.WriteString(" |\n")
	for range cols {
		bw.WriteString("|---")
	}
	bw.WriteString("|\n")
	forRows(r.Batches, opts.MaxRows, func(b *column.Batch, i int) {
		for k, c := range cols {
			if k > 0 {
				bw.WriteString(" ")
			}
			bw.WriteString("| " + mdCell(clipText(format.CellText(b.Cols[c], i), 80)))
		}
		bw.WriteString(" |\n")
	})
	if len(cols) < len(r.Schema) {
		fmt.Fprintf(bw, "\n%d of %d columns shown; `--format json` has them all.\n", len(cols), len(r.Schema))
	}
}

// preferredColumns are the columns that usually say who did what where.
var preferredColumns = []string{
	"Timestamp", "TimeGenerated", "Title", "Severity",
	"AccountUpn", "UserPrincipalName", "AccountName", "RecipientEmailAddress", "SenderFromAddress",
	"DeviceName", "Computer", "IPAddress", "RemoteIP", "SourceIP",
	"Url", "RemoteUrl", "FileName", "SHA256", "ProcessCommandLine", "ActionType",
}

// displayColumns picks at most 8 columns for the Markdown rows: mapped
// entity and custom-detail columns, then well-known ones (a join-suffixed
// AccountUpn1 counts as AccountUpn), each only if some row has a value;
// if few are found, the first columns.
func displayColumns(r *hunt.Result) []int {
	const most = 8
	s := r.Schema
	nonEmpty := make([]bool, len(s))
	forRows(r.Batches, 200, func(b *column.Batch, i int) {
		for c, v := range b.Cols {
			if !nonEmpty[c] && !v.IsNull(i) && format.CellText(v, i) != "" {
				nonEmpty[c] = true
			}
		}
	})
	var out []int
	taken := map[int]bool{}
	add := func(c int) {
		if c >= 0 && !taken[c] && nonEmpty[c] && len(out) < most {
			taken[c] = true
			out = append(out, c)
		}
	}
	for _, m := range r.Rule.EntityMappings {
		for _, f := range m.Fields {
			add(s.Index(f.Column))
		}
	}
	for _, kv := range r.Rule.CustomDetails {
		add(s.Index(kv.Value))
	}
	// One column per preferred name: the first with a value among the
	// name and its join-suffixed copies (AccountUpn, AccountUpn1, ...).
	for _, name := range preferredColumns {
		if name == "TimeGenerated" && len(out) > 0 && strings.HasPrefix(s[out[0]].Name, "Timestamp") {
			continue
		}
		for c, col := range s {
			if (col.Name == name || strings.HasPrefix(col.Name, name) && isDigits(col.Name[len(name):])) && nonEmpty[c] {
				add(c)
				break
			}
		}
	}
	if len(out) < 3 {
		for c := range s {
			add(c)
		}
	}
	// Keep the result's column order.
	sort.Ints(out)
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = mdText(s)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

// mdText escapes the characters that would start HTML or break a line
// of Markdown.
func mdText(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]")
	return r.Replace(s)
}

func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// anchor is the GitHub heading anchor of a title (with -1, -2 for
// repeats).
func anchor(title string, seen map[string]int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	a := b.String()
	n := seen[a]
	seen[a] = n + 1
	if n > 0 {
		a = fmt.Sprintf("%s-%d", a, n)
	}
	return a
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
