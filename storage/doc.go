// Package storage is Quarry's embedded store: the default home of
// ingested logs.
//
// Layout of a store directory:
//
//	manifest.json                     the committed state (see manifest.go)
//	LOCK                              held (flock) by the one writer
//	tables/<table>/<day>/<gen>-<id>.parquet
//
// A table is partitioned by the UTC day of its time column (Timestamp,
// else TimeGenerated, else none: every row goes to the "undated"
// partition). Files are Parquet, zstd-compressed, dictionary-encoded where
// a column repeats; the Kusto schema is in the manifest and in each file's
// key/value metadata. Datetimes and timespans are int64 100 ns ticks,
// dynamic values JSON text, strings never null.
//
// Use: Open a directory; Begin a transaction, Append batches (a table's
// schema may grow), Commit with the source file's content hash (HasSource
// answers whether a hash was committed) or Abort. Scan serves the
// executor (the store is an exec.Source), Table and Names the binder,
// Tables the catalog listing; Compact merges small files.
//
// Commit protocol. A transaction writes each new file under a ".tmp" name,
// fsyncs it, renames it to its final name and fsyncs the directory; then it
// writes the next manifest to a temporary file, fsyncs it, renames it over
// manifest.json and fsyncs the store directory. The rename of the manifest
// is the commit point: a crash before it leaves the old manifest, which
// does not name the new files, and the next writer (or Open, when no
// writer is active) deletes what no manifest names. Readers load the
// manifest once per scan, so they see the old or the new state, never a
// mix. Files that compaction replaces are kept for a grace period, so a
// reader of the previous manifest can still finish.
package storage
