package kqltest

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// ParseFile reads and parses a test file.
func ParseFile(path string, cat Catalog) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, string(src), cat)
}

// Parse parses test-file text. cat may be nil when no table is declared
// `builtin`.
func Parse(path, src string, cat Catalog) (*File, error) {
	p := &parser{path: path, lines: strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"), cat: cat}
	f := &File{Path: path}
	if err := p.run(f); err != nil {
		return nil, err
	}
	return f, nil
}

type parser struct {
	path   string
	lines  []string
	i      int // next line index
	cat    Catalog
	tables []*Table
	funcs  []*Function
	gen    int
	now    value.DateTime
	skip   string
	notes  []string // comment lines since the last blank line
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.path, line, fmt.Sprintf(format, args...))
}

func (p *parser) run(f *File) error {
	for p.i < len(p.lines) {
		lineNo := p.i + 1
		line := strings.TrimSpace(p.lines[p.i])
		p.i++
		if line == "" {
			p.notes = nil
			continue
		}
		if strings.HasPrefix(line, "#") {
			p.notes = append(p.notes, strings.TrimSpace(strings.TrimPrefix(line, "#")))
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "now":
			d, err := parseCell(types.DateTime, rest)
			if err != nil || d == nil {
				return p.errorf(lineNo, "now needs a datetime, such as `now 2024-06-01T00:00:00Z`: %v", err)
			}
			p.now = d.(value.DateTime)
		case "skip":
			if rest == "" {
				return p.errorf(lineNo, "skip needs a reason (`skip <why this query fails today>`)")
			}
			p.skip = rest
		case "table":
			t, err := p.table(lineNo, rest)
			if err != nil {
				return err
			}
			p.declare(t)
		case "function":
			f, err := p.function(lineNo, rest)
			if err != nil {
				return err
			}
			p.declareFunc(f)
		case "query":
			c, err := p.query(lineNo, rest)
			if err != nil {
				return err
			}
			f.Cases = append(f.Cases, c)
		default:
			return p.errorf(lineNo, "unknown directive %q (want table, function, query, now, skip or a # comment)", word)
		}
	}
	if p.skip != "" {
		return p.errorf(len(p.lines), "skip at the end of the file applies to no query")
	}
	return nil
}

// function parses `function Name` and the definition on the lines that
// follow it, up to a blank line.
func (p *parser) function(lineNo int, rest string) (*Function, error) {
	if !identRE.MatchString(rest) {
		return nil, p.errorf(lineNo, "function needs the function's name: `function Name`, then its definition")
	}
	lines, nums := p.block()
	if len(lines) == 0 {
		return nil, p.errorf(lineNo, "function %s has no definition on the lines that follow it", rest)
	}
	return &Function{Name: rest, Text: strings.Join(lines, "\n"), Line: nums[0]}, nil
}

// declareFunc adds a function, replacing one of the same name.
func (p *parser) declareFunc(f *Function) {
	next := make([]*Function, 0, len(p.funcs)+1)
	for _, old := range p.funcs {
		if old.Name != f.Name {
			next = append(next, old)
		}
	}
	p.funcs = append(next, f)
	p.gen++
}

func (p *parser) declare(t *Table) {
	next := make([]*Table, 0, len(p.tables)+1)
	for _, old := range p.tables {
		if !strings.EqualFold(old.Name, t.Name) {
			next = append(next, old)
		}
	}
	p.tables = append(next, t)
	p.gen++
}

// block returns the lines from the current one up to the next blank line
// (or end of file), with their line numbers, and moves past them.
func (p *parser) block() (lines []string, nums []int) {
	for p.i < len(p.lines) && strings.TrimSpace(p.lines[p.i]) != "" {
		lines = append(lines, p.lines[p.i])
		nums = append(nums, p.i+1)
		p.i++
	}
	return lines, nums
}

// parenGroup reads a parenthesised list starting at text (which begins
// with '('), continuing onto following lines until it is balanced. It
// returns the inside and whatever follows the closing parenthesis.
func (p *parser) parenGroup(lineNo int, text string) (inside, after string, err error) {
	acc := text
	for {
		if end, ok := closingParen(acc); ok {
			return acc[1:end], strings.TrimSpace(acc[end+1:]), nil
		}
		if p.i >= len(p.lines) || strings.TrimSpace(p.lines[p.i]) == "" {
			return "", "", p.errorf(lineNo, "unclosed '(' in column list")
		}
		acc += " " + strings.TrimSpace(p.lines[p.i])
		p.i++
	}
}

