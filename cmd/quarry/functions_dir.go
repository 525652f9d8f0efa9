package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/spf13/cobra"
)

// functionsFlag is the persistent flag naming folders of stored functions.
const functionsFlag = "functions"

// functionsSubdir is the data folder's folder of stored functions.
const functionsSubdir = "functions"

// addFunctionsFlag adds --functions to every command.
func addFunctionsFlag(root *cobra.Command) {
	root.PersistentFlags().StringArray(functionsFlag, nil,
		"folder `DIR` of stored functions that queries call by name, like Sentinel workspace functions and ASIM parsers: "+
			".kql/.csl files of '.create-or-alter function Name(...) { ... }' commands or 'let Name = (...) { ... };' "+
			"statements (repeatable; the data folder's functions/ folder is always read)")
}

// storedFunctions loads the stored functions cmd's queries see: those of
// the data folder's functions/ folder (when it exists), then those of each
// --functions folder; a later folder's definition of a name replaces an
// earlier one's.
func storedFunctions(cmd *cobra.Command) ([]*semantic.Function, error) {
	var dirs []string
	flagData := ""
	if f := cmd.Flags().Lookup("data"); f != nil {
		flagData = f.Value.String()
	}
	if data, _, err := dataDir(flagData); err == nil {
		d := filepath.Join(data, functionsSubdir)
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			dirs = append(dirs, d)
		}
	}
	given, _ := cmd.Flags().GetStringArray(functionsFlag)
	for _, d := range given {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() {
			if err == nil || errors.Is(err, fs.ErrNotExist) {
				return nil, usagef("--functions %s: no such folder", d)
			}
			return nil, fmt.Errorf("--functions %s: %w", d, err)
		}
		dirs = append(dirs, d)
	}
	byName := map[string]int{}
	var out []*semantic.Function
	for _, d := range dirs {
		fns, err := engine.LoadFunctions(d)
		if err != nil {
			return nil, fmt.Errorf("stored functions in %s:\n%w", d, err)
		}
		for _, f := range fns {
			if i, ok := byName[f.Name]; ok {
				out[i] = f
				continue
			}
			byName[f.Name] = len(out)
			out = append(out, f)
		}
	}
	return out, nil
}

// withFunctions gives eng the stored functions of cmd.
func withFunctions(cmd *cobra.Command, eng *engine.Engine) (*engine.Engine, error) {
	fns, err := storedFunctions(cmd)
	if err != nil {
		return nil, err
	}
	return eng.WithFunctions(fns), nil
}
