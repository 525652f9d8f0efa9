package builtin

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/functions"
)

// TestCatalogComplete checks every registered function: it has a
// signature, documentation and a Bind, and its names resolve to it.
func TestCatalogComplete(t *testing.T) {
	all := functions.All()
	if len(all) < 200 {
		t.Errorf("only %d functions registered", len(all))
	}
	for _, f := range all {
		if f.Sig == "" || strings.TrimSpace(f.Doc) == "" || f.Bind == nil {
			t.Errorf("%s: missing Sig, Doc or Bind", f.Name)
		}
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if g, ok := functions.Lookup(n); !ok || g != f {
				t.Errorf("%s: name %q does not resolve to it", f.Name, n)
			}
		}
	}
}

// TestOperatorsRegistered checks that every operator the binder asks for
// by its KQL spelling exists.
func TestOperatorsRegistered(t *testing.T) {
	for _, op := range []string{
		"+", "-", "*", "/", "%", "neg",
		"==", "!=", "<", "<=", ">", ">=", "=~", "!~", "and", "or",
		"contains", "!contains", "contains_cs", "!contains_cs",
		"has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
		"hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs",
		"startswith", "!startswith", "startswith_cs", "!startswith_cs",
		"endswith", "!endswith", "endswith_cs", "!endswith_cs",
		"matches regex", "in", "!in", "in~", "!in~", "has_any", "has_all", "between", "!between", ":",
	} {
		f, ok := functions.Lookup(op)
		if !ok {
			t.Errorf("operator %q is not registered", op)
			continue
		}
		if f.Kind != functions.Operator {
			t.Errorf("operator %q has kind %v", op, f.Kind)
		}
	}
}
