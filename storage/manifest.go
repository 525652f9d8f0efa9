package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
)

const (
	manifestName    = "manifest.json"
	manifestFormat  = "quarry-store"
	manifestVersion = 1
	undatedKey      = "undated"
)

// manifest is the committed state of a store. A loaded manifest is never
// modified: a commit builds a new one (see clone), so readers may keep a
// pointer to it without locking.
type manifest struct {
	Format     string        `json:"format"`
	Version    int           `json:"version"`
	Generation int64         `json:"generation"`
	Tables     []*tableMeta  `json:"tables"`
	Sources    []*sourceMeta `json:"sources,omitempty"`
	Retired    []*retired    `json:"retired,omitempty"`

	sources map[string]*sourceMeta
}

type tableMeta struct {
	Name       string           `json:"name"`
	Dir        string           `json:"dir"`
	Columns    []columnMeta     `json:"columns"`
	TimeColumn string           `json:"timeColumn,omitempty"`
	Partitions []*partitionMeta `json:"partitions"`

	schema types.Schema
}

type columnMeta struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// partitionMeta holds the files of one UTC day ("2024-05-01"), or of the
// rows without a time ("undated").
type partitionMeta struct {
	Key   string      `json:"key"`
	Files []*fileMeta `json:"files"`
}

type fileMeta struct {
	Path  string `json:"path"` // relative to the store, slash-separated
	Rows  int64  `json:"rows"`
	Bytes int64  `json:"bytes"`
	// MinTime and MaxTime bound the file's non-null times (ticks); absent
	// when it has none.
	MinTime    *int64 `json:"minTime,omitempty"`
	MaxTime    *int64 `json:"maxTime,omitempty"`
	Generation int64  `json:"generation"`
}

// sourceMeta records an ingested source file by content hash, so that
// ingesting it again can be skipped.
type sourceMeta struct {
	Hash       string `json:"hash"`
	Generation int64  `json:"generation"`
	Committed  string `json:"committed"`
	Rows       int64  `json:"rows"`
}

// retired is a file that a compaction replaced: no longer in any table,
// kept until Retired+grace for readers of older manifests.
type retired struct {
	Path    string `json:"path"`
	Retired string `json:"retired"`
}

func emptyManifest() *manifest {
	return &manifest{Format: manifestFormat, Version: manifestVersion, sources: map[string]*sourceMeta{}}
}

// parseManifest decodes and validates manifest text. Every problem is an
// error naming what is wrong; nothing in the text can make it panic or
// point outside the store.
func parseManifest(data []byte) (*manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	m := &manifest{}
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("not valid manifest JSON: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the manifest")
	}
	if m.Format != manifestFormat {
		return nil, fmt.Errorf("format is %q, expected %q", m.Format, manifestFormat)
	}
	if m.Version != manifestVersion {
		if m.Version > manifestVersion {
			return nil, fmt.Errorf("version %d was written by a newer quarry (this one reads version %d); upgrade quarry", m.Version, manifestVersion)
		}
		return nil, fmt.Errorf("unknown version %d", m.Version)
	}
	if m.Generation < 0 {
		return nil, fmt.Errorf("negative generation %d", m.Generation)
	}
	if err := m.index(); err != nil {
		return nil, err
	}
	return m, nil
}

