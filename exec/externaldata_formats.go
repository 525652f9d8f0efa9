package exec

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// recordReader reads one source's records into a builder: fill appends
// up to max rows and returns how many, with io.EOF once the source is
// done. Values convert to the schema's types as ingestion does (a value
// that does not convert is null): see table.Builder.
type recordReader interface {
	fill(b *table.Builder, max int) (int, error)
	close()
}

func newRecordReader(format string, src io.ReadCloser, out types.Schema, p externalProps) (recordReader, error) {
	switch format {
	case "csv", "tsv", "psv", "scsv", "sohsv":
		return newDelimitedReader(format, src, out, p), nil
	case "txt", "raw":
		if p.mapping != nil {
			return nil, fmt.Errorf("ingestionMapping does not apply to format %s (each record is one text value)", format)
		}
		return &textReader{src: src, br: bufio.NewReaderSize(src, 64<<10), raw: format == "raw", skip: p.ignoreFirst}, nil
	case "json", "multijson":
		return newJSONReader(format, src, out, p)
	case "parquet":
		return newParquetReader(src, out, p)
	}
	src.Close()
	if err := checkExternalFormat(format); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("format %s has no reader", format)
}

// delimitedReader reads CSV and its variants (RFC 4180 quoting): fields
// map to the columns by position, or by the mapping's ordinals.
type delimitedReader struct {
	src   io.ReadCloser
	cr    *csv.Reader
	skip  bool
	m     []colSource
	cells []string
}

func newDelimitedReader(format string, src io.ReadCloser, out types.Schema, p externalProps) *delimitedReader {
	cr := csv.NewReader(bufio.NewReaderSize(src, 64<<10))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	switch format {
	case "tsv":
		cr.Comma = '\t'
	case "psv":
		cr.Comma = '|'
	case "scsv":
		cr.Comma = ';'
	case "sohsv":
		cr.Comma = '\x01'
	}
	return &delimitedReader{src: src, cr: cr, skip: p.ignoreFirst, m: p.mapping, cells: make([]string, len(out))}
}

func (r *delimitedReader) fill(b *table.Builder, max int) (int, error) {
	n := 0
	for n < max {
		rec, err := r.cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return n, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return n, err
		}
		if r.skip {
			r.skip = false
			continue
		}
		if r.m == nil {
			b.AppendText(rec)
		} else {
			for i, s := range r.m {
				r.cells[i] = ""
				switch {
				case s.constant != nil:
					r.cells[i] = *s.constant
				case s.set && s.ordinal >= 0 && s.ordinal < len(rec):
					r.cells[i] = rec[s.ordinal]
				}
			}
			b.AppendText(r.cells)
		}
		n++
	}
	return n, nil
}

func (r *delimitedReader) close() { r.src.Close() }

// textReader reads txt (each non-empty line a record) and raw (the whole
// content one record); the text goes to the first column.
type textReader struct {
	src  io.ReadCloser
	br   *bufio.Reader
	raw  bool
	skip bool
	done bool
	line []string
}

func (r *textReader) fill(b *table.Builder, max int) (int, error) {
	if r.done {
		return 0, io.EOF
	}
	if r.raw {
		r.done = true
		data, err := io.ReadAll(r.br)
		if err != nil {
			return 0, err
		}
		if len(data) == 0 || r.skip {
			return 0, io.EOF
		}
		b.AppendText([]string{string(data)})
		return 1, io.EOF
	}
	n := 0
	var buf []byte
	for n < max {
		buf = buf[:0]
		var err error
		for {
			var chunk []byte
			chunk, err = r.br.ReadSlice('\n')
			buf = append(buf, chunk...)
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return n, err
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte{'\n'}), []byte{'\r'})
		if len(line) > 0 {
			if r.skip {
				r.skip = false
			} else {
				if r.line == nil {
					r.line = make([]string, 1)
				}
				r.line[0] = string(line)
				b.AppendText(r.line)
				n++
			}
		}
		if err == io.EOF {
			r.done = true
			return n, io.EOF
		}
	}
	return n, nil
}

func (r *textReader) close() { r.src.Close() }

// jsonReader reads json (one object a record, one after another) and
// multijson (objects or arrays of objects, one after another). Fields
// map to the columns by name, or by the mapping's paths.
type jsonReader struct {
	src   io.ReadCloser
	multi bool
	text  string
	off   int
	skip  bool
	out   types.Schema
	m     []colSource
	row   []any
	// pending are the rest of a top-level array's records.
	pending []any
	pendOff int // offset of that array, for errors
}

