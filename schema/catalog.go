// Package schema holds table schemas: the built-in Defender XDR and
// Microsoft Sentinel tables, and catalogs loaded from schema files, so
// that queries bind with Kusto's types before any data is read.
package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
)

// Catalog maps table names (case-sensitive, as in Kusto) to schemas. It
// keeps the order in which tables were added.
type Catalog struct {
	names  []string
	tables map[string]types.Schema
}

// New returns an empty catalog.
func New() *Catalog { return &Catalog{tables: map[string]types.Schema{}} }

// Table returns the schema of a table and whether it exists.
func (c *Catalog) Table(name string) (types.Schema, bool) {
	s, ok := c.tables[name]
	return s, ok
}

// Names returns the table names in the order they were added.
func (c *Catalog) Names() []string { return append([]string(nil), c.names...) }

// Len returns the number of tables.
func (c *Catalog) Len() int { return len(c.names) }

// Lookup finds a table ignoring case, for "did you mean" hints.
func (c *Catalog) Lookup(name string) (string, bool) {
	for _, n := range c.names {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}

// Clone returns an independent copy.
func (c *Catalog) Clone() *Catalog {
	out := &Catalog{names: append([]string(nil), c.names...), tables: make(map[string]types.Schema, len(c.tables))}
	for k, v := range c.tables {
		out.tables[k] = append(types.Schema(nil), v...)
	}
	return out
}

// Extend adds a table, or appends to an existing table the columns it does
// not have yet. Existing columns keep their position and type.
func (c *Catalog) Extend(name string, cols types.Schema) {
	cur, ok := c.tables[name]
	if !ok {
		c.names = append(c.names, name)
		c.tables[name] = append(types.Schema(nil), cols...)
		return
	}
	for _, col := range cols {
		if cur.Index(col.Name) < 0 {
			cur = append(cur, col)
		}
	}
	c.tables[name] = cur
}

// Set adds a table or replaces its schema.
func (c *Catalog) Set(name string, cols types.Schema) {
	if _, ok := c.tables[name]; !ok {
		c.names = append(c.names, name)
	}
	c.tables[name] = append(types.Schema(nil), cols...)
}

// Overlay adds every table of other, replacing same-named tables: a
// user's schema file says what its tables hold.
func (c *Catalog) Overlay(other *Catalog) {
	for _, n := range other.names {
		c.Set(n, other.tables[n])
	}
}

// Merge extends c with every table of other (see Extend).
func (c *Catalog) Merge(other *Catalog) {
	for _, n := range other.names {
		c.Extend(n, other.tables[n])
	}
}

// Sorted returns the table names sorted case-insensitively.
func (c *Catalog) Sorted() []string {
	out := c.Names()
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i]), strings.ToLower(out[j])
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

// fileFormat is the schema file layout:
// {"tables":[{"name":"T","columns":[{"name":"C","type":"string"}]}]}.
type fileFormat struct {
	Tables []struct {
		Name    string `json:"name"`
		Columns []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"columns"`
	} `json:"tables"`
}

// Parse reads a catalog in the schema file format. what names the source
// in errors.
func Parse(data []byte, what string) (*Catalog, error) {
	var f fileFormat
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a schema file: %v (expected {\"tables\":[{\"name\":...,\"columns\":[{\"name\":...,\"type\":...}]}]})", what, err)
	}
	c := New()
	for i, t := range f.Tables {
		if t.Name == "" {
			return nil, fmt.Errorf("%s: table #%d has no name", what, i+1)
		}
		cols := make(types.Schema, 0, len(t.Columns))
		for _, col := range t.Columns {
			if col.Name == "" {
				return nil, fmt.Errorf("%s: table %s has a column with no name", what, t.Name)
			}
			typ, ok := types.Parse(col.Type)
			if !ok {
				return nil, fmt.Errorf("%s: table %s column %s: unknown type %q (use string, int, long, real, decimal, bool, datetime, timespan, guid or dynamic)", what, t.Name, col.Name, col.Type)
			}
			if cols.Index(col.Name) >= 0 {
				return nil, fmt.Errorf("%s: table %s lists column %s twice", what, t.Name, col.Name)
			}
			cols = append(cols, types.Column{Name: col.Name, Type: typ})
		}
		c.Extend(t.Name, cols)
	}
	return c, nil
}

// LoadFile reads a schema file (the format of Parse).
func LoadFile(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}
