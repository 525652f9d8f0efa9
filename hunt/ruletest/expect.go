package ruletest

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// check compares a rule's result with a test's expectations and returns
// what did not match.
func check(t *Test, res *hunt.Result) []string {
	e := t.Expect
	var fails []string
	failf := func(line int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if line > 0 {
			msg = fmt.Sprintf("%s:%d: %s", t.File, line, msg)
		}
		fails = append(fails, msg)
	}
	if res.Status == hunt.Failed {
		if e.Error == "" && e.Status != "error" {
			return []string{"the rule failed: " + res.Err.Error()}
		}
		if e.Error != "" && !strings.Contains(res.Err.Error(), e.Error) {
			failf(0, "the rule failed with %q, which does not contain %q", res.Err.Error(), e.Error)
		}
		return fails
	}
	if e.Error != "" {
		failf(0, "expected the rule to fail with %q, but it ran (%s, %d rows)", e.Error, res.Status, res.Hits)
	}
	if e.Status != "" && string(res.Status) != e.Status {
		failf(0, "expected status %s, got %s", e.Status, res.Status)
	}
	if e.Count != nil && int64(res.Hits) != *e.Count {
		failf(0, "expected %d rows, got %d%s", *e.Count, res.Hits, excludedNote(res))
	}
	if e.Excluded != nil && int64(res.Excluded) != *e.Excluded {
		failf(0, "expected %d rows excluded, got %d%s", *e.Excluded, res.Excluded, excludedNote(res))
	}
	for _, nc := range e.ExcludedBy {
		got, found := 0, false
		for _, x := range res.Exclusions {
			if x.Exclusion.Name == nc.Name {
				got, found = x.Matched, true
			}
		}
		if !found {
			failf(nc.Line, "exclusion %q did not apply to the rule (not loaded, for other rules, or expired)", nc.Name)
		} else if int64(got) != nc.Count {
			failf(nc.Line, "expected exclusion %q to match %d rows, it matched %d", nc.Name, nc.Count, got)
		}
	}
	for _, p := range e.Contains {
		idx, missing := columns(res, p)
		if missing != "" {
			failf(p.Line, "column %q is not in the results (columns: %s)", missing, columnList(res))
			continue
		}
		if !anyRow(res, p, idx) {
			failf(p.Line, "no row has %s; rows have: %s", partialText(p), sample(res, p, idx))
		}
	}
	for _, p := range e.NotContains {
		idx, missing := columns(res, p)
		if missing != "" {
			failf(p.Line, "column %q is not in the results (columns: %s)", missing, columnList(res))
			continue
		}
		if anyRow(res, p, idx) {
			failf(p.Line, "a row has %s, which it should not", partialText(p))
		}
	}
	for _, p := range e.Entities {
		if !hasEntity(res.Entities, p) {
			failf(p.Line, "no entity has %s; entities: %s", partialText(p), entityList(res.Entities))
		}
	}
	return fails
}

func excludedNote(res *hunt.Result) string {
	if len(res.Exclusions) == 0 {
		return ""
	}
	parts := make([]string, 0, len(res.Exclusions))
	for _, x := range res.Exclusions {
		if x.Expired {
			parts = append(parts, x.Exclusion.Name+" expired")
		} else {
			parts = append(parts, fmt.Sprintf("%s %d", x.Exclusion.Name, x.Matched))
		}
	}
	return fmt.Sprintf(" (%d before exclusions; %s)", res.Total, strings.Join(parts, ", "))
}

func columns(res *hunt.Result, p Partial) ([]int, string) {
	idx := make([]int, len(p.Fields))
	for i, f := range p.Fields {
		idx[i] = res.Schema.Index(f.Column)
		if idx[i] < 0 {
			return nil, f.Column
		}
	}
	return idx, ""
}

