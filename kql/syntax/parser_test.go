package syntax

import (
	"strings"
	"testing"
)

// Queries written for these tests; they exercise every operator and the
// statement forms. Each must parse without errors and with consistent
// positions.
var validQueries = []string{
	// statements
	`T`,
	`T;`,
	`let x = 1; T | where a > x`,
	"let a = 1;\nlet b = 'x';\nT | take a",
	`let f = (n:long) { n + 1 }; print f(2)`,
	`let f = (T:(*), col:string, n:long = 10) { T | take n }; f(Events, "a")`,
	`let g = (T:(Id:long, Name:string), x:dynamic = dynamic([])) { let y = x; T | project Id }; g(Tbl)`,
	`let v = view () { range i from 1 to 3 step 1 }; v`,
	`let f = () { 42 }; print f()`,
	`let M = materialize(T | summarize count() by A); M | join (M) on A`,
	`let s = toscalar(T | summarize max(x)); T | where x == s`,
	`set notruncation; T | take 1`,
	`set query_results_cache_max_age = time(5m); T`,
	`declare query_parameters(start:datetime, n:long = 5); T | where ts > start | take n`,
	`declare pattern P;`,
	`alias database DB = cluster("https://c.example").database("d"); DB.T`,
	`restrict access to (T1, T2, View*); T1`,
	// sources
	`['My Table'] | count`,
	`["x y"] | take 1`,
	`table('Events') | take 1`,
	`database('db').Events | take 1`,
	`cluster('c').database('db').Events | where x`,
	`print x = 1, y = "a", 1 + 2`,
	`print`,
	`range x from 1 to 10 step 2`,
	`range t from ago(1d) to now() step 1h | extend d = t`,
	`union T1, T2, (T3 | where x)`,
	`union kind=outer withsource=Src isfuzzy=true Device*, table('x')`,
	`union *`,
	`datatable(a:long, b:string, c:dynamic) [1, "x", dynamic({"k": [1, 2]}), 2, 'y', dynamic(null),]`,
	`datatable(['a b']:string) ['x']`,
	`externaldata(a:string, b:long) [@"https://example.com/x.csv"] with (format="csv", ignoreFirstRecord=true)`,
	`externaldata(a:string) ["https://a", "https://b"]`,
	`find in (T1, T2) where x == 1 project a, b`,
	`find withsource=Src where * has "abc"`,
	`find where Name contains "x" project-smart`,
	`search "error"`,
	`search in (T1, T2) Level == "Error"`,
	`search kind=case_sensitive Message:"Err" and Level:"x"`,
	`search * has "x"`,
	`evaluate python(typeof(*, x:int), 'code')`,
	`(T | where a) | take 1`,
	// operators
	`T | where a == 1 and b != 2 or not(c)`,
	`T | filter a =~ "x" and b !~ 'y'`,
	`T | where isAudit = true`,
	`T | project a, b = c + 1, ['d e'] = 2, tolower(f)`,
	`T | project-away a, b*, ['c']`,
	`T | project-keep a*, b`,
	`T | project-rename NewA = a, ['New B'] = b`,
	`T | project-reorder b, a* asc, c desc, d granny-asc`,
	`T | extend x = 1, (a, b) = f(c), d.e`,
	`T | summarize count(), s = sum(x), arg_max(t, *) by a, bin(t, 1h)`,
	`T | summarize by a, b`,
	`T | summarize hint.shufflekey = a hint.strategy=shuffle dcount(b) by a`,
	`T | summarize make_set(x, 10), countif(y > 0) by k = tostring(z)`,
	`T | distinct a, b`,
	`T | distinct *`,
	`T | count`,
	`T | take 10 | limit 5`,
	`T | sample 100`,
	`T | sample-distinct 5 of a`,
	`T | top 10 by a desc nulls last`,
	`T | top 3 by count_ asc`,
	`T | sort by a desc, b asc nulls first`,
	`T | order by a`,
	`T | top-nested 3 of a by c = count() desc, top-nested 2 of b with others = "other" by sum(x)`,
	`T | top-nested of a by max(b)`,
	`T | top-hitters 5 of a by b`,
	`T | mv-expand a, b to typeof(long)`,
	`T | mv-expand bagexpansion=array with_itemindex=Idx c = d limit 100`,
	`T | mvexpand x`,
	`T | mv-apply x to typeof(long) on (summarize sum(x))`,
	`T | mv-apply with_itemindex=i e = arr on (where e > 0 | top 1 by e)`,
	`T | parse msg with * "user=" User:string " id=" Id:long *`,
	`T | parse kind=regex flags=Ui msg with @"(\d+)" n:int`,
	`T | parse kind=relaxed msg with a "," b`,
	`T | parse-where msg with "x=" X:int`,
	`T | parse-kv msg as (a:string, b:long) with (pair_delimiter=",", kv_delimiter="=")`,
	`T | make-series n = count() default = 0 on t from ago(7d) to now() step 1d by a`,
	`T | make-series kind=nonempty avg(x) on t step 1h`,
	`T | make-series sum(x) on t in range(datetime(2024-01-01), datetime(2024-02-01), 1d)`,
	`T | render timechart`,
	`T | render columnchart with (title="x", ycolumns=a, b, kind=stacked)`,
	`T | as hint.materialized=true X | join (X) on a`,
	`T | serialize`,
	`T | serialize rn = row_number()`,
	`T | getschema`,
	`T | invoke f(1, "a")`,
	`T | evaluate bag_unpack(d)`,
	`T | evaluate hint.distribution=per_node autocluster(0.6) : (a:string, *)`,
	`T | facet by a, b with (top 1 by c)`,
	`T | fork (where a | take 1) (summarize count()) named=(take 2)`,
	`T | partition by a (top 1 by t desc)`,
	`T | partition hint.strategy=native by a { take 1 }`,
	`T | scan declare (s:long = 0) with (step a: x == 1 => s = s + 1; step b optional: x == 2;)`,
	`T | scan with_match_id=m order by t partition by k with (step s1 output=none: e == "start"; step s2: e == "stop" => d = t - s1.t;)`,
	`T | consume`,
	`T | reduce by msg with threshold=0.5, characters="/"`,
	`T | assert-schema (a:string, b:long, *)`,
	`T | join kind=inner (U | where x) on a`,
	`T | join kind=leftouter hint.strategy=broadcast U on $left.a == $right.b, c`,
	`T | join (U) on $left.a == $right.b and $left.c == $right.d`,
	`T | lookup kind=inner (U) on a`,
	`T | lookup U on $left.a == $right.b`,
	`T | lookup datatable(a:string, b:long)['x', 1] on a`,
	`T | join kind=inner datatable(a:string)['x'] on a`,
	`T | union U, V`,
	`T | search "x"`,
	`T | execute-and-cache`,
	`T | make-graph src --> dst with N on id`,
	`T | make-graph a -- b`,
	`G | graph-match (a)-[e*1..3]->(b)<-[f]-(c), (b)--(d) where a.x == 1 project a.x, c`,
	`G | graph-match (a)-->(b) project a`,
	`G | graph-to-table nodes as N with_node_id=Id`,
	`G | graph-shortest-paths (a)-[e*1..5]->(b) where a.x == 1 project p = map(e, y), b.z`,
	`T | macro-expand isfuzzy=true entity_group [A, B] as X (X | where y)`,
	`T | project-by-names 'a', 'b'`,
	`T | project-smart a`,
	// expressions inside operators
	`T | where x in ("a", "b") and y !in (1, 2) and z in~ ('A') and w !in~ ('b')`,
	`T | where x in (U | project y)`,
	`T | where x in (dynamic(["a"]))`,
	`T | where x has_any ("a", "b") or y has_all (L) or z has_any_cs ('q')`,
	`T | where x between (1 .. 10) and y !between (datetime(2024-01-01) .. now())`,
	`T | where s contains "a" and s !contains "b" and s contains_cs "c" and s !contains_cs "d"`,
	`T | where s has "a" and s !has "b" and s has_cs "c" and s !has_cs "d"`,
	`T | where s hasprefix "a" and s !hasprefix_cs "b" and s hassuffix "c" and s !hassuffix "d"`,
	`T | where s startswith "a" and s !startswith "b" and s endswith_cs "c" and s !endswith "d"`,
	`T | where s matches regex "^a.*" and s like "a%" and s notlike "b%"`,
	`T | extend y = d["k"][0], z = d.a.b, w = d.['x y'], v = arr[-1], u = d.[0].name`,
	`T | extend a = iff(x > 1, "big", "small"), b = case(x == 1, "one", "other")`,
	`T | extend t = bin(ts, 1h), ago = ago(1d), n = now(-1h)`,
	`T | extend p = pack_all(), q = bag_pack("a", 1)`,
	`T | extend s = strcat('a' "b" @'c\d')`,
	"T | extend s = ```multi\nline```",
	`T | extend h = h'secret', H2 = H"x", h3 = h@'v\x'`,
	`T | extend ty = typeof(string), tl = typeof(long)`,
	`T | extend x = -a, y = +b, z = a - -b, m = a % 3 * 2 / 1`,
	`T | extend x = f(a = 1, b = "x")`,
	`T | where $left.a == 1`,
	`T | where kind == "x" and count > 1 and type == project`,
	`T | where 2022Name == 1`,
	"T // comment\n| where a // another\n| take 1 // end",
	"T | where \u200ba == 1",
	`T | extend n = toscalar(print 1)`,
	`T | where a == tolong("1") or b == long(null) or c == int(-5)`,
}

