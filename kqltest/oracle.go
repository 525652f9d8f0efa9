package kqltest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
)

// OracleMismatch is a case whose expected columns, or expected failure,
// disagree with a reference binder.
type OracleMismatch struct {
	Path string
	Line int
	Msg  string
	// Soft marks a disagreement that may be fine: a `query error` case
	// the binder accepts (a run-time error), or a case whose comment
	// explains why the documentation and the oracle differ.
	Soft bool
}

func (m OracleMismatch) String() string { return fmt.Sprintf("%s:%d: %s", m.Path, m.Line, m.Msg) }

// CheckWithOracle asks a reference binder (Microsoft's Kusto parser, run
// as `cmd... SCHEMA.json` reading {"id","query"} lines, as the oracle tool
// does) for the result columns of every case in f and reports cases whose
// last expected header differs, and `query error` cases the binder
// accepts (some of those fail only at run time: the report says so, the
// reader judges). It is a maintenance aid for test authors, not part of
// the test run.
func CheckWithOracle(f *File, cmd []string) ([]OracleMismatch, error) {
	var out []OracleMismatch
	byGen := map[int][]*Case{}
	var gens []int
	for _, c := range f.Cases {
		if _, ok := byGen[c.TableGen]; !ok {
			gens = append(gens, c.TableGen)
		}
		byGen[c.TableGen] = append(byGen[c.TableGen], c)
	}
	for _, g := range gens {
		cases := byGen[g]
		res, err := runOracle(cases[0].Tables, cases, cmd)
		if err != nil {
			return nil, err
		}
		for i, c := range cases {
			r := res[i]
			errs := append(r.Syntax, r.Semantic...)
			if c.WantError {
				if len(errs) == 0 {
					out = append(out, OracleMismatch{f.Path, c.Line, fmt.Sprintf("oracle accepts the query (result %s): a run-time error, or a wrong expectation?", r.schema()), true})
				}
				continue
			}
			// A comment above the case that mentions the oracle explains
			// a known disagreement (the documentation wins).
			known := strings.Contains(strings.ToLower(c.Comment), "oracle")
			if len(errs) > 0 {
				out = append(out, OracleMismatch{f.Path, c.Line, "oracle reports errors: " + errs[0].Message, known})
				continue
			}
			want := c.Results[len(c.Results)-1].Schema
			if got := r.schema(); got.String() != want.String() {
				out = append(out, OracleMismatch{f.Path, c.Line, fmt.Sprintf("columns differ:\n  file:   %s\n  oracle: %s", want, got), known})
			}
		}
	}
	return out, nil
}

type oracleDiag struct {
	Code, Message string
}

type oracleResult struct {
	ID       int          `json:"id"`
	Syntax   []oracleDiag `json:"syntax_errors"`
	Semantic []oracleDiag `json:"semantic_errors"`
	Columns  []struct {
		Name, Type string
	} `json:"result_columns"`
	Error string `json:"error"`
}

func (r *oracleResult) schema() types.Schema {
	var s types.Schema
	for _, c := range r.Columns {
		t, _ := types.Parse(c.Type)
		s = append(s, types.Column{Name: c.Name, Type: t})
	}
	return s
}

func runOracle(tables []*Table, cases []*Case, cmd []string) ([]*oracleResult, error) {
	type col struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	type tab struct {
		Name    string `json:"name"`
		Columns []col  `json:"columns"`
	}
	type fn struct {
		Name       string `json:"name"`
		Parameters string `json:"parameters"`
		Body       string `json:"body"`
	}
	var sch struct {
		Tables    []tab `json:"tables"`
		Functions []fn  `json:"functions,omitempty"`
	}
	sch.Tables = []tab{}
	if len(cases) > 0 {
		for _, f := range cases[0].Functions {
			params, body, ok := splitFunction(f)
			if !ok {
				return nil, fmt.Errorf("line %d: cannot find the parameters and body of function %s for the oracle", f.Line, f.Name)
			}
			sch.Functions = append(sch.Functions, fn{f.Name, params, body})
		}
	}
	for _, t := range tables {
		tb := tab{Name: t.Name}
		for _, c := range t.Schema {
			tb.Columns = append(tb.Columns, col{c.Name, c.Type.String()})
		}
		sch.Tables = append(sch.Tables, tb)
	}
	dir, err := os.MkdirTemp("", "kqltest-oracle")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	schemaPath := filepath.Join(dir, "schema.json")
	data, _ := json.Marshal(sch)
	if err := os.WriteFile(schemaPath, data, 0o644); err != nil {
		return nil, err
	}
	var in bytes.Buffer
	for i, c := range cases {
		line, _ := json.Marshal(map[string]any{"id": i, "query": c.Query})
		in.Write(line)
		in.WriteByte('\n')
	}
	args := append(append([]string{}, cmd[1:]...), schemaPath)
	run := exec.Command(cmd[0], args...)
	run.Stdin = &in
	var stderr bytes.Buffer
	run.Stderr = &stderr
	outBytes, err := run.Output()
	if err != nil {
		return nil, fmt.Errorf("oracle %s: %v: %s", strings.Join(cmd, " "), err, stderr.String())
	}
	res := make([]*oracleResult, len(cases))
	sc := bufio.NewScanner(bytes.NewReader(outBytes))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r oracleResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("oracle output: %v", err)
		}
		if r.Error != "" {
			return nil, fmt.Errorf("oracle: %s", r.Error)
		}
		if r.ID >= 0 && r.ID < len(res) {
			res[r.ID] = &r
		}
	}
	for i, r := range res {
		if r == nil {
			return nil, fmt.Errorf("oracle gave no answer for the query at line %d", cases[i].Line)
		}
	}
	return res, nil
}

// splitFunction finds the parameter list `(...)` and the body `{...}` of
// a function definition (`.create-or-alter function ... Name(...) {...}`
// or `let Name = (...) {...}`), or makes a parameterless body of a
// `let Name = <expression>`, in the form the oracle's schema takes.
func splitFunction(f *Function) (params, body string, ok bool) {
	text := strings.TrimSpace(f.Text)
	q := regexp.QuoteMeta(f.Name)
	if loc := regexp.MustCompile(`\b` + q + `\s*(=\s*(view\s*)?)?\(`).FindStringIndex(text); loc != nil {
		lp := loc[1] - 1
		if end, ok := closingParen(text[lp:]); ok {
			rest := strings.TrimSuffix(strings.TrimSpace(text[lp+end+1:]), ";")
			if strings.HasPrefix(rest, "{") {
				return text[lp : lp+end+1], rest, true
			}
		}
	}
	if m := regexp.MustCompile(`(?s)^let\s+` + q + `\s*=\s*(.*?);?$`).FindStringSubmatch(text); m != nil {
		return "()", "{ " + m[1] + " }", true
	}
	return "", "", false
}
