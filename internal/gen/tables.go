package gen

import (
	"fmt"
	"strconv"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/table"
)

const tenantID = "4d8ed4a2-7f1c-4c5e-9a55-0f3c2b1e6d70"

// common sets the Log Analytics columns a Sentinel export carries.
func common(tw *tableWriter, name string) {
	tw.consts["TenantId"] = tenantID
	tw.consts["Type"] = name
	tw.consts["SourceSystem"] = ""
	tw.consts["_IsBillable"] = "True"
}

func (g *generator) alerts(s types.Schema) *table.Table {
	tw := newTableWriter("AlertInfo", s)
	common(tw, "AlertInfo")
	ts, tg := newInts(types.DateTime), newInts(types.DateTime)
	id := newPlain(18)
	titleV := make([]string, len(titles))
	for i, t := range titles {
		titleV[i] = t.title
	}
	title := newDict(titleV)
	cat, svc, det, tech := newDict(pluck(func(t titleInfo) string { return t.category })), newDict(pluck(func(t titleInfo) string { return t.service })),
		newDict(pluck(func(t titleInfo) string { return t.detection })), newDict(pluck(func(t titleInfo) string { return t.technique }))
	sev := newDict(severities)
	for name, w := range map[string]writer{"Timestamp": ts, "TimeGenerated": tg, "AlertId": id, "Title": title, "Category": cat,
		"ServiceSource": svc, "DetectionSource": det, "AttackTechniques": tech, "Severity": sev} {
		tw.col(name, w)
	}
	weights := make([]int, len(titles))
	for i, t := range titles {
		weights[i] = t.weight
	}
	g.alertRows = make([]alert, g.nAlerts)
	for i := range g.alertRows {
		a := alert{ts: g.timestamp(), id: fmt.Sprintf("da%016x", mix(g.cfg.Seed+uint64(i))), title: pick(g.rng, weights)}
		g.alertRows[i] = a
		t := titles[a.title]
		ts.add(a.ts)
		tg.add(a.ts)
		id.add(a.id)
		title.add(a.title)
		cat.addStr(t.category)
		svc.addStr(t.service)
		det.addStr(t.detection)
		tech.addStr(t.technique)
		sev.add(pick(g.rng, severityWeights))
		tw.endRow()
	}
	return tw.finish()
}

func pluck(f func(titleInfo) string) []string {
	out := make([]string, len(titles))
	for i, t := range titles {
		out[i] = f(t)
	}
	return out
}

// urls is the vocabulary of clicked and evidenced URLs.
func urls(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "https://" + urlHosts[i%len(urlHosts)] + urlPaths[(i/len(urlHosts))%len(urlPaths)] + strconv.Itoa(i)
	}
	return out
}

func withEmpty(vocab []string) []string { return append([]string{""}, vocab...) }

