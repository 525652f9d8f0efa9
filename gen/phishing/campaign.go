package phishing

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// campaign is a run of malicious mail: one lure, one sender, one
// landing site, many recipients. Safe Links learns the URL is bad at
// verdict; mail before it is delivered, clicks before it are allowed
// and alerted on when the verdict comes (the Defender for Office 365
// behaviour that raises "A potentially malicious URL click was
// detected" for clicks in the 48 hours before).
type campaign struct {
	start, duration, verdict int64
	zap                      bool  // zero-hour auto purge removes delivered mail
	blockAt                  int64 // the SOC blocks the domain in the tenant list (0: never)
	threat                   string
	attachmentOnly           bool
	host, path               string
	redirect                 string
	subject, display, from   string
	auth                     string
	cluster                  int64
	clickRate                float64
	targets                  int
	sure                     bool
}

func (s *sim) phishDomain() string {
	r := s.r
	b, w := pick(r, phishBrands), pick(r, phishWords)
	if r.chance(0.5) {
		return b + "-" + w + pick(r, phishTLDs)
	}
	return w + "-" + b + "-" + r.lower(3) + pick(r, phishTLDs)
}

// newCampaign plans a campaign. A sure one is guaranteed to yield a
// finding: its mail is delivered before the verdict and someone clicks.
func (s *sim) newCampaign(start int64, targets int, malware, sure bool) *campaign {
	r := s.r
	c := &campaign{start: start, targets: targets, threat: "Phish", cluster: int64(r.between(1_000_000, 900_000_000)) * 7919}
	c.duration = minute + r.expTicks(90*minute, 12*hour)
	if targets <= 3 {
		c.duration = minute
	}
	switch {
	case sure:
		c.sure = true
		c.verdict = start + c.duration + 5*minute + r.expTicks(2*hour, 40*hour)
	case r.chance(0.4) || targets <= 3 && r.chance(0.7):
		c.verdict = start - hour // known bad before the first mail
	default:
		c.verdict = start + 5*minute + r.expTicks(2*hour, 40*hour)
	}
	c.zap = r.chance(0.8)
	if r.chance(0.3) {
		c.blockAt = c.verdict + 30*minute + r.expTicks(4*hour, 2*day)
	}
	c.clickRate = 0.18 + 0.17*r.float()
	lure := phishLures[r.intn(len(phishLures))]
	c.subject, c.display = s.fill(lure.subject), lure.display
	if r.chance(0.7) {
		dom := s.phishDomain()
		c.host = pick(r, []string{"", "", "www.", "login.", "secure."}) + dom
		c.from = pick(r, []string{"no-reply", "security", "admin", "notification", "mailer"}) + "@" + dom
		c.path = "/" + pick(r, []string{"login", "auth/verify.php", "owa/index.html", "wp-content/doc/view", "secure/sso", "download"})
	} else {
		c.host = strings.Replace(pick(r, abusedHosts), "%s", r.lower(10), 1)
		c.path = "/" + r.lower(8) + "/" + pick(r, []string{"index.html", "doc.html", "view", "o365.htm"})
		// Compromised small-business mailboxes send these.
		c.from = pick(r, partnerMailboxes) + "@" + r.lower(6) + pick(r, []string{"-consulting.com", "-llc.com", ".co.uk", "-design.net", ".com.br"})
	}
	if r.chance(0.4) {
		c.redirect = pick(r, redirectors)
	}
	c.auth = pick(r, []string{
		`{"SPF":"pass","DKIM":"none","DMARC":"none","CompAuth":"softpass"}`,
		`{"SPF":"softfail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}`,
		`{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}`,
		`{"SPF":"none","DKIM":"none","DMARC":"none","CompAuth":"fail"}`,
	})
	if malware && !sure {
		c.threat = "Malware"
		c.attachmentOnly = r.chance(0.6)
		c.path = "/" + pick(r, []string{"files", "download", "invoice", "share"}) + "/" + pick(r, fileNames) + "_" + r.digits(6) + pick(r, []string{".zip", ".iso", ".html", ".one"})
	}
	return c
}

func (c *campaign) landing(u *user, r *rng) string {
	tok := base64.RawURLEncoding.EncodeToString([]byte(u.upn))
	switch r.intn(3) {
	case 0:
		return "https://" + c.host + c.path + "?id=" + r.hexString(12) + "&u=" + tok
	case 1:
		return "https://" + c.host + c.path + "#" + u.upn
	}
	return "https://" + c.host + c.path + "?e=" + tok
}

