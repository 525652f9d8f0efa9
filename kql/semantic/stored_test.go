package semantic_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/kql/plan"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// storedFn builds a stored function from `(params) { body }` text, as
// read from file (the text is the file's whole content).
func storedFn(t *testing.T, file, name, text string) *semantic.Function {
	t.Helper()
	at := strings.Index(text, "(")
	lit, _, errs := syntax.ParseFuncAt(text, syntax.Pos(at))
	if len(errs) > 0 {
		t.Fatalf("%s: %v", file, errs)
	}
	return &semantic.Function{Name: name, Lit: lit, Source: syntax.NewSource(file, text)}
}

// asimTables are two sources of one kind of event with different
// column names, the case ASIM parsers unify.
var asimTables = testTables{
	"FwLogs":   schema("TimeGenerated:datetime, SrcIp:string, DstPort:long, Verdict:string"),
	"ProxyLog": schema("Timestamp:datetime, ClientAddress:string, Port:int, Action:string"),
}

func asimFunctions(t *testing.T) map[string]*semantic.Function {
	fns := []*semantic.Function{
		storedFn(t, "fw.kql", "_Im_Net_Fw", `.create-or-alter function _Im_Net_Fw(starttime:datetime=datetime(null), port:long=long(null)) {
  FwLogs
  | where isnull(starttime) or TimeGenerated >= starttime
  | where isnull(port) or DstPort == port
  | project TimeGenerated, SrcIpAddr=SrcIp, DstPortNumber=DstPort, DvcAction=Verdict
}`),
		storedFn(t, "proxy.kql", "_Im_Net_Proxy", `.create function _Im_Net_Proxy(starttime:datetime=datetime(null), port:long=long(null)) {
  ProxyLog
  | where isnull(starttime) or Timestamp >= starttime
  | extend DstPortNumber = tolong(Port)
  | where isnull(port) or DstPortNumber == port
  | project TimeGenerated=Timestamp, SrcIpAddr=ClientAddress, DstPortNumber, DvcAction=Action
}`),
		storedFn(t, "net.kql", "_Im_Net", `.create-or-alter function _Im_Net(starttime:datetime=datetime(null), port:long=long(null)) {
  union isfuzzy=true
    _Im_Net_Fw(starttime, port),
    _Im_Net_Proxy(starttime=starttime, port=port),
    _Im_Net_Zeek,
    (NotIngestedYet | project TimeGenerated, SrcIpAddr)
}`),
		storedFn(t, "zeek.kql", "_Im_Net_Zeek", "let _Im_Net_Zeek = () {\n  Corelight_CL | project TimeGenerated, SrcIpAddr = id_orig_h\n}"),
		storedFn(t, "scalar.kql", "Double", `let Double = (x:long) { x * 2 }`),
		storedFn(t, "view.kql", "Blocked", `let Blocked = () { _Im_Net | where DvcAction in ("deny", "block") }`),
		storedFn(t, "broken.kql", "Broken", "let Broken = () {\n  FwLogs\n  | where NoSuchColumn > 1\n}"),
	}
	m := map[string]*semantic.Function{}
	for _, f := range fns {
		m[f.Name] = f
	}
	return m
}

func bindStored(t *testing.T, q string, env *semantic.Env) (*plan.Query, semantic.ErrorList) {
	t.Helper()
	pq, perrs := syntax.Parse(q)
	if len(perrs) > 0 {
		t.Fatalf("parse %q: %v", q, perrs)
	}
	env.Source = syntax.NewSource("", q)
	return semantic.Bind(pq, env)
}

func TestStoredFunctions(t *testing.T) {
	env := func() *semantic.Env { return &semantic.Env{Tables: asimTables, Functions: asimFunctions(t)} }
	unified := "TimeGenerated:datetime, SrcIpAddr:string, DstPortNumber:long, DvcAction:string"
	cases := []struct{ q, want string }{
		{`_Im_Net`, unified},
		{`_Im_Net()`, unified},
		{`_Im_Net(port=443) | where SrcIpAddr startswith "10."`, unified},
		{`_Im_Net(datetime(2024-01-01), 22) | summarize count() by DvcAction`, "DvcAction:string, count_:long"},
		{`Blocked | count`, "Count:long"},
		{`print Double(21)`, "print_0:long"},
		{`FwLogs | extend d = Double(DstPort) | project d`, "d:long"},
		// A query's let hides a stored function of the same name.
		{`let Double = (x:string) { strcat(x, x) }; print Double("a")`, "print_0:string"},
		{`let _Im_Net = FwLogs | project SrcIp; _Im_Net`, "SrcIp:string"},
		{`FwLogs | where SrcIp in ((_Im_Net_Proxy | project SrcIpAddr)) | project Verdict`, "Verdict:string"},
	}
	for _, c := range cases {
		p, errs := bindStored(t, c.q, env())
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if got := resultSchema(p); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.want)
		}
	}
}

