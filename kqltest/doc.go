// Package kqltest runs data-driven KQL test files (*.kqltest): a file
// declares tables, then queries with the table each must return (or the
// error it must fail with). The runner talks to the engine under test
// through the Backend interface only, so the same files check the local
// engine and any other backend. The format is described in README.md.
package kqltest
