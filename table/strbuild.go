package table

import "github.com/quarryhunt/quarry/column"

// strBuilder accumulates one batch of a string (or guid) column. It
// dictionary-encodes while the values stay low-cardinality (at most a
// quarter of the batch distinct), which lets string kernels work once per
// distinct value, and falls back to a plain arena otherwise.
type strBuilder struct {
	// last is the previous row's value and code: logs repeat values row
	// after row (and empty strings most of all), which skips the map.
	last     string
	lastCode uint32
	haveLast bool

	dict  map[string]uint32
	dstrs *column.Strings // distinct values, in first-seen order
	codes []uint32
	plain *column.Strings // non-nil once the column is not worth encoding
}

func newStrBuilder() *strBuilder {
	return &strBuilder{dict: map[string]uint32{}, dstrs: column.NewStrings(64, 1024), codes: make([]uint32, 0, 1024)}
}

func (b *strBuilder) append(s string) {
	if b.plain != nil {
		b.plain.Append(s)
		return
	}
	if b.haveLast && s == b.last {
		b.codes = append(b.codes, b.lastCode)
		return
	}
	code, ok := b.dict[s]
	if !ok {
		if len(b.dict) >= column.BatchSize/4 {
			b.toPlain()
			b.plain.Append(s)
			return
		}
		code = uint32(len(b.dict))
		b.dstrs.Append(s)
		// Key the map by the arena copy: s may alias a reused buffer.
		b.dict[b.dstrs.At(int(code))] = code
	}
	b.codes = append(b.codes, code)
	b.last, b.lastCode, b.haveLast = b.dstrs.At(int(code)), code, true
}

func (b *strBuilder) toPlain() {
	n := len(b.codes)
	p := column.NewStrings(n+256, n*16)
	for _, c := range b.codes {
		p.Append(b.dstrs.At(int(c)))
	}
	b.plain = p
	b.dict, b.dstrs, b.codes, b.haveLast = nil, nil, nil, false
}

// build returns the storage: a dictionary when distinct values are at
// most a quarter of the rows, plain otherwise.
func (b *strBuilder) build() *column.Strings {
	if b.plain == nil && len(b.dict) > 1 && len(b.dict)*4 > len(b.codes) {
		b.toPlain()
	}
	if b.plain != nil {
		return b.plain
	}
	return &column.Strings{Dict: b.dstrs, Codes: b.codes}
}
