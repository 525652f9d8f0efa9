package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
)

// Commit makes the appended rows visible, atomically, and records
// sourceHash (the content hash of the ingested file; "" for none) so that
// HasSource reports it. On error nothing is visible.
func (t *Txn) Commit(sourceHash string) error {
	if t.closed {
		return errors.New("storage: commit of a finished transaction")
	}
	t.closed = true
	defer t.s.unlockWriter()
	if t.err != nil {
		t.discardAll(false)
		return t.err
	}
	for len(t.open) > 0 {
		if err := t.finish(t.open[0]); err != nil {
			t.discardAll(false)
			return err
		}
	}
	if len(t.done) == 0 && sourceHash == "" && len(t.retire) == 0 && !t.schemaChanged() {
		return nil
	}
	hook("data-written")
	if err := t.publish(); err != nil {
		t.discardAll(true)
		return err
	}
	hook("data-renamed")
	m := t.next(sourceHash)
	if err := t.s.writeManifest(m); err != nil {
		// The rename may or may not have happened; if it did not, the
		// files are orphans that the next writer removes.
		if cur, _ := t.s.snapshot(); cur == nil || cur.Generation != m.Generation {
			t.discardAll(true)
		}
		return fmt.Errorf("committing to the store: %w", err)
	}
	t.deleteExpired(m)
	return nil
}

// schemaChanged reports whether a table was created or gained columns
// even though no rows were written (an empty file still declares them).
func (t *Txn) schemaChanged() bool {
	for _, tt := range t.order {
		bt := t.base.table(tt.name)
		if bt == nil || len(bt.schema) != len(tt.sch) {
			return true
		}
	}
	return false
}

// publish renames the finished files to their final names and makes the
// renames durable.
func (t *Txn) publish() error {
	dirs := map[string]bool{}
	for _, of := range t.done {
		final := filepath.Join(t.s.dir, filepath.FromSlash(of.fw.rel))
		if err := os.Rename(of.fw.tmp, final); err != nil {
			return err
		}
		d := filepath.Dir(final)
		dirs[d] = true
		dirs[filepath.Dir(d)] = true
	}
	if len(dirs) > 0 {
		dirs[filepath.Join(t.s.dir, "tables")] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// next builds the manifest this transaction commits.
func (t *Txn) next(sourceHash string) *manifest {
	now := time.Now().UTC()
	m := t.base.clone()
	m.Generation = t.gen
	for _, tt := range t.order {
		tm := m.table(tt.name)
		if tm == nil {
			tm = &tableMeta{Name: tt.name, Dir: tt.dir, TimeColumn: tt.timeCol}
			m.Tables = append(m.Tables, tm)
		}
		tm.Columns, tm.schema = columnsOf(tt.sch), append(types.Schema(nil), tt.sch...)
	}
	for _, of := range t.done {
		tm := m.table(of.t.name)
		p := tm.partition(of.key)
		if p == nil {
			p = &partitionMeta{Key: of.key}
			tm.Partitions = append(tm.Partitions, p)
		}
		p.Files = append(p.Files, of.fw.meta(of.size, t.gen))
	}
	if len(t.retire) > 0 {
		gone := map[string]bool{}
		for _, r := range t.retire {
			gone[r] = true
			m.Retired = append(m.Retired, &retired{Path: r, Retired: now.Format(time.RFC3339Nano)})
		}
		for _, tm := range m.Tables {
			for _, p := range tm.Partitions {
				kept := p.Files[:0]
				for _, f := range p.Files {
					if !gone[f.Path] {
						kept = append(kept, f)
					}
				}
				p.Files = kept
			}
		}
	}
	for _, tm := range m.Tables {
		kept := tm.Partitions[:0]
		for _, p := range tm.Partitions {
			if len(p.Files) > 0 {
				kept = append(kept, p)
			}
		}
		tm.Partitions = kept
		sort.Slice(tm.Partitions, func(i, j int) bool { return tm.Partitions[i].Key < tm.Partitions[j].Key })
	}
	sort.Slice(m.Tables, func(i, j int) bool { return m.Tables[i].Name < m.Tables[j].Name })
	expired := t.s.expired(m, now)
	keptR := m.Retired[:0]
	for _, r := range m.Retired {
		if !expired[r.Path] {
			keptR = append(keptR, r)
		}
	}
	m.Retired = keptR
	if sourceHash != "" {
		src := &sourceMeta{Hash: sourceHash, Generation: t.gen, Committed: now.Format(time.RFC3339), Rows: t.rows}
		if m.sources[sourceHash] != nil {
			for i, s := range m.Sources {
				if s.Hash == sourceHash {
					m.Sources[i] = src
				}
			}
		} else {
			m.Sources = append(m.Sources, src)
		}
		m.sources[sourceHash] = src
	}
	return m
}

// deleteExpired removes the files whose retirement the committed manifest
// no longer lists.
func (t *Txn) deleteExpired(m *manifest) {
	listed := map[string]bool{}
	for _, r := range m.Retired {
		listed[r.Path] = true
	}
	for _, r := range t.base.Retired {
		if !listed[r.Path] {
			os.Remove(filepath.Join(t.s.dir, filepath.FromSlash(r.Path)))
		}
	}
}