func TestParseValid(t *testing.T) {
	for _, src := range validQueries {
		t.Run(src, func(t *testing.T) {
			mustParse(t, src)
		})
	}
}

func TestPipelineShape(t *testing.T) {
	q := mustParse(t, "T | where a > 1 | take 5")
	outer, ok := body(t, q).(*PipeExpr)
	if !ok {
		t.Fatalf("body is %T", body(t, q))
	}
	if _, ok := outer.Op.(*TakeOp); !ok {
		t.Errorf("outer op %T", outer.Op)
	}
	inner := outer.Source.(*PipeExpr)
	w := inner.Op.(*WhereOp)
	if got := sexpr(w.Pred); got != "(> a 1)" {
		t.Errorf("pred %s", got)
	}
	if id := inner.Source.(*Ident); id.Name != "T" {
		t.Errorf("source %s", id.Name)
	}
	if w.Pos() != 4 || w.Keyword != "where" || outer.End() != Pos(len("T | where a > 1 | take 5")) {
		t.Errorf("positions: where at %d, end %d", w.Pos(), outer.End())
	}
}

func TestStartOperators(t *testing.T) {
	for src, want := range map[string]string{
		"union A, B":                     "union",
		"print 1":                        "print",
		"range x from 1 to 2 step 1":     "range",
		"datatable(a:int)[1]":            "datatable",
		"externaldata(a:int)['u']":       "externaldata",
		"search 'x'":                     "search",
		"find where a":                   "find",
		"evaluate sequence_detect(T)":    "evaluate",
		"T | fork (where a) (take 1)":    "fork",
		"T | mv-apply x on (take 1)":     "mv-apply",
		"T | partition by a (count)":     "partition",
		"T | facet by a with (take 1)":   "facet",
		"T | project-away a":             "project-away",
		"T | parse-kv a as (b:long)":     "parse-kv",
		"T | graph-mark-components":      "graph-mark-components",
		"T | mv-expand x to typeof(int)": "mv-expand",
		"macro-expand entity_group [database('d')] as X (X.T | count)":    "macro-expand",
		"macro-expand kind=inner isfuzzy=true G as X (X.T)":               "macro-expand",
		"let G = entity_group [database('d')]; macro-expand G as X (X.T)": "macro-expand",
	} {
		q := mustParse(t, src)
		pe, ok := body(t, q).(*PipeExpr)
		if !ok {
			t.Errorf("%s: body %T", src, body(t, q))
			continue
		}
		if pe.Op.OpName() != want {
			t.Errorf("%s: op %s, want %s", src, pe.Op.OpName(), want)
		}
	}
	// Contextual keywords stay names when not used as operators.
	for _, src := range []string{"range(1, 5, 2)", "print range(1, 3, 1)", "print macro - expand", "print entity_group"} {
		mustParse(t, src)
	}
	q := mustParse(t, "T | mv-apply x on (take 1)")
	sub := body(t, q).(*PipeExpr).Op.(*MvApplyOp).Subquery.(*PipeExpr)
	if sub.Source != nil {
		t.Errorf("mv-apply subquery should have implicit input")
	}
	q = mustParse(t, "let G = entity_group [database('a'), cluster('c').database('b')]; macro-expand G as X (X.T)")
	if g, ok := q.Stmts[0].(*LetStmt).Value.(*Call); !ok || len(g.Args) != 2 {
		t.Errorf("entity_group value: %#v", q.Stmts[0].(*LetStmt).Value)
	}
}

