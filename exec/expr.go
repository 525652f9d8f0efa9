package exec

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// evalFn computes an expression over a whole batch.
type evalFn func(b *column.Batch) (*column.Vector, error)

// compileExpr turns an expression into an evaluator once, so that
// evaluation does no per-row dispatch on the expression tree.
func (rt *engine) compileExpr(e plan.Expr) (evalFn, error) {
	switch e := e.(type) {
	case *plan.ColRef:
		idx, t := e.Index, e.T
		return func(b *column.Batch) (*column.Vector, error) {
			if idx < 0 || idx >= len(b.Cols) {
				return nil, fmt.Errorf("internal error: column %s#%d is out of range (the input has %d columns)", e.Name, idx, len(b.Cols))
			}
			return asType(b.Cols[idx], t)
		}, nil
	case *plan.Const:
		c, err := constVector(e.T, e.Value)
		if err != nil {
			return nil, err
		}
		return func(b *column.Batch) (*column.Vector, error) { return c.WithLen(b.N), nil }, nil
	case *plan.Call:
		return rt.compileCall(e)
	case *plan.Convert:
		x, err := rt.compileExpr(e.X)
		if err != nil {
			return nil, err
		}
		t := e.T
		return func(b *column.Batch) (*column.Vector, error) {
			v, err := x(b)
			if err != nil {
				return nil, err
			}
			return convertVector(v, t)
		}, nil
	case *plan.InSubquery:
		return rt.compileInSubquery(e)
	case *plan.ScalarSubquery:
		return rt.compileScalarSubquery(e)
	case nil:
		return nil, fmt.Errorf("internal error: empty expression")
	}
	return nil, fmt.Errorf("expression %T is not supported by the local executor yet", e)
}

