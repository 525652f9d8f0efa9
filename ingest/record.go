package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/value"
)

// route says which table a file's rows go to.
type route struct {
	format string // FormatAuto, FormatDefender, FormatLA or FormatJSONL (JSON input)
	forced string // --table: every row goes there
	folder string // the table an am-<Table> folder names
	file   string // the known table the file is named after
}

// chunkResult is what a worker made of a chunk.
type chunkResult struct {
	parts   []*part
	byTable map[string]*part
	bad     []badRecord
	err     error // the first bad record, when bad records fail the file
	noTable bool  // the chunk's first record names no table (checked on a file's first chunk)
	records int64
}

// badRecord is a malformed record: where, why, and its text (for the
// quarantine).
type badRecord struct {
	line int
	msg  string
	text []byte
}

func (r *chunkResult) part(def *tableDef, text bool, reg *registry) *part {
	if p := r.byTable[def.name]; p != nil {
		return p
	}
	p := newPart(def, text, reg.hint(def.name))
	if r.byTable == nil {
		r.byTable = map[string]*part{}
	}
	r.byTable[def.name] = p
	r.parts = append(r.parts, p)
	return p
}

// recordError is a problem with one record (not with the JSON syntax).
type recordError struct {
	off int // where the record starts in the unit
	msg string
}

func (e *recordError) Error() string { return e.msg }

// jsonWorker converts units of JSON input (lines, or the records of a
// JSON document) into parts. One per worker goroutine.
type jsonWorker struct {
	rt      *route
	reg     *registry
	skipBad bool
	path    string

	res   *chunkResult
	defs  map[string]*tableDef // this chunk's view of the registry
	names map[string]string    // table name in the data -> canonical

	b     []byte // the unit
	line  int    // the unit's first line
	sc    scanner
	buf   []byte
	first bool // the next record is the chunk's first

	// Scratch reused from record to record, by nesting depth (records
	// nest at most three deep: array, envelope, record).
	recs [4]recordScan
	els  [4][]span
}

// scratch returns the record scan of a depth, emptied.
func (w *jsonWorker) scratch(depth int) *recordScan {
	if depth >= len(w.recs) {
		return &recordScan{}
	}
	r := &w.recs[depth]
	r.top, r.props, r.hasPr = r.top[:0], r.props[:0], false
	return r
}

// elements scans the array at the scan position, reusing the element
// list of its depth.
func (w *jsonWorker) elements(depth int) ([]span, error) {
	if depth >= len(w.els) {
		return w.sc.elements(nil, depth)
	}
	els, err := w.sc.elements(w.els[depth][:0], depth)
	w.els[depth] = els
	return els, err
}

func newJSONWorker(rt *route, reg *registry, path string, skipBad bool) *jsonWorker {
	return &jsonWorker{rt: rt, reg: reg, path: path, skipBad: skipBad, names: map[string]string{}}
}

// chunk converts one chunk of units.
func (w *jsonWorker) chunk(c *chunk) *chunkResult {
	w.res = &chunkResult{}
	w.defs = map[string]*tableDef{}
	w.first = true
	for i := range c.lines {
		lo := 0
		if i > 0 {
			lo = c.ends[i-1]
		}
		w.unit(c.data[lo:c.ends[i]], c.lines[i], c.depth[i])
		if w.res.err != nil {
			break
		}
	}
	for _, p := range w.res.parts {
		p.finish()
	}
	res := w.res
	w.res, w.b, w.sc, w.defs = nil, nil, scanner{}, nil
	return res
}

// unit converts one unit: a line of JSON lines, or one value of a JSON
// document (depth says whether it is an element of an array or records
// envelope). A unit that is not valid JSON is one bad record.
func (w *jsonWorker) unit(b []byte, line, depth int) {
	// Any Unicode white space around a line is dropped (as the --table
	// loader does); JSON itself allows only four kinds.
	b = bytes.TrimSpace(b)
	w.b, w.line = b, line
	w.sc = scanner{b: b}
	w.sc.ws()
	if w.sc.i == len(b) {
		return // a blank line
	}
	start := w.sc.i
	switch b[start] {
	case '{':
		r := w.scratch(depth)
		if err := w.scanRecord(r, depth); err != nil {
			w.bad(err, start)
			return
		}
		if err := w.trailing(); err != nil {
			w.bad(err, start)
			return
		}
		w.record(r, start, depth)
	case '[':
		if depth >= 1 {
			w.bad(&recordError{start, "expected a JSON object (one record), found an array inside an array"}, start)
			return
		}
		els, err := w.elements(depth)
		if err == nil {
			err = w.trailing()
		}
		if err != nil {
			w.bad(err, start)
			return
		}
		for _, el := range els {
			w.element(el, depth+1)
			if w.res.err != nil {
				return
			}
		}
	default:
		v, err := w.sc.value(depth)
		if err == nil {
			err = w.trailing()
		}
		if err == nil {
			err = &recordError{start, "expected a JSON object (one record), found " + kindName(v.kind)}
		}
		w.bad(err, start)
	}
}

