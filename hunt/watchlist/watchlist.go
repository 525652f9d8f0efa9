// Package watchlist serves Sentinel watchlists to queries: CSV files,
// each with a SearchKey column, read by `_GetWatchlist('Name')` as a
// table with Sentinel's columns (_DTItemId, LastUpdatedTimeUTC,
// SearchKey, then the CSV's columns, all strings as in Sentinel, where
// the items are unpacked from a property bag of strings).
package watchlist

import (
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/table"
)

// Watchlist is one loaded watchlist.
type Watchlist struct {
	Name   string // the alias queries pass to _GetWatchlist
	Key    string // the CSV column that is the SearchKey
	Source string // the CSV file
	Table  *table.Table
}

// Set is a collection of watchlists by name.
type Set struct {
	byName map[string]*Watchlist
}

// NewSet returns a set holding ws (later ones replace earlier ones of
// the same name).
func NewSet(ws ...*Watchlist) *Set {
	s := &Set{byName: map[string]*Watchlist{}}
	for _, w := range ws {
		s.Put(w)
	}
	return s
}

// Put adds or replaces a watchlist.
func (s *Set) Put(w *Watchlist) { s.byName[w.Name] = w }

// Get finds a watchlist by name: exactly, else ignoring case (Sentinel
// aliases are matched ignoring case).
func (s *Set) Get(name string) (*Watchlist, bool) {
	if s == nil {
		return nil, false
	}
	if w, ok := s.byName[name]; ok {
		return w, true
	}
	for k, w := range s.byName {
		if strings.EqualFold(k, name) {
			return w, true
		}
	}
	return nil, false
}

// Names lists the watchlists, sorted.
func (s *Set) Names() []string {
	if s == nil {
		return nil
	}
	out := make([]string, 0, len(s.byName))
	for k := range s.byName {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Merge adds every watchlist of o to s.
func (s *Set) Merge(o *Set) {
	if o == nil {
		return
	}
	for _, w := range o.byName {
		s.Put(w)
	}
}

// Fixed leading columns of a watchlist table.
var leading = types.Schema{
	{Name: "_DTItemId", Type: types.String},
	{Name: "LastUpdatedTimeUTC", Type: types.DateTime},
	{Name: "SearchKey", Type: types.String},
}

// ReadFile reads a CSV watchlist. key names the SearchKey column; empty
// means the first column.
func ReadFile(name, path, key string) (*Watchlist, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("watchlist %s: %w", name, err)
	}
	defer f.Close()
	updated := time.Now()
	if st, err := f.Stat(); err == nil {
		updated = st.ModTime()
	}
	return Read(name, path, key, f, updated)
}

// Read reads a CSV watchlist from r; updated is its LastUpdatedTimeUTC.
func Read(name, path, key string, r io.Reader, updated time.Time) (*Watchlist, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: the watchlist file is empty: it needs a header row naming the columns", path)
	}
	if err != nil {
		return nil, csvErr(path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	keyIdx := 0
	if key != "" {
		keyIdx = -1
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), key) {
				keyIdx = i
				break
			}
		}
		if keyIdx < 0 {
			return nil, fmt.Errorf("%s: the search key column %q is not in the header (columns: %s)", path, key, strings.Join(header, ", "))
		}
	}
	sch := append(types.Schema(nil), leading...)
	seen := map[string]bool{}
	for _, c := range sch {
		seen[c.Name] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("%s:1: column %d has no name", path, i+1)
		}
		if seen[h] {
			return nil, fmt.Errorf("%s:1: column %q appears twice (or clashes with a column Sentinel adds)", path, h)
		}
		seen[h] = true
		sch = append(sch, types.Column{Name: h, Type: types.String})
	}
	b := table.NewBuilder(sch)
	ts := value.FromTime(updated.UTC())
	row := make([]any, len(sch))
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(path, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) > len(header) {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %d values for %d columns", path, line, len(rec), len(header))
		}
		row[0] = itemID(name, n)
		row[1] = ts
		row[2] = ""
		if keyIdx < len(rec) {
			row[2] = rec[keyIdx]
		}
		for i := range header {
			row[3+i] = ""
			if i < len(rec) {
				row[3+i] = rec[i]
			}
		}
		b.Append(row)
	}
	if key == "" {
		key = strings.TrimSpace(header[keyIdx])
	}
	return &Watchlist{Name: name, Key: key, Source: path, Table: &table.Table{Name: TableName(name), Schema: sch, Batches: b.Finish()}}, nil
}

func csvErr(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// itemID is a stable GUID-shaped id for item n, as _DTItemId is in
// Sentinel.
func itemID(name string, n int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", name, n)))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// TablePrefix starts the internal table names watchlists are served
// under; user tables cannot be named so (names starting with "__quarry"
// are reserved).
const TablePrefix = "__quarry_watchlist__"

// TableName is the internal table a watchlist is served as.
func TableName(name string) string { return TablePrefix + name }
