package storage

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// fileWriter writes one Parquet file of a table under a temporary name.
// Its schema is fixed when created: batches must conform to it.
type fileWriter struct {
	tmp   string // absolute path while being written
	rel   string // final path relative to the store
	f     *os.File
	out   countingWriter
	w     *parquet.GenericWriter[any]
	sch   types.Schema
	leaf  []int // Parquet leaf column of each Kusto column
	timeI int   // index of the time column in sch, -1 for none

	rows       int64
	groupRows  int64
	rowGroup   int64
	hasTime    bool
	minT, maxT int64

	vals []parquet.Value
	buf  []byte
}

// newFileWriter creates the temporary file and a Parquet writer whose
// per-column encodings are chosen from first (the first rows to write).
func newFileWriter(dir, rel string, sch types.Schema, timeCol string, first *column.Batch, rowGroup int64) (*fileWriter, error) {
	group := parquet.Group{}
	for i, c := range sch {
		var sample *column.Vector
		n := 0
		if first != nil {
			sample, n = first.Cols[i], first.N
		}
		dict, codec := encodingFor(sample, n)
		group[c.Name] = nodeFor(c.Type, dict, codec)
	}
	psch := parquet.NewSchema("quarry", group)
	fw := &fileWriter{rel: rel, sch: sch, timeI: -1, rowGroup: rowGroup}
	if timeCol != "" {
		fw.timeI = sch.Index(timeCol)
	}
	fw.leaf = make([]int, len(sch))
	for i, c := range sch {
		lc, ok := psch.Lookup(c.Name)
		if !ok {
			return nil, fmt.Errorf("internal error: column %q missing from the Parquet schema", c.Name)
		}
		fw.leaf[i] = lc.ColumnIndex
	}
	fw.tmp = dir + string(os.PathSeparator) + rel + ".tmp"
	if err := os.MkdirAll(dirOf(fw.tmp), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(fw.tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	fw.f = f
	fw.out.w = f
	fw.w = parquet.NewGenericWriter[any](&fw.out, psch,
		parquet.Compression(zstdCodec),
		parquet.PageBufferSize(64<<10),
		parquet.DictionaryMaxBytes(dictMaxBytes),
		parquet.WriteBufferSize(256<<10),
		parquet.KeyValueMetadata(schemaKey, schemaText(sch)),
		parquet.CreatedBy("quarry", "1", ""),
	)
	return fw, nil
}

// countingWriter counts the bytes that reached the file.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// buffered estimates the bytes the writer holds in memory: the current
// row group's pages, not yet written out.
func (fw *fileWriter) buffered() int64 { return fw.w.Size() - fw.out.n }

// flushGroup ends the current row group early, to free its memory.
func (fw *fileWriter) flushGroup() error {
	if fw.groupRows == 0 {
		return nil
	}
	fw.groupRows = 0
	return fw.w.Flush()
}

func dirOf(p string) string {
	i := strings.LastIndexByte(p, os.PathSeparator)
	if i < 0 {
		return "."
	}
	return p[:i]
}

func schemaText(sch types.Schema) string {
	s := sch.String()
	return s[1 : len(s)-1]
}

// write appends a batch whose columns follow fw.sch, splitting it at row
// group boundaries.
func (fw *fileWriter) write(b *column.Batch) error {
	for lo := 0; lo < b.N; {
		hi := b.N
		if room := fw.rowGroup - fw.groupRows; int64(hi-lo) > room {
			hi = lo + int(room)
		}
		part := column.SliceBatch(b, lo, hi)
		for i, v := range part.Cols {
			if err := fw.writeColumn(i, v, part.N); err != nil {
				return fmt.Errorf("writing column %s: %w", fw.sch[i].Name, err)
			}
		}
		fw.noteTimes(part)
		fw.rows += int64(part.N)
		fw.groupRows += int64(part.N)
		if fw.groupRows >= fw.rowGroup {
			if err := fw.w.Flush(); err != nil {
				return err
			}
			fw.groupRows = 0
		}
		lo = hi
	}
	return nil
}

func (fw *fileWriter) noteTimes(b *column.Batch) {
	if fw.timeI < 0 {
		return
	}
	v := b.Cols[fw.timeI]
	for i := 0; i < b.N; i++ {
		if v.IsNull(i) {
			continue
		}
		t := v.Int(i)
		if !fw.hasTime {
			fw.minT, fw.maxT, fw.hasTime = t, t, true
		} else if t < fw.minT {
			fw.minT = t
		} else if t > fw.maxT {
			fw.maxT = t
		}
	}
}

// writeColumn turns one vector into Parquet values. Byte values alias the
// vector's arena or fw.buf: the column writer copies them.
func (fw *fileWriter) writeColumn(i int, v *column.Vector, n int) error {
	leaf := fw.leaf[i]
	vals := fw.vals[:0]
	def := func(r int) bool { return !v.IsNull(r) }
	switch fw.sch[i].Type {
	case types.String, types.Guid:
		for r := 0; r < n; r++ {
			vals = append(vals, parquet.ByteArrayValue(bytesOf(v.Str(r))).Level(0, 0, leaf))
		}
	case types.Bool:
		for r := 0; r < n; r++ {
			if def(r) {
				vals = append(vals, parquet.BooleanValue(v.Bool(r)).Level(0, 1, leaf))
			} else {
				vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
			}
		}
	case types.Int:
		for r := 0; r < n; r++ {
			if def(r) {
				vals = append(vals, parquet.Int32Value(int32(v.Int(r))).Level(0, 1, leaf))
			} else {
				vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
			}
		}
	case types.Long, types.DateTime, types.TimeSpan:
		for r := 0; r < n; r++ {
			if def(r) {
				vals = append(vals, parquet.Int64Value(v.Int(r)).Level(0, 1, leaf))
			} else {
				vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
			}
		}
	case types.Decimal:
		vals = fw.decimalValues(vals, v, n, leaf)
	case types.Real:
		for r := 0; r < n; r++ {
			if def(r) {
				vals = append(vals, parquet.DoubleValue(v.Real(r)).Level(0, 1, leaf))
			} else {
				vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
			}
		}
	case types.Dynamic:
		// Encode every row first: values point into fw.buf, which must
		// not move while they are alive.
		buf := fw.buf[:0]
		ends := make([]int, n)
		for r := 0; r < n; r++ {
			if d := v.Dyn(r); d != nil {
				buf = appendDyn(buf, d)
			}
			ends[r] = len(buf)
		}
		fw.buf = buf
		start := 0
		for r := 0; r < n; r++ {
			if v.Dyn(r) != nil {
				vals = append(vals, parquet.ByteArrayValue(buf[start:ends[r]:ends[r]]).Level(0, 1, leaf))
			} else {
				vals = append(vals, parquet.NullValue().Level(0, 0, leaf))
			}
			start = ends[r]
		}
	default:
		return fmt.Errorf("type %s cannot be stored", fw.sch[i].Type)
	}
	fw.vals = vals[:0]
	got, err := fw.w.ColumnWriters()[leaf].WriteRowValues(vals)
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("wrote %d of %d rows", got, n)
	}
	return nil
}

// appendDyn is the stored text of a dynamic value: its JSON.
func appendDyn(dst []byte, d any) []byte { return value.AppendJSON(dst, d) }

func bytesOf(s string) []byte {
	if s == "" {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// finish closes the Parquet file and makes its bytes durable under the
// temporary name; it returns the file's size.
func (fw *fileWriter) finish() (int64, error) {
	if err := fw.w.Close(); err != nil {
		fw.f.Close()
		return 0, err
	}
	if err := fw.f.Sync(); err != nil {
		fw.f.Close()
		return 0, err
	}
	st, err := fw.f.Stat()
	if err != nil {
		fw.f.Close()
		return 0, err
	}
	if err := fw.f.Close(); err != nil {
		return 0, err
	}
	// A finished file waits for the commit: keep its name and counts,
	// not the writer's buffers.
	fw.f, fw.w, fw.out.w, fw.vals, fw.buf = nil, nil, nil, nil, nil
	return st.Size(), nil
}

// discard abandons the file.
func (fw *fileWriter) discard() {
	if fw.f != nil {
		fw.f.Close()
		fw.f = nil
	}
	os.Remove(fw.tmp)
}

func (fw *fileWriter) meta(size, gen int64) *fileMeta {
	m := &fileMeta{Path: fw.rel, Rows: fw.rows, Bytes: size, Generation: gen}
	if fw.hasTime {
		lo, hi := fw.minT, fw.maxT
		m.MinTime, m.MaxTime = &lo, &hi
	}
	return m
}
