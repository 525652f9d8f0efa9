package phishing

import "strconv"

// benignCase is one of the seed's false-positive scenarios: each raises
// a Safe Links click alert, so the raw rule fires on it, and an
// exclusion (the seed's Filter/Exclusion lines) should remove it.
type benignCase int

const (
	caseInternalHost  benignCase = iota // an admin opens internal.company.com or a 10.x host
	caseUpdateJob                       // a scheduled job fetches from api.update.service.com
	caseTrustedSender                   // mail from support@ / admin@company.com
	caseVendor                          // vendor-support@vendor.com, updates.vendor.com
	caseMarketing                       // marketing.company.com and demo.product.com
	numCases
)

// CaseNames are the values of truth.json's "case" for benign clicks;
// malicious clicks have case "phishing".
var CaseNames = [numCases]string{"internal-host", "update-automation", "trusted-sender", "vendor-update", "marketing-campaign"}

func (s *sim) benignEpisode(t int64, bc benignCase) {
	r, w := s.r, s.w
	m := s.newMessage(t)
	clickP, alertP := 0.9, 0.5
	delay := 40 * minute
	switch bc {
	case caseInternalHost:
		box := w.itOps
		if r.chance(0.5) {
			box = w.monitoring
		}
		s.internal(m, box.addr, box.display, box.objectID)
		srv := pick(r, []string{"srv-db", "srv-app", "srv-file", "esx", "fw", "dc"}) + "-" + r.digits(2)
		s.setSubject(m, pick(r, []string{"Maintenance window tonight: patching ", "[ALERT] High CPU on ", "Scheduled reboot: ", "Disk usage above 90% on "})+srv)
		m.rcpts = s.pickFrom(w.admins, 1, 2)
		var u string
		switch r.intn(5) {
		case 0:
			u = "https://" + internalHost + "/ops/maintenance/" + r.digits(5)
		case 1:
			u = "https://" + internalHost + "/servers/" + srv + "/console"
		case 2:
			u = "http://10.0.0.1/admin/"
		case 3:
			u = "http://" + ipv4(10, r.intn(256), r.intn(256), r.between(1, 254)) + ":" + pick(r, []string{"8443", "8080", "9443"}) + "/ui/"
		default:
			u = "https://" + ipv4(10, r.intn(256), r.intn(256), r.between(1, 254)) + "/#/host/" + srv
		}
		m.addURL(u, "Body")
	case caseUpdateJob:
		s.inbound(m, "notifications@update.service.com", "Update Service")
		pkg := pick(r, []string{"agent-core", "inventory-collector", "backup-client", "cert-bundle"})
		ver := strconv.Itoa(r.between(1, 9)) + "." + strconv.Itoa(r.intn(30)) + "." + strconv.Itoa(r.intn(200))
		s.setSubject(m, "New package available: "+pkg+" "+ver)
		m.rcpts = []*user{w.svcUpdate}
		m.addURL("https://"+updateAPIHost+"/v2/packages/"+pkg+"/"+ver+"/manifest.json?channel=stable&token="+r.hexString(16), "Body")
		clickP, alertP, delay = 1, 0.3, 3*minute
	case caseTrustedSender:
		box := w.supportBox
		if r.chance(0.4) {
			box = w.adminBox
		}
		s.internal(m, box.addr, box.display, box.objectID)
		s.setSubject(m, s.fill(pick(r, []string{"FW: Suspicious email - please investigate", "Ticket #%d: password reset link",
			"Action required: verify your MFA enrollment", "New device enrollment instructions"})))
		m.rcpts = s.pickFrom(w.support, 1, 3)
		m.addURL(pick(r, []string{"https://support." + orgDomain + "/tickets/" + r.digits(6),
			"https://" + sharepoint + "/sites/IT/SitePages/" + pick(r, []string{"MFA-setup", "Device-enrollment", "Password-reset"}) + ".aspx",
			"https://aka.ms/mfasetup"}), "Body")
	case caseVendor:
		s.inbound(m, vendorSender, "Vendor Support")
		ver := strconv.Itoa(r.between(3, 12)) + "." + strconv.Itoa(r.intn(10)) + "." + r.digits(3)
		s.setSubject(m, pick(r, []string{"Security update ", "Release notes: Agent ", "Action recommended: update to "})+ver)
		m.rcpts = s.pickFrom(w.it, 1, 3)
		m.addURL("https://"+vendorHost+"/releases/"+ver+"/notes", "Body")
		m.addURL("https://"+vendorHost+"/download/agent-"+ver+".msi", "Body")
		alertP = 0.6
	case caseMarketing:
		s.inbound(m, w.marketingBox.addr, w.marketingBox.display)
		m.mailFrom = "bounce@mail." + marketingHost
		m.mailFromDomain = "mail." + marketingHost
		m.bcl = int64(r.between(3, 5))
		slug := pick(r, []string{"spring-launch", "product-tour", "customer-stories", "webinar-q" + strconv.Itoa(r.between(1, 4))})
		s.setSubject(m, pick(r, []string{"Introducing our new release: book your demo", "Webinar: see what's new", "Customer story: " + pick(r, partners)}))
		m.cluster = int64(len(slug)) * 7_777_777
		n := r.between(5, 25)
		m.rcpts = s.pickFrom(w.users, n, n)
		m.addURL("https://"+marketingHost+"/campaigns/"+slug+"?utm_source=email&utm_campaign="+r.digits(6), "Body")
		m.addURL("https://"+demoHost+"/"+slug+"/signup?ref="+r.alnum(8), "Body")
		clickP, alertP = 0.25, 0.3
	}
	tr := s.track(m, CaseNames[bc], false)
	s.pushMessage(m)
	first := true
	for i, u := range m.rcpts {
		// An episode is someone clicking: the last recipient does if
		// nobody else did.
		if !r.chance(clickP) && !(first && i == len(m.rcpts)-1) {
			continue
		}
		ct := t + 20*second + r.expTicks(delay, 2*day)
		for k, n := 0, 1+pickW(r, []choice[int]{{80, 0}, {15, 1}, {5, 2}}); k < n; k++ {
			mu := m.urls[r.intn(len(m.urls))]
			cl := s.cleanClick(ct, u, mu, "Email", m.nmid)
			cl.action = "ClickAllowed"
			if r.chance(0.1) {
				// Safe Links had (wrongly) flagged the URL: a warning page
				// the user clicks through.
				cl.action, cl.threats, cl.methods = "ClickBlocked", "Phish", `{"Phish":["URL detonation reputation"]}`
				s.trackClick(tr, cl)
				thr := *cl
				thr.t, thr.action, thr.through = ct+5*second+r.int64n(time60s), "ClickAllowed", true
				s.trackClick(tr, &thr)
				s.clickAlert(tr, kindClickThrough, thr.t+minute+r.int64n(10*minute), u, &thr)
			} else {
				s.trackClick(tr, cl)
				if first || r.chance(alertP) {
					s.clickAlert(tr, kindURLClick, ct+5*minute+r.expTicks(30*minute, 6*hour), u, cl)
				}
			}
			first = false
			ct += minute + r.expTicks(2*hour, day)
		}
	}
	s.finish(tr)
}

