package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/kql/value"
)

// writeNDJSON writes one line per rule ("type":"rule": the JSON report's
// rule object without rows), then one line per finding ("type":
// "finding": the rule, the row as an object and its entities), so that
// a log pipeline can ingest findings one by one.
func writeNDJSON(w io.Writer, rep *hunt.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, r := range rep.Results {
		j := ruleJSON(r, false)
		line := struct {
			Type string `json:"type"`
			jsonRule
		}{"rule", j}
		b, err := marshal(line)
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
		if !emitsFindings(r) {
			continue
		}
		head := findingHead(r)
		var buf []byte
		forRows(r.Batches, 0, func(b *column.Batch, i int) {
			buf = append(buf[:0], head...)
			buf = append(buf, `,"row":`...)
			buf = rowObject(buf, r.Schema, b, i)
			buf = append(buf, `,"entities":`...)
			buf = appendEntities(buf, r.RowEntities(b, i))
			buf = append(buf, "}\n"...)
			bw.Write(buf)
		})
	}
	return bw.Flush()
}

// findingHead is the start of a finding line, common to a rule's rows.
func findingHead(r *hunt.Result) []byte {
	ru := r.Rule
	b := []byte(`{"type":"finding","rule_id":`)
	b = value.AppendJSONString(b, ru.ID)
	b = append(b, `,"rule_name":`...)
	b = value.AppendJSONString(b, ru.Name)
	b = append(b, `,"severity":`...)
	b = value.AppendJSONString(b, ru.Severity)
	b = append(b, `,"tactics":`...)
	b = appendStrings(b, ru.Tactics)
	b = append(b, `,"techniques":`...)
	return appendStrings(b, ru.Techniques)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = value.AppendJSONString(b, s)
	}
	return append(b, ']')
}

func appendEntities(b []byte, es []hunt.Entity) []byte {
	b = append(b, '[')
	for i, e := range es {
		if i > 0 {
			b = append(b, ',')
		}
		j := entityJSON(e)
		b = append(b, `{"type":`...)
		b = value.AppendJSONString(b, j.Type)
		b = append(b, `,"identifiers":`...)
		b = append(b, j.Identifiers...)
		b = append(b, '}')
	}
	return append(b, ']')
}

func marshal(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n")), nil
}

// writeCSV writes the findings as one table: the rule's id, name,
// severity, tactics and techniques, then the union of every rule's
// result columns (in first-seen order), empty where a rule lacks one.
func writeCSV(w io.Writer, rep *hunt.Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	fixed := []string{"rule_id", "rule_name", "severity", "tactics", "techniques"}
	var cols []string
	pos := map[string]int{}
	for _, r := range rep.Results {
		if !emitsFindings(r) {
			continue
		}
		for _, c := range r.Schema {
			if _, ok := pos[c.Name]; !ok {
				pos[c.Name] = len(cols)
				cols = append(cols, c.Name)
			}
		}
	}
	if err := cw.Write(append(append([]string(nil), fixed...), cols...)); err != nil {
		return err
	}
	rec := make([]string, len(fixed)+len(cols))
	var err error
	for _, r := range rep.Results {
		if !emitsFindings(r) {
			continue
		}
		idx := make([]int, len(r.Schema))
		for i, c := range r.Schema {
			idx[i] = len(fixed) + pos[c.Name]
		}
		head := []string{r.Rule.ID, r.Rule.Name, r.Rule.Severity, strings.Join(r.Rule.Tactics, ","), strings.Join(r.Rule.Techniques, ",")}
		forRows(r.Batches, 0, func(b *column.Batch, i int) {
			if err != nil {
				return
			}
			clear(rec)
			copy(rec, head)
			for c, v := range b.Cols {
				rec[idx[c]] = format.CellText(v, i)
			}
			err = cw.Write(rec)
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