func columnList(res *hunt.Result) string {
	names := make([]string, len(res.Schema))
	for i, c := range res.Schema {
		names[i] = c.Name
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

func anyRow(res *hunt.Result, p Partial, idx []int) bool {
	for _, b := range res.Batches {
		for i := 0; i < b.N; i++ {
			if rowMatches(b, i, p, idx) {
				return true
			}
		}
	}
	return false
}

func rowMatches(b *column.Batch, i int, p Partial, idx []int) bool {
	for k, f := range p.Fields {
		if !cellMatches(b.Cols[idx[k]], i, f.Value) {
			return false
		}
	}
	return true
}

// cellMatches compares a cell with a value written in YAML: strings
// exactly (datetimes as instants, GUIDs ignoring case), numbers by value,
// null as null or empty, lists and maps as JSON.
func cellMatches(v *column.Vector, i int, want any) bool {
	if want == nil {
		return v.IsNull(i) || format.CellText(v, i) == ""
	}
	if v.IsNull(i) {
		return false
	}
	switch w := want.(type) {
	case string:
		switch v.Type {
		case types.DateTime:
			d, ok := value.ParseDateTime(w)
			return ok && int64(d) == v.Int(i)
		case types.TimeSpan:
			d, ok := value.ParseTimeSpan(w)
			return ok && int64(d) == v.Int(i)
		case types.Guid:
			return strings.EqualFold(format.CellText(v, i), w)
		}
		return format.CellText(v, i) == w
	case bool:
		if v.Type == types.Bool {
			return v.Bool(i) == w
		}
		return format.CellText(v, i) == strconv.FormatBool(w)
	case map[string]any, []any:
		return sameJSON(string(format.AppendJSONCell(nil, v, i)), w)
	}
	f, ok := number(want)
	if !ok {
		return format.CellText(v, i) == fmt.Sprint(want)
	}
	switch v.Type {
	case types.Int, types.Long:
		return float64(v.Int(i)) == f
	case types.Decimal:
		return v.Dec(i).Float() == f || format.CellText(v, i) == fmt.Sprint(want)
	case types.Real:
		g := v.Real(i)
		return g == f || math.Abs(g-f) <= 1e-9*math.Max(1, math.Abs(f))
	}
	return format.CellText(v, i) == fmt.Sprint(want)
}

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// sameJSON compares JSON text with a YAML value by their JSON meaning.
func sameJSON(got string, want any) bool {
	var g any
	if json.Unmarshal([]byte(got), &g) != nil {
		return false
	}
	wb, err := json.Marshal(want)
	if err != nil {
		return false
	}
	var w any
	if json.Unmarshal(wb, &w) != nil {
		return false
	}
	return reflect.DeepEqual(g, w)
}

func partialText(p Partial) string {
	parts := make([]string, len(p.Fields))
	for i, f := range p.Fields {
		b, _ := json.Marshal(f.Value)
		parts[i] = fmt.Sprintf("%s: %s", f.Column, b)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// sample shows the named columns of the first rows, to tell what the
// rule did find.
func sample(res *hunt.Result, p Partial, idx []int) string {
	var rows []string
	for _, b := range res.Batches {
		for i := 0; i < b.N && len(rows) < 5; i++ {
			parts := make([]string, len(idx))
			for k, c := range idx {
				parts[k] = fmt.Sprintf("%s: %s", p.Fields[k].Column, format.AppendJSONCell(nil, b.Cols[c], i))
			}
			rows = append(rows, "{"+strings.Join(parts, ", ")+"}")
		}
	}
	if len(rows) == 0 {
		return "no rows"
	}
	if res.Hits > len(rows) {
		rows = append(rows, fmt.Sprintf("… %d more", res.Hits-len(rows)))
	}
	return strings.Join(rows, " ")
}

// hasEntity matches an entity partial: "type" is the entity type, other
// keys are identifiers.
func hasEntity(es []hunt.Entity, p Partial) bool {
	for _, e := range es {
		ok := true
		for _, f := range p.Fields {
			want := fmt.Sprint(f.Value)
			if strings.EqualFold(f.Column, "type") {
				ok = ok && strings.EqualFold(e.Type, want)
				continue
			}
			found := false
			for _, id := range e.Identifiers {
				if strings.EqualFold(id.Name, f.Column) && id.Value == want {
					found = true
				}
			}
			ok = ok && found
		}
		if ok {
			return true
		}
	}
	return false
}

func entityList(es []hunt.Entity) string {
	if len(es) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(es))
	for _, e := range es {
		parts = append(parts, e.Key())
	}
	return strings.Join(parts, "; ")
}
