package functions

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case-insensitive string matching as Kusto does it: two characters are
// equal ignoring case when their upper-case forms are equal (.NET's
// invariant ordinal-ignore-case). ASCII text takes byte-level fast paths
// that never allocate; other text is folded rune by rune.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func upperASCII(c byte) byte { return upperBytes[c] }

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// termBytes marks the bytes of Kusto terms; upperBytes maps bytes to
// ASCII upper case. Tables keep the per-byte loops branch-light.
var termBytes, upperBytes = func() (t [256]bool, u [256]byte) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		t[c] = ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9')
		u[c] = b
		if 'a' <= b && b <= 'z' {
			u[c] = b - 'a' + 'A'
		}
	}
	return
}()

// IsTermByte reports whether c belongs to a Kusto term: terms are maximal
// runs of ASCII letters and digits.
func IsTermByte(c byte) bool { return termBytes[c] }

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return rune(upperASCII(byte(r)))
	}
	return unicode.ToUpper(r)
}

// FoldKey returns the canonical case-folded form of s: equal keys mean
// the strings are equal ignoring case. It does not allocate when s is
// already folded.
func FoldKey(s string) string {
	ascii := true
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'a' <= c && c <= 'z' {
			clean = false
		}
	}
	if ascii {
		if clean {
			return s
		}
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			b[i] = upperASCII(s[i])
		}
		return string(b)
	}
	return strings.Map(foldRune, s)
}

// AppendFoldKey appends FoldKey(s) to dst.
func AppendFoldKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, upperASCII(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, foldRune(r))
		i += size
	}
	return dst
}

// EqualFold reports whether a and b are equal ignoring case.
func EqualFold(a, b string) bool {
	if len(a) == len(b) {
		i := 0
		for ; i < len(a); i++ {
			x, y := a[i], b[i]
			if x >= utf8.RuneSelf || y >= utf8.RuneSelf {
				break
			}
			if x != y && upperASCII(x) != upperASCII(y) {
				return false
			}
		}
		if i == len(a) {
			return true
		}
		a, b = a[i:], b[i:]
	}
	n, _, ok := foldPrefix(a, b)
	return ok && n == len(a)
}

// foldPrefix matches prefix against the start of s ignoring case and
// returns how many bytes of s matched (prefix may differ in byte length
// from the text it matches).
func foldPrefix(s, prefix string) (int, int, bool) {
	i, j := 0, 0
	for j < len(prefix) {
		if i >= len(s) {
			return 0, 0, false
		}
		c, d := s[i], prefix[j]
		if c < utf8.RuneSelf && d < utf8.RuneSelf {
			if c != d && upperASCII(c) != upperASCII(d) {
				return 0, 0, false
			}
			i++
			j++
			continue
		}
		r, rs := utf8.DecodeRuneInString(s[i:])
		q, qs := utf8.DecodeRuneInString(prefix[j:])
		if r != q && foldRune(r) != foldRune(q) {
			return 0, 0, false
		}
		i += rs
		j += qs
	}
	return i, j, true
}

// HasPrefixFold reports whether s starts with prefix ignoring case.
func HasPrefixFold(s, prefix string) bool {
	if isASCII(prefix) {
		if len(prefix) > len(s) {
			return false
		}
		return equalFoldASCII(s[:len(prefix)], prefix)
	}
	_, _, ok := foldPrefix(s, prefix)
	return ok
}

// HasSuffixFold reports whether s ends with suffix ignoring case.
func HasSuffixFold(s, suffix string) bool {
	if isASCII(suffix) {
		if len(suffix) > len(s) {
			return false
		}
		return equalFoldASCII(s[len(s)-len(suffix):], suffix)
	}
	// Non-ASCII: try every rune boundary whose remainder folds to suffix.
	for i := 0; i <= len(s); {
		if n, _, ok := foldPrefix(s[i:], suffix); ok && i+n == len(s) {
			return true
		}
		if i == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return false
}

// equalFoldASCII compares equal-length strings where b is ASCII.
func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(b); i++ {
		x, y := a[i], b[i]
		if x != y && upperASCII(x) != upperASCII(y) {
			return false
		}
	}
	return true
}

// Needle is a search string prepared once (at bind time for constants)
// for repeated case-insensitive or case-sensitive searches.
type Needle struct {
	s     string // as given
	cs    bool   // case-sensitive
	ascii bool
	lo    string // ASCII lower-case form (when ascii && !cs)
	// first byte and its other case, for the scan loop
	c0, c1 byte
	// term boundaries that a match needs (for has, hasprefix, hassuffix)
	termStart, termEnd bool
}

// NewNeedle prepares s for searching.
func NewNeedle(s string, caseSensitive bool) *Needle {
	n := &Needle{s: s, cs: caseSensitive, ascii: isASCII(s)}
	if n.ascii && !caseSensitive {
		b := []byte(s)
		for i := range b {
			b[i] = lowerASCII(b[i])
		}
		n.lo = string(b)
		if len(b) > 0 {
			n.c0 = b[0]
			n.c1 = upperASCII(b[0])
		}
	}
	if len(s) > 0 {
		n.termStart = IsTermByte(s[0])
		n.termEnd = IsTermByte(s[len(s)-1])
	}
	return n
}