func (w *jsonWorker) trailing() error {
	w.sc.ws()
	if w.sc.i != len(w.b) {
		return w.sc.fail("unexpected %s after the JSON value", w.sc.what())
	}
	return nil
}

// element converts an already validated value of an array or envelope.
func (w *jsonWorker) element(el span, depth int) {
	start := int(el.lo)
	switch el.kind {
	case kObject:
		w.sc = scanner{b: w.b, i: start}
		r := w.scratch(depth)
		if err := w.scanRecord(r, depth); err != nil {
			w.bad(err, start) // cannot happen: validated
			return
		}
		w.record(r, start, depth)
	case kArray:
		w.bad(&recordError{start, "expected a JSON object (one record), found an array inside an array"}, start)
	default:
		w.bad(&recordError{start, "expected a JSON object (one record), found " + kindName(el.kind)}, start)
	}
}

func kindName(k byte) string {
	switch k {
	case kNull:
		return "null"
	case kTrue, kFalse:
		return "a bool"
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kArray:
		return "an array"
	}
	return "an object"
}

// recordScan is a record object's members, with the members of its
// "properties" object scanned in the same pass (a streaming-API record's
// row).
type recordScan struct {
	top   []member
	props []member
	hasPr bool // props holds the last "properties" object
}

func (w *jsonWorker) scanRecord(r *recordScan, depth int) error {
	s := &w.sc
	if depth >= maxDepth {
		return s.fail("nesting deeper than %d", maxDepth)
	}
	s.i++ // {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return nil
	}
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return s.fail("expected a property name, found %s", s.what())
		}
		lo, hi, esc, err := s.str()
		if err != nil {
			return err
		}
		if err := s.colon(); err != nil {
			return err
		}
		key := span{kind: kString, esc: esc, lo: int32(lo), hi: int32(hi)}
		var v span
		s.ws()
		if !esc && string(s.b[lo:hi]) == "properties" && s.i < len(s.b) && s.b[s.i] == '{' {
			start := s.i
			r.props, err = s.members(r.props[:0], depth+1)
			r.hasPr = err == nil
			v = span{kind: kObject, lo: int32(start), hi: int32(s.i)}
		} else {
			v, err = s.value(depth + 1)
		}
		if err != nil {
			return err
		}
		r.top = append(r.top, member{key: key, val: v})
		s.ws()
		if s.i >= len(s.b) {
			return s.fail("unterminated object")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or '}' in an object, found %s", s.what())
		}
	}
}

// lookup finds the last value of key among ms (duplicate keys keep the
// last value, as in parse_json).
func (w *jsonWorker) lookup(ms []member, key string) (span, bool) {
	for i := len(ms) - 1; i >= 0; i-- {
		if w.keyIs(ms[i].key, key) {
			return ms[i].val, true
		}
	}
	return span{}, false
}

func (w *jsonWorker) keyIs(k span, key string) bool {
	if !k.esc {
		return string(w.b[k.lo:k.hi]) == key
	}
	return string(unescape(nil, w.b[k.lo:k.hi])) == key
}

// keyString is a member's key, aliasing the unit when it has no escapes.
func (w *jsonWorker) keyString(k span) string {
	if !k.esc {
		return bytesString(w.b[k.lo:k.hi])
	}
	return string(unescape(nil, w.b[k.lo:k.hi]))
}

// str is a string span's contents; it aliases the unit or w.buf.
func (w *jsonWorker) str(v span) string {
	if !v.esc {
		return bytesString(w.b[v.lo:v.hi])
	}
	w.buf = unescape(w.buf[:0], w.b[v.lo:v.hi])
	return bytesString(w.buf)
}

// uniqueKeys counts distinct keys (a records envelope has at most three).
func (w *jsonWorker) uniqueKeys(ms []member) int {
	n := 0
	for i := range ms {
		dup := false
		for j := 0; j < i; j++ {
			if w.sameKey(ms[i].key, ms[j].key) {
				dup = true
				break
			}
		}
		if !dup {
			n++
		}
	}
	return n
}

