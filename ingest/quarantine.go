package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/kql/value"
)

// quarantineDir is the store's folder of bad records, beside its tables.
const quarantineDir = "quarantine"

// quarantine collects the bad records of one file (with --on-error skip)
// in a JSON lines file, one {"source","line","error","record"} per bad
// record. It is written under a temporary name and published with the
// file's commit; its name derives from the file's content hash, so that
// a rerun after a crash replaces it rather than adding another.
type quarantine struct {
	dir, base, final, tmp string
	f                     *os.File
	w                     *bufio.Writer
	n                     int64
	buf                   []byte
}

func newQuarantine(storeDir, source string) *quarantine {
	base := baseName(source)
	if source == "-" {
		base = "stdin"
	}
	base = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, base)
	dir := filepath.Join(storeDir, quarantineDir)
	tmp := fmt.Sprintf(".%s.%d-%d.tmp", base, os.Getpid(), time.Now().UnixNano())
	return &quarantine{dir: dir, base: base, tmp: filepath.Join(dir, tmp)}
}

func (q *quarantine) add(source string, b badRecord) error {
	if q.f == nil {
		if err := os.MkdirAll(q.dir, 0o755); err != nil {
			return err
		}
		f, err := os.Create(q.tmp)
		if err != nil {
			return err
		}
		q.f, q.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	q.n++
	buf := append(q.buf[:0], `{"source":`...)
	buf = value.AppendJSONString(buf, source)
	buf = append(buf, `,"line":`...)
	buf = strconv.AppendInt(buf, int64(b.line), 10)
	buf = append(buf, `,"error":`...)
	buf = value.AppendJSONString(buf, b.msg)
	buf = append(buf, `,"record":`...)
	buf = value.AppendJSONString(buf, string(b.text))
	buf = append(buf, "}\n"...)
	q.buf = buf
	_, err := q.w.Write(buf)
	return err
}

// publish makes the file durable under its final name (before the
// store's commit: a crash between the two leaves a quarantine file that
// the rerun of the same input replaces).
func (q *quarantine) publish(key string) error {
	if q.f == nil {
		return nil
	}
	sum := key
	if i := strings.IndexByte(sum, ':'); i >= 0 {
		sum = sum[i+1:]
	}
	if len(sum) > 12 {
		sum = sum[:12]
	}
	q.final = filepath.Join(q.dir, q.base+"."+sum+".jsonl")
	err := q.w.Flush()
	if err == nil {
		err = q.f.Sync()
	}
	if cerr := q.f.Close(); err == nil {
		err = cerr
	}
	q.f = nil
	if err == nil {
		err = os.Rename(q.tmp, q.final)
	}
	if err != nil {
		os.Remove(q.tmp)
	}
	return err
}

// discard drops the file (its ingest failed).
func (q *quarantine) discard() {
	if q.f != nil {
		q.f.Close()
		q.f = nil
		os.Remove(q.tmp)
	}
}

// unpublish removes a published file whose commit then failed.
func (q *quarantine) unpublish() {
	if q.n > 0 && q.final != "" {
		os.Remove(q.final)
	}
}

// cleanQuarantine removes temporary files an interrupted ingest left. The
// caller holds the store's writer lock, so no other ingest is writing
// one.
func cleanQuarantine(storeDir string) {
	entries, _ := os.ReadDir(filepath.Join(storeDir, quarantineDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp") {
			os.Remove(filepath.Join(storeDir, quarantineDir, e.Name()))
		}
	}
}
