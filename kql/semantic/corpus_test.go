package semantic_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
)

// TestCorpus measures the binder on a corpus of real queries against the
// official binder's verdicts. It runs only when QUARRY_CORPUS (queries,
// JSON lines with qid and query), QUARRY_ORACLE (verdicts, JSON lines
// with id, syntax_errors, semantic_errors, result_columns) and
// QUARRY_SCHEMA (tables, {"tables":[{"name","columns":[{"name","type"}]}]})
// are set. Of the queries the official binder accepts, at least 90% must
// bind and 85% give exactly its result columns.
func TestCorpus(t *testing.T) {
	qpath, opath, spath := os.Getenv("QUARRY_CORPUS"), os.Getenv("QUARRY_ORACLE"), os.Getenv("QUARRY_SCHEMA")
	if qpath == "" || opath == "" || spath == "" {
		t.Skip("set QUARRY_CORPUS, QUARRY_ORACLE and QUARRY_SCHEMA to run")
	}
	type col struct{ Name, Type string }
	var sch struct {
		Tables []struct {
			Name    string
			Columns []col
		}
	}
	data, err := os.ReadFile(spath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sch); err != nil {
		t.Fatal(err)
	}
	tb := testTables{}
	for _, tab := range sch.Tables {
		var s types.Schema
		for _, c := range tab.Columns {
			ty, _ := types.Parse(c.Type)
			s = append(s, types.Column{Name: c.Name, Type: ty})
		}
		tb[tab.Name] = s
	}
	type verdict struct {
		ID             string
		SyntaxErrors   []any `json:"syntax_errors"`
		SemanticErrors []any `json:"semantic_errors"`
		ResultColumns  []col `json:"result_columns"`
	}
	oracle := map[string]verdict{}
	eachLine(t, opath, func(b []byte) {
		var v verdict
		if json.Unmarshal(b, &v) == nil {
			oracle[v.ID] = v
		}
	})
	total, bound, same := 0, 0, 0
	eachLine(t, qpath, func(b []byte) {
		var q struct{ Qid, Query string }
		if json.Unmarshal(b, &q) != nil {
			return
		}
		v, ok := oracle[q.Qid]
		if !ok || len(v.SyntaxErrors) > 0 || len(v.SemanticErrors) > 0 {
			return
		}
		total++
		pq, perrs := syntax.Parse(q.Query)
		if len(perrs) > 0 {
			return
		}
		p, errs := semantic.Bind(pq, &semantic.Env{Tables: tb})
		if len(errs) > 0 {
			t.Logf("%s: %v", q.Qid, errs[0])
			return
		}
		bound++
		var got []col
		if len(p.Results) > 0 {
			for _, c := range p.Results[len(p.Results)-1].Schema() {
				got = append(got, col{c.Name, c.Type.String()})
			}
		}
		if len(got) != len(v.ResultColumns) {
			return
		}
		for i := range got {
			if got[i] != v.ResultColumns[i] {
				return
			}
		}
		same++
	})
	if total == 0 {
		t.Fatal("no accepted queries in the corpus")
	}
	bindRate, sameRate := float64(bound)/float64(total), float64(same)/float64(total)
	t.Logf("%d queries accepted by the official binder: %d bind (%.1f%%), %d same result columns (%.1f%%)", total, bound, 100*bindRate, same, 100*sameRate)
	if bindRate < 0.90 || sameRate < 0.85 {
		t.Errorf("below target: bind %.1f%% (want 90%%), schema %.1f%% (want 85%%)", 100*bindRate, 100*sameRate)
	}
}

func eachLine(t *testing.T, path string, f func([]byte)) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		f(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
