// Package format writes a query result (schema plus column batches) as
// text: an aligned table for terminals, JSON, CSV or JSON lines. Rows are
// rendered straight from the column vectors into a buffered writer; no
// per-row maps are built.
package format

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Names of the output formats.
const (
	Table  = "table"
	JSON   = "json"
	CSV    = "csv"
	NDJSON = "ndjson"
)

// Formats lists the output formats.
func Formats() []string { return []string{Table, JSON, CSV, NDJSON} }

// Write renders a result in the named format.
func Write(w io.Writer, format string, schema types.Schema, batches []*column.Batch) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch format {
	case Table:
		err = writeTable(bw, schema, batches, DefaultMaxWidth)
	case JSON:
		err = writeJSON(bw, schema, batches)
	case CSV:
		err = writeCSV(bw, schema, batches)
	case NDJSON:
		err = writeNDJSON(bw, schema, batches)
	default:
		return fmt.Errorf("unknown output format %q: use table, json, csv or ndjson", format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// AppendJSONCell appends row i of v as a JSON value: numbers as numbers
// (non-finite reals as the strings "NaN", "Infinity", "-Infinity"),
// datetimes and timespans as Kusto's text, dynamic values embedded, and
// null as null.
func AppendJSONCell(dst []byte, v *column.Vector, i int) []byte {
	if v.IsNull(i) {
		return append(dst, "null"...)
	}
	switch v.Type {
	case types.Bool:
		if v.Bool(i) {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case types.Int, types.Long:
		return strconv.AppendInt(dst, v.Int(i), 10)
	case types.Decimal:
		// Plain notation, every digit: a JSON number of any precision.
		return value.AppendDec(dst, v.Dec(i))
	case types.Real:
		f := v.Real(i)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			dst = append(dst, '"')
			dst = value.AppendReal(dst, f)
			return append(dst, '"')
		}
		return value.AppendReal(dst, f)
	case types.DateTime:
		dst = append(dst, '"')
		dst = value.AppendDateTime(dst, value.DateTime(v.Int(i)))
		return append(dst, '"')
	case types.TimeSpan:
		dst = append(dst, '"')
		dst = value.AppendTimeSpan(dst, value.TimeSpan(v.Int(i)))
		return append(dst, '"')
	case types.String:
		return value.AppendJSONString(dst, v.Str(i))
	case types.Guid:
		s := v.Str(i)
		if s == "" {
			return append(dst, "null"...)
		}
		return value.AppendJSONString(dst, s)
	case types.Dynamic:
		return value.AppendJSON(dst, v.Dyn(i))
	}
	return append(dst, "null"...)
}

// AppendTextCell appends row i of v as Kusto's tostring would print it;
// null is empty.
func AppendTextCell(dst []byte, v *column.Vector, i int) []byte {
	if v.IsNull(i) {
		return dst
	}
	switch v.Type {
	case types.Bool:
		if v.Bool(i) {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case types.Int, types.Long:
		return strconv.AppendInt(dst, v.Int(i), 10)
	case types.Decimal:
		return value.AppendDec(dst, v.Dec(i))
	case types.Real:
		return value.AppendReal(dst, v.Real(i))
	case types.DateTime:
		return value.AppendDateTime(dst, value.DateTime(v.Int(i)))
	case types.TimeSpan:
		return value.AppendTimeSpan(dst, value.TimeSpan(v.Int(i)))
	case types.String, types.Guid:
		return append(dst, v.Str(i)...)
	case types.Dynamic:
		switch x := v.Dyn(i).(type) {
		case string:
			return append(dst, x...)
		case nil:
			return dst
		default:
			return value.AppendJSON(dst, x)
		}
	}
	return dst
}

func writeJSON(w *bufio.Writer, schema types.Schema, batches []*column.Batch) error {
	buf := make([]byte, 0, 4096)
	buf = append(buf, `{"columns":[`...)
	for i, c := range schema {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"name":`...)
		buf = value.AppendJSONString(buf, c.Name)
		buf = append(buf, `,"type":"`...)
		buf = append(buf, c.Type.String()...)
		buf = append(buf, `"}`...)
	}
	buf = append(buf, `],"rows":[`...)
	first := true
	for _, b := range batches {
		for r := 0; r < b.N; r++ {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = append(buf, '[')
			for c, v := range b.Cols {
				if c > 0 {
					buf = append(buf, ',')
				}
				buf = AppendJSONCell(buf, v, r)
			}
			buf = append(buf, ']')
			if len(buf) > 32<<10 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	buf = append(buf, "]}\n"...)
	_, err := w.Write(buf)
	return err
}

func writeNDJSON(w *bufio.Writer, schema types.Schema, batches []*column.Batch) error {
	keys := make([][]byte, len(schema))
	for i, c := range schema {
		keys[i] = append(value.AppendJSONString(nil, c.Name), ':')
	}
	buf := make([]byte, 0, 4096)
	for _, b := range batches {
		for r := 0; r < b.N; r++ {
			buf = append(buf[:0], '{')
			for c, v := range b.Cols {
				if c > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, keys[c]...)
				buf = AppendJSONCell(buf, v, r)
			}
			buf = append(buf, '}', '\n')
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeCSV(w *bufio.Writer, schema types.Schema, batches []*column.Batch) error {
	buf := make([]byte, 0, 4096)
	for i, c := range schema {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendCSVField(buf, []byte(c.Name))
	}
	buf = append(buf, '\r', '\n')
	var cell []byte
	for _, b := range batches {
		for r := 0; r < b.N; r++ {
			for c, v := range b.Cols {
				if c > 0 {
					buf = append(buf, ',')
				}
				cell = AppendTextCell(cell[:0], v, r)
				buf = appendCSVField(buf, cell)
			}
			buf = append(buf, '\r', '\n')
			if len(buf) > 32<<10 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendCSVField quotes a field (RFC 4180) when it holds a separator,
// quote, line break or edge space.
func appendCSVField(dst, f []byte) []byte {
	need := len(f) > 0 && (f[0] == ' ' || f[len(f)-1] == ' ')
	for _, c := range f {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			need = true
			break
		}
	}
	if !need {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for _, c := range f {
		if c == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// CellText returns row i of v as text (a copy, safe to keep).
func CellText(v *column.Vector, i int) string { return string(AppendTextCell(nil, v, i)) }
