package kqltest

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/kql/types"
)

// maxShownRows bounds the side-by-side report of large results.
const maxShownRows = 60

// compare checks one result against its expectation and returns "" or a
// one-line summary of the first difference. Rows of an unordered
// expectation are sorted in place so that the report lines them up.
func compare(e *Expected, got Result, ordered bool) string {
	var problems []string
	if !sameSchema(e.Schema, got.Schema) {
		problems = append(problems, "columns differ")
	}
	gotCanon, err := canonRows(got.Schema, got.Rows)
	if err != nil {
		return "bad result value: " + err.Error()
	}
	if e.RowCount >= 0 {
		if len(got.Rows) != e.RowCount {
			problems = append(problems, fmt.Sprintf("want %d rows, got %d", e.RowCount, len(got.Rows)))
		}
		return strings.Join(problems, "; ")
	}
	wantCanon, err := canonRows(e.Schema, e.Rows)
	if err != nil {
		return "bad expected value: " + err.Error()
	}
	if !ordered {
		sortRows(e.Rows, wantCanon)
		sortRows(got.Rows, gotCanon)
	}
	if len(wantCanon) != len(gotCanon) {
		problems = append(problems, fmt.Sprintf("want %d rows, got %d", len(wantCanon), len(gotCanon)))
	} else if i := firstDiff(wantCanon, gotCanon); i >= 0 {
		problems = append(problems, fmt.Sprintf("row %d differs", i+1))
	}
	return strings.Join(problems, "; ")
}

func sameSchema(a, b types.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func canonRows(s types.Schema, rows [][]any) ([][]any, error) {
	out := make([][]any, len(rows))
	for r, row := range rows {
		if len(row) != len(s) {
			return nil, fmt.Errorf("row %d has %d values for %d columns", r+1, len(row), len(s))
		}
		c := make([]any, len(row))
		for i, v := range row {
			x, err := canon(s[i].Type, v)
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %v", r+1, s[i].Name, err)
			}
			c[i] = x
		}
		out[r] = c
	}
	return out, nil
}

// sortRows orders rows (and their canonical twins) by the canonical key.
func sortRows(rows, canonical [][]any) {
	idx := make([]int, len(rows))
	keys := make([]string, len(rows))
	for i := range idx {
		idx[i] = i
		keys[i] = sortKey(canonical[i])
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	r2 := make([][]any, len(rows))
	c2 := make([][]any, len(rows))
	for i, j := range idx {
		r2[i], c2[i] = rows[j], canonical[j]
	}
	copy(rows, r2)
	copy(canonical, c2)
}

func firstDiff(a, b [][]any) int {
	for i := range a {
		if !rowEqual(a[i], b[i]) {
			return i
		}
	}
	return -1
}

func rowEqual(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalCanon(a[i], b[i]) {
			return false
		}
	}
	return true
}

// renderHeader prints a schema as a file's result header.
func renderHeader(s types.Schema) string {
	parts := make([]string, len(s))
	for i, c := range s {
		name := c.Name
		if !identRE.MatchString(name) {
			name = "[" + quote(name) + "]"
		}
		parts[i] = name + ":" + c.Type.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// renderTable prints a table in the file syntax: header then one line per
// row.
func renderTable(s types.Schema, rows [][]any) []string {
	out := []string{renderHeader(s)}
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, v := range row {
			t := types.Unknown
			if i < len(s) {
				t = s[i].Type
			}
			cells[i] = formatCell(t, v)
		}
		out = append(out, strings.Join(cells, ", "))
	}
	return out
}

// sideBySide shows expected and actual tables in two columns, marking
// lines that differ with ≠.
func sideBySide(e *Expected, got Result, ordered bool) string {
	order := "unordered"
	if ordered {
		order = "ordered"
	}
	var left []string
	if e.RowCount >= 0 {
		left = []string{renderHeader(e.Schema), fmt.Sprintf("%d rows", e.RowCount)}
	} else {
		left = renderTable(e.Schema, e.Rows)
	}
	right := renderTable(got.Schema, got.Rows)
	if e.RowCount >= 0 {
		right = []string{right[0], fmt.Sprintf("%d rows", len(got.Rows))}
	}
	wantC, _ := canonRows(e.Schema, e.Rows)
	gotC, _ := canonRows(got.Schema, got.Rows)

	width := utf8.RuneCountInString("expected (" + order + ")")
	for _, l := range left {
		width = max(width, utf8.RuneCountInString(l))
	}
	width = min(width, 100)
	var b strings.Builder
	line := func(l, mark, r string) {
		pad := width - utf8.RuneCountInString(l)
		if pad < 0 {
			pad = 0
		}
		fmt.Fprintf(&b, "  %s%s %s %s\n", l, strings.Repeat(" ", pad), mark, r)
	}
	line("expected ("+order+")", "|", "actual")
	n := max(len(left), len(right))
	for i := 0; i < n; i++ {
		if i > maxShownRows {
			fmt.Fprintf(&b, "  ... %d more lines\n", n-i)
			break
		}
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		mark := "|"
		switch {
		case i == 0:
			if !sameSchema(e.Schema, got.Schema) {
				mark = "≠"
			}
		case e.RowCount >= 0:
			if len(got.Rows) != e.RowCount {
				mark = "≠"
			}
		case i-1 >= len(wantC) || i-1 >= len(gotC) || !rowEqual(wantC[i-1], gotC[i-1]):
			mark = "≠"
		}
		line(l, mark, r)
	}
	return strings.TrimRight(b.String(), "\n")
}
