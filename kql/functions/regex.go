package functions

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Regex is a compiled Kusto regular expression (RE2 syntax, which is
// Go's) with a literal prefilter. Hunting queries mostly run patterns
// over strings that do not match; when every match must contain one of a
// few literal substrings, a byte search rejects such strings far faster
// than the regex engine. The methods that find matches check it first;
// the others are the plain regexp ones.
type Regex struct {
	*regexp.Regexp
	// any lists literals one of which every match contains; nil when no
	// such set is known.
	any []literal
	// lead is true when every match starts with the one literal of any
	// and the pattern looks at no context (anchors, word boundaries):
	// the search may then start at the literal's first occurrence.
	lead bool
}

// literal is a substring a match must contain; fold means ASCII
// case-insensitively, with s in lower case.
type literal struct {
	s    string
	fold bool
}

// MayMatch reports whether s contains one of the required literals, that
// is whether the regex can match s at all.
func (r *Regex) MayMatch(s string) bool { return r.from(s) >= 0 }

// from returns where in s a match can start at the earliest, or -1 when
// s lacks every required literal.
func (r *Regex) from(s string) int {
	if r.any == nil {
		return 0
	}
	for _, l := range r.any {
		var at int
		if l.fold {
			c0, c1 := l.s[0], l.s[0]
			if c0 >= 'a' && c0 <= 'z' {
				c1 = c0 - 'a' + 'A'
			}
			at = indexFoldASCII(s, l.s, c0, c1)
		} else {
			at = strings.Index(s, l.s)
		}
		if at >= 0 {
			if r.lead {
				return at
			}
			return 0
		}
	}
	return -1
}

// MatchString reports whether s contains a match.
func (r *Regex) MatchString(s string) bool {
	p := r.from(s)
	return p >= 0 && r.Regexp.MatchString(s[p:])
}

// FindStringIndex is regexp's, prefiltered.
func (r *Regex) FindStringIndex(s string) []int {
	p := r.from(s)
	if p < 0 {
		return nil
	}
	return shift(r.Regexp.FindStringIndex(s[p:]), p)
}

// FindStringSubmatchIndex is regexp's, prefiltered.
func (r *Regex) FindStringSubmatchIndex(s string) []int {
	p := r.from(s)
	if p < 0 {
		return nil
	}
	return shift(r.Regexp.FindStringSubmatchIndex(s[p:]), p)
}

// FindAllStringIndex is regexp's, prefiltered.
func (r *Regex) FindAllStringIndex(s string, n int) [][]int {
	p := r.from(s)
	if p < 0 {
		return nil
	}
	ms := r.Regexp.FindAllStringIndex(s[p:], n)
	for _, m := range ms {
		shift(m, p)
	}
	return ms
}

// FindAllStringSubmatchIndex is regexp's, prefiltered.
func (r *Regex) FindAllStringSubmatchIndex(s string, n int) [][]int {
	p := r.from(s)
	if p < 0 {
		return nil
	}
	ms := r.Regexp.FindAllStringSubmatchIndex(s[p:], n)
	for _, m := range ms {
		shift(m, p)
	}
	return ms
}

// shift moves match offsets found in s[p:] to offsets in s (-1, an
// unmatched group, stays).
func shift(m []int, p int) []int {
	if p == 0 {
		return m
	}
	for i, x := range m {
		if x >= 0 {
			m[i] = x + p
		}
	}
	return m
}

// regexCache holds compiled regular expressions by pattern, for patterns
// that arrive as data rather than constants.
var regexCache sync.Map

const regexCacheMax = 4096

var regexCacheLen int64
var regexCacheMu sync.Mutex

// CompileRegex compiles a Kusto regular expression, caching the result.
// The error says what is wrong with it.
func CompileRegex(pattern string) (*Regex, error) {
	if re, ok := regexCache.Load(pattern); ok {
		return re.(*Regex), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		return nil, fmt.Errorf("invalid regular expression %q: %s", pattern, msg)
	}
	r := &Regex{Regexp: re}
	if tree, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		tree = tree.Simplify()
		r.any = usable(required(tree))
		r.lead = len(r.any) == 1 && leads(tree, r.any[0]) && !looksAround(tree)
	}
	regexCacheMu.Lock()
	if regexCacheLen < regexCacheMax {
		key := strings.Clone(pattern)
		if _, loaded := regexCache.LoadOrStore(key, r); !loaded {
			regexCacheLen++
		}
	}
	regexCacheMu.Unlock()
	return r, nil
}

// required returns literals one of which every match of re contains, or
// nil when it finds none.
func required(re *syntax.Regexp) []literal {
	switch re.Op {
	case syntax.OpLiteral:
		return literalOf(re.Rune, re.Flags&syntax.FoldCase != 0)
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []literal
		for _, sub := range re.Sub {
			if c := required(sub); c != nil && (best == nil || better(c, best)) {
				best = c
			}
		}
		return best
	case syntax.OpAlternate:
		var all []literal
		for _, sub := range re.Sub {
			c := required(sub)
			if c == nil {
				return nil
			}
			all = append(all, c...)
		}
		return all
	}
	return nil
}

// better prefers fewer alternatives, then longer shortest literals.
func better(a, b []literal) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return shortest(a) > shortest(b)
}

func shortest(ls []literal) int {
	n := -1
	for _, l := range ls {
		if n < 0 || len(l.s) < n {
			n = len(l.s)
		}
	}
	return n
}

// literalOf returns the longest piece of a literal that a byte search
// decides exactly: a case-insensitive piece must be ASCII without k or s
// (which fold to the Kelvin sign and the long s), and no piece may hold
// U+FFFD, which also matches invalid UTF-8. Every piece of a required
// literal is required too.
func literalOf(rs []rune, fold bool) []literal {
	var best, cur []rune
	for _, r := range append(rs, utf8.RuneError) {
		ok := r != utf8.RuneError
		if fold {
			ok = ok && r < utf8.RuneSelf && unicode.ToLower(r) != 'k' && unicode.ToLower(r) != 's'
		}
		if ok {
			cur = append(cur, r)
			continue
		}
		if len(cur) > len(best) {
			best = append(best[:0], cur...)
		}
		cur = cur[:0]
	}
	if len(best) == 0 {
		return nil
	}
	s := string(best)
	if fold {
		s = strings.ToLower(s)
	}
	return []literal{{s: s, fold: fold}}
}

// usable drops a set with too many alternatives: they cost more than
// they save.
func usable(ls []literal) []literal {
	if len(ls) > 8 {
		return nil
	}
	return ls
}

// leads reports whether every match of re starts with the whole of
// literal l.
func leads(re *syntax.Regexp, l literal) bool {
	for re.Op == syntax.OpConcat || re.Op == syntax.OpCapture {
		if len(re.Sub) == 0 {
			return false
		}
		re = re.Sub[0]
	}
	if re.Op != syntax.OpLiteral {
		return false
	}
	whole := literalOf(re.Rune, re.Flags&syntax.FoldCase != 0)
	return len(whole) == 1 && whole[0] == l && utf8.RuneCountInString(l.s) == len(re.Rune)
}

// looksAround reports whether re has an empty-width assertion, whose
// outcome depends on the text before where a search starts.
func looksAround(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if looksAround(sub) {
			return true
		}
	}
	return false
}
