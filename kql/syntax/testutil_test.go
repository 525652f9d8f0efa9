package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// sexpr renders expressions compactly so tests can assert tree shape and
// precedence: (== a 1), (| T (where ...)).
func sexpr(n Node) string {
	switch x := n.(type) {
	case nil:
		return "nil"
	case *Ident:
		if x.Quoted {
			return "[" + x.Name + "]"
		}
		return x.Name
	case *NamePattern:
		return x.Pattern
	case *Literal:
		if x.Null {
			return x.Kind.String() + "(null)"
		}
		switch v := x.Value.(type) {
		case string:
			return fmt.Sprintf("%q", v)
		default:
			return fmt.Sprintf("%v", v)
		}
	case *Paren:
		return sexpr(x.X)
	case *Unary:
		return "(" + x.Op.String() + " " + sexpr(x.X) + ")"
	case *Binary:
		return "(" + x.Op.String() + " " + sexpr(x.X) + " " + sexpr(x.Y) + ")"
	case *InExpr:
		op := "in"
		if x.Negated {
			op = "!" + op
		}
		if x.CaseInsensitive {
			op += "~"
		}
		if x.Subquery != nil {
			return "(" + op + " " + sexpr(x.X) + " " + sexpr(x.Subquery) + ")"
		}
		return "(" + op + " " + sexpr(x.X) + " " + list(x.List) + ")"
	case *HasAnyExpr:
		return "(" + x.Op.String() + " " + sexpr(x.X) + " " + list(x.List) + ")"
	case *BetweenExpr:
		op := "between"
		if x.Negated {
			op = "!between"
		}
		return "(" + op + " " + sexpr(x.X) + " " + sexpr(x.Lo) + " " + sexpr(x.Hi) + ")"
	case *Call:
		return sexpr(x.Fun) + list(x.Args)
	case *Star:
		return "*"
	case *Member:
		return sexpr(x.X) + "." + sexpr(x.Name)
	case *Index:
		return sexpr(x.X) + "[" + sexpr(x.Index) + "]"
	case *NamedExpr:
		var names []string
		for _, id := range x.Names {
			names = append(names, sexpr(id))
		}
		return strings.Join(names, ",") + "=" + sexpr(x.X)
	case *PipeExpr:
		if x.Source == nil {
			return "(| " + x.Op.OpName() + ")"
		}
		return "(| " + sexpr(x.Source) + " " + x.Op.OpName() + ")"
	case *TypeOfExpr:
		return "typeof(" + x.Type.Name + ")"
	}
	return fmt.Sprintf("<%T>", n)
}

func list(xs []Expr) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, sexpr(x))
	}
	return "(" + strings.Join(parts, " ") + ")"
}

func mustParse(t *testing.T, src string) *Query {
	t.Helper()
	q, errs := Parse(src)
	if len(errs) > 0 {
		t.Fatalf("Parse(%q):\n%s", src, errs.Verbose())
	}
	checkPositions(t, src, q)
	return q
}

func mustExpr(t *testing.T, src string) Expr {
	t.Helper()
	x, errs := ParseExpr(src)
	if len(errs) > 0 {
		t.Fatalf("ParseExpr(%q):\n%s", src, errs.Verbose())
	}
	return x
}

// body returns the expression of the query's last statement.
func body(t *testing.T, q *Query) Expr {
	t.Helper()
	b := q.Body()
	if b == nil {
		t.Fatal("query has no body")
	}
	return b.X
}

// checkPositions verifies that every node has 0 <= Pos <= End <= len(src)
// and lies inside its parent.
func checkPositions(t testing.TB, src string, root Node) {
	t.Helper()
	var stack []Node
	Inspect(root, func(n Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n.Pos() < 0 || n.End() < n.Pos() || int(n.End()) > len(src) {
			t.Errorf("%T has bad span [%d,%d) (len %d)", n, n.Pos(), n.End(), len(src))
		}
		if len(stack) > 0 {
			par := stack[len(stack)-1]
			if n.Pos() < par.Pos() || n.End() > par.End() {
				t.Errorf("%T [%d,%d) outside parent %T [%d,%d)", n, n.Pos(), n.End(), par, par.Pos(), par.End())
			}
		}
		stack = append(stack, n)
		return true
	})
}
