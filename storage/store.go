package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Options tune a store; zero fields take the defaults.
type Options struct {
	// RowGroupRows is the number of rows per Parquet row group, the unit
	// that a scan decodes at once (default 131072).
	RowGroupRows int64
	// FileRows is the most rows a transaction writes to one file before
	// starting another (default 4194304).
	FileRows int64
	// SmallFileRows: Compact merges the files of a partition that hold
	// fewer rows than this (default FileRows/4).
	SmallFileRows int64
	// MaxOpenFiles bounds the files a transaction writes at once (one per
	// table and day); past it the least recently used is finished
	// (default 64: input spread over two months stays one file per day).
	MaxOpenFiles int
	// WriteMemory bounds the bytes of row groups that a transaction's open
	// files hold before writing them out (default 128 MiB): input spread
	// over many days gets smaller row groups instead of more memory.
	WriteMemory int64
	// LockTimeout is how long Begin waits for another writer (default 1m).
	LockTimeout time.Duration
	// RetireGrace is how long files replaced by a compaction are kept for
	// readers of the previous manifest (default 10m).
	RetireGrace time.Duration
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.RowGroupRows <= 0 {
		c.RowGroupRows = 128 << 10
	}
	if c.FileRows <= 0 {
		c.FileRows = 4 << 20
	}
	if c.SmallFileRows <= 0 {
		c.SmallFileRows = c.FileRows / 4
	}
	if c.MaxOpenFiles <= 0 {
		c.MaxOpenFiles = 64
	}
	if c.WriteMemory <= 0 {
		c.WriteMemory = 128 << 20
	}
	if c.LockTimeout <= 0 {
		c.LockTimeout = time.Minute
	}
	if c.RetireGrace <= 0 {
		c.RetireGrace = 10 * time.Minute
	}
	return c
}

// Store is an embedded store in one directory. It is safe for concurrent
// use; writes are serialised (one transaction at a time, across processes
// too), reads never wait for writes.
type Store struct {
	dir  string
	opts Options

	mu      sync.Mutex // guards man and manStat
	man     *manifest
	manStat os.FileInfo

	wmu      sync.Mutex // held by the open transaction or compaction
	lockFile *os.File
	cleaned  bool // cleanup ran under this store's lock

	filesOpened atomic.Int64 // Parquet files opened by scans (for tests and stats)
}

// Open opens the store in dir, creating the directory if needed. When no
// other process is writing, it removes what an interrupted write left
// (temporary files, files no manifest names, retired files past their
// grace period).
func Open(dir string, opts *Options) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the store directory: %w", err)
	}
	s := &Store{dir: abs, opts: opts.withDefaults()}
	if _, err := s.snapshot(); err != nil {
		return nil, err
	}
	ok, err := s.lock(false)
	if err != nil {
		return nil, err
	}
	if ok {
		defer s.unlockWriter()
		m, err := s.snapshot()
		if err != nil {
			return nil, err
		}
		if err := s.cleanup(m); err != nil {
			return nil, err
		}
		s.cleaned = true
	}
	return s, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// snapshot returns the committed manifest, reloading it when another
// process has committed since it was last read.
func (s *Store) snapshot() (*manifest, error) {
	p := filepath.Join(s.dir, manifestName)
	st, err := os.Stat(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if errors.Is(err, fs.ErrNotExist) {
		if s.man == nil || s.manStat != nil {
			s.man, s.manStat = emptyManifest(), nil
		}
		return s.man, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.dir, err)
	}
	if s.man != nil && s.manStat != nil && os.SameFile(st, s.manStat) && st.ModTime().Equal(s.manStat.ModTime()) && st.Size() == s.manStat.Size() {
		return s.man, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.dir, err)
	}
	m, err := parseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("store %s: %s is damaged: %v; restore it from a backup, or move the directory away to start an empty store", s.dir, manifestName, err)
	}
	s.man, s.manStat = m, st
	return m, nil
}

// lock takes the writer lock: the in-process mutex, then the LOCK file.
// With wait it retries until LockTimeout; without, it reports false when
// another process holds the lock.
func (s *Store) lock(wait bool) (bool, error) {
	s.wmu.Lock()
	f, err := os.OpenFile(filepath.Join(s.dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		s.wmu.Unlock()
		return false, fmt.Errorf("cannot open the store's lock file: %w", err)
	}
	deadline := time.Now().Add(s.opts.LockTimeout)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			s.wmu.Unlock()
			return false, fmt.Errorf("cannot lock the store: %w", err)
		}
		if ok {
			break
		}
		if !wait || time.Now().After(deadline) {
			holder, _ := os.ReadFile(f.Name())
			f.Close()
			s.wmu.Unlock()
			if !wait {
				return false, nil
			}
			return false, fmt.Errorf("the store %s is being written by another quarry process%s; wait for it to finish and try again", s.dir, pidNote(holder))
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())), 0)
	s.lockFile = f
	return true, nil
}

func pidNote(holder []byte) string {
	if pid := strings.TrimSpace(string(holder)); pid != "" {
		return " (pid " + pid + ")"
	}
	return ""
}

func (s *Store) unlockWriter() {
	if s.lockFile != nil {
		s.lockFile.Truncate(0)
		unlock(s.lockFile)
		s.lockFile.Close()
		s.lockFile = nil
	}
	s.wmu.Unlock()
}

