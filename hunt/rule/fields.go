package rule

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/qtext"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/kql/value"
)

// fromFields builds a rule from a YAML mapping. The first error stops
// reading (the rule is then reported with Err); unknown keys are
// ignored, because Sentinel's YAML carries many keys (metadata,
// incidentConfiguration, eventGroupingSettings...) that do not change
// what the query finds.
func fromFields(path string, root *yamlx.Node, fields []yamlx.Field) *Rule {
	r := &Rule{File: path, Line: root.Line, Kind: Hunting}
	var analytics bool
	var err error
	for _, f := range fields {
		if err != nil {
			break
		}
		v := f.Value
		switch f.Key {
		case "id":
			r.ID, err = v.Str()
		case "name", "displayName":
			r.Name, err = v.Str()
		case "description":
			r.Description, err = v.Str()
			r.Description = strings.TrimSpace(r.Description)
		case "version":
			r.Version, err = v.Str()
		case "severity":
			r.Severity, err = v.Str()
			analytics = true
		case "kind":
			var k string
			k, err = v.Str()
			if strings.EqualFold(k, "Scheduled") || strings.EqualFold(k, "NRT") {
				analytics = true
			}
		case "tactics":
			r.Tactics, err = v.Strs()
		case "relevantTechniques", "techniques":
			r.Techniques, err = v.Strs()
		case "requiredDataConnectors":
			r.Connectors, err = connectors(v)
		case "query":
			var t yamlx.Text
			t, err = v.Text()
			if err == nil {
				r.Query = t.Text
				r.QueryAt = &qtext.Origin{Src: t}
				if strings.TrimSpace(t.Text) == "" {
					err = v.Errorf("query is empty")
				}
			}
		case "queryFrequency":
			r.QueryFrequency, err = duration(v)
			analytics = true
		case "queryPeriod":
			r.QueryPeriod, err = duration(v)
			analytics = true
		case "triggerOperator":
			r.Trigger.Op, err = triggerOp(v)
			analytics = true
		case "triggerThreshold":
			r.Trigger.Threshold, err = v.Int()
			analytics = true
		case "entityMappings":
			r.EntityMappings, err = r.entityMappings(v)
		case "customDetails":
			r.CustomDetails, err = kvs(v)
		case "alertDetailsOverride":
			r.AlertDetails, err = alertDetails(v)
		}
	}
	if analytics {
		r.Kind = Analytics
	}
	if r.ID == "" {
		r.ID = baseName(path)
	}
	if r.Name == "" {
		r.Name = r.ID
	}
	if err == nil && r.QueryAt == nil {
		err = root.Errorf("the rule has no query")
	}
	r.Err = err
	return r
}

func connectors(v *yamlx.Node) ([]Connector, error) {
	items, err := v.List()
	if err != nil {
		return nil, err
	}
	var out []Connector
	for _, it := range items {
		fs, err := it.Map()
		if err != nil {
			return nil, err
		}
		var c Connector
		for _, f := range fs {
			switch f.Key {
			case "connectorId":
				c.ID, err = f.Value.Str()
			case "dataTypes":
				c.DataTypes, err = f.Value.Strs()
			}
			if err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}

var isoDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// duration reads a Sentinel period: "5m", "1h", "14d" (as in rule YAML)
// or ISO 8601 "PT1H", "P14D" (as in ARM templates).
func duration(v *yamlx.Node) (time.Duration, error) {
	s, err := v.Str()
	if err != nil {
		return 0, err
	}
	d, ok := ParseDuration(s)
	if !ok {
		return 0, v.Errorf("%q is not a period (use 5m, 1h, 14d or PT1H)", s)
	}
	return d, nil
}

// ParseDuration reads "5m", "1h", "14d", "1.02:00:00" or "PT1H".
func ParseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if m := isoDuration.FindStringSubmatch(strings.ToUpper(s)); m != nil && s != "P" && s != "PT" {
		var d time.Duration
		for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second} {
			if m[i+1] != "" {
				n, _ := strconv.Atoi(m[i+1])
				d += time.Duration(n) * unit
			}
		}
		return d, true
	}
	ts, ok := value.ParseTimeSpan(s)
	if !ok || ts < 0 {
		return 0, false
	}
	return time.Duration(ts) * 100, true
}

