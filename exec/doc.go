// Package exec runs a logical plan (kql/plan) locally: the plan is
// compiled once into a tree of pull-based physical operators that pass
// column batches, and every expression is compiled once into an evaluator
// over whole batches. Nothing walks the plan or an expression per row.
//
// Kusto semantics the operators keep (from the Kusto documentation, except
// where noted):
//
//   - join: innerunique keeps the first left row of each key, then joins
//     it to every matching right row; inner gives every matching pair;
//     outer joins fill the missing side with nulls (empty strings); semi
//     and anti joins output one side. Keys compare case-sensitively, int
//     with long and integers with reals numerically, and a null key
//     matches nothing (empty strings match; the docs say nothing of null
//     keys: see joinNullsMatch). A small left side is indexed (Kusto's
//     advice is to put the small table on the left), else the right
//     side, unless it is big and the left side is smaller. The other
//     side streams through on every worker; a filter on top of it is
//     evaluated by the join, which then gathers only matching rows.
//   - summarize: null keys form a group; without keys there is exactly
//     one row even over no input (count() is 0), with keys none. Groups
//     come out in order of first appearance, also when partial
//     aggregates from several workers are merged.
//   - mv-expand: a null value gives one row holding null, an empty array
//     or bag none; several columns expand in parallel, the shorter padded
//     with nulls; `to typeof(T)` is a cast (non-conforming elements are
//     null); bags expand to one-property bags or [key, value] arrays.
//   - parse: matching is strict, so a capture that does not convert to
//     its column's type fails the row (nulls, or dropped by parse-where);
//     with kind=relaxed only that column is null.
//   - mv-apply: the sub-query is compiled once and runs for a whole
//     batch of input rows at once, each row's expansion a segment that
//     sorts, groups and takes apart (sub-queries with joins, unions or
//     window functions run row by row instead).
//   - bag_unpack: one column per distinct property, sorted by name, typed
//     by its values when they agree (dynamic otherwise); a clash with an
//     input column is an error, or per columnsConflict replaces it in
//     place or keeps it; ignoredProperties are skipped.
//   - sort and top are stable; strings order ordinally; nulls go first or
//     last per key as the plan says.
//
// Work is split across cores: chains of row-wise operators (filter,
// project, parse, mv-expand, mv-apply) and join probes run on every
// worker over the batches of what lies below them, and a driver hands
// the results on in input order, so that output is the same as a serial
// run's; summarize merges per-worker partial aggregates.
//
// Memory is accounted per query: operators that hold data (join sides,
// sort and window inputs, hash tables, materialized results) fail with
// ErrMemoryLimit past Options.MemoryLimit instead of exhausting the
// machine.
package exec
