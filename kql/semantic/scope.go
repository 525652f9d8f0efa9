package semantic

import (
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

type symKind uint8

const (
	symScalar symKind = iota
	symTabular
	symFunc
	// symEntityGroup is `let G = entity_group [...]`, and symEntity the
	// alias of one entity inside a macro-expand subquery (macro_expand.go).
	symEntityGroup
	symEntity
)

// symbol is what a let name, a function parameter or a query parameter
// stands for.
type symbol struct {
	kind symKind
	expr plan.Expr // scalar: inlined at each reference
	node plan.Node // tabular: shared by all references
	// Functions keep their syntax and the scope they were declared in;
	// each call binds the body anew with its arguments.
	fn      *syntax.FuncLit
	closure *scope
	// group is the entity_group call of a symEntityGroup.
	group *syntax.Call
	name  string
	// src is the text of a stored function (nil for a let function):
	// errors in its body and defaults point there.
	src *syntax.Source
	// row is set for a parameter whose value reads the caller's columns:
	// it may only be used in that same row scope.
	row *rowCtx
}

// scope is one level of let names: the query, or one function body.
type scope struct {
	parent *scope
	syms   map[string]*symbol
}

func newScope(parent *scope) *scope { return &scope{parent: parent, syms: map[string]*symbol{}} }

func (s *scope) define(name string, sym *symbol) {
	sym.name = name
	s.syms[name] = sym
}

func (s *scope) lookup(name string) *symbol {
	for ; s != nil; s = s.parent {
		if sym, ok := s.syms[name]; ok {
			return sym
		}
	}
	return nil
}

// binding is the result of binding an expression that may be tabular or
// scalar (a let value, a function body, a query body).
type binding struct {
	node plan.Node
	expr plan.Expr
}

// rowCtx is the row scope of a scalar expression: the columns of the
// operator's input, and what the surrounding operator allows.
type rowCtx struct {
	cols types.Schema
	// agg is set inside summarize's aggregate list: aggregate calls are
	// collected there and replaced by references to their results.
	agg *aggCollector
	// window is set when the expression used a window function;
	// windowFn and windowPos are the first one, for the error when the
	// input is not serialized.
	window    bool
	windowFn  string
	windowPos syntax.Pos
	// inline holds the columns defined earlier in the same extend: a
	// reference to one is replaced by its defining expression, since the
	// operator's expressions all read the operator's input.
	inline map[int]plan.Expr
	// star, when set, is what `*` stands for in a call (pack_all()): the
	// operator's input row, without the columns an extend adds or
	// replaces, as Kusto packs it.
	star types.Schema
	// open, when set, adds a column the input's data may have (after
	// bag_unpack) and returns its position.
	open func(name string) int
	// fromData names the columns found in the data by bag_unpack: typed
	// dynamic here, their real type is only known when the query runs.
	fromData map[string]bool
	// steps, inside a scan step, maps the visible step names to the
	// first column of their state; stepWidth is the columns per state.
	steps     map[string]int
	stepWidth int
}

func newRow(cols types.Schema) *rowCtx { return &rowCtx{cols: cols} }

func (r *rowCtx) column(name string) (int, bool) {
	if r == nil {
		return -1, false
	}
	i := r.cols.Index(name)
	return i, i >= 0
}
