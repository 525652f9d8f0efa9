package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Set operators: `x in (a, b, ...)`, `!in`, and the case-insensitive
// `in~`, `!in~`. The binder passes the left operand first and the list
// elements after it. A dynamic array among the elements stands for its
// elements. Constant elements (the usual case) are hashed once at bind
// time; other elements are compared row by row.
//
// `in` behaves as an `or` of == and `!in` as an `and` of !=: a null left
// operand is not in any list of non-null values, so `!in` is true for it.

func init() {
	Register(
		&Func{Name: "in", Kind: Operator, Sig: "x in (list)", Doc: "The value equals one of the list's elements (case-sensitive for strings).", Bind: bindIn("in", false, false)},
		&Func{Name: "!in", Kind: Operator, Sig: "x !in (list)", Doc: "The value equals none of the list's elements.", Bind: bindIn("!in", true, false)},
		&Func{Name: "in~", Kind: Operator, Sig: "s in~ (list)", Doc: "The string equals one of the list's elements, ignoring case.", Bind: bindIn("in~", false, true)},
		&Func{Name: "!in~", Kind: Operator, Sig: "s !in~ (list)", Doc: "The string equals none of the list's elements, ignoring case.", Bind: bindIn("!in~", true, true)},
	)
}

// inSet is the hashed set of constant elements, all converted to the
// comparison type.
type inSet struct {
	t       types.Type
	ci      bool
	strs    map[string]struct{}
	ints    map[int64]struct{}
	reals   map[float64]struct{}
	decs    map[value.Dec]struct{}
	bools   [2]bool
	hasNull bool
	// lens has bit k set when a string key has k bytes (bit 63: 63 or
	// more), so most misses are rejected without hashing.
	lens uint64
}

func lenBit(n int) uint64 { return 1 << uint(min(n, 63)) }

func newInSet(t types.Type, ci bool) *inSet {
	s := &inSet{t: t, ci: ci}
	switch t {
	case types.String, types.Guid, types.Dynamic:
		s.strs = map[string]struct{}{}
	case types.Real:
		s.reals = map[float64]struct{}{}
	case types.Decimal:
		s.decs = map[value.Dec]struct{}{}
	case types.Bool:
	default:
		s.ints = map[int64]struct{}{}
	}
	return s
}

// add adds a boxed element (a dynamic array adds its elements).
func (s *inSet) add(x any) {
	if arr, ok := x.([]any); ok {
		for _, e := range arr {
			s.add(e)
		}
		return
	}
	if x == nil {
		s.hasNull = true
		return
	}
	t := s.t
	if t == types.Dynamic {
		t = types.String
	}
	y := ConvertValue(x, t)
	if y == nil {
		return // converts to nothing: can never be equal
	}
	switch t {
	case types.String:
		k := y.(string)
		if s.ci {
			k = FoldKey(k)
		}
		s.strs[k] = struct{}{}
		s.lens |= lenBit(len(k))
	case types.Guid:
		s.strs[string(y.(value.GUID))] = struct{}{}
		s.lens |= lenBit(36)
	case types.Real:
		s.reals[y.(float64)] = struct{}{}
	case types.Decimal:
		if d, ok := value.DecOf(y); ok {
			s.decs[d] = struct{}{}
		}
	case types.Bool:
		if y.(bool) {
			s.bools[1] = true
		} else {
			s.bools[0] = true
		}
	default:
		i, _ := toLong(y)
		s.ints[i] = struct{}{}
	}
}

// inCompareType is the type the left operand and the elements are
// compared in.
func inCompareType(left types.Type, elems []Arg, ci bool) types.Type {
	switch {
	case ci, left == types.String, left == types.Dynamic:
		return types.String
	case left.IsNumeric():
		t := Widest(left, types.Long)
		for _, e := range elems {
			if e.Type.IsNumeric() {
				t = Widest(t, e.Type)
			} else if e.Type == types.Dynamic && e.IsConst {
				if arr, ok := e.Value.([]any); ok {
					for _, x := range arr {
						if _, isF := x.(float64); isF && t != types.Decimal {
							t = types.Real
						}
					}
				}
			}
		}
		return t
	}
	return left
}

