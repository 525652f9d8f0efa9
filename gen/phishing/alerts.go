package phishing

// Service and detection source names as AlertInfo carries them.
const (
	svcMDO  = "Microsoft Defender for Office 365"
	svcMDE  = "Microsoft Defender for Endpoint"
	svcMDCA = "Microsoft Defender for Cloud Apps"
	svcMDI  = "Microsoft Defender for Identity"
	svcAAD  = "Microsoft Entra ID Protection"
	svcMDC  = "Microsoft Defender for Cloud"
)

// alertKind is one alert policy or detector.
type alertKind struct {
	title, category, severity string
	service, detection        string
	techniques                string // JSON array text, or ""
	idPrefix                  string // "fa" MDO, "da" MDE, others hex
}

// The two Defender for Office 365 titles the seed rule matches: its
// `contains "Potentially malicious"` is case-insensitive.
var (
	kindURLClick = &alertKind{"A potentially malicious URL click was detected", "InitialAccess", "High", svcMDO, svcMDO,
		jsonArray("Phishing (T1566)", "Spearphishing Link (T1566.002)"), "fa"}
	kindClickThrough = &alertKind{"A user clicked through to a potentially malicious URL", "InitialAccess", "High", svcMDO, svcMDO,
		jsonArray("Phishing (T1566)", "Spearphishing Link (T1566.002)", "User Execution: Malicious Link (T1204.001)"), "fa"}
)

// Other titles: decoys for the rule's title filter.
var (
	kindZapURL = &alertKind{"Email messages containing malicious URL removed after delivery", "InitialAccess", "Informational",
		svcMDO, svcMDO, jsonArray("Phishing (T1566)", "Spearphishing Link (T1566.002)"), "fa"}
	kindZapFile = &alertKind{"Email messages containing malicious file removed after delivery", "InitialAccess", "Informational",
		svcMDO, svcMDO, jsonArray("Phishing (T1566)", "Spearphishing Attachment (T1566.001)"), "fa"}
	kindReported = &alertKind{"Email reported by user as malware or phish", "InitialAccess", "Low",
		svcMDO, svcMDO, "", "fa"}
	kindNotRemoved = &alertKind{"Messages containing malicious entity not removed after delivery", "InitialAccess", "Medium",
		svcMDO, svcMDO, jsonArray("Phishing (T1566)"), "fa"}
)

// background alerts: weight, kind, evidence shape.
type bgAlert struct {
	w     float64
	kind  *alertKind
	shape evidenceShape
}

type evidenceShape int

const (
	shapeSending evidenceShape = iota
	shapeForwarding
	shapeEndpoint
	shapeEndpointAV
	shapeCloudApp
	shapeSignIn
	shapeCloud
	shapeIdentity
)

var backgroundAlerts = []bgAlert{
	{6, &alertKind{"Suspicious email sending patterns detected", "SuspiciousActivity", "Medium", svcMDO, svcMDO, "", "fa"}, shapeSending},
	{2, &alertKind{"User restricted from sending email", "SuspiciousActivity", "High", svcMDO, svcMDO, "", "fa"}, shapeSending},
	{8, &alertKind{"Creation of forwarding/redirect rule", "Exfiltration", "Informational", svcMDO, svcMDO,
		jsonArray("Email Forwarding Rule (T1114.003)"), "fa"}, shapeForwarding},
	{10, &alertKind{"Suspicious PowerShell command line", "Execution", "Medium", svcMDE, "EDR",
		jsonArray("PowerShell (T1059.001)"), "da"}, shapeEndpoint},
	{6, &alertKind{"Anomaly detected in ASEP registry", "Persistence", "Medium", svcMDE, "EDR",
		jsonArray("Registry Run Keys / Startup Folder (T1547.001)"), "da"}, shapeEndpoint},
	{12, &alertKind{"'Wacatac' malware was prevented", "Malware", "Informational", svcMDE, "Antivirus", "", "da"}, shapeEndpointAV},
	{5, &alertKind{"Suspicious URL clicked", "InitialAccess", "Medium", svcMDE, "EDR",
		jsonArray("Spearphishing Link (T1566.002)"), "da"}, shapeEndpoint},
	{8, &alertKind{"Impossible travel activity", "InitialAccess", "Medium", svcMDCA, svcMDCA,
		jsonArray("Valid Accounts (T1078)"), "ca"}, shapeCloudApp},
	{4, &alertKind{"Suspicious inbox manipulation rule", "Persistence", "Medium", svcMDCA, svcMDCA,
		jsonArray("Email Hiding Rules (T1564.008)"), "ca"}, shapeForwarding},
	{10, &alertKind{"Anonymous IP address", "InitialAccess", "Low", svcAAD, svcAAD, "", "ad"}, shapeSignIn},
	{6, &alertKind{"Unfamiliar sign-in properties", "InitialAccess", "Medium", svcAAD, svcAAD, "", "ad"}, shapeSignIn},
	{4, &alertKind{"Suspicious authentication activity", "CredentialAccess", "Medium", svcMDC, svcMDC,
		jsonArray("Brute Force (T1110)"), "2517"}, shapeCloud},
	{3, &alertKind{"Traffic detected from IP addresses recommended for blocking", "InitialAccess", "Low", svcMDC, svcMDC, "", "2517"}, shapeCloud},
	{3, &alertKind{"Suspected brute-force attack (LDAP)", "CredentialAccess", "Medium", svcMDI, svcMDI,
		jsonArray("Brute Force (T1110)", "Password Guessing (T1110.001)"), "aa"}, shapeIdentity},
	{2, &alertKind{"Account enumeration reconnaissance", "Discovery", "Medium", svcMDI, svcMDI,
		jsonArray("Account Discovery (T1087)"), "aa"}, shapeIdentity},
}

