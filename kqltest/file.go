package kqltest

import (
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Table is a declared input table. Rows hold boxed values matching Schema.
type Table struct {
	Name   string
	Schema types.Schema
	Rows   [][]any
	Line   int // where the declaration starts
}

// Function is a declared stored function: its definition as written in
// the file (a `.create-or-alter function` command or a `let Name = ...`
// statement), for backends that can hold stored functions.
type Function struct {
	Name string
	Text string
	Line int // the line of the definition's first line
}

// Case is one query with its expectation.
type Case struct {
	Line     int
	Query    string
	Now      value.DateTime // 0: no `now` directive in effect
	Tables   []*Table       // the tables declared before the case
	TableGen int            // changes whenever Tables or Functions change
	// Functions are the stored functions declared before the case.
	Functions []*Function
	Ordered   bool // compare rows in order

	WantError bool   // the query must fail
	ErrorText string // ... with a message containing this (case-insensitive)

	Skip string // non-empty: a known failure, not run by default

	// Comment holds the comment lines just above the query.
	Comment string

	Results []*Expected // one per result table, in order
}

// Expected is one expected result table.
type Expected struct {
	Line   int
	Schema types.Schema
	Rows   [][]any
	// RowCount is the expected number of rows when the file gives only a
	// count ("N rows") instead of the rows; -1 otherwise.
	RowCount int
}

// File is a parsed test file.
type File struct {
	Path  string
	Cases []*Case
}

// Catalog resolves `table Name builtin` declarations: the schema of a
// known table, from the engine's built-in catalog.
type Catalog func(name string) (types.Schema, bool)
