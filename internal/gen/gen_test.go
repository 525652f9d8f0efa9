package gen

import (
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

var testNow = value.DateTime(638700000000000000)

func small(t *testing.T, seed uint64) *Data {
	t.Helper()
	d, err := Generate(Config{Seed: seed, Scale: 0.01, Now: testNow, Schema: schema.Builtin().Table})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// strCol returns every value of a string column.
func strCol(tb *table.Table, name string) []string {
	i := tb.Schema.Index(name)
	var out []string
	for _, b := range tb.Batches {
		v := b.Cols[i]
		for r := 0; r < b.N; r++ {
			out = append(out, v.Str(r))
		}
	}
	return out
}

func TestShapes(t *testing.T) {
	d := small(t, 1)
	if n := d.AlertInfo.NumRows(); n != 2000 {
		t.Errorf("alerts: %d", n)
	}
	if n := d.AlertEvidence.NumRows(); n != 10000 {
		t.Errorf("evidence: %d", n)
	}
	if n := d.UrlClickEvents.NumRows(); n != 50000 {
		t.Errorf("clicks: %d", n)
	}
	for _, tb := range d.Tables() {
		want, _ := schema.Builtin().Table(tb.Name)
		if tb.Schema.String() != want.String() {
			t.Errorf("%s schema %s", tb.Name, tb.Schema)
		}
		for _, b := range tb.Batches {
			if b.N > column.BatchSize || len(b.Cols) != len(tb.Schema) {
				t.Fatalf("%s: bad batch", tb.Name)
			}
			for i, v := range b.Cols {
				if v.Len() != b.N || v.Type != tb.Schema[i].Type {
					t.Fatalf("%s.%s: vector len %d type %s, batch %d", tb.Name, tb.Schema[i].Name, v.Len(), v.Type, b.N)
				}
			}
		}
	}
	titles := strCol(d.AlertInfo, "Title")
	hits := 0
	for _, s := range titles {
		if strings.Contains(strings.ToLower(s), "potentially malicious") {
			hits++
		}
	}
	if frac := float64(hits) / float64(len(titles)); frac < 0.02 || frac > 0.07 {
		t.Errorf("share of potentially malicious titles %.3f", frac)
	}
	kinds := map[string]int{}
	for _, s := range strCol(d.AlertEvidence, "EntityType") {
		kinds[s]++
	}
	for _, k := range []string{"MailMessage", "Url", "User", "Mailbox", "File"} {
		if kinds[k] == 0 {
			t.Errorf("no %s evidence: %v", k, kinds)
		}
	}
	// Mail evidence must share NetworkMessageIds with clicks.
	clicked := map[string]bool{}
	for _, s := range strCol(d.UrlClickEvents, "NetworkMessageId") {
		clicked[s] = true
	}
	shared := 0
	for _, s := range strCol(d.AlertEvidence, "NetworkMessageId") {
		if s != "" && clicked[s] {
			shared++
		}
	}
	if shared < 100 {
		t.Errorf("only %d evidence rows share a NetworkMessageId with clicks", shared)
	}
	ids := map[string]bool{}
	for _, s := range strCol(d.AlertInfo, "AlertId") {
		if ids[s] {
			t.Fatalf("duplicate AlertId %s", s)
		}
		ids[s] = true
	}
	// Timestamps stay in the window before Now.
	i := d.AlertInfo.Schema.Index("Timestamp")
	for _, b := range d.AlertInfo.Batches {
		for r := 0; r < b.N; r++ {
			ts := b.Cols[i].Int(r)
			if ts > int64(testNow) || ts < int64(testNow)-60*value.Day {
				t.Fatalf("timestamp out of window")
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := small(t, 7), small(t, 7)
	c := small(t, 8)
	for k, ta := range a.Tables() {
		for _, col := range []string{"NetworkMessageId", "AlertId", "Title", "Url", "ReportId"} {
			if ta.Schema.Index(col) < 0 {
				continue
			}
			x, y, z := strCol(ta, col), strCol(b.Tables()[k], col), strCol(c.Tables()[k], col)
			if strings.Join(x, ",") != strings.Join(y, ",") {
				t.Errorf("%s.%s differs between runs with one seed", ta.Name, col)
			}
			if col != "Title" && strings.Join(x, ",") == strings.Join(z, ",") {
				t.Errorf("%s.%s is the same for two seeds", ta.Name, col)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := Generate(Config{Scale: 0, Now: testNow, Schema: schema.Builtin().Table}); err == nil {
		t.Error("scale 0 accepted")
	}
	if _, err := Generate(Config{Scale: 1, Schema: schema.Builtin().Table}); err == nil {
		t.Error("missing Now accepted")
	}
	none := func(string) (types.Schema, bool) { return nil, false }
	if _, err := Generate(Config{Scale: 1, Now: testNow, Schema: none}); err == nil {
		t.Error("missing schema accepted")
	}
}
