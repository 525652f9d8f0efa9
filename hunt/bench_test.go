package hunt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/hunt/rule"
)

// benchClicks is n UrlClickEvents rows over a few hosts, a tenth of them
// internal.
func benchClicks(n int) string {
	hosts := []string{"internal.company.com", "evil.example", "marketing.company.com", "docs.example.net", "cdn.example.org", "login.example.com", "files.example.io", "news.example", "shop.example", "10.1.2.3"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"Timestamp":"2025-02-27T10:%02d:00Z","Url":"https://%s/p/%d","AccountUpn":"user%d@company.com","IPAddress":"203.0.113.%d","NetworkMessageId":"m%d","ReportId":"r%d"}`+"\n",
			i%60, hosts[i%len(hosts)], i, i%500, i%250, i%5000, i)
	}
	return b.String()
}

// BenchmarkHunt runs a rule over 100k clicks without and with the five
// example-style exclusions (regex host matches and an in-subquery), to
// show what tuning costs on top of the query.
func BenchmarkHunt(b *testing.B) {
	st := store(b, map[string]string{"UrlClickEvents": benchClicks(100_000), "EmailEvents": emails})
	r := &rule.Rule{File: "b.kql", ID: "b", Name: "b", Kind: rule.KQL}
	r.Query = "UrlClickEvents | where Timestamp > ago(30d) | project Timestamp, Url, AccountUpn, IPAddress, NetworkMessageId, ReportId"
	dir := b.TempDir()
	p := write(b, dir, "r.kql", r.Query)
	r = rule.LoadFile(p, true)[0]
	host := `extract(@"^(?:\w+://)?([^/:?#]+)", 1, Url)`
	xs := exclusions(b, `exclusions:
  - name: internal
    where: '`+host+` matches regex @"(?i)(^|\.)internal\.company\.com$" or ipv4_is_in_range(`+host+`, "10.0.0.0/8")'
  - name: update
    where: '`+host+` matches regex @"(?i)(^|\.)api\.update\.service\.com$"'
  - name: senders
    where: NetworkMessageId in (EmailEvents | where SenderFromAddress in~ ("support@company.com") | project NetworkMessageId)
  - name: vendor
    where: '`+host+` matches regex @"(?i)(^|\.)updates\.vendor\.com$"'
  - name: marketing
    where: '`+host+` matches regex @"(?i)(^|\.)(marketing\.company\.com|demo\.product\.com)$"'
`)
	for _, c := range []struct {
		name string
		xs   int
	}{{"plain", 0}, {"5-exclusions", len(xs)}} {
		b.Run(c.name, func(b *testing.B) {
			rn := NewRunner(FromTables(st), Options{Now: testNow, Exclusions: xs[:c.xs]})
			for i := 0; i < b.N; i++ {
				res := rn.RunRule(b.Context(), r)
				if res.Err != nil || res.Total != 100_000 {
					b.Fatal(res.Err, res.Total)
				}
			}
		})
	}
}
