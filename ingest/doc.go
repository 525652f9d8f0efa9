// Package ingest loads the log exports users have into the store
// (package storage): Defender XDR streaming-API records, Log Analytics
// data export rows, advanced hunting CSV exports, plain JSON lines and
// Parquet.
//
// Each input file is one store transaction: its rows become visible
// together at its commit, or not at all (a kill -9 mid-file leaves the
// store as it was before that file). The store records each file's
// content hash, so ingesting it again is a no-op unless forced.
//
// A file streams through in bounded memory:
//
//	reader (split.go, csv.go)   cuts the input into chunks of whole records
//	workers (record.go, csv.go) convert chunks to typed columns, in parallel
//	appender (appender.go)      in input order: types the columns the schema
//	                            lacks, hands batches to the store's writer
//
// JSON is not parsed into boxed values: a validating scanner (jsonscan.go)
// finds each record's members and values, and the converter writes them
// straight into column builders of the table's schema types. Conversion
// follows the --table loader (package table) value for value, so a query
// over the store answers exactly as over the same files given with
// --table; the differential tests and fuzz targets check that.
package ingest
