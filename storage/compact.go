package storage

import (
	"context"
	"fmt"
	"io"
)

// CompactStats says what a compaction did.
type CompactStats struct {
	Partitions  int // partitions rewritten
	FilesBefore int // small files merged
	FilesAfter  int // files written in their place
	Rows        int64
}

// Compact merges, in each partition, the files holding fewer than
// Options.SmallFileRows rows into one (or more of Options.FileRows each),
// with the same commit protocol as ingest: readers see the old files or
// the merged ones, never both or neither. Replaced files are kept for
// Options.RetireGrace for readers that started before.
func (s *Store) Compact() (CompactStats, error) {
	var st CompactStats
	tx, err := s.Begin()
	if err != nil {
		return st, err
	}
	for _, tm := range tx.base.Tables {
		for _, p := range tm.Partitions {
			var small []*fileMeta
			for _, f := range p.Files {
				if f.Rows < s.opts.SmallFileRows {
					small = append(small, f)
				}
			}
			if len(small) < 2 {
				continue
			}
			if err := tx.merge(tm, p.Key, small); err != nil {
				tx.Abort()
				return CompactStats{}, fmt.Errorf("compacting table %s, partition %s: %w", tm.Name, p.Key, err)
			}
			st.Partitions++
			st.FilesBefore += len(small)
			for _, f := range small {
				st.Rows += f.Rows
			}
		}
	}
	if st.Partitions == 0 {
		return st, tx.Abort()
	}
	// Finish the files now, to count them.
	for len(tx.open) > 0 {
		if err := tx.finish(tx.open[0]); err != nil {
			tx.Abort()
			return CompactStats{}, err
		}
	}
	st.FilesAfter = len(tx.done)
	if err := tx.Commit(""); err != nil {
		return CompactStats{}, err
	}
	return st, nil
}

// merge rewrites files of one partition as new files of the transaction
// and retires them.
func (t *Txn) merge(tm *tableMeta, key string, files []*fileMeta) error {
	tt, err := t.table(tm.Name, tm.schema)
	if err != nil {
		return err
	}
	cols := make([]readCol, len(tt.sch))
	for i, c := range tt.sch {
		cols[i] = readCol{name: c.Name, typ: c.Type}
	}
	r := &Reader{ctx: context.Background(), s: t.s, table: tm.Name, cols: cols, files: files}
	defer r.Close()
	for {
		b, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := t.write(tt, key, b); err != nil {
			return err
		}
	}
	// The merged partition's file is finished before the next partition
	// starts, so that compaction holds one file open at a time.
	if of := tt.writers[key]; of != nil {
		if err := t.finish(of); err != nil {
			return err
		}
	}
	for _, f := range files {
		t.retire = append(t.retire, f.Path)
	}
	return nil
}
