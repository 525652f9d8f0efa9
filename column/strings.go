package column

import "unsafe"

// Strings is string storage for a vector: one byte arena with offsets, or
// a dictionary of distinct strings plus one code per row. Kernels that are
// costly per string (contains, has, regex, tolower) evaluate a dictionary
// once per distinct value instead of once per row; see MapDict.
type Strings struct {
	Data []byte
	Offs []uint32 // len = rows+1 when not dictionary-encoded

	Dict  *Strings // when non-nil, row i is Dict.At(Codes[i])
	Codes []uint32
}

// Len returns the number of rows.
func (s *Strings) Len() int {
	if s.Dict != nil {
		return len(s.Codes)
	}
	if len(s.Offs) == 0 {
		return 0
	}
	return len(s.Offs) - 1
}

// At returns row i without copying; the string aliases the arena.
func (s *Strings) At(i int) string {
	if s.Dict != nil {
		return s.Dict.At(int(s.Codes[i]))
	}
	lo, hi := s.Offs[i], s.Offs[i+1]
	if lo == hi {
		return ""
	}
	return unsafe.String(&s.Data[lo], int(hi-lo))
}

// NewStrings returns empty plain storage with room for n rows and b bytes.
func NewStrings(n, b int) *Strings {
	s := &Strings{Data: make([]byte, 0, b), Offs: make([]uint32, 1, n+1)}
	return s
}

// Append adds one row to plain (non-dictionary) storage.
func (s *Strings) Append(x string) {
	s.Data = append(s.Data, x...)
	s.Offs = append(s.Offs, uint32(len(s.Data)))
}

// StringsOf builds plain storage from Go strings.
func StringsOf(xs ...string) *Strings {
	n := 0
	for _, x := range xs {
		n += len(x)
	}
	s := NewStrings(len(xs), n)
	for _, x := range xs {
		s.Append(x)
	}
	return s
}