func newJSONReader(format string, src io.ReadCloser, out types.Schema, p externalProps) (*jsonReader, error) {
	data, err := io.ReadAll(src)
	if err != nil {
		src.Close()
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	return &jsonReader{src: src, multi: format == "multijson", text: string(data), skip: p.ignoreFirst, out: out, m: p.mapping, row: make([]any, len(out))}, nil
}

func (r *jsonReader) fill(b *table.Builder, max int) (int, error) {
	n := 0
	for n < max {
		var rec any
		var at int
		if len(r.pending) > 0 {
			rec, r.pending = r.pending[0], r.pending[1:]
			at = r.pendOff
		} else {
			for r.off < len(r.text) && isJSONSpace(r.text[r.off]) {
				r.off++
			}
			if r.off == len(r.text) {
				return n, io.EOF
			}
			at = r.off
			v, k, err := value.ParseJSONPrefix(r.text[r.off:])
			if err != nil {
				return n, fmt.Errorf("line %d: %v", lineOf(r.text, r.off+k), err)
			}
			r.off += k
			if arr, ok := v.([]any); ok {
				if !r.multi {
					return n, fmt.Errorf("line %d: format json holds one JSON object per record, but this is an array; use format multijson for arrays of records", lineOf(r.text, at))
				}
				r.pending, r.pendOff = arr, at
				continue
			}
			rec = v
		}
		bag, ok := rec.(*value.Bag)
		if !ok {
			return n, fmt.Errorf("line %d: expected a JSON object (one record), found %s", lineOf(r.text, at), jsonKind(rec))
		}
		if r.skip {
			r.skip = false
			continue
		}
		for i, c := range r.out {
			switch {
			case r.m == nil:
				r.row[i] = bagValue(bag, c.Name)
			case r.m[i].constant != nil:
				r.row[i] = *r.m[i].constant
			case r.m[i].path != nil:
				r.row[i] = walkPath(bag, r.m[i].path)
			default:
				r.row[i] = nil
			}
		}
		b.Append(r.row)
		n++
	}
	return n, nil
}

func (r *jsonReader) close() { r.src.Close() }

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func lineOf(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return strings.Count(s[:off], "\n") + 1
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a bool"
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

// parquetReader reads a Parquet file (held in memory: Parquet needs
// random access); columns map by name, or by the mapping's paths (the
// first step names the column).
type parquetReader struct {
	pf     *parquet.File
	cols   []table.ParquetColumn
	nested bool
	// want[i] is the file column of schema column i (-1: none) and
	// rest[i] the path below it.
	want  []int
	rest  [][]pathStep
	konst []*string
	skip  bool

	groups []parquet.RowGroup
	g      int
	rows   parquet.Rows
	left   int64
	buf    []parquet.Row
	bufN   int
	bufAt  int
	row    []any
	rec    map[string]any
}

func newParquetReader(src io.ReadCloser, out types.Schema, p externalProps) (r *parquetReader, err error) {
	data, err := io.ReadAll(src)
	src.Close()
	if err != nil {
		return nil, err
	}
	pf, err := table.OpenParquet(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable Parquet file: %v", err)
	}
	cols, nested, err := table.ParquetColumns(pf)
	if err != nil {
		return nil, fmt.Errorf("not a readable Parquet file: %v", err)
	}
	r = &parquetReader{pf: pf, cols: cols, nested: nested, skip: p.ignoreFirst, groups: pf.RowGroups(),
		want: make([]int, len(out)), rest: make([][]pathStep, len(out)), konst: make([]*string, len(out)),
		buf: make([]parquet.Row, 256), row: make([]any, len(out))}
	byName := map[string]int{}
	for i, c := range cols {
		if _, ok := byName[c.Name]; !ok {
			byName[c.Name] = i
		}
	}
	for i, c := range out {
		r.want[i] = -1
		name := c.Name
		if p.mapping != nil {
			s := p.mapping[i]
			switch {
			case s.constant != nil:
				r.konst[i] = s.constant
				continue
			case len(s.path) > 0 && s.path[0].index < 0:
				name, r.rest[i] = s.path[0].key, s.path[1:]
			default:
				continue
			}
		}
		if k, ok := byName[name]; ok {
			r.want[i] = k
		}
	}
	return r, nil
}

func (r *parquetReader) fill(b *table.Builder, max int) (n int, err error) {
	defer func() {
		// The Parquet library may panic on a damaged file.
		if x := recover(); x != nil {
			err = fmt.Errorf("not a readable Parquet file: %v", x)
		}
	}()
	for n < max {
		if r.bufAt == r.bufN {
			more, err := r.read()
			if err != nil {
				return n, err
			}
			if !more {
				return n, io.EOF
			}
		}
		row := r.buf[r.bufAt]
		r.bufAt++
		if r.skip {
			r.skip = false
			continue
		}
		if r.nested {
			clear(r.rec)
			if r.rec == nil {
				r.rec = map[string]any{}
			}
			if err := r.pf.Schema().Reconstruct(&r.rec, row); err != nil {
				return n, err
			}
		}
		for i := range r.row {
			r.row[i] = nil
			if r.konst[i] != nil {
				r.row[i] = *r.konst[i]
				continue
			}
			k := r.want[i]
			if k < 0 {
				continue
			}
			c := r.cols[k]
			var v any
			if c.Leaf >= 0 {
				if pv := table.ParquetLeafValue(row, c.Leaf); !pv.IsNull() {
					v = c.Conv(pv)
				}
			} else {
				v = table.ParquetNested(r.rec[c.Name])
			}
			if len(r.rest[i]) > 0 {
				v = walkPath(v, r.rest[i])
			}
			r.row[i] = v
		}
		b.Append(r.row)
		n++
	}
	return n, nil
}

// read refills the row buffer, moving through the row groups; false at
// the file's end.
func (r *parquetReader) read() (bool, error) {
	for {
		if r.rows == nil {
			if r.g == len(r.groups) {
				return false, nil
			}
			r.rows = r.groups[r.g].Rows()
			r.left = r.groups[r.g].NumRows()
			r.g++
		}
		k, err := r.rows.ReadRows(r.buf)
		if k > 0 && int64(k) > r.left || err == nil && k == 0 {
			// A damaged file can promise rows it does not hold.
			return false, errors.New("not a readable Parquet file: a row group holds fewer rows than it claims")
		}
		r.left -= int64(k)
		r.bufAt, r.bufN = 0, k
		if err == io.EOF {
			r.rows.Close()
			r.rows = nil
			err = nil
		}
		if err != nil {
			return false, fmt.Errorf("not a readable Parquet file: %v", err)
		}
		if k > 0 {
			return true, nil
		}
	}
}

func (r *parquetReader) close() {
	if r.rows != nil {
		r.rows.Close()
		r.rows = nil
	}
}
