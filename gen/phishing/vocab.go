package phishing

// The organisation is the seed's: company.com. Everything else is made
// up, using Microsoft's fictitious company names for partners.
const (
	orgDomain     = "company.com"
	orgName       = "Company"
	sharepoint    = "company.sharepoint.com"
	sharepointMy  = "company-my.sharepoint.com"
	updateAPIHost = "api.update.service.com"
	vendorHost    = "updates.vendor.com"
	vendorSender  = "vendor-support@vendor.com"
	marketingHost = "marketing.company.com"
	// The seed text is cut off at "demo.product"; demo.product.com is our
	// completion of it.
	demoHost     = "demo.product.com"
	internalHost = "internal.company.com"
)

// person is a name with its ASCII spelling for addresses.
type person struct{ display, ascii string }

var firstNames = []person{
	{"James", "james"}, {"Mary", "mary"}, {"Robert", "robert"}, {"Patricia", "patricia"},
	{"John", "john"}, {"Jennifer", "jennifer"}, {"Michael", "michael"}, {"Linda", "linda"},
	{"David", "david"}, {"Elizabeth", "elizabeth"}, {"William", "william"}, {"Barbara", "barbara"},
	{"Richard", "richard"}, {"Susan", "susan"}, {"Joseph", "joseph"}, {"Jessica", "jessica"},
	{"Thomas", "thomas"}, {"Sarah", "sarah"}, {"Daniel", "daniel"}, {"Karen", "karen"},
	{"Matthew", "matthew"}, {"Nancy", "nancy"}, {"Anthony", "anthony"}, {"Lisa", "lisa"},
	{"Mark", "mark"}, {"Sandra", "sandra"}, {"Steven", "steven"}, {"Ashley", "ashley"},
	{"Andrew", "andrew"}, {"Emily", "emily"}, {"Kevin", "kevin"}, {"Michelle", "michelle"},
	{"Brian", "brian"}, {"Amanda", "amanda"}, {"George", "george"}, {"Melissa", "melissa"},
	{"Priya", "priya"}, {"Arjun", "arjun"}, {"Wei", "wei"}, {"Mei", "mei"}, {"Hiroshi", "hiroshi"},
	{"Yuki", "yuki"}, {"Fatima", "fatima"}, {"Omar", "omar"}, {"Aisha", "aisha"}, {"Ahmed", "ahmed"},
	{"Olga", "olga"}, {"Dmitri", "dmitri"}, {"Ingrid", "ingrid"}, {"Lars", "lars"},
	{"José", "jose"}, {"María", "maria"}, {"Zoë", "zoe"}, {"Søren", "soren"}, {"Łukasz", "lukasz"},
	{"François", "francois"}, {"Ángel", "angel"}, {"Björn", "bjorn"}, {"Chloé", "chloe"},
	{"Noah", "noah"}, {"Emma", "emma"}, {"Liam", "liam"}, {"Olivia", "olivia"}, {"Lucas", "lucas"},
	{"Sofia", "sofia"}, {"Mateo", "mateo"}, {"Isabella", "isabella"}, {"Ethan", "ethan"},
	{"Ava", "ava"}, {"Ravi", "ravi"}, {"Ananya", "ananya"}, {"Kenji", "kenji"}, {"Sakura", "sakura"},
	{"Chen", "chen"}, {"Jin", "jin"}, {"Tariq", "tariq"}, {"Leila", "leila"}, {"Nia", "nia"},
	{"Kwame", "kwame"}, {"Amara", "amara"},
}

var lastNames = []person{
	{"Smith", "smith"}, {"Johnson", "johnson"}, {"Williams", "williams"}, {"Brown", "brown"},
	{"Jones", "jones"}, {"Garcia", "garcia"}, {"Miller", "miller"}, {"Davis", "davis"},
	{"Rodriguez", "rodriguez"}, {"Martinez", "martinez"}, {"Hernandez", "hernandez"},
	{"Lopez", "lopez"}, {"Gonzalez", "gonzalez"}, {"Wilson", "wilson"}, {"Anderson", "anderson"},
	{"Thomas", "thomas"}, {"Taylor", "taylor"}, {"Moore", "moore"}, {"Jackson", "jackson"},
	{"Martin", "martin"}, {"Lee", "lee"}, {"Perez", "perez"}, {"Thompson", "thompson"},
	{"White", "white"}, {"Harris", "harris"}, {"Sanchez", "sanchez"}, {"Clark", "clark"},
	{"Ramirez", "ramirez"}, {"Lewis", "lewis"}, {"Robinson", "robinson"}, {"Walker", "walker"},
	{"Young", "young"}, {"Allen", "allen"}, {"King", "king"}, {"Wright", "wright"},
	{"Patel", "patel"}, {"Shah", "shah"}, {"Kumar", "kumar"}, {"Singh", "singh"}, {"Wang", "wang"},
	{"Zhang", "zhang"}, {"Liu", "liu"}, {"Tanaka", "tanaka"}, {"Suzuki", "suzuki"},
	{"Sato", "sato"}, {"Kim", "kim"}, {"Park", "park"}, {"Nguyen", "nguyen"}, {"Tran", "tran"},
	{"Müller", "muller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"}, {"Fischer", "fischer"},
	{"Dubois", "dubois"}, {"Lefèvre", "lefevre"}, {"Rossi", "rossi"}, {"Bianchi", "bianchi"},
	{"Kowalski", "kowalski"}, {"Nowak", "nowak"}, {"Ivanova", "ivanova"}, {"Petrov", "petrov"},
	{"Jensen", "jensen"}, {"Nielsen", "nielsen"}, {"Andersson", "andersson"}, {"Johansson", "johansson"},
	{"Haddad", "haddad"}, {"Khan", "khan"}, {"Okafor", "okafor"}, {"Mensah", "mensah"},
	{"O'Brien", "obrien"}, {"Murphy", "murphy"}, {"Kelly", "kelly"}, {"García Márquez", "garciamarquez"},
	{"Yamamoto", "yamamoto"}, {"Watanabe", "watanabe"}, {"Cohen", "cohen"}, {"Levi", "levi"},
}

