package syntax

import (
	"testing"
)

// Seeds are small hand-written inputs covering every token class and
// operator family; the fuzzer mutates them.
var fuzzSeeds = []string{
	// A backslash at the very end of a quoted string inside dynamic().
	"print dynamic(\"\\",
	"T | where a == 1 and b has 'x' | project c, d = e + 1 | take 10",
	"let f = (T:(*), n:long = 1) { T | take n }; f(U)",
	"datatable(a:long, b:dynamic)[1, dynamic({'k': [1, 2.5, null]})]",
	"T | summarize count() by bin(t, 1h) | render timechart with (title='x')",
	"print datetime(2024-01-01 10:00), time(1.2:30:00), guid(00000000-0000-0000-0000-000000000000)",
	"T | parse kind=regex s with @'(\\d+)' n:int * | mv-expand x to typeof(long)",
	"T | join kind=inner (U | where x in~ ('a')) on $left.a == $right.b",
	"T | where x between (1 .. 2) and y !contains_cs \"q\" | sort by a desc nulls last",
	"T | scan with (step s: a => b = 1;) | fork (take 1) (count)",
	"G | graph-match (a)-[e*1..3]->(b) where a.x == 1 project b",
	"union withsource=S A*, (B | take 1) | search 'x'",
	"T | extend d = d.['a b'][0], e = h'x' 'y' ```z```",
	"T | make-series c = count() default = 0 on t from ago(1d) to now() step 1h by k",
}

func FuzzLexer(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		toks := Tokenize(src)
		if len(toks) == 0 || toks[len(toks)-1].Kind != TokEOF {
			t.Fatal("token stream does not end with EOF")
		}
		var prev Pos
		for i, tok := range toks {
			if tok.Pos < prev || tok.End < tok.Pos || int(tok.End) > len(src) {
				t.Fatalf("token %d %v has bad span [%d,%d) after %d", i, tok.Kind, tok.Pos, tok.End, prev)
			}
			if tok.Kind != TokEOF && tok.End == tok.Pos && tok.Kind != TokRaw {
				t.Fatalf("token %d %v is empty", i, tok.Kind)
			}
			if src[tok.Pos:tok.End] != tok.Text {
				t.Fatalf("token %d text mismatch", i)
			}
			prev = tok.End
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, errs := Parse(src)
		if q == nil {
			t.Fatal("nil query")
		}
		if len(errs) > maxErrors {
			t.Fatalf("%d errors", len(errs))
		}
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
			_ = e.Verbose()
		}
		checkPositions(t, src, q)
		_, _ = ParseExpr(src)
	})
}