// run delivers the campaign's mail and everything that follows from it.
func (s *sim) runCampaign(c *campaign) {
	r := s.r
	var removed []*message
	zapAt := c.verdict + minute + r.int64n(30*minute)
	used := map[*user]bool{}
	clicked := false
	for i := 0; i < c.targets; i++ {
		t := c.start + r.int64n(c.duration)
		u := s.w.anyone(r)
		for k := 0; used[u] && k < 5; k++ {
			u = s.w.anyone(r)
		}
		used[u] = true
		m := s.campaignMessage(c, t, u)
		tr := s.track(m, "phishing", true)
		gone := int64(0) // when ZAP removed it
		if (m.location == "Inbox/folder" || m.location == "Junk folder") && t < c.verdict && c.zap {
			gone = zapAt
			removed = append(removed, m)
		}
		s.pushMessage(m)
		rate := c.clickRate
		if m.location == "Junk folder" {
			rate = 0.03
		}
		if c.sure && !clicked && i == c.targets-1 {
			// Nobody fell for it yet: the last one does, at once.
			s.sureClick(tr, c, u, t+30*second+r.int64n(10*minute))
			s.finish(tr)
			continue
		}
		if m.location == "Quarantine" || len(m.urls) == 0 || !r.chance(rate) {
			s.finish(tr)
			continue
		}
		ct := t + 30*second + r.expTicks(50*minute, 2*day)
		if gone != 0 && ct >= gone {
			s.finish(tr)
			continue
		}
		clicked = true
		s.maliciousClick(tr, c, u, ct)
		if r.chance(0.1) { // curious users click twice
			if ct2 := ct + minute + r.expTicks(20*minute, day); gone == 0 || ct2 < gone {
				s.maliciousClick(tr, c, u, ct2)
			}
		}
		if r.chance(0.05) {
			s.reportedByUser(m, u)
		}
		s.finish(tr)
	}
	if len(removed) > 0 {
		s.zapAlert(c, zapAt+r.int64n(20*minute), removed)
	}
}

func (s *sim) campaignMessage(c *campaign, t int64, u *user) *message {
	r := s.r
	m := s.newMessage(t)
	s.inbound(m, c.from, c.display)
	m.rcpts = []*user{u}
	s.setSubject(m, c.subject)
	m.cluster, m.auth = c.cluster, c.auth
	if c.threat == "Malware" {
		m.attachments = 1
	}
	if !c.attachmentOnly {
		land := c.landing(u, r)
		loc := pickW(r, []choice[string]{{85, "Body"}, {8, "Attachment"}, {7, "QRCode"}})
		if c.redirect != "" {
			m.addRedirect(redirectURL(r, c.redirect, land), land, loc)
		} else {
			m.addURL(land, loc)
		}
		if r.chance(0.5) { // a harmless-looking second link
			m.addURL("https://"+pick(r, []string{"www.microsoft.com/en-us/servicesagreement", "aka.ms/privacy", "go.microsoft.com/fwlink/?LinkId=521839"}), "Body")
		}
	}
	known := t >= c.verdict
	switch {
	case known:
		out := pickW(r, []choice[string]{{85, "Blocked"}, {10, "Junked"}, {5, "Delivered"}})
		s.threatVerdict(m, c, out)
	case !c.sure && r.chance(0.2):
		s.junk(m, "Spam", `{"Spam":["Advanced filter"]}`, `{"Spam":"Normal"}`, s.w.policyAntispam)
	}
	return m
}

// threatVerdict fills a message's verdict once the threat is known.
func (s *sim) threatVerdict(m *message, c *campaign, outcome string) {
	r := s.r
	m.threatTypes = c.threat
	if c.threat == "Malware" {
		m.threatNames = pick(r, malwareFamilies)
		m.methods = pick(r, []string{`{"Malware":["File detonation"]}`, `{"Malware":["Antimalware protection"]}`, `{"Malware":["File detonation reputation"]}`, `{"Malware":["URL detonation reputation"]}`})
		m.confidence = `{"Malware":"High"}`
		m.emailPolicy, m.emailPolicyGUID = "Antimalware", s.w.policyAntimalware
	} else {
		m.methods = pick(r, []string{`{"Phish":["URL detonation reputation"]}`, `{"Phish":["URL malicious reputation"]}`, `{"Phish":["Impersonation brand"]}`, `{"Phish":["Advanced filter","URL detonation"]}`, `{"Phish":["Spoof external domain"]}`})
		m.confidence = pick(r, []string{`{"Phish":"High"}`, `{"Phish":"Normal"}`})
		m.emailPolicy, m.emailPolicyGUID = "Antiphish", s.w.policyAntiphish
		if r.chance(0.3) {
			m.threatTypes = "Phish, Spam"
		}
	}
	switch outcome {
	case "Blocked":
		m.action, m.location, m.emailAction = "Blocked", "Quarantine", "Send to quarantine"
	case "Junked":
		m.action, m.location, m.emailAction = "Junked", "Junk folder", "Move to junk mail folder"
	default: // a policy override let it through
		m.action, m.location, m.emailAction = "Delivered", "Inbox/folder", "No action taken"
		m.orgAction, m.orgPolicy = "Allow", pick(r, []string{"Transport rule", "Connection policy", "Tenant Allow Block List"})
	}
}