func triggerOp(v *yamlx.Node) (string, error) {
	s, err := v.Str()
	if err != nil {
		return "", err
	}
	switch strings.ToLower(s) {
	case "gt", "greaterthan":
		return "gt", nil
	case "lt", "lessthan":
		return "lt", nil
	case "eq", "equal":
		return "eq", nil
	case "ne", "notequal":
		return "ne", nil
	}
	return "", v.Errorf("triggerOperator %q is not one of gt, lt, eq, ne", s)
}

func (r *Rule) entityMappings(v *yamlx.Node) ([]EntityMapping, error) {
	items, err := v.List()
	if err != nil {
		return nil, err
	}
	var out []EntityMapping
	for _, it := range items {
		fs, err := it.Map()
		if err != nil {
			return nil, err
		}
		m := EntityMapping{Line: it.Line}
		var ids []string
		known := false
		for _, f := range fs {
			switch f.Key {
			case "entityType":
				var t string
				if t, err = f.Value.Str(); err != nil {
					return nil, err
				}
				m.Type, ids, known = canonicalEntity(t)
				if !known {
					r.warn(f.Value, fmt.Sprintf("entity type %q is not a Sentinel entity type", t))
				}
			case "fieldMappings":
				m.Fields, err = fieldMappings(f.Value)
				if err != nil {
					return nil, err
				}
			}
		}
		if m.Type == "" {
			return nil, it.Errorf("an entity mapping needs an entityType")
		}
		if len(m.Fields) == 0 {
			return nil, it.Errorf("the %s entity mapping has no fieldMappings", m.Type)
		}
		if known {
			for i, fm := range m.Fields {
				id, ok := canonicalIdentifier(ids, fm.Identifier)
				if !ok {
					r.warn(it, fmt.Sprintf("%q is not an identifier of %s entities (use one of %s)", fm.Identifier, m.Type, strings.Join(ids, ", ")))
				}
				m.Fields[i].Identifier = id
			}
		}
		out = append(out, m)
	}
	return out, nil
}

func fieldMappings(v *yamlx.Node) ([]FieldMapping, error) {
	items, err := v.List()
	if err != nil {
		return nil, err
	}
	var out []FieldMapping
	for _, it := range items {
		fs, err := it.Map()
		if err != nil {
			return nil, err
		}
		var fm FieldMapping
		for _, f := range fs {
			switch f.Key {
			case "identifier":
				fm.Identifier, err = f.Value.Str()
			case "columnName":
				fm.Column, err = f.Value.Str()
			}
			if err != nil {
				return nil, err
			}
		}
		if fm.Identifier == "" || fm.Column == "" {
			return nil, it.Errorf("a field mapping needs an identifier and a columnName")
		}
		out = append(out, fm)
	}
	return out, nil
}

func kvs(v *yamlx.Node) ([]KV, error) {
	if v.IsNull() {
		return nil, nil
	}
	fs, err := v.Map()
	if err != nil {
		return nil, err
	}
	out := make([]KV, 0, len(fs))
	for _, f := range fs {
		s, err := f.Value.Str()
		if err != nil {
			return nil, err
		}
		out = append(out, KV{Key: f.Key, Value: s})
	}
	return out, nil
}

func alertDetails(v *yamlx.Node) (*AlertDetails, error) {
	if v.IsNull() {
		return nil, nil
	}
	fs, err := v.Map()
	if err != nil {
		return nil, err
	}
	a := &AlertDetails{}
	for _, f := range fs {
		var dst *string
		switch f.Key {
		case "alertDisplayNameFormat":
			dst = &a.DisplayNameFormat
		case "alertDescriptionFormat":
			dst = &a.DescriptionFormat
		case "alertSeverityColumnName":
			dst = &a.SeverityColumn
		case "alertTacticsColumnName":
			dst = &a.TacticsColumn
		default:
			continue
		}
		if *dst, err = f.Value.Str(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (r *Rule) warn(at *yamlx.Node, msg string) {
	r.Warnings = append(r.Warnings, at.Errorf("%s", msg).Error())
}

// markDuplicates warns about rules that share an id: exclusions and
// tests name rules by id, so a duplicate makes them ambiguous.
func markDuplicates(rules []*Rule) {
	first := map[string]*Rule{}
	for _, r := range rules {
		if r.ID == "" {
			continue
		}
		k := strings.ToLower(r.ID)
		if f, ok := first[k]; ok {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s:%d: rule id %s is also used by %s:%d", r.File, r.Line, r.ID, f.File, f.Line))
			continue
		}
		first[k] = r
	}
}