func (w *jsonWorker) sameKey(a, b span) bool {
	if !a.esc && !b.esc {
		return bytes.Equal(w.b[a.lo:a.hi], w.b[b.lo:b.hi])
	}
	return w.keyString(a) == w.keyString(b)
}

// envelopeKeys are the keys that make an object with "properties" a
// streaming-API (or diagnostic log) record rather than a flat row.
var envelopeKeys = []string{"category", "time", "tenantId", "operationName"}

// record routes one record: a records envelope (its records), a
// streaming-API record (its properties), or a flat row.
func (w *jsonWorker) record(r *recordScan, start, depth int) {
	end := w.sc.i
	if recs, ok := w.lookup(r.top, "records"); ok && recs.kind == kArray && depth < 2 && w.uniqueKeys(r.top) <= 3 {
		w.sc = scanner{b: w.b, i: int(recs.lo)}
		els, err := w.elements(depth + 1)
		if err != nil {
			w.bad(err, start) // cannot happen: validated
			return
		}
		for _, el := range els {
			w.element(el, depth+1)
			if w.res.err != nil {
				return
			}
		}
		return
	}
	row := r.top
	envelope := false
	if pv, ok := w.lookup(r.top, "properties"); ok && pv.kind == kObject {
		if !r.hasPr { // an escaped key: scan the object now
			w.sc = scanner{b: w.b, i: int(pv.lo)}
			r.props, _ = w.sc.members(r.props[:0], depth+1)
		}
		for _, k := range envelopeKeys {
			if _, ok := w.lookup(r.top, k); ok {
				envelope = true
				break
			}
		}
	}
	var table string
	switch {
	case envelope:
		row = r.props
		if w.rt.format == FormatLA || w.rt.format == FormatJSONL {
			w.bad(&recordError{start, fmt.Sprintf("expected a flat row (--format %s), found a streaming-API record {\"category\",\"properties\":{...}}; use --format defender or auto", w.rt.format)}, start)
			return
		}
		if w.rt.forced != "" {
			table = w.rt.forced
			break
		}
		cat, ok := w.lookup(r.top, "category")
		if !ok || cat.kind != kString {
			if table = w.rt.table(); table != "" {
				break
			}
			w.noTable(start, "the record has no \"category\" naming its table (\"AdvancedHunting-<Table>\")")
			return
		}
		c := w.str(cat)
		const prefix = "AdvancedHunting-"
		if len(c) <= len(prefix) || !strings.EqualFold(c[:len(prefix)], prefix) {
			w.bad(&recordError{start, fmt.Sprintf("category %q does not name an advanced hunting table (\"AdvancedHunting-<Table>\"); give --table NAME to load such records", c)}, start)
			return
		}
		table = c[len(prefix):]
	default:
		if w.rt.format == FormatDefender {
			w.bad(&recordError{start, "not a streaming-API record: expected {\"category\":\"AdvancedHunting-<Table>\",\"properties\":{...}}"}, start)
			return
		}
		switch {
		case w.rt.forced != "":
			table = w.rt.forced
		case w.rt.folder != "":
			table = w.rt.folder
		default:
			if t, ok := w.lookup(row, "Type"); ok && t.kind == kString && w.rt.format != FormatJSONL {
				table = w.str(t)
			} else if w.rt.file != "" {
				table = w.rt.file
			} else {
				w.noTable(start, "the row names no table: it has no \"Type\" column (Log Analytics export) and is not a streaming-API record")
				return
			}
		}
	}
	def, err := w.def(table)
	if err != nil {
		w.bad(&recordError{start, err.Error()}, start)
		return
	}
	w.first = false
	w.res.records++
	w.addRow(def, row, int64(end-start))
}

func (w *jsonWorker) noTable(start int, why string) {
	if w.first {
		w.res.noTable = true
	}
	w.bad(&recordError{start, "cannot tell which table this record belongs to: " + why + "; give --table NAME"}, start)
}

// def returns the chunk's definition of a table named in the data.
func (w *jsonWorker) def(name string) (*tableDef, error) {
	canon, ok := w.names[name]
	if !ok {
		if !validTableName(name) {
			return nil, fmt.Errorf("table name %q is not valid (letters, digits and '_')", name)
		}
		canon = w.reg.canonical(name)
		w.names[strings.Clone(name)] = canon
	}
	d := w.defs[canon]
	if d == nil {
		d = w.reg.def(canon)
		w.defs[canon] = d
	}
	return d, nil
}

