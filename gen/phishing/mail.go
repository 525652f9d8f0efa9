package phishing

import (
	"fmt"
	"strconv"
	"strings"
)

// mailURL is a link in a message; final is where it lands after
// redirects ("" when it does not redirect).
type mailURL struct {
	url, domain, location, final string
}

// message is one mail: one EmailEvents row per recipient, one
// EmailUrlInfo row per link.
type message struct {
	t                                                        int64
	nmid, imid, reportBase                                   string
	direction                                                string
	mailFrom, from, display, senderOID                       string
	mailFromDomain, fromDomain, ipv4, ipv6                   string
	rcpts                                                    []*user  // internal recipients
	external                                                 []string // outbound recipients
	subject                                                  string
	cluster                                                  int64
	action, location                                         string
	threatTypes, threatNames, methods, confidence            string
	bcl                                                      int64 // -1: null
	emailAction, emailPolicy, emailPolicyGUID                string
	auth                                                     string
	attachments                                              int
	urls                                                     []mailURL
	lang                                                     string
	connectors, orgAction, orgPolicy, userAction, userPolicy string
	additional                                               string
}

func (s *sim) newMessage(t int64) *message {
	r := s.r
	return &message{
		t: t, nmid: r.networkMessageID(t), reportBase: r.digits(19), cluster: int64(r.between(100_000_000, 2_000_000_000)) * int64(r.between(1, 1000)),
		action: "Delivered", location: "Inbox/folder", emailAction: "No action taken", bcl: -1,
		additional: "{}",
	}
}

// setSubject sets the subject and the language it is written in.
func (s *sim) setSubject(m *message, subject string) {
	m.subject = subject
	m.lang = langOf(subject)
	if m.lang == "" {
		m.lang = "en"
		if s.r.chance(0.08) {
			m.lang = pickW(s.r, languages)
		}
	}
}

// langOf guesses a subject's language from its script and a few words.
func langOf(s string) string {
	for _, c := range s {
		if c >= 0x3040 && c <= 0x30ff { // kana: Japanese even beside kanji
			return "ja"
		}
	}
	for _, c := range s {
		switch {
		case c >= 0x4e00 && c <= 0x9fff:
			return "zh-Hans"
		case c >= 0x0400 && c <= 0x04ff:
			return "ru"
		}
	}
	for _, w := range [...]struct{ word, lang string }{{"Angebot", "de"}, {"Dringend", "de"}, {"Compte", "fr"},
		{"Rappel", "fr"}, {"Presupuesto", "es"}} {
		if strings.Contains(s, w.word) {
			return w.lang
		}
	}
	return ""
}

// inbound sets an external sender.
func (s *sim) inbound(m *message, from, display string) {
	r := s.r
	m.direction = "Inbound"
	m.from, m.mailFrom, m.display = from, from, display
	m.fromDomain = domainOf(from)
	m.mailFromDomain = m.fromDomain
	if r.chance(0.25) {
		// Senders hosted in Microsoft 365 arrive over IPv6.
		m.ipv6 = r.ipv6("2a01:111:f403:")
	} else {
		m.ipv4 = r.publicIPv4()
	}
	m.imid = "<" + r.alnum(24) + "@" + pick(r, []string{"mail.", "mx.", "smtp.", ""}) + m.fromDomain + ">"
	m.bcl = int64(r.intn(3))
	m.auth = authPass
}

// internal sets a sender inside the organisation.
func (s *sim) internal(m *message, from, display, objectID string) {
	m.direction = "Intra-org"
	m.from, m.mailFrom, m.display, m.senderOID = from, from, display, objectID
	m.fromDomain, m.mailFromDomain = domainOf(from), domainOf(from)
	m.imid = s.exchangeIMID()
	m.auth = authPass
}

func (s *sim) exchangeIMID() string {
	r := s.r
	return "<" + strings.ToUpper(r.alnum(4)+"PR"+r.digits(2)+"MB"+r.digits(4)) + r.digits(3) + "." +
		pick(r, []string{"namprd", "eurprd", "apcprd"}) + r.digits(2) + ".prod.outlook.com>"
}

const (
	authPass = `{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}`
)

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return addr
}

func hostOf(url string) string {
	s := url
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s, "]") {
		s = s[:i]
	}
	return s
}

