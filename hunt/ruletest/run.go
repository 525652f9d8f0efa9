package ruletest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/hunt/exclusion"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/table"
)

// Options say how tests run.
type Options struct {
	// Catalog gives the tables' schemas (normally the built-in one);
	// fixture rows are typed by it.
	Catalog table.Catalog
	// Rules are the rules tests may name by id or name (tests may also
	// name a rule file by path).
	Rules []*rule.Rule
}

// Outcome is one test's result.
type Outcome struct {
	Test *Test // nil when the file could not be read
	File string
	Name string
	// Failures say what did not match; Err is a problem with the test
	// itself (a missing rule, a fixture that does not load, a broken
	// file).
	Failures []string
	Err      error
	Duration time.Duration
	Result   *hunt.Result
}

// Passed reports whether the test ran and every expectation held.
func (o *Outcome) Passed() bool { return o.Err == nil && len(o.Failures) == 0 }

// RunFile loads and runs the tests of one file; a file that does not
// load is one errored outcome.
func RunFile(ctx context.Context, path string, opts Options) []*Outcome {
	tests, err := LoadFile(path)
	if err != nil {
		return []*Outcome{{File: path, Name: filepath.Base(path), Err: err}}
	}
	out := make([]*Outcome, 0, len(tests))
	for _, t := range tests {
		out = append(out, Run(ctx, t, opts))
	}
	return out
}

// Run runs one test.
func Run(ctx context.Context, t *Test, opts Options) *Outcome {
	start := time.Now()
	o := &Outcome{Test: t, File: t.File, Name: t.Name}
	defer func() { o.Duration = time.Since(start) }()
	dir := filepath.Dir(t.File)
	r, err := findRule(t, dir, opts.Rules)
	if err != nil {
		o.Err = err
		return o
	}
	st := table.NewStore(opts.Catalog)
	for _, fx := range t.Tables {
		if err := loadFixture(st, fx, dir); err != nil {
			o.Err = err
			return o
		}
	}
	var excls []*exclusion.Exclusion
	for _, p := range t.Exclusions {
		xs, err := exclusion.LoadFile(resolve(dir, p))
		if err != nil {
			o.Err = err
			return o
		}
		excls = append(excls, xs...)
	}
	wl := watchlist.NewSet()
	if t.Watchlists != "" {
		if wl, err = watchlist.LoadDir(resolve(dir, t.Watchlists)); err != nil {
			o.Err = err
			return o
		}
	}
	rn := hunt.NewRunner(hunt.FromTables(st), hunt.Options{Now: t.Now, Exclusions: excls, Watchlists: wl, Parallel: 1})
	res := rn.RunRule(ctx, r)
	o.Result = res
	o.Failures = check(t, res)
	return o
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// findRule resolves a test's rule: a file (relative to the test file),
// else a rule id or name among the given rules.
func findRule(t *Test, dir string, rules []*rule.Rule) (*rule.Rule, error) {
	p := resolve(dir, t.Rule)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		rs := rule.LoadFile(p, true)
		if len(rs) != 1 {
			return nil, t.errAt(t.RuleLine, fmt.Sprintf("%s holds %d rules; name one by id instead", t.Rule, len(rs)))
		}
		return rs[0], nil
	}
	var found []*rule.Rule
	for _, r := range rules {
		if strings.EqualFold(r.ID, t.Rule) || r.Name == t.Rule {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, t.errAt(t.RuleLine, fmt.Sprintf("rule %q not found: give the rule's file (relative to this test file) or the id of a rule in the folders given with --rules", t.Rule))
	}
	return nil, t.errAt(t.RuleLine, fmt.Sprintf("rule %q is ambiguous: %s and %s both match", t.Rule, found[0].File, found[1].File))
}

func (t *Test) errAt(line int, msg string) error {
	return &yamlx.Error{File: t.File, Line: line, Msg: msg}
}

// loadFixture loads a fixture's rows into the store, typed by the
// table's schema.
func loadFixture(st *table.Store, fx Fixture, dir string) error {
	if fx.Path != "" {
		if err := st.LoadFile(fx.Table, resolve(dir, fx.Path)); err != nil {
			return &yamlx.Error{File: fx.At.File, Line: fx.Line, Msg: fmt.Sprintf("table %s: %v", fx.Table, err)}
		}
		return nil
	}
	text := fx.Text
	format := table.FormatJSONLines
	if strings.HasPrefix(strings.TrimSpace(text), "[") {
		format = table.FormatJSON
	} else if err := checkJSONLines(fx); err != nil {
		return err
	}
	known, _ := st.Table(fx.Table)
	name := fmt.Sprintf("%s (table %s)", fx.At.File, fx.Table)
	t, err := table.Read(strings.NewReader(text), name, format, fx.Table, known)
	if err != nil {
		return &yamlx.Error{File: fx.At.File, Line: fx.Line, Msg: fmt.Sprintf("table %s: %v", fx.Table, err)}
	}
	return st.Add(t)
}

// checkJSONLines reports the first line of inline JSON lines that is not
// JSON, at its line in the test file.
func checkJSONLines(fx Fixture) error {
	for i, line := range strings.Split(fx.Text, "\n") {
		s := strings.TrimSpace(line)
		if s == "" {
			continue
		}
		if !json.Valid([]byte(s)) {
			l, c := fx.At.Position(i+1, 1)
			var v any
			msg := json.Unmarshal([]byte(s), &v).Error()
			return &yamlx.Error{File: fx.At.File, Line: l, Col: c, Msg: fmt.Sprintf("table %s: this row is not valid JSON: %s", fx.Table, msg)}
		}
	}
	return nil
}

func rowsJSON(rows []any) (string, error) {
	b, err := json.Marshal(rows)
	return string(b), err
}
