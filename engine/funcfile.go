package engine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/kql/semantic"
)

// FunctionFileExts are the extensions of the files LoadFunctions reads.
var FunctionFileExts = []string{".kql", ".csl"}

// FuncFileError is an error in a file of stored functions, at a line
// and column of it (both 0 when the problem is the file as a whole).
type FuncFileError struct {
	File      string
	Line, Col int
	Msg       string
	Snippet   string
}

func (e *FuncFileError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d:%d", e.Line, e.Col)
	}
	s += ": " + e.Msg
	if e.Snippet != "" {
		s += "\n" + e.Snippet
	}
	return s
}

// FuncFileErrors are all the errors found while reading stored functions.
type FuncFileErrors []*FuncFileError

func (l FuncFileErrors) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap exposes the individual errors to errors.As.
func (l FuncFileErrors) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// LoadFunctions reads the stored functions of every .kql and .csl file
// under dir (sub-folders included, in name order). A name defined twice
// is an error naming both places. Every problem of every file is
// reported, as a FuncFileErrors.
func LoadFunctions(dir string) ([]*semantic.Function, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isFunctionFile(path) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading stored functions: %w", err)
	}
	sort.Strings(files)
	var all []*semantic.Function
	var errs FuncFileErrors
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, &FuncFileError{File: f, Msg: err.Error()})
			continue
		}
		fns, err := ParseFunctions(f, string(text))
		if l, ok := err.(FuncFileErrors); ok {
			errs = append(errs, l...)
		} else if err != nil {
			errs = append(errs, &FuncFileError{File: f, Msg: err.Error()})
		}
		all = append(all, fns...)
	}
	all, dups := uniqueFunctions(all)
	errs = append(errs, dups...)
	if len(errs) > 0 {
		return all, errs
	}
	return all, nil
}

func isFunctionFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range FunctionFileExts {
		if ext == e {
			return true
		}
	}
	return false
}

// uniqueFunctions reports names defined more than once (Kusto function
// names are case-sensitive) and keeps the first definition.
func uniqueFunctions(fns []*semantic.Function) ([]*semantic.Function, FuncFileErrors) {
	first := map[string]*semantic.Function{}
	var out []*semantic.Function
	var errs FuncFileErrors
	for _, f := range fns {
		if prev, dup := first[f.Name]; dup {
			errs = append(errs, &FuncFileError{File: f.Source.Name, Line: defLine(f), Col: 1,
				Msg: fmt.Sprintf("the function '%s' is already defined at %s:%d; rename or remove one of them", f.Name, prev.Source.Name, defLine(prev))})
			continue
		}
		first[f.Name] = f
		out = append(out, f)
	}
	return out, errs
}

func defLine(f *semantic.Function) int { return f.Source.Position(f.Lit.Pos()).Line }
