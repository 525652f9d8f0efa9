package main

// Every function family registers itself in the catalog when linked.
import _ "github.com/quarryhunt/quarry/kql/functions/builtin"
