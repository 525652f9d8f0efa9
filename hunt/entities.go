package hunt

import (
	"fmt"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/kql/types"
)

// Entity is one entity of the findings, as Sentinel would attach to an
// alert: a type and its identifiers.
type Entity struct {
	Type        string
	Identifiers []Identifier
	// Count is the number of result rows it appears in.
	Count int
}

// Identifier is one identifier of an entity.
type Identifier struct{ Name, Value string }

// Key renders the entity as "Type:Name=Value,...".
func (e Entity) Key() string {
	var b strings.Builder
	b.WriteString(e.Type)
	for i, id := range e.Identifiers {
		if i == 0 {
			b.WriteByte(':')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(id.Name)
		b.WriteByte('=')
		b.WriteString(id.Value)
	}
	return b.String()
}

// entityPlan is the entity mappings resolved to column positions.
type entityPlan struct {
	mappings []rule.EntityMapping
	cols     [][]int // per mapping, per field: column index or -1
}

// planEntities resolves a rule's entity mappings against the result
// schema (a rule without mappings uses the legacy *CustomEntity
// columns). A mapped column the results lack is a warning, as Sentinel
// rejects such a rule only when it is saved.
func planEntities(r *rule.Rule, s types.Schema) (*entityPlan, []string) {
	ms := r.EntityMappings
	if len(ms) == 0 {
		names := make([]string, len(s))
		for i, c := range s {
			names[i] = c.Name
		}
		ms = rule.LegacyMappings(names)
	}
	var warns []string
	p := &entityPlan{mappings: ms}
	for _, m := range ms {
		idx := make([]int, len(m.Fields))
		for i, f := range m.Fields {
			idx[i] = s.Index(f.Column)
			if idx[i] < 0 {
				warns = append(warns, fmt.Sprintf("%s:%d: entity mapping %s.%s: column %q is not in the results", r.File, m.Line, m.Type, f.Identifier, f.Column))
			}
		}
		p.cols = append(p.cols, idx)
	}
	return p, warns
}

// row returns the entities of row i of b.
func (p *entityPlan) row(b *column.Batch, i int) []Entity {
	var out []Entity
	for m, mp := range p.mappings {
		var ids []Identifier
		for f, c := range p.cols[m] {
			if c < 0 {
				continue
			}
			v := format.CellText(b.Cols[c], i)
			if v == "" {
				continue
			}
			ids = append(ids, Identifier{Name: mp.Fields[f].Identifier, Value: v})
		}
		if len(ids) > 0 {
			out = append(out, Entity{Type: mp.Type, Identifiers: ids, Count: 1})
		}
	}
	return out
}

// collect returns the distinct entities over all rows, most frequent
// first.
func (p *entityPlan) collect(batches []*column.Batch) []Entity {
	if len(p.mappings) == 0 {
		return nil
	}
	byKey := map[string]int{}
	var out []Entity
	for _, b := range batches {
		for i := 0; i < b.N; i++ {
			for _, e := range p.row(b, i) {
				k := e.Key()
				if j, ok := byKey[k]; ok {
					out[j].Count++
					continue
				}
				byKey[k] = len(out)
				out = append(out, e)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// RowEntities returns the entities of one result row (for formats that
// report a finding per row).
func (r *Result) RowEntities(b *column.Batch, i int) []Entity {
	if r.entities == nil {
		r.entities, _ = planEntities(r.Rule, r.Schema)
	}
	return r.entities.row(b, i)
}
