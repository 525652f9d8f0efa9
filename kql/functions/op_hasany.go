package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// has_any and has_all: `s has_any (a, b, ...)` is true when s has (see
// Needle.Has) any of the elements, has_all when it has every one. Elements
// of any scalar type are compared as strings; a dynamic array stands for
// its elements. Hunting queries pass long lists of indicators, so
// single-term needles (the common case) go into a hash set that each term
// of the text is looked up in, instead of one search per needle.

func init() {
	Register(
		&Func{Name: "has_any", Kind: Operator, Sig: "s has_any (list)", Doc: "The text has (as whole terms, ignoring case) at least one of the list's elements.", Bind: bindHasAny("has_any", false)},
		&Func{Name: "has_all", Kind: Operator, Sig: "s has_all (list)", Doc: "The text has (as whole terms, ignoring case) every one of the list's elements.", Bind: bindHasAny("has_all", true)},
	)
}

// TermSet is a prepared list of needles for has_any/has_all.
type TermSet struct {
	terms map[string]int // folded single-term needle -> index
	// filter has bit min(len,63) of entry c set when a single-term
	// needle starts with (upper-case) byte c: most terms of a text are
	// rejected without hashing.
	filter [256]uint64
	multi  []*Needle // needles spanning several terms or punctuation
	count  int       // distinct needles
}

// NewTermSet prepares needles (case-insensitive has semantics).
func NewTermSet(needles []string) *TermSet {
	ts := &TermSet{terms: map[string]int{}}
	seen := map[string]bool{}
	for _, s := range needles {
		k := FoldKey(s)
		if seen[k] {
			continue
		}
		seen[k] = true
		if isSingleTerm(s) {
			ts.terms[k] = len(ts.terms)
			ts.filter[k[0]] |= 1 << uint(min(len(k), 63))
		} else {
			ts.multi = append(ts.multi, NewNeedle(s, false))
		}
	}
	ts.count = len(seen)
	return ts
}

func isSingleTerm(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !IsTermByte(s[i]) {
			return false
		}
	}
	return true
}

// Len is the number of distinct needles.
func (ts *TermSet) Len() int { return ts.count }

// lookup returns the index of term t (ASCII letters and digits) among
// the single-term needles, or -1.
func (ts *TermSet) lookup(t string, buf *[64]byte) int {
	if ts.filter[upperASCII(t[0])]&(1<<uint(min(len(t), 63))) == 0 {
		return -1
	}
	var j int
	var ok bool
	if len(t) > len(buf) {
		j, ok = ts.terms[FoldKey(t)]
	} else {
		b := buf[:len(t)]
		for i := 0; i < len(t); i++ {
			b[i] = upperASCII(t[i])
		}
		j, ok = ts.terms[string(b)]
	}
	if !ok {
		return -1
	}
	return j
}

// Any reports whether s has one of the needles.
func (ts *TermSet) Any(s string) bool {
	if len(ts.terms) > 0 {
		var buf [64]byte
		for i := 0; i < len(s); {
			if !IsTermByte(s[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(s) && IsTermByte(s[j]) {
				j++
			}
			if ts.lookup(s[i:j], &buf) >= 0 {
				return true
			}
			i = j
		}
	}
	for _, n := range ts.multi {
		if n.Has(s) {
			return true
		}
	}
	return false
}

// All reports whether s has every needle. seen is scratch space reused
// across calls (len >= number of single-term needles).
func (ts *TermSet) All(s string, seen []bool) bool {
	if len(ts.terms) > 0 {
		for i := range seen {
			seen[i] = false
		}
		missing := len(ts.terms)
		var buf [64]byte
		eachTerm(s, func(t string) bool {
			j := ts.lookup(t, &buf)
			if j >= 0 && !seen[j] {
				seen[j] = true
				missing--
			}
			return missing > 0
		})
		if missing > 0 {
			return false
		}
	}
	for _, n := range ts.multi {
		if !n.Has(s) {
			return false
		}
	}
	return true
}

// eachTerm calls f with every term of s until f returns false.
func eachTerm(s string, f func(string) bool) {
	for i := 0; i < len(s); {
		if !IsTermByte(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && IsTermByte(s[j]) {
			j++
		}
		if !f(s[i:j]) {
			return
		}
		i = j
	}
}

// flattenStrings appends the string forms of a boxed element (a dynamic
// array contributes its elements).
func flattenStrings(dst []string, x any) []string {
	if arr, ok := x.([]any); ok {
		for _, e := range arr {
			dst = flattenStrings(dst, e)
		}
		return dst
	}
	if x == nil {
		return dst
	}
	return append(dst, ConvertValue(x, types.String).(string))
}

func bindHasAny(name string, all bool) func([]Arg) (*Bound, error) {
	return func(args []Arg) (*Bound, error) {
		if len(args) < 2 {
			return nil, ArgCountError(name, 2, -1, len(args))
		}
		if anyUnknown(args[:1]) {
			return unknownBound(types.Bool, args), nil
		}
		if !IsStringLike(args[0].Type) {
			return nil, OperatorError(name, args[0].Type, args[1].Type)
		}
		argTypes := make([]types.Type, len(args))
		argTypes[0] = types.String
		var needles []string
		var rowArgs []int
		for i, e := range args[1:] {
			argTypes[i+1] = e.Type
			if e.IsConst {
				needles = flattenStrings(needles, e.Value)
				continue
			}
			if e.Type != types.Dynamic {
				argTypes[i+1] = types.String
			}
			rowArgs = append(rowArgs, i+1)
		}
		set := NewTermSet(needles)
		k := func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			set, rowArgs := set, rowArgs
			if len(rowArgs) > 0 && allConstAt(a, rowArgs) {
				// Constant at run time (a toscalar list): one set per call.
				ns := append([]string(nil), needles...)
				for _, j := range rowArgs {
					ns = flattenStrings(ns, a[j].Value(0))
				}
				set, rowArgs = NewTermSet(ns), nil
			}
			if len(rowArgs) == 0 {
				if all {
					seen := make([]bool, len(set.terms))
					return MapStrBool(a[0], n, func(s string) bool { return set.All(s, seen) }), nil
				}
				return MapStrBool(a[0], n, set.Any), nil
			}
			out := make([]bool, n)
			for i := range out {
				ns := append([]string(nil), needles...)
				for _, j := range rowArgs {
					ns = flattenStrings(ns, a[j].Value(i))
				}
				rs := NewTermSet(ns)
				s := a[0].Str(i)
				if all {
					out[i] = rs.All(s, make([]bool, len(rs.terms)))
				} else {
					out[i] = rs.Any(s)
				}
			}
			return column.FromBools(out, nil), nil
		}
		return &Bound{Type: types.Bool, ArgTypes: argTypes, Eval: k}, nil
	}
}

func allConstAt(a []*column.Vector, idx []int) bool {
	for _, j := range idx {
		if !a[j].IsConst() {
			return false
		}
	}
	return true
}
