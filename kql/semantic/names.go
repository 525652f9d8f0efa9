package semantic

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/syntax"
)

// exprName is the name Kusto gives the result of x when it is not named
// explicitly, or "" when it gives none.
func exprName(x syntax.Expr, row *rowCtx, sc *scope) string {
	switch x := x.(type) {
	case *syntax.Ident:
		if _, ok := row.column(x.Name); ok {
			return x.Name
		}
		if sc != nil {
			// A let name or a parameter names the value it stands for.
			if sym := sc.lookup(x.Name); sym != nil && sym.kind == symScalar {
				return x.Name
			}
		}
	case *syntax.Paren:
		return exprName(x.X, row, sc)
	case *syntax.Member:
		if base := exprName(x.X, row, sc); base != "" {
			return base + "_" + x.Name.Name
		}
	case *syntax.Index:
		base := exprName(x.X, row, sc)
		if base == "" {
			return ""
		}
		if lit, ok := x.Index.(*syntax.Literal); ok && !lit.Null {
			switch v := lit.Value.(type) {
			case string:
				return base + "_" + v
			case int64:
				return base + "_" + strconv.FormatInt(v, 10)
			}
		}
	case *syntax.Call:
		return callName(x, row, sc)
	}
	return ""
}

func callName(x *syntax.Call, row *rowCtx, sc *scope) string {
	id, ok := x.Fun.(*syntax.Ident)
	if !ok {
		return ""
	}
	if sc != nil && sc.lookup(id.Name) != nil {
		return "" // user functions do not name their results
	}
	rule, ok := nameRules[id.Name]
	if !ok {
		return ""
	}
	args := x.Args
	arg0 := func() string {
		if len(args) == 0 {
			return ""
		}
		a := args[0]
		if ne, ok := a.(*syntax.NamedExpr); ok {
			// bin(Name = Col, 1h): the argument's name names the result.
			if len(ne.Names) == 1 {
				return ne.Names[0].Name
			}
			a = ne.X
		}
		return exprName(a, row, sc)
	}
	prefix := rule.prefix
	if prefix == "" {
		prefix = id.Name
	}
	// An argument without a name still gives `strlen_`, `sum_`.
	switch rule.kind {
	case nameFirstArg:
		return id.Name + "_" + arg0()
	case nameOnlyArg:
		if len(args) == 1 {
			return id.Name + "_" + arg0()
		}
	case prefixFirstArg:
		return prefix + "_" + arg0()
	case prefixOnlyArg:
		if len(args) == 1 {
			return prefix + "_" + arg0()
		}
	case firstArgValueIfColumn:
		if len(args) > 0 {
			if lit, ok := args[0].(*syntax.Literal); ok {
				if s, ok := lit.Value.(string); ok {
					if _, ok := row.column(s); ok {
						return s
					}
				}
			}
		}
	case prefixOnly:
		return prefix
	case firstArg:
		return arg0()
	case onlyArg:
		if len(args) == 1 {
			return arg0()
		}
	}
	return ""
}

// outNames hands out the names of one operator's output columns.
// Unnamed expressions become Column1, Column2, ... numbered across the
// whole query (Kusto counts them per query, not per operator), skipping
// names in avoid. A name that clashes with one already in the output is
// an error when both were written or inferred from the expression, and
// gets a numeric suffix when either was generated (Column1 -> Column11).
type outNames struct {
	b         *binder
	used      map[string]bool
	generated map[string]bool
	avoid     func(string) bool
}

func (b *binder) newOut(avoid func(string) bool) *outNames {
	return &outNames{b: b, used: map[string]bool{}, generated: map[string]bool{}, avoid: avoid}
}

// generate returns the next free ColumnN.
func (o *outNames) generate() string {
	for {
		o.b.colN++
		name := "Column" + strconv.Itoa(o.b.colN)
		if o.avoid == nil || !o.avoid(name) {
			return name
		}
	}
}

// add registers an output name; ok is false (and an error reported) for
// a clash between two written names.
func (o *outNames) add(name string, generated bool, pos syntax.Pos) (string, bool) {
	if o.used[name] {
		if !generated && !o.generated[name] {
			o.b.errorf(pos, "KS171", "A column with the name '%s' is already declared.", name)
			return "", false
		}
		name = uniqueName(name, o.used)
		generated = true
	}
	o.used[name] = true
	if generated {
		o.generated[name] = true
	}
	return name, true
}

// nameOf is the explicit, inferred or generated name of an output
// expression, and whether it may be made unique on a clash: only written
// names and plain column references may not (`project A, A` is an error,
// `project strlen(A), strlen(A)` gives strlen_A and strlen_A1).
func (o *outNames) nameOf(names []*syntax.Ident, x syntax.Expr, row *rowCtx, sc *scope) (string, bool) {
	if len(names) > 0 {
		return names[0].Name, false
	}
	if n := exprName(x, row, sc); n != "" {
		id, isIdent := x.(*syntax.Ident)
		_, isCol := row.column(n)
		return n, !(isIdent && isCol && id.Name == n)
	}
	return o.generate(), true
}

// take names an output expression and registers the name.
func (o *outNames) take(names []*syntax.Ident, x syntax.Expr, row *rowCtx, sc *scope, pos syntax.Pos) (string, bool) {
	name, gen := o.nameOf(names, x, row, sc)
	return o.add(name, gen, pos)
}

// unique returns name, or name1, name2 ... when it is taken (the rule for
// columns that clash in join outputs and aggregate expansions).
func uniqueName(name string, used map[string]bool) string {
	if !used[name] {
		return name
	}
	for i := 1; ; i++ {
		n := name + strconv.Itoa(i)
		if !used[n] {
			return n
		}
	}
}

// matchPattern reports whether name matches a wildcard pattern such as
// `Device*` or `*Id` (Kusto wildcards are case-sensitive).
func matchPattern(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for i := 1; i < len(parts)-1; i++ {
		j := strings.Index(name, parts[i])
		if j < 0 {
			return false
		}
		name = name[j+len(parts[i]):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}