// closingParen finds the parenthesis closing s[0], skipping quoted text.
func closingParen(s string) (int, bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			j, err := skipQuoted(s, i)
			if err != nil {
				return 0, false
			}
			i = j
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// header parses `name:type, ...` (types optional when allowed).
func (p *parser) header(lineNo int, inside string, typesOptional bool) (names []string, ts []types.Type, err error) {
	cells, err := splitCells(inside)
	if err != nil {
		return nil, nil, p.errorf(lineNo, "column list: %v", err)
	}
	for _, c := range cells {
		name, typ, err := splitColumn(c)
		if err != nil {
			return nil, nil, p.errorf(lineNo, "%v", err)
		}
		t := types.Unknown
		if typ != "" {
			var ok bool
			if t, ok = types.Parse(typ); !ok {
				return nil, nil, p.errorf(lineNo, "column %s: unknown type %q", name, typ)
			}
		} else if !typesOptional {
			return nil, nil, p.errorf(lineNo, "column %q needs a type (name:type)", c)
		}
		names = append(names, name)
		ts = append(ts, t)
	}
	if len(names) == 0 {
		return nil, nil, p.errorf(lineNo, "empty column list")
	}
	return names, ts, nil
}

// splitColumn splits `Name:type`, `['odd name']:type` or `Name`.
func splitColumn(c string) (name, typ string, err error) {
	if strings.HasPrefix(c, "[") {
		end := strings.LastIndex(c, "]")
		if end < 0 {
			return "", "", fmt.Errorf("bad column name %q", c)
		}
		n, ok := unquote(strings.TrimSpace(c[1:end]))
		if !ok {
			return "", "", fmt.Errorf("bad column name %q (write ['name'])", c)
		}
		rest := strings.TrimSpace(c[end+1:])
		if rest != "" && !strings.HasPrefix(rest, ":") {
			return "", "", fmt.Errorf("bad column %q", c)
		}
		return n, strings.TrimSpace(strings.TrimPrefix(rest, ":")), nil
	}
	n, t, _ := strings.Cut(c, ":")
	n, t = strings.TrimSpace(n), strings.TrimSpace(t)
	if !identRE.MatchString(n) {
		return "", "", fmt.Errorf("bad column name %q (quote odd names as ['name'])", n)
	}
	return n, t, nil
}

// table parses `table Name [builtin] [(columns)] [json]` and its rows.
func (p *parser) table(lineNo int, rest string) (*Table, error) {
	name, rest, _ := strings.Cut(rest, " ")
	rest = strings.TrimSpace(rest)
	if !identRE.MatchString(name) {
		return nil, p.errorf(lineNo, "table needs a name: `table Name (Col:type, ...)`")
	}
	builtin := false
	if w, r, _ := strings.Cut(rest, " "); w == "builtin" || strings.HasPrefix(rest, "builtin(") {
		builtin = true
		if w == "builtin" {
			rest = strings.TrimSpace(r)
		} else {
			rest = strings.TrimPrefix(rest, "builtin")
		}
	}
	t := &Table{Name: name, Line: lineNo}
	var names []string
	var ts []types.Type
	if strings.HasPrefix(rest, "(") {
		inside, after, err := p.parenGroup(lineNo, rest)
		if err != nil {
			return nil, err
		}
		if names, ts, err = p.header(lineNo, inside, builtin); err != nil {
			return nil, err
		}
		rest = after
	}
	jsonRows := false
	switch rest {
	case "":
	case "json":
		jsonRows = true
	default:
		return nil, p.errorf(lineNo, "unexpected %q after the table's columns (want nothing or json)", rest)
	}
	// full is the table's schema; cols maps each listed column to it.
	var full types.Schema
	var cols []int
	if builtin {
		if p.cat == nil {
			return nil, p.errorf(lineNo, "table %s builtin: this runner has no built-in catalog", name)
		}
		s, ok := p.cat(name)
		if !ok {
			return nil, p.errorf(lineNo, "table %s builtin: no such table in the built-in catalog", name)
		}
		full = s
		for k, n := range names {
			j := s.Index(n)
			if j < 0 {
				return nil, p.errorf(lineNo, "built-in table %s has no column %s", name, n)
			}
			if ts[k] != types.Unknown && ts[k] != s[j].Type {
				return nil, p.errorf(lineNo, "built-in %s.%s is %s, not %s", name, n, s[j].Type, ts[k])
			}
			cols = append(cols, j)
		}
	} else {
		if names == nil {
			return nil, p.errorf(lineNo, "table %s needs its columns: `table %s (Col:type, ...)` (or `builtin`)", name, name)
		}
		for k, n := range names {
			if full.Index(n) >= 0 {
				return nil, p.errorf(lineNo, "table %s declares column %s twice", name, n)
			}
			full = append(full, types.Column{Name: n, Type: ts[k]})
			cols = append(cols, k)
		}
	}
	t.Schema = full
	if !jsonRows && cols == nil {
		return nil, p.errorf(lineNo, "table %s builtin: list the columns the rows give, `builtin (A, B)`, or use json rows", name)
	}
	lines, nums := p.block()
	for k, l := range lines {
		var row []any
		var err error
		if jsonRows {
			row, err = jsonRow(full, l)
		} else {
			row, err = literalRow(full, cols, l)
		}
		if err != nil {
			return nil, p.errorf(nums[k], "table %s: %v", name, err)
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// emptyRow is a row of nulls (empty strings for string columns).
func emptyRow(s types.Schema) []any {
	row := make([]any, len(s))
	for i, c := range s {
		if c.Type == types.String {
			row[i] = ""
		}
	}
	return row
}

func literalRow(s types.Schema, cols []int, line string) ([]any, error) {
	cells, err := splitCells(strings.TrimSpace(line))
	if err != nil {
		return nil, err
	}
	if len(cells) != len(cols) {
		return nil, fmt.Errorf("row has %d values, the columns are %d", len(cells), len(cols))
	}
	row := emptyRow(s)
	for k, c := range cells {
		col := s[cols[k]]
		v, err := parseCell(col.Type, c)
		if err != nil {
			return nil, fmt.Errorf("column %s: %v", col.Name, err)
		}
		row[cols[k]] = v
	}
	return row, nil
}

func jsonRow(s types.Schema, line string) ([]any, error) {
	v, err := parseJSON(line)
	if err != nil {
		return nil, fmt.Errorf("bad JSON row: %v", err)
	}
	bag, ok := v.(*value.Bag)
	if !ok {
		return nil, fmt.Errorf("a JSON row must be an object")
	}
	row := emptyRow(s)
	for k, key := range bag.Keys {
		j := s.Index(key)
		if j < 0 {
			return nil, fmt.Errorf("no column %q", key)
		}
		x, err := fromJSON(s[j].Type, bag.Values[k])
		if err != nil {
			return nil, fmt.Errorf("column %s: %v", key, err)
		}
		row[j] = x
	}
	return row, nil
}

// query parses `query [ordered] [error [text]]`, the KQL and the
// expected results.
func (p *parser) query(lineNo int, rest string) (*Case, error) {
	c := &Case{Line: lineNo, Now: p.now, Tables: p.tables, Functions: p.funcs, TableGen: p.gen, Skip: p.skip, Comment: strings.Join(p.notes, "\n")}
	p.skip, p.notes = "", nil
	for rest != "" {
		w, r, _ := strings.Cut(rest, " ")
		rest = strings.TrimSpace(r)
		switch w {
		case "ordered":
			c.Ordered = true
		case "error":
			c.WantError, c.ErrorText = true, rest
			rest = ""
		default:
			return nil, p.errorf(lineNo, "unknown query option %q (want ordered or error <text>)", w)
		}
	}
	var q []string
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if strings.TrimSpace(l) == "" || strings.TrimSpace(l) == "----" {
			break
		}
		q = append(q, l)
		p.i++
	}
	if len(q) == 0 {
		return nil, p.errorf(lineNo, "query has no KQL on the lines that follow it")
	}
	c.Query = strings.Join(q, "\n")
	for p.i < len(p.lines) && strings.TrimSpace(p.lines[p.i]) == "----" {
		if c.WantError {
			return nil, p.errorf(p.i+1, "a query expecting an error has no result table")
		}
		p.i++
		e, err := p.expected()
		if err != nil {
			return nil, err
		}
		c.Results = append(c.Results, e)
	}
	if !c.WantError && len(c.Results) == 0 {
		return nil, p.errorf(lineNo, "query needs '----' and the expected table after the KQL (or `query error <text>`)")
	}
	return c, nil
}

var rowCountRE = regexp.MustCompile(`^(\d+) rows?$`)

func (p *parser) expected() (*Expected, error) {
	if p.i >= len(p.lines) || !strings.HasPrefix(strings.TrimSpace(p.lines[p.i]), "(") {
		return nil, p.errorf(p.i+1, "after '----' give the result header: (Name:type, ...)")
	}
	lineNo := p.i + 1
	first := strings.TrimSpace(p.lines[p.i])
	p.i++
	inside, after, err := p.parenGroup(lineNo, first)
	if err != nil {
		return nil, err
	}
	if after != "" {
		return nil, p.errorf(lineNo, "unexpected %q after the result header", after)
	}
	names, ts, err := p.header(lineNo, inside, false)
	if err != nil {
		return nil, err
	}
	e := &Expected{Line: lineNo, RowCount: -1}
	for k := range names {
		e.Schema = append(e.Schema, types.Column{Name: names[k], Type: ts[k]})
	}
	cols := make([]int, len(names))
	for k := range cols {
		cols[k] = k
	}
	for p.i < len(p.lines) {
		l := strings.TrimSpace(p.lines[p.i])
		if l == "" || l == "----" {
			break
		}
		p.i++
		if m := rowCountRE.FindStringSubmatch(l); m != nil && len(e.Rows) == 0 && e.RowCount < 0 {
			e.RowCount, _ = strconv.Atoi(m[1])
			continue
		}
		if e.RowCount >= 0 {
			return nil, p.errorf(p.i, "give either the rows or `N rows`, not both")
		}
		row, err := literalRow(e.Schema, cols, l)
		if err != nil {
			return nil, p.errorf(p.i, "expected row: %v", err)
		}
		e.Rows = append(e.Rows, row)
	}
	return e, nil
}
