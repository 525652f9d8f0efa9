package phishing_test

import (
	"context"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/gen/phishing"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/quarryhunt/quarry/schema"
	"github.com/quarryhunt/quarry/table"
)

// ruleTitle is the rule's title filter: contains, case-insensitive.
func ruleTitle(title string) bool {
	return strings.Contains(strings.ToLower(title), "potentially malicious")
}

// TestTruthConsistent checks truth.json against the tables, by reading
// them directly (not through the engine).
func TestTruthConsistent(t *testing.T) {
	for _, k := range []genKey{{0.05, 7, phishing.SplitNone, false}, {0.15, 7, phishing.SplitNone, false}} {
		dir, sum := gen(t, k)
		tf := readTruth(t, dir)
		cutoff := sum.End.Add(-30 * 24 * time.Hour)

		clickRows := map[string][]map[string]any{}
		for _, r := range rows(t, dir, "UrlClickEvents") {
			id := r["ReportId"].(string)
			clickRows[id] = append(clickRows[id], r)
		}
		alertTime, alertTitle := map[string]time.Time{}, map[string]string{}
		for _, r := range rows(t, dir, "AlertInfo") {
			ts, _ := time.Parse(time.RFC3339Nano, r["Timestamp"].(string))
			alertTime[r["AlertId"].(string)], alertTitle[r["AlertId"].(string)] = ts, r["Title"].(string)
		}
		// NetworkMessageId -> rule-matching alerts holding it as MailMessage.
		mailAlerts := map[string][]string{}
		for _, r := range rows(t, dir, "AlertEvidence") {
			id := r["AlertId"].(string)
			if r["EntityType"] == "MailMessage" && ruleTitle(alertTitle[id]) && alertTime[id].After(cutoff) {
				mailAlerts[r["NetworkMessageId"].(string)] = append(mailAlerts[r["NetworkMessageId"].(string)], id)
			}
		}
		senders := map[string]string{}
		for _, r := range rows(t, dir, "EmailEvents") {
			senders[r["NetworkMessageId"].(string)] = r["SenderFromAddress"].(string)
		}

		want := map[string]bool{} // every click the rule must find
		for id, rs := range clickRows {
			if len(mailAlerts[rs[0]["NetworkMessageId"].(string)]) > 0 {
				want[id] = true
			}
		}
		counts := map[string]int{}
		for _, c := range tf.Clicks {
			counts[c.Case]++
			rs := clickRows[c.ReportId]
			if len(rs) != c.Rows || len(rs) == 0 {
				t.Errorf("truth %s: %d rows in UrlClickEvents, truth says %d", c.ReportId, len(rs), c.Rows)
				continue
			}
			if rs[0]["NetworkMessageId"] != c.NetworkMessageId || rs[0]["Url"] != c.Url || rs[0]["AccountUpn"] != c.AccountUpn {
				t.Errorf("truth %s: differs from its click %v", c.ReportId, rs[0])
			}
			if !want[c.ReportId] {
				t.Errorf("truth %s (%s): no rule-matching alert holds its mail as evidence", c.ReportId, c.Case)
			}
			delete(want, c.ReportId)
			linked := map[string]bool{}
			for _, a := range mailAlerts[c.NetworkMessageId] {
				linked[a] = true
			}
			for _, a := range c.AlertIds {
				if !linked[a] {
					t.Errorf("truth %s: alert %s is not a rule-matching alert on its mail", c.ReportId, a)
				}
			}
			if c.Malicious != (c.Case == phishing.CaseMalicious) {
				t.Errorf("truth %s: malicious=%v but case %q", c.ReportId, c.Malicious, c.Case)
			}
			if !caseMatches(c.Case, c.Url, senders[c.NetworkMessageId]) {
				t.Errorf("truth %s: case %s, but url %s from %s", c.ReportId, c.Case, c.Url, senders[c.NetworkMessageId])
			}
		}
		for id := range want {
			t.Errorf("click %s is found by the rule but missing from truth.json", id)
		}
		for _, name := range append([]string{phishing.CaseMalicious}, phishing.CaseNames[:]...) {
			if counts[name] == 0 {
				t.Errorf("scale %g: no %s click in truth.json", k.scale, name)
			}
			if tf.Counts[name] != counts[name] {
				t.Errorf("counts[%s] = %d, listed %d", name, tf.Counts[name], counts[name])
			}
		}
		if tf.Total != len(tf.Clicks) || tf.Total != sum.TruthTotal {
			t.Errorf("total %d, listed %d, summary %d", tf.Total, len(tf.Clicks), sum.TruthTotal)
		}
	}
}

