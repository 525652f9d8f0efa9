package phishing

import (
	"bufio"
	"os"
)

// SeedQuery is the founding hunting rule, whose findings truth.json
// lists.
const SeedQuery = `AlertInfo
| where Title contains "Potentially malicious" and Timestamp > ago (30d)
| join kind=inner (AlertEvidence| where EntityType == "MailMessage") on AlertId
| join UrlClickEvents on NetworkMessageId`

// CaseMalicious is truth.json's "case" of clicks on phishing mail.
const CaseMalicious = "phishing"

// truthWriter streams truth.json: a header, one click per line, and
// the counts at the end.
type truthWriter struct {
	f      *os.File
	w      *bufio.Writer
	n      int
	counts map[string]int
	b      []byte
}

func newTruthWriter(path string, header func(o *obj)) (*truthWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &truthWriter{f: f, w: bufio.NewWriterSize(f, 256<<10), counts: map[string]int{}}
	o := obj{b: []byte("{"), first: true}
	header(&o)
	o.key("clicks")
	o.b = append(o.b, "[\n"...)
	t.w.Write(o.b)
	return t, nil
}

// add writes the clicks of a message the rule finds. Rows of one click
// share a ReportId (a click-through repeats it); each ReportId is listed
// once with its row count.
func (t *truthWriter) add(tr *msgTrack, alertIDs []string) {
	for i, c := range tr.clicks {
		dup := false
		for _, p := range tr.clicks[:i] {
			dup = dup || p.reportID == c.reportID
		}
		if dup {
			continue
		}
		rows := 0
		for _, p := range tr.clicks {
			if p.reportID == c.reportID {
				rows++
			}
		}
		o := obj{b: t.b[:0], first: true}
		if t.n > 0 {
			o.b = append(o.b, ",\n"...)
		}
		o.b = append(o.b, '{')
		o.str("ReportId", c.reportID)
		o.str("NetworkMessageId", c.nmid)
		o.time("Timestamp", c.t)
		o.str("AccountUpn", c.upn)
		o.str("Url", c.url)
		o.str("ActionType", c.action)
		o.int("rows", int64(rows))
		o.bool("malicious", tr.malicious)
		o.str("case", tr.caseName)
		o.raw("AlertIds", []byte(jsonArray(alertIDs...)))
		o.b = append(o.b, '}')
		t.b = o.b
		t.w.Write(o.b)
		t.n++
		t.counts[tr.caseName]++
	}
}

// close writes the counts and closes the file.
func (t *truthWriter) close() error {
	o := obj{b: []byte("\n]"), first: false}
	o.key("counts")
	o.b = append(o.b, '{')
	o.first = true
	for _, name := range append([]string{CaseMalicious}, CaseNames[:]...) {
		o.int(name, int64(t.counts[name]))
	}
	o.b = append(o.b, '}')
	o.int("total", int64(t.n))
	o.b = append(o.b, "}\n"...)
	t.w.Write(o.b)
	err := t.w.Flush()
	if e := t.f.Close(); err == nil {
		err = e
	}
	return err
}
