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
//     keys: see joinNullsMatch). The right side is indexed, unless it is
//     big and the left side is smaller.
//   - summarize: null keys form a group; without keys there is exactly
//     one row even over no input (count() is 0), with keys none. Groups
//     come out in order of first appearance, also when partial
//     aggregates from several workers are merged.
//   - mv-expand: a null value gives one row holding null, an empty array
//     or bag none; several columns expand in parallel, the shorter padded
//     with nulls; `to typeof(T)` is a cast (non-conforming elements are
//     null); bags expand to one-property bags or [key, value] arrays.
//   - parse: matching is strict, so a capture that does not convert to
//     its column's type fails the row (nulls, or dropped by parse-where).
//   - bag_unpack: one column per distinct property, sorted by name, typed
//     by its values when they agree (dynamic otherwise); a clash with an
//     input column is an error.
//   - sort and top are stable; strings order ordinally; nulls go first or
//     last per key as the plan says.
//
// Memory is accounted per query: operators that hold data (join sides,
// sort and window inputs, hash tables, materialized results) fail with
// ErrMemoryLimit past Options.MemoryLimit instead of exhausting the
// machine.
package exec
