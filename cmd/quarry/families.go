package main

// The function families register themselves in the catalog when linked.
// TODO: replace with kql/functions/builtin once that package exists.
import (
	_ "github.com/quarryhunt/quarry/kql/functions/aggregates"
	_ "github.com/quarryhunt/quarry/kql/functions/dynamic"
	_ "github.com/quarryhunt/quarry/kql/functions/numeric"
	_ "github.com/quarryhunt/quarry/kql/functions/temporal"
)
