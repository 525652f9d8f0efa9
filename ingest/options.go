package ingest

import (
	"fmt"
	"io"
	"strings"
)

// Input formats (--format).
const (
	FormatAuto     = "auto"
	FormatDefender = "defender"  // Defender XDR streaming API: records with category and properties
	FormatLA       = "la-export" // Log Analytics data export: flat rows, table from am-<Table> or Type
	FormatCSV      = "csv"       // the advanced hunting portal export, or any CSV with a header
	FormatJSONL    = "jsonl"     // flat rows of one table (--table)
	FormatParquet  = "parquet"
)

// Formats lists the --format values.
func Formats() []string {
	return []string{FormatAuto, FormatDefender, FormatLA, FormatCSV, FormatJSONL, FormatParquet}
}

// Options tune an ingest.
type Options struct {
	// Format of the inputs; "" is auto (from the file name and content).
	Format string
	// Table puts every row into this table; needed when the input does
	// not name its table (CSV, plain JSON lines, Parquet).
	Table string
	// Force ingests a file even when the store already holds it.
	Force bool
	// SkipBad keeps the good records of a file with malformed ones and
	// quarantines the bad ones; otherwise a bad record fails its file.
	SkipBad bool
	// Catalog gives the schemas of known tables (schema.Builtin()).
	Catalog Catalog
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Progress, when set, receives a live status line (a terminal).
	Progress io.Writer
	// Log receives notes: files skipped, columns the schema lacks, values
	// that did not convert.
	Log io.Writer
	// Workers parse in parallel (default GOMAXPROCS).
	Workers int
	// ChunkBytes is the input handed to a worker at once (default 4 MB).
	ChunkBytes int
}

func (o *Options) check() error {
	if o.Format == "" {
		o.Format = FormatAuto
	}
	ok := false
	for _, f := range Formats() {
		if o.Format == f {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("--format %q: use %s", o.Format, strings.Join(Formats(), ", "))
	}
	if o.Table != "" && !validTableName(o.Table) {
		return fmt.Errorf("--table %q is not a table name (letters, digits and _, not starting with a digit)", o.Table)
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = 4 << 20
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return nil
}
