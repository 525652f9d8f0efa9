package phishing_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/gen/phishing"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/schema"
)

// defenderSchema is the Defender XDR schema of the generated tables (the
// advanced-hunting columns, without what Sentinel adds).
func defenderSchema(t testing.TB, table string) types.Schema {
	t.Helper()
	cat, err := schema.LoadFile("../../schema/data/defender-xdr.json")
	if err != nil {
		t.Fatal(err)
	}
	s, ok := cat.Table(table)
	if !ok {
		t.Fatalf("no %s in defender-xdr.json", table)
	}
	return s
}

// sameFiles compares two folders file by file.
func sameFiles(t *testing.T, a, b string) (same bool, nfiles int) {
	t.Helper()
	same = true
	filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			same = false
		}
		nfiles++
		return nil
	})
	return same, nfiles
}

func TestDeterministic(t *testing.T) {
	for _, k := range []genKey{{0.05, 7, phishing.SplitNone, false}, {0.05, 7, phishing.SplitDay, true}} {
		a, _ := gen(t, k)
		again := filepath.Join(t.TempDir(), "again")
		if _, err := phishing.Generate(phishing.Config{Dir: again, Scale: k.scale, Seed: k.seed, Split: k.split, Gzip: k.gz}); err != nil {
			t.Fatal(err)
		}
		if same, n := sameFiles(t, a, again); !same || n < 6 {
			t.Errorf("%v: the same seed gave different output (%d files)", k.split, n)
		}
	}
	a, _ := gen(t, genKey{0.05, 7, phishing.SplitNone, false})
	b, _ := gen(t, genKey{0.05, 8, phishing.SplitNone, false})
	for _, name := range append(phishing.Tables, phishing.TruthFile) {
		if !strings.HasSuffix(name, ".json") {
			name += ".jsonl"
		}
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if bytes.Equal(x, y) {
			t.Errorf("%s: seeds 7 and 8 gave the same bytes", name)
		}
	}
}

func TestScaling(t *testing.T) {
	_, small := gen(t, genKey{0.05, 7, phishing.SplitNone, false})
	_, big := gen(t, genKey{0.15, 7, phishing.SplitNone, false})
	for _, s := range []*phishing.Summary{small, big} {
		var n int64
		for _, tb := range s.Tables {
			n += tb.Rows
			if tb.Rows == 0 {
				t.Errorf("%s: no rows", tb.Name)
			}
		}
		if n != s.Rows {
			t.Errorf("summary rows %d, tables add to %d", s.Rows, n)
		}
	}
	// About 100k rows per unit of scale.
	for _, c := range []struct {
		s     *phishing.Summary
		scale float64
	}{{small, 0.05}, {big, 0.15}} {
		perUnit := float64(c.s.Rows) / c.scale
		if perUnit < 75_000 || perUnit > 125_000 {
			t.Errorf("scale %g: %d rows, %.0f per unit of scale; want about 100k", c.scale, c.s.Rows, perUnit)
		}
	}
	ratio := float64(big.Rows) / float64(small.Rows)
	if math.Abs(ratio-3) > 0.45 {
		t.Errorf("scale 0.15 / scale 0.05 rows = %.2f, want about 3", ratio)
	}
}

// jsonText are the string columns that carry JSON text.
var jsonText = map[string]bool{"AdditionalFields": true, "AttackTechniques": true, "Categories": true,
	"DetectionMethods": true, "ConfidenceLevel": true, "AuthenticationDetails": true, "UrlChain": true}