// maliciousClick records a user's click on a campaign link and the
// alerts it raises.
func (s *sim) maliciousClick(tr *msgTrack, c *campaign, u *user, ct int64) {
	r := s.r
	m := tr.m
	mu := m.urls[0]
	cl := &click{t: ct, url: mu.url, upn: u.upn, workload: "Email", nmid: m.nmid, ip: s.w.clickIP(r, u, ct), reportID: r.guid()}
	if mu.final != "" {
		cl.chain = jsonArray(mu.url, mu.final)
	} else {
		cl.chain = jsonArray(mu.url)
	}
	methods := `{"` + c.threat + `":["URL detonation reputation"]}`
	switch {
	case ct < c.verdict:
		// Safe Links did not know yet: the click goes through, and the
		// verdict flip within 48 hours raises the alert.
		if r.chance(0.08) {
			cl.action = "UrlScanInProgress"
			s.trackClick(tr, cl)
			return
		}
		cl.action = "ClickAllowed"
		s.trackClick(tr, cl)
		if c.verdict-ct <= 48*hour {
			s.clickAlert(tr, kindURLClick, c.verdict+minute+r.int64n(20*minute), u, cl)
		}
	case c.blockAt != 0 && ct >= c.blockAt:
		cl.action, cl.threats, cl.methods = "ClickBlockedByTenantPolicy", c.threat, `{"`+c.threat+`":["Tenant Allow Block List"]}`
		s.trackClick(tr, cl)
	default:
		cl.action, cl.threats, cl.methods = "ClickBlocked", c.threat, methods
		s.trackClick(tr, cl)
		if r.chance(0.15) {
			// The user overrides the warning page: a second row with
			// the same ReportId.
			thr := *cl
			thr.t = ct + 5*second + r.int64n(time60s)
			thr.action, thr.through = "ClickAllowed", true
			s.trackClick(tr, &thr)
			s.clickAlert(tr, kindClickThrough, thr.t+minute+r.int64n(10*minute), u, &thr)
		} else if r.chance(0.85) {
			s.clickAlert(tr, kindURLClick, ct+minute+r.int64n(10*minute), u, cl)
		}
	}
}

const time60s = 60 * second

// sureClick is a click before the verdict that the verdict alerts on.
func (s *sim) sureClick(tr *msgTrack, c *campaign, u *user, ct int64) {
	mu := tr.m.urls[0]
	cl := &click{t: ct, url: mu.url, upn: u.upn, workload: "Email", nmid: tr.m.nmid, ip: s.w.clickIP(s.r, u, ct),
		reportID: s.r.guid(), action: "ClickAllowed", chain: jsonArray(mu.url)}
	if mu.final != "" {
		cl.chain = jsonArray(mu.url, mu.final)
	}
	s.trackClick(tr, cl)
	s.clickAlert(tr, kindURLClick, c.verdict+minute+s.r.int64n(20*minute), u, cl)
}

// clickAlert raises a Safe Links click alert for a mail click.
func (s *sim) clickAlert(tr *msgTrack, k *alertKind, at int64, u *user, cl *click) {
	r := s.r
	a := s.newAlert(at, k)
	a.evidence = []*evidence{userEvidence(u, "Impacted"), mailboxEvidence(u), tr.m.evidence(u), urlEvidence(cl.url, 1)}
	if r.chance(0.5) {
		a.evidence = append(a.evidence, ipEvidence(cl.ip, "Related", ""))
	}
	if r.chance(0.3) { // the evidence order varies in real alerts
		a.evidence[0], a.evidence[2] = a.evidence[2], a.evidence[0]
	}
	if s.pushAlert(a) {
		tr.alerts = append(tr.alerts, a)
	}
}

// zapAlert reports mail removed after delivery: MailMessage evidence
// under a title the rule does not match.
func (s *sim) zapAlert(c *campaign, at int64, removed []*message) {
	k := kindZapURL
	if c.attachmentOnly {
		k = kindZapFile
	}
	a := s.newAlert(at, k)
	cluster := blankEvidence("MailCluster", "Related")
	ids := make([]string, 0, len(removed))
	for _, m := range removed {
		ids = append(ids, m.nmid)
	}
	cluster.additional = jsonText(func(o *obj) {
		o.str("Type", "mailCluster")
		o.str("ClusterBy", "Url")
		o.int("MailCount", int64(len(removed)))
		o.raw("NetworkMessageIds", []byte(jsonArray(ids...)))
	})
	a.evidence = append(a.evidence, cluster)
	for i, m := range removed {
		if i == 10 {
			break
		}
		a.evidence = append(a.evidence, m.evidence(m.rcpts[0]))
	}
	if len(removed[0].urls) > 0 {
		a.evidence = append(a.evidence, urlEvidence(removed[0].urls[0].url, 0))
	}
	if !c.attachmentOnly && s.r.chance(0.1) {
		// ZAP failed for some: another mail-evidence title.
		b := s.newAlert(at+minute, kindNotRemoved)
		b.evidence = []*evidence{removed[0].evidence(removed[0].rcpts[0]), mailboxEvidence(removed[0].rcpts[0])}
		s.pushAlert(b)
	}
	s.pushAlert(a)
}

// redirectURL wraps a landing page in an open redirect (which carries
// the target) or a shortener (which hides it behind a code).
func redirectURL(r *rng, via, land string) string {
	if strings.HasSuffix(via, "=") {
		return via + url.QueryEscape(land)
	}
	return via + r.alnum(7)
}
