package demo

import (
	_ "embed"
	"fmt"

	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/rule"
)

// The seed rule and its exclusions are embedded so that the demo runs
// from any folder. They are copies of examples/rules and
// examples/exclusions (go:embed cannot reach outside the package); a
// test keeps them byte-identical.
var (
	//go:embed assets/url-click-malicious-alert.yaml
	ruleYAML []byte
	//go:embed assets/seed-benign.yaml
	exclusionsYAML []byte
)

// Names the embedded files go by in messages: where their originals are.
const (
	RuleFile       = "examples/rules/url-click-malicious-alert.yaml"
	ExclusionsFile = "examples/exclusions/seed-benign.yaml"
)

func seedRule() (*rule.Rule, error) {
	rules := rule.FromYAML(RuleFile, ruleYAML, true)
	if len(rules) != 1 {
		return nil, fmt.Errorf("%s: want one rule, found %d", RuleFile, len(rules))
	}
	if rules[0].Err != nil {
		return nil, rules[0].Err
	}
	return rules[0], nil
}

func seedExclusions() ([]*exclusion.Exclusion, error) {
	return exclusion.Parse(ExclusionsFile, exclusionsYAML)
}