type alert struct {
	t        int64
	id       string
	kind     *alertKind
	evidence []*evidence
}

// evidence is one AlertEvidence row; empty strings and -1 numbers are
// columns the entity does not have.
type evidence struct {
	entity, role, direction                                        string
	fileName, folderPath, sha1, sha256                             string
	fileSize                                                       int64
	threatFamily, remoteIP, remoteURL                              string
	accountName, accountDomain, accountSid, accountObjectID, upn   string
	deviceID, deviceName, localIP, nmid, subject, application      string
	applicationID                                                  int64
	oauthAppID, commandLine, regKey, regValueName, regValueData    string
	additional                                                     string
	cloudResource, cloudPlatform, resourceType, resourceID, subsID string
}

func blankEvidence(entity, role string) *evidence {
	return &evidence{entity: entity, role: role, fileSize: -1, applicationID: -1}
}

func (s *sim) newAlert(t int64, k *alertKind) *alert {
	a := &alert{t: t, kind: k}
	switch k.idPrefix {
	case "fa":
		a.id = s.r.mdoAlertID()
	case "da":
		a.id = s.r.mdeAlertID()
	case "2517":
		a.id = "2517" + s.r.digits(15) + "_" + s.r.guid()
	default:
		a.id = s.r.prefixedAlertID(k.idPrefix)
	}
	return a
}

func userEvidence(u *user, role string) *evidence {
	e := blankEvidence("User", role)
	e.accountName, e.accountDomain, e.accountSid, e.accountObjectID, e.upn = u.name, "COMPANY", u.sid, u.objectID, u.upn
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "account")
		o.str("Name", u.name)
		o.str("UPNSuffix", orgDomain)
		o.str("AadUserId", u.objectID)
		o.str("DisplayName", u.display)
	})
	return e
}

func mailboxEvidence(u *user) *evidence {
	e := blankEvidence("Mailbox", "Impacted")
	e.accountObjectID, e.upn, e.accountName = u.objectID, u.upn, u.name
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "mailbox")
		o.str("MailboxPrimaryAddress", u.upn)
		o.str("DisplayName", u.display)
		o.str("Upn", u.upn)
	})
	return e
}

func (m *message) evidence(rcpt *user) *evidence {
	e := blankEvidence("MailMessage", "Impacted")
	e.nmid, e.subject = m.nmid, m.subject
	e.upn = rcpt.upn
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "mailMessage")
		o.str("Recipient", rcpt.upn)
		o.str("Sender", m.from)
		o.str("P1Sender", m.mailFrom)
		o.str("SenderIP", m.ipv4)
		o.time("ReceivedDate", m.t)
		o.str("NetworkMessageId", m.nmid)
		o.str("InternetMessageId", m.imid)
		o.str("Subject", m.subject)
		o.str("DeliveryAction", m.action)
		o.str("DeliveryLocation", m.location)
		urls := make([]string, len(m.urls))
		for i, u := range m.urls {
			urls[i] = u.url
		}
		o.raw("Urls", []byte(jsonArray(urls...)))
	})
	return e
}

func urlEvidence(url string, clicks int) *evidence {
	e := blankEvidence("Url", "Related")
	e.remoteURL = url
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "url")
		o.str("Url", url)
		o.int("ClickCount", int64(clicks))
	})
	return e
}

func ipEvidence(ip, role, direction string) *evidence {
	e := blankEvidence("Ip", role)
	e.remoteIP, e.direction = ip, direction
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "ip")
		o.str("Address", ip)
	})
	return e
}

func machineEvidence(u *user) *evidence {
	e := blankEvidence("Machine", "Impacted")
	e.deviceID, e.deviceName, e.localIP = u.deviceID, u.device, u.localIP
	e.additional = jsonText(func(o *obj) {
		o.str("Type", "host")
		o.str("HostName", u.device)
		o.str("OSFamily", "Windows")
		o.str("OSVersion", "10.0.22631")
		o.str("MdatpDeviceId", u.deviceID)
	})
	return e
}
