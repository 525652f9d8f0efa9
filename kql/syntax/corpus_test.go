package syntax

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestCorpus measures the parser against real queries and the official
// parser's verdicts. It reads test data at run time and is skipped unless
// QUARRY_CORPUS names the queries .jsonl file (the oracle-*.jsonl beside it
// supplies the verdicts). QUARRY_CONFORMANCE may name a .jsonl of
// documented examples that must all parse.
func TestCorpus(t *testing.T) {
	path := os.Getenv("QUARRY_CORPUS")
	if path == "" {
		t.Skip("QUARRY_CORPUS not set")
	}
	type rec struct {
		QID   string `json:"qid"`
		ID    string `json:"id"`
		Query string `json:"query"`
	}
	type verdict struct {
		ID           string            `json:"id"`
		SyntaxErrors []json.RawMessage `json:"syntax_errors"`
	}
	readLines := func(p string, f func([]byte)) {
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			f(sc.Bytes())
		}
	}
	oracle := map[string]bool{} // id -> Kusto accepts
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "oracle-*.jsonl"))
	for _, m := range matches {
		readLines(m, func(b []byte) {
			var v verdict
			if json.Unmarshal(b, &v) == nil {
				oracle[v.ID] = len(v.SyntaxErrors) == 0
			}
		})
	}
	var okAccepted, failAccepted, rejRejected, rejAccepted int
	verbose := os.Getenv("QUARRY_CORPUS_VERBOSE") != ""
	readLines(path, func(b []byte) {
		var r rec
		if json.Unmarshal(b, &r) != nil {
			return
		}
		_, errs := Parse(r.Query)
		accepts, known := oracle[r.QID]
		switch {
		case !known || accepts:
			if len(errs) == 0 {
				okAccepted++
			} else {
				failAccepted++
				t.Logf("FAIL %s: %s\n%s", r.QID, errs[0], errs[0].Snippet())
			}
		default:
			if len(errs) > 0 {
				rejRejected++
				if verbose {
					t.Logf("REJ %s %d %s", r.QID, errs[0].Pos, errs[0].Msg)
				}
			} else {
				rejAccepted++
				if verbose {
					t.Logf("LENIENT %s", r.QID)
				}
			}
		}
	})
	t.Logf("Kusto-accepted queries parsed: %d/%d; Kusto-rejected also rejected: %d/%d",
		okAccepted, okAccepted+failAccepted, rejRejected, rejRejected+rejAccepted)

	if conf := os.Getenv("QUARRY_CONFORMANCE"); conf != "" {
		var ok, n int
		readLines(conf, func(b []byte) {
			var r rec
			if json.Unmarshal(b, &r) != nil {
				return
			}
			n++
			if _, errs := Parse(r.Query); len(errs) == 0 {
				ok++
			} else {
				t.Logf("CONFORMANCE FAIL %s: %s\n%s", r.ID, errs[0], errs[0].Snippet())
			}
		})
		t.Logf("conformance examples parsed: %d/%d", ok, n)
	}
}
