package phishing

// The emit functions write rows with every column of the Defender XDR
// schema, in the schema's order (schema/data/defender-xdr.json; the test
// checks it). Strings never null: empty is "". Numbers of entities that
// lack them are null.

func (s *sim) emitMessage(m *message) {
	w := s.out.tables[tabEmailEvents]
	n := len(m.rcpts)
	if m.direction == "Outbound" {
		n = len(m.external)
	}
	for i := 0; i < n; i++ {
		addr, oid := "", ""
		if m.direction == "Outbound" {
			addr = m.external[i]
		} else {
			addr, oid = m.rcpts[i].upn, m.rcpts[i].objectID
		}
		o := w.begin(s, m.t)
		o.time("Timestamp", m.t)
		o.str("NetworkMessageId", m.nmid)
		o.str("InternetMessageId", m.imid)
		o.str("SenderMailFromAddress", m.mailFrom)
		o.str("SenderFromAddress", m.from)
		o.str("SenderDisplayName", m.display)
		o.str("SenderObjectId", m.senderOID)
		o.str("SenderMailFromDomain", m.mailFromDomain)
		o.str("SenderFromDomain", m.fromDomain)
		o.str("SenderIPv4", m.ipv4)
		o.str("SenderIPv6", m.ipv6)
		o.str("RecipientEmailAddress", addr)
		o.str("RecipientObjectId", oid)
		o.str("Subject", m.subject)
		o.int("EmailClusterId", m.cluster)
		o.str("EmailDirection", m.direction)
		o.str("DeliveryAction", m.action)
		o.str("DeliveryLocation", m.location)
		o.str("ThreatTypes", m.threatTypes)
		o.str("ThreatNames", m.threatNames)
		o.str("DetectionMethods", m.methods)
		o.str("ConfidenceLevel", m.confidence)
		o.intOrNull("BulkComplaintLevel", m.bcl)
		o.str("EmailAction", m.emailAction)
		o.str("EmailActionPolicy", m.emailPolicy)
		o.str("EmailActionPolicyGuid", m.emailPolicyGUID)
		o.str("AuthenticationDetails", m.auth)
		o.int("AttachmentCount", int64(m.attachments))
		o.int("UrlCount", int64(len(m.urls)))
		o.str("EmailLanguage", m.lang)
		o.str("Connectors", m.connectors)
		o.str("OrgLevelAction", m.orgAction)
		o.str("OrgLevelPolicy", m.orgPolicy)
		o.str("UserLevelAction", m.userAction)
		o.str("UserLevelPolicy", m.userPolicy)
		o.str("ReportId", emailReportID(m.nmid, m.reportBase, i+1))
		o.str("AdditionalFields", m.additional)
		// The export carries what was true when the row was written.
		o.str("LatestDeliveryLocation", m.location)
		o.str("LatestDeliveryAction", m.action)
		w.end(o)
	}
	if len(m.urls) == 0 {
		return
	}
	u := s.out.tables[tabEmailUrlInfo]
	base := s.r.digits(19)
	for i, mu := range m.urls {
		o := u.begin(s, m.t)
		o.time("Timestamp", m.t)
		o.str("NetworkMessageId", m.nmid)
		o.str("Url", mu.url)
		o.str("UrlDomain", mu.domain)
		o.str("UrlLocation", mu.location)
		o.str("ReportId", emailReportID(m.nmid, base, i+1))
		u.end(o)
	}
}

func (s *sim) emitClick(c *click) {
	w := s.out.tables[tabUrlClickEvents]
	o := w.begin(s, c.t)
	o.time("Timestamp", c.t)
	o.str("Url", c.url)
	o.str("ActionType", c.action)
	o.str("AccountUpn", c.upn)
	o.str("Workload", c.workload)
	o.str("NetworkMessageId", c.nmid)
	o.str("ThreatTypes", c.threats)
	o.str("DetectionMethods", c.methods)
	o.str("IPAddress", c.ip)
	o.bool("IsClickedThrough", c.through)
	o.str("UrlChain", c.chain)
	o.str("ReportId", c.reportID)
	w.end(o)
}

func (s *sim) emitAlert(a *alert) {
	k := a.kind
	w := s.out.tables[tabAlertInfo]
	o := w.begin(s, a.t)
	o.time("Timestamp", a.t)
	o.str("AlertId", a.id)
	o.str("Title", k.title)
	o.str("Category", k.category)
	o.str("Severity", k.severity)
	o.str("ServiceSource", k.service)
	o.str("DetectionSource", k.detection)
	o.str("AttackTechniques", k.techniques)
	w.end(o)

	categories := jsonArray(k.category)
	ev := s.out.tables[tabAlertEvidence]
	for _, e := range a.evidence {
		o := ev.begin(s, a.t)
		o.time("Timestamp", a.t)
		o.str("AlertId", a.id)
		o.str("Title", k.title)
		o.str("Categories", categories)
		o.str("AttackTechniques", k.techniques)
		o.str("ServiceSource", k.service)
		o.str("DetectionSource", k.detection)
		o.str("EntityType", e.entity)
		o.str("EvidenceRole", e.role)
		o.str("EvidenceDirection", e.direction)
		o.str("FileName", e.fileName)
		o.str("FolderPath", e.folderPath)
		o.str("SHA1", e.sha1)
		o.str("SHA256", e.sha256)
		o.intOrNull("FileSize", e.fileSize)
		o.str("ThreatFamily", e.threatFamily)
		o.str("RemoteIP", e.remoteIP)
		o.str("RemoteUrl", e.remoteURL)
		o.str("AccountName", e.accountName)
		o.str("AccountDomain", e.accountDomain)
		o.str("AccountSid", e.accountSid)
		o.str("AccountObjectId", e.accountObjectID)
		o.str("AccountUpn", e.upn)
		o.str("DeviceId", e.deviceID)
		o.str("DeviceName", e.deviceName)
		o.str("LocalIP", e.localIP)
		o.str("NetworkMessageId", e.nmid)
		o.str("EmailSubject", e.subject)
		o.str("Application", e.application)
		o.intOrNull("ApplicationId", e.applicationID)
		o.str("OAuthApplicationId", e.oauthAppID)
		o.str("ProcessCommandLine", e.commandLine)
		o.str("RegistryKey", e.regKey)
		o.str("RegistryValueName", e.regValueName)
		o.str("RegistryValueData", e.regValueData)
		o.str("AdditionalFields", e.additional)
		o.str("Severity", k.severity)
		o.str("CloudResource", e.cloudResource)
		o.str("CloudPlatform", e.cloudPlatform)
		o.str("ResourceType", e.resourceType)
		o.str("ResourceID", e.resourceID)
		o.str("SubscriptionId", e.subsID)
		ev.end(o)
	}
}
