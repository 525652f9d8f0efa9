// Package functions is Quarry's one function catalog: every scalar,
// aggregate, window and operator function, with its type rule and its
// implementation. The binder resolves calls through it, the executor runs
// what it returns, and `quarry functions` lists it.
package functions

import (
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// Kind says how a function is called.
type Kind uint8

const (
	// Scalar functions map each row to a value.
	Scalar Kind = iota
	// Aggregate functions fold groups of rows (summarize, make-series).
	Aggregate
	// Window functions need serialized input and see all of it at once
	// (prev, next, row_number, row_cumsum).
	Window
	// Operator functions implement operators (==, +, has, in, and, ...).
	// They are in the catalog for uniformity but not listed to users.
	Operator
)

// Arg describes one argument at bind time.
type Arg struct {
	Type types.Type
	// IsConst is true when the argument is a constant; Value then holds
	// it boxed (see package value; nil = null).
	IsConst bool
	Value   any
	// Star is true for a `*` argument (count(*) is rare, arg_max(X, *)
	// is common: the binder expands * into the input's columns and marks
	// each with FromStar).
	Star     bool
	FromStar bool
	// Name is the column name when the argument is a plain column
	// reference (used for output naming), else "".
	Name string
	// Columns is the input schema, for functions such as pack_all that
	// need it.
	Columns types.Schema
}

// Ctx is what kernels can see of the running query.
type Ctx struct {
	// Now is the query's now() in 100 ns ticks, fixed for the whole query.
	Now int64
}

// ScalarKernel computes a function over n rows. Arguments are already
// converted to the types Bound.ArgTypes asked for; constant arguments are
// constant vectors. It must not modify its arguments.
type ScalarKernel func(ctx *Ctx, args []*column.Vector, n int) (*column.Vector, error)

// Aggregator folds rows into numbered groups. One Aggregator serves one
// aggregate call of one summarize on one worker.
type Aggregator interface {
	// Update adds rows to groups: row i of args belongs to group
	// groups[i]. Groups are numbered densely from 0; the aggregator grows
	// its state as new numbers appear.
	Update(groups []uint32, args []*column.Vector) error
	// Merge folds another worker's partial state into this one: group g
	// of other becomes group mapping[g] of this one.
	Merge(other Aggregator, mapping []uint32) error
	// Result returns one vector per output column, ngroups rows each.
	Result(ngroups int) ([]*column.Vector, error)
}

// Bound is a resolved call: its result type, the argument types the
// kernel expects, and the implementation for the call's kind.
type Bound struct {
	Type types.Type
	// ArgTypes are the types the arguments must be converted to before
	// evaluation (types.Unknown or the argument's own type: no change).
	ArgTypes []types.Type
	// Eval is set for scalar, window and operator functions.
	Eval ScalarKernel
	// NewAgg is set for aggregates.
	NewAgg func() Aggregator
	// Outputs is set for aggregates that yield several columns
	// (arg_max(X, *), percentiles(X, 50, 95)); nil means one column of
	// Type named by the binder's default rule.
	Outputs types.Schema
}

// Func is one catalog entry.
type Func struct {
	Name    string
	Aliases []string // deprecated spellings still accepted (makeset, iif...)
	Kind    Kind
	// Sig is the human-readable signature, e.g. "strcat(s1, s2, ...): string".
	Sig string
	Doc string
	// Bind checks the argument list and returns the resolved call, or an
	// error whose message is shown to the user (the binder adds the
	// position), in Kusto's words where possible.
	Bind func(args []Arg) (*Bound, error)
}

var catalog = map[string]*Func{}

// Register adds functions to the catalog; it is called from init
// functions of this package's files, one file per family.
func Register(fs ...*Func) {
	for _, f := range fs {
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if _, dup := catalog[n]; dup {
				panic("functions: duplicate registration of " + n)
			}
			catalog[n] = f
		}
	}
}

// Lookup finds a function by its exact (case-sensitive) name.
func Lookup(name string) (*Func, bool) {
	f, ok := catalog[name]
	return f, ok
}

// LookupFold finds a function ignoring case, so that the binder can
// suggest the right spelling of a misspelt name.
func LookupFold(name string) (*Func, bool) {
	for n, f := range catalog {
		if strings.EqualFold(n, name) {
			return f, true
		}
	}
	return nil, false
}

// All returns every entry once, sorted by name.
func All() []*Func {
	seen := map[*Func]bool{}
	var out []*Func
	for _, f := range catalog {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