func TestStoredFunctionErrors(t *testing.T) {
	cases := []struct {
		q, file, code, msg string
		line, col          int
	}{
		// An error in a function's body points into its file.
		{"Broken | take 1", "broken.kql", "KS142", "'NoSuchColumn'", 3, 11},
		// An argument of the wrong type points at the argument.
		{"print x = 1\n| extend y = Double('a')", "", "KS107", "A value of type long expected.", 2, 21},
		{"print Double", "", "KS117", "The function 'Double' requires an argument list.", 1, 7},
		{"print Double()", "", "KS119", "expects a value for parameter 'x'", 1, 7},
		{"_Im_Net(nope=1)", "", "KS196", "'nope' does not refer to a declared parameter of '_Im_Net'", 1, 9},
		// Outside a fuzzy union, a missing table is an error, in the file.
		{"_Im_Net_Zeek", "zeek.kql", "KS204", "'Corelight_CL'", 2, 3},
		// A function body cannot see the query's let names.
		{"let FwLogs = print a = 1; Broken", "broken.kql", "KS142", "'NoSuchColumn'", 3, 11},
	}
	for _, c := range cases {
		_, errs := bindStored(t, c.q, &semantic.Env{Tables: asimTables, Functions: asimFunctions(t)})
		if len(errs) == 0 {
			t.Errorf("%s: no error, want %s", c.q, c.msg)
			continue
		}
		e := errs[0]
		if e.File != c.file || e.Code != c.code || !strings.Contains(e.Message, c.msg) || e.Line != c.line || e.Col != c.col {
			t.Errorf("%s:\n got  %s %s %d:%d %s\n want %s %s %d:%d %s", c.q, e.File, e.Code, e.Line, e.Col, e.Message, c.file, c.code, c.line, c.col, c.msg)
		}
		if c.file != "" && (!strings.HasPrefix(e.Error(), c.file+":") || !strings.Contains(e.Snippet, "^")) {
			t.Errorf("%s: error %q (snippet %q) does not show the file", c.q, e.Error(), e.Snippet)
		}
	}
}

func TestStoredFunctionRecursion(t *testing.T) {
	fns := map[string]*semantic.Function{
		"Ping": storedFn(t, "ping.kql", "Ping", "let Ping = () { Pong }"),
		"Pong": storedFn(t, "pong.kql", "Pong", "let Pong = () { Ping }"),
	}
	_, errs := bindStored(t, "Ping", &semantic.Env{Tables: asimTables, Functions: fns})
	if len(errs) == 0 || errs[0].Code != "KS212" {
		t.Fatalf("want KS212 for mutual recursion, got %v", errs)
	}
}

