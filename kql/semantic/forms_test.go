package semantic_test

import (
	"testing"

	"github.com/quarryhunt/quarry/kql/semantic"
)

// Every name BindsCall claims must really bind, so that catalog coverage
// cannot count a form the binder does not resolve.
func TestBindsCallForms(t *testing.T) {
	const graphQ = "datatable(src:string, dst:string)['a','b','b','c'] | make-graph src --> dst with_node_id=src | graph-match "
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
		"all":             graphQ + "(x)-[e*1..2]->(y) where all(e, true) project x.src",
		"any":             graphQ + "(x)-[e*1..2]->(y) where any(e, true) project x.src",
		"map":             graphQ + "(x)-[e*1..2]->(y) project m = map(e, dst)",
		"inner_nodes":     graphQ + "(x)-[e*1..2]->(y) project n = map(inner_nodes(e), src)",
		"labels":          graphQ + "(x)-->(y) project l = labels(x)",
		"node_degree_in":  graphQ + "(x)-->(y) project d = node_degree_in(x)",
		"node_degree_out": graphQ + "(x)-->(y) project d = node_degree_out(y)",
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