func (m *message) addURL(url, location string) {
	m.urls = append(m.urls, mailURL{url: url, domain: hostOf(url), location: location})
}

func (m *message) addRedirect(url, final, location string) {
	m.urls = append(m.urls, mailURL{url: url, domain: hostOf(url), location: location, final: final})
}

// sprintf fills a template's verbs with plausible values.
func (s *sim) fill(tmpl string) string {
	if !strings.Contains(tmpl, "%") {
		return tmpl
	}
	var args []any
	for i := 0; i+1 < len(tmpl); i++ {
		if tmpl[i] != '%' {
			continue
		}
		switch tmpl[i+1] {
		case 'd':
			args = append(args, max(1, s.r.between(1, 99999)/pow10(s.r.intn(4))))
		case 's':
			args = append(args, pick(s.r, topics))
		}
		i++
	}
	return fmt.Sprintf(tmpl, args...)
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// mailKind is an ordinary (non-campaign) kind of mail.
type mailKind int

const (
	mailBusiness mailKind = iota
	mailSaaS
	mailNewsletter
	mailIntra
	mailOutbound
	mailSpam
)

var mailKinds = []choice[mailKind]{
	{30, mailBusiness}, {20, mailSaaS}, {14, mailNewsletter}, {21, mailIntra}, {9, mailOutbound}, {6, mailSpam},
}

// clickRate is the chance a recipient clicks a link in a delivered mail.
var clickRate = [...]float64{mailBusiness: 0.22, mailSaaS: 0.30, mailNewsletter: 0.05, mailIntra: 0.25, mailOutbound: 0, mailSpam: 0.02}

// ordinaryMail delivers one everyday mail and its users' clicks.
func (s *sim) ordinaryMail(t int64) {
	r := s.r
	m := s.newMessage(t)
	kind := pickW(r, mailKinds)
	rcpt := s.w.anyone(r)
	m.rcpts = []*user{rcpt}
	switch kind {
	case mailBusiness:
		p := pick(r, partners)
		f, l := pick(r, firstNames), pick(r, lastNames)
		addr := f.ascii + "." + l.ascii + "@" + p
		if r.chance(0.3) {
			addr = pick(r, partnerMailboxes) + "@" + p
		}
		s.inbound(m, addr, f.display+" "+l.display)
		s.setSubject(m, s.fill(pick(r, businessSubjects)))
		m.rcpts = s.someUsers(rcpt, 0.2, 4)
		for i, n := 0, pickW(r, []choice[int]{{35, 0}, {35, 1}, {20, 2}, {10, 3}}); i < n; i++ {
			m.addURL(s.partnerURL(p), "Body")
		}
		m.attachments = pickW(r, []choice[int]{{60, 0}, {30, 1}, {10, 2}})
		if r.chance(0.05) {
			m.connectors = "Inbound from " + strings.TrimSuffix(p, ".com")
		}
	case mailSaaS:
		sv := saas[r.intn(len(saas))]
		s.inbound(m, sv.from, sv.display)
		s.setSubject(m, s.fill(pick(r, saasSubjects)))
		for i, n := 0, r.between(1, 4); i < n; i++ {
			m.addURL(s.saasURL(sv.host), "Body")
		}
	case mailNewsletter:
		nl := newsletters[r.intn(len(newsletters))]
		s.inbound(m, nl.from, nl.display)
		m.mailFrom = "bounce-" + r.digits(6) + "@" + "em." + strings.SplitN(domainOf(nl.from), ".", 2)[1]
		m.mailFromDomain = domainOf(m.mailFrom)
		s.setSubject(m, s.fill(pick(r, newsletterSubjects)))
		m.bcl = int64(r.between(4, 8))
		m.cluster = int64(len(nl.from)) * 1_000_003 * int64(t/day)
		for i, n := 0, r.between(4, 10); i < n; i++ {
			m.addRedirect("https://"+nl.host+"/?qs="+r.hexString(40), "https://www."+strings.SplitN(domainOf(nl.from), ".", 2)[1]+"/"+pick(r, topics), "Body")
		}
		m.addURL("https://"+nl.host+"/unsubscribe?u="+r.hexString(24), "Body")
		if m.bcl >= 7 && r.chance(0.5) {
			s.junk(m, "Bulk", `{"Spam":["Bulk"]}`, `{"Spam":"Normal"}`, s.w.policyAntispam)
		}
		if r.chance(0.03) {
			m.userAction, m.userPolicy = "Allow", "User Safe Senders list"
		}
	case mailIntra:
		from := s.w.anyone(r)
		s.internal(m, from.upn, from.display, from.objectID)
		s.setSubject(m, s.fill(pick(r, internalSubjects)))
		m.rcpts = s.someUsers(rcpt, 0.4, 6)
		for i, n := 0, pickW(r, []choice[int]{{40, 0}, {40, 1}, {20, 2}}); i < n; i++ {
			m.addURL(s.internalURL(from), "Body")
		}
		m.attachments = pickW(r, []choice[int]{{75, 0}, {25, 1}})
	case mailOutbound:
		from := s.w.anyone(r)
		s.internal(m, from.upn, from.display, from.objectID)
		m.direction = "Outbound"
		m.location = "On-premises/external"
		m.rcpts = nil
		for i, n := 0, r.between(1, 3); i < n; i++ {
			f, l := pick(r, firstNames), pick(r, lastNames)
			m.external = append(m.external, f.ascii+"."+l.ascii+"@"+pick(r, partners))
		}
		s.setSubject(m, "RE: "+s.fill(pick(r, businessSubjects)))
		for i, n := 0, r.intn(3); i < n; i++ {
			m.addURL(s.internalURL(from), "Body")
		}
	case mailSpam:
		dom := pick(r, spamWords) + "-" + pick(r, spamWords) + pick(r, spamTLDs)
		s.inbound(m, r.lower(7)+"@"+dom, pick(r, []string{"Rewards Center", "Customer Service", "Deals", "Support Team", "Lottery Dept."}))
		s.setSubject(m, pick(r, spamSubjects))
		m.auth = pick(r, []string{`{"SPF":"fail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}`, `{"SPF":"softfail","DKIM":"none","DMARC":"none","CompAuth":"softpass"}`})
		for i, n := 0, r.between(1, 3); i < n; i++ {
			m.addURL("http://"+dom+"/"+r.lower(8)+"?id="+r.digits(8), "Body")
		}
		m.bcl = int64(r.between(0, 9))
		methods := pick(r, []string{`{"Spam":["Advanced filter"]}`, `{"Spam":["Mixed analysis detection"]}`, `{"Spam":["Domain reputation"]}`, `{"Spam":["General filter","Advanced filter"]}`})
		if r.chance(0.35) {
			m.threatTypes, m.methods, m.confidence = "Spam", methods, `{"Spam":"High"}`
			m.action, m.location, m.emailAction = "Blocked", "Quarantine", "Send to quarantine"
			m.emailPolicy, m.emailPolicyGUID = "Antispam", s.w.policyAntispam
		} else {
			s.junk(m, "Spam", methods, `{"Spam":"Normal"}`, s.w.policyAntispam)
		}
		if r.chance(0.04) {
			m.userAction, m.userPolicy = "Block", "User Blocked Senders list"
		}
		if r.chance(0.03) {
			m.orgAction, m.orgPolicy = "Block", "Tenant Allow Block List"
		}
	}
	s.pushMessage(m)
	if r.chance(0.001) && len(m.rcpts) > 0 && m.location != "Quarantine" {
		s.reportedByUser(m, m.rcpts[0])
	}
	rate := clickRate[kind]
	if m.location == "Junk folder" {
		rate /= 10
	}
	for _, u := range m.rcpts {
		if len(m.urls) == 0 || m.location == "Quarantine" || !r.chance(rate) {
			continue
		}
		last := t
		for k := 0; k < 2; k++ {
			ct := last + 30*second + r.expTicks(45*minute, 3*day)
			mu := m.urls[0]
			if len(m.urls) > 1 && r.chance(0.35) {
				mu = m.urls[r.intn(len(m.urls))]
			}
			s.pushClick(s.cleanClick(ct, u, mu, "Email", m.nmid))
			if !r.chance(0.08) {
				break
			}
			last = ct
		}
	}
}

// junk marks a message filtered to the junk folder.
func (s *sim) junk(m *message, threat, methods, confidence, policyGUID string) {
	m.action, m.location, m.emailAction = "Junked", "Junk folder", "Move to junk mail folder"
	m.emailPolicy, m.emailPolicyGUID = "Antispam", policyGUID
	if threat != "Bulk" {
		m.threatTypes = threat
	}
	m.methods, m.confidence = methods, confidence
}

// someUsers returns rcpt, plus with chance p up to max-1 more.
func (s *sim) someUsers(rcpt *user, p float64, max int) []*user {
	out := []*user{rcpt}
	if !s.r.chance(p) {
		return out
	}
	for i, n := 0, s.r.between(1, max-1); i < n; i++ {
		u := s.w.anyone(s.r)
		dup := false
		for _, x := range out {
			dup = dup || x == u
		}
		if !dup {
			out = append(out, u)
		}
	}
	return out
}

func (s *sim) partnerURL(partner string) string {
	r := s.r
	name := strings.SplitN(partner, ".", 2)[0]
	switch r.intn(4) {
	case 0:
		return "https://" + strings.ReplaceAll(name, "-", "") + ".sharepoint.com/:b:/s/" + pick(r, topics) + "/E" + r.alnum(22) + "?e=" + r.alnum(6)
	case 1:
		return "https://www." + partner + "/" + pick(r, []string{"products", "support", "news", "contact", "about"}) + "/" + pick(r, topics)
	case 2:
		return "https://portal." + partner + "/orders/" + r.digits(7)
	}
	return "https://www." + partner + "/"
}

func (s *sim) saasURL(host string) string {
	r := s.r
	switch host {
	case "github.com":
		return "https://github.com/company/" + pick(r, topics) + "-service/pull/" + strconv.Itoa(r.between(1, 4000))
	case "company.atlassian.net":
		return "https://company.atlassian.net/browse/" + pick(r, []string{"OPS", "ENG", "SEC", "HR", "FIN"}) + "-" + strconv.Itoa(r.between(1, 9000))
	case "company.service-now.com":
		return "https://company.service-now.com/nav_to.do?uri=incident.do?sys_id=" + r.hexString(32)
	case "zoom.us":
		return "https://company.zoom.us/rec/share/" + r.alnum(40)
	case "teams.microsoft.com":
		return "https://teams.microsoft.com/l/message/19:" + r.hexString(32) + "@thread.tacv2/" + r.digits(13)
	case sharepoint:
		return "https://" + sharepoint + "/:x:/s/" + pick(r, departments) + "/E" + r.alnum(22)
	}
	return "https://" + host + "/" + pick(r, []string{"notifications", "view", "approve", "doc", "signin"}) + "/" + r.alnum(16)
}

func (s *sim) internalURL(from *user) string {
	r := s.r
	switch r.intn(5) {
	case 0, 1:
		return "https://" + sharepoint + "/sites/" + from.dept + "/Shared%20Documents/" + pick(r, topics) + "-" + r.digits(3) + pick(r, []string{".docx", ".xlsx", ".pptx", ".pdf"})
	case 2:
		return "https://" + sharepointMy + "/personal/" + strings.ReplaceAll(from.name, ".", "_") + "_company_com/Documents/" + r.alnum(10)
	case 3:
		return "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + r.alnum(40) + "%40thread.v2/0"
	}
	return "https://intranet." + orgDomain + "/news/" + pick(r, topics) + "-" + r.digits(4)
}

// cleanClick is a user following an ordinary link.
func (s *sim) cleanClick(t int64, u *user, mu mailURL, workload, nmid string) *click {
	r := s.r
	c := &click{t: t, url: mu.url, upn: u.upn, workload: workload, nmid: nmid, ip: s.w.clickIP(r, u, t), reportID: r.guid()}
	c.action = pickW(r, []choice[string]{{96.5, "ClickAllowed"}, {1.5, "UrlScanInProgress"}, {1.5, "UrlErrorPage"}, {0.5, "ClickBlockedByTenantPolicy"}})
	if mu.final != "" {
		c.chain = jsonArray(mu.url, mu.final)
	} else {
		c.chain = jsonArray(mu.url)
	}
	return c
}

// reportedByUser raises the "reported as phish" alert for a message:
// mail evidence under another title, a decoy for the rule.
func (s *sim) reportedByUser(m *message, u *user) {
	at := m.t + 5*minute + s.r.expTicks(3*hour, 5*day)
	a := s.newAlert(at, kindReported)
	a.evidence = []*evidence{m.evidence(u), mailboxEvidence(u), userEvidence(u, "Impacted")}
	s.pushAlert(a)
}