func TestTableFuncs(t *testing.T) {
	wl := types.Schema{{Name: "SearchKey", Type: types.String}, {Name: "Tier", Type: types.String}}
	var calls [][]any
	tf := func(args []any) (plan.Node, error) {
		calls = append(calls, args)
		if len(args) != 1 {
			return nil, errors.New("_GetWatchlist takes the watchlist's name")
		}
		if args[0] != "VIP" {
			return nil, errors.New("watchlist 'x' not found")
		}
		return &plan.Scan{Table: "__wl_VIP", Columns: wl}, nil
	}
	env := func() *semantic.Env {
		return &semantic.Env{Tables: tables, TableFuncs: map[string]semantic.TableFunc{"_GetWatchlist": tf}}
	}
	ok := []struct{ q, want string }{
		{`_GetWatchlist('VIP') | project SearchKey`, "SearchKey:string"},
		{`let n = 'VIP'; _GetWatchlist(n)`, "SearchKey:string, Tier:string"},
		{`let w = _GetWatchlist(strcat('V', 'IP')); w | count`, "Count:long"},
		{`Users | where Name in (_GetWatchlist('VIP') | project SearchKey) | project Id`, "Id:int"},
		{`Users | where Name !in (_GetWatchlist('VIP')) | project Id`, "Id:int"},
		{`Users | where Name has_any (_GetWatchlist('VIP') | project SearchKey) | project Id`, "Id:int"},
		{`Users | join kind=inner (_GetWatchlist('VIP')) on $left.Name == $right.SearchKey | project Tier`, "Tier:string"},
		{`print n = toscalar(_GetWatchlist('VIP') | count)`, "n:long"},
		// A let name hides it.
		{`let _GetWatchlist = (n:string) { Users | project Name }; _GetWatchlist('x')`, "Name:string"},
	}
	for _, c := range ok {
		p, errs := bindStored(t, c.q, env())
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors: %v", c.q, errs)
			continue
		}
		if got := resultSchema(p); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.q, got, c.want)
		}
	}
	bad := []struct {
		q, code, msg string
		col          int
	}{
		{`_GetWatchlist('Nope')`, "QRY004", "watchlist 'x' not found", 1},
		{`Users | where Name in (_GetWatchlist('Nope'))`, "QRY004", "not found", 24},
		{`_GetWatchlist()`, "QRY004", "takes the watchlist's name", 1},
		{`Users | extend k = _GetWatchlist(Name)`, "KS108", "gives a table", 20},
		{`Users | project x = 1 | extend y = toscalar(_GetWatchlist(x))`, "KS142", "'x'", 59},
	}
	for _, c := range bad {
		_, errs := bindStored(t, c.q, env())
		if len(errs) == 0 {
			t.Errorf("%s: no error, want %s", c.q, c.msg)
			continue
		}
		if e := errs[0]; e.Code != c.code || !strings.Contains(e.Message, c.msg) || e.Col != c.col {
			t.Errorf("%s: got %s 1:%d %s, want %s 1:%d %s", c.q, e.Code, e.Col, e.Message, c.code, c.col, c.msg)
		}
	}
}

func TestPackAllInExtend(t *testing.T) {
	// pack_all() in an extend packs the operator's input row: not the
	// columns the same extend adds before it (the documented output of
	// `extend Packed=pack_all(), PackedIgnoreNullEmpty=pack_all(true)`).
	p, errs := bind(t, `Users | extend Packed = pack_all(), P2 = pack_all(true), Title = 1, P3 = pack_all()`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	pr := p.Results[0].(*plan.Project)
	in := pr.Input.Schema()
	for _, name := range []string{"Packed", "P2", "P3"} {
		e := pr.Exprs[pr.Out.Index(name)]
		for _, r := range colRefs(e) {
			if r.Index >= len(in) || in[r.Index].Name != r.Name || in[r.Index].Type != r.T {
				t.Errorf("%s reads %s#%d:%s, not a column of the input %v", name, r.Name, r.Index, r.T, in)
			}
		}
		if n := len(colRefs(e)); n != len(in) {
			t.Errorf("%s packs %d columns, want the input's %d", name, n, len(in))
		}
	}
	for _, r := range p.Results {
		if err := plan.Check(plan.Optimize(&plan.Query{Results: []plan.Node{r}}, 0).Results[0]); err != nil {
			t.Errorf("optimized plan: %v", err)
		}
	}
}

func colRefs(e plan.Expr) []*plan.ColRef {
	switch x := e.(type) {
	case *plan.ColRef:
		return []*plan.ColRef{x}
	case *plan.Call:
		var out []*plan.ColRef
		for _, a := range x.Args {
			out = append(out, colRefs(a)...)
		}
		return out
	case *plan.Convert:
		return colRefs(x.X)
	}
	return nil
}

func TestColonOperator(t *testing.T) {
	for _, q := range []string{
		`Users | where Name : "alice"`,
		`Users | where Name:"alice" and Title : 'x'`,
	} {
		p, errs := bind(t, q)
		if len(errs) > 0 {
			t.Errorf("%s: %v", q, errs)
			continue
		}
		f, ok := p.Results[0].(*plan.Filter)
		if !ok {
			t.Errorf("%s: top is %T", q, p.Results[0])
			continue
		}
		if s := fmt.Sprint(f.Pred); !strings.Contains(s, "has") {
			t.Errorf("%s: predicate %s is not has", q, s)
		}
	}
}