func (g *generator) evidence(s types.Schema) *table.Table {
	tw := newTableWriter("AlertEvidence", s)
	common(tw, "AlertEvidence")
	urlV := urls(5000)
	deviceV := make([]string, 2000)
	for i := range deviceV {
		deviceV[i] = fmt.Sprintf("ws-%04d.contoso.com", i)
	}
	ts, tg := newInts(types.DateTime), newInts(types.DateTime)
	id := newPlain(18)
	titleV := pluck(func(t titleInfo) string { return t.title })
	title, cat := newDict(titleV), newDict(pluck(func(t titleInfo) string { return "[\"" + t.category + "\"]" }))
	tech := newDict(pluck(func(t titleInfo) string { return t.technique }))
	svc, det := newDict(pluck(func(t titleInfo) string { return t.service })), newDict(pluck(func(t titleInfo) string { return t.detection }))
	sev := newDict(severities)
	etype, role, dir := newDict(entityTypes), newDict(evidenceRoles), newDict([]string{"", "Source", "Destination"})
	fileName, folder := newDict(withEmpty(fileNames)), newDict([]string{"", `C:\Users\Public\Downloads`, `C:\Windows\Temp`, `C:\ProgramData`})
	sha1, sha256 := newPlain(8), newPlain(12)
	size := newInts(types.Long)
	remoteIP, remoteURL := newPlain(2), newDict(withEmpty(urlV))
	userV := withEmpty(g.users)
	upn, acctName, acctDomain := newDict(userV), newDict(withEmpty(firstNames)), newDict([]string{"", "CONTOSO"})
	objID, sid := newPlain(8), newPlain(24)
	devID, devName := newPlain(4), newDict(withEmpty(deviceV))
	msg, subject := newPlain(12), newDict(withEmpty(subjects))
	app := newDict([]string{"", "Microsoft Exchange Online", "Microsoft SharePoint Online", "Microsoft Teams"})
	appID := newInts(types.Int)
	cmd := newDict(withEmpty(processLines))
	for name, w := range map[string]writer{
		"Timestamp": ts, "TimeGenerated": tg, "AlertId": id, "Title": title, "Categories": cat, "AttackTechniques": tech,
		"ServiceSource": svc, "DetectionSource": det, "Severity": sev, "EntityType": etype, "EvidenceRole": role,
		"EvidenceDirection": dir, "FileName": fileName, "FolderPath": folder, "SHA1": sha1, "SHA256": sha256, "FileSize": size,
		"RemoteIP": remoteIP, "RemoteUrl": remoteURL, "AccountUpn": upn, "AccountName": acctName, "AccountDomain": acctDomain,
		"AccountObjectId": objID, "AccountSid": sid, "DeviceId": devID, "DeviceName": devName, "NetworkMessageId": msg,
		"EmailSubject": subject, "Application": app, "ApplicationId": appID, "ProcessCommandLine": cmd,
	} {
		tw.col(name, w)
	}
	for ai := 0; tw.rows < g.nEvidence; ai++ {
		a := g.alertRows[ai%len(g.alertRows)]
		t := titles[a.title]
		k := 1 + g.rng.IntN(9)
		for j := 0; j < k && tw.rows < g.nEvidence; j++ {
			e := pick(g.rng, entityWeights[t.profile])
			when := a.ts + g.rng.Int64N(600*10_000_000)
			ts.add(when)
			tg.add(when)
			id.add(a.id)
			title.add(a.title)
			cat.add(a.title)
			tech.add(a.title)
			svc.add(a.title)
			det.add(a.title)
			sev.add(pick(g.rng, severityWeights))
			etype.add(e)
			role.add(g.rng.IntN(2))
			dir.add(0)
			// Entity-specific columns: empty unless the entity has them.
			file, ip, url, user, dev, msgIdx, application, proc := 0, "", 0, 0, 0, -1, 0, 0
			switch entityTypes[e] {
			case "MailMessage":
				// Mail behind a URL-click alert is mostly campaign mail,
				// which is clicked most.
				if t.clicked {
					msgIdx = g.alertedMessage()
				} else {
					msgIdx = g.rng.IntN(g.nMessages)
				}
				user = 1 + g.rng.IntN(len(g.users))
			case "Url":
				url = 1 + g.rng.IntN(len(urlV))
			case "User", "Mailbox":
				user = 1 + g.rng.IntN(len(g.users))
			case "File":
				file = 1 + g.rng.IntN(len(fileNames))
			case "Process":
				file, proc = 1+g.rng.IntN(len(fileNames)), 1+g.rng.IntN(len(processLines))
			case "Ip":
				ip = fmt.Sprintf("%d.%d.%d.%d", 20+g.rng.IntN(180), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
			case "Machine":
				dev = 1 + g.rng.IntN(len(deviceV))
			case "CloudApplication":
				application = 1 + g.rng.IntN(3)
			}
			fileName.add(file)
			if file > 0 {
				h := mix(uint64(file))
				folder.add(1 + int(h%3))
				sha1.add(fmt.Sprintf("%040x", h))
				sha256.add(fmt.Sprintf("%064x", h))
				size.add(int64(h % 5_000_000))
			} else {
				folder.add(0)
				sha1.add("")
				sha256.add("")
				size.addNull()
			}
			cmd.add(proc)
			remoteIP.add(ip)
			remoteURL.add(url)
			upn.add(user)
			if user > 0 {
				acctName.add(1 + (user-1)%len(firstNames))
				acctDomain.add(1)
				objID.add(fmt.Sprintf("%016x", mix(uint64(user)^0x51)))
				sid.add("S-1-5-21-1004336348-1177238915-682003330-" + strconv.Itoa(1000+user))
			} else {
				acctName.add(0)
				acctDomain.add(0)
				objID.add("")
				sid.add("")
			}
			devName.add(dev)
			if dev > 0 {
				devID.add(fmt.Sprintf("%040x", mix(uint64(dev)^0xde)))
			} else {
				devID.add("")
			}
			if msgIdx >= 0 {
				msg.add(g.messages[msgIdx])
				subject.add(1 + msgIdx%len(subjects))
			} else {
				msg.add("")
				subject.add(0)
			}
			app.add(application)
			if application > 0 {
				appID.add(int64(20893 + application))
			} else {
				appID.addNull()
			}
			tw.endRow()
		}
	}
	return tw.finish()
}

func (g *generator) clicks(s types.Schema) *table.Table {
	tw := newTableWriter("UrlClickEvents", s)
	common(tw, "UrlClickEvents")
	urlV := urls(5000)
	chainV := make([]string, len(urlV))
	for i, u := range urlV {
		chainV[i] = `["` + u + `"]`
	}
	ipV := make([]string, 4096)
	for i := range ipV {
		ipV[i] = fmt.Sprintf("%d.%d.%d.%d", 40+i%150, (i*7)%256, (i*13)%256, 1+i%254)
	}
	ts, tg := newInts(types.DateTime), newInts(types.DateTime)
	url, chain := newDict(urlV), newDict(chainV)
	action, work := newDict(actionTypes), newDict(workloads)
	upn := newDict(g.users)
	msg := newPlain(36)
	threat, methods := newDict(threatTypes), newDict(detectionMethods)
	ip := newDict(ipV)
	through := &boolCol{}
	report := newPlain(13)
	for name, w := range map[string]writer{
		"Timestamp": ts, "TimeGenerated": tg, "Url": url, "UrlChain": chain, "ActionType": action, "Workload": work,
		"AccountUpn": upn, "NetworkMessageId": msg, "ThreatTypes": threat, "DetectionMethods": methods,
		"IPAddress": ip, "IsClickedThrough": through, "ReportId": report,
	} {
		tw.col(name, w)
	}
	for i := 0; i < g.nClicks; i++ {
		when := g.timestamp()
		ts.add(when)
		tg.add(when)
		m := g.clickedMessage()
		msg.add(g.messages[m])
		u := int(mix(uint64(m)) % uint64(len(urlV)))
		url.add(u)
		chain.add(u)
		act := pick(g.rng, actionWeights)
		action.add(act)
		work.add(pick(g.rng, workloadWeights))
		upn.add(int(mix(uint64(m)^0x77) % uint64(len(g.users))))
		th := pick(g.rng, threatWeights)
		threat.add(th)
		methods.add(th % len(detectionMethods))
		ip.add(g.rng.IntN(len(ipV)))
		through.add(act == 0 && g.rng.IntN(10) < 3)
		report.add(strconv.FormatUint(mix(g.cfg.Seed^uint64(i)<<1), 36))
		tw.endRow()
	}
	return tw.finish()
}
