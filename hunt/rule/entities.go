package rule

import "strings"

// entityIdentifiers lists, per Sentinel entity type, the identifiers an
// entity mapping may use (Sentinel's entity types reference). The six
// types hunting findings are usually about come first; the others are
// accepted so that real rule packs load.
var entityIdentifiers = map[string][]string{
	"Account":          {"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
	"Host":             {"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
	"IP":               {"Address", "AddressScope"},
	"URL":              {"Url"},
	"Mailbox":          {"MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"},
	"File":             {"Directory", "Name"},
	"FileHash":         {"Algorithm", "Value"},
	"Process":          {"ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"},
	"AzureResource":    {"ResourceId"},
	"CloudApplication": {"AppId", "Name", "InstanceName"},
	"DNS":              {"DomainName"},
	"Malware":          {"Name", "Category"},
	"RegistryKey":      {"Hive", "Key"},
	"RegistryValue":    {"Name", "Value", "ValueType"},
	"SecurityGroup":    {"DistinguishedName", "SID", "ObjectGuid"},
	"MailCluster":      {"NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"},
	"MailMessage":      {"Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"},
	"SubmissionMail":   {"SubmissionId", "SubmissionDate", "Submitter", "NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType"},
	"IoTDevice":        {"IoTHub", "DeviceId", "DeviceName", "IoTSecurityAgentId", "DeviceType", "Source", "SourceRef", "Manufacturer", "Model", "OperatingSystem", "IpAddress", "MacAddress", "Protocols", "SerialNumber"},
}

// canonicalEntity returns the type's canonical spelling (entity types are
// matched ignoring case) and its identifiers.
func canonicalEntity(t string) (string, []string, bool) {
	if ids, ok := entityIdentifiers[t]; ok {
		return t, ids, true
	}
	for k, ids := range entityIdentifiers {
		if strings.EqualFold(k, t) {
			return k, ids, true
		}
	}
	return t, nil, false
}

func canonicalIdentifier(ids []string, id string) (string, bool) {
	for _, x := range ids {
		if strings.EqualFold(x, id) {
			return x, true
		}
	}
	return id, false
}

// legacyEntityColumns are the columns that old Sentinel rules (without
// entityMappings) used to name their entities.
var legacyEntityColumns = []struct{ Column, Type, Identifier string }{
	{"AccountCustomEntity", "Account", "FullName"},
	{"HostCustomEntity", "Host", "FullName"},
	{"IPCustomEntity", "IP", "Address"},
	{"URLCustomEntity", "URL", "Url"},
	{"FileHashCustomEntity", "FileHash", "Value"},
}

// LegacyMappings returns the entity mappings implied by the legacy
// *CustomEntity columns among cols.
func LegacyMappings(cols []string) []EntityMapping {
	var out []EntityMapping
	for _, l := range legacyEntityColumns {
		for _, c := range cols {
			if c == l.Column {
				out = append(out, EntityMapping{Type: l.Type, Fields: []FieldMapping{{Identifier: l.Identifier, Column: c}}})
			}
		}
	}
	return out
}