func (rt *engine) compileExprs(es []plan.Expr) ([]evalFn, error) {
	out := make([]evalFn, len(es))
	for i, e := range es {
		f, err := rt.compileExpr(e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func evalAll(fs []evalFn, b *column.Batch) ([]*column.Vector, error) {
	out := make([]*column.Vector, len(fs))
	for i, f := range fs {
		v, err := f(b)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (rt *engine) compileCall(e *plan.Call) (evalFn, error) {
	if e.Bound == nil || e.Bound.Eval == nil {
		name := "?"
		if e.Fn != nil {
			name = e.Fn.Name
		}
		return nil, fmt.Errorf("function '%s' cannot be evaluated here (it has no scalar implementation)", name)
	}
	args, err := rt.compileExprs(e.Args)
	if err != nil {
		return nil, err
	}
	kernel, t, fctx := e.Bound.Eval, e.Bound.Type, rt.fctx
	name := "?"
	if e.Fn != nil {
		name = e.Fn.Name
	}
	return func(b *column.Batch) (*column.Vector, error) {
		vs, err := evalAll(args, b)
		if err != nil {
			return nil, err
		}
		out, err := kernel(fctx, vs, b.N)
		if err != nil {
			return nil, err
		}
		if out == nil || out.Len() != b.N {
			return nil, fmt.Errorf("internal error: function '%s' returned the wrong number of rows", name)
		}
		return asType(out, t)
	}, nil
}

// asType relabels v as t when they share storage, and converts
// otherwise; it keeps sources and kernels that say int for long (or the
// like) from confusing later operators.
func asType(v *column.Vector, t types.Type) (*column.Vector, error) {
	if v.Type == t || t == types.Unknown {
		return v, nil
	}
	if r, ok := column.Retype(v, t); ok {
		return r, nil
	}
	return convertVector(v, t)
}

// constVector builds the one-row constant for a literal, normalising the
// boxed forms that Builder.AppendValue does not take (decimal text for a
// real, a string for a guid).
func constVector(t types.Type, x any) (*column.Vector, error) {
	switch y := x.(type) {
	case value.Decimal:
		if t == types.Real {
			f, err := strconv.ParseFloat(string(y), 64)
			if err != nil {
				return nil, fmt.Errorf("invalid decimal literal %q", string(y))
			}
			x = f
		}
	case float64:
		if t.IsInteger() || t.IsTemporal() {
			x = int64(y)
		}
	}
	return column.Const(t, x, 1), nil
}

// subResult is a subquery's output, computed once per Run.
type subResult struct {
	once  sync.Once
	batch *column.Batch
	sch   types.Schema
	err   error
}

func (rt *engine) runSubquery(n plan.Node) (*column.Batch, types.Schema, error) {
	rt.mu.Lock()
	r, ok := rt.subs[n]
	if !ok {
		r = &subResult{}
		rt.subs[n] = r
	}
	rt.mu.Unlock()
	r.once.Do(func() {
		op, err := rt.compile(n)
		if err != nil {
			r.err = err
			return
		}
		// A subquery result is kept for the whole run.
		r.batch, _, r.err = rt.drainConcat(op, "evaluating a subquery")
		r.sch = op.schema()
	})
	return r.batch, r.sch, r.err
}

func (rt *engine) compileScalarSubquery(e *plan.ScalarSubquery) (evalFn, error) {
	var once sync.Once
	var c *column.Vector
	var cerr error
	t := e.T
	return func(b *column.Batch) (*column.Vector, error) {
		once.Do(func() {
			sb, _, err := rt.runSubquery(e.Sub)
			if err != nil {
				cerr = err
				return
			}
			if len(sb.Cols) == 0 {
				cerr = fmt.Errorf("toscalar(): the subquery returns no columns")
				return
			}
			if sb.N == 0 {
				c = column.Null(t, 1)
				return
			}
			v, err := asType(column.Slice(sb.Cols[0], 0, 1), t)
			if err != nil {
				cerr = err
				return
			}
			c = column.Const(t, v.Value(0), 1)
		})
		if cerr != nil {
			return nil, cerr
		}
		return c.WithLen(b.N), nil
	}, nil
}

// inSet is the hash set of an in() subquery: built once per run (and
// per type compared), shared by every copy of the expression that
// parallel workers evaluate.
type inSet struct {
	once    sync.Once
	set     *hashTable
	setType types.Type
	err     error
}

type inSetKey struct {
	e *plan.InSubquery
	t types.Type
}

func (rt *engine) inSetFor(e *plan.InSubquery, xt types.Type) *inSet {
	rt.mu.Lock()
	k := inSetKey{e, xt}
	s, ok := rt.sets[k]
	if !ok {
		s = &inSet{}
		rt.sets[k] = s
	}
	rt.mu.Unlock()
	s.once.Do(func() { s.build(rt, e, xt) })
	return s
}

func (s *inSet) build(rt *engine, e *plan.InSubquery, xt types.Type) {
	sb, _, err := rt.runSubquery(e.Sub)
	if err != nil {
		s.err = err
		return
	}
	if len(sb.Cols) == 0 {
		s.err = fmt.Errorf("in(): the subquery returns no columns")
		return
	}
	col := sb.Cols[0]
	if s.setType, err = keyType(xt, col.Type); err != nil {
		s.err = fmt.Errorf("in(): cannot compare %s values with a subquery column of type %s", xt, col.Type)
		return
	}
	if col, s.err = keyVector(col, s.setType, e.CaseInsensitive); s.err != nil {
		return
	}
	if s.err = rt.mem.grow(column.SizeOf(col), "building the set of an in() subquery"); s.err != nil {
		return
	}
	set := newHashTable([]types.Type{s.setType})
	set.insertDistinct([]*column.Vector{col}, sb.N, true)
	set.seal()
	s.set = set
}

func (rt *engine) compileInSubquery(e *plan.InSubquery) (evalFn, error) {
	x, err := rt.compileExpr(e.X)
	if err != nil {
		return nil, err
	}
	// One evaluator runs on one worker at a time: its prober is its own.
	var set *inSet
	var probe *prober
	neg := e.Negated
	return func(b *column.Batch) (*column.Vector, error) {
		v, err := x(b)
		if err != nil {
			return nil, err
		}
		if set == nil {
			set = rt.inSetFor(e, v.Type)
			if set.err == nil {
				probe = set.set.prober()
			}
		}
		if set.err != nil {
			return nil, set.err
		}
		kv, err := keyVector(v, set.setType, e.CaseInsensitive)
		if err != nil {
			return nil, err
		}
		found := probe.find([]*column.Vector{kv}, b.N, nil, true)
		out := make([]bool, b.N)
		for i, g := range found {
			out[i] = (g >= 0) != neg
		}
		return column.FromBools(out, nil), nil
	}, nil
}

// keyType is the type two sides of an equality (join keys, in()) are
// compared as: their own when stored alike, real when an integer meets a
// real, dynamic when either is dynamic.
func keyType(a, b types.Type) (types.Type, error) {
	switch {
	case column.SameStorage(a, b):
		return a, nil
	case a == types.Dynamic || b == types.Dynamic:
		return types.Dynamic, nil
	case (a.IsNumeric() || a == types.Bool) && (b.IsNumeric() || b == types.Bool):
		return types.Real, nil
	}
	return types.Unknown, fmt.Errorf("values of types %s and %s cannot be compared", a, b)
}

// keyVector prepares v for hashing as type t; folding lower-cases
// strings for case-insensitive matching.
func keyVector(v *column.Vector, t types.Type, fold bool) (*column.Vector, error) {
	out, err := asType(v, t)
	if err != nil {
		return nil, err
	}
	if fold && (t == types.String || t == types.Guid) {
		out = mapStrings(out, strings.ToLower)
	}
	return out, nil
}

// mapStrings applies f to every string of v, once per distinct value of
// a dictionary-encoded vector.
func mapStrings(v *column.Vector, f func(string) string) *column.Vector {
	n := v.Len()
	if v.IsConst() {
		return column.Const(v.Type, f(v.Str(0)), n)
	}
	s := v.Strs
	if s.Dict != nil && s.Dict.Len() <= n {
		d := s.Dict
		nd := column.NewStrings(d.Len(), len(d.Data))
		for i := 0; i < d.Len(); i++ {
			nd.Append(f(d.At(i)))
		}
		out := column.FromStrings(v.Type, &column.Strings{Dict: nd, Codes: s.Codes})
		out.SetNulls(v.Nulls())
		return out
	}
	ns := column.NewStrings(n, len(s.Data))
	for i := 0; i < n; i++ {
		ns.Append(f(s.At(i)))
	}
	out := column.FromStrings(v.Type, ns)
	out.SetNulls(v.Nulls())
	return out
}
