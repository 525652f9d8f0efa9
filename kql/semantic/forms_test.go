package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/semantic"
)

// Every name BindsCall claims must really bind, so that catalog coverage
// cannot count a form the binder does not resolve.
func TestBindsCallForms(t *testing.T) {
	uses := map[string]string{
		"toscalar":        "print toscalar(Events | count)",
		"column_ifexists": "Events | project column_ifexists('Title', '')",
		"columnifexists":  "Events | project columnifexists('Title', '')",
		"column_names_of": "print column_names_of(Events)",
		"table":           "table('Events') | count",
		"database":        "database('db').Events | count",
		"cluster":         "cluster('c').database('db').Events | count",
		"materialize":     "let m = materialize(Events); m | count",
		"view":            "let v = view() { Events }; v | count",
	}
	for _, name := range semantic.CallForms() {
		if _, ok := uses[name]; !ok {
			t.Errorf("no test query binds the form %q", name)
		}
	}
	for name, q := range uses {
		if !semantic.BindsCall(name) {
			t.Errorf("BindsCall(%q) = false", name)
		}
		if _, errs := bind(t, q); len(errs) > 0 {
			t.Errorf("%s: %q: %v", name, q, errs)
		}
	}
	for _, name := range []string{"strlen", "nosuchfunction", ""} {
		if semantic.BindsCall(name) {
			t.Errorf("BindsCall(%q) = true", name)
		}
	}
}
