package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

func TestParseFunctions(t *testing.T) {
	text := `// ASIM-style parsers
.create-or-alter function with (docstring = "Firewall, normalized", folder='ASIM/Net') FwNet(starttime:datetime = datetime(null), T:(*))
{
    T | where isnull(starttime) or Ts >= starttime
}

.create function ifnotexists
  ['Odd Name'] () { print 1 }
.alter function Plain(x:long) { x + 1 };
.CREATE-OR-ALTER FUNCTION Upper() { print "é" }

let Let1 = (a:string, b:long = 2) { strcat(a, tostring(b)) };
let Let2 = view () { Logs | take 1 };
let Let3 = Logs | where Level == "error";
`
	fns, err := ParseFunctions("fns.kql", text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fns {
		got = append(got, f.Name+"/"+f.Folder+"/"+f.DocString)
	}
	want := "FwNet/ASIM/Net/Firewall, normalized Odd Name// Plain// Upper// Let1// Let2// Let3//"
	if strings.Join(got, " ") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	fw := fns[0]
	if len(fw.Lit.Params) != 2 || fw.Lit.Params[0].Default == nil || !fw.Lit.Params[1].Type.Tabular {
		t.Errorf("FwNet params: %+v", fw.Lit.Params)
	}
	if p := fw.Source.Position(fw.Lit.Body.Pos()); p.Line != 3 || p.Col != 1 || fw.Source.Name != "fns.kql" {
		t.Errorf("FwNet body at %s:%d:%d, want fns.kql:3:1", fw.Source.Name, p.Line, p.Col)
	}
	if len(fns[6].Lit.Params) != 0 || len(fns[6].Lit.Body.Stmts) != 1 {
		t.Errorf("Let3 is not a function without parameters: %+v", fns[6].Lit)
	}
}

func TestParseFunctionErrors(t *testing.T) {
	cases := []struct {
		text, msg string
		line, col int
	}{
		{".create table T (a:string)", "only function commands", 1, 1},
		{".drop function F", "only .create, .create-or-alter and .alter", 1, 1},
		{"\n\n.create function F(x:long) {\n  x +\n}", "expected expression", 4, 6},
		{".create function F(x long) { x }", "expected ':'", 1, 22},
		{".create function with (color='red') F() { 1 }", "unknown function property 'color'", 1, 24},
		{".create function F { 1 }", "expected '(' and the parameters", 1, 20},
		{".create function () { 1 }", "expected the function's name", 1, 18},
		{"T | take 1", "a functions file holds", 1, 1},
		{"let F = () { 1 };\nprint 2", "a functions file holds", 2, 1},
		{"let = 3;", "expected `let Name", 1, 1},
	}
	for _, c := range cases {
		_, err := ParseFunctions("f.kql", c.text)
		var l FuncFileErrors
		if !errors.As(err, &l) || len(l) == 0 {
			t.Errorf("%q: error %v is not a FuncFileErrors", c.text, err)
			continue
		}
		e := l[0]
		if e.File != "f.kql" || e.Line != c.line || e.Col != c.col || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%q:\n got  %s\n want f.kql:%d:%d: ...%s...", c.text, e.Error(), c.line, c.col, c.msg)
		}
		if !strings.HasPrefix(e.Error(), "f.kql:") || !strings.Contains(e.Error(), "^") {
			t.Errorf("%q: %q does not show file, line and caret", c.text, e.Error())
		}
	}
}

