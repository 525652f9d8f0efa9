package table

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Formats the readers understand, chosen from the file name.
const (
	FormatJSONLines = "jsonl"
	FormatJSON      = "json"
	FormatCSV       = "csv"
)

// FormatOf names the format of a file from its extension (.jsonl,
// .ndjson, .json, .csv, each optionally .gz), or "" when unknown.
func FormatOf(path string) string {
	p := strings.ToLower(path)
	p = strings.TrimSuffix(p, ".gz")
	switch filepath.Ext(p) {
	case ".jsonl", ".ndjson":
		return FormatJSONLines
	case ".json":
		return FormatJSON
	case ".csv":
		return FormatCSV
	}
	return ""
}

// ReadFile loads a file as table name. known is the table's schema when
// the table is known (columns are then typed by it, and columns it lacks
// are appended, typed by inference); nil infers every column.
func ReadFile(path, name string, known types.Schema) (*Table, error) {
	format := FormatOf(path)
	if format == "" {
		return nil, fmt.Errorf("%s: unknown file type: use .jsonl, .ndjson, .json or .csv (optionally .gz)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		defer gz.Close()
		r = gz
	}
	return Read(r, path, format, name, known)
}

// Read loads a table from r in the given format; path only names the
// input in errors ("PATH:LINE: what is wrong").
func Read(r io.Reader, path, format, name string, known types.Schema) (*Table, error) {
	switch format {
	case FormatJSONLines:
		return readJSONLines(r, path, name, known)
	case FormatJSON:
		return readJSON(r, path, name, known)
	case FormatCSV:
		return readCSV(r, path, name, known)
	}
	return nil, fmt.Errorf("%s: unknown format %q", path, format)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readJSON reads a JSON document: an array of records, a {"records":[...]}
// envelope, one record, or several of these one after another (as Log
// Analytics export blobs named .json hold JSON lines).
func readJSON(r io.Reader, path, name string, known types.Schema) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	s := string(data)
	l := newLoader(name, known, false)
	off := 0
	for {
		for off < len(s) && (s[off] == ' ' || s[off] == '\t' || s[off] == '\n' || s[off] == '\r') {
			off++
		}
		if off == len(s) {
			break
		}
		v, n, perr := value.ParseJSONPrefix(s[off:])
		if perr != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, lineAt(s, off+n), perr)
		}
		if rerr := addRecord(l, v, 0); rerr != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, lineAt(s, off), rerr)
		}
		off += n
	}
	return l.finish(), nil
}

func lineAt(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return strings.Count(s[:off], "\n") + 1
}

// addRecord adds the rows a JSON value holds: a flat row object, a
// streaming-API record whose "properties" hold the row, a {"records":[...]}
// envelope, or an array of any of these.
func addRecord(l *loader, v any, depth int) error {
	switch x := v.(type) {
	case *value.Bag:
		if recs, ok := bagGet(x, "records"); ok && x.Len() <= 3 {
			if arr, ok := recs.([]any); ok && depth < 2 {
				for _, r := range arr {
					if err := addRecord(l, r, depth+1); err != nil {
						return err
					}
				}
				return nil
			}
		}
		row := x
		if props, ok := bagGet(x, "properties"); ok {
			if pb, ok := props.(*value.Bag); ok && isEnvelope(x) {
				if cat, ok := bagGet(x, "category"); ok && !categoryMatches(cat, l.name) {
					return nil
				}
				row = pb
			}
		}
		for i, k := range row.Keys {
			l.set(k, row.Values[i])
		}
		l.endRow()
		return nil
	case []any:
		if depth >= 1 {
			return errors.New("expected a JSON object (one record), found an array inside an array")
		}
		for _, r := range x {
			if err := addRecord(l, r, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("expected a JSON object (one record), found %s", kindName(v))
}

// isEnvelope recognises the Defender streaming-API and diagnostic-log
// record shape {time, tenantId, category, properties:{row}}.
func isEnvelope(b *value.Bag) bool {
	for _, k := range b.Keys {
		switch k {
		case "category", "time", "tenantId", "operationName":
			return true
		}
	}
	return false
}

// bagGet looks a key up by scanning: Bag.Get would build an index for
// each wide row, which costs more than it saves for one lookup.
func bagGet(b *value.Bag, key string) (any, bool) {
	for i, k := range b.Keys {
		if k == key {
			return b.Values[i], true
		}
	}
	return nil, false
}

// categoryMatches reports whether a streaming record's category
// ("AdvancedHunting-AlertInfo") belongs to table name; records of other
// tables in a shared stream are skipped.
func categoryMatches(cat any, name string) bool {
	s, ok := cat.(string)
	if !ok || name == "" {
		return true
	}
	const prefix = "AdvancedHunting-"
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return true
	}
	return strings.EqualFold(s[len(prefix):], name)
}

func kindName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a bool"
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func readCSV(r io.Reader, path, name string, known types.Schema) (*Table, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<20))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return newLoader(name, known, true).finish(), nil
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	names := make([]string, len(header))
	used := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if h == "" {
			h = fmt.Sprintf("Column%d", i+1)
		}
		base := h
		for k := 1; used[h]; k++ {
			h = fmt.Sprintf("%s%d", base, k)
		}
		used[h] = true
		names[i] = h
	}
	l := newLoader(name, known, true)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		if len(rec) != len(names) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %d fields, but the header has %d", path, line, len(rec), len(names))
		}
		for i, cell := range rec {
			l.set(names[i], cell)
		}
		l.endRow()
	}
	return l.finish(), nil
}

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}