// index validates m and builds its lookup structures.
func (m *manifest) index() error {
	names := map[string]bool{}
	dirs := map[string]bool{}
	paths := map[string]bool{}
	for i, t := range m.Tables {
		if t == nil {
			return fmt.Errorf("table #%d is null", i+1)
		}
		if t.Name == "" {
			return fmt.Errorf("table #%d has no name", i+1)
		}
		if names[t.Name] {
			return fmt.Errorf("table %q is listed twice", t.Name)
		}
		names[t.Name] = true
		if !validDir(t.Dir) {
			return fmt.Errorf("table %q: directory %q is not of the form tables/NAME", t.Name, t.Dir)
		}
		if dirs[strings.ToLower(t.Dir)] {
			return fmt.Errorf("table %q: directory %q is used twice", t.Name, t.Dir)
		}
		dirs[strings.ToLower(t.Dir)] = true
		sch, err := schemaOf(t.Columns)
		if err != nil {
			return fmt.Errorf("table %q: %v", t.Name, err)
		}
		t.schema = sch
		if t.TimeColumn != "" {
			i := sch.Index(t.TimeColumn)
			if i < 0 || sch[i].Type != types.DateTime {
				return fmt.Errorf("table %q: time column %q is not a datetime column of the table", t.Name, t.TimeColumn)
			}
		}
		keys := map[string]bool{}
		for j, p := range t.Partitions {
			if p == nil {
				return fmt.Errorf("table %q: partition #%d is null", t.Name, j+1)
			}
			if _, ok := parseDayKey(p.Key); !ok && p.Key != undatedKey {
				return fmt.Errorf("table %q: partition key %q is neither a day (YYYY-MM-DD) nor %q", t.Name, p.Key, undatedKey)
			}
			if keys[p.Key] {
				return fmt.Errorf("table %q: partition %s is listed twice", t.Name, p.Key)
			}
			keys[p.Key] = true
			for k, f := range p.Files {
				if f == nil {
					return fmt.Errorf("table %q partition %s: file #%d is null", t.Name, p.Key, k+1)
				}
				if !validFilePath(f.Path) || path.Dir(f.Path) != t.Dir+"/"+p.Key {
					return fmt.Errorf("table %q partition %s: file path %q is not a Parquet file of this partition", t.Name, p.Key, f.Path)
				}
				if paths[f.Path] {
					return fmt.Errorf("file %q is listed twice", f.Path)
				}
				paths[f.Path] = true
				if f.Rows < 0 || f.Bytes < 0 {
					return fmt.Errorf("file %q: negative row or byte count", f.Path)
				}
				if (f.MinTime == nil) != (f.MaxTime == nil) || (f.MinTime != nil && *f.MinTime > *f.MaxTime) {
					return fmt.Errorf("file %q: inconsistent time range", f.Path)
				}
			}
		}
	}
	m.sources = make(map[string]*sourceMeta, len(m.Sources))
	for i, s := range m.Sources {
		if s == nil || s.Hash == "" {
			return fmt.Errorf("source #%d has no hash", i+1)
		}
		if m.sources[s.Hash] != nil {
			return fmt.Errorf("source %s is listed twice", s.Hash)
		}
		m.sources[s.Hash] = s
	}
	for i, r := range m.Retired {
		if r == nil {
			return fmt.Errorf("retired file #%d is null", i+1)
		}
		if !validFilePath(r.Path) {
			return fmt.Errorf("retired file path %q is not a Parquet file of a table", r.Path)
		}
		if paths[r.Path] {
			return fmt.Errorf("file %q is both live and retired", r.Path)
		}
	}
	return nil
}

// validDir accepts "tables/NAME" with NAME one plain path component.
func validDir(d string) bool {
	name, ok := strings.CutPrefix(d, "tables/")
	return ok && plainComponent(name)
}

// validFilePath accepts tables/DIR/KEY/FILE.parquet and nothing else, so
// that a damaged manifest cannot make the store read or delete anything
// outside its directory.
func validFilePath(p string) bool {
	parts := strings.Split(p, "/")
	if len(parts) != 4 || parts[0] != "tables" {
		return false
	}
	for _, c := range parts[1:] {
		if !plainComponent(c) {
			return false
		}
	}
	return strings.HasSuffix(parts[3], ".parquet") && len(parts[3]) > len(".parquet")
}

func plainComponent(c string) bool {
	return c != "" && c != "." && c != ".." && !strings.ContainsAny(c, "/\\:\x00")
}

func schemaOf(cols []columnMeta) (types.Schema, error) {
	if len(cols) == 0 {
		return nil, fmt.Errorf("no columns")
	}
	sch := make(types.Schema, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		if c.Name == "" {
			return nil, fmt.Errorf("column #%d has no name", i+1)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("column %q is listed twice", c.Name)
		}
		seen[c.Name] = true
		t, ok := types.Parse(c.Type)
		if !ok || t.String() != c.Type {
			return nil, fmt.Errorf("column %q has unknown type %q", c.Name, c.Type)
		}
		sch[i] = types.Column{Name: c.Name, Type: t}
	}
	return sch, nil
}

func columnsOf(sch types.Schema) []columnMeta {
	out := make([]columnMeta, len(sch))
	for i, c := range sch {
		out[i] = columnMeta{Name: c.Name, Type: c.Type.String()}
	}
	return out
}

func (m *manifest) encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func (m *manifest) table(name string) *tableMeta {
	for _, t := range m.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// clone copies m deeply enough that the copy's tables, partitions and
// lists can be changed without touching m; file entries are shared (they
// are never modified).
func (m *manifest) clone() *manifest {
	c := *m
	c.Tables = make([]*tableMeta, len(m.Tables))
	for i, t := range m.Tables {
		tc := *t
		tc.Columns = append([]columnMeta(nil), t.Columns...)
		tc.schema = append(types.Schema(nil), t.schema...)
		tc.Partitions = make([]*partitionMeta, len(t.Partitions))
		for j, p := range t.Partitions {
			pc := *p
			pc.Files = append([]*fileMeta(nil), p.Files...)
			tc.Partitions[j] = &pc
		}
		c.Tables[i] = &tc
	}
	c.Sources = append([]*sourceMeta(nil), m.Sources...)
	c.Retired = append([]*retired(nil), m.Retired...)
	c.sources = make(map[string]*sourceMeta, len(m.sources))
	for k, v := range m.sources {
		c.sources[k] = v
	}
	return &c
}

func (t *tableMeta) partition(key string) *partitionMeta {
	for _, p := range t.Partitions {
		if p.Key == key {
			return p
		}
	}
	return nil
}
