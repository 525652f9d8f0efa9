package hunt

import (
	"regexp"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/format"
)

// placeholder is a {{Column}} reference in alertDetailsOverride formats.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// AlertTitle is the alert name of row i: the rule's
// alertDisplayNameFormat with {{Column}} replaced by the row's values,
// or the rule's name.
func (r *Result) AlertTitle(b *column.Batch, i int) string {
	if ad := r.Rule.AlertDetails; ad != nil && ad.DisplayNameFormat != "" {
		return r.expand(ad.DisplayNameFormat, b, i)
	}
	return r.Rule.Name
}

// AlertDescription is the alert description of row i, like AlertTitle
// from alertDescriptionFormat, or the rule's description.
func (r *Result) AlertDescription(b *column.Batch, i int) string {
	if ad := r.Rule.AlertDetails; ad != nil && ad.DescriptionFormat != "" {
		return r.expand(ad.DescriptionFormat, b, i)
	}
	return r.Rule.Description
}

// AlertSeverity is the severity of row i: the column named by
// alertSeverityColumnName when it holds a value, else the rule's.
func (r *Result) AlertSeverity(b *column.Batch, i int) string {
	if ad := r.Rule.AlertDetails; ad != nil && ad.SeverityColumn != "" {
		if c := r.Schema.Index(ad.SeverityColumn); c >= 0 {
			if s := format.CellText(b.Cols[c], i); s != "" {
				return s
			}
		}
	}
	return r.Rule.Severity
}

// expand replaces {{Column}} placeholders; unknown columns are kept as
// written, as Sentinel does.
func (r *Result) expand(f string, b *column.Batch, i int) string {
	return strings.TrimSpace(placeholder.ReplaceAllStringFunc(f, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if c := r.Schema.Index(name); c >= 0 {
			return format.CellText(b.Cols[c], i)
		}
		return m
	}))
}
