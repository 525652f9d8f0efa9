package hunt

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// TableCheck is what a check found about one table a rule needs.
type TableCheck struct {
	// Name is the table as the rule names it; Table is the table it
	// resolves to (rule packs spell names with other capitals).
	Name, Table string
	// Declared: listed in requiredDataConnectors; Used: read by the
	// query (or by an exclusion).
	Declared, Used  bool
	Exists, HasData bool
}

// CheckResult is the outcome of checking one rule without running it.
type CheckResult struct {
	Rule     *rule.Rule
	Err      error // load, parse or bind errors, at FILE:LINE:COL
	Columns  types.Schema
	Tables   []TableCheck
	Window   Window
	Warnings []string
}

// CanRun reports whether the rule parses, binds and reads only tables
// that exist.
func (c *CheckResult) CanRun() bool {
	if c.Err != nil {
		return false
	}
	for _, t := range c.Tables {
		if t.Used && !t.Exists {
			return false
		}
	}
	return true
}

// NoData lists the tables the rule needs that exist but hold no rows in
// its window, and declared tables that do not exist.
func (c *CheckResult) NoData() []string {
	var out []string
	for _, t := range c.Tables {
		if (t.Exists && !t.HasData) || (t.Declared && !t.Exists) {
			out = append(out, t.Table)
		}
	}
	return out
}

// Check parses and binds every rule (with its exclusions and
// watchlists) and says, for each table it needs, whether the table
// exists and holds data in the rule's window. Nothing is run but the
// scans that look for one row.
func (rn *Runner) Check(ctx context.Context, rules []*rule.Rule) []*CheckResult {
	out := make([]*CheckResult, len(rules))
	rn.each(len(rules), func(i int) { out[i] = rn.CheckRule(ctx, rules[i]) })
	return out
}

// CheckRule checks one rule.
func (rn *Runner) CheckRule(ctx context.Context, r *rule.Rule) (c *CheckResult) {
	c = &CheckResult{Rule: r, Window: rn.window(r), Warnings: append([]string(nil), r.Warnings...)}
	defer func() {
		if p := recover(); p != nil {
			c.Err = fmt.Errorf("%s: internal error: %v (this is a Quarry bug; please report it with the rule)", r.File, p)
		}
	}()
	if r.Err != nil {
		c.Err = r.Err
		return c
	}
	apply, _ := rn.exclusionsFor(r)
	comp := compose(r, apply)
	used := map[string]bool{}
	text := comp.text.String()
	schema, serrs, berrs := rn.engine(rn.source(c.Window)).Check(text)
	if errs := checkErrors(serrs, berrs); len(errs) > 0 {
		c.Err = comp.mapError(r, errs)
	} else {
		k := len(comp.excls)
		if len(schema) >= k {
			for i, x := range comp.excls {
				if t := schema[len(schema)-k+i].Type; t != types.Bool {
					c.Err = x.WhereAt.Error(0, fmt.Sprintf("the predicate is of type %s; where needs a boolean (true drops the row)", t))
					break
				}
			}
			c.Columns = schema[:len(schema)-k]
		}
		if c.Err == nil {
			_, warns := planEntities(r, c.Columns)
			c.Warnings = append(c.Warnings, warns...)
		}
	}
	for _, t := range tablesIn(text, rn.data) {
		used[t] = true
	}
	c.Tables = rn.tableChecks(ctx, r, used, c.Window)
	return c
}

// checkErrors turns Check's errors into the engine's error list (syntax
// errors first: binding is skipped when they exist).
func checkErrors(serrs syntax.ErrorList, berrs semantic.ErrorList) engine.ErrorList {
	var out engine.ErrorList
	for _, e := range serrs {
		out = append(out, &engine.Error{Stage: engine.StageSyntax, Line: e.Line, Col: e.Col, Msg: e.Msg})
	}
	if len(out) > 0 {
		return out
	}
	for _, e := range berrs {
		out = append(out, &engine.Error{Stage: engine.StageSemantic, File: e.File, Line: e.Line, Col: e.Col, Code: e.Code, Msg: e.Message, Snippet: e.Snippet})
	}
	return out
}

// tableChecks lists the declared and used tables with what the data
// holds.
func (rn *Runner) tableChecks(ctx context.Context, r *rule.Rule, used map[string]bool, win Window) []TableCheck {
	byTable := map[string]*TableCheck{}
	var order []string
	add := func(name string, declared bool) {
		t, exists := rn.Resolve(name)
		tc, ok := byTable[t]
		if !ok {
			tc = &TableCheck{Name: name, Table: t, Exists: exists}
			byTable[t] = tc
			order = append(order, t)
		}
		if declared {
			tc.Declared = true
		} else {
			tc.Used = true
		}
	}
	for _, d := range r.DataTypes() {
		add(d, true)
	}
	names := make([]string, 0, len(used))
	for t := range used {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		add(t, false)
	}
	out := make([]TableCheck, 0, len(order))
	for _, t := range order {
		tc := byTable[t]
		if tc.Exists {
			tc.HasData = rn.HasData(ctx, tc.Table, win)
		}
		out = append(out, *tc)
	}
	return out
}

// tablesIn lists the tables of data a query names: identifiers that are
// table names (outside member access) and table('name') calls.
// Watchlist tables are not data.
func tablesIn(text string, data Data) []string {
	q, errs := syntax.Parse(text)
	if len(errs) > 0 || q == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	note := func(name string) {
		if seen[name] || strings.HasPrefix(name, watchlist.TablePrefix) {
			return
		}
		if _, ok := data.Table(name); ok {
			seen[name] = true
			out = append(out, name)
		}
	}
	skip := map[*syntax.Ident]bool{}
	syntax.Inspect(q, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.Member:
			skip[x.Name] = true
		case *syntax.NamedExpr:
			for _, id := range x.Names {
				skip[id] = true
			}
		case *syntax.Call:
			if id, ok := x.Fun.(*syntax.Ident); ok {
				skip[id] = true
				if id.Name == "table" && len(x.Args) == 1 {
					if lit, ok := x.Args[0].(*syntax.Literal); ok && lit.Kind == syntax.LitString {
						if s, ok := lit.Value.(string); ok {
							note(s)
						}
					}
				}
			}
		case *syntax.Ident:
			if !skip[x] {
				note(x.Name)
			}
		}
		return true
	})
	return out
}
