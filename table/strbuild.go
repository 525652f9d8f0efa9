package table

import "github.com/quarryhunt/quarry/column"

// strBuilder accumulates one batch of a string (or guid) column. It
// dictionary-encodes while the values stay low-cardinality (at most a
// quarter of the batch distinct), which lets string kernels work once per
// distinct value, and falls back to a plain arena otherwise.
type strBuilder struct {
	dict  map[string]uint32
	dstrs *column.Strings // distinct values, in first-seen order
	codes []uint32
	plain *column.Strings // non-nil once the column is not worth encoding
}

func newStrBuilder() *strBuilder {
	return &strBuilder{dict: map[string]uint32{}, dstrs: column.NewStrings(64, 1024), codes: make([]uint32, 0, 256)}
}

func (b *strBuilder) append(s string) {
	if b.plain != nil {
		b.plain.Append(s)
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
		b.dict[s] = code
		b.dstrs.Append(s)
	}
	b.codes = append(b.codes, code)
}

func (b *strBuilder) len() int {
	if b.plain != nil {
		return b.plain.Len()
	}
	return len(b.codes)
}

func (b *strBuilder) toPlain() {
	n := len(b.codes)
	p := column.NewStrings(n+256, n*16)
	for _, c := range b.codes {
		p.Append(b.dstrs.At(int(c)))
	}
	b.plain = p
	b.dict, b.dstrs, b.codes = nil, nil, nil
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