func TestLoadFunctions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.kql", "let Big = () { T | where A > 1 };")
	write("sub/b.csl", ".create-or-alter function Names() { Big | project B }")
	write("notes.txt", "not a function")
	fns, err := LoadFunctions(dir)
	if err != nil || len(fns) != 2 {
		t.Fatalf("LoadFunctions: %d functions, %v", len(fns), err)
	}
	e := testEngine().WithFunctions(fns)
	res, err := e.Query(context.Background(), "Names | order by B asc", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Schema.String() != "(B:string)" || res[0].Rows() != 1 {
		t.Errorf("Names: %v, %d rows", res[0].Schema, res[0].Rows())
	}

	write("dup.kql", "let Big = () { T };\n.create function Broken( { }")
	fns, err = LoadFunctions(dir)
	var l FuncFileErrors
	if !errors.As(err, &l) || len(l) != 2 || len(fns) != 2 {
		t.Fatalf("want 2 errors and the 2 good functions, got %d: %v", len(fns), err)
	}
	for _, want := range []string{"dup.kql:2:", "dup.kql:1:1: the function 'Big' is already defined at " + filepath.Join(dir, "a.kql") + ":1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors %q do not mention %q", err, want)
		}
	}
	if _, err := LoadFunctions(filepath.Join(dir, "none")); err == nil {
		t.Error("a missing folder is not an error")
	}
}

func TestStoredFunctionErrorInFile(t *testing.T) {
	fns, err := ParseFunctions("parsers/bad.kql", "let Bad = () {\n  T\n  | where Nope > 1\n};")
	if err != nil {
		t.Fatal(err)
	}
	_, err = testEngine().WithFunctions(fns).Query(context.Background(), "Bad | take 1", QueryOptions{})
	var l ErrorList
	if !errors.As(err, &l) || len(l) != 1 {
		t.Fatalf("want one error, got %v", err)
	}
	e := l[0]
	if e.File != "parsers/bad.kql" || e.Line != 3 || e.Col != 11 || !strings.Contains(e.Snippet, "| where Nope > 1") {
		t.Errorf("error %+v", e)
	}
	if !strings.HasPrefix(err.Error(), "parsers/bad.kql:3:11: ") {
		t.Errorf("message %q does not start with the file's position", err)
	}
}

func TestTableFunc(t *testing.T) {
	s := table.NewStore(nil)
	s.Add(table.FromRows("T", types.Schema{{Name: "A", Type: types.Long}}, [][]any{{int64(1)}, {int64(2)}}))
	s.Add(table.FromRows("__wl_x", types.Schema{{Name: "SearchKey", Type: types.String}}, [][]any{{"2"}}))
	e := FromStore(s).WithTableFunc("_GetWatchlist", func(args []any) (plan.Node, error) {
		if len(args) != 1 || args[0] != "x" {
			return nil, errors.New("watchlist not found")
		}
		sch, _ := s.Table("__wl_x")
		return &plan.Scan{Table: "__wl_x", Columns: sch}, nil
	})
	res, err := e.Query(context.Background(), "T | where tostring(A) in ((_GetWatchlist('x') | project SearchKey))", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Rows() != 1 {
		t.Errorf("got %d rows, want 1", res[0].Rows())
	}
	if _, err := e.Query(context.Background(), "_GetWatchlist('y')", QueryOptions{}); err == nil || !strings.Contains(err.Error(), "1:1: watchlist not found") {
		t.Errorf("missing watchlist: %v", err)
	}
	// The original engine is unchanged.
	if _, err := FromStore(s).Query(context.Background(), "_GetWatchlist('x')", QueryOptions{}); err == nil {
		t.Error("WithTableFunc changed the engine it was called on")
	}
}

// FuzzParseFunctions: any text gives functions or errors, never a panic
// or a hang.
func FuzzParseFunctions(f *testing.F) {
	for _, s := range []string{
		".create-or-alter function with (docstring='d', folder=\"f\") F(a:long=1, T:(*)) { T | take a }",
		".create function ifnotexists ['x y']() { print 1 }\n.alter function G() { 1 }",
		"let F = (x:string) { strlen(x) };\nlet V = view () { T };\nlet W = T | count;",
		".create function F(", ".create-or", "let", ";;;", ".create function with (",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fns, err := ParseFunctions("f.kql", text)
		if err == nil {
			for _, fn := range fns {
				if fn.Lit == nil || fn.Lit.Body == nil || fn.Name == "" {
					t.Fatalf("%q: incomplete function %+v", text, fn)
				}
			}
		}
	})
}