func bindIn(name string, negate, ci bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) < 2 {
			return nil, ArgCountError(name, 2, -1, len(args))
		}
		if anyUnknown(args[:1]) {
			return unknownBound(types.Bool, args), nil
		}
		left := args[0].Type
		if ci && !IsStringLike(left) {
			return nil, OperatorError(name, left, args[1].Type)
		}
		t := inCompareType(left, args[1:], ci)
		set := newInSet(t, ci)
		argTypes := make([]types.Type, len(args))
		argTypes[0] = t
		var dyn []int // non-constant elements
		for i, e := range args[1:] {
			argTypes[i+1] = e.Type
			if e.IsConst {
				set.add(e.Value)
				continue
			}
			if e.Type != types.Dynamic && e.Type != types.Unknown {
				argTypes[i+1] = t
			}
			dyn = append(dyn, i+1)
		}
		k := func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			return evalIn(set, negate, a, dyn, n), nil
		}
		return &Bound{Type: types.Bool, ArgTypes: argTypes, Eval: k}, nil
	}
}

func evalIn(set *inSet, negate bool, a []*column.Vector, dyn []int, n int) *column.Vector {
	// Elements that are constant at run time (toscalar results, ...)
	// join a per-call copy of the set.
	var rowDyn []int
	for _, j := range dyn {
		if a[j].IsConst() {
			if rowDyn == nil {
				set = set.clone()
				rowDyn = []int{}
			}
			set.add(a[j].Value(0))
			continue
		}
		rowDyn = append(rowDyn, j)
	}
	if rowDyn != nil {
		dyn = rowDyn
	}
	x := a[0]
	var out []bool
	if len(dyn) == 0 && (set.t == types.String || set.t == types.Dynamic) && !x.HasNulls() {
		var buf []byte
		r := MapStrBool(x, n, func(s string) bool { return set.hasStr(s, &buf) != negate })
		return r
	}
	out = make([]bool, n)
	xn := NullMask(x, n)
	var nulls column.Bitmap
	var buf []byte
	for i := range out {
		if xn != nil && xn.Get(i) {
			if set.hasNull {
				nulls = setBit(nulls, i, n)
			} else {
				out[i] = negate
			}
			continue
		}
		found := false
		switch set.t {
		case types.String, types.Guid, types.Dynamic:
			found = set.hasStr(x.Str(i), &buf)
		case types.Real:
			_, found = set.reals[x.Real(i)]
		case types.Decimal:
			_, found = set.decs[x.Dec(i)]
		case types.Bool:
			if x.Bool(i) {
				found = set.bools[1]
			} else {
				found = set.bools[0]
			}
		default:
			_, found = set.ints[x.Int(i)]
		}
		for _, j := range dyn {
			if found {
				break
			}
			found = elemMatches(set, x, i, a[j])
		}
		out[i] = found != negate
	}
	return column.FromBools(out, nulls)
}

func (s *inSet) clone() *inSet {
	c := newInSet(s.t, s.ci)
	c.bools, c.hasNull, c.lens = s.bools, s.hasNull, s.lens
	for k := range s.strs {
		c.strs[k] = struct{}{}
	}
	for k := range s.ints {
		c.ints[k] = struct{}{}
	}
	for k := range s.reals {
		c.reals[k] = struct{}{}
	}
	for k := range s.decs {
		c.decs[k] = struct{}{}
	}
	return c
}

func (s *inSet) hasStr(x string, buf *[]byte) bool {
	if s.lens&lenBit(len(x)) == 0 && (!s.ci || isASCII(x)) {
		return false // no key of this length (ASCII folding keeps lengths)
	}
	if s.ci {
		*buf = AppendFoldKey((*buf)[:0], x)
		_, ok := s.strs[string(*buf)]
		return ok
	}
	_, ok := s.strs[x]
	return ok
}

// elemMatches compares row i of x with row i of a non-constant element
// (a dynamic array element matches any of its items).
func elemMatches(set *inSet, x *column.Vector, i int, e *column.Vector) bool {
	if e.IsNull(i) {
		return false
	}
	if e.Type == types.Dynamic {
		one := newInSet(set.t, set.ci)
		one.add(e.Dyn(i))
		var buf []byte
		switch set.t {
		case types.String, types.Guid, types.Dynamic:
			return one.hasStr(x.Str(i), &buf)
		case types.Real:
			_, ok := one.reals[x.Real(i)]
			return ok
		case types.Decimal:
			_, ok := one.decs[x.Dec(i)]
			return ok
		case types.Bool:
			if x.Bool(i) {
				return one.bools[1]
			}
			return one.bools[0]
		}
		_, ok := one.ints[x.Int(i)]
		return ok
	}
	switch set.t {
	case types.String, types.Guid, types.Dynamic:
		if set.ci {
			return EqualFold(x.Str(i), e.Str(i))
		}
		return x.Str(i) == e.Str(i)
	case types.Real:
		return x.Real(i) == e.Real(i)
	case types.Decimal:
		return x.Dec(i) == e.Dec(i)
	case types.Bool:
		return x.Bool(i) == e.Bool(i)
	}
	return x.Int(i) == e.Int(i)
}
