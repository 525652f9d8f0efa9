package engine

// Every function family registers itself; the engine needs them all.
import _ "github.com/quarryhunt/quarry/kql/functions/builtin"
