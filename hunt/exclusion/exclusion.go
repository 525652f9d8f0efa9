// Package exclusion loads false-positive tuning: YAML files listing KQL
// predicates that drop known-benign rows from a rule's findings.
//
//	exclusions:
//	  - name: internal-infrastructure
//	    rules: [03e61096-20d0-46eb-b8e0-a507dd00a19f]  # ids or names; none = all
//	    reason: admins open internal maintenance links
//	    where: Url has "internal.company.com"
//	    expires: 2027-06-30
package exclusion

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/qtext"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/kql/value"
)

// Exclusion is one entry of an exclusions file.
type Exclusion struct {
	File string
	Line int
	Name string
	// Rules are the ids or names of the rules it applies to; empty means
	// every rule.
	Rules  []string
	Reason string
	// Where is a KQL predicate over the rule's result columns; WhereAt
	// maps offsets in it back to File.
	Where   string
	WhereAt *qtext.Origin
	// Expires is when the exclusion stops applying (zero: never). A date
	// without a time is valid through the end of that day (UTC).
	Expires time.Time
}

// AppliesTo reports whether the exclusion is for the rule with this id
// and name. Ids are compared ignoring case (they are GUIDs); names
// exactly, after trimming.
func (e *Exclusion) AppliesTo(id, name string) bool {
	if len(e.Rules) == 0 {
		return true
	}
	for _, r := range e.Rules {
		r = strings.TrimSpace(r)
		if strings.EqualFold(r, id) || r == strings.TrimSpace(name) {
			return true
		}
	}
	return false
}

// Expired reports whether the exclusion no longer applies at now.
func (e *Exclusion) Expired(now time.Time) bool {
	return !e.Expires.IsZero() && !now.Before(e.Expires)
}

// At returns "FILE:LINE" of the exclusion, for messages.
func (e *Exclusion) At() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// LoadFiles reads several exclusion files, in order.
func LoadFiles(paths ...string) ([]*Exclusion, error) {
	var out []*Exclusion
	for _, p := range paths {
		xs, err := LoadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, xs...)
	}
	return out, nil
}

// LoadFile reads one exclusions file. Any mistake in it is an error at
// FILE:LINE: an exclusion that silently does not apply would hide
// nothing, or the wrong thing.
func LoadFile(path string) ([]*Exclusion, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("exclusions: %w", err)
	}
	return Parse(path, data)
}

// Parse reads exclusions from a file's content.
func Parse(path string, data []byte) ([]*Exclusion, error) {
	docs, err := yamlx.Parse(path, data)
	if err != nil {
		return nil, err
	}
	var out []*Exclusion
	names := map[string]int{}
	for _, d := range docs {
		fields, err := d.Root.Map()
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			if f.Key != "exclusions" {
				return nil, f.KeyAt.Errorf("unknown key %q: an exclusions file has one key, exclusions, holding a list", f.Key)
			}
			items, err := f.Value.List()
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				x, err := parseOne(path, it)
				if err != nil {
					return nil, err
				}
				if prev, dup := names[x.Name]; dup {
					return nil, it.Errorf("exclusion name %q is already used at line %d; names must be unique, since counts are reported by name", x.Name, prev)
				}
				names[x.Name] = x.Line
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func parseOne(path string, n *yamlx.Node) (*Exclusion, error) {
	fields, err := n.Map()
	if err != nil {
		return nil, err
	}
	x := &Exclusion{File: path, Line: n.Line}
	var where yamlx.Text
	hasWhere := false
	for _, f := range fields {
		v := f.Value
		switch f.Key {
		case "name":
			x.Name, err = v.Str()
		case "rules", "rule":
			x.Rules, err = v.Strs()
		case "reason":
			x.Reason, err = v.Str()
		case "where":
			where, err = v.Text()
			hasWhere = err == nil
		case "expires":
			x.Expires, err = expiry(v)
		default:
			err = f.KeyAt.Errorf("unknown key %q (an exclusion has name, rules, reason, where, expires)", f.Key)
		}
		if err != nil {
			return nil, err
		}
	}
	if strings.TrimSpace(x.Name) == "" {
		return nil, n.Errorf("the exclusion has no name: give each one a name (counts are reported by it)")
	}
	if !hasWhere || strings.TrimSpace(where.Text) == "" {
		return nil, n.Errorf("exclusion %q has no where: give the KQL predicate that matches the rows to drop", x.Name)
	}
	x.Where = where.Text
	x.WhereAt = &qtext.Origin{Label: fmt.Sprintf("exclusion %q", x.Name), Src: where}
	return x, nil
}

var dateOnly = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func expiry(v *yamlx.Node) (time.Time, error) {
	s, err := v.Str()
	if err != nil || strings.TrimSpace(s) == "" {
		return time.Time{}, err
	}
	s = strings.TrimSpace(s)
	t, ok := value.ParseDateTime(s)
	if !ok {
		return time.Time{}, v.Errorf("expires %q is not a date (use 2027-06-30 or 2027-06-30T12:00:00Z)", s)
	}
	out := t.Time().UTC()
	if dateOnly.MatchString(s) {
		out = out.AddDate(0, 0, 1)
	}
	return out, nil
}
