package phishing_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/quarryhunt/quarry/gen/phishing"
)

var tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "phishing-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type genKey struct {
	scale float64
	seed  uint64
	split phishing.Split
	gz    bool
}

// hourly is the storage-account layout, over the shortest span allowed
// (every hour is a folder).
var hourly = genKey{0.05, 7, phishing.SplitHour, true}

func (k genKey) days() int {
	if k.split == phishing.SplitHour {
		return 31
	}
	return 0
}

type generated struct {
	dir string
	sum *phishing.Summary
	err error
}

var (
	genMu   sync.Mutex
	genDone = map[genKey]*generated{}
)

// gen generates (once per configuration) into a temporary folder.
func gen(t testing.TB, k genKey) (string, *phishing.Summary) {
	t.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	g, ok := genDone[k]
	if !ok {
		dir := filepath.Join(tmpRoot, fmt.Sprintf("s%g-seed%d-%v-gz%v", k.scale, k.seed, k.split, k.gz))
		sum, err := phishing.Generate(phishing.Config{Dir: dir, Scale: k.scale, Seed: k.seed, Split: k.split, Gzip: k.gz, Days: k.days()})
		g = &generated{dir, sum, err}
		genDone[k] = g
	}
	if g.err != nil {
		t.Fatal(g.err)
	}
	return g.dir, g.sum
}

// record is one streaming-API line.
type record struct {
	Time          string          `json:"time"`
	TenantID      string          `json:"tenantId"`
	OperationName string          `json:"operationName"`
	Category      string          `json:"category"`
	Properties    json.RawMessage `json:"properties"`
}

// files lists a table's files in a generated folder, in name order
// (which is time order for every layout).
func files(t testing.TB, dir, table string) []string {
	t.Helper()
	var out []string
	low := "insights-logs-advancedhunting-" + strings.ToLower(table)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		first := strings.SplitN(rel, string(filepath.Separator), 2)[0]
		if first == table || first == low || strings.HasPrefix(first, table+".jsonl") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// eachLine calls f with every line of a table's files.
func eachLine(t testing.TB, dir, table string, f func(path string, n int, line []byte)) {
	t.Helper()
	buf := make([]byte, 1<<20)
	var gz *gzip.Reader
	for _, p := range files(t, dir, table) {
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = fh
		if strings.HasSuffix(p, ".gz") {
			if gz == nil {
				gz, err = gzip.NewReader(fh)
			} else {
				err = gz.Reset(fh)
			}
			if err != nil {
				t.Fatal(err)
			}
			r = gz
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(buf, 1<<24)
		n := 0
		for sc.Scan() {
			n++
			f(p, n, sc.Bytes())
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		fh.Close()
	}
}

// rows decodes a table's rows.
func rows(t testing.TB, dir, table string) []map[string]any {
	t.Helper()
	var out []map[string]any
	eachLine(t, dir, table, func(p string, n int, line []byte) {
		var rec struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("%s:%d: %v", p, n, err)
		}
		out = append(out, rec.Properties)
	})
	return out
}

type truthFile struct {
	Seed   uint64
	End    string
	Clicks []struct {
		ReportId, NetworkMessageId, AccountUpn, Url, ActionType, Case string
		Rows                                                          int
		Malicious                                                     bool
		AlertIds                                                      []string
	}
	Counts map[string]int
	Total  int
}

func readTruth(t testing.TB, dir string) *truthFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, phishing.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	var tf truthFile
	if err := json.Unmarshal(data, &tf); err != nil {
		t.Fatalf("truth.json: %v", err)
	}
	return &tf
}
