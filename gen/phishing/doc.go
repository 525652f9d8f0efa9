// Package phishing generates Defender XDR advanced-hunting data for the
// seed hunting rule (a Safe Links "potentially malicious URL click"
// alert joined to its mail evidence and the user's click), written as
// the Defender streaming API exports it: JSON lines of
//
//	{"time","tenantId","operationName":"Publish","category":"AdvancedHunting-<Table>","properties":{row}}
//
// for AlertInfo, AlertEvidence, EmailEvents, EmailUrlInfo and
// UrlClickEvents, with every column of the Defender schema in the
// schema's order.
//
// The tenant is company.com. Over Config.Days days (60) ending at
// Config.End (DefaultEnd) it receives everyday mail (partners, SaaS
// notifications, newsletters, internal mail, outbound mail, spam) with
// its users' clicks, Teams and Office clicks, background alerts from
// every Defender product, and injected:
//
//   - phishing and malware campaigns: look-alike or abused-hosting
//     URLs, per-recipient links, redirect chains; Safe Links learns the
//     verdict at some point, so mail before it is delivered and clicks
//     before it are allowed and alerted on when the verdict comes
//     ("A potentially malicious URL click was detected"), while later
//     ones are blocked, clicked through ("A user clicked through to a
//     potentially malicious URL", same ReportId on both rows), blocked
//     by tenant policy or still scanning; zero-hour auto purge removes
//     delivered mail (its own alert, with MailMessage evidence);
//   - the seed's five benign cases, each raising the same click alert:
//     an admin opening internal.company.com or a 10.x host from IT
//     mail, svc-update fetching api.update.service.com, mail from
//     support@ or admin@company.com to IT support, vendor-support@vendor.com
//     mail linking updates.vendor.com, and marketing.company.com /
//     demo.product.com campaigns;
//   - decoys: matching alerts older than 30 days, mail evidence under
//     other titles, matching alerts on Teams clicks (no mail, no
//     NetworkMessageId), and many clicks without alerts.
//
// truth.json lists every click the rule returns with now() = End: its
// ReportId, whether it is malicious or which benign case it is, and the
// alerts that found it.
//
// Output is a function of the Config: the generator has its own random
// source and logarithm (no platform assembly math, no map iteration), so
// the same Config gives the same bytes. Rows are generated an hour at a time and written in time
// order per table; memory holds only what is pending (clicks and alerts
// still in the future), not the output.
package phishing
