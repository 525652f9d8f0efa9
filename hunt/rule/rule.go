// Package rule loads Microsoft Sentinel rules: hunting queries and
// analytics (scheduled / NRT) rules in Sentinel's YAML, and plain .kql
// files. Every field keeps enough position information to report a
// mistake, in the YAML or in the KQL, at FILE:LINE:COL.
package rule

import (
	"strconv"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/qtext"
)

// Kind is what sort of rule a file holds.
type Kind string

// Kinds of rule.
const (
	Hunting   Kind = "hunting"   // a Sentinel hunting query
	Analytics Kind = "analytics" // a scheduled or NRT analytics rule
	KQL       Kind = "kql"       // a plain .kql file
)

// Rule is one loaded rule.
type Rule struct {
	File string
	Line int // where the rule starts in File
	Kind Kind

	ID, Name, Description string
	Version               string
	Severity              string // analytics: High, Medium, Low, Informational
	Tactics, Techniques   []string
	Connectors            []Connector

	// Query is the KQL; QueryAt maps offsets in it back to File.
	Query   string
	QueryAt *qtext.Origin

	// Analytics scheduling and trigger.
	QueryFrequency, QueryPeriod time.Duration
	Trigger                     Trigger
	EntityMappings              []EntityMapping
	CustomDetails               []KV
	AlertDetails                *AlertDetails

	// Warnings are problems that do not stop the rule (an unknown
	// entity identifier, a duplicate id), each "FILE:LINE: message".
	Warnings []string
	// Err is set when the file could not be read as a rule; the other
	// fields hold what could be read (at least ID and Name).
	Err error
}

// Connector is one requiredDataConnectors entry.
type Connector struct {
	ID        string
	DataTypes []string
}

// DataTypes lists the tables the rule says it needs, in order, without
// repeats.
func (r *Rule) DataTypes() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range r.Connectors {
		for _, d := range c.DataTypes {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// Trigger is an analytics rule's alert condition on the result count.
type Trigger struct {
	Op        string // gt, lt, eq, ne
	Threshold int64
}

// Fires reports whether n results raise an alert.
func (t Trigger) Fires(n int64) bool {
	switch t.Op {
	case "lt":
		return n < t.Threshold
	case "eq":
		return n == t.Threshold
	case "ne":
		return n != t.Threshold
	}
	return n > t.Threshold
}

// String renders the trigger as "> 0".
func (t Trigger) String() string {
	sym := map[string]string{"gt": ">", "lt": "<", "eq": "==", "ne": "!="}[t.Op]
	if sym == "" {
		sym = ">"
	}
	return sym + " " + strconv.FormatInt(t.Threshold, 10)
}

// EntityMapping maps result columns to one entity.
type EntityMapping struct {
	Type   string // Account, Host, IP, URL, Mailbox, File, ...
	Fields []FieldMapping
	Line   int
}

// FieldMapping maps one column to one identifier of an entity.
type FieldMapping struct {
	Identifier string
	Column     string
}

// KV is an ordered key and value.
type KV struct{ Key, Value string }

// AlertDetails is an analytics rule's alertDetailsOverride.
type AlertDetails struct {
	DisplayNameFormat string
	DescriptionFormat string
	SeverityColumn    string
	TacticsColumn     string
}
