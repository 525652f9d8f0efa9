package temporal

import "github.com/quarryhunt/quarry/kql/functions/internal/fntest"

// Shorthands for the constants the tables of this package's tests use.
var (
	strv = fntest.Str
	lng  = fntest.Long
	real = fntest.Real
	dtv  = fntest.Time
	tsv  = fntest.Span
)
