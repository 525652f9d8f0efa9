package semantic

import (
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// exprName is the name Kusto gives the result of x when it is not named
// explicitly, or "" when it gives none.
func exprName(x syntax.Expr, row *rowCtx, sc *scope) string {
	switch x := x.(type) {
	case *syntax.Ident:
		if _, ok := row.column(x.Name); ok {
			return x.Name
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

// namer hands out Kusto's default names (Column1, Column2, ... or
// print_0, print_1, ...) that do not clash with names already in use.
type namer struct {
	used map[string]bool
	n    int
}

func newNamer(existing types.Schema) *namer {
	nm := &namer{used: map[string]bool{}}
	for _, c := range existing {
		nm.used[c.Name] = true
	}
	return nm
}

func (nm *namer) use(name string) { nm.used[name] = true }

// column returns the next free ColumnN.
func (nm *namer) column() string {
	for {
		nm.n++
		name := "Column" + strconv.Itoa(nm.n)
		if !nm.used[name] {
			nm.used[name] = true
			return name
		}
	}
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
