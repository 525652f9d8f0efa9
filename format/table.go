package format

import (
	"bufio"
	"strconv"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// DefaultMaxWidth is the widest a table cell is printed, in characters;
// longer values are cut with an ellipsis.
const DefaultMaxWidth = 60

// writeTable prints an aligned text table: a header, a rule, then rows,
// with numbers right-aligned and control characters shown escaped. Widths
// come from a first pass over the batches, so memory stays at one row.
func writeTable(w *bufio.Writer, schema types.Schema, batches []*column.Batch, maxWidth int) error {
	widths := make([]int, len(schema))
	for i, c := range schema {
		widths[i] = min(utf8.RuneCountInString(c.Name), maxWidth)
	}
	var raw, cell []byte
	rows := 0
	for _, b := range batches {
		rows += b.N
		for r := 0; r < b.N; r++ {
			for c, v := range b.Cols {
				raw = AppendTextCell(raw[:0], v, r)
				cell = clip(cell[:0], raw, maxWidth)
				if n := utf8.RuneCount(cell); n > widths[c] {
					widths[c] = n
				}
			}
		}
	}
	right := make([]bool, len(schema))
	for i, c := range schema {
		right[i] = c.Type.IsNumeric()
	}
	line := make([]byte, 0, 256)
	emit := func() error {
		// Trailing blanks only make terminals wrap.
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		line = append(line, '\n')
		_, err := w.Write(line)
		line = line[:0]
		return err
	}
	for c, col := range schema {
		cell = clip(cell[:0], []byte(col.Name), maxWidth)
		line = pad(line, cell, widths[c], right[c], c > 0)
	}
	if err := emit(); err != nil {
		return err
	}
	for c := range schema {
		if c > 0 {
			line = append(line, ' ')
		}
		for k := 0; k < widths[c]; k++ {
			line = append(line, '-')
		}
	}
	if err := emit(); err != nil {
		return err
	}
	for _, b := range batches {
		for r := 0; r < b.N; r++ {
			for c, v := range b.Cols {
				raw = AppendTextCell(raw[:0], v, r)
				cell = clip(cell[:0], raw, maxWidth)
				line = pad(line, cell, widths[c], right[c], c > 0)
			}
			if err := emit(); err != nil {
				return err
			}
		}
	}
	noun := " rows)\n"
	if rows == 1 {
		noun = " row)\n"
	}
	_, err := w.WriteString("(" + strconv.Itoa(rows) + noun)
	return err
}

func pad(line, cell []byte, width int, right, sep bool) []byte {
	if sep {
		line = append(line, ' ')
	}
	gap := width - utf8.RuneCount(cell)
	if right {
		for ; gap > 0; gap-- {
			line = append(line, ' ')
		}
		return append(line, cell...)
	}
	line = append(line, cell...)
	for ; gap > 0; gap-- {
		line = append(line, ' ')
	}
	return line
}

// clip copies s into dst with control characters escaped (\n, \t, ...)
// and at most max characters, the last one an ellipsis when cut. Invalid
// UTF-8 shows as U+FFFD.
func clip(dst, s []byte, max int) []byte {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		i += size
		var esc string
		switch {
		case r == '\n':
			esc = `\n`
		case r == '\r':
			esc = `\r`
		case r == '\t':
			esc = `\t`
		case r < 0x20 || r == 0x7f:
			esc = "?"
		}
		w := 1
		if esc != "" {
			w = len(esc)
		}
		if n+w > max-1 && (i < len(s) || n+w > max) {
			return append(dst, "…"...)
		}
		if esc != "" {
			dst = append(dst, esc...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
		n += w
	}
	return dst
}
