package watchlist

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

// IndexFile names, in a watchlist folder, the file that records each
// watchlist's CSV file and search key. CSV files it does not list are
// watchlists named after the file, keyed by their first column.
const IndexFile = "watchlists.yaml"

// Entry is one watchlist of a folder's index.
type Entry struct {
	Name, File, Key string
}

// LoadDir loads every watchlist of a folder.
func LoadDir(dir string) (*Set, error) {
	entries, err := Entries(dir)
	if err != nil {
		return nil, err
	}
	s := NewSet()
	for _, e := range entries {
		w, err := ReadFile(e.Name, filepath.Join(dir, e.File), e.Key)
		if err != nil {
			return nil, err
		}
		s.Put(w)
	}
	return s, nil
}

// Entries lists a folder's watchlists: those of its index, then the CSV
// files the index does not name.
func Entries(dir string) ([]Entry, error) {
	idx, err := readIndex(dir)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	for _, e := range idx {
		listed[e.File] = true
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("watchlists: %w", err)
	}
	out := idx
	var extra []Entry
	for _, f := range files {
		if f.IsDir() || !strings.EqualFold(filepath.Ext(f.Name()), ".csv") || listed[f.Name()] {
			continue
		}
		extra = append(extra, Entry{Name: strings.TrimSuffix(f.Name(), filepath.Ext(f.Name())), File: f.Name()})
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Name < extra[j].Name })
	return append(out, extra...), nil
}

func readIndex(dir string) ([]Entry, error) {
	path := filepath.Join(dir, IndexFile)
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("watchlists: %w", err)
	}
	docs, err := yamlx.Parse(path, data)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, d := range docs {
		fields, err := d.Root.Map()
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			if f.Key != "watchlists" {
				return nil, f.KeyAt.Errorf("unknown key %q: the index has one key, watchlists", f.Key)
			}
			items, err := f.Value.List()
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				e, err := indexEntry(it)
				if err != nil {
					return nil, err
				}
				out = append(out, e)
			}
		}
	}
	return out, nil
}

func indexEntry(it *yamlx.Node) (Entry, error) {
	fields, err := it.Map()
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	for _, f := range fields {
		switch f.Key {
		case "name":
			e.Name, err = f.Value.Str()
		case "file":
			e.File, err = f.Value.Str()
		case "key":
			e.Key, err = f.Value.Str()
		default:
			err = f.KeyAt.Errorf("unknown key %q (a watchlist has name, file, key)", f.Key)
		}
		if err != nil {
			return Entry{}, err
		}
	}
	if e.Name == "" {
		return Entry{}, it.Errorf("the watchlist has no name")
	}
	if e.File == "" {
		e.File = e.Name + ".csv"
	}
	if filepath.Base(e.File) != e.File {
		return Entry{}, it.Errorf("file %q must be a file name in the watchlist folder", e.File)
	}
	return e, nil
}

// Add copies the CSV file src into dir as watchlist name keyed by key,
// replacing a watchlist of that name. The CSV is checked first, so a
// broken file is never stored.
func Add(dir, name, src, key string) (*Watchlist, error) {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("watchlist name %q: use letters, digits, - and _", name)
	}
	w, err := ReadFile(name, src, key)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return nil, err
	}
	file := name + ".csv"
	if err := writeAtomic(filepath.Join(dir, file), data); err != nil {
		return nil, err
	}
	idx, err := readIndex(dir)
	if err != nil {
		return nil, err
	}
	e := Entry{Name: name, File: file, Key: w.Key}
	replaced := false
	for i := range idx {
		if idx[i].Name == name {
			idx[i], replaced = e, true
		}
	}
	if !replaced {
		idx = append(idx, e)
	}
	if err := writeIndex(dir, idx); err != nil {
		return nil, err
	}
	w.Source = filepath.Join(dir, file)
	return w, nil
}

// Remove deletes a watchlist from dir.
func Remove(dir, name string) error {
	entries, err := Entries(dir)
	if err != nil {
		return err
	}
	idx, err := readIndex(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name != name {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.File)); err != nil && !os.IsNotExist(err) {
			return err
		}
		kept := idx[:0]
		for _, x := range idx {
			if x.Name != name {
				kept = append(kept, x)
			}
		}
		return writeIndex(dir, kept)
	}
	return fmt.Errorf("no watchlist %q in %s", name, dir)
}

func writeIndex(dir string, idx []Entry) error {
	var b strings.Builder
	b.WriteString("# Watchlists for _GetWatchlist('name'), written by `quarry watchlist add`.\nwatchlists:\n")
	for _, e := range idx {
		fmt.Fprintf(&b, "  - name: %s\n    file: %s\n    key: %s\n", strconv.Quote(e.Name), strconv.Quote(e.File), strconv.Quote(e.Key))
	}
	return writeAtomic(filepath.Join(dir, IndexFile), []byte(b.String()))
}

// writeAtomic writes a file so that a crash leaves the old or the new
// content, never a mix.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