var departments = []string{"Finance", "HR", "Sales", "Marketing", "Engineering", "IT", "Legal",
	"Operations", "Support", "Procurement", "Research", "Facilities"}

// partners are correspondents whose mail is ordinary business.
var partners = []string{"fabrikam.com", "contoso.com", "northwindtraders.com", "adventure-works.com",
	"tailspintoys.com", "wingtiptoys.com", "litwareinc.com", "fourthcoffee.com", "woodgrovebank.com",
	"proseware.com", "alpineskihouse.com", "lucernepublishing.com", "margiestravel.com",
	"treyresearch.net", "wideworldimporters.com", "relecloud.com", "coho-winery.com",
	"blueyonderairlines.com", "humongousinsurance.com", "southridgevideo.com", "cpandl.com",
	"graphicdesigninstitute.com", "fineartschool.net", "consolidatedmessenger.com"}

var partnerMailboxes = []string{"info", "sales", "accounts", "billing", "orders", "support",
	"projects", "hr", "noreply", "contact"}

// saas are notification senders: address, display name, link host.
var saas = []struct{ from, display, host string }{
	{"noreply@github.com", "GitHub", "github.com"},
	{"jira@company.atlassian.net", "Jira", "company.atlassian.net"},
	{"confluence@company.atlassian.net", "Confluence", "company.atlassian.net"},
	{"company@service-now.com", "ServiceNow", "company.service-now.com"},
	{"no-reply@zoom.us", "Zoom", "zoom.us"},
	{"dse_na2@docusign.net", "DocuSign", "na2.docusign.net"},
	{"messages-noreply@linkedin.com", "LinkedIn", "www.linkedin.com"},
	{"noreply@salesforce.com", "Salesforce", "company.my.salesforce.com"},
	{"no-reply@sharepointonline.com", "SharePoint Online", sharepoint},
	{"noreply@email.teams.microsoft.com", "Microsoft Teams", "teams.microsoft.com"},
	{"notifications@slack.com", "Slack", "company.slack.com"},
	{"workday@myworkday.com", "Workday", "wd5.myworkday.com"},
	{"no-reply@concursolutions.com", "SAP Concur", "www.concursolutions.com"},
}

// newsletters send bulk mail through tracking hosts.
var newsletters = []struct{ from, display, host string }{
	{"news@email.fourthcoffee.com", "Fourth Coffee", "click.email.fourthcoffee.com"},
	{"offers@mail.margiestravel.com", "Margie's Travel", "links.mail.margiestravel.com"},
	{"digest@newsletter.lucernepublishing.com", "Lucerne Publishing Weekly", "t.newsletter.lucernepublishing.com"},
	{"events@info.relecloud.com", "Relecloud Events", "go.info.relecloud.com"},
	{"hello@updates.alpineskihouse.com", "Alpine Ski House", "trk.updates.alpineskihouse.com"},
	{"insights@mkt.treyresearch.net", "Trey Research Insights", "e.mkt.treyresearch.net"},
}

var spamWords = []string{"cheap", "best", "crypto", "profit", "deal", "offer", "bonus", "winner",
	"loan", "meds", "casino", "rich", "free", "gift", "prize", "secret", "fast", "smart"}

var spamTLDs = []string{".top", ".xyz", ".click", ".info", ".online", ".site", ".buzz", ".live", ".shop"}

var spamSubjects = []string{"Congratulations! You have been selected", "Limited time offer inside",
	"Your exclusive bonus is waiting", "Earn $5,000 a week from home", "Re: your outstanding invoice",
	"Final notice: claim your reward", "Lose 10 kg in 2 weeks", "Hot singles in your area",
	"Crypto opportunity you cannot miss", "Ваш выигрыш ждёт вас", "恭喜您获得大奖"}