// bad records a malformed record: with skip, it goes to the quarantine;
// otherwise it fails the chunk (and the file).
func (w *jsonWorker) bad(err error, start int) {
	w.first = false
	off := start
	msg := err.Error()
	switch e := err.(type) {
	case *syntaxError:
		off = e.off
	case *recordError:
		off = e.off
	}
	line := w.line + bytes.Count(w.b[:min(off, len(w.b))], []byte{'\n'})
	if !w.skipBad {
		w.res.err = fmt.Errorf("%s:%d: %s", w.path, line, msg)
		return
	}
	text := w.b[start:]
	if se, ok := err.(*recordError); ok {
		// Only the record itself: find its end.
		s := scanner{b: w.b, i: se.off}
		if _, err := s.value(0); err == nil {
			text = w.b[se.off:s.i]
		}
	}
	w.res.bad = append(w.res.bad, badRecord{line: line, msg: msg, text: bytes.Clone(bytes.TrimSpace(text))})
}

// addRow converts one row's members into the table's part.
func (w *jsonWorker) addRow(def *tableDef, ms []member, size int64) {
	p := w.res.part(def, false, w.reg)
	p.bytes += size
	for i := range ms {
		m := &ms[i]
		if m.key.lo == m.key.hi {
			// A column needs a name: a property named "" is dropped.
			p.unnamed++
			continue
		}
		col := p.columnAt(i, w.keyString(m.key))
		sl := &p.slots[col]
		if sl.set {
			// The same key again: its last value counts (parse_json);
			// another key of the same column (case, Timestamp for
			// TimeGenerated): the first.
			if w.sameKey(sl.key, m.key) {
				sl.v = m.val
			}
			continue
		}
		sl.set, sl.key, sl.v = true, m.key, m.val
		p.touched = append(p.touched, col)
	}
	if def.ts >= 0 && def.tg >= 0 {
		ts, tg := &p.slots[def.ts], &p.slots[def.tg]
		switch {
		case !ts.set && tg.set && tg.v.kind != kNull:
			*ts = *tg
			p.touched = append(p.touched, def.ts)
		case !tg.set && ts.set && ts.v.kind != kNull:
			*tg = *ts
			p.touched = append(p.touched, def.tg)
		}
	}
	for i, c := range p.cols {
		sl := &p.slots[i]
		if !sl.set {
			c.null()
			continue
		}
		if !w.put(c, sl.v) && !p.countFail(i) {
			p.noteFail(i, w.line+bytes.Count(w.b[:sl.v.lo], []byte{'\n'}), w.text(sl.v))
		}
	}
	for k, e := range p.extra {
		sl := &p.slots[len(p.cols)+k]
		if sl.set {
			e.vals = append(e.vals, w.raw(sl.v))
		}
	}
	for _, i := range p.touched {
		p.slots[i] = slot{}
	}
	p.touched = p.touched[:0]
	p.endRow()
}

// put converts one value into a schema column.
func (w *jsonWorker) put(c *colBuf, v span) bool {
	switch v.kind {
	case kNull:
		c.null()
		return true
	case kString:
		return c.putString(w.str(v), false)
	case kNumber:
		t := w.b[v.lo:v.hi]
		if n, ok := simpleInt(t); ok {
			return c.putInt(n)
		}
		return c.putBoxed(parseNumber(t), false)
	case kTrue:
		return c.putBoxed(true, false)
	case kFalse:
		return c.putBoxed(false, false)
	}
	x, err := value.ParseJSONBytes(w.b[v.lo:v.hi])
	if err != nil { // cannot happen: validated
		c.null()
		return false
	}
	return c.putBoxed(x, false)
}

// raw keeps a value of a column the schema lacks.
func (w *jsonWorker) raw(v span) raw {
	if v.kind == kNull {
		return raw{kind: kNull}
	}
	if v.kind == kString {
		return raw{kind: kString, s: strings.Clone(w.str(v))}
	}
	return raw{kind: v.kind, s: string(w.b[v.lo:v.hi])}
}

// text is a value as the input wrote it (for messages).
func (w *jsonWorker) text(v span) string {
	if v.kind == kString {
		return `"` + string(w.b[v.lo:v.hi]) + `"`
	}
	return string(w.b[v.lo:v.hi])
}
