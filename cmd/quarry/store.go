package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/quarryhunt/quarry/exec"
	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/storage"
	"github.com/quarryhunt/quarry/table"
	"github.com/spf13/cobra"
)

const dataFlagHelp = "the store's folder (default $QUARRY_DATA, else $XDG_DATA_HOME/quarry, else ~/.local/share/quarry)"

// registerStore adds --data, the store the command reads.
func (d *dataFlags) registerStore(cmd *cobra.Command) {
	cmd.Flags().StringVar(&d.dataDir, "data", "", dataFlagHelp)
}

// dataDir resolves the store's folder: --data, else $QUARRY_DATA, else
// $XDG_DATA_HOME/quarry, else ~/.local/share/quarry. explicit says the
// user named it with --data.
func dataDir(flag string) (dir string, explicit bool, err error) {
	if flag != "" {
		return flag, true, nil
	}
	if d := os.Getenv("QUARRY_DATA"); d != "" {
		return d, false, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "quarry"), false, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", false, fmt.Errorf("cannot find the store's folder (no home folder: %v); give --data DIR or set QUARRY_DATA", err)
	}
	return filepath.Join(home, ".local", "share", "quarry"), false, nil
}

// openStore opens the store to write to (creating it).
func (d *dataFlags) openStore() (*storage.Store, error) {
	dir, _, err := dataDir(d.dataDir)
	if err != nil {
		return nil, err
	}
	return storage.Open(dir, nil)
}

// readStore opens the store to read from; nil when there is none yet
// (an error when --data names a folder that holds no store).
func (d *dataFlags) readStore() (*storage.Store, error) {
	dir, explicit, err := dataDir(d.dataDir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if explicit {
			if _, serr := os.Stat(dir); serr != nil {
				return nil, fmt.Errorf("--data %s: no such folder; load data into it first with quarry ingest --data %s FILE", dir, dir)
			}
		}
		return nil, nil
	}
	return storage.Open(dir, nil)
}

// catalogWithStore is the catalog (built-in and --schema) extended with
// the store's tables: a stored table's columns that the catalog lacks are
// added after its own, and tables only the store holds are added.
func (d *dataFlags) catalogWithStore(st *storage.Store) (*schema.Catalog, error) {
	cat, err := d.catalog()
	if err != nil {
		return nil, err
	}
	if st != nil {
		tis, err := st.Tables()
		if err != nil {
			return nil, err
		}
		for _, t := range tis {
			cat.Extend(t.Name, t.Schema)
		}
	}
	return cat, nil
}

// database is what query reads: the store's tables, and --table files,
// which for that run replace a stored table of the same name.
type database struct {
	mem    *table.Store
	st     *storage.Store
	loaded map[string]bool
}

// database opens the store and loads every --table file.
func (d *dataFlags) database() (*database, error) {
	st, err := d.readStore()
	if err != nil {
		return nil, err
	}
	cat, err := d.catalogWithStore(st)
	if err != nil {
		return nil, err
	}
	db := &database{mem: table.NewStore(cat), st: st, loaded: map[string]bool{}}
	for _, spec := range d.tables {
		name, path, err := tableSpec(spec)
		if err != nil {
			return nil, err
		}
		if err := db.mem.LoadFile(name, path); err != nil {
			return nil, err
		}
		db.loaded[name] = true
	}
	return db, nil
}

func (db *database) Table(name string) (types.Schema, bool) { return db.mem.Table(name) }

func (db *database) Names() []string { return db.mem.Names() }

func (db *database) Scan(ctx context.Context, sc *plan.Scan) (exec.BatchReader, error) {
	if db.st != nil && !db.loaded[sc.Table] {
		if _, ok := db.st.Table(sc.Table); ok {
			return db.st.Scan(ctx, sc)
		}
	}
	r, err := db.mem.Scan(ctx, sc)
	if err != nil {
		return nil, err
	}
	return r, nil
}