// Phishing campaigns impersonate these brands on look-alike domains.
var phishBrands = []string{"microsoft", "office365", "m365", "outlook", "sharepoint", "onedrive",
	"docusign", "adobe", "dhl", "fedex", "paypal", "dropbox", "wetransfer", "companyhr", "company-payroll"}

var phishWords = []string{"secure", "login", "verify", "account", "portal", "auth", "support",
	"update", "docs", "files", "review", "sso", "mail", "online", "signin", "access"}

var phishTLDs = []string{".com", ".net", ".xyz", ".top", ".info", ".online", ".site", ".live",
	".app", ".cloud", ".click", ".ru", ".cn"}

var phishLures = []struct{ subject, display string }{
	{"Action required: your password expires today", "IT Helpdesk"},
	{"You have (3) pending voice messages", "Voicemail Service"},
	{"DocuSign: please review and sign the Q%d agreement", "DocuSign"},
	{"Shared document: Invoice_%d.pdf", "SharePoint Online"},
	{"Your mailbox storage is full", "Microsoft 365"},
	{"Payroll update - action needed", "HR Department"},
	{"Updated benefits enrollment for %d", "Human Resources"},
	{"Unusual sign-in activity detected", "Microsoft account team"},
	{"Your package could not be delivered (ref %d)", "DHL Express"},
	{"Verify your Microsoft 365 account", "Microsoft 365"},
	{"Wire transfer confirmation #%d", "Accounts Payable"},
	{"New fax received - %d pages", "eFax"},
	{"Dringend: Ihr Konto wird gesperrt", "Microsoft Sicherheit"},
	{"Rappel : facture impayée n°%d", "Service Comptabilité"},
}

// Phishing also lives on abused legitimate hosting.
var abusedHosts = []string{"%s.web.core.windows.net", "storage.googleapis.com", "%s.r2.dev",
	"%s.ipfs.dweb.link", "forms.office.com", "sites.google.com", "%s.pages.dev", "%s.firebaseapp.com"}

var redirectors = []string{"https://www.google.com/url?q=", "https://t.co/", "https://bit.ly/",
	"https://tinyurl.com/", "https://l.facebook.com/l.php?u="}

var businessSubjects = []string{"Re: project timeline", "Quote for %d units", "Invoice %d attached",
	"Meeting notes - %s", "Updated contract draft", "Purchase order %d", "Re: delivery schedule",
	"Follow-up from our call", "Q%d forecast", "Proposal for review", "Re: Re: pricing question",
	"Shipping confirmation %d", "Statement of work v%d", "Welcome to the team!",
	"Agenda for Thursday", "Travel itinerary", "RE: Angebot Nr. %d", "Compte rendu de réunion",
	"見積書の送付 (%d)", "Presupuesto actualizado"}

var internalSubjects = []string{"Team lunch Friday", "Re: %s planning", "Updated %s dashboard",
	"Please review: %s policy", "Slides for tomorrow", "Out of office next week", "Re: build %d failed",
	"All-hands recording", "Quick question", "FW: customer escalation", "%s budget Q%d",
	"Reminder: timesheets due", "Onboarding checklist", "Re: access request %d"}

var saasSubjects = []string{"[company/%s] Pull request #%d opened", "You were mentioned in %s-%d",
	"Incident INC%d assigned to you", "Your meeting recording is ready", "Please sign: NDA %d",
	"You appeared in %d searches this week", "Expense report %d approved", "New sign-in to your account",
	"%s shared a file with you", "Weekly digest: %d new messages", "Your approval is needed"}

var newsletterSubjects = []string{"This week's top stories", "Save 20%% this weekend only",
	"Your monthly insights report", "Webinar invitation: %s trends %d", "New arrivals you'll love",
	"Don't miss our spring sale", "Product update %d"}

var fileNames = []string{"Invoice", "Remittance", "PO", "Statement", "Contract", "Scan", "Payment",
	"Receipt", "Order", "Report"}

var malwareFamilies = []string{"Trojan:Win32/Wacatac.B!ml", "Trojan:HTML/Phish.AD!MTB",
	"TrojanDownloader:O97M/Emotet.A", "Trojan:Win32/Qakbot.RPZ!MTB", "Trojan:JS/Obfuse.AB",
	"TrojanDownloader:HTML/Adodb.gen!A", "Backdoor:Win32/Bladabindi!ml", "Trojan:Win32/AgentTesla!ml"}

var languages = []choice[string]{{80, "en"}, {5, "de"}, {4, "fr"}, {3, "es"}, {2, "nl"},
	{2, "ja"}, {1.5, "it"}, {1.5, "pt"}, {1, "zh-Hans"}}

var topics = []string{"Q3", "roadmap", "security", "onboarding", "migration", "budget", "launch",
	"hiring", "compliance", "release"}
