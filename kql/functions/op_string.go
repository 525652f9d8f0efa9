package functions

import (
	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
)

// String operators (see "String operators" in the Kusto docs): contains,
// startswith, endswith (substring tests), has, hasprefix, hassuffix (term
// tests, see Needle.Has), matches regex, each with a case-sensitive _cs
// form and a negated ! form. Operands are strings; a dynamic operand is
// converted with tostring. Other types are errors, as in Kusto
// (`1 contains "1"` does not bind).
//
// A constant right operand (the usual case) is prepared once at bind
// time, and the test runs once per distinct value of a dictionary-encoded
// column.

type strOp struct {
	name string
	cs   bool
	test func(n *Needle) func(string) bool
	doc  string
	// needleString: the right operand must be a string (has family);
	// otherwise dynamic is accepted too.
	needleString bool
}

func init() {
	ops := []strOp{
		{"contains", false, (*Needle).containsTest, "The right operand occurs in the left, ignoring case.", false},
		{"contains_cs", true, (*Needle).containsTest, "The right operand occurs in the left (case-sensitive).", false},
		{"startswith", false, (*Needle).prefixTest, "The left operand starts with the right, ignoring case.", false},
		{"startswith_cs", true, (*Needle).prefixTest, "The left operand starts with the right (case-sensitive).", false},
		{"endswith", false, (*Needle).suffixTest, "The left operand ends with the right, ignoring case.", false},
		{"endswith_cs", true, (*Needle).suffixTest, "The left operand ends with the right (case-sensitive).", false},
		{"has", false, (*Needle).hasTest, "The right operand is a whole term (or sequence of terms) of the left, ignoring case. Terms are maximal runs of ASCII letters and digits.", true},
		{"has_cs", true, (*Needle).hasTest, "The right operand is a whole term of the left (case-sensitive).", true},
		{"hasprefix", false, (*Needle).termPrefixTest, "The right operand is a prefix of a term of the left, ignoring case.", true},
		{"hasprefix_cs", true, (*Needle).termPrefixTest, "The right operand is a prefix of a term of the left (case-sensitive).", true},
		{"hassuffix", false, (*Needle).termSuffixTest, "The right operand is a suffix of a term of the left, ignoring case.", true},
		{"hassuffix_cs", true, (*Needle).termSuffixTest, "The right operand is a suffix of a term of the left (case-sensitive).", true},
	}
	for _, op := range ops {
		op := op
		f := &Func{Name: op.name, Kind: Operator, Sig: "s " + op.name + " x", Doc: op.doc, Bind: bindStrOp(op, false)}
		if op.name == "has" {
			// `Column : "term"` in search predicates has has semantics.
			f.Aliases = []string{":"}
		}
		Register(f)
		Register(&Func{Name: "!" + op.name, Kind: Operator, Sig: "s !" + op.name + " x", Doc: "Negation of " + op.name + ".", Bind: bindStrOp(op, true)})
	}
	Register(&Func{Name: "matches regex", Kind: Operator, Sig: "s matches regex re", Doc: "The left operand contains a match of the regular expression (RE2 syntax, case-sensitive unless (?i)).", Bind: bindMatchesRegex})
}

func (n *Needle) containsTest() func(string) bool   { return n.Contains }
func (n *Needle) prefixTest() func(string) bool     { return n.HasPrefix }
func (n *Needle) suffixTest() func(string) bool     { return n.HasSuffix }
func (n *Needle) hasTest() func(string) bool        { return n.Has }
func (n *Needle) termPrefixTest() func(string) bool { return n.HasTermPrefix }
func (n *Needle) termSuffixTest() func(string) bool { return n.HasTermSuffix }

func bindStrOp(op strOp, negate bool) func([]Arg) (*Bound, error) {
	name := op.name
	if negate {
		name = "!" + name
	}
	return func(args []Arg) (*Bound, error) {
		if len(args) != 2 {
			return nil, ArgCountError(name, 2, 2, len(args))
		}
		if anyUnknown(args) {
			return unknownBound(types.Bool, args), nil
		}
		a, b := args[0].Type, args[1].Type
		okB := IsStringLike(b)
		if op.needleString {
			okB = b == types.String
		}
		if !IsStringLike(a) || !okB {
			return nil, OperatorError(name, a, b)
		}
		mk := func(n *Needle) func(string) bool {
			t := op.test(n)
			if negate {
				return func(s string) bool { return !t(s) }
			}
			return t
		}
		return &Bound{Type: types.Bool, ArgTypes: []types.Type{types.String, types.String}, Eval: stringPredicate(args, mk, op.cs)}, nil
	}
}

// stringPredicate builds the kernel of a binary string predicate whose
// right operand is a needle; mk turns a prepared needle into the test.
func stringPredicate(args []Arg, mk func(*Needle) func(string) bool, cs bool) ScalarKernel {
	if args[1].IsConst {
		s, _ := ConvertValue(args[1].Value, types.String).(string)
		test := mk(NewNeedle(s, cs))
		return func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			return MapStrBool(a[0], n, test), nil
		}
	}
	return func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		x, y := a[0], a[1]
		if y.IsConst() {
			return MapStrBool(x, n, mk(NewNeedle(y.Str(0), cs))), nil
		}
		out := make([]bool, n)
		var last string
		var test func(string) bool
		for i := range out {
			s := y.Str(i)
			if test == nil || s != last {
				test = mk(NewNeedle(s, cs))
				last = s
			}
			out[i] = test(x.Str(i))
		}
		return column.FromBools(out, nil), nil
	}
}

func bindMatchesRegex(args []Arg) (*Bound, error) {
	if len(args) != 2 {
		return nil, ArgCountError("matches regex", 2, 2, len(args))
	}
	if anyUnknown(args) {
		return unknownBound(types.Bool, args), nil
	}
	a, b := args[0].Type, args[1].Type
	if !IsStringLike(a) || !IsStringLike(b) {
		return nil, OperatorError("matches regex", a, b)
	}
	bound := &Bound{Type: types.Bool, ArgTypes: []types.Type{types.String, types.String}}
	if args[1].IsConst {
		re, err := CompileRegex(ConvertValue(args[1].Value, types.String).(string))
		if err != nil {
			return nil, err
		}
		bound.Eval = func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
			return MapStrBool(a[0], n, re.MatchString), nil
		}
		return bound, nil
	}
	bound.Eval = func(_ *Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		x, y := a[0], a[1]
		out := make([]bool, n)
		for i := range out {
			re, err := CompileRegex(y.Str(i))
			if err != nil {
				return nil, err
			}
			out[i] = re.MatchString(x.Str(i))
		}
		return column.FromBools(out, nil), nil
	}
	return bound, nil
}