// caseMatches says whether a click fits its benign case as the seed
// describes it.
func caseMatches(c, url, sender string) bool {
	switch c {
	case "internal-host":
		return strings.Contains(url, "internal.company.com") || strings.Contains(url, "://10.")
	case "update-automation":
		return strings.Contains(url, "api.update.service.com")
	case "trusted-sender":
		return sender == "support@company.com" || sender == "admin@company.com"
	case "vendor-update":
		return strings.Contains(url, "updates.vendor.com") && sender == "vendor-support@vendor.com"
	case "marketing-campaign":
		return strings.Contains(url, "marketing.company.com") || strings.Contains(url, "demo.product.com")
	case phishing.CaseMalicious:
		u, err := neturl.Parse(url)
		if err != nil {
			return false
		}
		for _, good := range []string{"company.com", "vendor.com", "service.com", "demo.product.com"} {
			if u.Host == good || strings.HasSuffix(u.Host, "."+good) {
				return false
			}
		}
		return !strings.HasPrefix(u.Host, "10.")
	}
	return false
}

// TestDecoys checks that the data holds what should not match: old
// alerts, other titles on mail evidence, matching titles without mail
// evidence, and clicks without alerts.
func TestDecoys(t *testing.T) {
	dir, sum := gen(t, genKey{0.15, 7, phishing.SplitNone, false})
	cutoff := sum.End.Add(-30 * 24 * time.Hour)
	var old, otherTitles int
	match := map[string]bool{}
	for _, r := range rows(t, dir, "AlertInfo") {
		ts, _ := time.Parse(time.RFC3339Nano, r["Timestamp"].(string))
		title := r["Title"].(string)
		if ruleTitle(title) {
			match[r["AlertId"].(string)] = true
			if !ts.After(cutoff) {
				old++
			}
		} else {
			otherTitles++
		}
	}
	mailOnOther, matchWithoutMail := 0, 0
	hasMail := map[string]bool{}
	for _, r := range rows(t, dir, "AlertEvidence") {
		id := r["AlertId"].(string)
		if r["EntityType"] == "MailMessage" {
			hasMail[id] = true
			if !match[id] {
				mailOnOther++
			}
		}
	}
	for id := range match {
		if !hasMail[id] {
			matchWithoutMail++
		}
	}
	clicks := rows(t, dir, "UrlClickEvents")
	noMessage := 0
	for _, c := range clicks {
		if c["NetworkMessageId"] == "" {
			noMessage++
		}
	}
	tf := readTruth(t, dir)
	t.Logf("old matching alerts %d, other titles %d, mail evidence under other titles %d, matching alerts without mail %d, clicks %d (truth %d, without message %d)",
		old, otherTitles, mailOnOther, matchWithoutMail, len(clicks), len(tf.Clicks), noMessage)
	if old == 0 || otherTitles == 0 || mailOnOther == 0 || matchWithoutMail == 0 || noMessage == 0 || len(clicks) < 10*len(tf.Clicks) {
		t.Error("a kind of decoy is missing")
	}
}

// TestSeedQuery loads the output with the table readers and runs the
// seed rule through the engine with now() at the generator's end: it
// must return exactly the clicks of truth.json.
func TestSeedQuery(t *testing.T) {
	for _, k := range []genKey{{0.05, 7, phishing.SplitNone, false}, hourly, {0.15, 7, phishing.SplitNone, false}} {
		dir, sum := gen(t, k)
		st := table.NewStore(schema.Builtin())
		for _, name := range []string{"AlertInfo", "AlertEvidence", "UrlClickEvents"} {
			for _, p := range files(t, dir, name) {
				if err := st.LoadFile(name, p); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, err := engine.FromStore(st).Query(context.Background(), phishing.SeedQuery,
			engine.QueryOptions{Now: int64(value.FromTime(sum.End))})
		if err != nil {
			t.Fatal(err)
		}
		r := res[0]
		col := -1
		for i, c := range r.Schema {
			if c.Name == "ReportId" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("no ReportId in %v", r.Schema)
		}
		got := map[string]int{}
		for _, b := range r.Batches {
			for i := 0; i < b.N; i++ {
				got[strings.Clone(b.Cols[col].Str(i))]++
			}
		}
		tf := readTruth(t, dir)
		want := map[string]int{}
		for _, c := range tf.Clicks {
			want[c.ReportId] = c.Rows
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("%v: click %s: %d result rows, want %d", k, id, got[id], n)
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%v: the rule returned click %s, which truth.json lacks", k, id)
			}
		}
		t.Logf("scale %g %v: %d rows, %d clicks", k.scale, k.split, r.Rows(), len(got))
	}
}
