package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// input is one file to ingest (or stdin).
type input struct {
	path   string // as the user gave or the walk found it; "-" for stdin
	walked bool   // found by walking a folder (files it cannot place are skipped, not failed)
	size   int64  // bytes on disk; 0 for stdin
	skip   string // why a walked file is passed over
}

// dataExts are the files a folder walk reads (given by name, any file is
// read).
var dataExts = []string{".json", ".jsonl", ".ndjson", ".csv", ".parquet", ".log", ".txt"}

func dataFile(path string) bool {
	name := strings.TrimSuffix(strings.ToLower(path), ".gz")
	ext := filepath.Ext(name)
	for _, e := range dataExts {
		if ext == e {
			return true
		}
	}
	return false
}

func (in *input) name() string {
	if in.path == "-" {
		return "stdin"
	}
	return in.path
}

// expand lists the files to ingest: files as given, folders walked
// recursively in name order (hidden files and folders skipped, and the
// store itself), "-" for stdin.
func expand(paths []string, storeDir string) ([]*input, error) {
	var out []*input
	stdin := false
	for _, p := range paths {
		if p == "-" {
			if stdin {
				return nil, errors.New("stdin (-) is given twice")
			}
			stdin = true
			out = append(out, &input{path: "-"})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		if !st.IsDir() {
			out = append(out, &input{path: p, size: st.Size()})
			continue
		}
		var found []*input
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if storeDir != "" && sameDir(q, storeDir) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			in := &input{path: q, walked: true, size: info.Size()}
			if !dataFile(q) {
				in.skip = "not a data file (" + strings.Join(dataExts, ", ") + ", optionally .gz)"
			}
			found = append(found, in)
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(found, func(i, j int) bool { return found[i].path < found[j].path })
		out = append(out, found...)
	}
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sameDir(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// hashFile is the SHA-256 of a file's bytes; it stops early when ctx is
// cancelled.
func hashFile(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := f.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sourceKey is what the store records for an ingested file: its content
// hash, plus the options that change where its rows go.
func sourceKey(sum string, o *Options) string {
	k := "sha256:" + sum
	if o.Table != "" {
		k += ";table=" + o.Table
	}
	if o.Format != FormatAuto {
		k += ";format=" + o.Format
	}
	return k
}

// counter counts the bytes read from a file (for progress).
type counter struct {
	r io.Reader
	n *atomic.Int64
	h hash.Hash // stdin: hashed as it is read
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	if c.h != nil && n > 0 {
		c.h.Write(p[:n])
	}
	return n, err
}

// opened is an input ready to read: decompressed when it was gzip.
type opened struct {
	r       *bufio.Reader
	closers []io.Closer
	hash    hash.Hash // stdin only
	gz      bool
}

func (o *opened) Close() {
	for i := len(o.closers) - 1; i >= 0; i-- {
		o.closers[i].Close()
	}
}

// open opens an input; gzip (by its magic bytes) is decompressed
// transparently. read counts the raw bytes read.
func open(in *input, stdin io.Reader, read *atomic.Int64) (*opened, error) {
	o := &opened{}
	var r io.Reader
	if in.path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		o.hash = sha256.New()
		r = &counter{r: stdin, n: read, h: o.hash}
	} else {
		f, err := os.Open(in.path)
		if err != nil {
			return nil, err
		}
		o.closers = append(o.closers, f)
		r = &counter{r: f, n: read}
	}
	br := bufio.NewReaderSize(r, 1<<20)
	if m, _ := br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			o.Close()
			return nil, fmt.Errorf("%s: not a readable gzip file: %v", in.name(), err)
		}
		o.closers = append(o.closers, gz)
		o.gz = true
		br = bufio.NewReaderSize(gz, 1<<20)
	}
	o.r = br
	return o, nil
}

// baseName is a file's name without its extensions (AlertInfo.jsonl.gz
// is AlertInfo).
func baseName(path string) string {
	name := filepath.Base(path)
	for ext := filepath.Ext(name); ext != "" && ext != name; ext = filepath.Ext(name) {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

// folderTable is the table a Log Analytics export path names: the
// am-<Table> container or Event Hub.
func folderTable(path string) string {
	parts := strings.FieldsFunc(filepath.ToSlash(path), func(r rune) bool { return r == '/' })
	for i := len(parts) - 1; i >= 0; i-- {
		if t, ok := strings.CutPrefix(strings.ToLower(parts[i]), "am-"); ok && t != "" {
			return parts[i][3:]
		}
	}
	return ""
}

// detect picks the format of an input: --format when given, else from
// the name (.parquet, .csv, optionally .gz) and the first bytes.
func detect(in *input, o *opened, format string) string {
	if format != FormatAuto {
		return format
	}
	if b, _ := o.r.Peek(4); string(b) == "PAR1" {
		return FormatParquet
	}
	name := strings.ToLower(in.path)
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".parquet":
		return FormatParquet
	case ".csv":
		return FormatCSV
	}
	return FormatAuto
}
