package kqltest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// Result is one result table of a query, values boxed as in package value.
type Result struct {
	Schema types.Schema
	Rows   [][]any
}

// Options are per-query settings from the file.
type Options struct {
	// Now is the value of now() (and the reference of ago()); 0 means the
	// backend's own clock.
	Now value.DateTime
}

// Backend is the engine under test, loaded with a fixed set of tables.
type Backend interface {
	// Query runs a query and returns one Result per result statement.
	Query(ctx context.Context, query string, opts Options) ([]Result, error)
}

// FunctionBackend is a Backend that can hold stored functions. Files
// that declare functions (`function Name`) need one; with any other
// backend their cases are skipped.
type FunctionBackend interface {
	Backend
	// WithFunctions returns the backend with these functions added; path
	// is the test file, for error messages.
	WithFunctions(path string, fns []*Function) (Backend, error)
}

// Opener makes a Backend that holds exactly these tables. The runner
// calls it again whenever a file declares or redeclares a table.
type Opener func(tables []*Table) (Backend, error)

// Config tells the runner what to run and against what.
type Config struct {
	Open    Opener
	Catalog Catalog // for `table X builtin`; may be nil
	// RunSkipped runs cases marked `skip` too (and reports the ones that
	// pass, so stale skips can be removed). The KQLTEST_RUN_SKIPPED
	// environment variable also turns it on.
	RunSkipped bool
	// Timeout bounds each query (default 30s).
	Timeout time.Duration
}

// Files lists the *.kqltest files under root, sorted.
func Files(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".kqltest") {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// RunDir runs every test file under root, each as a parallel subtest named
// by its path relative to root.
func RunDir(t *testing.T, root string, cfg Config) {
	t.Helper()
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .kqltest files under %s", root)
	}
	for _, path := range files {
		name, err := filepath.Rel(root, path)
		if err != nil {
			name = path
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			t.Parallel()
			RunFile(t, path, cfg)
		})
	}
}

// RunFile runs the cases of one file, each as a subtest named by the line
// of its `query` directive.
func RunFile(t *testing.T, path string, cfg Config) {
	t.Helper()
	f, err := ParseFile(path, cfg.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	runSkipped := cfg.RunSkipped || os.Getenv("KQLTEST_RUN_SKIPPED") != ""
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	var b Backend
	gen := -1
	var openErr error
	for _, c := range f.Cases {
		t.Run(fmt.Sprintf("line%d", c.Line), func(t *testing.T) {
			if c.Skip != "" && !runSkipped {
				t.Skipf("%s:%d: skip: %s", path, c.Line, c.Skip)
			}
			if c.TableGen != gen {
				gen = c.TableGen
				b, openErr = open(cfg, path, c)
			}
			if errors.Is(openErr, errNoFunctions) {
				t.Skipf("%s:%d: %v", path, c.Line, openErr)
			}
			if openErr != nil {
				t.Fatalf("%s:%d: loading the tables and functions: %v", path, c.Line, openErr)
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			msg := Check(ctx, b, c)
			switch {
			case msg != "" && c.Skip != "":
				t.Skipf("%s:%d: skip: %s (still fails)\n%s", path, c.Line, c.Skip, msg)
			case msg != "":
				t.Errorf("%s:%d:\n%s", path, c.Line, msg)
			case c.Skip != "":
				t.Errorf("%s:%d: passes now: remove `skip %s`", path, c.Line, c.Skip)
			}
		})
	}
}

// errNoFunctions marks a backend that cannot hold stored functions.
var errNoFunctions = errors.New("this backend cannot hold stored functions")

// open makes the backend for a case: its tables, then its functions.
func open(cfg Config, path string, c *Case) (Backend, error) {
	b, err := cfg.Open(c.Tables)
	if err != nil || len(c.Functions) == 0 {
		return b, err
	}
	fb, ok := b.(FunctionBackend)
	if !ok {
		return nil, errNoFunctions
	}
	return fb.WithFunctions(path, c.Functions)
}

// Check runs one case and returns "" when it passes, or a report showing
// the query and the expected and actual results side by side.
func Check(ctx context.Context, b Backend, c *Case) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("query:\n%s\npanic: %v", indent(c.Query), r)
		}
	}()
	res, err := b.Query(ctx, c.Query, Options{Now: c.Now})
	if c.WantError {
		switch {
		case err == nil:
			return fmt.Sprintf("query:\n%s\nwant an error containing %q, got a result:\n%s", indent(c.Query), c.ErrorText, indent(renderResults(res)))
		case !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.ErrorText)):
			return fmt.Sprintf("query:\n%s\nwant an error containing %q, got:\n%s", indent(c.Query), c.ErrorText, indent(err.Error()))
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("query:\n%s\nfailed:\n%s", indent(c.Query), indent(err.Error()))
	}
	if len(res) != len(c.Results) {
		return fmt.Sprintf("query:\n%s\nwant %d result tables, got %d:\n%s", indent(c.Query), len(c.Results), len(res), indent(renderResults(res)))
	}
	var reports []string
	for i, e := range c.Results {
		if d := compare(e, res[i], c.Ordered); d != "" {
			title := "result"
			if len(res) > 1 {
				title = fmt.Sprintf("result %d", i+1)
			}
			reports = append(reports, fmt.Sprintf("%s: %s\n%s", title, d, sideBySide(e, res[i], c.Ordered)))
		}
	}
	if len(reports) == 0 {
		return ""
	}
	return fmt.Sprintf("query:\n%s\n%s", indent(c.Query), strings.Join(reports, "\n"))
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

func renderResults(res []Result) string {
	var parts []string
	for _, r := range res {
		parts = append(parts, strings.Join(renderTable(r.Schema, r.Rows), "\n"))
	}
	return strings.Join(parts, "\n----\n")
}