var (
	guidRE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	stampRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`)
)

// TestRecordsConform checks every line: the streaming-API envelope, the
// schema's columns in its order, each value of the column's type, and
// rows in time order.
func TestRecordsConform(t *testing.T) {
	for _, k := range []genKey{{0.05, 7, phishing.SplitNone, false}, hourly} {
		dir, sum := gen(t, k)
		start, end := sum.Start, sum.End
		for _, table := range phishing.Tables {
			sch := defenderSchema(t, table)
			nonEmpty := make([]bool, len(sch))
			last := ""
			n := 0
			eachLine(t, dir, table, func(p string, ln int, line []byte) {
				n++
				if !checkLine(t, p, ln, line, table, sch, nonEmpty, &last, start, end) {
					t.FailNow()
				}
			})
			if int64(n) != sum.Tables[indexOf(phishing.Tables, table)].Rows {
				t.Errorf("%s: %d lines, summary says %d rows", table, n, sum.Tables[indexOf(phishing.Tables, table)].Rows)
			}
			for i, ok := range nonEmpty {
				if !ok {
					t.Errorf("%s.%s: never has a value", table, sch[i].Name)
				}
			}
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func checkLine(t *testing.T, p string, ln int, line []byte, table string, sch types.Schema, nonEmpty []bool, last *string, start, end time.Time) bool {
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		t.Errorf("%s:%d: not JSON: %v", p, ln, err)
		return false
	}
	if !stampRE.MatchString(rec.Time) || !guidRE.MatchString(rec.TenantID) || rec.OperationName != "Publish" ||
		rec.Category != "AdvancedHunting-"+table || rec.Properties == nil {
		t.Errorf("%s:%d: bad envelope: %s", p, ln, line[:min(len(line), 300)])
		return false
	}
	// Columns: exactly the schema's, in its order.
	keys, vals := properties(rec.Properties)
	if len(keys) != len(sch) {
		t.Errorf("%s:%d: %d properties, schema has %d columns", p, ln, len(keys), len(sch))
		return false
	}
	for i, c := range sch {
		if keys[i] != c.Name {
			t.Errorf("%s:%d: property %d is %s, schema says %s", p, ln, i, keys[i], c.Name)
			return false
		}
		raw := vals[i]
		if !valueConforms(raw, c.Type) {
			t.Errorf("%s:%d: %s = %s is not a %s", p, ln, c.Name, raw, c.Type)
			return false
		}
		if s := string(raw); s != "null" && s != `""` {
			nonEmpty[i] = true
			if jsonText[c.Name] {
				var text string
				json.Unmarshal(raw, &text)
				if !json.Valid([]byte(text)) {
					t.Errorf("%s:%d: %s holds %q, not JSON text", p, ln, c.Name, text)
					return false
				}
			}
		}
	}
	var ts string
	json.Unmarshal(vals[0], &ts)
	if ts < *last {
		t.Errorf("%s:%d: Timestamp %s before the previous row's %s", p, ln, ts, *last)
		return false
	}
	*last = ts
	if tt, _ := time.Parse(time.RFC3339Nano, ts); !tt.Before(end) || tt.Before(start) {
		t.Errorf("%s:%d: Timestamp %s outside the generated span", p, ln, ts)
		return false
	}
	return true
}

// properties returns the keys and values of an object, in order.
func properties(obj json.RawMessage) (keys []string, vals []json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.Token() // {
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return
		}
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return
		}
		keys, vals = append(keys, k.(string)), append(vals, v)
	}
	return
}

func valueConforms(raw json.RawMessage, typ types.Type) bool {
	s := string(raw)
	if s == "null" {
		// The export writes strings as "", never null; other types may be null.
		return typ != types.String
	}
	switch typ {
	case types.String, types.Guid:
		var x string
		return json.Unmarshal(raw, &x) == nil
	case types.DateTime:
		var x string
		return json.Unmarshal(raw, &x) == nil && stampRE.MatchString(x)
	case types.Bool:
		return s == "true" || s == "false"
	case types.Int:
		var x int32
		return json.Unmarshal(raw, &x) == nil
	case types.Long:
		var x int64
		return json.Unmarshal(raw, &x) == nil
	case types.Real:
		var x float64
		return json.Unmarshal(raw, &x) == nil
	case types.Dynamic:
		return json.Valid(raw)
	}
	return false
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		cfg  phishing.Config
		want string
	}{
		{phishing.Config{Scale: 1}, "no output folder"},
		{phishing.Config{Dir: dir, Scale: 0}, "scale 0"},
		{phishing.Config{Dir: dir, Scale: -2}, "scale -2"},
		{phishing.Config{Dir: dir, Scale: math.NaN()}, "scale NaN"},
		{phishing.Config{Dir: dir, Scale: 1, Days: 10}, "days 10"},
	} {
		_, err := phishing.Generate(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.cfg, err, c.want)
		}
	}
	if _, err := phishing.ParseSplit("week"); err == nil {
		t.Error("ParseSplit(week) succeeded")
	}
	f := filepath.Join(dir, "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := phishing.Generate(phishing.Config{Dir: f, Scale: 0.01}); err == nil {
		t.Error("generating into a file succeeded")
	}
}

func TestCustomEnd(t *testing.T) {
	end := time.Date(2023, 7, 15, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	sum, err := phishing.Generate(phishing.Config{Dir: dir, Scale: 0.02, Seed: 3, End: end, Days: 40})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.End.Equal(end) || !sum.Start.Equal(end.AddDate(0, 0, -40)) {
		t.Errorf("span %v .. %v", sum.Start, sum.End)
	}
	for _, r := range rows(t, dir, "AlertInfo") {
		ts, _ := time.Parse(time.RFC3339Nano, r["Timestamp"].(string))
		if ts.Before(sum.Start) || !ts.Before(end) {
			t.Fatalf("alert at %v outside %v .. %v", ts, sum.Start, end)
		}
	}
}
