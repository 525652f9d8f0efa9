package hunt

import (
	"context"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/hunt/rule"
	"github.com/quarryhunt/quarry/kql/value"
)

func TestCheck(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	seedLike := oneRule(t, "seed.yaml", `id: s
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes: [UrlClickEvents, Alertinfo, AlertEvidence]
query: |
  AlertInfo
  | join kind=inner (AlertEvidence | where EntityType == "MailMessage") on AlertId
  | join UrlClickEvents on NetworkMessageId
`)
	broken := oneRule(t, "broken.kql", "UrlClickEvents\n| where Nope > 1")
	unknown := oneRule(t, "unknown.yaml", "id: u\nrequiredDataConnectors:\n  - connectorId: c\n    dataTypes: [NoSuchTable]\nquery: UrlClickEvents | take 1\n")
	xs := exclusions(t, "exclusions:\n  - name: x\n    rules: [s]\n    where: NetworkMessageId in (EmailEvents | project NetworkMessageId)\n  - name: y\n    rules: [bad]\n    where: strlen(Url)\n")
	badExcl := oneRule(t, "bad.yaml", "id: bad\nquery: UrlClickEvents\n")
	rn := NewRunner(FromTables(st), Options{Now: testNow, Exclusions: xs})
	res := rn.Check(context.Background(), []*rule.Rule{seedLike, broken, unknown, badExcl})

	s := res[0]
	if s.Err != nil || !s.CanRun() {
		t.Fatalf("seed: %v", s.Err)
	}
	if len(s.Columns) == 0 || s.Columns.Index("Url") < 0 || s.Columns.Index("__quarry_exclusion_0") >= 0 {
		t.Errorf("seed columns: %v", s.Columns)
	}
	var got []string
	for _, tc := range s.Tables {
		got = append(got, tableState(tc))
	}
	want := "UrlClickEvents declared used data|AlertInfo(Alertinfo) declared used nodata|AlertEvidence declared used nodata|EmailEvents used nodata"
	if strings.Join(got, "|") != want {
		t.Errorf("seed tables:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if nd := strings.Join(s.NoData(), ","); nd != "AlertInfo,AlertEvidence,EmailEvents" {
		t.Errorf("no data: %s", nd)
	}

	b := res[1]
	if b.CanRun() || b.Err == nil || !strings.Contains(b.Err.Error(), "broken.kql:2:9:") {
		t.Errorf("broken: %v", b.Err)
	}
	u := res[2]
	if !u.CanRun() || strings.Join(u.NoData(), ",") != "NoSuchTable" {
		t.Errorf("unknown declared table: can run %v, no data %v", u.CanRun(), u.NoData())
	}
	e := res[3]
	if e.CanRun() || e.Err == nil || !strings.Contains(e.Err.Error(), "boolean") {
		t.Errorf("non-boolean exclusion: %v", e.Err)
	}
}

func TestCheckWindow(t *testing.T) {
	st := store(t, map[string]string{"UrlClickEvents": clicks})
	r := oneRule(t, "r.kql", "UrlClickEvents | take 1")
	from := int64(value.FromTime(testNow.AddDate(0, 0, -1)))
	c := NewRunner(FromTables(st), Options{Now: testNow, Window: Window{From: &from}}).CheckRule(context.Background(), r)
	if len(c.Tables) != 1 || c.Tables[0].HasData || !c.Tables[0].Used {
		t.Errorf("last day: %+v", c.Tables)
	}
	from = int64(value.FromTime(testNow.AddDate(0, 0, -3)))
	c = NewRunner(FromTables(st), Options{Now: testNow, Window: Window{From: &from}}).CheckRule(context.Background(), r)
	if !c.Tables[0].HasData {
		t.Errorf("last 3 days: %+v", c.Tables)
	}
}

func tableState(tc TableCheck) string {
	s := tc.Table
	if tc.Name != tc.Table {
		s += "(" + tc.Name + ")"
	}
	if tc.Declared {
		s += " declared"
	}
	if tc.Used {
		s += " used"
	}
	switch {
	case !tc.Exists:
		s += " missing"
	case tc.HasData:
		s += " data"
	default:
		s += " nodata"
	}
	return s
}