// cleanup deletes what no committed manifest needs: temporary files,
// Parquet files that m does not name (written by a transaction that did
// not commit) and retired files past their grace period. The caller holds
// the writer lock.
func (s *Store) cleanup(m *manifest) error {
	live := map[string]bool{}
	for _, t := range m.Tables {
		for _, p := range t.Partitions {
			for _, f := range p.Files {
				live[f.Path] = true
			}
		}
	}
	gone := s.expired(m, time.Now())
	for _, r := range m.Retired {
		if !gone[r.Path] {
			live[r.Path] = true
		}
	}
	entries, _ := os.ReadDir(s.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), manifestName+".") && strings.HasSuffix(e.Name(), ".tmp") {
			os.Remove(filepath.Join(s.dir, e.Name()))
		}
	}
	root := filepath.Join(s.dir, "tables")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".tmp") || strings.HasSuffix(rel, ".parquet") && !live[rel] {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cleaning the store: %w", err)
	}
	removeEmptyDirs(root)
	return nil
}

// expired lists the retired files whose grace period is over.
func (s *Store) expired(m *manifest, now time.Time) map[string]bool {
	out := map[string]bool{}
	for _, r := range m.Retired {
		t, err := time.Parse(time.RFC3339Nano, r.Retired)
		if err != nil || now.Sub(t) >= s.opts.RetireGrace {
			out[r.Path] = true
		}
	}
	return out
}

// removeEmptyDirs removes empty partition and table directories.
func removeEmptyDirs(root string) {
	tables, _ := os.ReadDir(root)
	for _, t := range tables {
		if !t.IsDir() {
			continue
		}
		td := filepath.Join(root, t.Name())
		parts, _ := os.ReadDir(td)
		for _, p := range parts {
			if p.IsDir() {
				os.Remove(filepath.Join(td, p.Name())) // fails unless empty
			}
		}
		os.Remove(td)
	}
}

// TableInfo describes a stored table.
type TableInfo struct {
	Name   string
	Schema types.Schema
	// TimeColumn is the column the table is partitioned by ("" for none).
	TimeColumn string
	Rows       int64
	// MinTime and MaxTime bound the time column; meaningful when HasTime.
	MinTime, MaxTime value.DateTime
	HasTime          bool
	Bytes            int64
	Files            int
	Partitions       int
}

// Tables lists the stored tables by name.
func (s *Store) Tables() ([]TableInfo, error) {
	m, err := s.snapshot()
	if err != nil {
		return nil, err
	}
	out := make([]TableInfo, 0, len(m.Tables))
	for _, t := range m.Tables {
		ti := TableInfo{Name: t.Name, Schema: append(types.Schema(nil), t.schema...), TimeColumn: t.TimeColumn, Partitions: len(t.Partitions)}
		for _, p := range t.Partitions {
			for _, f := range p.Files {
				ti.Rows += f.Rows
				ti.Bytes += f.Bytes
				ti.Files++
				if f.MinTime != nil {
					if !ti.HasTime || value.DateTime(*f.MinTime) < ti.MinTime {
						ti.MinTime = value.DateTime(*f.MinTime)
					}
					if !ti.HasTime || value.DateTime(*f.MaxTime) > ti.MaxTime {
						ti.MaxTime = value.DateTime(*f.MaxTime)
					}
					ti.HasTime = true
				}
			}
		}
		out = append(out, ti)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Table returns a stored table's schema (the binder's schema source). A
// store whose manifest cannot be read answers that it has no tables; Scan
// and Tables report the error.
func (s *Store) Table(name string) (types.Schema, bool) {
	m, err := s.snapshot()
	if err != nil {
		return nil, false
	}
	if t := m.table(name); t != nil {
		return append(types.Schema(nil), t.schema...), true
	}
	return nil, false
}

// Names lists the stored tables, sorted.
func (s *Store) Names() []string {
	m, err := s.snapshot()
	if err != nil {
		return nil
	}
	out := make([]string, len(m.Tables))
	for i, t := range m.Tables {
		out[i] = t.Name
	}
	sort.Strings(out)
	return out
}

// HasSource reports whether a source file with this content hash was
// committed, so that ingesting it again can be skipped.
func (s *Store) HasSource(hash string) (bool, error) {
	m, err := s.snapshot()
	if err != nil {
		return false, err
	}
	return m.sources[hash] != nil, nil
}

// writeManifest commits m: temporary file, fsync, rename over the
// manifest, fsync of the directory.
func (s *Store) writeManifest(m *manifest) error {
	data, err := m.encode()
	if err != nil {
		return err
	}
	tmp := filepath.Join(s.dir, manifestName+"."+randomID()+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	hook("manifest-written")
	if err := os.Rename(tmp, filepath.Join(s.dir, manifestName)); err != nil {
		os.Remove(tmp)
		return err
	}
	hook("manifest-renamed")
	if err := syncDir(s.dir); err != nil {
		return err
	}
	st, err := os.Stat(filepath.Join(s.dir, manifestName))
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.man, s.manStat = m, st
	s.mu.Unlock()
	return nil
}

// hook lets the crash test stop the process at a named point of a commit.
var hook = func(string) {}
