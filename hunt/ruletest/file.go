// Package ruletest runs rule tests: YAML files (*.test.yaml) that give a
// rule, fixture tables, optional exclusions and the expected findings, so
// that a rule change that stops firing, or starts firing on benign data,
// fails CI.
//
//	rule: ../rules/url-click.yaml      # a path (from this file) or a rule id or name
//	now: 2026-11-27T12:00:00Z
//	exclusions: [../exclusions/benign.yaml]
//	tables:
//	  AlertInfo: |                      # JSON lines, a YAML list of rows, or a file path
//	    {"Timestamp": "...", "AlertId": "a1", "Title": "..."}
//	expect:
//	  count: 3
//	  contains: [{"AccountUpn": "alice@contoso.com"}]
//
// A file holds one test, or several under `tests:`.
package ruletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/kql/value"
)

// Test is one rule test.
type Test struct {
	File string
	Line int
	Name string

	Rule       string // as written
	RuleLine   int
	Now        time.Time
	Exclusions []string // paths, resolved against the test file's folder
	Watchlists string   // a folder of CSV watchlists, resolved likewise
	Tables     []Fixture
	Expect     Expect
}

// Fixture is one table's rows: inline JSON (Text) or a file (Path).
type Fixture struct {
	Table string
	Text  string
	Path  string
	At    yamlx.Text
	Line  int
}

// Expect is what the test checks. Nil fields are not checked.
type Expect struct {
	Count       *int64
	Excluded    *int64
	ExcludedBy  []NamedCount
	Status      string
	Error       string
	Contains    []Partial
	NotContains []Partial
	Entities    []Partial
}

// NamedCount is an expected count for one exclusion.
type NamedCount struct {
	Name  string
	Count int64
	Line  int
}

// Partial is a partial row: the columns given must all match.
type Partial struct {
	Fields []PartialField
	Line   int
}

// PartialField is one expected column value.
type PartialField struct {
	Column string
	Value  any // from YAML: string, int64/uint64, float64, bool, nil, []any, map[string]any
}

// LoadFile reads the tests of a file.
func LoadFile(path string) ([]*Test, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads tests from a file's content.
func Parse(path string, data []byte) ([]*Test, error) {
	docs, err := yamlx.Parse(path, data)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, &yamlx.Error{File: path, Line: 1, Msg: "the file holds no test"}
	}
	var out []*Test
	for _, d := range docs {
		fields, err := d.Root.Map()
		if err != nil {
			return nil, err
		}
		if len(fields) == 1 && fields[0].Key == "tests" {
			items, err := fields[0].Value.List()
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				t, err := parseTest(path, it)
				if err != nil {
					return nil, err
				}
				out = append(out, t)
			}
			continue
		}
		t, err := parseTest(path, d.Root)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	for i, t := range out {
		if t.Name == "" {
			t.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
			if len(out) > 1 {
				t.Name = fmt.Sprintf("%s #%d", t.Name, i+1)
			}
		}
	}
	return out, nil
}