// String returns the needle as given.
func (n *Needle) String() string { return n.s }

// Index returns the byte offset in s of the first match at or after from,
// and the match's length in s, or -1.
func (n *Needle) Index(s string, from int) (int, int) {
	if from > len(s) {
		return -1, 0
	}
	if n.cs {
		i := strings.Index(s[from:], n.s)
		if i < 0 {
			return -1, 0
		}
		return from + i, len(n.s)
	}
	if n.ascii {
		i := indexFoldASCII(s[from:], n.lo, n.c0, n.c1)
		if i < 0 {
			return -1, 0
		}
		return from + i, len(n.lo)
	}
	for i := from; i <= len(s); {
		if m, _, ok := foldPrefix(s[i:], n.s); ok {
			return i, m
		}
		if i == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return -1, 0
}

// Contains reports whether the needle occurs in s.
func (n *Needle) Contains(s string) bool {
	i, _ := n.Index(s, 0)
	return i >= 0
}

// HasPrefix reports whether s starts with the needle.
func (n *Needle) HasPrefix(s string) bool {
	switch {
	case n.cs:
		return strings.HasPrefix(s, n.s)
	case n.ascii:
		return len(s) >= len(n.lo) && equalFoldLower(s[:len(n.lo)], n.lo)
	}
	return HasPrefixFold(s, n.s)
}

// HasSuffix reports whether s ends with the needle.
func (n *Needle) HasSuffix(s string) bool {
	switch {
	case n.cs:
		return strings.HasSuffix(s, n.s)
	case n.ascii:
		return len(s) >= len(n.lo) && equalFoldLower(s[len(s)-len(n.lo):], n.lo)
	}
	return HasSuffixFold(s, n.s)
}

// Equal reports whether s equals the needle.
func (n *Needle) Equal(s string) bool {
	if n.cs {
		return s == n.s
	}
	if n.ascii {
		return len(s) == len(n.lo) && equalFoldASCII(s, n.lo)
	}
	return EqualFold(s, n.s)
}

// Term matching (has, hasprefix, hassuffix): s is cut into terms, maximal
// runs of ASCII letters and digits. A needle matches where it occurs in s
// and, at each end of the needle that is a term character, the text
// around the occurrence does not continue the term. So "North America"
// has "america" but not "amer"; a needle such as "c1db-4f9f" matches the
// two terms in sequence, and ".exe" needs only its end at a term end.

// Has reports whether the needle matches whole terms of s.
func (n *Needle) Has(s string) bool { return n.termMatch(s, true, true) }

// HasTermPrefix reports whether the needle is a prefix of a term of s.
func (n *Needle) HasTermPrefix(s string) bool { return n.termMatch(s, true, false) }

// HasTermSuffix reports whether the needle is a suffix of a term of s.
func (n *Needle) HasTermSuffix(s string) bool { return n.termMatch(s, false, true) }

func (n *Needle) termMatch(s string, start, end bool) bool {
	start = start && n.termStart
	end = end && n.termEnd
	for from := 0; from <= len(s); {
		i, m := n.Index(s, from)
		if i < 0 {
			return false
		}
		if (!start || i == 0 || !IsTermByte(s[i-1])) && (!end || i+m == len(s) || !IsTermByte(s[i+m])) {
			return true
		}
		from = i + 1
	}
	return false
}

// indexFoldASCII finds lo (ASCII, lower case) in s ignoring ASCII case.
// c0 and c1 are lo's first byte in lower and upper case.
func indexFoldASCII(s, lo string, c0, c1 byte) int {
	m := len(lo)
	if m == 0 {
		return 0
	}
	if m > len(s) {
		return -1
	}
	last := len(s) - m
	if c0 == c1 {
		for i := 0; i <= last; {
			j := strings.IndexByte(s[i:last+1], c0)
			if j < 0 {
				return -1
			}
			i += j
			if equalFoldLower(s[i+1:i+m], lo[1:]) {
				return i
			}
			i++
		}
		return -1
	}
	// Track the next occurrence of each case of the first byte so the
	// scan stays linear.
	n0, n1 := -1, -1
	for i := 0; i <= last; {
		if n0 < i && n0 != -2 {
			if j := strings.IndexByte(s[i:last+1], c0); j >= 0 {
				n0 = i + j
			} else {
				n0 = -2
			}
		}
		if n1 < i && n1 != -2 {
			if j := strings.IndexByte(s[i:last+1], c1); j >= 0 {
				n1 = i + j
			} else {
				n1 = -2
			}
		}
		var k int
		switch {
		case n0 == -2 && n1 == -2:
			return -1
		case n0 == -2:
			k = n1
		case n1 == -2:
			k = n0
		case n0 < n1:
			k = n0
		default:
			k = n1
		}
		if equalFoldLower(s[k+1:k+m], lo[1:]) {
			return k
		}
		i = k + 1
	}
	return -1
}

// equalFoldLower compares a with lo (ASCII lower case) ignoring ASCII case.
func equalFoldLower(a, lo string) bool {
	for i := 0; i < len(lo); i++ {
		if lowerASCII(a[i]) != lo[i] {
			return false
		}
	}
	return true
}
