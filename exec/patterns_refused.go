package exec

import (
	"fmt"

	"github.com/quarryhunt/quarry/kql/plan"
)

// compilePatternPlugin fails: autocluster and diffpatterns bind (their
// result schema is known) but their patterns cannot be computed as
// Kusto computes them.
func (rt *engine) compilePatternPlugin(n *plan.PatternPlugin) (operator, error) {
	return nil, fmt.Errorf("evaluate %s is not supported: %s", n.Name, n.Reason)
}