func TestPrecedence(t *testing.T) {
	for src, want := range map[string]string{
		"a or b and c":             "(or a (and b c))",
		"a and b or c":             "(or (and a b) c)",
		"a == 1 and b > 2":         "(and (== a 1) (> b 2))",
		"a + b * c":                "(+ a (* b c))",
		"(a + b) * c":              "(* (+ a b) c)",
		"a - b - c":                "(- (- a b) c)",
		"-a * b":                   "(* (- a) b)",
		"a + 1 == b":               "(== (+ a 1) b)",
		"a.b.c[0]":                 "a.b.c[0]",
		"f(x).y":                   "f(x).y",
		"x in (1, 2) and y":        "(and (in x (1 2)) y)",
		"x !in~ ('a')":             "(!in~ x (\"a\"))",
		"x between (1 .. 2)":       "(between x 1 2)",
		"s has_any ('a', 'b')":     "(has_any s (\"a\" \"b\"))",
		"s !contains_cs 'x'":       "(!contains_cs s \"x\")",
		"s matches regex 'x' or t": "(or (matches regex s \"x\") t)",
		"not(a) and b":             "(and not(a) b)",
		"a <> b":                   "(!= a b)",
		"1d + 2h":                  "(+ 864000000000 72000000000)",
		"$left.A == $right.B":      "(== $left.A $right.B)",
		"d['a b'].c":               "d[\"a b\"].c",
		"arg_max(t, *)":            "arg_max(t *)",
		"x in (T | project y)":     "(in x (| T project))",
		"'a' 'b' \"c\"":            "\"abc\"",
		"s : 'x' and t:'y'":        "(and (: s \"x\") (: t \"y\"))",
	} {
		if got := sexpr(mustExpr(t, src)); got != want {
			t.Errorf("%s\n got %s\nwant %s", src, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		src, want string // want: "line:col: message" prefix of the first error
	}{
		{"T | where", "1:10: expected expression, found end of input"},
		{"T | summarize count( by a", "1:25: expected ')' after arguments, found 'a'"},
		{"T | where f(a b)", "1:15: expected ')' after arguments, found 'b'"},
		{"T | frobnicate x", "1:5: unknown tabular operator 'frobnicate'"},
		{"T\n| where a\nU", "2:10: expected '|' or ';' after where operator, found 'U'"},
		{"let x = 1\nT", "1:10: expected ';' or end of query after statement, found 'T'"},
		{"T | where s == 'abc", "1:16: string literal not terminated"},
		{"T | where s == \"a\\qb\"", "1:16: unknown escape sequence '\\q' in string literal"},
		{"T | take 1 |", "1:13: expected operator name after '|', found end of input"},
		{"T | sort a", "1:10: expected 'by' after 'sort', found 'a'"},
		{"T | join (U)", "1:13: expected 'on' after join operand, found end of input"},
		{"T | where x between (1, 2)", "1:23: expected '..' between range bounds, found ','"},
		{"T | extend d = dynamic([1,,2])", "1:24: invalid dynamic literal"},
		{"T | where a ^ b", "1:13: unexpected character '^'"},
		{"T | project a,", "1:15: expected expression, found end of input"},
		{"T | where x in 1", "1:16: expected '(' after 'in', found '1'"},
		{"T | extend x = long(abc)", "1:21: expected number in long(...), found 'abc'"},
	} {
		_, errs := Parse(tc.src)
		if len(errs) == 0 {
			t.Errorf("%q: no error, want %s", tc.src, tc.want)
			continue
		}
		if got := errs[0].Error(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestErrorSnippet(t *testing.T) {
	_, errs := Parse("T\n| where a ==\n| take 1")
	if len(errs) == 0 {
		t.Fatal("expected an error")
	}
	// The missing operand is reported at the end of the incomplete line.
	want := "2:13: expected expression, found '|'\n| where a ==\n            ^"
	if got := errs[0].Verbose(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMultipleErrors(t *testing.T) {
	_, errs := Parse("T | where a ==; U | frob; V | take")
	if len(errs) != 3 {
		t.Fatalf("want 3 errors, got %d:\n%s", len(errs), errs.Verbose())
	}
}

func TestTooManyErrors(t *testing.T) {
	src := strings.Repeat("T | where ; ", 50)
	_, errs := Parse(src)
	if len(errs) > maxErrors {
		t.Errorf("got %d errors, want at most %d", len(errs), maxErrors)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000),
		"print " + strings.Repeat("-", 100000) + "1",
		"print " + strings.Repeat("f(", 10000),
		"print dynamic(" + strings.Repeat("[", 10000) + ")",
		strings.Repeat("T | where x in (", 5000),
	} {
		_, errs := Parse(src)
		if len(errs) == 0 {
			t.Errorf("no error for deeply nested input of length %d", len(src))
		}
	}
	// Moderate nesting is fine.
	mustParse(t, "print "+strings.Repeat("(", 50)+"1"+strings.Repeat(")", 50))
}

func TestOperatorFields(t *testing.T) {
	op := func(src string) TabularOp {
		t.Helper()
		return body(t, mustParse(t, src)).(*PipeExpr).Op
	}
	j := op("T | join kind=leftanti hint.remote=auto (U) on a").(*JoinOp)
	if j.Kind != "leftanti" || len(j.Params) != 2 || j.Param("hint.remote") == nil || len(j.OnExprs) != 1 {
		t.Errorf("join: %+v", j)
	}
	u := op("union withsource=S kind=inner isfuzzy=true A*, B").(*UnionOp)
	if u.WithSource.Name != "S" || u.Kind != "inner" || !u.IsFuzzy || len(u.Tables) != 2 {
		t.Errorf("union: %+v", u)
	}
	if _, ok := u.Tables[0].(*NamePattern); !ok {
		t.Errorf("union table 0 is %T", u.Tables[0])
	}
	mv := op("T | mv-expand bagexpansion=array with_itemindex=I x = d to typeof(string) limit 3").(*MvExpandOp)
	if mv.BagExpansion != "array" || mv.ItemIndex.Name != "I" || mv.Items[0].Name.Name != "x" || mv.Items[0].To.Name != "string" || mv.Limit == nil {
		t.Errorf("mv-expand: %+v", mv)
	}
	ps := op("T | parse kind=regex flags=i s with 'a' x:long * y").(*ParseOp)
	if ps.Kind != "regex" || ps.Flags != "i" || len(ps.Pattern) != 4 {
		t.Errorf("parse: %+v", ps)
	}
	if c := ps.Pattern[1].(*ColumnDecl); c.Name.Name != "x" || c.Type.Name != "long" {
		t.Errorf("parse column %+v", c)
	}
	if c := ps.Pattern[3].(*ColumnDecl); c.Type != nil {
		t.Errorf("untyped parse column has type")
	}
	ms := op("T | make-series c = count() default = 0 on t from a to b step 1h by k").(*MakeSeriesOp)
	if len(ms.Aggs) != 1 || ms.Aggs[0].Default == nil || ms.From == nil || ms.To == nil || ms.Step == nil || len(ms.ByExprs) != 1 {
		t.Errorf("make-series: %+v", ms)
	}
	r := op("T | render timechart with (ycolumns = a, b, title = 'x')").(*RenderOp)
	if r.Chart.Name != "timechart" || len(r.Props) != 2 || len(r.Props[0].List) != 2 {
		t.Errorf("render: %+v", r)
	}
	s := op("T | summarize hint.strategy=shuffle n = count() by a").(*SummarizeOp)
	if len(s.Params) != 1 || len(s.Aggs) != 1 || len(s.ByExprs) != 1 || !s.By.IsValid() {
		t.Errorf("summarize: %+v", s)
	}
	top := op("T | top 5 by x desc nulls first").(*TopOp)
	if top.Keys[0].Order != "desc" || top.Keys[0].Nulls != "first" {
		t.Errorf("top: %+v", top.Keys[0])
	}
	sc := op("T | scan declare (n:long) with (step a: x > 0 => n = 1; step b: true;)").(*ScanOp)
	if len(sc.Declare) != 1 || len(sc.Steps) != 2 || len(sc.Steps[0].Assigns) != 1 {
		t.Errorf("scan: %+v", sc)
	}
	gm := op("G | graph-match (a)-[e*1..2]->(b) where a.x > 1 project b").(*GraphMatchOp)
	if len(gm.Patterns[0].Elems) != 3 || gm.Where == nil || len(gm.Project) != 1 {
		t.Errorf("graph-match: %+v", gm)
	}
	if e := gm.Patterns[0].Elems[1].(*GraphEdge); e.Direction != "->" || e.Name.Name != "e" || e.MinHops == nil || e.MaxHops == nil {
		t.Errorf("graph edge: %+v", e)
	}
	ext := op("T | extend (a, b) = f(x)").(*ExtendOp)
	if ne := ext.Cols[0].(*NamedExpr); len(ne.Names) != 2 || !ne.Lparen.IsValid() {
		t.Errorf("tuple assignment: %+v", ne)
	}
}

func TestStatements(t *testing.T) {
	q := mustParse(t, "let f = (T:(*), n:long = 3) { T | take n };\nset x = 1;\ndeclare query_parameters(p:string);\nf(U)")
	if len(q.Stmts) != 4 {
		t.Fatalf("got %d statements", len(q.Stmts))
	}
	let := q.Stmts[0].(*LetStmt)
	fn := let.Value.(*FuncLit)
	if len(fn.Params) != 2 || !fn.Params[0].Type.Tabular || !fn.Params[0].Type.Star || fn.Params[1].Default == nil {
		t.Errorf("func params: %+v", fn.Params)
	}
	if len(fn.Body.Stmts) != 1 {
		t.Errorf("func body: %d stmts", len(fn.Body.Stmts))
	}
	if s := q.Stmts[1].(*SetStmt); s.Name.Name != "x" || s.Value == nil {
		t.Errorf("set: %+v", s)
	}
	if d := q.Stmts[2].(*DeclareQueryParamsStmt); len(d.Params) != 1 {
		t.Errorf("declare: %+v", d)
	}
	// `let x = (1 + 2)` is a parenthesised expression, not a function.
	q = mustParse(t, "let x = (1 + 2); print x")
	if _, ok := q.Stmts[0].(*LetStmt).Value.(*Paren); !ok {
		t.Errorf("let value is %T", q.Stmts[0].(*LetStmt).Value)
	}
}

func TestParseExprTrailing(t *testing.T) {
	if _, errs := ParseExpr("a == 1 b"); len(errs) == 0 {
		t.Error("trailing text accepted")
	}
	x := mustExpr(t, "Account has 'svc_' and Computer !startswith 'DC'")
	if _, ok := x.(*Binary); !ok {
		t.Errorf("got %T", x)
	}
}

func TestWalkVisitsAll(t *testing.T) {
	q := mustParse(t, "let a = 1; T | where x in (1, 2) | summarize n = count() by b | join (U) on b")
	counts := map[string]int{}
	Inspect(q, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			counts[id.Name]++
		}
		return true
	})
	for _, name := range []string{"a", "T", "x", "n", "count", "b", "U"} {
		if counts[name] == 0 {
			t.Errorf("Walk did not visit %s", name)
		}
	}
	// Returning false prunes the subtree.
	n := 0
	Inspect(q, func(node Node) bool {
		n++
		_, isLet := node.(*LetStmt)
		return !isLet
	})
	if n == 0 {
		t.Error("no nodes")
	}
}