func parseTest(path string, n *yamlx.Node) (*Test, error) {
	fields, err := n.Map()
	if err != nil {
		return nil, err
	}
	t := &Test{File: path, Line: n.Line}
	var hasNow, hasExpect bool
	for _, f := range fields {
		v := f.Value
		switch f.Key {
		case "name":
			t.Name, err = v.Str()
		case "rule":
			t.Rule, err = v.Str()
			t.RuleLine = v.Line
		case "now":
			var s string
			if s, err = v.Str(); err == nil {
				d, ok := value.ParseDateTime(strings.TrimSpace(s))
				if !ok {
					err = v.Errorf("now %q is not a datetime (use ISO 8601, e.g. 2026-11-27T12:00:00Z)", s)
				}
				t.Now, hasNow = d.Time().UTC(), true
			}
		case "exclusions":
			t.Exclusions, err = v.Strs()
		case "watchlists":
			t.Watchlists, err = v.Str()
		case "tables":
			t.Tables, err = fixtures(v)
		case "expect":
			hasExpect = true
			t.Expect, err = expectation(v)
		default:
			err = f.KeyAt.Errorf("unknown key %q (a test has name, rule, now, exclusions, watchlists, tables, expect)", f.Key)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case t.Rule == "":
		return nil, n.Errorf("the test names no rule: add rule: with the rule's file or id")
	case !hasNow:
		return nil, n.Errorf("the test has no now: give the time the rule runs at (ISO 8601), so that ago() gives the same answer every run")
	case !hasExpect:
		return nil, n.Errorf("the test has no expect: say what the rule should find (count, contains, ...)")
	}
	return t, nil
}

func fixtures(v *yamlx.Node) ([]Fixture, error) {
	fields, err := v.Map()
	if err != nil {
		return nil, err
	}
	var out []Fixture
	for _, f := range fields {
		fx := Fixture{Table: f.Key, Line: f.Value.Line}
		if items, lerr := f.Value.List(); lerr == nil && isSeq(f.Value) {
			rows := make([]any, 0, len(items))
			for _, it := range items {
				x, err := it.Value()
				if err != nil {
					return nil, err
				}
				if _, ok := x.(map[string]any); !ok {
					return nil, it.Errorf("a row of table %s must be a mapping of column: value", f.Key)
				}
				rows = append(rows, x)
			}
			fx.Text, err = rowsJSON(rows)
			if err != nil {
				return nil, f.Value.Errorf("table %s: %v", f.Key, err)
			}
			fx.At = yamlx.Text{Text: fx.Text, File: v.File(), Line: f.Value.Line}
			out = append(out, fx)
			continue
		}
		txt, err := f.Value.Text()
		if err != nil {
			return nil, err
		}
		fx.At = txt
		s := strings.TrimSpace(txt.Text)
		if s == "" || strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			fx.Text = txt.Text
		} else {
			fx.Path = s
		}
		out = append(out, fx)
	}
	return out, nil
}

func isSeq(n *yamlx.Node) bool { return n.Kind() == "a list" }

func expectation(v *yamlx.Node) (Expect, error) {
	var e Expect
	fields, err := v.Map()
	if err != nil {
		return e, err
	}
	for _, f := range fields {
		val := f.Value
		switch f.Key {
		case "count":
			var n int64
			n, err = val.Int()
			e.Count = &n
		case "excluded":
			var n int64
			n, err = val.Int()
			e.Excluded = &n
		case "excluded_by":
			e.ExcludedBy, err = namedCounts(val)
		case "status":
			e.Status, err = val.Str()
			if err == nil && !validStatus(e.Status) {
				err = val.Errorf("status %q: use findings, clean, not_triggered or error", e.Status)
			}
		case "error":
			e.Error, err = val.Str()
		case "contains":
			e.Contains, err = partials(val)
		case "not_contains":
			e.NotContains, err = partials(val)
		case "entities":
			e.Entities, err = partials(val)
		default:
			err = f.KeyAt.Errorf("unknown expectation %q (use count, contains, not_contains, excluded, excluded_by, entities, status, error)", f.Key)
		}
		if err != nil {
			return e, err
		}
	}
	return e, nil
}

func validStatus(s string) bool {
	switch s {
	case "findings", "clean", "not_triggered", "error":
		return true
	}
	return false
}

func namedCounts(v *yamlx.Node) ([]NamedCount, error) {
	fields, err := v.Map()
	if err != nil {
		return nil, err
	}
	var out []NamedCount
	for _, f := range fields {
		n, err := f.Value.Int()
		if err != nil {
			return nil, err
		}
		out = append(out, NamedCount{Name: f.Key, Count: n, Line: f.KeyAt.Line})
	}
	return out, nil
}

func partials(v *yamlx.Node) ([]Partial, error) {
	items, err := v.List()
	if err != nil {
		return nil, err
	}
	var out []Partial
	for _, it := range items {
		fields, err := it.Map()
		if err != nil {
			return nil, it.Errorf("expected a partial row ({Column: value, ...})")
		}
		p := Partial{Line: it.Line}
		for _, f := range fields {
			x, err := f.Value.Value()
			if err != nil {
				return nil, err
			}
			p.Fields = append(p.Fields, PartialField{Column: f.Key, Value: x})
		}
		out = append(out, p)
	}
	return out, nil
}
