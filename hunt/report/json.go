package report

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// jsonRule is one rule in the JSON report. The first twelve keys are the
// documented ones; the rest add detail.
type jsonRule struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Tactics       []string        `json:"tactics"`
	Techniques    []string        `json:"techniques"`
	Status        string          `json:"status"`
	Error         *string         `json:"error"`
	Hits          int             `json:"hits"`
	Excluded      int             `json:"excluded"`
	MissingTables []string        `json:"missing_tables"`
	Columns       []jsonColumn    `json:"columns"`
	Rows          json.RawMessage `json:"rows"`
	Entities      []jsonEntity    `json:"entities"`

	Kind       string          `json:"kind"`
	File       string          `json:"file"`
	Severity   string          `json:"severity,omitempty"`
	Total      int             `json:"total"`
	Triggered  bool            `json:"triggered"`
	Trigger    string          `json:"trigger,omitempty"`
	Exclusions []jsonExclusion `json:"exclusions"`
	Window     *jsonWindow     `json:"window,omitempty"`
	Warnings   []string        `json:"warnings"`
	Millis     int64           `json:"duration_ms"`
}

type jsonColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type jsonEntity struct {
	Type        string          `json:"type"`
	Identifiers json.RawMessage `json:"identifiers"`
	Count       int             `json:"count,omitempty"`
}

type jsonExclusion struct {
	Name    string `json:"name"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Reason  string `json:"reason,omitempty"`
	Matched int    `json:"matched"`
	Expired bool   `json:"expired"`
	Expires string `json:"expires,omitempty"`
}

type jsonWindow struct {
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

type jsonSummary struct {
	Rules    int `json:"rules"`
	Findings int `json:"findings"`
	Errors   int `json:"errors"`
	Hits     int `json:"hits"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ruleJSON builds a rule's JSON object; rows are included when withRows.
func ruleJSON(r *hunt.Result, withRows bool) jsonRule {
	ru := r.Rule
	j := jsonRule{
		ID: ru.ID, Name: ru.Name, Tactics: nonNil(ru.Tactics), Techniques: nonNil(ru.Techniques),
		Status: string(r.Status), Hits: r.Hits, Excluded: r.Excluded, MissingTables: nonNil(r.MissingTables),
		Columns: []jsonColumn{}, Entities: []jsonEntity{},
		Kind: string(ru.Kind), File: ru.File, Severity: ru.Severity, Total: r.Total, Triggered: r.Triggered,
		Exclusions: []jsonExclusion{}, Warnings: nonNil(r.Warnings), Millis: r.Duration.Milliseconds(),
	}
	if r.Err != nil {
		s := r.Err.Error()
		j.Error = &s
	}
	if ru.Kind == "analytics" {
		j.Trigger = ru.Trigger.String()
	}
	for _, c := range r.Schema {
		j.Columns = append(j.Columns, jsonColumn{Name: c.Name, Type: c.Type.String()})
	}
	for _, e := range r.Entities {
		j.Entities = append(j.Entities, entityJSON(e))
	}
	for _, x := range r.Exclusions {
		ex := jsonExclusion{Name: x.Exclusion.Name, File: x.Exclusion.File, Line: x.Exclusion.Line, Reason: strings.TrimSpace(x.Exclusion.Reason), Matched: x.Matched, Expired: x.Expired}
		if !x.Exclusion.Expires.IsZero() {
			ex.Expires = x.Exclusion.Expires.UTC().Format("2006-01-02T15:04:05Z")
		}
		j.Exclusions = append(j.Exclusions, ex)
	}
	if !r.Window.IsZero() {
		j.Window = windowJSON(r.Window)
	}
	if withRows {
		j.Rows = rowsJSON(r.Batches)
	} else {
		j.Rows = json.RawMessage("[]")
	}
	return j
}

func windowJSON(w hunt.Window) *jsonWindow {
	out := &jsonWindow{}
	if w.From != nil {
		out.From = value.FormatDateTime(value.DateTime(*w.From))
	}
	if w.To != nil {
		out.To = value.FormatDateTime(value.DateTime(*w.To))
	}
	return out
}

func entityJSON(e hunt.Entity) jsonEntity {
	buf := []byte{'{'}
	for i, id := range e.Identifiers {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = value.AppendJSONString(buf, id.Name)
		buf = append(buf, ':')
		buf = value.AppendJSONString(buf, id.Value)
	}
	buf = append(buf, '}')
	return jsonEntity{Type: e.Type, Identifiers: buf, Count: e.Count}
}

// rowsJSON renders rows as a JSON array of arrays.
func rowsJSON(batches []*column.Batch) json.RawMessage {
	buf := []byte{'['}
	first := true
	forRows(batches, 0, func(b *column.Batch, i int) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, '[')
		for c, v := range b.Cols {
			if c > 0 {
				buf = append(buf, ',')
			}
			buf = format.AppendJSONCell(buf, v, i)
		}
		buf = append(buf, ']')
	})
	return append(buf, ']')
}

// rowObject renders row i as a JSON object keyed by column name.
func rowObject(dst []byte, s types.Schema, b *column.Batch, i int) []byte {
	dst = append(dst, '{')
	for c, v := range b.Cols {
		if c > 0 {
			dst = append(dst, ',')
		}
		dst = value.AppendJSONString(dst, s[c].Name)
		dst = append(dst, ':')
		dst = format.AppendJSONCell(dst, v, i)
	}
	return append(dst, '}')
}

func summary(rep *hunt.Report) jsonSummary {
	f, e, h := rep.Counts()
	return jsonSummary{Rules: len(rep.Results), Findings: f, Errors: e, Hits: h}
}

func writeJSON(w io.Writer, rep *hunt.Report) error {
	out := struct {
		Rules   []jsonRule  `json:"rules"`
		Now     string      `json:"now"`
		Window  *jsonWindow `json:"window,omitempty"`
		Summary jsonSummary `json:"summary"`
	}{Rules: []jsonRule{}, Now: rep.Now.UTC().Format("2006-01-02T15:04:05Z"), Summary: summary(rep)}
	if !rep.Window.IsZero() {
		out.Window = windowJSON(rep.Window)
	}
	for _, r := range rep.Results {
		out.Rules = append(out.Rules, ruleJSON(r, true))
	}
	return encode(w, out)
}

func encode(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return bw.Flush()
}
