package ingest

import (
	"strings"
	"sync"

	"github.com/quarryhunt/quarry/kql/types"
)

// Catalog is where table schemas come from: the built-in Defender and
// Sentinel schemas (schema.Catalog satisfies it), or the store's tables.
type Catalog interface {
	Table(name string) (types.Schema, bool)
	Names() []string
}

// tableDef is what a table's rows are converted to: its columns so far
// and how record keys find them. A tableDef is never modified once
// published; the registry replaces it when the table gains a column.
type tableDef struct {
	name string
	cols types.Schema
	// known is the number of leading columns that came from a schema
	// (store, then catalog); the rest were inferred from the data.
	known  int
	byName map[string]int
	byFold map[string]int // lower-case name of a schema column
	ts, tg int            // Timestamp and TimeGenerated, or -1
	// inferred says no schema knew the table.
	inferred bool
}

func newDef(name string, cols types.Schema, known int, inferred bool) *tableDef {
	d := &tableDef{name: name, cols: cols, known: known, inferred: inferred, byName: make(map[string]int, len(cols)), byFold: map[string]int{}, ts: -1, tg: -1}
	for i, c := range cols {
		if _, dup := d.byName[c.Name]; !dup {
			d.byName[c.Name] = i
		}
		if i < known {
			if _, dup := d.byFold[strings.ToLower(c.Name)]; !dup {
				d.byFold[strings.ToLower(c.Name)] = i
			}
		}
		switch c.Name {
		case "Timestamp":
			d.ts = i
		case "TimeGenerated":
			d.tg = i
		}
	}
	return d
}

// column resolves a record key as the --table loader does: exactly, then
// ignoring case among the schema's columns, then Timestamp and
// TimeGenerated standing in for each other when the schema has only one;
// -1 when the table has no such column.
func (d *tableDef) column(key string) int {
	if i, ok := d.byName[key]; ok {
		return i
	}
	if len(d.byFold) > 0 {
		if i, ok := d.byFold[strings.ToLower(key)]; ok {
			return i
		}
	}
	switch {
	case key == "TimeGenerated" && d.ts >= 0 && d.tg < 0:
		return d.ts
	case key == "Timestamp" && d.tg >= 0 && d.ts < 0:
		return d.tg
	}
	return -1
}

// registry holds the current tableDef of every table an ingest has met,
// shared by the parsing workers (which read) and the appender (which adds
// the columns it types).
type registry struct {
	cat    Catalog // built-in and --schema tables
	stored Catalog // tables already in the store (nil for none)

	mu    sync.RWMutex
	defs  map[string]*tableDef
	hints map[string]*sizeHint
}

// sizeHint is the size of a table's last part: new parts allocate that
// much up front instead of growing step by step.
type sizeHint struct {
	rows  int
	bytes []int // per column, string bytes
}

func (r *registry) hint(name string) *sizeHint {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.hints[name]
}

func (r *registry) setHint(name string, h *sizeHint) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hints == nil {
		r.hints = map[string]*sizeHint{}
	}
	r.hints[name] = h
}

func newRegistry(cat, stored Catalog) *registry {
	return &registry{cat: cat, stored: stored, defs: map[string]*tableDef{}}
}

// canonical maps a table name from the data to the name of a table the
// store or the catalog knows, ignoring case (container names such as
// am-securityevent are lower case); an unknown name stays as it is.
func (r *registry) canonical(name string) string {
	for _, c := range []Catalog{r.stored, r.cat} {
		if c == nil {
			continue
		}
		if _, ok := c.Table(name); ok {
			return name
		}
	}
	for _, c := range []Catalog{r.stored, r.cat} {
		if c == nil {
			continue
		}
		for _, n := range c.Names() {
			if strings.EqualFold(n, name) {
				return n
			}
		}
	}
	return name
}

// def returns a table's current definition, creating it on first use:
// the store's columns (their types cannot change), then the catalog's
// columns the store lacks.
func (r *registry) def(name string) *tableDef {
	r.mu.RLock()
	d := r.defs[name]
	r.mu.RUnlock()
	if d != nil {
		return d
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if d := r.defs[name]; d != nil {
		return d
	}
	var cols types.Schema
	if r.stored != nil {
		if s, ok := r.stored.Table(name); ok {
			cols = append(cols, s...)
		}
	}
	if r.cat != nil {
		if s, ok := r.cat.Table(name); ok {
			for _, c := range s {
				if cols.Index(c.Name) < 0 {
					cols = append(cols, c)
				}
			}
		}
	}
	d = newDef(name, cols, len(cols), len(cols) == 0)
	r.defs[name] = d
	return d
}

// fix adds inferred columns to a table (the appender calls it when it
// first types them) and returns the new definition.
func (r *registry) fix(name string, add types.Schema) *tableDef {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.defs[name]
	cols := append(append(types.Schema(nil), old.cols...), add...)
	d := newDef(name, cols, old.known, old.inferred)
	r.defs[name] = d
	return d
}

// validTableName accepts the names quarry stores tables under: letters,
// digits and '_', not starting with a digit.
func validTableName(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
