package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
	"github.com/spf13/cobra"
)

// dataFlags are the flags that say which tables exist and hold what.
type dataFlags struct {
	tables  []string
	schemas []string
	dataDir string // --data (see store.go)
}

func (d *dataFlags) register(cmd *cobra.Command, withData bool) {
	if withData {
		cmd.Flags().StringArrayVar(&d.tables, "table", nil, "load a file as a table: NAME=PATH, or PATH to name the table after the file (repeatable; .jsonl, .ndjson, .json, .csv, optionally .gz)")
	}
	cmd.Flags().StringArrayVar(&d.schemas, "schema", nil, "schema file {\"tables\":[{\"name\",\"columns\":[{\"name\",\"type\"}]}]}; its tables replace or add to the built-in ones (repeatable)")
}

// catalog returns the built-in schemas overlaid with --schema files.
func (d *dataFlags) catalog() (*schema.Catalog, error) {
	cat := schema.Builtin()
	for _, p := range d.schemas {
		c, err := schema.LoadFile(p)
		if err != nil {
			return nil, err
		}
		cat.Overlay(c)
	}
	return cat, nil
}

// tableSpec splits NAME=PATH; a bare PATH names the table after the file
// (AlertInfo.jsonl.gz is AlertInfo).
func tableSpec(spec string) (name, path string, err error) {
	if i := strings.IndexByte(spec, '='); i >= 0 {
		name, path = strings.TrimSpace(spec[:i]), spec[i+1:]
	} else {
		path = spec
		name = filepath.Base(path)
		for ext := filepath.Ext(name); ext != ""; ext = filepath.Ext(name) {
			name = strings.TrimSuffix(name, ext)
		}
	}
	if name == "" || path == "" {
		return "", "", usagef("--table %q: want NAME=PATH", spec)
	}
	if !validTableName(name) {
		return "", "", usagef("--table %q: %q is not a table name (letters, digits and _ only); give one with NAME=PATH", spec, name)
	}
	return name, path, nil
}

func validTableName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// queryText reads the query from the argument, -f FILE, or stdin.
func queryText(cmd *cobra.Command, args []string, file string) (string, error) {
	switch {
	case file != "" && len(args) > 0:
		return "", usagef("give the query either as an argument or with -f, not both")
	case file == "-":
		b, err := io.ReadAll(cmd.InOrStdin())
		return string(b), err
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	case len(args) > 0:
		return strings.Join(args, " "), nil
	}
	if f, ok := cmd.InOrStdin().(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", usagef("no query: give it as an argument, with -f FILE, or on stdin")
		}
	}
	b, err := io.ReadAll(cmd.InOrStdin())
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// parseNow reads --now (an ISO 8601 datetime, like Kusto's datetime()).
func parseNow(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t, ok := value.ParseDateTime(s)
	if !ok {
		return 0, usagef("--now %q: not a datetime (use ISO 8601, e.g. 2024-01-31T12:00:00Z)", s)
	}
	return int64(t), nil
}