// pickFrom returns between lo and hi distinct users of us.
func (s *sim) pickFrom(us []*user, lo, hi int) []*user {
	n := s.r.between(lo, hi)
	if n > len(us) {
		n = len(us)
	}
	out := make([]*user, 0, n)
	for _, i := range permN(s.r, len(us), n) {
		out = append(out, us[i])
	}
	return out
}

// permN returns n distinct indexes below size.
func permN(r *rng, size, n int) []int {
	out := make([]int, 0, n)
	if n*4 >= size {
		p := make([]int, size)
		for i := range p {
			p[i] = i
		}
		for i := 0; i < n; i++ {
			j := i + r.intn(size-i)
			p[i], p[j] = p[j], p[i]
			out = append(out, p[i])
		}
		return out
	}
	seen := make(map[int]bool, n)
	for len(out) < n {
		if i := r.intn(size); !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// teamsClick is a Safe Links click outside mail (Teams, Office apps):
// no NetworkMessageId, so the rule cannot match it even when an alert
// with the rule's title is raised for it.
func (s *sim) teamsClick(t int64) {
	r := s.r
	u := s.w.anyone(r)
	wl := "Teams"
	if r.chance(0.35) {
		wl = "Office"
	}
	if r.chance(0.03) {
		land := "https://" + s.phishDomain() + "/" + r.lower(8)
		cl := &click{t: t, url: land, upn: u.upn, workload: wl, ip: s.w.clickIP(r, u, t), reportID: r.guid(),
			action: "ClickBlocked", threats: "Phish", methods: `{"Phish":["URL malicious reputation"]}`, chain: jsonArray(land)}
		s.pushClick(cl)
		a := s.newAlert(t+minute+r.int64n(10*minute), kindURLClick)
		a.evidence = []*evidence{userEvidence(u, "Impacted"), urlEvidence(land, 1), ipEvidence(cl.ip, "Related", "")}
		s.pushAlert(a)
		return
	}
	var mu mailURL
	switch r.intn(4) {
	case 0:
		mu.url = s.internalURL(s.w.anyone(r))
	case 1:
		mu.url = s.partnerURL(pick(r, partners))
	default:
		mu.url = s.saasURL(saas[r.intn(len(saas))].host)
	}
	s.pushClick(s.cleanClick(t, u, mu, wl, ""))
}
