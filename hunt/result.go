package hunt

import (
	"time"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/kql/types"
)

// Status is the outcome of one rule.
type Status string

// Rule outcomes.
const (
	// Findings: the rule returned rows (an analytics rule: its trigger
	// fired).
	Findings Status = "findings"
	// Clean: the rule ran and found nothing.
	Clean Status = "clean"
	// NotTriggered: an analytics rule returned rows, but not enough (or
	// too many) for its trigger.
	NotTriggered Status = "not_triggered"
	// Failed: the rule could not be loaded or run; Err says why.
	Failed Status = "error"
)

// Report is the outcome of a hunt.
type Report struct {
	Now     time.Time
	Window  Window // the window given for every rule, if any
	Results []*Result
}

// Counts summarises a report.
func (r *Report) Counts() (findings, errs, hits int) {
	for _, x := range r.Results {
		switch x.Status {
		case Findings:
			findings++
			hits += x.Hits
		case Failed:
			errs++
		}
	}
	return
}

// ExitCode is 2 when a rule failed, else 1 when a rule has findings,
// else 0, so that CI can gate on it.
func (r *Report) ExitCode() int {
	f, e, _ := r.Counts()
	switch {
	case e > 0:
		return 2
	case f > 0:
		return 1
	}
	return 0
}

// Result is one rule's outcome.
type Result struct {
	Rule   *rule.Rule
	Status Status
	Err    error

	// Hits is the number of rows after exclusions; Total before.
	Hits, Total int
	// Excluded is the number of rows dropped (a row matching several
	// exclusions counts once here and once for each in Exclusions).
	Excluded   int
	Exclusions []ExclusionResult
	// Triggered: the rule raised an alert (analytics: the trigger held
	// on Hits; others: Hits > 0).
	Triggered bool

	// MissingTables are the tables the rule reads or declares that held
	// no rows in the window ("ensure this data connector is enabled").
	MissingTables []string
	Window        Window

	Schema   types.Schema
	Batches  []*column.Batch
	Entities []Entity
	// Warnings are problems that did not stop the rule.
	Warnings []string
	Duration time.Duration

	entities *entityPlan
}

// ExclusionResult is how one exclusion fared on one rule.
type ExclusionResult struct {
	Exclusion *exclusion.Exclusion
	// Matched counts the rows it matched (0 when Expired).
	Matched int
	// Expired exclusions are reported and not applied.
	Expired bool
}
